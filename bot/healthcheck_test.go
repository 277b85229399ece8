package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHealthcheck runs `bot healthcheck` as a container runtime would:
// against a running bot, a failing one and none.
func TestHealthcheck(t *testing.T) {
	addr := freeAddr(t)
	p := startProcess(t, map[string]string{"CITEBOT_HTTP_ADDR": addr}, "-console")
	untilHealth(t, p, addr, "the index ready", func(parts map[string]string) bool { return parts["index"] != "" })
	_, port, _ := net.SplitHostPort(addr)

	sick := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"healthy":false,"parts":{"telegram":"stopped: 401"}}`))
	}))
	defer sick.Close()

	tests := []struct {
		name   string
		addr   string
		code   int
		stdout string
		stderr string
	}{
		{name: "healthy", addr: addr, code: 0, stdout: `"healthy":true`},
		{name: "listen address without host", addr: ":" + port, code: 0, stdout: `"healthy":true`},
		{name: "unhealthy", addr: strings.TrimPrefix(sick.URL, "http://"), code: 1, stderr: "stopped: 401"},
		{name: "nothing listening", addr: freeAddr(t), code: 1, stderr: "healthcheck"},
		{name: "no address", addr: "", code: 2, stderr: "CITEBOT_HTTP_ADDR is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBot(t, map[string]string{"CITEBOT_HTTP_ADDR": tt.addr}, "", "healthcheck")
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\nstderr: %s", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stdout %q, stderr %q; want them to hold %q and %q", r.stdout, r.stderr, tt.stdout, tt.stderr)
			}
		})
	}
	p.stop(t)
}
