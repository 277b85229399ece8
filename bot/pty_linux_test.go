package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
	"unsafe"
)

// openTerminal opens a pseudo-terminal: the program's end (a terminal, as
// a person's would be) and ours, on which the test types and reads what
// the terminal shows.
func openTerminal(t *testing.T) (program, user *os.File) {
	t.Helper()
	user, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	var unlock int32
	var n uint32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, user.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); errno != 0 {
		t.Fatalf("unlockpt: %v", errno)
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, user.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); errno != 0 {
		t.Fatalf("ptsname: %v", errno)
	}
	program, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { program.Close(); user.Close() })
	return program, user
}

// screen collects what a terminal shows.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// until polls the screen, with a deadline, until it shows want after
// from; it returns the offset just past want.
func (s *screen) until(t *testing.T, from int, want string) int {
	t.Helper()
	var at int
	if !eventually(30*time.Second, 20*time.Millisecond, func() bool {
		i := strings.Index(s.String()[from:], want)
		at = from + i + len(want)
		return i >= 0
	}) {
		t.Fatalf("the terminal never showed %q; it shows:\n%q", want, s.String())
	}
	return at
}

// TestAskOnATerminalSaysWhatItWaitsFor: `bot ask` with no question, typed
// at a terminal, says it waits for a question a line, then answers it.
func TestAskOnATerminalSaysWhatItWaitsFor(t *testing.T) {
	program, user := openTerminal(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd, _ := command(ctx, t, nil, "ask")
	var stdout, stderr screen
	cmd.Stdin, cmd.Stdout, cmd.Stderr = program, &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, user) // the terminal's echo of what is typed
	stderr.until(t, 0, "Type a question and press Enter, one a line; Ctrl-D ends.")
	io.WriteString(user, deported+"\n")
	stdout.until(t, 0, "2.6 million")
	io.WriteString(user, "\x04") // Ctrl-D at the start of a line: the end of input
	if err := cmd.Wait(); err != nil {
		t.Fatalf("bot ask: %v\nstderr: %s", err, stderr.String())
	}
}

// TestLogLinesDoNotRunOnAfterThePrompt runs the console on a terminal, as
// `go run ./bot` is, and has the program log a line while its prompt
// waits: the line stands on its own, and the prompt comes back after it.
func TestLogLinesDoNotRunOnAfterThePrompt(t *testing.T) {
	program, user := openTerminal(t)
	seeds := copySeeds(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd, _ := command(ctx, t, map[string]string{"CITEBOT_SEEDS_DIR": seeds})
	cmd.Stdin, cmd.Stdout, cmd.Stderr = program, program, program
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var shown screen
	go io.Copy(&shown, user)
	at := shown.until(t, 0, "/quit or Ctrl-D ends.")
	shown.until(t, at, "? ")

	// A new document: the program reloads and logs it while the prompt waits.
	if err := os.WriteFile(filepath.Join(seeds, "notes.txt"), []byte("Notes\n\nA paragraph of notes.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	logged := shown.until(t, at, `msg="documents reloaded"`)
	shown.until(t, logged, "? ")
	raw := shown.String()[:logged]
	line := visible(raw[strings.LastIndex(raw, "\n")+1:])
	if !strings.HasPrefix(line, "time=") {
		t.Errorf("the terminal shows the log line as %q, want it on a line of its own", line)
	}

	io.WriteString(user, "/quit\n")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("bot: %v\nthe terminal shows: %q", err, shown.String())
	}
}

// visible is how a terminal shows one line written as raw: a carriage
// return goes back to its start, and ESC [ K clears from there on.
func visible(raw string) string {
	var line []rune
	col := 0
	for i := 0; i < len(raw); {
		switch {
		case raw[i] == '\r':
			col, i = 0, i+1
		case strings.HasPrefix(raw[i:], "\x1b[K"):
			line, i = line[:col], i+3
		default:
			r, size := utf8.DecodeRuneInString(raw[i:])
			if col < len(line) {
				line[col] = r
			} else {
				line = append(line, r)
			}
			col, i = col+1, i+size
		}
	}
	return string(line)
}
