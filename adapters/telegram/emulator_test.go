package telegram

// End-to-end tests against telegram-test-api 4.2.1, a Telegram Bot API
// emulator run by Node (testdata/emulator: package.json, its lock and
// launch.js). The first test to need it runs `npm ci` there when
// node_modules is missing, then starts `node launch.js 0` on a free loopback
// port; the adapter talks to it through a recording proxy, and the tests act
// as users through the emulator's client API (/sendMessage, /sendCommand,
// /sendCallback, /getUpdatesHistory). Without node and npm they skip, except
// under CI=true, where they fail; -short skips them too.
//
//	go test -run Emulator -v ./adapters/telegram

import (
	"bufio"
	"bytes"
	"citebot/internal/logbuf"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"golang.org/x/time/rate"

	"citebot/adapters"
	"citebot/limit"
)

// The emulator's bot, as its getMe tells.
const (
	emuBotID   = 666
	emuBotName = "TestNameBot"
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	emu.stop()
	os.Exit(code)
}

// emulator is the running telegram-test-api, shared by the tests: each
// test's bot has a token of its own, which keeps their chats apart.
type emulator struct {
	once   sync.Once
	url    string
	skip   string // why the tests cannot run here
	err    error
	cmd    *exec.Cmd
	stdin  io.Closer
	exited chan struct{}
	stderr *logbuf.Buffer
}

var emu = &emulator{}

// need returns the emulator, starting it the first time.
func (e *emulator) need(t *testing.T) *emulator {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test against the emulator; -short skips it")
	}
	e.once.Do(e.start)
	if e.skip != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %s", e.skip)
		}
		t.Skip(e.skip)
	}
	if e.err != nil {
		t.Fatal(e.err)
	}
	return e
}

func (e *emulator) start() {
	node, err1 := exec.LookPath("node")
	npm, err2 := exec.LookPath("npm")
	if err := errors.Join(err1, err2); err != nil {
		e.skip = "the end-to-end tests need node and npm (Node.js 18 or later): " + err.Error()
		return
	}
	dir := filepath.Join("testdata", "emulator")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "telegram-test-api", "package.json")); err != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			e.err = fmt.Errorf("npm ci in %s: %v\n%s", dir, err, out)
			return
		}
	}
	cmd := exec.Command(node, "launch.js", "0")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe() // closing it stops the emulator
	if err != nil {
		e.err = err
		return
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		e.err = err
		return
	}
	e.stderr = &logbuf.Buffer{}
	cmd.Stderr = e.stderr
	if err := cmd.Start(); err != nil {
		e.err = fmt.Errorf("start the emulator: %w", err)
		return
	}
	e.cmd, e.stdin, e.exited = cmd, stdin, make(chan struct{})
	go func() { cmd.Wait(); close(e.exited) }()
	port := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if p, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				port <- p
			}
		}
	}()
	select {
	case p := <-port:
		e.url = "http://127.0.0.1:" + p
	case <-e.exited:
		e.err = fmt.Errorf("the emulator exited at start:\n%s", e.stderr.String())
	case <-time.After(30 * time.Second):
		e.err = fmt.Errorf("the emulator did not start within 30s:\n%s", e.stderr.String())
	}
}

// stop ends the emulator: it stops when its standard input closes; if it
// does not, it is killed.
func (e *emulator) stop() {
	if e.cmd == nil {
		return
	}
	e.stdin.Close()
	select {
	case <-e.exited:
	case <-time.After(5 * time.Second):
		e.cmd.Process.Kill()
		<-e.exited
	}
}

// client is a user of the emulator, in one chat.
type client struct {
	e     *emulator
	token string
	user  map[string]any
	chat  map[string]any
}

func (e *emulator) client(token string, userID, chatID int64, chatType string) *client {
	name := fmt.Sprintf("User%d", userID)
	return &client{e: e, token: token,
		user: map[string]any{"id": userID, "first_name": name, "username": strings.ToLower(name), "is_bot": false},
		chat: map[string]any{"id": chatID, "type": chatType, "title": "Chat", "first_name": name},
	}
}

func (e *emulator) post(t *testing.T, route string, body any) {
	t.Helper()
	if err := e.send(route, body); err != nil {
		t.Fatal(err)
	}
}

// send posts to the emulator's client API; it may be called from any
// goroutine.
func (e *emulator) send(route string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	resp, err := http.Post(e.url+route, "application/json", bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("emulator %s: %s: %s", route, resp.Status, msg)
	}
	return nil
}

// say sends a message as the user; extra adds fields (reply_to_message).
// It returns the message's id.
func (c *client) say(t *testing.T, text string, extra map[string]any) int {
	t.Helper()
	m := map[string]any{"botToken": c.token, "from": c.user, "chat": c.chat, "date": time.Now().Unix()}
	if text != "" {
		m["text"] = text
	}
	route := "/sendMessage"
	if strings.HasPrefix(text, "/") {
		route = "/sendCommand"
		m["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(strings.Fields(text)[0])}}
	}
	for k, v := range extra {
		m[k] = v
	}
	c.e.post(t, route, m)
	return c.e.userMessage(t, c.token, text)
}

// press presses a button under the bot's message.
func (c *client) press(t *testing.T, data string, msgID int) {
	t.Helper()
	c.e.post(t, "/sendCallback", map[string]any{
		"botToken": c.token, "from": c.user, "data": data,
		"message": map[string]any{"message_id": msgID, "chat": c.chat, "from": map[string]any{"id": emuBotID, "is_bot": true}},
	})
}

// entry is one message in the emulator's history: the user's (with chat),
// or the bot's (the parameters it sent).
type entry struct {
	MessageID int `json:"messageId"`
	Message   struct {
		Text        string                         `json:"text"`
		Chat        *struct{ ID int64 }            `json:"chat"`
		ChatID      string                         `json:"chat_id"`
		ParseMode   string                         `json:"parse_mode"`
		ReplyTo     string                         `json:"reply_to_message_id"`
		ReplyMarkup *tgbotapi.InlineKeyboardMarkup `json:"reply_markup"`
	} `json:"message"`
}

func (e *emulator) history(t *testing.T, token string) (user, bot []entry) {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"token": token})
	resp, err := http.Post(e.url+"/getUpdatesHistory", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Result []entry }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	for _, en := range out.Result {
		if en.Message.Chat != nil {
			user = append(user, en)
		} else if en.Message.ChatID != "" {
			bot = append(bot, en)
		}
	}
	return user, bot
}

// userMessage finds the id the emulator gave the user's latest message
// with text.
func (e *emulator) userMessage(t *testing.T, token, text string) int {
	t.Helper()
	user, _ := e.history(t, token)
	for i := len(user) - 1; i >= 0; i-- {
		if user[i].Message.Text == text {
			return user[i].MessageID
		}
	}
	t.Fatalf("the emulator has no message %q", adapters.Clip(text, 60))
	return 0
}

// answers waits until the bot has sent n messages replying to msgID and
// returns them.
func (e *emulator) answers(t *testing.T, token string, msgID, n int) []entry {
	t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(wait)
	for {
		var got []entry
		_, bot := e.history(t, token)
		for _, b := range bot {
			if b.Message.ReplyTo == strconv.Itoa(msgID) {
				got = append(got, b)
			}
		}
		if len(got) >= n {
			return got
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d answers to message %d within %v, want %d", len(got), msgID, wait, n)
		}
	}
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
func runOnEmulator(t *testing.T, e *emulator, h adapters.Handler, setup func(*Adapter)) (token string, rec *recorder, logs *logbuf.Buffer, stop func()) {
	t.Helper()
	token = fmt.Sprintf("%d:e2e-%s", time.Now().UnixNano(), strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()))
	target, _ := url.Parse(e.url)
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
	e := emu.need(t)
	h := &e2eHandler{engine: engineHandler(t), votes: map[string]int{}}
	token, rec, logs, _ := runOnEmulator(t, e, h, func(a *Adapter) { a.pace = newPacer(unpaced, time.Now, sleepCtx) })
	const question = "how many afghans were deported in 2025?"
	private := e.client(token, 1001, 1001, "private")
	grp := e.client(token, 1002, -5005, "group")

	checkAnswer := func(t *testing.T, msgs []entry) {
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
		q := private.say(t, question, nil)
		msgs := e.answers(t, token, q, 1)
		checkAnswer(t, msgs)
		kb := msgs[0].Message.ReplyMarkup
		if kb == nil || len(kb.InlineKeyboard) != 1 || *kb.InlineKeyboard[0][0].CallbackData != "fb:up:0123456789ab" {
			t.Errorf("buttons %+v", kb)
		}
		answerID = msgs[0].MessageID
	})
	t.Run("group mention", func(t *testing.T) {
		checkAnswer(t, e.answers(t, token, grp.say(t, "@"+emuBotName+" "+question, nil), 1))
	})
	t.Run("group reply to the bot", func(t *testing.T) {
		bot := e.answers(t, token, grp.say(t, "/ask@"+emuBotName+" who wrote the report?", nil), 1)[0]
		q := grp.say(t, question, map[string]any{"reply_to_message": map[string]any{
			"message_id": bot.MessageID, "from": map[string]any{"id": emuBotID, "is_bot": true, "first_name": "Test"},
		}})
		checkAnswer(t, e.answers(t, token, q, 1))
	})
	t.Run("group /ask", func(t *testing.T) {
		checkAnswer(t, e.answers(t, token, grp.say(t, "/ask "+question, nil), 1))
	})
	t.Run("group plain text stays quiet", func(t *testing.T) {
		quiet := grp.say(t, question+" (just chatting)", nil)
		e.answers(t, token, grp.say(t, "/ask sentinel", nil), 1)
		_, bot := e.history(t, token)
		for _, b := range bot {
			if b.Message.ReplyTo == strconv.Itoa(quiet) {
				t.Errorf("the bot answered plain group text: %q", b.Message.Text)
			}
		}
	})
	for _, cmd := range []string{"/start", "/help", "/fact women", "/fact@" + emuBotName + " women", "/figures", "/source ¶2", "/privacy"} {
		t.Run(cmd, func(t *testing.T) {
			msgs := e.answers(t, token, private.say(t, cmd, nil), 1)
			want := strings.Replace(cmd, "@"+emuBotName, "", 1)
			if got := shown([]string{msgs[0].Message.Text}); !strings.HasPrefix(got, want+"\n") {
				t.Errorf("%s answered %q", cmd, got)
			}
		})
	}
	t.Run("feedback button", func(t *testing.T) {
		private.press(t, "fb:up:0123456789ab", answerID)
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
	t.Run("bad input", func(t *testing.T) {
		text := strings.Repeat("<b>&", 2500) + " @everyone \u202eevil"
		msgs := e.answers(t, token, private.say(t, text, nil), 1)
		for _, m := range msgs {
			checkHTML(t, m.Message.Text)
		}
	})
	t.Run("a sticker", func(t *testing.T) {
		q := private.say(t, "", map[string]any{"sticker": map[string]any{"file_id": "s", "emoji": "🙂"}})
		if got := shown([]string{e.answers(t, token, q, 1)[0].Message.Text}); got != sayTextOnly {
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
	e := emu.need(t)
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
	awaitReplies(t, e, token, users*each)
	stop() // whatever the bot had in hand is sent by now
	t.Logf("%d questions from %d users answered in %v", users*each, users, time.Since(start).Round(time.Millisecond))

	user, bot := e.history(t, token)
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
	e := emu.need(t)
	lim := limit.New(perMinute)
	frozen := time.Now()
	lim.SetClock(func() time.Time { return frozen })
	h := lim.Middleware(adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		return adapters.Reply{Answered: true, Blocks: []adapters.Block{{Kind: adapters.Quote, Text: "You asked: " + req.Text, Cite: report(1)}}}, nil
	}))
	token, _, _, stop := runOnEmulator(t, e, h, fastOverall)
	flood(t, e, token, users, each, 5000)
	awaitReplies(t, e, token, users*(perMinute+1)) // the answers and one notice each
	stop()
	user, bot := e.history(t, token)
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
	a.pace = newPacer(l, time.Now, sleepCtx)
}

// flood has users private chats (ids from firstID) each send each
// questions at once.
func flood(t *testing.T, e *emulator, token string, users, each int, firstID int64) {
	t.Helper()
	var wg sync.WaitGroup
	for u := range users {
		wg.Go(func() {
			c := e.client(token, firstID+int64(u), firstID+int64(u), "private")
			for i := range each {
				m := map[string]any{"botToken": token, "from": c.user, "chat": c.chat, "date": time.Now().Unix(), "text": fmt.Sprintf("question %d of user %d", i, u)}
				if err := e.send("/sendMessage", m); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// awaitReplies waits, at most 45 s, until the bot has sent n messages.
func awaitReplies(t *testing.T, e *emulator, token string, n int) {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(45 * time.Second)
	for {
		_, bot := e.history(t, token)
		if len(bot) >= n {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d replies of %d within 45s", len(bot), n)
		}
	}
}
