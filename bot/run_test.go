package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"citebot/adapters"
)

// TestRunServesLivezAndStopsOnCancel: with CITEBOT_HTTP_ADDR set, /livez
// answers while the bot runs, and cancelling (SIGINT, SIGTERM) stops
// everything cleanly.
func TestRunServesLivezAndStopsOnCancel(t *testing.T) {
	b := newTestBot(t)
	b.cfg.HTTPAddr = "127.0.0.1:0"
	addrs := make(chan string, 1)
	b.onListen = func(a string) { addrs <- a }
	ctx, cancel := context.WithCancel(context.Background())
	stdin, stdinW := io.Pipe() // a console that waits for input
	defer stdinW.Close()
	done := make(chan error, 1)
	go func() { done <- b.run(ctx, stdin, io.Discard) }()

	var addr string
	select {
	case addr = <-addrs:
	case err := <-done:
		t.Fatalf("run stopped at start: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no HTTP listener after 10 s")
	}
	resp, err := http.Get("http://" + addr + "/livez")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		t.Errorf("/livez = %d %q, want 200 ok", resp.StatusCode, body)
	}
	for path, want := range map[string]string{
		"/healthz": `"index":"ready: 18 passages"`,
		"/metrics": "citebot_index_passages 18",
	} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			t.Errorf("%s = %d, body lacks %q:\n%.500s", path, resp.StatusCode, want, body)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after cancel, want nil", err)
		}
	case <-time.After(shutdownGrace + 5*time.Second):
		t.Fatal("run did not stop after cancel")
	}
}

// TestHealthzIsUnhealthyWhenAPartIs: 503 with every part's state, while the
// healthy parts keep working.
func TestHealthzIsUnhealthyWhenAPartIs(t *testing.T) {
	var h health
	h.add("index", func() (bool, string) { return true, "ready" })
	h.add("telegram", func() (bool, string) { return false, "connecting: dial tcp: refused" })
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(body, `"telegram":"connecting`) || !strings.Contains(body, `"index":"ready"`) {
		t.Errorf("/healthz = %d %s", rec.Code, body)
	}
}

// TestMetricsCountQuestionsWithoutWhoAsked: outcomes are counted by adapter
// and nothing of the asker or the question reaches /metrics.
func TestMetricsCountQuestionsWithoutWhoAsked(t *testing.T) {
	b := newTestBot(t)
	h := b.Handler()
	for _, q := range []string{"how many afghans were deported in 2025", "what is the capital of france"} {
		if _, err := h.Handle(context.Background(), adapters.Request{Adapter: "telegram", Asker: "asker-secret", Text: q}); err != nil {
			t.Fatal(err)
		}
	}
	rec := httptest.NewRecorder()
	b.metrics.handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`citebot_questions_total{adapter="telegram",outcome="answered"} 1`,
		`citebot_questions_total{adapter="telegram",outcome="abstained"} 1`,
		`citebot_answer_seconds_count{adapter="telegram"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, secret := range []string{"asker-secret", "capital", "deported"} {
		if strings.Contains(body, secret) {
			t.Errorf("/metrics holds %q", secret)
		}
	}
}

// TestOnePlatformFailingLeavesTheOthers: a platform that stops (a bad
// token) is logged, and the process keeps serving on the others until it is
// told to stop; then it stops cleanly. With no platform left, runAll
// returns the platforms' errors.
func TestOnePlatformFailingLeavesTheOthers(t *testing.T) {
	b := newTestBot(t)
	ctx, cancel := context.WithCancel(context.Background())
	stillRunning := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- b.runAll(ctx, []runner{
			{name: "broken", face: true, run: func(context.Context) error { return errors.New("401 Unauthorized") }},
			{name: "working", face: true, run: func(ctx context.Context) error {
				close(stillRunning)
				<-ctx.Done()
				return nil
			}},
		})
	}()
	<-stillRunning
	select {
	case err := <-done:
		t.Fatalf("runAll stopped with a platform still working: %v", err)
	case <-time.After(200 * time.Millisecond): // long enough for a wrong cancel to land
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("runAll = %v after being told to stop, want nil (the broken platform was logged)", err)
	}

	err := b.runAll(context.Background(), []runner{
		{name: "broken", face: true, run: func(context.Context) error { return errors.New("401 Unauthorized") }},
	})
	if err == nil || !strings.Contains(err.Error(), "broken: 401") {
		t.Errorf("runAll = %v with every platform broken, want the broken platform's error", err)
	}
}

// TestTelegramWebhookIsServed: with TELEGRAM_WEBHOOK_URL set, the bot
// serves Telegram's updates at that URL's path on CITEBOT_HTTP_ADDR, and
// refuses an update without the secret.
func TestTelegramWebhookIsServed(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/getMe"):
			io.WriteString(w, `{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"citebot","username":"citebot"}}`)
		default:
			io.WriteString(w, `{"ok":true,"result":true}`)
		}
	}))
	defer api.Close()
	b := newTestBot(t)
	b.cfg.TelegramToken, b.cfg.TelegramAPIURL = "1:secret-token", api.URL
	b.cfg.TelegramWebhookURL, b.cfg.TelegramWebhookSecret = "https://bot.example.org/tg/hook", "s3cret"
	b.cfg.HTTPAddr = "127.0.0.1:0"
	addrs := make(chan string, 1)
	b.onListen = func(a string) { addrs <- a }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.run(ctx, strings.NewReader(""), io.Discard) }()
	defer func() { cancel(); <-done }()
	addr := <-addrs
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Post("http://"+addr+"/tg/hook", "application/json", strings.NewReader(`{"update_id":1}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusUnauthorized {
			break // mounted, and the missing secret refused
		}
		if resp.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("POST /tg/hook without the secret = %d, want 401", resp.StatusCode)
		}
		time.Sleep(10 * time.Millisecond) // the adapter is still connecting; polling with a deadline
	}
}
