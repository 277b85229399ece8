// Package discordfake is Discord as the discord adapter sees it, for tests:
// the REST API on an httptest server and the gateway over a real websocket
// on the same server. Tests point the adapter (or the bot, through
// DISCORD_API_URL) at URL, dispatch gateway events as users would make
// them, and read back every REST call the bot made. Every message the bot
// sends is checked, when the test ends, for an allowed_mentions list that
// pings no one.
//
// It imports the standard library and github.com/gorilla/websocket, never
// discordgo (the payloads are Discord's JSON, written by hand), and only
// tests import it.
package discordfake

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

// Wait bounds every wait of the fake: it guards against a hang, it does
// not pace a test.
const Wait = 10 * time.Second

// Server is a fake Discord: REST and gateway.
type Server struct {
	Token string // the bot token it accepts
	AppID string
	BotID string

	srv *httptest.Server

	mu      sync.Mutex
	calls   []Call
	changed chan struct{} // closed and replaced whenever something is recorded
	faults  []fault
	msgs    int
	gw      *conn   // the session's current connection
	conns   []*conn // every connection made
	idents  []json.RawMessage
	resumes int
	seq     int64
	session string
	refuse  bool // answer RESUME with INVALID_SESSION
	// closeCode and closeReason close the gateway after IDENTIFY.
	closeCode   int
	closeReason string

	ready chan *conn // a connection after READY or RESUMED
}

// Call is one REST request as the fake received it.
type Call struct {
	Method, Path string // Path without /api/vN
	Body         []byte
	Status       int
}

func (c Call) String() string { return c.Method + " " + c.Path }

// New starts a fake Discord that stops when the test ends; then every
// message the bot sent is checked with CheckAllowedMentions.
func New(t testing.TB) *Server {
	s := &Server{
		Token:   "MTIzNDU2Nzg5.fake.TOKEN-" + strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()),
		AppID:   "111111111111111111",
		BotID:   "111111111111111111",
		changed: make(chan struct{}),
		ready:   make(chan *conn, 16),
	}
	s.srv = httptest.NewUnstartedServer(s)
	s.srv.Start() // after s.srv is set: handlers read it
	t.Cleanup(func() {
		s.mu.Lock()
		conns := s.conns
		s.mu.Unlock()
		for _, c := range conns {
			c.ws.Close()
		}
		s.srv.Close()
		s.CheckAllowedMentions(t)
	})
	return s
}

// URL is the base URL of the REST API (DISCORD_API_URL).
func (s *Server) URL() string { return s.srv.URL }

var apiPrefix = regexp.MustCompile(`^/api/v[0-9]+`)

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/ws/" || r.URL.Path == "/ws" {
		s.serveGateway(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	path := apiPrefix.ReplaceAllString(r.URL.Path, "")
	c := Call{Method: r.Method, Path: path, Body: body}
	status, resp := s.route(r, c)
	c.Status = status
	s.record(func() { s.calls = append(s.calls, c) })
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

func (s *Server) route(r *http.Request, c Call) (int, any) {
	s.mu.Lock()
	for i, x := range s.faults {
		if x.n > 0 && strings.HasPrefix(c.String(), x.prefix) {
			s.faults[i].n--
			s.mu.Unlock()
			if x.status == http.StatusTooManyRequests {
				return x.status, map[string]any{"message": "You are being rate limited.", "retry_after": 0.05, "global": false}
			}
			return x.status, map[string]any{"message": http.StatusText(x.status), "code": 50035}
		}
	}
	s.mu.Unlock()
	seg := strings.Split(strings.Trim(c.Path, "/"), "/")
	authed := r.Header.Get("Authorization") == "Bot "+s.Token
	switch {
	case seg[0] == "interactions" || seg[0] == "webhooks":
		// Authenticated by the interaction token in the path.
	case !authed:
		return http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0}
	}
	switch {
	case c.Method == "GET" && (c.Path == "/gateway" || c.Path == "/gateway/bot"):
		return 200, map[string]any{"url": s.wsURL(), "shards": 1}
	case c.Method == "GET" && c.Path == "/oauth2/applications/@me":
		return 200, map[string]any{"id": s.AppID, "name": "citebot", "bot_public": true}
	case c.Method == "PUT" && seg[0] == "applications" && seg[len(seg)-1] == "commands":
		var cmds []map[string]any
		if err := json.Unmarshal(c.Body, &cmds); err != nil {
			return 400, map[string]any{"message": "Invalid Form Body"}
		}
		for i, cmd := range cmds {
			cmd["id"] = fmt.Sprint(900 + i)
			cmd["application_id"] = s.AppID
		}
		return 200, cmds
	case c.Method == "POST" && seg[0] == "interactions" && len(seg) == 4 && seg[3] == "callback":
		return http.StatusNoContent, nil
	case seg[0] == "webhooks" && c.Method == "POST":
		return 200, s.newMessage("webhook")
	case seg[0] == "webhooks" && c.Method == "PATCH":
		return 200, map[string]any{"id": seg[len(seg)-1]}
	case seg[0] == "webhooks" && c.Method == "DELETE":
		return http.StatusNoContent, nil
	case seg[0] == "channels" && len(seg) == 3 && seg[2] == "messages" && c.Method == "POST":
		return 200, s.newMessage(seg[1])
	case seg[0] == "channels" && len(seg) == 4 && c.Method == "PATCH":
		return 200, map[string]any{"id": seg[3], "channel_id": seg[1]}
	case seg[0] == "channels" && len(seg) == 4 && c.Method == "DELETE":
		return http.StatusNoContent, nil
	}
	return http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0}
}

func (s *Server) wsURL() string { return "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/ws" }

// LastMessageID is the id the fake gave the last message the bot sent.
func (s *Server) LastMessageID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprintf("%d", 500000+s.msgs)
}

func (s *Server) newMessage(channel string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs++
	return map[string]any{"id": fmt.Sprintf("%d", 500000+s.msgs), "channel_id": channel, "author": map[string]any{"id": s.BotID, "bot": true}}
}

// record changes the fake's state and wakes whoever waits on it.
func (s *Server) record(change func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change()
	close(s.changed)
	s.changed = make(chan struct{})
}

// fault is a failure the fake is to answer with.
type fault struct {
	prefix string // of "METHOD path"
	status int
	n      int // times left
}

// Fail makes the next n requests whose "METHOD path" starts with prefix
// ("POST /channels/") get status.
func (s *Server) Fail(prefix string, status, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{prefix, status, n})
}

// Limit makes the next n requests to prefix get 429 Too Many Requests.
func (s *Server) Limit(prefix string, n int) { s.Fail(prefix, http.StatusTooManyRequests, n) }

// Calls lists every REST call so far, failed ones included.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo lists the successful calls whose "METHOD path" starts with prefix.
func (s *Server) CallsTo(prefix string) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if strings.HasPrefix(c.String(), prefix) && c.Status < 300 {
			out = append(out, c)
		}
	}
	return out
}

// WaitCall waits for the n-th successful call to prefix and returns it.
func (s *Server) WaitCall(t testing.TB, prefix string, n int) Call {
	t.Helper()
	k := 0
	return s.WaitFor(t, fmt.Sprintf("%d × %s", n, prefix), func(c Call) bool {
		if strings.HasPrefix(c.String(), prefix) {
			k++
		}
		return k == n
	})
}

// WaitFor waits, at most Wait, for a successful call that match accepts
// and returns it. match sees the calls in the order they were made, each
// once.
func (s *Server) WaitFor(t testing.TB, what string, match func(Call) bool) Call {
	t.Helper()
	deadline := time.After(Wait)
	seen := 0
	for {
		s.mu.Lock()
		calls, changed := s.calls[seen:], s.changed
		s.mu.Unlock()
		for _, c := range calls {
			seen++
			if c.Status < 300 && match(c) {
				return c
			}
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("timed out waiting for %s; calls: %v", what, s.Calls())
			return Call{}
		}
	}
}

// CheckAllowedMentions asserts what every message on the wire carried: an
// allowed_mentions object whose parse is an empty list (not null, not
// missing), so that nothing in it pings anyone.
func (s *Server) CheckAllowedMentions(t testing.TB) {
	t.Helper()
	for _, c := range s.Calls() {
		if !carriesMessage(c) {
			continue
		}
		am, ok := AllowedMentions(c)
		if !ok {
			continue // PONG, autocomplete: no message
		}
		if !EmptyParse(am) {
			t.Errorf("%s: allowed_mentions = %s, want {\"parse\": [], …}", c, am)
		}
	}
}

func carriesMessage(c Call) bool {
	switch {
	case c.Method == "DELETE" || c.Method == "GET":
		return false
	case strings.HasPrefix(c.Path, "/channels/"), strings.HasPrefix(c.Path, "/webhooks/"), strings.HasPrefix(c.Path, "/interactions/"):
		return true
	}
	return false
}

// AllowedMentions is the allowed_mentions a message call carried: the
// body's own, or for an interaction response its data's. ok is false for
// an interaction response that is no message (PONG, autocomplete).
func AllowedMentions(c Call) (am json.RawMessage, ok bool) {
	var body struct {
		Type            int             `json:"type"`
		AllowedMentions json.RawMessage `json:"allowed_mentions"`
		Data            *struct {
			AllowedMentions json.RawMessage `json:"allowed_mentions"`
		} `json:"data"`
	}
	if json.Unmarshal(c.Body, &body) != nil {
		return nil, true
	}
	if !strings.HasPrefix(c.Path, "/interactions/") {
		return body.AllowedMentions, true
	}
	if body.Type != 4 && body.Type != 5 {
		return nil, false
	}
	if body.Data == nil {
		return nil, true
	}
	return body.Data.AllowedMentions, true
}

// EmptyParse tells whether raw is an allowed_mentions object with
// "parse": [].
func EmptyParse(raw json.RawMessage) bool {
	var am map[string]json.RawMessage
	if json.Unmarshal(raw, &am) != nil {
		return false
	}
	p, ok := am["parse"]
	return ok && string(bytes.TrimSpace(p)) == "[]"
}

// The gateway.

// conn is one websocket connection of the gateway.
type conn struct {
	ws  *websocket.Conn
	wmu sync.Mutex
}

func (c *conn) send(v any) error {
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

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &conn{ws: ws}
	s.record(func() { s.conns = append(s.conns, c) })
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
			s.identify(c, in.D)
		case 6: // resume
			s.resume(c, in.D)
		}
	}
}

func (s *Server) identify(c *conn, d json.RawMessage) {
	s.mu.Lock()
	code, reason := s.closeCode, s.closeReason
	s.mu.Unlock()
	if code != 0 {
		s.record(func() { s.idents = append(s.idents, d) })
		c.wmu.Lock()
		defer c.wmu.Unlock()
		c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason))
		return // the connection ends when the bot goes
	}
	var seq int64
	var session string
	s.record(func() {
		s.idents = append(s.idents, d)
		s.session = fmt.Sprintf("session-%d", len(s.idents))
		s.seq++
		seq, session = s.seq, s.session
		s.gw = c
	})
	c.send(map[string]any{"op": 0, "t": "READY", "s": seq, "d": map[string]any{
		"v": 9, "session_id": session, "resume_gateway_url": s.wsURL(),
		"user":        map[string]any{"id": s.BotID, "username": "citebot", "discriminator": "0", "bot": true},
		"application": map[string]any{"id": s.AppID, "flags": 0},
		"guilds":      []any{}, "private_channels": []any{},
	}})
	s.ready <- c
}

func (s *Server) resume(c *conn, d json.RawMessage) {
	var in struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	json.Unmarshal(d, &in)
	s.mu.Lock()
	ok := !s.refuse && in.SessionID == s.session && in.Token == "Bot "+s.Token
	s.mu.Unlock()
	if !ok {
		c.send(map[string]any{"op": 9, "d": false})
		return
	}
	var seq int64
	s.record(func() {
		s.resumes++
		s.seq++
		seq = s.seq
		s.gw = c
	})
	c.send(map[string]any{"op": 0, "t": "RESUMED", "s": seq, "d": map[string]any{}})
	s.ready <- c
}

// WaitReady waits for a connection to be identified or resumed.
func (s *Server) WaitReady(t testing.TB) {
	t.Helper()
	select {
	case <-s.ready:
	case <-time.After(Wait):
		t.Fatal("timed out waiting for the gateway session")
	}
}

// Dispatch sends an event (MESSAGE_CREATE, INTERACTION_CREATE, …) on the
// current connection.
func (s *Server) Dispatch(t testing.TB, event string, d any) {
	t.Helper()
	var c *conn
	var seq int64
	s.record(func() {
		s.seq++
		c, seq = s.gw, s.seq
	})
	if c == nil {
		t.Fatal("dispatch before the gateway is ready")
	}
	if err := c.send(map[string]any{"op": 0, "t": event, "s": seq, "d": d}); err != nil {
		t.Fatalf("dispatch %s: %v", event, err)
	}
}

// Drop cuts the current connection without a close frame, as a network
// failure would.
func (s *Server) Drop() {
	s.mu.Lock()
	c := s.gw
	s.gw = nil
	s.mu.Unlock()
	c.ws.UnderlyingConn().Close()
}

// RefuseResume makes the gateway answer RESUME with INVALID_SESSION (a new
// session is needed), or, with false, accept it again.
func (s *Server) RefuseResume(refuse bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = refuse
}

// RefuseIdentify makes the gateway close every connection with code and
// reason after IDENTIFY, as Discord does with a token (4004) or intents
// (4014) it refuses; code 0 lets the bot in again.
func (s *Server) RefuseIdentify(code int, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeCode, s.closeReason = code, reason
}

// Identifies are the IDENTIFY payloads received, in order.
func (s *Server) Identifies() []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]json.RawMessage(nil), s.idents...)
}

// Resumes counts the sessions resumed.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Connections counts the gateway connections made.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}
