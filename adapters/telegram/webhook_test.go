package telegram

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

const (
	hookURL    = "https://bot.example/telegram/hook"
	hookSecret = "hook-s3cr3t_value"
)

// post sends an update to the webhook as Telegram would, with secret as
// the header (none when empty), and returns the status.
func post(t *testing.T, url, method, secret string, u tgbotapi.Update) int {
	t.Helper()
	body, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestWebhook(t *testing.T) {
	f := newFakeAPI(t)
	h := newFakeHandler(nil)
	r := start(t, f, h, withConfig(func(c *Config) { c.WebhookURL, c.WebhookSecret = hookURL, hookSecret }))

	set := f.next("setWebhook")
	if set.form.Get("url") != hookURL || set.form.Get("secret_token") != hookSecret {
		t.Errorf("setWebhook url %q secret_token %q, want %q and the secret", set.form.Get("url"), set.form.Get("secret_token"), hookURL)
	}
	if got := set.form.Get("allowed_updates"); !strings.Contains(got, `"callback_query"`) || !strings.Contains(got, `"inline_query"`) || !strings.Contains(got, `"edited_message"`) {
		t.Errorf("allowed_updates %s", got)
	}

	srv := httptest.NewServer(r.WebhookHandler())
	defer srv.Close()
	m, up := f.message(privateChat(alice), alice, "how many?")
	up.UpdateID = 500

	tests := []struct {
		name, method, secret string
		want                 int
	}{
		{"no secret", http.MethodPost, "", http.StatusUnauthorized},
		{"wrong secret", http.MethodPost, "hook-s3cr3t_valuf", http.StatusForbidden},
		{"secret as prefix", http.MethodPost, hookSecret + "x", http.StatusForbidden},
		{"right secret, wrong method", http.MethodGet, hookSecret, http.StatusMethodNotAllowed},
		{"right secret", http.MethodPost, hookSecret, http.StatusOK},
		{"sent again", http.MethodPost, hookSecret, http.StatusOK},
	}
	for _, tt := range tests {
		if got := post(t, srv.URL, tt.method, tt.secret, up); got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}
	if c := f.next("sendMessage"); replyTo(c) != m.MessageID {
		t.Errorf("the answer replies to %d, want %d", replyTo(c), m.MessageID)
	}
	if req := h.next(t); req.Text != "how many?" {
		t.Errorf("request %+v", req)
	}

	// Nothing from the rejected posts or the repeat: the next answer is the
	// sentinel's.
	s, sup := f.message(privateChat(alice), alice, "sentinel")
	sup.UpdateID = 501
	if got := post(t, srv.URL, http.MethodPost, hookSecret, sup); got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	if c := f.next("sendMessage"); replyTo(c) != s.MessageID {
		t.Errorf("answered %d twice, or a rejected post", replyTo(c))
	}
	if n := f.count("getUpdates"); n != 0 {
		t.Errorf("getUpdates called %d times in webhook mode", n)
	}
}

func TestWebhookBeforeRunIsUnavailable(t *testing.T) {
	a, err := New(Config{Token: testToken, WebhookURL: hookURL, WebhookSecret: hookSecret}, newFakeHandler(nil))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.WebhookHandler())
	defer srv.Close()
	_, up := (&fakeAPI{}).message(privateChat(alice), alice, "hello")
	if got := post(t, srv.URL, http.MethodPost, hookSecret, up); got != http.StatusServiceUnavailable {
		t.Errorf("status %d before Run, want 503 so that Telegram sends it again", got)
	}
	if got := post(t, srv.URL, http.MethodPost, "", up); got != http.StatusUnauthorized {
		t.Errorf("status %d without the secret, want 401 before anything else", got)
	}
}

func TestWebhookHandlerInPollingModeRefuses(t *testing.T) {
	a, err := New(Config{Token: testToken}, newFakeHandler(nil))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.WebhookHandler())
	defer srv.Close()
	if got := post(t, srv.URL, http.MethodPost, "anything", tgbotapi.Update{UpdateID: 1}); got != http.StatusNotFound {
		t.Errorf("status %d, want 404", got)
	}
}

// TestHealthBeforeRun: /healthz reads an adapter that has not connected as
// not ready.
func TestHealthBeforeRun(t *testing.T) {
	a, err := New(Config{Token: "1:x"}, newFakeHandler(echo))
	if err != nil {
		t.Fatal(err)
	}
	if ok, state := a.Health(); ok || state != "not running" {
		t.Errorf("Health() = %v %q, want not ok, not running", ok, state)
	}
	a.connected.Store(true)
	if ok, _ := a.Health(); !ok {
		t.Error("a connected adapter is not healthy")
	}
}
