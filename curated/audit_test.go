package curated

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// changerEnv names the data folder of the process the kill test kills.
const changerEnv = "CITEBOT_CURATED_CHANGER"

// TestKilledAtRandomMoments kills a real process that keeps changing the
// curated answers (adding, editing, removing, undoing), with SIGKILL at
// random moments, many times. After each kill the answer set is what the
// audit log says it is, every undo in the log undid the change before it
// that was still standing, and an undo now undoes exactly the last
// recorded change.
func TestKilledAtRandomMoments(t *testing.T) {
	if os.Getenv(changerEnv) != "" {
		t.Skip("this is the changing child")
	}
	dir := t.TempDir()
	const rounds = 120
	failed := 0
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChangerChild$")
		cmd.Env = append(os.Environ(), changerEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The child says when it has made its first change; it is killed a
		// random moment later, inside a change or between two.
		if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: the child made no change: %v", round, err)
		}
		time.Sleep(time.Duration(rand.IntN(8000)) * time.Microsecond) // the random moment to kill at
		cmd.Process.Kill()                                            // SIGKILL: no deferred function runs
		cmd.Wait()

		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		history, err := s.History()
		if err != nil {
			t.Fatalf("round %d: history: %v", round, err)
		}
		entries, err := s.Load()
		if err != nil {
			t.Fatalf("round %d: after SIGKILL the file does not parse: %v", round, err)
		}
		if got, want := keyed(entries), replay(history); got != want {
			t.Fatalf("round %d: the answer set and the audit log disagree:\nfile:  %s\naudit: %s", round, got, want)
		}
		standing, err := undoStack(history)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		assertWholeLines(t, round, filepath.Join(dir, AuditName))
		if leftovers, _ := filepath.Glob(filepath.Join(dir, FileName+".tmp-*")); len(leftovers) > 1 {
			t.Errorf("round %d: %d temporary files left behind", round, len(leftovers))
		}

		ch, err := s.Undo("checker")
		if len(standing) == 0 {
			if !errors.Is(err, ErrNothing) {
				t.Fatalf("round %d: undo with no change standing: %v", round, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("round %d: undo: %v", round, err)
		}
		last := history[standing[len(standing)-1]]
		want := replay(append(history, Record[Entry]{Action: "undo", ID: last.ID, After: last.Before}))
		after, _ := s.Load()
		if got := keyed(after); got != want {
			t.Fatalf("round %d: undo did not undo the last recorded change (%s of %s):\nfile: %s\nwant: %s", round, last.Action, last.ID, got, want)
		}
		if ch.Before == nil && last.After != nil || ch.After == nil && last.Before != nil {
			t.Errorf("round %d: undo reports %+v, undoing %+v", round, ch, last)
		}
	}
	history, _ := Open(dir)
	records, _ := history.History()
	for _, r := range records {
		if r.Action == actionFailed {
			failed++
		}
	}
	t.Logf("%d kills, %d records; %d kills came between a record and its change", rounds, len(records), failed)
}

// TestChangerChild is the process TestKilledAtRandomMoments kills: it
// changes the curated answers as fast as it can, at random.
func TestChangerChild(t *testing.T) {
	dir := os.Getenv(changerEnv)
	if dir == "" {
		t.Skip("run by TestKilledAtRandomMoments")
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; ; n++ {
		_, err := s.Update("changer", func(es []Entry) (Change[Entry], error) {
			if len(es) < 3 || rand.IntN(2) == 0 {
				en := entry(NewID(), fmt.Sprintf("q%d?", n))
				return Change[Entry]{Action: "add", After: &en}, nil
			}
			before := es[rand.IntN(len(es))]
			if rand.IntN(2) == 0 {
				return Change[Entry]{Action: "remove", Before: &before}, nil
			}
			en := before
			en.Answer = fmt.Sprintf("Edited %d.", n)
			return Change[Entry]{Action: "edit", Before: &before, After: &en}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if rand.IntN(4) == 0 {
			if _, err := s.Undo("changer"); err != nil && !errors.Is(err, ErrNothing) {
				t.Fatal(err)
			}
		}
		if n == 0 {
			fmt.Println("changing")
		}
	}
}

// replay is the answer set the audit log describes, keyed: every change
// but the failed ones, in order.
func replay(records []Record[Entry]) string {
	failed := map[int]bool{}
	for _, r := range records {
		if r.Action == actionFailed {
			failed[r.Fails-1] = true
		}
	}
	set := map[string]Entry{}
	for i, r := range records {
		switch {
		case r.Action == actionFailed || failed[i]:
		case r.After == nil:
			delete(set, r.ID)
		default:
			set[r.ID] = *r.After
		}
	}
	var es []Entry
	for _, en := range set {
		es = append(es, en)
	}
	return keyed(es)
}

// keyed writes entries in the order of their ids, to compare sets.
func keyed(es []Entry) string {
	set := map[string]Entry{}
	for _, en := range es {
		set[en.ID] = en
	}
	b, _ := json.Marshal(set) // maps are written in the order of their keys
	return string(b)
}

// undoStack follows the audit log as a stack of standing changes: each
// undo must undo the one on top. It returns the stack's record indexes.
func undoStack(records []Record[Entry]) ([]int, error) {
	failed := map[int]bool{}
	for _, r := range records {
		if r.Action == actionFailed {
			failed[r.Fails-1] = true
		}
	}
	var stack []int
	for i, r := range records {
		switch {
		case r.Action == actionFailed || failed[i]:
		case r.Action == "undo":
			if len(stack) == 0 || stack[len(stack)-1] != r.Undoes-1 {
				return nil, fmt.Errorf("record %d undoes record %d, not the last change standing (%v)", i+1, r.Undoes, stack)
			}
			stack = stack[:len(stack)-1]
		default:
			stack = append(stack, i)
		}
	}
	return stack, nil
}

// assertWholeLines checks that every line of the audit log is a record.
func assertWholeLines(t *testing.T, round int, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > 0 && raw[len(raw)-1] != '\n' {
		t.Fatalf("round %d: the audit log ends in a torn line", round)
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(raw, []byte("\n")), []byte("\n")) {
		if !json.Valid(line) {
			t.Fatalf("round %d: audit line %d is not a record: %.80s", round, i+1, line)
		}
	}
}

// crashBeforeFile leaves the store as a process stopped between writing a
// change's record and the file leaves it: the record of adding en, synced,
// and the file as it was.
func crashBeforeFile(t *testing.T, s *Store[Entry], en Entry) {
	t.Helper()
	cur, _ := os.ReadFile(s.Path())
	items, _ := parse(s.kind, cur)
	next, _ := s.encode(apply(items, Change[Entry]{After: &en}, en.ID, s.kind.id))
	err := s.appendRecord(Record[Entry]{Author: "mod", Action: "add", ID: en.ID, After: &en,
		FileBefore: digest(cur), FileAfter: digest(next)})
	if err != nil {
		t.Fatal(err)
	}
}

// TestChangeNotInFileIsFailed: a record whose change never reached the
// file is marked failed; undo passes over it to the change before, and
// the history then tells the truth.
func TestChangeNotInFileIsFailed(t *testing.T) {
	s, _ := Open(t.TempDir())
	s.Update("mod", add(entry("a", "first?")))
	crashBeforeFile(t, s, entry("b", "second?"))

	history, err := s.History()
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 3 || history[2].Action != actionFailed || history[2].Fails != 2 || history[2].ID != "b" {
		t.Fatalf("history = %+v, want the add of b marked failed", history)
	}
	if es, _ := s.Load(); len(es) != 1 || es[0].ID != "a" {
		t.Fatalf("the file changed to suit the log: %+v", es)
	}
	ch, err := s.Undo("mod")
	if err != nil || ch.Before == nil || ch.Before.ID != "a" {
		t.Fatalf("undo = %+v, %v; want the add of a undone", ch, err)
	}
	if es, _ := s.Load(); len(es) != 0 {
		t.Errorf("after undo: %+v", es)
	}
	if _, err := s.Undo("mod"); !errors.Is(err, ErrNothing) {
		t.Errorf("a second undo: %v, want nothing to undo", err)
	}

	// A failed undo undid nothing: the change it meant to undo is still
	// the one to undo.
	s.Update("mod", add(entry("c", "third?")))
	history, _ = s.History()
	cur, _ := os.ReadFile(s.Path())
	s.appendRecord(Record[Entry]{Author: "mod", Action: "undo", ID: "c", Before: history[len(history)-1].After,
		Undoes: len(history), FileBefore: digest(cur), FileAfter: "not reached"})
	if ch, err := s.Undo("mod"); err != nil || ch.Before == nil || ch.Before.ID != "c" {
		t.Errorf("undo after a failed undo = %+v, %v; want the add of c undone", ch, err)
	}
}

// TestTornRecordIsCutOff: a record cut short by a crash, whose change was
// never made, is cut off at the next change rather than spoiling it.
func TestTornRecordIsCutOff(t *testing.T) {
	s, _ := Open(t.TempDir())
	s.Update("mod", add(entry("a", "first?")))
	f, _ := os.OpenFile(filepath.Join(s.dir, AuditName), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"time":"2026-01-01T00:00:00Z","author":"mod","action":"add","id":"b","bef`)
	f.Close()
	if _, err := s.Update("mod", add(entry("c", "third?"))); err != nil {
		t.Fatal(err)
	}
	assertWholeLines(t, 0, filepath.Join(s.dir, AuditName))
	history, _ := s.History()
	if len(history) != 2 || history[1].ID != "c" {
		t.Errorf("history = %+v, want the adds of a and c", history)
	}
}

// TestAuditWriteFailsChangesNothing: when the audit log cannot be written
// (here a folder stands in its place), a change is refused and nothing is
// changed.
func TestAuditWriteFailsChangesNothing(t *testing.T) {
	s, _ := Open(t.TempDir())
	s.Update("mod", add(entry("a", "first?")))
	before, _ := os.ReadFile(s.Path())
	audit := filepath.Join(s.dir, AuditName)
	os.Rename(audit, audit+".moved")
	os.Mkdir(audit, 0o750)

	for name, change := range map[string]func() error{
		"add":  func() error { _, err := s.Update("mod", add(entry("b", "second?"))); return err },
		"undo": func() error { _, err := s.Undo("mod"); return err },
	} {
		err := change()
		if err == nil || !strings.Contains(err.Error(), "audit") {
			t.Errorf("%s with the audit log unwritable: %v, want an error naming the audit log", name, err)
		}
		if after, _ := os.ReadFile(s.Path()); !bytes.Equal(before, after) {
			t.Errorf("%s changed the file though its audit record was not written", name)
		}
	}
}

// TestOldAuditLogStillServes: an audit log written before records kept
// the file's digests is read, and its last change undone.
func TestOldAuditLogStillServes(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, FileName), []byte("entries:\n  - id: a\n    questions: [\"q?\"]\n    answer: A.\n    cite: []\n"+
		"    created: 2025-01-01T00:00:00Z\n    changed: 2025-01-01T00:00:00Z\n"), 0o640)
	os.WriteFile(filepath.Join(dir, AuditName), []byte(
		`{"time":"2025-01-01T00:00:00Z","author":"mod","action":"add","id":"a","before":null,"after":{"id":"a","questions":["q?"],"answer":"A.","cite":[]}}`+"\n"+
			`{"time":"2025-01-02T00:00:00Z","author":"mod","action":"add","id":"z","before":null,"after":{"id":"z","questions":["z?"],"answer":"Z.","cite":[]}}`+"\n"+
			`{"time":"2025-01-03T00:00:00Z","author":"mod","action":"undo","id":"z","before":{"id":"z","questions":["z?"],"answer":"Z.","cite":[]},"after":null,"undoes":2}`+"\n"), 0o640)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if history, err := s.History(); err != nil || len(history) != 3 {
		t.Fatalf("history = %d records, %v", len(history), err)
	}
	ch, err := s.Undo("mod")
	if err != nil || ch.Before == nil || ch.Before.ID != "a" {
		t.Fatalf("undo = %+v, %v; want the add of a undone", ch, err)
	}
	if es, err := s.Load(); err != nil || len(es) != 0 {
		t.Errorf("after undo: %+v, %v", es, err)
	}
}

// TestLastLine: the last whole line of a file, however long, and where a
// torn one begins.
func TestLastLine(t *testing.T) {
	long := strings.Repeat("x", 200<<10)
	tests := []struct {
		name, content, line string
		end                 int
	}{
		{"empty", "", "", 0},
		{"one line", "a\n", "a", 2},
		{"two lines", "a\nbc\n", "bc", 5},
		{"a torn line", "a\nbc", "a", 2},
		{"only a torn line", "abc", "", 0},
		{"a long line", "a\n" + long + "\n", long, len(long) + 3},
		{"a long torn line", "a\n" + long, "a", 2},
		{"a long first line", long + "\n", long, len(long) + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, end, err := lastLine(strings.NewReader(tt.content), int64(len(tt.content)))
			if err != nil || string(line) != tt.line || end != int64(tt.end) {
				t.Errorf("lastLine = %.20q, %d, %v; want %.20q, %d", line, end, err, tt.line, tt.end)
			}
		})
	}
}
