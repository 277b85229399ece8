// Package eventcount counts what an adapter tells its adapters.Events, for
// the adapters' tests: the failed calls by kind, the reconnects, and a wait
// for those counts to reach what a test expects.
//
// It imports the standard library only, and only tests import it.
package eventcount

import (
	"maps"
	"sync"
	"testing"
	"time"
)

// Counter is an adapters.Events that counts; it is safe for concurrent use.
type Counter struct {
	mu         sync.Mutex
	failed     map[string]int
	reconnects int
	changed    chan struct{} // closed and renewed at every event
}

// New is a counter at zero.
func New() *Counter {
	return &Counter{failed: map[string]int{}, changed: make(chan struct{})}
}

// Failed counts a failed call of the kind what.
func (c *Counter) Failed(what string) { c.note(func() { c.failed[what]++ }) }

// Reconnected counts a reconnect.
func (c *Counter) Reconnected() { c.note(func() { c.reconnects++ }) }

func (c *Counter) note(change func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	change()
	close(c.changed)
	c.changed = make(chan struct{})
}

// Counts are the counts so far: the failed calls by kind, and the
// reconnects.
func (c *Counter) Counts() (failed map[string]int, reconnects int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.failed), c.reconnects
}

// Until waits up to d for cond over the counts, and fails the test, saying
// what it waited for, when they do not reach it.
func (c *Counter) Until(t testing.TB, d time.Duration, what string, cond func(failed map[string]int, reconnects int) bool) {
	t.Helper()
	deadline := time.After(d)
	for {
		c.mu.Lock()
		ok, changed := cond(c.failed, c.reconnects), c.changed
		c.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			failed, reconnects := c.Counts()
			t.Fatalf("timed out waiting for %s: failed %v, reconnects %d", what, failed, reconnects)
		}
	}
}
