package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"citebot/internal/tgfake"
)

// fakeTelegram is the Bot API as far as the bot's tests need it: getMe,
// getUpdates from tgfake's queue, sendMessage recorded (and, when asked,
// slow), and true for the rest. A test may make any call fail, or cut the
// connection as an unreachable server would.
type fakeTelegram struct {
	t       *testing.T
	srv     *httptest.Server
	token   string
	updates *tgfake.Updates

	mu      sync.Mutex
	changed chan struct{} // closed and renewed when a call is recorded
	counts  map[string]int
	offsets []int            // of every getUpdates call
	sent    []tgSent         // sendMessage calls answered
	inline  []tgInlineAnswer // answerInlineQuery calls
	hold    time.Duration    // how long each sendMessage takes
	sending chan struct{}    // gets a value when a sendMessage arrives
	// fault, when set, may answer a call instead: a status and body, or
	// status 0 to cut the connection; ok false lets the fake answer.
	fault func(method string, n int) (status int, body string, ok bool)
}

// tgInlineAnswer is the bot's answer to an inline query.
type tgInlineAnswer struct {
	QueryID string
	Results []struct {
		Title, Description string
		Content            struct {
			Text string `json:"message_text"`
		} `json:"input_message_content"`
	}
}

// tgSent is one message the bot sent.
type tgSent struct {
	Chat    int64
	ReplyTo int
	Text    string
}

const tgBotName = "CiteBot"

func newFakeTelegram(t *testing.T) *fakeTelegram {
	f := &fakeTelegram{
		t:       t,
		token:   "4242:fake-" + strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()),
		updates: tgfake.NewUpdates(100),
		changed: make(chan struct{}),
		counts:  map[string]int{},
		sending: make(chan struct{}, 10_000),
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// setFault sets fault (see the field).
func (f *fakeTelegram) setFault(fault func(method string, n int) (status int, body string, ok bool)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fault = fault
}

// setHold makes every sendMessage take d.
func (f *fakeTelegram) setHold(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hold = d
}

// URL is TELEGRAM_API_URL.
func (f *fakeTelegram) URL() string { return f.srv.URL }

func (f *fakeTelegram) serve(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, "/bot"+f.token+"/")
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	r.ParseForm()
	f.mu.Lock()
	f.counts[method]++
	n, fault, hold := f.counts[method], f.fault, f.hold
	f.mu.Unlock()
	if fault != nil {
		if status, body, ok := fault(method, n); ok {
			if status == 0 {
				if hj, ok := w.(http.Hijacker); ok {
					if c, _, err := hj.Hijack(); err == nil {
						c.Close()
						return
					}
				}
			}
			w.WriteHeader(status)
			fmt.Fprint(w, body)
			return
		}
	}
	var result any = true
	switch method {
	case "answerInlineQuery":
		a := tgInlineAnswer{QueryID: r.PostForm.Get("inline_query_id")}
		if err := json.Unmarshal([]byte(r.PostForm.Get("results")), &a.Results); err != nil {
			f.t.Errorf("answerInlineQuery: results %q: %v", r.PostForm.Get("results"), err)
		}
		f.record(func() { f.inline = append(f.inline, a) })
	case "getMe":
		result = map[string]any{"id": 4242, "is_bot": true, "first_name": "Cite", "username": tgBotName}
	case "getUpdates":
		offset, _ := strconv.Atoi(r.PostForm.Get("offset"))
		f.record(func() { f.offsets = append(f.offsets, offset) })
		f.updates.ServeHTTP(w, r)
		return
	case "sendMessage":
		f.sending <- struct{}{}
		if hold > 0 {
			select {
			case <-time.After(hold): // a slow platform, not a wait for the test
			case <-r.Context().Done():
				return
			}
		}
		chat, _ := strconv.ParseInt(r.PostForm.Get("chat_id"), 10, 64)
		reply, _ := strconv.Atoi(r.PostForm.Get("reply_to_message_id"))
		f.record(func() { f.sent = append(f.sent, tgSent{Chat: chat, ReplyTo: reply, Text: r.PostForm.Get("text")}) })
		result = map[string]any{"message_id": 900000 + n, "date": 1, "text": r.PostForm.Get("text"),
			"chat": map[string]any{"id": chat, "type": "private"}}
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

func (f *fakeTelegram) record(change func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change()
	close(f.changed)
	f.changed = make(chan struct{})
}

// push queues updates (tgMessage, tgButton), in one batch for the next
// getUpdates, and returns their ids.
func (f *fakeTelegram) push(us ...any) []int { return f.updates.Push(us...) }

// tgMessage is an update: user id's private message msgID saying text.
func tgMessage(user int64, msgID int, text string) map[string]any {
	m := map[string]any{
		"message_id": msgID, "date": 1, "text": text,
		"from": map[string]any{"id": user, "is_bot": false, "first_name": "Reader"},
		"chat": map[string]any{"id": user, "type": "private"},
	}
	if strings.HasPrefix(text, "/") {
		m["entities"] = []any{map[string]any{"type": "bot_command", "offset": 0, "length": len(strings.Fields(text)[0])}}
	}
	return map[string]any{"message": m}
}

// tgInline is an update: user id typed query after the bot's name in any
// chat (inline mode).
func tgInline(user int64, id, query string) map[string]any {
	return map[string]any{"inline_query": map[string]any{
		"id": id, "query": query, "offset": "",
		"from": map[string]any{"id": user, "is_bot": false, "first_name": "Reader"},
	}}
}

// tgButton is an update: user id pressed a button with data.
func tgButton(user int64, id, data string) map[string]any {
	return map[string]any{"callback_query": map[string]any{
		"id": id, "data": data, "chat_instance": "1",
		"from": map[string]any{"id": user, "is_bot": false, "first_name": "Reader"},
	}}
}

// until waits, at most 30 s, for cond over the fake's state.
func (f *fakeTelegram) until(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		f.mu.Lock()
		ok, changed := cond(), f.changed
		f.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			f.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// answers is what the bot sent, by the message it replies to.
func (f *fakeTelegram) answers() map[int]tgSent {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[int]tgSent{}
	for _, s := range f.sent {
		out[s.ReplyTo] = s
	}
	return out
}

// count is how many times method was called.
func (f *fakeTelegram) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[method]
}
