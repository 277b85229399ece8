package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"citebot/curated"
	"citebot/internal/logbuf"
)

// process is the program running in the background as it runs in
// production, talking to fake platforms; the test ends it with SIGTERM.
type process struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string // standard output, line by line
	stderr *logbuf.Buffer
	data   string // CITEBOT_DATA_DIR
	exited chan struct{}
	err    error // once exited is closed
	waited bool  // waitExit has checked the exit

	mu  sync.Mutex
	out strings.Builder // everything written to standard output so far
}

// startProcess runs the program with env (see command). When the test
// ends it sends SIGTERM and expects the program to exit 0 without having
// printed a token or a panic.
func startProcess(t *testing.T, env map[string]string, args ...string) *process {
	t.Helper()
	p := &process{lines: make(chan string, 100_000), stderr: &logbuf.Buffer{}, exited: make(chan struct{})}
	p.cmd, p.data = command(context.Background(), t, env, args...)
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(nil, 4<<20)
		for sc.Scan() {
			p.mu.Lock()
			p.out.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			select {
			case p.lines <- sc.Text():
			default: // a test that reads no lines does not hold the program up
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() {
		<-read
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.stop(t)
		if t.Failed() {
			t.Logf("the program's log:\n%s", p.stderr.String())
		}
		for _, secret := range []string{env["TELEGRAM_BOT_TOKEN"], env["DISCORD_BOT_TOKEN"]} {
			if secret != "" && (strings.Contains(p.stderr.String(), secret) || strings.Contains(p.stdout(), secret)) {
				t.Errorf("the program printed a bot token")
			}
		}
		if strings.Contains(p.stderr.String(), "panic") {
			t.Errorf("the program's log holds a panic:\n%s", p.stderr.String())
		}
	})
	return p
}

// stop sends SIGTERM and waits for the program to exit; it expects exit 0.
func (p *process) stop(t *testing.T) {
	t.Helper()
	if p.waited {
		return
	}
	p.signal(t, syscall.SIGTERM)
	p.waitExit(t, shutdownGrace+5*time.Second)
}

// signal sends sig, unless the program has exited.
func (p *process) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	select {
	case <-p.exited:
	default:
		if err := p.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
			t.Errorf("signal %v: %v", sig, err)
		}
	}
}

// waitExit waits up to d for the program to exit and expects exit 0; it
// says whether the program exited in time, and kills it when it did not.
func (p *process) waitExit(t *testing.T, d time.Duration) bool {
	t.Helper()
	p.waited = true
	select {
	case <-p.exited:
	case <-time.After(d):
		p.cmd.Process.Kill()
		<-p.exited
		t.Errorf("the program was still running %v after SIGTERM", d)
		return false
	}
	if p.err != nil {
		t.Errorf("the program exited with %v, want 0", p.err)
	}
	return true
}

// line waits up to d for the next line of standard output that holds one
// of words, and returns it; "" when d passes first. It fails the test when
// the program exits.
func (p *process) line(t *testing.T, d time.Duration, words ...string) string {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case l := <-p.lines:
			for _, w := range words {
				if strings.Contains(l, w) {
					return l
				}
			}
		case <-p.exited:
			if len(p.lines) > 0 {
				continue // what it wrote before it exited is read first
			}
			t.Fatalf("the program exited (%v):\n%s", p.err, p.stderr.String())
		case <-timeout:
			return ""
		}
	}
}

// alive fails the test when the program has exited.
func (p *process) alive(t *testing.T) {
	t.Helper()
	select {
	case <-p.exited:
		t.Fatalf("the program exited (%v):\n%s", p.err, p.stderr.String())
	default:
	}
}

// stdout is everything the program has written to standard output.
func (p *process) stdout() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// curatedFile is the curated answers file as it is now ("" when there is
// none yet).
func (p *process) curatedFile(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(p.data, curated.FileName))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}
