// Package curated keeps moderators' curated answers in a human-readable YAML
// file under the data folder, beside an append-only audit log. Every change
// is serialised (a lock file shared by all processes), written atomically
// (temporary file, fsync, rename), and audited (who, when, what, before and
// after); a change can be undone.
//
// It imports the standard library, a YAML parser and citebot/answers (for
// the Entry type).
package curated

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"gopkg.in/yaml.v3"

	"citebot/answers"
)

// File names inside the data folder.
const (
	FileName  = "answers.yaml"
	AuditName = "answers.audit.jsonl"
	lockName  = "answers.lock"
)

// Store is the curated answers file of one data folder.
type Store struct {
	dir string
	now func() time.Time
}

// Open prepares the store in dir, creating the folder if needed.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("curated: open %s: %w", dir, err)
	}
	return &Store{dir: dir, now: time.Now}, nil
}

// Path is the curated answers file.
func (s *Store) Path() string { return filepath.Join(s.dir, FileName) }

type file struct {
	Entries []answers.Entry `yaml:"entries"`
}

const header = `# citebot's curated answers: moderators' answers to questions people keep
# asking, each resting on passages of the documents (their text is copied
# here so that a change in a document is noticed). Edit them with /answers in
# chat or "bot answers" in a terminal; edits by hand are read within two
# seconds, and a file with an error is refused (the last good one stays).
`

// Load reads the entries. A missing file is an empty set; a file that does
// not parse is an error that names the line.
func (s *Store) Load() ([]answers.Entry, error) {
	b, err := os.ReadFile(s.Path())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("curated: %w", err)
	}
	return parse(b)
}

func parse(b []byte) ([]answers.Entry, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("curated: %s: %w", FileName, err) // yaml errors name the line
	}
	seen := map[string]int{}
	for i, en := range f.Entries {
		if en.ID == "" {
			return nil, fmt.Errorf("curated: %s: entry %d has no id", FileName, i+1)
		}
		if j, dup := seen[en.ID]; dup {
			return nil, fmt.Errorf("curated: %s: entries %d and %d share the id %q", FileName, j+1, i+1, en.ID)
		}
		seen[en.ID] = i
	}
	return f.Entries, nil
}

// Record is one line of the audit log.
type Record struct {
	Time   time.Time      `json:"time"`
	Author string         `json:"author"`
	Action string         `json:"action"` // add, edit, remove, undo
	ID     string         `json:"id"`
	Before *answers.Entry `json:"before"`
	After  *answers.Entry `json:"after"`
	Undoes int            `json:"undoes,omitempty"` // for undo: the line number (from 1) of the change undone
}

// Change is what an edit does: the entry before and after (nil for none).
type Change struct {
	Action        string
	Before, After *answers.Entry
}

// ErrNothing is returned by Update when the edit has nothing to do.
var ErrNothing = errors.New("nothing to change")

// Update runs edit on the current entries under the store's lock, writes
// what it returns atomically and audits the change. An error from edit
// writes nothing.
func (s *Store) Update(author string, edit func([]answers.Entry) ([]answers.Entry, Change, error)) (Change, error) {
	unlock, err := s.lock()
	if err != nil {
		return Change{}, err
	}
	defer unlock()
	s.removeLeftovers()
	entries, err := s.Load()
	if err != nil {
		return Change{}, err
	}
	next, ch, err := edit(entries)
	if err != nil {
		return Change{}, err
	}
	if err := s.write(next); err != nil {
		return Change{}, err
	}
	id := ""
	switch {
	case ch.After != nil:
		id = ch.After.ID
	case ch.Before != nil:
		id = ch.Before.ID
	}
	return ch, s.audit(Record{Time: s.now().UTC(), Author: author, Action: ch.Action, ID: id, Before: ch.Before, After: ch.After})
}

// NewID makes an entry id: short, random, readable.
func NewID() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Undo reverts the last change not undone yet, and audits that.
func (s *Store) Undo(author string) (Change, error) {
	unlock, err := s.lock()
	if err != nil {
		return Change{}, err
	}
	defer unlock()
	records, err := s.Audit()
	if err != nil {
		return Change{}, err
	}
	undone := map[int]bool{}
	target := -1
	for i := len(records) - 1; i >= 0; i-- {
		r := records[i]
		if r.Action == "undo" {
			undone[r.Undoes-1] = true
			continue
		}
		if !undone[i] {
			target = i
			break
		}
	}
	if target < 0 {
		return Change{}, ErrNothing
	}
	r := records[target]
	entries, err := s.Load()
	if err != nil {
		return Change{}, err
	}
	var next []answers.Entry
	replaced := false
	for _, en := range entries {
		if en.ID != r.ID {
			next = append(next, en)
			continue
		}
		if r.Before != nil {
			next = append(next, *r.Before)
			replaced = true
		}
	}
	if r.Before != nil && !replaced {
		next = append(next, *r.Before)
	}
	if err := s.write(next); err != nil {
		return Change{}, err
	}
	ch := Change{Action: "undo", Before: r.After, After: r.Before}
	return ch, s.audit(Record{Time: s.now().UTC(), Author: author, Action: "undo", ID: r.ID,
		Before: r.After, After: r.Before, Undoes: target + 1})
}

// Audit reads the audit log, oldest first.
func (s *Store) Audit() ([]Record, error) {
	f, err := os.Open(filepath.Join(s.dir, AuditName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("curated: audit: %w", err)
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			// A line cut by a crash mid-append: the changes before it stand.
			continue
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

// removeLeftovers removes the temporary files of writes a crash cut short;
// called under the lock, so no write is under way.
func (s *Store) removeLeftovers() {
	leftovers, _ := filepath.Glob(filepath.Join(s.dir, FileName+".tmp-*"))
	for _, f := range leftovers {
		os.Remove(f)
	}
}

// write replaces the file atomically: a temporary file in the same folder,
// synced, renamed over the old one, and the folder synced.
func (s *Store) write(entries []answers.Entry) error {
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(file{Entries: entries}); err != nil {
		return fmt.Errorf("curated: encode: %w", err)
	}
	enc.Close()
	tmp, err := os.CreateTemp(s.dir, FileName+".tmp-*")
	if err != nil {
		return fmt.Errorf("curated: write: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone after the rename; cleans up after a failure
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("curated: write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("curated: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("curated: write: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.Path()); err != nil {
		return fmt.Errorf("curated: rename: %w", err)
	}
	return syncDir(s.dir)
}

func (s *Store) audit(r Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("curated: audit: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(s.dir, AuditName), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640)
	if err != nil {
		return fmt.Errorf("curated: audit: %w", err)
	}
	defer f.Close()
	if _, err := f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("curated: audit: %w", err)
	}
	return f.Sync()
}

// lock takes the store's lock file, shared by every process on the data
// folder (the bot and a moderator's terminal), so that edits never
// interleave.
func (s *Store) lock() (func(), error) { return flock(filepath.Join(s.dir, lockName)) }

// flock takes an exclusive lock on the file at path, creating it.
func flock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o640)
	if err != nil {
		return nil, fmt.Errorf("curated: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("curated: lock: %w", err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("curated: sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("curated: sync %s: %w", dir, err)
	}
	return nil
}

// Watch calls onChange with the entries whenever the file changes (by any
// process, or by hand), checking every interval, and onError when a changed
// file does not parse (the last good entries stay live). It returns when ctx
// is done.
func (s *Store) Watch(ctx context.Context, interval time.Duration, onChange func([]answers.Entry), onError func(error)) {
	var last []byte
	read := func() {
		b, err := os.ReadFile(s.Path())
		if errors.Is(err, os.ErrNotExist) {
			b, err = nil, nil
		}
		if err != nil || (last != nil && bytes.Equal(b, last)) {
			return
		}
		first := last == nil
		last = append([]byte{}, b...)
		if len(b) == 0 && first {
			return
		}
		entries, err := parse(b)
		if err != nil {
			onError(err)
			return
		}
		onChange(entries)
	}
	read()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			read()
		}
	}
}
