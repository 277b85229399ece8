package limit

import (
	"context"
	"testing"
	"time"

	"citebot/adapters"
)

// TestRateLimitOneNoticeThenSilence: an asker over the limit gets one polite
// notice, then nothing, and may ask again once the limit allows; other askers
// are not affected, and the console is never limited.
func TestRateLimitOneNoticeThenSilence(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	l := New(3)
	l.now = func() time.Time { return now }
	answered := 0
	h := l.Middleware(adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		answered++
		return adapters.Reply{Answered: true}, nil
	}))
	ask := func(asker, adapter string) adapters.Reply {
		t.Helper()
		r, err := h.Handle(context.Background(), adapters.Request{Adapter: adapter, Asker: asker, Text: "q"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for i := range 3 {
		if r := ask("a", "telegram"); !r.Answered {
			t.Fatalf("question %d within the limit was not answered", i+1)
		}
	}
	if r := ask("a", "telegram"); r.Silent || r.Answered || len(r.Blocks) == 0 {
		t.Fatalf("first question over the limit: got %+v, want one notice", r)
	}
	for range 5 {
		if r := ask("a", "telegram"); !r.Silent {
			t.Fatalf("later question over the limit: got %+v, want silence", r)
		}
	}
	if r := ask("b", "telegram"); !r.Answered {
		t.Fatal("another asker was limited too")
	}
	for range 10 {
		if r := ask("console", "console"); !r.Answered {
			t.Fatal("the console was limited")
		}
	}
	now = now.Add(20 * time.Second) // one question a 20 s at 3 a minute
	if r := ask("a", "telegram"); !r.Answered {
		t.Fatal("the asker could not ask again once the limit allowed")
	}
	if answered != 3+1+10+1 {
		t.Errorf("handler ran %d times, want %d", answered, 15)
	}
}

// TestRateLimitForgetsIdleAskers: no entry outlives askerIdle.
func TestRateLimitForgetsIdleAskers(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	l := New(6)
	l.now = func() time.Time { return now }
	l.allow("a")
	now = now.Add(2 * askerIdle)
	l.allow("b")
	if _, ok := l.askers["a"]; ok {
		t.Error("an idle asker is still remembered")
	}
}
