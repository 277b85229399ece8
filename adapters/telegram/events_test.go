package telegram

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"citebot/adapters"
	"citebot/internal/eventcount"
	"citebot/internal/logbuf"
)

// TestEventsCountFailedCallsAndRecovery: every failed call is reported
// by kind, and polling that works again after failing is a reconnect.
func TestEventsCountFailedCallsAndRecovery(t *testing.T) {
	f := newFakeAPI(t)
	f.fault = func(method string, n int, _ url.Values) (int, string, bool) {
		switch {
		case method == "getUpdates" && n <= 2:
			return http.StatusInternalServerError, `{"ok":false,"error_code":500,"description":"Internal Server Error"}`, true
		case method == "sendMessage" && n == 1:
			return http.StatusBadGateway, "<html>502 Bad Gateway</html>", true
		case method == "sendMessage" && n == 2:
			return http.StatusForbidden, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`, true
		}
		return 0, "", false
	}
	ev := eventcount.New()
	s := newSleeper(false)
	start(t, f, newFakeHandler(nil), withConfig(func(c *Config) { c.Events = ev }), withAdapter(func(a *Adapter) { a.sleep = s.sleep }))

	f.ask(privateChat(alice), alice, "first: refused for good after a retry")
	f.ask(privateChat(bob), bob, "second")
	f.next("sendMessage")
	ev.Until(t, wait, "2 failed polls, 2 failed sends, 1 reconnect", func(failed map[string]int, reconnects int) bool {
		return failed[adapters.FailedPoll] == 2 && failed[adapters.FailedSend] == 2 && reconnects == 1
	})
	if failed, _ := ev.Counts(); failed[adapters.FailedConnect] != 0 {
		t.Errorf("%d connect failures reported; nothing failed at connect", failed[adapters.FailedConnect])
	}
}

// TestEventsConnectFailures: a Bot API that cannot be reached at start is
// reported as failed connects, each retried.
func TestEventsConnectFailures(t *testing.T) {
	f := newFakeAPI(t)
	f.fault = func(method string, n int, _ url.Values) (int, string, bool) {
		if method == "getMe" && n <= 3 {
			return http.StatusServiceUnavailable, "<html>503</html>", true
		}
		return 0, "", false
	}
	ev := eventcount.New()
	s := newSleeper(false)
	r := start(t, f, newFakeHandler(nil), withConfig(func(c *Config) { c.Events = ev }), withAdapter(func(a *Adapter) { a.sleep = s.sleep }))
	ev.Until(t, wait, "3 failed connects", func(failed map[string]int, _ int) bool { return failed[adapters.FailedConnect] == 3 })
	f.ask(privateChat(alice), alice, "connected at last?")
	f.next("sendMessage")
	if ok, state := r.Health(); !ok {
		t.Errorf("Health = %v %q after connecting", ok, state)
	}
}

// TestStopTakesNoUpdateItCannotAnswer: when the bot is told to stop while
// a batch of updates is in hand and there is no room for the rest, the
// updates handed on are answered and only those are confirmed to Telegram;
// the others stay with Telegram for the next start, none is lost.
func TestStopTakesNoUpdateItCannotAnswer(t *testing.T) {
	f := newFakeAPI(t)
	var ids []int
	for i := range 4 {
		u := &tgbotapi.User{ID: int64(2001 + i), FirstName: "Reader"}
		_, up := f.message(privateChat(u), u, "question "+strconv.Itoa(i))
		ids = append(ids, f.push(up))
	}
	release := make(chan struct{})
	h := newFakeHandler(func(req adapters.Request) (adapters.Reply, error) {
		<-release
		return echo(req)
	})
	logs := &logbuf.Buffer{}
	a, err := New(Config{Token: testToken, APIURL: f.srv.URL, Log: slog.New(slog.NewTextHandler(logs, nil))}, h)
	if err != nil {
		t.Fatal(err)
	}
	a.poll = time.Second
	a.pace = newPacer(unpaced, time.Now, adapters.Sleep)
	a.slots = make(chan struct{}, 2) // room for two updates in hand
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()

	h.next(t)
	h.next(t) // two in hand, the third waits for room
	cancel()
	close(release)
	if err := returned(t, done); err != nil {
		t.Errorf("Run: %v", err)
	}
	if n := f.count("sendMessage"); n != 2 {
		t.Errorf("%d answers sent, want the 2 updates in hand answered", n)
	}
	select {
	case req := <-h.reqs:
		t.Errorf("an update without room was handled after the stop: %q", req.Text)
	default:
	}
	f.mu.Lock()
	last := f.pollForms[len(f.pollForms)-1]
	f.mu.Unlock()
	if got, want := last.Get("offset"), strconv.Itoa(ids[1]+1); got != want {
		t.Errorf("confirmed up to offset %s, want %s: the updates after the second were not taken", got, want)
	}
}
