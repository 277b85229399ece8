package telegram

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limits are how fast the bot may send, inside what Telegram allows: about
// one message a second into a chat with small bursts, twenty a minute into
// a group, thirty a second overall. A token bucket of rate r and burst b lets
// through at most b + r·T in any span T, so each rate leaves room for its
// burst.
type limits struct {
	chat, group, global   rate.Limit
	chatBurst, groupBurst int
	globalBurst           int
	idle                  time.Duration // a chat's buckets are forgotten after this
	chatCap               int           // and at most this many chats are remembered
	sweepEvery            int
}

var defaultLimits = limits{
	chat:        1, // a second
	chatBurst:   3,
	group:       rate.Every(time.Minute / 17), // 3 + 17 = 20 in any minute
	groupBurst:  3,
	global:      24, // 1 + 24 = 25 in any second
	globalBurst: 1,
	idle:        10 * time.Minute,
	chatCap:     100_000,
	sweepEvery:  1000,
}

// pacer holds outgoing messages to the limits. A message takes a token from
// every bucket it is counted in at the same instant, or waits until each has
// one: so no bucket counts a message at a time other than when it was sent.
type pacer struct {
	lim   limits
	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	mu     sync.Mutex
	global *rate.Limiter
	chats  map[uint64]*chatPace
	calls  int
}

type chatPace struct {
	lim  *rate.Limiter
	seen time.Time
}

func newPacer(l limits, now func() time.Time, sleep func(context.Context, time.Duration) error) *pacer {
	return &pacer{lim: l, now: now, sleep: sleep, global: rate.NewLimiter(l.global, l.globalBurst), chats: make(map[uint64]*chatPace)}
}

// wait blocks until a message may be sent into chat (a key, not the chat's
// id; 0 for calls that are counted overall only, such as answering an
// inline query), or ctx is done.
func (p *pacer) wait(ctx context.Context, chat uint64, group bool) error {
	for {
		d := p.take(chat, group)
		if d == 0 {
			return nil
		}
		if err := p.sleep(ctx, d); err != nil {
			return err
		}
	}
}

// take takes a token from each bucket and returns 0, or takes none and
// returns how long to wait before trying again.
func (p *pacer) take(chat uint64, group bool) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	buckets := []*rate.Limiter{p.global}
	if chat != 0 {
		c := p.chat(chat, group, now)
		buckets = append(buckets, c.lim)
		if group {
			// A group is held to both its per-minute and per-second pace;
			// the per-second bucket lives beside it under another key.
			buckets = append(buckets, p.chat(chat^groupSalt, false, now).lim)
		}
	}
	var wait time.Duration
	for _, b := range buckets {
		if t := b.TokensAt(now); t < 1 {
			d := time.Duration((1-t)/float64(b.Limit())*float64(time.Second)) + time.Millisecond
			wait = max(wait, d)
		}
	}
	if wait > 0 {
		return wait
	}
	for _, b := range buckets {
		b.AllowN(now, 1)
	}
	return 0
}

// groupSalt keeps a group's per-second bucket apart from its per-minute one.
const groupSalt = 0x9e3779b97f4a7c15

// chat returns a chat's bucket, forgetting idle chats now and then so that
// the map stays small.
func (p *pacer) chat(key uint64, group bool, now time.Time) *chatPace {
	p.calls++
	if p.calls%p.lim.sweepEvery == 0 || len(p.chats) >= p.lim.chatCap {
		for k, c := range p.chats {
			if now.Sub(c.seen) > p.lim.idle || len(p.chats) >= p.lim.chatCap {
				delete(p.chats, k)
			}
		}
	}
	c, ok := p.chats[key]
	if !ok {
		if group {
			c = &chatPace{lim: rate.NewLimiter(p.lim.group, p.lim.groupBurst)}
		} else {
			c = &chatPace{lim: rate.NewLimiter(p.lim.chat, p.lim.chatBurst)}
		}
		p.chats[key] = c
	}
	c.seen = now
	return c
}
