package discord

import (
	"context"
	"time"
)

// SetSleep replaces the waits between attempts to reach Discord at start.
func SetSleep(a *Adapter, sleep func(context.Context, time.Duration) error) { a.sleep = sleep }
