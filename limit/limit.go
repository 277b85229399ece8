// Package limit holds each asker to a number of questions a minute, in
// memory only, as handler middleware: one polite notice over the limit, then
// silence until the asker may ask again.
//
// It imports the standard library, golang.org/x/time/rate and
// citebot/adapters.
package limit

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"citebot/adapters"
)

// Limiter holds each asker to a number of questions a minute, in memory
// only: an asker's entry is forgotten once it has been idle for a while.
type Limiter struct {
	perMinute int
	now       func() time.Time

	// OnLimit, when set, is told of every refused request (for metrics).
	OnLimit func(adapter string)
	// Notice, when set, words the notice for req in the asker's language
	// (the text, and its language's BCP 47 tag); else it is Notice.
	Notice func(req adapters.Request) (text, lang string)

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

// New returns a limiter of perMinute questions a minute per asker; 0 or
// less limits no one.
func New(perMinute int) *Limiter {
	return &Limiter{perMinute: perMinute, now: time.Now, askers: make(map[string]*asker), enabled: perMinute > 0}
}

// SetClock makes the limiter read the time from now (tests freeze it).
func (l *Limiter) SetClock(now func() time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.now = now
}

// allow tells whether key may ask now, and whether it should be told (once)
// that it may not.
func (l *Limiter) allow(key string) (ok, notify bool) {
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

// Notice is what an asker over the limit is told, once.
const Notice = "You are asking faster than I can answer. Please wait a minute, then ask again."

// limited commands are the ones that answer questions; menus, help,
// feedback and the fact cards of inline queries and autocomplete (sent as
// people type; the platforms pace those) stay free.
var limited = map[string]bool{"": true, "ask": true, "fact": true}

// Middleware answers an asker over the limit with one polite notice, then
// silence until the limit lets it ask again. The console, a trusted
// terminal, is not limited.
func (l *Limiter) Middleware(next adapters.Handler) adapters.Handler {
	return adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		if !l.enabled || req.Adapter == "console" || req.Asker == "" || !limited[req.Command] {
			return next.Handle(ctx, req)
		}
		ok, notify := l.allow(req.Asker)
		if !ok && l.OnLimit != nil {
			l.OnLimit(req.Adapter)
		}
		switch {
		case ok:
			return next.Handle(ctx, req)
		case notify && l.Notice != nil:
			text, lang := l.Notice(req)
			return adapters.Reply{Lang: lang, Blocks: []adapters.Block{{Kind: adapters.Text, Text: text}}}, nil
		case notify:
			return adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Text, Text: Notice}}}, nil
		}
		return adapters.Reply{Silent: true}, nil
	})
}
