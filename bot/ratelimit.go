package main

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"citebot/adapters"
)

// rateLimiter holds each asker to a number of questions a minute, in memory
// only: an asker's entry is forgotten once it has been idle for a while.
type rateLimiter struct {
	perMinute int
	now       func() time.Time

	onLimit func(adapter string) // told of every refused request, for metrics

	mu      sync.Mutex
	askers  map[string]*asker
	lastGC  time.Time
	enabled bool
}

type asker struct {
	lim      *rate.Limiter
	seen     time.Time
	notified bool // has had the "please slow down" notice since last allowed
}

// askerIdle is how long an asker's entry is kept after its last message.
const askerIdle = 10 * time.Minute

func newRateLimiter(perMinute int) *rateLimiter {
	return &rateLimiter{perMinute: perMinute, now: time.Now, askers: make(map[string]*asker), enabled: perMinute > 0}
}

// allow tells whether key may ask now, and whether it should be told (once)
// that it may not.
func (l *rateLimiter) allow(key string) (ok, notify bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.lastGC) > askerIdle {
		for k, a := range l.askers {
			if now.Sub(a.seen) > askerIdle {
				delete(l.askers, k)
			}
		}
		l.lastGC = now
	}
	a, found := l.askers[key]
	if !found {
		every := time.Minute / time.Duration(l.perMinute)
		a = &asker{lim: rate.NewLimiter(rate.Every(every), l.perMinute)}
		l.askers[key] = a
	}
	a.seen = now
	if a.lim.AllowN(now, 1) {
		a.notified = false
		return true, false
	}
	notify = !a.notified
	a.notified = true
	return false, notify
}

// limited commands are the ones that answer questions; menus, help,
// feedback and the fact cards of inline queries and autocomplete (sent as
// people type; the platforms pace those) stay free.
var limited = map[string]bool{"": true, "ask": true, "fact": true}

// middleware answers an asker over the limit with one polite notice, then
// silence until the limit lets it ask again. The console, a trusted
// terminal, is not limited.
func (l *rateLimiter) middleware() Middleware {
	return func(next adapters.Handler) adapters.Handler {
		return adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			if !l.enabled || req.Adapter == "console" || req.Asker == "" || !limited[req.Command] {
				return next.Handle(ctx, req)
			}
			ok, notify := l.allow(req.Asker)
			if !ok && l.onLimit != nil {
				l.onLimit(req.Adapter)
			}
			switch {
			case ok:
				return next.Handle(ctx, req)
			case notify:
				return notice("You are asking faster than I can answer. Please wait a minute, then ask again."), nil
			}
			return adapters.Reply{Silent: true}, nil
		})
	}
}
