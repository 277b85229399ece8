package main

import (
	"bufio"
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

	mu  sync.Mutex
	out strings.Builder // everything written to standard output so far
}

// startProcess runs the program with the seeds of the repository (unless env
// names others), a data folder of its own, and env. When the test ends it
// sends SIGTERM and expects the program to exit 0 without having printed a
// token or a panic.
func startProcess(t *testing.T, env map[string]string, args ...string) *process {
	t.Helper()
	seeds, err := filepath.Abs(seedsDir)
	if err != nil {
		t.Fatal(err)
	}
	p := &process{data: filepath.Join(t.TempDir(), "data"), lines: make(chan string, 100_000), stderr: &logbuf.Buffer{}, exited: make(chan struct{})}
	vars := map[string]string{"CITEBOT_SEEDS_DIR": seeds, "CITEBOT_DATA_DIR": p.data}
	for k, v := range env {
		vars[k] = v
	}
	p.data = vars["CITEBOT_DATA_DIR"]
	p.cmd = exec.Command(binary, args...)
	p.cmd.Dir = t.TempDir()
	for k, v := range vars {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
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
	select {
	case <-p.exited:
	default:
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.exited:
		case <-time.After(shutdownGrace + 5*time.Second):
			p.cmd.Process.Kill()
			<-p.exited
			t.Errorf("the program was still running %v after SIGTERM", shutdownGrace+5*time.Second)
			return
		}
	}
	if p.err != nil {
		t.Errorf("the program exited with %v, want 0", p.err)
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
