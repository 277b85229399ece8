package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"golang.org/x/time/rate"

	"citebot/adapters"
	"citebot/internal/logbuf"
	"citebot/internal/tgfake"
)

// unpaced lets tests send as fast as they like.
var unpaced = limits{chat: rate.Inf, group: rate.Inf, global: rate.Inf, chatBurst: 1, groupBurst: 1, globalBurst: 1, idle: time.Minute, chatCap: 1000, sweepEvery: 100}

// testToken is distinctive so that a test can look for it in every log line.
const testToken = "424242:AAH-s3cr3t_T0KEN-do-not-log"

// botID and botName are who the fake says the bot is.
const (
	botID   = 4242
	botName = "CiteBot"
)

// wait is how long a test waits for something the bot should do.
const wait = 10 * time.Second

// fakeAPI is a hand-written Bot API server: it hands out the updates a test
// pushes through getUpdates (tgfake's queue, honouring offset and timeout
// like Telegram), records every other call by method, and lets a test make
// any call fail.
type fakeAPI struct {
	t       *testing.T
	srv     *httptest.Server
	updates *tgfake.Updates

	mu      sync.Mutex
	nextMID int
	byName  map[string]chan call
	counts  map[string]int
	// fault, when set, may answer a call instead of the fake: it returns
	// the HTTP status and body, or ok false to let the fake answer.
	fault func(method string, n int, form url.Values) (status int, body string, ok bool)
	// polled counts getUpdates calls; pollForms are their parameters.
	polled    atomic.Int64
	pollForms []url.Values
}

// call is one request the bot made.
type call struct {
	method string
	form   url.Values
	id     int // the message sent or edited
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{t: t, updates: tgfake.NewUpdates(100), nextMID: 1000, byName: map[string]chan call{}, counts: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) calls(method string) chan call {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch, ok := f.byName[method]
	if !ok {
		ch = make(chan call, 2000)
		f.byName[method] = ch
	}
	return ch
}

// count is how many times method has been called.
func (f *fakeAPI) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[method]
}

// next waits for the bot's next call of method.
func (f *fakeAPI) next(method string) call {
	f.t.Helper()
	select {
	case c := <-f.calls(method):
		return c
	case <-time.After(wait):
		f.t.Fatalf("the bot did not call %s within %v", method, wait)
		return call{}
	}
}

// none checks that the bot has made no call of method not yet taken.
func (f *fakeAPI) none(method string) {
	f.t.Helper()
	select {
	case c := <-f.calls(method):
		f.t.Errorf("unexpected %s: %v", method, c.form)
	default:
	}
}

// push queues an update for getUpdates and returns its id.
func (f *fakeAPI) push(u tgbotapi.Update) int { return f.updates.Push(u)[0] }

// msgID hands out a message id, as Telegram numbers a chat's messages.
func (f *fakeAPI) msgID() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextMID++
	return f.nextMID
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, "/bot"+testToken+"/")
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if method == "getUpdates" {
		f.polled.Add(1)
		f.mu.Lock()
		f.pollForms = append(f.pollForms, r.PostForm)
		f.mu.Unlock()
	}
	f.mu.Lock()
	f.counts[method]++
	n := f.counts[method]
	fault := f.fault
	f.mu.Unlock()
	if fault != nil {
		if status, body, ok := fault(method, n, r.PostForm); ok {
			w.WriteHeader(status)
			fmt.Fprint(w, body)
			return
		}
	}
	if method == "getUpdates" {
		f.updates.ServeHTTP(w, r)
		return
	}
	var result any = true
	c := call{method: method, form: r.PostForm}
	switch method {
	case "getMe":
		result = tgbotapi.User{ID: botID, IsBot: true, FirstName: "Cite", UserName: botName}
	case "sendMessage", "editMessageText":
		chat, _ := strconv.ParseInt(r.PostForm.Get("chat_id"), 10, 64)
		c.id, _ = strconv.Atoi(r.PostForm.Get("message_id"))
		if method == "sendMessage" {
			c.id = f.msgID()
		}
		result = map[string]any{"message_id": c.id, "date": 1, "text": r.PostForm.Get("text"),
			"from": map[string]any{"id": botID, "is_bot": true, "first_name": "Cite"}, "chat": map[string]any{"id": chat, "type": "private"}}
	}
	f.calls(method) <- c
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

// Updates as users make them.

var (
	alice = &tgbotapi.User{ID: 1001, FirstName: "Alice"}
	bob   = &tgbotapi.User{ID: 1002, FirstName: "Bob"}
)

func privateChat(u *tgbotapi.User) *tgbotapi.Chat { return &tgbotapi.Chat{ID: u.ID, Type: "private"} }

var group = &tgbotapi.Chat{ID: -100777, Type: "supergroup", Title: "Readers"}

// message is a new message from u in chat; returns the update and the
// message's id.
func (f *fakeAPI) message(chat *tgbotapi.Chat, u *tgbotapi.User, text string) (*tgbotapi.Message, tgbotapi.Update) {
	m := &tgbotapi.Message{MessageID: f.msgID(), From: u, Chat: chat, Date: 1, Text: text}
	if strings.HasPrefix(text, "/") {
		m.Entities = []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: len(strings.Fields(text)[0])}}
	}
	return m, tgbotapi.Update{Message: m}
}

// ask pushes a new message and returns it.
func (f *fakeAPI) ask(chat *tgbotapi.Chat, u *tgbotapi.User, text string) *tgbotapi.Message {
	m, up := f.message(chat, u, text)
	f.push(up)
	return m
}

// fakeHandler records requests and answers them with answer.
type fakeHandler struct {
	reqs   chan adapters.Request
	answer func(adapters.Request) (adapters.Reply, error)
}

func newFakeHandler(answer func(adapters.Request) (adapters.Reply, error)) *fakeHandler {
	if answer == nil {
		answer = echo
	}
	return &fakeHandler{reqs: make(chan adapters.Request, 2000), answer: answer}
}

func (h *fakeHandler) Handle(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
	h.reqs <- req
	return h.answer(req)
}

// next waits for the next request the adapter made.
func (h *fakeHandler) next(t *testing.T) adapters.Request {
	t.Helper()
	select {
	case r := <-h.reqs:
		return r
	case <-time.After(wait):
		t.Fatalf("the handler was not called within %v", wait)
		return adapters.Request{}
	}
}

// echo answers with the command and text it got, and a quote.
func echo(req adapters.Request) (adapters.Reply, error) {
	return adapters.Reply{Answered: true, ID: "0123456789ab", Blocks: []adapters.Block{
		{Kind: adapters.Text, Text: fmt.Sprintf("command=%q text=%q", req.Command, req.Text)},
		{Kind: adapters.Quote, Text: "over 2.6 million Afghans have been deported or returned", Cite: report(2)},
	}}, nil
}

func report(p int) *adapters.Citation {
	// As a reply that quotes one document cites it: no title.
	return &adapters.Citation{
		ID:        fmt.Sprintf("000_bcd3b0e1b0c25f4c#%d", p),
		Publisher: "Dawat Media Center",
		Date:      "2025-12-16",
		Paragraph: p,
	}
}

// sleeper stands in for waiting: it notes each wait and returns at once
// (or, with block, when the test lets it).
type sleeper struct {
	waits chan time.Duration
	block bool
	go_   chan struct{}
}

func newSleeper(block bool) *sleeper {
	return &sleeper{waits: make(chan time.Duration, 1000), block: block, go_: make(chan struct{})}
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.waits <- d
	if s.block {
		select {
		case <-s.go_:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return ctx.Err()
}

func (s *sleeper) next(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-s.waits:
		return d
	case <-time.After(wait):
		t.Fatalf("no wait within %v", wait)
		return 0
	}
}

// running is an adapter under test with its log.
type running struct {
	*Adapter
	log  *logbuf.Buffer
	done chan error
}

// start runs an adapter against f until the test ends. setup, when given,
// may change the config or the adapter before Run.
func start(t *testing.T, f *fakeAPI, h adapters.Handler, setup ...func(*Config, *Adapter)) *running {
	t.Helper()
	logs := &logbuf.Buffer{}
	cfg := Config{Token: testToken, APIURL: f.srv.URL, Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, s := range setup {
		s(&cfg, nil)
	}
	a, err := New(cfg, h)
	if err != nil {
		t.Fatal(err)
	}
	a.poll = time.Second
	a.pace = newPacer(unpaced, time.Now, adapters.Sleep) // pacing has tests of its own
	for _, s := range setup {
		s(nil, a)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{Adapter: a, log: logs, done: make(chan error, 1)}
	go func() { r.done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-r.done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(wait):
			t.Errorf("Run did not return within %v of its context ending", wait)
		}
		if strings.Contains(logs.String(), testToken) {
			t.Errorf("the token is in the log:\n%s", logs.String())
		}
	})
	return r
}

// returned is what Run, running in the background, sends on done; it
// fails the test when Run does not return within wait.
func returned(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(wait):
		t.Fatal("Run did not return")
		return nil
	}
}

// withConfig and withAdapter make setup functions for start.
func withConfig(fn func(*Config)) func(*Config, *Adapter) {
	return func(c *Config, a *Adapter) {
		if c != nil {
			fn(c)
		}
	}
}

func withAdapter(fn func(*Adapter)) func(*Config, *Adapter) {
	return func(c *Config, a *Adapter) {
		if a != nil {
			fn(a)
		}
	}
}

// sentText is the text of a sendMessage call, and what it replies to.
func replyTo(c call) int {
	id, _ := strconv.Atoi(c.form.Get("reply_to_message_id"))
	return id
}

// keyboard reads the callback data of a message's buttons.
func keyboard(t *testing.T, c call) []string {
	t.Helper()
	raw := c.form.Get("reply_markup")
	if raw == "" {
		return nil
	}
	var kb tgbotapi.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(raw), &kb); err != nil {
		t.Fatalf("reply_markup %s: %v", raw, err)
	}
	var out []string
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil {
				out = append(out, b.Text+" "+*b.CallbackData)
			}
		}
	}
	return out
}
