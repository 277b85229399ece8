package main

import (
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// freeAddr finds a loopback address no one listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestSIGTERMStopsCleanly runs the real program with HTTP on, asks it a
// question, then sends SIGTERM: it exits 0, promptly.
func TestSIGTERMStopsCleanly(t *testing.T) {
	addr := freeAddr(t)
	p := startProcess(t, map[string]string{"CITEBOT_HTTP_ADDR": addr}, "-console")
	var err error
	live := eventually(20*time.Second, 20*time.Millisecond, func() bool {
		p.alive(t)
		var resp *http.Response
		if resp, err = http.Get("http://" + addr + "/livez"); err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
	if !live {
		t.Fatalf("no /livez after 20 s: %v", err)
	}
	if _, err := io.WriteString(p.stdin, "how many afghans were deported in 2025\n"); err != nil {
		t.Fatal(err)
	}
	if p.line(t, 30*time.Second, "2.6 million") == "" {
		t.Fatal("the question was not answered before SIGTERM")
	}
	p.stop(t)
}
