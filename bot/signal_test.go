package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
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
	seeds, err := filepath.Abs(seedsDir)
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cmd := exec.Command(binary, "-console")
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"CITEBOT_SEEDS_DIR=" + seeds, "CITEBOT_HTTP_ADDR=" + addr, "CITEBOT_DATA_DIR=" + t.TempDir()}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/livez")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no /livez after 20 s: %v", err)
		}
		time.Sleep(20 * time.Millisecond) // polling a process that is starting, with a deadline
	}
	if _, err := io.WriteString(stdin, "how many afghans were deported in 2025\n"); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	answered := false
	for lines.Scan() {
		if strings.Contains(lines.Text(), "2.6 million") {
			answered = true
			break
		}
	}
	if !answered {
		t.Fatal("the question was not answered before SIGTERM")
	}
	go io.Copy(io.Discard, stdout)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v, want 0", err)
		}
	case <-time.After(shutdownGrace + 5*time.Second):
		t.Fatal("still running after SIGTERM and the grace period")
	}
}
