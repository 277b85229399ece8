package discord

import (
	"context"
	"time"
)

// SetTimings shortens the adapter's waits for tests; call it before Run.
func SetTimings(a *Adapter, deferAfter, suggestWithin time.Duration) {
	a.deferAfter, a.suggestWithin = deferAfter, suggestWithin
}

// Idle waits until the adapter has nothing under way: every event it has
// read is answered (or ignored).
func Idle(ctx context.Context, a *Adapter) bool { return a.busy.wait(ctx) }
