package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"citebot/internal/logbuf"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"citebot/adapters"
)

func TestFloodWaitIsWaitedOutThenSent(t *testing.T) {
	f := newFakeAPI(t)
	f.fault = func(method string, n int, _ url.Values) (int, string, bool) {
		if method == "sendMessage" && n == 1 {
			return http.StatusTooManyRequests, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`, true
		}
		return 0, "", false
	}
	s := newSleeper(false)
	start(t, f, newFakeHandler(nil), withAdapter(func(a *Adapter) { a.sleep = s.sleep }))
	q := f.ask(privateChat(alice), alice, "how many?")

	c := f.next("sendMessage")
	if replyTo(c) != q.MessageID {
		t.Errorf("the answer replies to %d, want %d", replyTo(c), q.MessageID)
	}
	if d := s.next(t); d != time.Second {
		t.Errorf("waited %v after a 429 with retry_after 1; want exactly what Telegram asked", d)
	}
	if n := f.count("sendMessage"); n != 2 {
		t.Errorf("sendMessage called %d times, want 2 (refused, then sent)", n)
	}
}

func TestServerErrorsBackOffWithJitterThenSend(t *testing.T) {
	f := newFakeAPI(t)
	f.fault = func(method string, n int, _ url.Values) (int, string, bool) {
		if method == "sendMessage" && n <= 2 {
			// A proxy's error page, quoting the URL with the token in it.
			return http.StatusBadGateway, "<html>502 Bad Gateway for /bot" + testToken + "/sendMessage</html>", true
		}
		return 0, "", false
	}
	s := newSleeper(false)
	r := start(t, f, newFakeHandler(nil), withAdapter(func(a *Adapter) { a.sleep = s.sleep }))
	q := f.ask(privateChat(alice), alice, "how many?")

	if c := f.next("sendMessage"); replyTo(c) != q.MessageID {
		t.Errorf("the answer replies to %d, want %d", replyTo(c), q.MessageID)
	}
	w1, w2 := s.next(t), s.next(t)
	if w1 < backoffBase/2 || w1 > backoffBase || w2 < backoffBase || w2 > 2*backoffBase {
		t.Errorf("waits %v then %v; want a doubling backoff with jitter, in [%v, %v] then [%v, %v]", w1, w2, backoffBase/2, backoffBase, backoffBase, 2*backoffBase)
	}
	if n := f.count("sendMessage"); n != 3 {
		t.Errorf("sendMessage called %d times, want 3", n)
	}
	if !strings.Contains(r.log.String(), "502") {
		t.Errorf("the failures are not logged:\n%s", r.log.String())
	}
}

func TestPermanentErrorIsNotRetried(t *testing.T) {
	f := newFakeAPI(t)
	f.fault = func(method string, n int, _ url.Values) (int, string, bool) {
		if method == "sendMessage" && n == 1 {
			return http.StatusForbidden, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`, true
		}
		return 0, "", false
	}
	s := newSleeper(false)
	r := start(t, f, newFakeHandler(nil), withAdapter(func(a *Adapter) { a.sleep = s.sleep }))
	f.ask(privateChat(alice), alice, "first")
	sentinel(t, f, privateChat(alice))
	f.next("sendMessage")
	if n := f.count("sendMessage"); n != 2 {
		t.Errorf("sendMessage called %d times, want 2: the refused one once, then the next question", n)
	}
	select {
	case d := <-s.waits:
		t.Errorf("waited %v before retrying a call Telegram refused for good", d)
	default:
	}
	if !strings.Contains(r.log.String(), "bot was blocked by the user") {
		t.Errorf("the refusal is not logged:\n%s", r.log.String())
	}
}

func TestPollThatReturnsAtOnceBacksOff(t *testing.T) {
	f := newFakeAPI(t)
	f.fault = func(method string, _ int, _ url.Values) (int, string, bool) {
		if method == "getUpdates" {
			return http.StatusOK, `{"ok":true,"result":[]}`, true // ignores the timeout, as the emulator does
		}
		return 0, "", false
	}
	s := newSleeper(true)
	start(t, f, newFakeHandler(nil), withAdapter(func(a *Adapter) { a.sleep = s.sleep }))
	want := []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second, time.Second}
	for i, w := range want {
		if d := s.next(t); d != w {
			t.Errorf("pause %d after an empty poll: %v, want %v", i+1, d, w)
		}
		if n := f.polled.Load(); n != int64(i+1) {
			t.Fatalf("%d polls before pause %d: the loop polls without pausing", n, i+1)
		}
		s.go_ <- struct{}{}
	}
}

func TestFailingPollBacksOff(t *testing.T) {
	f := newFakeAPI(t)
	f.fault = func(method string, _ int, _ url.Values) (int, string, bool) {
		if method == "getUpdates" {
			return http.StatusInternalServerError, `{"ok":false,"error_code":500,"description":"Internal Server Error"}`, true
		}
		return 0, "", false
	}
	s := newSleeper(true)
	start(t, f, newFakeHandler(nil), withAdapter(func(a *Adapter) { a.sleep = s.sleep }))
	for i := range 8 {
		d := s.next(t)
		hi := min(backoffBase<<i, backoffMax)
		if d < hi/2 || d > hi {
			t.Errorf("wait %d after a failed poll: %v, want in [%v, %v]", i+1, d, hi/2, hi)
		}
		if n := f.polled.Load(); n != int64(i+1) {
			t.Fatalf("%d polls before wait %d", n, i+1)
		}
		s.go_ <- struct{}{}
	}
}

func TestTokenIsNeverInAnErrorOrALogLine(t *testing.T) {
	t.Run("refused token", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"ok":false,"error_code":401,"description":"Unauthorized: %s"}`, r.URL.Path)
		}))
		defer srv.Close()
		logs := &logbuf.Buffer{}
		a, err := New(Config{Token: testToken, APIURL: srv.URL, Log: slog.New(slog.NewTextHandler(logs, nil))}, newFakeHandler(nil))
		if err != nil {
			t.Fatal(err)
		}
		err = a.Run(context.Background())
		if err == nil || strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
			t.Errorf("Run: %v; want an error naming TELEGRAM_BOT_TOKEN, without the token", err)
		}
		if strings.Contains(logs.String(), testToken) {
			t.Errorf("token in the log:\n%s", logs.String())
		}
	})
	t.Run("no server", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		addr := srv.URL
		srv.Close() // connections are refused from now on
		logs := &logbuf.Buffer{}
		a, err := New(Config{Token: testToken, APIURL: addr, Log: slog.New(slog.NewTextHandler(logs, nil))}, newFakeHandler(nil))
		if err != nil {
			t.Fatal(err)
		}
		s := newSleeper(true)
		a.sleep = s.sleep
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- a.Run(ctx) }()
		s.next(t) // a network fault is retried after a wait...
		s.go_ <- struct{}{}
		s.next(t)
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v; want nil when its context ends", err)
		}
		if !strings.Contains(logs.String(), "getMe") || strings.Contains(logs.String(), testToken) {
			t.Errorf("want the fault logged without the token:\n%s", logs.String())
		}
		if !strings.Contains(logs.String(), "<token>") {
			t.Errorf("the URL in the network error should show where the token was taken out:\n%s", logs.String())
		}
	})
	t.Run("tgbotapi's own log", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"%s"}}`, r.URL.Path)
		}))
		defer srv.Close()
		logs := &logbuf.Buffer{}
		a, err := New(Config{Token: testToken, APIURL: srv.URL, Log: slog.New(slog.NewTextHandler(logs, nil))}, newFakeHandler(nil))
		if err != nil {
			t.Fatal(err)
		}
		// tgbotapi in debug mode logs whole responses, here with the token.
		_, err = a.call(context.Background(), "getMe", time.Second, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
			b.Debug = true
			return b.MakeRequest("getMe", nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := logs.String(); !strings.Contains(got, "tgbotapi") || !strings.Contains(got, "/bot<token>/getMe") || strings.Contains(got, testToken) {
			t.Errorf("tgbotapi's log, bridged: want it redacted:\n%s", got)
		}
	})
	t.Run("errors from the server", func(t *testing.T) {
		f := newFakeAPI(t)
		f.fault = func(method string, n int, _ url.Values) (int, string, bool) {
			switch {
			case method == "setMyCommands":
				return http.StatusNotFound, `{"ok":false,"error_code":404,"description":"Not Found: /bot` + testToken + `/setMyCommands"}`, true
			case method == "sendMessage" && n == 1:
				return http.StatusBadRequest, `{"ok":false,"error_code":400,"description":"Bad Request: ` + url.PathEscape(testToken) + `"}`, true
			}
			return 0, "", false
		}
		r := start(t, f, newFakeHandler(nil), withConfig(func(c *Config) {
			c.Commands = []adapters.CommandInfo{{Name: "ask", Help: "Answer a question."}}
		}))
		f.ask(privateChat(alice), alice, "first")
		sentinel(t, f, privateChat(alice))
		f.next("sendMessage")
		if got := r.log.String(); !strings.Contains(got, "setMyCommands") || !strings.Contains(got, "Bad Request") {
			t.Errorf("want both failures logged:\n%s", got)
		}
		// start's cleanup fails the test if the token is in the log.
	})
}

func TestSetMyCommandsUnsupportedIsNotFatal(t *testing.T) {
	f := newFakeAPI(t)
	f.fault = func(method string, _ int, _ url.Values) (int, string, bool) {
		if method == "setMyCommands" {
			return http.StatusInternalServerError, `{"message":"API method 'setMyCommands' is not supported."}`, true
		}
		return 0, "", false
	}
	r := start(t, f, newFakeHandler(nil), withConfig(func(c *Config) {
		c.Commands = []adapters.CommandInfo{{Name: "fact", Args: "<topic>", Help: "A fact card."}, {Name: "Bad-Name", Help: "x"}}
	}))
	q := f.ask(privateChat(alice), alice, "still answering?")
	if c := f.next("sendMessage"); replyTo(c) != q.MessageID {
		t.Errorf("no answer after setMyCommands failed")
	}
	if !strings.Contains(r.log.String(), "command menu is not set") || !strings.Contains(r.log.String(), "Bad-Name") {
		t.Errorf("log:\n%s", r.log.String())
	}
}

func TestSetMyCommandsSendsTheMenu(t *testing.T) {
	f := newFakeAPI(t)
	f.fault = func(method string, _ int, form url.Values) (int, string, bool) {
		if method == "setMyCommands" && strings.Contains(form.Get("scope"), "1003") {
			return http.StatusBadRequest, `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`, true
		}
		return 0, "", false
	}
	r := start(t, f, newFakeHandler(nil), withConfig(func(c *Config) {
		c.ModeratorIDs = []int64{bob.ID, 1003}
		c.Commands = []adapters.CommandInfo{
			{Name: "fact", Args: "<topic>", Help: "A fact card to share."},
			{Name: "help", Help: "What I can do."},
			{Name: "answers", Help: "Moderators: keep the curated answers.", Moderator: true},
		}
	}))
	c := f.next("setMyCommands")
	if got, want := c.form.Get("commands"), `[{"command":"fact","description":"A fact card to share."},{"command":"help","description":"What I can do."}]`; got != want || c.form.Get("scope") != "" {
		t.Errorf("everyone's menu: %s (scope %q), want %s", got, c.form.Get("scope"), want)
	}
	c = f.next("setMyCommands")
	if got, want := c.form.Get("commands"), `[{"command":"fact","description":"A fact card to share."},{"command":"help","description":"What I can do."},{"command":"answers","description":"Moderators: keep the curated answers."}]`; got != want || c.form.Get("scope") != `{"type":"chat","chat_id":1002}` {
		t.Errorf("Bob's menu: %s (scope %s), want %s in his chat only", got, c.form.Get("scope"), want)
	}
	q := f.ask(privateChat(alice), alice, "after the menus")
	if c := f.next("sendMessage"); replyTo(c) != q.MessageID {
		t.Error("no answer after a moderator's menu failed")
	}
	if logs := r.log.String(); !strings.Contains(logs, "moderators=1") || strings.Contains(logs, "1003") {
		t.Errorf("want the failure counted, without the moderator's id:\n%s", logs)
	}
}

func TestShutdownAnswersMessagesInHand(t *testing.T) {
	f := newFakeAPI(t)
	release := make(chan struct{})
	h := newFakeHandler(func(req adapters.Request) (adapters.Reply, error) {
		<-release
		return echo(req)
	})
	a, err := New(Config{Token: testToken, APIURL: f.srv.URL}, h)
	if err != nil {
		t.Fatal(err)
	}
	a.poll = time.Second
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	qm, up := f.message(privateChat(alice), alice, "slow question")
	uid := f.push(up)
	q := qm
	h.next(t)
	cancel() // the bot is asked to stop while it answers
	select {
	case err := <-done:
		t.Fatalf("Run returned (%v) with a question in hand", err)
	default:
	}
	close(release)
	if c := f.next("sendMessage"); replyTo(c) != q.MessageID {
		t.Errorf("answer replies to %d, want %d", replyTo(c), q.MessageID)
	}
	if err := returned(t, done); err != nil {
		t.Errorf("Run: %v", err)
	}
	// The updates taken are confirmed on the way out (a getUpdates from
	// the next offset that takes nothing new), so that a restart does not
	// answer them again.
	f.mu.Lock()
	defer f.mu.Unlock()
	confirmed := false
	for _, p := range f.pollForms {
		confirmed = confirmed || (p.Get("offset") == strconv.Itoa(uid+1) && p.Get("limit") == "1" && p.Get("timeout") == "")
	}
	if !confirmed {
		t.Errorf("getUpdates calls %v; want a last one with offset %d, limit 1, no wait", f.pollForms, uid+1)
	}
}

func TestRunTwiceIsRefused(t *testing.T) {
	f := newFakeAPI(t)
	r := start(t, f, newFakeHandler(nil))
	f.next("getMe")
	if err := r.Run(context.Background()); err == nil {
		t.Error("a second Run was allowed")
	}
}

func TestNewValidates(t *testing.T) {
	h := newFakeHandler(nil)
	tests := []struct {
		name string
		cfg  Config
		h    adapters.Handler
		want string // in the error; empty: no error
	}{
		{name: "ok", cfg: Config{Token: "1:a"}, h: h},
		{name: "no token", cfg: Config{}, h: h, want: "TELEGRAM_BOT_TOKEN"},
		{name: "token with a slash", cfg: Config{Token: "1:a/b"}, h: h, want: "TELEGRAM_BOT_TOKEN"},
		{name: "no handler", cfg: Config{Token: "1:a"}, want: "handler"},
		{name: "bad API URL", cfg: Config{Token: "1:a", APIURL: "ftp://x"}, h: h, want: "TELEGRAM_API_URL"},
		{name: "API URL with a trailing slash", cfg: Config{Token: "1:a", APIURL: "http://127.0.0.1:8081/"}, h: h},
		{name: "webhook without secret", cfg: Config{Token: "1:a", WebhookURL: "https://bot.example/tg"}, h: h, want: "TELEGRAM_WEBHOOK_SECRET"},
		{name: "bad webhook secret", cfg: Config{Token: "1:a", WebhookURL: "https://bot.example/tg", WebhookSecret: "no spaces allowed"}, h: h, want: "TELEGRAM_WEBHOOK_SECRET"},
		{name: "bad webhook URL", cfg: Config{Token: "1:a", WebhookURL: "bot.example/tg", WebhookSecret: "s"}, h: h, want: "TELEGRAM_WEBHOOK_URL"},
		{name: "webhook", cfg: Config{Token: "1:a", WebhookURL: "https://bot.example/tg", WebhookSecret: "s3cr3t_-"}, h: h},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg, tt.h)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("New: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("New: %v; want an error naming %s", err, tt.want)
			case err != nil && strings.Contains(err.Error(), tt.cfg.Token) && tt.cfg.Token != "":
				t.Errorf("the token is in the error: %v", err)
			}
		})
	}
}

func TestContextEndIsNotRetried(t *testing.T) {
	f := newFakeAPI(t)
	a, err := New(Config{Token: testToken, APIURL: f.srv.URL}, newFakeHandler(nil))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = a.do(ctx, 0, false, "getMe", 0, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) { return b.MakeRequest("getMe", nil) })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("do with a cancelled context: %v, want context.Canceled", err)
	}
}
