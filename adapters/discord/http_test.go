package discord_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"citebot/adapters"
	"citebot/adapters/discord"
	"citebot/internal/discordfake"
)

// webhook is the bot's interactions endpoint, served over loopback, with
// the key Discord would sign with.
type webhook struct {
	*running
	url  string
	priv ed25519.PrivateKey
}

func startWebhook(t *testing.T, f *discordfake.Server, h adapters.Handler, gateway bool) *webhook {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, f, discord.Config{PublicKey: hex.EncodeToString(pub), Gateway: gateway}, h)
	srv := httptest.NewServer(r.InteractionsHandler())
	t.Cleanup(srv.Close)
	f.WaitCall(t, "PUT /applications/", 1) // Run has registered the commands
	return &webhook{running: r, url: srv.URL + "/discord/interactions", priv: priv}
}

// post sends body as Discord would, signed with key at time ts.
func (w *webhook) post(t *testing.T, body []byte, ts time.Time, key ed25519.PrivateKey) (int, []byte) {
	t.Helper()
	status, out, err := w.send(body, ts, key)
	if err != nil {
		t.Fatal(err)
	}
	return status, out
}

// send is post for goroutines other than the test's.
func (w *webhook) send(body []byte, ts time.Time, key ed25519.PrivateKey) (int, []byte, error) {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	req, err := http.NewRequest("POST", w.url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(stamp), body...))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHTTPInteractions(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	w := startWebhook(t, f, engineHandler(t), false)
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	ask := mustJSON(t, f.Slash("1101", "ask", []string{"question", "@everyone how many afghans were deported in 2025"}))
	now := time.Now()

	t.Run("a good signature is answered", func(t *testing.T) {
		status, body := w.post(t, ask, now, w.priv)
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, body)
		}
		var r discordfake.Response
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatal(err)
		}
		if r.Type != 4 || !strings.Contains(r.Data.Text(), "2.6 million") || !strings.Contains(r.Data.Text(), "¶2") {
			t.Errorf("response type %d:\n%s\nwant the cited answer", r.Type, r.Data.Text())
		}
		var raw struct {
			Data struct {
				AllowedMentions json.RawMessage `json:"allowed_mentions"`
			} `json:"data"`
		}
		json.Unmarshal(body, &raw)
		if !discordfake.EmptyParse(raw.Data.AllowedMentions) {
			t.Errorf("allowed_mentions %s, want \"parse\": []", raw.Data.AllowedMentions)
		}
	})
	t.Run("PING gets PONG", func(t *testing.T) {
		status, body := w.post(t, []byte(`{"id":"1","application_id":"1","type":1,"token":"t","version":1}`), now, w.priv)
		if status != http.StatusOK || strings.TrimSpace(string(body)) != `{"type":1}` {
			t.Errorf("status %d body %s, want 200 {\"type\":1}", status, body)
		}
	})
	refused := []struct {
		name string
		body []byte
		ts   time.Time
		key  ed25519.PrivateKey
	}{
		{"a bad signature", ask, now, otherKey},
		{"a stale timestamp", ask, now.Add(-6 * time.Minute), w.priv},
		{"a timestamp from the future", ask, now.Add(6 * time.Minute), w.priv},
	}
	for _, tt := range refused {
		t.Run(tt.name+" gets 401", func(t *testing.T) {
			if status, body := w.post(t, tt.body, tt.ts, tt.key); status != http.StatusUnauthorized {
				t.Errorf("status %d (%s), want 401", status, body)
			}
		})
	}
	t.Run("a body changed after signing gets 401", func(t *testing.T) {
		stamp := strconv.FormatInt(now.Unix(), 10)
		req, _ := http.NewRequest("POST", w.url, bytes.NewReader(bytes.Replace(ask, []byte("2025"), []byte("2024"), 1)))
		req.Header.Set("X-Signature-Timestamp", stamp)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(w.priv, append([]byte(stamp), ask...))))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", resp.StatusCode)
		}
	})
	t.Run("no signature gets 401", func(t *testing.T) {
		resp, err := http.Post(w.url, "application/json", bytes.NewReader(ask))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", resp.StatusCode)
		}
	})
	t.Run("GET is not allowed", func(t *testing.T) {
		resp, err := http.Get(w.url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("status %d, want 405", resp.StatusCode)
		}
	})
	t.Run("a signed body that is not an interaction gets 400", func(t *testing.T) {
		if status, _ := w.post(t, []byte("not json"), now, w.priv); status != http.StatusBadRequest {
			t.Errorf("status %d, want 400", status)
		}
	})
	t.Run("a huge body gets 413", func(t *testing.T) {
		if status, _ := w.post(t, bytes.Repeat([]byte(" "), 2<<20), now, w.priv); status != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", status)
		}
	})
	t.Run("the gateway is not opened", func(t *testing.T) {
		if n := f.Connections(); n != 0 {
			t.Errorf("%d gateway connections, want none without DISCORD_GATEWAY", n)
		}
	})
}

func TestHTTPInteractionFollowUps(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	w := startWebhook(t, f, &recorder{reply: func(adapters.Request) (adapters.Reply, error) { return manyQuotes(30, 450), nil }}, false)
	status, body := w.post(t, mustJSON(t, f.Slash("1201", "figures", nil)), time.Now(), w.priv)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	var first discordfake.Response
	json.Unmarshal(body, &first)
	if len(first.Data.Buttons()) != 0 {
		t.Error("the first of several messages carries the buttons")
	}
	last := discordfake.Decode[discordfake.Sent](t, f.WaitCall(t, "POST /webhooks/"+f.AppID+"/itok-1201", 2))
	if len(last.Buttons()) != 2 {
		t.Errorf("last follow-up buttons %v, want 👍 and 👎", last.Buttons())
	}
}

func TestHTTPInteractionsWithTheGatewayToo(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	h := &recorder{}
	w := startWebhook(t, f, h, true)
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("1301", "a DM over the gateway", false, false))
	f.WaitCall(t, "POST /channels/", 1)
	if status, body := w.post(t, mustJSON(t, f.Slash("1302", "ask", []string{"question", "over http"})), time.Now(), w.priv); status != http.StatusOK {
		t.Errorf("status %d: %s", status, body)
	}
}

func TestHTTPInteractionsNeedThePublicKey(t *testing.T) {
	t.Parallel()
	a, err := discord.New(discord.Config{Token: "x.y.z"}, &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.InteractionsHandler())
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/discord/interactions", "application/json", strings.NewReader(`{"type":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("status %d, want 404 without DISCORD_PUBLIC_KEY", resp.StatusCode)
	}
}
