package telegram

import (
	"context"
	"net/url"
	"sort"
	"testing"
	"time"

	"citebot/adapters"
)

// clock is a fake clock that waiting moves forward.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }
func (c *clock) sleep(_ context.Context, d time.Duration) error {
	c.now = c.now.Add(d)
	return nil
}

// sendTimes sends n messages, one after another, into the chats chatOf
// gives, and returns when each went out.
func sendTimes(t *testing.T, n int, chatOf func(i int) (uint64, bool)) []time.Time {
	t.Helper()
	c := &clock{now: time.Date(2025, 12, 16, 12, 0, 0, 0, time.UTC)}
	p := newPacer(defaultLimits, c.Now, c.sleep)
	var out []time.Time
	for i := range n {
		chat, group := chatOf(i)
		if err := p.wait(context.Background(), chat, group); err != nil {
			t.Fatal(err)
		}
		out = append(out, c.now)
	}
	return out
}

// most is the most sends in any span of length d.
func most(times []time.Time, d time.Duration) int {
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	best := 0
	for i := range times {
		j := i
		for j < len(times) && times[j].Sub(times[i]) < d {
			j++
		}
		best = max(best, j-i)
	}
	return best
}

func TestPacingKeepsInsideTelegramLimits(t *testing.T) {
	t.Run("one private chat: about one a second, small bursts", func(t *testing.T) {
		times := sendTimes(t, 30, func(int) (uint64, bool) { return 7, false })
		if n := most(times, time.Second); n > 3 {
			t.Errorf("%d messages in one second into one chat", n)
		}
		if n := most(times, 10*time.Second); n > 13 {
			t.Errorf("%d messages in ten seconds into one chat, want about one a second", n)
		}
		if d := times[2].Sub(times[0]); d > 100*time.Millisecond {
			t.Errorf("the first three messages took %v: a short burst should go at once", d)
		}
	})
	t.Run("one group: at most 20 a minute", func(t *testing.T) {
		times := sendTimes(t, 60, func(int) (uint64, bool) { return 9, true })
		if n := most(times, time.Minute); n > 20 {
			t.Errorf("%d messages in one minute into one group", n)
		}
		if n := most(times, time.Second); n > 3 {
			t.Errorf("%d messages in one second into one group", n)
		}
		if d := times[len(times)-1].Sub(times[0]); d > 4*time.Minute {
			t.Errorf("60 messages took %v: slower than the limit needs", d)
		}
	})
	t.Run("many chats: at most 25 a second overall", func(t *testing.T) {
		times := sendTimes(t, 200, func(i int) (uint64, bool) { return uint64(i + 1), i%2 == 0 })
		if n := most(times, time.Second); n > 25 {
			t.Errorf("%d messages in one second overall", n)
		}
		if d := times[len(times)-1].Sub(times[0]); d > 10*time.Second {
			t.Errorf("200 messages into 200 chats took %v: slower than the limit needs", d)
		}
	})
}

func TestPacingForgetsIdleChats(t *testing.T) {
	c := &clock{now: time.Date(2025, 12, 16, 12, 0, 0, 0, time.UTC)}
	l := defaultLimits
	l.sweepEvery = 10
	p := newPacer(l, c.Now, c.sleep)
	for i := range 100 {
		if err := p.wait(context.Background(), uint64(i+1), false); err != nil {
			t.Fatal(err)
		}
	}
	c.now = c.now.Add(time.Hour)
	for range 20 {
		if err := p.wait(context.Background(), 1, false); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(p.chats); n > 1 {
		t.Errorf("%d chats remembered after an idle hour, want 1", n)
	}
}

func TestPacingThroughTheAdapter(t *testing.T) {
	// The real limits and the real clock: five answers into one chat
	// cannot all go within a second.
	f := newFakeAPI(t)
	done := make(chan time.Time, 10)
	f.fault = func(method string, _ int, _ url.Values) (int, string, bool) {
		if method == "sendMessage" {
			done <- time.Now()
		}
		return 0, "", false
	}
	start(t, f, newFakeHandler(nil), withAdapter(func(a *Adapter) { a.pace = newPacer(defaultLimits, time.Now, adapters.Sleep) }))
	for range 5 {
		f.ask(privateChat(alice), alice, "again")
	}
	var times []time.Time
	for range 5 {
		f.next("sendMessage")
		times = append(times, <-done)
	}
	if d := times[4].Sub(times[0]); d < 1900*time.Millisecond {
		t.Errorf("five answers into one chat went out in %v; the pace allows three at once, then one a second", d)
	}
}
