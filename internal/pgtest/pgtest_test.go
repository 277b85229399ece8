package pgtest

import (
	"net"
	"net/url"
	"testing"
)

// TestStartStopRestart: the server takes connections, refuses them while
// stopped, and takes them again after a restart.
func TestStartStopRestart(t *testing.T) {
	s := Start(t)
	u, err := url.Parse(s.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	dial := func() error {
		c, err := net.Dial("tcp", u.Host)
		if err == nil {
			c.Close()
		}
		return err
	}
	if err := dial(); err != nil {
		t.Fatalf("server not listening: %v", err)
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if dial() == nil {
		t.Fatal("stopped server still listening")
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	if err := dial(); err != nil {
		t.Fatalf("restarted server not listening: %v", err)
	}
}
