package discord_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"citebot/adapters"
	"citebot/adapters/discord"
	"citebot/internal/discordfake"
	"citebot/internal/eventcount"
	"citebot/internal/logbuf"
)

// observed is an adapter running against a Discord at api, its events
// counted, until the test ends.
type observed struct {
	*discord.Adapter
	ev   *eventcount.Counter
	log  *logbuf.Buffer
	done chan error // Run's result, once
	stop context.CancelFunc

	once   sync.Once
	ended  bool
	runErr error
}

// result waits, at most discordfake.Wait, for Run to return, and returns
// what it returned; ok is false if it did not.
func (o *observed) result() (err error, ok bool) {
	o.once.Do(func() {
		select {
		case o.runErr = <-o.done:
			o.ended = true
		case <-time.After(discordfake.Wait):
		}
	})
	return o.runErr, o.ended
}

func runObserved(t *testing.T, api, token string, cfg discord.Config, sleep func(context.Context, time.Duration) error) *observed {
	t.Helper()
	o := &observed{ev: eventcount.New(), log: &logbuf.Buffer{}, done: make(chan error, 1)}
	cfg.Token, cfg.APIURL, cfg.Events = token, api, o.ev
	cfg.Log = slog.New(slog.NewTextHandler(o.log, nil))
	h := adapters.HandlerFunc(func(context.Context, adapters.Request) (adapters.Reply, error) {
		return adapters.Reply{Answered: true, Blocks: []adapters.Block{{Kind: adapters.Text, Text: "an answer"}}}, nil
	})
	a, err := discord.New(cfg, h)
	if err != nil {
		t.Fatal(err)
	}
	if sleep != nil {
		discord.SetSleep(a, sleep)
	}
	o.Adapter = a
	ctx, cancel := context.WithCancel(context.Background())
	o.stop = cancel
	go func() { o.done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if _, ok := o.result(); !ok {
			t.Error("Run did not return after its context ended")
		}
		if strings.Contains(o.log.String(), token) {
			t.Errorf("the log holds the token:\n%s", o.log)
		}
	})
	return o
}

// TestGatewayDropCountsAReconnect: the first connection is no reconnect;
// a dropped websocket that discordgo connects again is one.
func TestGatewayDropCountsAReconnect(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	o := runObserved(t, f.URL(), f.Token, discord.Config{}, nil)
	f.WaitReady(t)
	if _, before := o.ev.Counts(); before != 0 {
		t.Errorf("%d reconnects counted for the first connection", before)
	}
	f.Drop()
	f.WaitReady(t)
	o.ev.Until(t, discordfake.Wait, "a reconnect", func(_ map[string]int, reconnects int) bool { return reconnects == 1 })
	f.Drop()
	f.WaitReady(t)
	o.ev.Until(t, discordfake.Wait, "a second reconnect", func(_ map[string]int, reconnects int) bool { return reconnects == 2 })
}

// TestFailedRESTCallIsASendError: an answer Discord refuses with a 500 is
// counted as a failed send, and nothing else is.
func TestFailedRESTCallIsASendError(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	o := runObserved(t, f.URL(), f.Token, discord.Config{}, nil)
	f.WaitReady(t)
	f.Fail("POST /channels/", http.StatusInternalServerError, 1)
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("7001", "how many were deported?", false, false))
	o.ev.Until(t, discordfake.Wait, "a failed send", func(failed map[string]int, _ int) bool { return failed[adapters.FailedSend] == 1 })
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("7002", "and now?", false, false))
	f.WaitCall(t, "POST /channels/", 1)
	if failed, _ := o.ev.Counts(); failed[adapters.FailedSend] != 1 || failed[adapters.FailedConnect] != 0 {
		t.Errorf("failed %v, want one send and nothing else", failed)
	}
}

// waits is a stand-in for sleeping between attempts: it notes each wait
// and returns when the test lets it.
type waits struct {
	seen chan time.Duration
	next chan struct{}
}

func newWaits() *waits { return &waits{seen: make(chan time.Duration, 100), next: make(chan struct{})} }

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.seen <- d
	select {
	case <-w.next:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *waits) wait(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-w.seen:
		return d
	case <-time.After(discordfake.Wait):
		t.Fatal("no retry")
		return 0
	}
}

// TestUnreachableDiscordIsRetried: while Discord fails at start, the
// adapter says why in /healthz and the log, waits longer each time, and
// connects once Discord answers.
func TestUnreachableDiscordIsRetried(t *testing.T) {
	t.Parallel()
	t.Run("server errors", func(t *testing.T) {
		f := discordfake.New(t)
		f.Fail("GET /oauth2/applications/@me", http.StatusServiceUnavailable, 2)
		w := newWaits()
		o := runObserved(t, f.URL(), f.Token, discord.Config{}, w.sleep)
		w1 := w.wait(t)
		if ok, state := o.Health(); ok || !strings.Contains(state, "retrying") || !strings.Contains(state, "503") {
			t.Errorf("Health = %v %q while retrying, want unhealthy, saying why", ok, state)
		}
		w.next <- struct{}{}
		w2 := w.wait(t)
		if w1 < 500*time.Millisecond || w1 > time.Second || w2 < time.Second || w2 > 2*time.Second {
			t.Errorf("waits %v then %v; want about 1 s then 2 s, with jitter", w1, w2)
		}
		w.next <- struct{}{}
		f.WaitReady(t)
		o.ev.Until(t, discordfake.Wait, "two failed connects", func(failed map[string]int, _ int) bool { return failed[adapters.FailedConnect] == 2 })
		if !strings.Contains(o.log.String(), "cannot reach Discord") || !strings.Contains(o.log.String(), "DISCORD_API_URL") {
			t.Errorf("the log does not say what failed and what to check:\n%s", o.log)
		}
		deadline := time.Now().Add(discordfake.Wait)
		for ok, _ := o.Health(); !ok; ok, _ = o.Health() {
			if time.Now().After(deadline) {
				t.Fatal("not healthy after connecting")
			}
			time.Sleep(10 * time.Millisecond) // polling with a deadline: READY is handled on discordgo's goroutine
		}
	})
	t.Run("nothing listening", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		w := newWaits()
		o := runObserved(t, url, "MTIz.abc.unreachable", discord.Config{}, w.sleep)
		w.wait(t)
		if ok, state := o.Health(); ok || !strings.Contains(state, "retrying") {
			t.Errorf("Health = %v %q, want retrying", ok, state)
		}
		o.stop()
		if err, ok := o.result(); !ok || err != nil {
			t.Errorf("Run = %v (returned: %v) after its context ended while retrying, want nil", err, ok)
		}
	})
}

// TestGatewayRefusalStopsWithWhatToDo: a token or intents the gateway
// refuses stop the adapter at once, with an error naming what to change,
// and are not retried.
func TestGatewayRefusalStopsWithWhatToDo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		code   int
		reason string
		cfg    discord.Config
		says   string
	}{
		{name: "token", code: 4004, reason: "Authentication failed.", says: "DISCORD_BOT_TOKEN"},
		{name: "intents", code: 4014, reason: "Disallowed intent(s).", cfg: discord.Config{MessageContent: true}, says: "Message Content Intent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := discordfake.New(t)
			f.RefuseIdentify(tt.code, tt.reason)
			w := newWaits()
			o := runObserved(t, f.URL(), f.Token, tt.cfg, w.sleep)
			err, ok := o.result()
			select {
			case d := <-w.seen:
				t.Fatalf("waited %v to retry a refusal", d)
			default:
			}
			if !ok {
				t.Fatal("Run did not return")
			}
			if err == nil || !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), "4") {
				t.Errorf("Run = %v, want an error naming %s", err, tt.says)
			}
			if n := f.Connections(); n != 1 {
				t.Errorf("%d gateway connections, want 1: a refusal is not retried", n)
			}
		})
	}
}

// TestTokenRefusedOnReconnect: when Discord lets the bot in once and then
// refuses its token (4004) as discordgo connects the gateway again, every
// failed attempt is counted and /healthz says why, not just "connecting";
// when Discord lets it in again, the adapter is healthy again, and that is
// the one reconnect counted. (Not parallel: discordgo's log names no
// session, so an adapter of another test reconnecting at the same time
// would make the failures no one's.)
func TestTokenRefusedOnReconnect(t *testing.T) {
	f := discordfake.New(t)
	o := runObserved(t, f.URL(), f.Token, discord.Config{}, nil)
	f.WaitReady(t)
	healthy := func(ok bool, _ string) bool { return ok }
	waitHealth(t, o, "healthy once connected", healthy)
	f.RefuseResume(true)
	f.RefuseIdentify(4004, "Authentication failed.")
	f.Drop()
	o.ev.Until(t, discordfake.Wait, "a failed attempt to connect", func(failed map[string]int, _ int) bool {
		return failed[adapters.FailedConnect] >= 1
	})
	waitHealth(t, o, "down, with the reason Discord gave", func(ok bool, state string) bool {
		return !ok && strings.Contains(state, "4004") && strings.Contains(state, "Authentication failed")
	})
	f.RefuseIdentify(0, "")
	// discordgo waits twice as long after each failed attempt.
	waitHealthFor(t, o, 4*discordfake.Wait, "healthy once Discord lets the bot in again", healthy)
	// The refused attempts were no reconnects: the one that got in is.
	if _, reconnects := o.ev.Counts(); reconnects != 1 {
		t.Errorf("%d reconnects counted, want 1", reconnects)
	}
}

// waitHealth waits, at most discordfake.Wait, for the adapter's health to
// be what want says.
func waitHealth(t *testing.T, o *observed, what string, want func(ok bool, state string) bool) {
	t.Helper()
	waitHealthFor(t, o, discordfake.Wait, what, want)
}

func waitHealthFor(t *testing.T, o *observed, wait time.Duration, what string, want func(ok bool, state string) bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		ok, state := o.Health()
		if want(ok, state) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("health (%v, %q), want %s", ok, state, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
