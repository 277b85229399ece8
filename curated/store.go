// Package curated keeps what moderators curate in human-readable YAML files
// under the data folder, each beside an append-only audit log: the curated
// answers (answers.yaml) and the fact cards they chose or hid (cards.yaml).
// Every change is serialised (a lock file shared by all processes), written
// atomically (temporary file, fsync, rename), and audited (who, when, what,
// before and after); a change can be undone.
//
// It imports the standard library, a YAML parser and citebot/internal/yamlerr.
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
)

// File names inside the data folder.
const (
	FileName       = "answers.yaml"
	AuditName      = "answers.audit.jsonl"
	CardsFileName  = "cards.yaml"
	CardsAuditName = "cards.audit.jsonl"
)

// kind says what a store holds: its files, the one section of its YAML
// file, the comment at its top, and how its items are named.
type kind[T any] struct {
	file, audit, lock string
	section           string
	header            string
	id                func(T) string
}

var entryKind = kind[Entry]{
	file: FileName, audit: AuditName, lock: "answers.lock", section: "entries",
	header: `# citebot's curated answers: moderators' answers to questions people keep
# asking, each resting on passages of the documents (their text is copied
# here so that a change in a document is noticed). Edit them with /answers in
# chat or "bot answers" in a terminal; edits by hand are read within two
# seconds, and a file with an error is refused (the last good one stays).
`,
	id: func(en Entry) string { return en.ID },
}

var cardKind = kind[Card]{
	file: CardsFileName, audit: CardsAuditName, lock: "cards.lock", section: "cards",
	header: `# citebot's curated fact cards: quotes moderators chose to share (cite, the
# passage; quote, its words exactly; title and topics, to find it by), and
# cards they hid (hidden: true; auto: true for a card the bot made itself).
# Edit them with /factcards in chat or "bot factcards" in a terminal; edits by
# hand are read within two seconds, and a file with an error is refused (the
# last good one stays).
`,
	id: func(c Card) string { return c.ID },
}

// Store is one curated file of a data folder, holding items of type T.
type Store[T any] struct {
	dir  string
	kind kind[T]
	now  func() time.Time
}

// Open prepares the curated answers of the data folder dir, creating the
// folder if needed.
func Open(dir string) (*Store[Entry], error) { return open(dir, entryKind) }

// OpenCards prepares the curated fact cards of the data folder dir.
func OpenCards(dir string) (*Store[Card], error) { return open(dir, cardKind) }

func open[T any](dir string, k kind[T]) (*Store[T], error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("curated: open %s: %w", dir, err)
	}
	return &Store[T]{dir: dir, kind: k, now: time.Now}, nil
}

// Path is the store's YAML file.
func (s *Store[T]) Path() string { return filepath.Join(s.dir, s.kind.file) }

// Load reads the items. A missing file is an empty set; a file that does
// not parse is an error that names the line.
func (s *Store[T]) Load() ([]T, error) {
	b, err := os.ReadFile(s.Path())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("curated: %w", err)
	}
	items, err := parse(s.kind, b)
	s.keep(b, err) // the last good copy (lastgood.go)
	return items, err
}

func parse[T any](k kind[T], b []byte) ([]T, error) {
	var f map[string][]T
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("curated: %s: %w", k.file, readable(err, b)) // yaml errors name the line
	}
	for key := range f {
		if key != k.section {
			return nil, fmt.Errorf("curated: %s: line %d: unknown section %q (the file holds %s:)", k.file, keyLine(b, key), key, k.section)
		}
	}
	items := f[k.section]
	seen := map[string]int{}
	for i, it := range items {
		id := k.id(it)
		if id == "" {
			return nil, fmt.Errorf("curated: %s: item %d of %s has no id", k.file, i+1, k.section)
		}
		if j, dup := seen[id]; dup {
			return nil, fmt.Errorf("curated: %s: items %d and %d of %s share the id %q", k.file, j+1, i+1, k.section, id)
		}
		seen[id] = i
	}
	return items, nil
}

// keyLine is the line of a top-level key of a YAML file, 0 when not found.
func keyLine(b []byte, key string) int {
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) != nil || len(doc.Content) == 0 {
		return 0
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}

// Record is one line of the audit log.
type Record[T any] struct {
	Time   time.Time `json:"time"`
	Author string    `json:"author"`
	Action string    `json:"action"` // add, edit, remove, hide, unhide, undo
	ID     string    `json:"id"`
	Before *T        `json:"before"`
	After  *T        `json:"after"`
	Undoes int       `json:"undoes,omitempty"` // for undo: the line number (from 1) of the change undone
}

// Change is what an edit does: the item before and after (nil for none).
type Change[T any] struct {
	Action        string
	Before, After *T
}

// ErrNothing is returned by Undo when there is nothing to undo.
var ErrNothing = errors.New("nothing to change")

// Update runs edit on the current items under the store's lock, writes
// what it returns atomically and audits the change. An error from edit
// writes nothing.
func (s *Store[T]) Update(author string, edit func([]T) ([]T, Change[T], error)) (Change[T], error) {
	unlock, err := s.lock()
	if err != nil {
		return Change[T]{}, err
	}
	defer unlock()
	s.removeLeftovers()
	items, err := s.Load()
	if err != nil {
		return Change[T]{}, err
	}
	next, ch, err := edit(items)
	if err != nil {
		return Change[T]{}, err
	}
	if err := s.write(next); err != nil {
		return Change[T]{}, err
	}
	id := ""
	switch {
	case ch.After != nil:
		id = s.kind.id(*ch.After)
	case ch.Before != nil:
		id = s.kind.id(*ch.Before)
	}
	return ch, s.audit(Record[T]{Time: s.now().UTC(), Author: author, Action: ch.Action, ID: id, Before: ch.Before, After: ch.After})
}

// NewID makes an item id: short, random, readable.
func NewID() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Undo reverts the last change not undone yet, and audits that.
func (s *Store[T]) Undo(author string) (Change[T], error) {
	unlock, err := s.lock()
	if err != nil {
		return Change[T]{}, err
	}
	defer unlock()
	records, err := s.Audit()
	if err != nil {
		return Change[T]{}, err
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
		return Change[T]{}, ErrNothing
	}
	r := records[target]
	items, err := s.Load()
	if err != nil {
		return Change[T]{}, err
	}
	var next []T
	replaced := false
	for _, it := range items {
		if s.kind.id(it) != r.ID {
			next = append(next, it)
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
		return Change[T]{}, err
	}
	ch := Change[T]{Action: "undo", Before: r.After, After: r.Before}
	return ch, s.audit(Record[T]{Time: s.now().UTC(), Author: author, Action: "undo", ID: r.ID,
		Before: r.After, After: r.Before, Undoes: target + 1})
}

// Audit reads the audit log, oldest first.
func (s *Store[T]) Audit() ([]Record[T], error) {
	f, err := os.Open(filepath.Join(s.dir, s.kind.audit))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("curated: audit: %w", err)
	}
	defer f.Close()
	var out []Record[T]
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var r Record[T]
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
func (s *Store[T]) removeLeftovers() {
	leftovers, _ := filepath.Glob(filepath.Join(s.dir, s.kind.file+".tmp-*"))
	for _, f := range leftovers {
		os.Remove(f)
	}
}

// write replaces the file atomically: a temporary file in the same folder,
// synced, renamed over the old one, and the folder synced.
func (s *Store[T]) write(items []T) error {
	var buf bytes.Buffer
	buf.WriteString(s.kind.header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if items == nil {
		items = []T{}
	}
	if err := enc.Encode(map[string][]T{s.kind.section: items}); err != nil {
		return fmt.Errorf("curated: encode: %w", err)
	}
	enc.Close()
	tmp, err := os.CreateTemp(s.dir, s.kind.file+".tmp-*")
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
	s.keep(buf.Bytes(), nil) // the last good copy (lastgood.go)
	return syncDir(s.dir)
}

func (s *Store[T]) audit(r Record[T]) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("curated: audit: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(s.dir, s.kind.audit), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640)
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
func (s *Store[T]) lock() (func(), error) { return flock(filepath.Join(s.dir, s.kind.lock)) }

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

// Watch calls onChange with the items whenever the file changes (by any
// process, or by hand), checking every interval, and onError when a changed
// file does not parse (the last good items stay live). It returns when ctx
// is done.
func (s *Store[T]) Watch(ctx context.Context, interval time.Duration, onChange func([]T), onError func(error)) {
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
		items, err := parse(s.kind, b)
		s.keep(b, err)
		if err != nil {
			onError(err)
			return
		}
		onChange(items)
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
