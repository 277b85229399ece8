package curated

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func entry(id, q string) Entry {
	return Entry{ID: id, Questions: []string{q}, Answer: "An answer to " + q,
		Cite: []Cite{{ID: "report#1", Quote: "The quote."}}}
}

func add(en Entry) func([]Entry) (Change[Entry], error) {
	return func([]Entry) (Change[Entry], error) {
		return Change[Entry]{Action: "add", After: &en}, nil
	}
}

// TestUpdateAuditUndo: changes are written, audited with who and what, and
// undone one by one, in reverse.
func TestUpdateAuditUndo(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range []string{"first?", "second?"} {
		if _, err := s.Update("mod-"+strconv.Itoa(i), add(entry(fmt.Sprint(i), q))); err != nil {
			t.Fatal(err)
		}
	}
	edited := entry("0", "first, edited?")
	_, err = s.Update("mod-2", func(es []Entry) (Change[Entry], error) {
		return Change[Entry]{Action: "edit", Before: &es[0], After: &edited}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Load()
	if err != nil || len(got) != 2 || got[0].Questions[0] != "first, edited?" {
		t.Fatalf("after edits: %+v, %v", got, err)
	}
	records, _ := s.History()
	if len(records) != 3 || records[2].Author != "mod-2" || records[2].Action != "edit" ||
		records[2].Before.Questions[0] != "first?" || records[2].After.Questions[0] != "first, edited?" {
		t.Fatalf("audit = %+v", records)
	}
	steps := []struct {
		ids   []string
		first string
	}{{[]string{"0", "1"}, "first?"}, {[]string{"0"}, "first?"}, {nil, ""}}
	for i, want := range steps {
		if _, err := s.Undo("mod-3"); err != nil {
			t.Fatalf("undo %d: %v", i+1, err)
		}
		got, err := s.Load()
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, en := range got {
			ids = append(ids, en.ID)
		}
		if strings.Join(ids, ",") != strings.Join(want.ids, ",") || (len(got) > 0 && got[0].Questions[0] != want.first) {
			t.Errorf("after undo %d: %+v, want ids %v", i+1, got, want.ids)
		}
	}
	if _, err := s.Undo("mod-3"); !errors.Is(err, ErrNothing) {
		t.Errorf("undo with nothing left: %v, want ErrNothing", err)
	}
}

// TestFailedEditWritesNothing: an edit that fails leaves the file and the
// audit log as they were.
func TestFailedEditWritesNothing(t *testing.T) {
	s, _ := Open(t.TempDir())
	s.Update("mod", add(entry("a", "q?")))
	before, _ := os.ReadFile(s.Path())
	_, err := s.Update("mod", func([]Entry) (Change[Entry], error) {
		return Change[Entry]{}, errors.New("unknown passage")
	})
	if err == nil {
		t.Fatal("a failing edit returned no error")
	}
	after, _ := os.ReadFile(s.Path())
	records, _ := s.History()
	if string(before) != string(after) || len(records) != 1 {
		t.Errorf("a failed edit changed the file or the audit log")
	}
}

// TestBrokenFileNamesTheLine: a hand edit with an error is refused with its
// line; Watch keeps the last good set and reports the error.
func TestBrokenFileNamesTheLine(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir)
	s.Update("mod", add(entry("a", "q?")))
	good, _ := os.ReadFile(s.Path())
	broken := string(good) + "  - id: b\n    questions: [unclosed\n"
	os.WriteFile(s.Path(), []byte(broken), 0o640)
	_, err := s.Load()
	if err == nil || !strings.Contains(err.Error(), "line") {
		t.Fatalf("Load of a broken file: %v, want an error naming the line", err)
	}

	os.WriteFile(s.Path(), good, 0o640)
	changes, errs := make(chan []Entry, 10), make(chan error, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Watch(ctx, 10*time.Millisecond, func(es []Entry) { changes <- es }, func(err error) { errs <- err })
	if es := <-changes; len(es) != 1 {
		t.Fatalf("first load: %d entries", len(es))
	}
	os.WriteFile(s.Path(), []byte(broken), 0o640)
	select {
	case err := <-errs:
		if !strings.Contains(err.Error(), "line") {
			t.Errorf("watch error %v does not name the line", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a broken file was not reported")
	}
	s.Update("mod", func(es []Entry) (Change[Entry], error) {
		return Change[Entry]{}, errors.New("x")
	})
	fixed := strings.Replace(string(good), "q?", "q2?", 1)
	os.WriteFile(s.Path(), []byte(fixed), 0o640)
	select {
	case es := <-changes:
		if es[0].Questions[0] != "q2?" {
			t.Errorf("hand edit not read: %+v", es)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a fixed hand edit was not read")
	}
}

// TestCardsFile: the fact cards live in a file of their own, with their own
// audit log and undo, beside the curated answers; a section of the wrong
// name is refused with its line.
func TestCardsFile(t *testing.T) {
	dir := t.TempDir()
	answersFile, _ := Open(dir)
	answersFile.Update("mod", add(entry("a", "q?")))
	cards, err := OpenCards(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := Card{ID: "c1", Cite: "report#2", Quote: "2.6 million", Title: "<b>Returns</b>", Topics: []string{"returns"}}
	_, err = cards.Update("mod", func([]Card) (Change[Card], error) {
		return Change[Card]{Action: "add", After: &c}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, CardsFileName))
	for _, want := range []string{"cards:", "id: c1", "cite: report#2", "quote: 2.6 million", "title: <b>Returns</b>"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("%s lacks %q:\n%s", CardsFileName, want, raw)
		}
	}
	if es, _ := answersFile.Load(); len(es) != 1 {
		t.Errorf("a card changed the curated answers: %+v", es)
	}
	if _, err := answersFile.Undo("mod"); err != nil {
		t.Fatal(err)
	}
	if got, _ := cards.Load(); len(got) != 1 || got[0].ID != "c1" {
		t.Errorf("undoing an answer changed the cards: %+v", got)
	}
	records, _ := cards.History()
	if len(records) != 1 || records[0].After.Title != "<b>Returns</b>" {
		t.Errorf("cards audit = %+v", records)
	}
	if _, err := cards.Undo("mod"); err != nil {
		t.Fatal(err)
	}
	if got, _ := cards.Load(); len(got) != 0 {
		t.Errorf("after undo: %+v", got)
	}

	os.WriteFile(cards.Path(), []byte("# cards\ncards: []\nentries:\n  - id: x\n"), 0o640)
	if _, err := cards.Load(); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("a file with an unknown section: %v, want an error naming line 3", err)
	}
	os.WriteFile(cards.Path(), []byte("cards:\n  - id: x\n    qoute: typo\n"), 0o640)
	if _, err := cards.Load(); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("a card with an unknown field: %v, want an error naming line 3", err)
	}
}
