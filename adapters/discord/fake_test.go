package discord_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// fakeDiscord is Discord as far as the adapter sees it: the REST API on
// httptest and the gateway over a real websocket on the same server.
type fakeDiscord struct {
	t     testing.TB
	srv   *httptest.Server
	Token string
	AppID string
	BotID string

	mu      sync.Mutex
	calls   []call
	changed chan struct{} // closed and replaced whenever something is recorded
	faults  []fault
	msgs    int
	gw      *gwConn   // the session's current connection
	conns   []*gwConn // every connection made
	idents  []json.RawMessage
	resumes int
	seq     int64
	session string
	refuse  bool // answer RESUME with INVALID_SESSION
	settles int

	ready chan *gwConn // a connection after READY or RESUMED
}

// call is one REST request as the fake received it.
type call struct {
	Method, Path string // Path without /api/vN
	Body         []byte
	Status       int
}

func (c call) String() string { return c.Method + " " + c.Path }

func newFake(t testing.TB) *fakeDiscord {
	f := &fakeDiscord{
		t:       t,
		Token:   "MTIzNDU2Nzg5.fake.TOKEN-" + strings.ReplaceAll(t.Name(), "/", "-"),
		AppID:   "111111111111111111",
		BotID:   "111111111111111111",
		changed: make(chan struct{}),
		ready:   make(chan *gwConn, 16),
	}
	f.srv = httptest.NewServer(f)
	t.Cleanup(func() {
		f.mu.Lock()
		conns := f.conns
		f.mu.Unlock()
		for _, c := range conns {
			c.ws.Close()
		}
		f.srv.Close()
		f.checkAllowedMentions(t)
	})
	return f
}

var apiPrefix = regexp.MustCompile(`^/api/v[0-9]+`)

func (f *fakeDiscord) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/ws/" || r.URL.Path == "/ws" {
		f.serveGateway(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	path := apiPrefix.ReplaceAllString(r.URL.Path, "")
	c := call{Method: r.Method, Path: path, Body: body}
	status, resp := f.route(r, c)
	c.Status = status
	f.record(func() { f.calls = append(f.calls, c) })
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	if resp == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(resp)
}

func (f *fakeDiscord) route(r *http.Request, c call) (int, any) {
	f.mu.Lock()
	for i, x := range f.faults {
		if x.n > 0 && strings.HasPrefix(c.String(), x.prefix) {
			f.faults[i].n--
			f.mu.Unlock()
			if x.status == http.StatusTooManyRequests {
				return x.status, map[string]any{"message": "You are being rate limited.", "retry_after": 0.05, "global": false}
			}
			return x.status, map[string]any{"message": http.StatusText(x.status), "code": 50035}
		}
	}
	f.mu.Unlock()
	seg := strings.Split(strings.Trim(c.Path, "/"), "/")
	authed := r.Header.Get("Authorization") == "Bot "+f.Token
	switch {
	case seg[0] == "interactions" || seg[0] == "webhooks":
		// Authenticated by the interaction token in the path.
	case !authed:
		return http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0}
	}
	switch {
	case c.Method == "GET" && (c.Path == "/gateway" || c.Path == "/gateway/bot"):
		return 200, map[string]any{"url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/ws", "shards": 1}
	case c.Method == "GET" && c.Path == "/oauth2/applications/@me":
		return 200, map[string]any{"id": f.AppID, "name": "citebot", "bot_public": true}
	case c.Method == "PUT" && seg[0] == "applications" && seg[len(seg)-1] == "commands":
		var cmds []map[string]any
		if err := json.Unmarshal(c.Body, &cmds); err != nil {
			return 400, map[string]any{"message": "Invalid Form Body"}
		}
		for i, cmd := range cmds {
			cmd["id"] = fmt.Sprint(900 + i)
			cmd["application_id"] = f.AppID
		}
		return 200, cmds
	case c.Method == "POST" && seg[0] == "interactions" && len(seg) == 4 && seg[3] == "callback":
		return http.StatusNoContent, nil
	case seg[0] == "webhooks" && c.Method == "POST":
		return 200, f.newMessage("webhook")
	case seg[0] == "webhooks" && c.Method == "PATCH":
		return 200, map[string]any{"id": seg[len(seg)-1]}
	case seg[0] == "webhooks" && c.Method == "DELETE":
		return http.StatusNoContent, nil
	case seg[0] == "channels" && len(seg) == 3 && seg[2] == "messages" && c.Method == "POST":
		return 200, f.newMessage(seg[1])
	case seg[0] == "channels" && len(seg) == 4 && c.Method == "PATCH":
		return 200, map[string]any{"id": seg[3], "channel_id": seg[1]}
	case seg[0] == "channels" && len(seg) == 4 && c.Method == "DELETE":
		return http.StatusNoContent, nil
	}
	return http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0}
}

func (f *fakeDiscord) newMessage(channel string) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.msgs++
	return map[string]any{"id": fmt.Sprintf("%d", 500000+f.msgs), "channel_id": channel, "author": map[string]any{"id": f.BotID, "bot": true}}
}

// record changes the fake's state and wakes whoever waits on it.
func (f *fakeDiscord) record(change func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change()
	close(f.changed)
	f.changed = make(chan struct{})
}

// fault is a failure the fake is to answer with.
type fault struct {
	prefix string // of "METHOD path"
	status int
	n      int // times left
}

// fail makes the next n requests whose "METHOD path" starts with prefix
// ("POST /channels/") get status.
func (f *fakeDiscord) fail(prefix string, status, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, fault{prefix, status, n})
}

// limit makes the next n requests to prefix get 429 Too Many Requests.
func (f *fakeDiscord) limit(prefix string, n int) { f.fail(prefix, http.StatusTooManyRequests, n) }

// until waits, at most 10 s, for cond to hold over the fake's state.
func (f *fakeDiscord) until(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.After(10 * time.Second)
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
			f.t.Fatalf("timed out waiting for %s; calls: %v", what, f.allCalls())
		}
	}
}

func (f *fakeDiscord) allCalls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// callsTo lists the successful calls whose "METHOD path" starts with prefix.
func (f *fakeDiscord) callsTo(prefix string) []call {
	var out []call
	for _, c := range f.allCalls() {
		if strings.HasPrefix(c.String(), prefix) && c.Status < 300 {
			out = append(out, c)
		}
	}
	return out
}

// waitCall waits for the n-th successful call to prefix and returns it.
func (f *fakeDiscord) waitCall(prefix string, n int) call {
	f.t.Helper()
	var got call
	f.until(fmt.Sprintf("%d × %s", n, prefix), func() bool {
		k := 0
		for _, c := range f.calls {
			if strings.HasPrefix(c.String(), prefix) && c.Status < 300 {
				if k++; k == n {
					got = c
					return true
				}
			}
		}
		return false
	})
	return got
}

// checkAllowedMentions asserts what every message on the wire carried: an
// allowed_mentions object whose parse is an empty list (not null, not
// missing), so that nothing in it pings anyone.
func (f *fakeDiscord) checkAllowedMentions(t testing.TB) {
	t.Helper()
	for _, c := range f.allCalls() {
		if !carriesMessage(c) {
			continue
		}
		var body struct {
			Type            int             `json:"type"`
			AllowedMentions json.RawMessage `json:"allowed_mentions"`
			Data            *struct {
				AllowedMentions json.RawMessage `json:"allowed_mentions"`
			} `json:"data"`
		}
		if err := json.Unmarshal(c.Body, &body); err != nil {
			t.Errorf("%s: body is not JSON: %v", c, err)
			continue
		}
		am := body.AllowedMentions
		if strings.HasPrefix(c.Path, "/interactions/") {
			if body.Type != 4 && body.Type != 5 {
				continue // PONG, autocomplete: no message
			}
			if body.Data == nil {
				t.Errorf("%s: response without data: %s", c, c.Body)
				continue
			}
			am = body.Data.AllowedMentions
		}
		if !emptyParse(am) {
			t.Errorf("%s: allowed_mentions = %s, want {\"parse\": [], …}", c, am)
		}
	}
}

func carriesMessage(c call) bool {
	switch {
	case c.Method == "DELETE" || c.Method == "GET":
		return false
	case strings.HasPrefix(c.Path, "/channels/"), strings.HasPrefix(c.Path, "/webhooks/"), strings.HasPrefix(c.Path, "/interactions/"):
		return true
	}
	return false
}

// emptyParse tells whether raw is an allowed_mentions object with
// "parse": [].
func emptyParse(raw json.RawMessage) bool {
	var am map[string]json.RawMessage
	if json.Unmarshal(raw, &am) != nil {
		return false
	}
	p, ok := am["parse"]
	return ok && string(bytes.TrimSpace(p)) == "[]"
}

// The gateway.

// gwConn is one websocket connection of the gateway.
type gwConn struct {
	ws  *websocket.Conn
	wmu sync.Mutex
}

func (c *gwConn) send(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.ws.WriteJSON(v)
}

var upgrader = websocket.Upgrader{}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  int64           `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

func (f *fakeDiscord) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	f.record(func() { f.conns = append(f.conns, c) })
	defer ws.Close()
	if c.send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}}) != nil {
		return
	}
	for {
		var in frame
		if err := ws.ReadJSON(&in); err != nil {
			return
		}
		switch in.Op {
		case 1: // heartbeat
			c.send(map[string]any{"op": 11})
		case 2: // identify
			f.identify(c, in.D)
		case 6: // resume
			f.resume(c, in.D)
		}
	}
}

func (f *fakeDiscord) identify(c *gwConn, d json.RawMessage) {
	var seq int64
	var session string
	f.record(func() {
		f.idents = append(f.idents, d)
		f.session = fmt.Sprintf("session-%d", len(f.idents))
		f.seq++
		seq, session = f.seq, f.session
		f.gw = c
	})
	c.send(map[string]any{"op": 0, "t": "READY", "s": seq, "d": map[string]any{
		"v": 9, "session_id": session, "resume_gateway_url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/ws",
		"user":        map[string]any{"id": f.BotID, "username": "citebot", "discriminator": "0", "bot": true},
		"application": map[string]any{"id": f.AppID, "flags": 0},
		"guilds":      []any{}, "private_channels": []any{},
	}})
	f.ready <- c
}

func (f *fakeDiscord) resume(c *gwConn, d json.RawMessage) {
	var in struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	json.Unmarshal(d, &in)
	f.mu.Lock()
	ok := !f.refuse && in.SessionID == f.session && in.Token == "Bot "+f.Token
	f.mu.Unlock()
	if !ok {
		c.send(map[string]any{"op": 9, "d": false})
		return
	}
	var seq int64
	f.record(func() {
		f.resumes++
		f.seq++
		seq = f.seq
		f.gw = c
	})
	c.send(map[string]any{"op": 0, "t": "RESUMED", "s": seq, "d": map[string]any{}})
	f.ready <- c
}

// waitReady waits for a connection to be identified or resumed.
func (f *fakeDiscord) waitReady() *gwConn {
	f.t.Helper()
	select {
	case c := <-f.ready:
		return c
	case <-time.After(10 * time.Second):
		f.t.Fatal("timed out waiting for the gateway session")
		return nil
	}
}

// dispatch sends an event on the current connection.
func (f *fakeDiscord) dispatch(event string, d any) {
	f.t.Helper()
	var c *gwConn
	var seq int64
	f.record(func() {
		f.seq++
		c, seq = f.gw, f.seq
	})
	if c == nil {
		f.t.Fatal("dispatch before the gateway is ready")
	}
	if err := c.send(map[string]any{"op": 0, "t": event, "s": seq, "d": d}); err != nil {
		f.t.Fatalf("dispatch %s: %v", event, err)
	}
}

// drop cuts the current connection without a close frame, as a network
// failure would.
func (f *fakeDiscord) drop() {
	f.mu.Lock()
	c := f.gw
	f.gw = nil
	f.mu.Unlock()
	c.ws.UnderlyingConn().Close()
}

func (f *fakeDiscord) identifies() []json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]json.RawMessage(nil), f.idents...)
}
