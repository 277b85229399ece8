package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
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
