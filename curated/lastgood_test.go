package curated

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLastGood: every valid set written or read is kept beside the file;
// a file that does not parse is refused with its line and the field as
// written, the last good set is returned instead, and the file is left as
// the moderator wrote it.
func TestLastGood(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if items, refused := s.LoadLastGood(); refused != nil || len(items) != 0 {
		t.Fatalf("no file: %d items, %v; want none and no error", len(items), refused)
	}
	if _, err := s.Update("mod", add(entry("a", "first?"))); err != nil {
		t.Fatal(err)
	}
	written, _ := os.ReadFile(s.Path())
	if kept, err := os.ReadFile(s.LastGoodPath()); err != nil || string(kept) != string(written) {
		t.Fatalf("after a write the copy is %q (%v), want the file", kept, err)
	}

	// A hand edit that parses is kept too, once read.
	edited := strings.Replace(string(written), "first?", "edited?", 1)
	os.WriteFile(s.Path(), []byte(edited), 0o640)
	if _, err := s.Load(); err != nil {
		t.Fatal(err)
	}
	if kept, _ := os.ReadFile(s.LastGoodPath()); string(kept) != edited {
		t.Fatalf("after a hand edit was read the copy is %q, want the edit", kept)
	}

	broken := strings.Replace(edited, "answer:", "anwser:", 1)
	os.WriteFile(s.Path(), []byte(broken), 0o640)
	items, refused := s.LoadLastGood()
	if refused == nil {
		t.Fatal("a broken file was not refused")
	}
	line := 1 + strings.Count(broken[:strings.Index(broken, "anwser:")], "\n")
	for _, want := range []string{"answers.yaml", "line " + strconv.Itoa(line), "anwser is not a field of an answer", "questions, answer, cite"} {
		if !strings.Contains(refused.Error(), want) {
			t.Errorf("refused: %q, want it to say %q", refused, want)
		}
	}
	if strings.Contains(refused.Error(), "curated.Entry") {
		t.Errorf("refused: %q names a Go type", refused)
	}
	if len(items) != 1 || items[0].Questions[0] != "edited?" {
		t.Errorf("items = %+v, want the last good set", items)
	}
	if now, _ := os.ReadFile(s.Path()); string(now) != broken {
		t.Errorf("the broken file was changed to %q", now)
	}
	if kept, _ := os.ReadFile(s.LastGoodPath()); string(kept) != edited {
		t.Errorf("the broken file replaced the last good copy: %q", kept)
	}

	// No copy: no set.
	os.Remove(s.LastGoodPath())
	if items, refused := s.LoadLastGood(); refused == nil || len(items) != 0 {
		t.Errorf("broken, no copy: %d items, %v; want none and the error", len(items), refused)
	}
}

// TestWatchKeepsLastGood: a valid hand edit seen by Watch is kept; a
// broken one is not.
func TestWatchKeepsLastGood(t *testing.T) {
	s, _ := OpenCards(t.TempDir())
	good := "cards:\n  - id: c1\n    cite: report#1\n    quote: The quote.\n"
	os.WriteFile(s.Path(), []byte(good), 0o640)
	changes, errs := make(chan []Card, 10), make(chan error, 10)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go s.Watch(ctx, 10*time.Millisecond, func(cs []Card) { changes <- cs }, func(err error) { errs <- err })
	select {
	case <-changes:
	case <-time.After(5 * time.Second):
		t.Fatal("the file was not read")
	}
	if kept, _ := os.ReadFile(s.LastGoodPath()); string(kept) != good {
		t.Fatalf("copy = %q, want the file Watch read", kept)
	}
	os.WriteFile(s.Path(), []byte(good+"    hiden: true\n"), 0o640)
	select {
	case err := <-errs:
		if !strings.Contains(err.Error(), "line 5: hiden is not a field of a fact card") {
			t.Errorf("watch error %q, want the line and the field as written", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a broken file was not reported")
	}
	if kept, _ := os.ReadFile(s.LastGoodPath()); string(kept) != good {
		t.Errorf("copy = %q, want the last good file", kept)
	}
}
