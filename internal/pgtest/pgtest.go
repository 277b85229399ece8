// Package pgtest starts a real PostgreSQL server for tests: Debian's server
// binaries (initdb, pg_ctl) in a temporary folder, listening on a free
// loopback port with trust authentication, stopped when the test ends. A
// test may stop and start the server again mid-run, to see what the bot
// does while its database is away.
//
// The server refuses to run as root, so when the tests run as root (as CI
// does) it runs as the unprivileged user nobody. Without server binaries
// the test is skipped with a message, except under CI=true, where it fails.
//
// It imports the standard library only, and only tests import it.
package pgtest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Server is one PostgreSQL server of a test.
type Server struct {
	bin  string // the folder of initdb, pg_ctl and postgres
	dir  string // the cluster and its socket
	port int
	cred *syscall.Credential // nil when not root
	mu   sync.Mutex
	dbs  atomic.Int64
}

// nobody is the user the server runs as when the tests run as root.
const nobody = 65534

// Bin finds the folder of the server binaries: PG_BIN, else the newest
// /usr/lib/postgresql/*/bin, else the folder of initdb on the PATH.
func Bin() (string, error) {
	if b := os.Getenv("PG_BIN"); b != "" {
		if _, err := os.Stat(filepath.Join(b, "pg_ctl")); err != nil {
			return "", fmt.Errorf("PG_BIN=%s holds no pg_ctl", b)
		}
		return b, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin or on the PATH; install the postgresql package, or set PG_BIN")
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// Start starts a server for t and stops it when t ends. Without server
// binaries t is skipped, or fails under CI=true.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := Bin()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pgtest: %v (CI=true: the PostgreSQL tests must run)", err)
		}
		t.Skipf("pgtest: %v; skipping the PostgreSQL tests", err)
	}
	dir, err := os.MkdirTemp("", "citebot-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &Server{bin: bin, dir: dir}
	if os.Geteuid() == 0 {
		s.cred = &syscall.Credential{Uid: nobody, Gid: nobody}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(dir, nobody, nobody); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := s.command("initdb", "-D", s.data(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8").CombinedOutput(); err != nil {
		t.Fatalf("pgtest: initdb: %v\n%s", err, out)
	}
	if s.port, err = freePort(); err != nil {
		t.Fatal(err)
	}
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

// command runs one of the server's binaries as the user the server runs as.
func (s *Server) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	return cmd
}

func (s *Server) start() error {
	logFile := filepath.Join(s.dir, "server.log")
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c max_connections=100", s.port, s.dir)
	cmd := s.command("pg_ctl", "-D", s.data(), "-l", logFile, "-o", opts, "-w", "-t", "60", "start")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		log, _ := os.ReadFile(logFile)
		return fmt.Errorf("pgtest: pg_ctl start: %v\n%s\n%s", err, out.Bytes(), log)
	}
	return nil
}

// Stop stops the server at once (connections are cut); a stopped server
// stays stopped.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := os.Stat(filepath.Join(s.data(), "postmaster.pid")); err != nil {
		return nil
	}
	if out, err := s.command("pg_ctl", "-D", s.data(), "-m", "immediate", "-w", "stop").CombinedOutput(); err != nil {
		return fmt.Errorf("pgtest: pg_ctl stop: %v\n%s", err, out)
	}
	return nil
}

// Restart starts a stopped server again, on the same port and with the
// same databases.
func (s *Server) Restart() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.start()
}

// URL is the address of the database name on the server, as
// CITEBOT_DATABASE_URL takes it.
func (s *Server) URL(name string) string {
	u := url.URL{Scheme: "postgres", User: url.User("postgres"), Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)), Path: "/" + name}
	u.RawQuery = "sslmode=disable"
	return u.String()
}

// NewDatabase creates an empty database and returns its URL.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("test%d", s.dbs.Add(1))
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := s.command("createdb", "-h", "127.0.0.1", "-p", strconv.Itoa(s.port), "-U", "postgres", name).CombinedOutput()
		if err == nil {
			return s.URL(name)
		}
		if time.Now().After(deadline) {
			t.Fatalf("pgtest: createdb: %v\n%s", err, out)
		}
		time.Sleep(100 * time.Millisecond) // the server may still be coming up
	}
}

// freePort finds a loopback port no one listens on.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
