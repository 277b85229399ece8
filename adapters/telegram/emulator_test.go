package telegram

// End-to-end tests against telegram-test-api, the Telegram Bot API emulator
// of citebot/internal/tgemulator: the adapter talks to it through a
// recording proxy, and the tests act as users through the emulator's client
// API. Without node and npm they skip, except under CI=true, where they
// fail; -short skips them too.
//
//	go test -run Emulator -v ./adapters/telegram

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"citebot/adapters"
	"citebot/internal/logbuf"
	"citebot/internal/tgemulator"
	"citebot/limit"
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	tgemulator.Stop()
	os.Exit(code)
}

// recorder sits between the adapter and the emulator and notes the calls
// the emulator forgets (answerCallbackQuery, setMyCommands).
type recorder struct {
	mu    sync.Mutex
	calls []call
}

func (r *recorder) find(method string) []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []call
	for _, c := range r.calls {
		if c.method == method {
			out = append(out, c)
		}
	}
	return out
}

// runOnEmulator runs an adapter for h against the emulator under a token
// of its own until the test ends; stop ends it early.
func runOnEmulator(t *testing.T, e *tgemulator.Emulator, h adapters.Handler, setup func(*Adapter)) (token string, rec *recorder, logs *logbuf.Buffer, stop func()) {
	t.Helper()
	token = fmt.Sprintf("%d:e2e-%s", time.Now().UnixNano(), strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()))
	target, _ := url.Parse(e.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	rec = &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		form, _ := url.ParseQuery(string(body))
		rec.mu.Lock()
		rec.calls = append(rec.calls, call{method: path.Base(r.URL.Path), form: form})
		rec.mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	logs = &logbuf.Buffer{}
	a, err := New(Config{Token: token, APIURL: srv.URL, Log: slog.New(slog.NewTextHandler(logs, nil)),
		Commands: []adapters.CommandInfo{{Name: "ask", Args: "<question>", Help: "Answer a question."}}}, h)
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(a)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(wait):
				t.Errorf("Run did not return within %v", wait)
			}
			if strings.Contains(logs.String(), token) {
				t.Errorf("the token is in the log:\n%s", logs.String())
			}
		})
	}
	t.Cleanup(stop)
	return token, rec, logs, stop
}

// e2eHandler answers questions with the real engine, other commands with
// what they were asked, and counts feedback.
type e2eHandler struct {
	engine adapters.Handler
	mu     sync.Mutex
	votes  map[string]int
}

func (h *e2eHandler) Handle(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
	switch req.Command {
	case "", "ask":
		return h.engine.Handle(ctx, req)
	case adapters.CommandFeedback:
		h.mu.Lock()
		h.votes[req.Text]++
		h.mu.Unlock()
		return adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Text, Text: "Thank you: your feedback is counted."}}}, nil
	}
	return adapters.Reply{Blocks: []adapters.Block{
		{Kind: adapters.Text, Text: strings.TrimSpace("/" + req.Command + " " + req.Text)},
		{Kind: adapters.Quote, Text: "over 2.6 million Afghans have been deported or returned", Cite: report(2)},
	}}, nil
}

func TestEmulatorEndToEnd(t *testing.T) {
	e := tgemulator.Need(t)
	h := &e2eHandler{engine: engineHandler(t), votes: map[string]int{}}
	token, rec, logs, _ := runOnEmulator(t, e, h, func(a *Adapter) { a.pace = newPacer(unpaced, time.Now, adapters.Sleep) })
	const question = "how many afghans were deported in 2025?"
	private := e.Client(token, 1001, 1001, "private")
	grp := e.Client(token, 1002, -5005, "group")

	checkAnswer := func(t *testing.T, msgs []tgemulator.Entry) {
		t.Helper()
		m := msgs[0].Message
		checkHTML(t, m.Text)
		if m.ParseMode != "HTML" || !strings.Contains(m.Text, "2.6 million Afghans have been deported or returned") ||
			!strings.Contains(m.Text, "</blockquote>\n<i>— Amnesty International Demands Global Halt to Afghan Deportations, Citing Catastrophic Rights Crisis, Dawat Media Center, ¶2, 16 December 2025</i>") {
			t.Errorf("answer (%s):\n%s", m.ParseMode, m.Text)
		}
	}

	var answerID int
	t.Run("private question", func(t *testing.T) {
		q := private.Say(t, question, nil)
		msgs := e.Replies(t, token, q, 1)
		checkAnswer(t, msgs)
		kb := msgs[0].Message.ReplyMarkup
		if kb == nil || len(kb.InlineKeyboard) != 1 || *kb.InlineKeyboard[0][0].CallbackData != "fb:up:0123456789ab" {
			t.Errorf("buttons %+v", kb)
		}
		answerID = msgs[0].MessageID
	})
	t.Run("group mention", func(t *testing.T) {
		checkAnswer(t, e.Replies(t, token, grp.Say(t, "@"+tgemulator.BotName+" "+question, nil), 1))
	})
	t.Run("group reply to the bot", func(t *testing.T) {
		bot := e.Replies(t, token, grp.Say(t, "/ask@"+tgemulator.BotName+" who wrote the report?", nil), 1)[0]
		q := grp.Say(t, question, map[string]any{"reply_to_message": map[string]any{
			"message_id": bot.MessageID, "from": map[string]any{"id": tgemulator.BotID, "is_bot": true, "first_name": "Test"},
		}})
		checkAnswer(t, e.Replies(t, token, q, 1))
	})
	t.Run("group /ask", func(t *testing.T) {
		checkAnswer(t, e.Replies(t, token, grp.Say(t, "/ask "+question, nil), 1))
	})
	t.Run("group plain text stays quiet", func(t *testing.T) {
		quiet := grp.Say(t, question+" (just chatting)", nil)
		e.Replies(t, token, grp.Say(t, "/ask sentinel", nil), 1)
		_, bot := e.History(t, token)
		for _, b := range bot {
			if b.Message.ReplyTo == strconv.Itoa(quiet) {
				t.Errorf("the bot answered plain group text: %q", b.Message.Text)
			}
		}
	})
	for _, cmd := range []string{"/start", "/help", "/fact women", "/fact@" + tgemulator.BotName + " women", "/figures", "/source ¶2", "/privacy"} {
		t.Run(cmd, func(t *testing.T) {
			msgs := e.Replies(t, token, private.Say(t, cmd, nil), 1)
			want := strings.Replace(cmd, "@"+tgemulator.BotName, "", 1)
			if got := shown([]string{msgs[0].Message.Text}); !strings.HasPrefix(got, want+"\n") {
				t.Errorf("%s answered %q", cmd, got)
			}
		})
	}
	t.Run("feedback button", func(t *testing.T) {
		private.Press(t, "fb:up:0123456789ab", answerID)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		deadline := time.After(wait)
		for len(rec.find("answerCallbackQuery")) == 0 {
			select {
			case <-tick.C:
			case <-deadline:
				t.Fatal("the button press was not answered")
			}
		}
		if got := rec.find("answerCallbackQuery")[0].form.Get("text"); got != "Thank you: your feedback is counted." {
			t.Errorf("the button shows %q", got)
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.votes["up 0123456789ab"] != 1 {
			t.Errorf("votes %v", h.votes)
		}
	})
	t.Run("a sticker", func(t *testing.T) {
		q := private.Say(t, "", map[string]any{"sticker": map[string]any{"file_id": "s", "emoji": "🙂"}})
		if got := shown([]string{e.Replies(t, token, q, 1)[0].Message.Text}); got != sayTextOnly {
			t.Errorf("a sticker got %q", got)
		}
	})
	if !strings.Contains(logs.String(), "command menu is not set") {
		t.Errorf("the emulator has no setMyCommands; want that logged:\n%s", logs.String())
	}
	if len(rec.find("setMyCommands")) != 1 {
		t.Errorf("setMyCommands called %d times", len(rec.find("setMyCommands")))
	}
}

func TestEmulatorLoad(t *testing.T) {
	const users, each = 50, 10
	e := tgemulator.Need(t)
	// The bot's rate limit, raised to what each user sends: a question
	// over it would get no answer, so a user's questions must all count
	// against that user alone.
	var mu sync.Mutex
	perAsker := map[string]int{}
	h := adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		mu.Lock()
		perAsker[req.Asker]++
		over := perAsker[req.Asker] > each
		mu.Unlock()
		if over {
			return adapters.Reply{Silent: true}, nil
		}
		return adapters.Reply{Answered: true, Blocks: []adapters.Block{{Kind: adapters.Quote, Text: "You asked: " + req.Text, Cite: report(1)}}}, nil
	})
	token, _, _, stop := runOnEmulator(t, e, h, fastOverall)
	start := time.Now()
	flood(t, e, token, users, each, 2000)
	e.AwaitSent(t, token, users*each, 45*time.Second)
	stop() // whatever the bot had in hand is sent by now
	t.Logf("%d questions from %d users answered in %v", users*each, users, time.Since(start).Round(time.Millisecond))

	user, bot := e.History(t, token)
	if len(user) != users*each {
		t.Fatalf("the emulator holds %d questions, want %d", len(user), users*each)
	}
	question := map[string]string{}
	for _, u := range user {
		question[strconv.Itoa(u.MessageID)] = u.Message.Text
	}
	answered := map[string]int{}
	for _, b := range bot {
		answered[b.Message.ReplyTo]++
		if q, ok := question[b.Message.ReplyTo]; !ok || !strings.Contains(b.Message.Text, q) {
			t.Errorf("answer %q replies to %s (%q)", b.Message.Text, b.Message.ReplyTo, q)
		}
	}
	for id, q := range question {
		if answered[id] != 1 {
			t.Errorf("%q answered %d times, want once", q, answered[id])
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(perAsker) != users {
		t.Errorf("%d askers, want one per user (%d)", len(perAsker), users)
	}
}

// TestEmulatorLoadAtTheDefaultLimit: 50 users send ten questions each
// through the bot's own rate limit at its default (six a minute, time
// frozen): each question gets exactly one answer, or the limit notice once
// per user, or nothing.
func TestEmulatorLoadAtTheDefaultLimit(t *testing.T) {
	const users, each, perMinute = 50, 10, 6
	e := tgemulator.Need(t)
	lim := limit.New(perMinute)
	frozen := time.Now()
	lim.SetClock(func() time.Time { return frozen })
	h := lim.Middleware(adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		return adapters.Reply{Answered: true, Blocks: []adapters.Block{{Kind: adapters.Quote, Text: "You asked: " + req.Text, Cite: report(1)}}}, nil
	}))
	token, _, _, stop := runOnEmulator(t, e, h, fastOverall)
	flood(t, e, token, users, each, 5000)
	e.AwaitSent(t, token, users*(perMinute+1), 45*time.Second) // the answers and one notice each
	stop()
	user, bot := e.History(t, token)
	chatOf := map[string]string{}
	for _, u := range user {
		if u.Message.Chat != nil {
			chatOf[strconv.Itoa(u.MessageID)] = strconv.FormatInt(u.Message.Chat.ID, 10)
		}
	}
	perQuestion := map[string]int{}
	answers, notices := map[string]int{}, map[string]int{}
	for _, b := range bot {
		perQuestion[b.Message.ReplyTo]++
		chat := chatOf[b.Message.ReplyTo]
		switch {
		case strings.Contains(b.Message.Text, "You asked:"):
			answers[chat]++
		case strings.Contains(b.Message.Text, limit.Notice):
			notices[chat]++
		default:
			t.Errorf("unexpected reply %q", b.Message.Text)
		}
	}
	for q, n := range perQuestion {
		if n != 1 {
			t.Errorf("question %s got %d replies, want one", q, n)
		}
	}
	if len(answers) != users {
		t.Errorf("%d users were answered, want %d", len(answers), users)
	}
	for chat, n := range answers {
		if n != perMinute || notices[chat] != 1 {
			t.Errorf("chat %s: %d answers and %d notices, want %d and 1", chat, n, notices[chat], perMinute)
		}
	}
}

// fastOverall keeps Telegram's pace per chat but lifts the overall one, for
// the emulator only, to keep the load tests short.
func fastOverall(a *Adapter) {
	l := defaultLimits
	l.global, l.globalBurst = rate.Inf, 1
	a.pace = newPacer(l, time.Now, adapters.Sleep)
}

// flood has users private chats (ids from firstID) each send each
// questions at once.
func flood(t *testing.T, e *tgemulator.Emulator, token string, users, each int, firstID int64) {
	t.Helper()
	var wg sync.WaitGroup
	for u := range users {
		wg.Go(func() {
			c := e.Client(token, firstID+int64(u), firstID+int64(u), "private")
			for i := range each {
				if err := e.Send("/sendMessage", c.Message(fmt.Sprintf("question %d of user %d", i, u))); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
