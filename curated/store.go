// Package curated keeps what moderators curate in human-readable YAML files
// under the data folder, each beside an append-only audit log: the curated
// answers (answers.yaml) and the fact cards they chose or hid (cards.yaml).
// Every change is serialised (a lock file shared by all processes), audited
// ahead (who, when, what, before and after, on disk before the change),
// and written atomically (temporary file, fsync, rename); a change can be
// undone. Items is what the bot needs of such a store; Store is this one.
//
// It imports the standard library, a YAML parser, a file lock and
// citebot/internal/yamlerr: nothing else of citebot.
package curated

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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

// ErrNothing is returned by Undo when there is nothing to undo.
var ErrNothing = errors.New("nothing to change")

// ErrUnavailable is what a store that lives elsewhere (a database) says
// when it cannot be reached: nothing was changed, and the items last read
// stay served.
var ErrUnavailable = errors.New("the shared store cannot be reached")

// Update runs edit on the current items under the store's lock and makes
// the change it returns: first its audit record, synced to disk, then the
// file, replaced atomically. When edit fails, or the record cannot be
// written, nothing is changed; when the file cannot be written, nothing is
// changed either, and the next change marks the record failed.
func (s *Store[T]) Update(author string, edit func([]T) (Change[T], error)) (Change[T], error) {
	unlock, err := s.lock()
	if err != nil {
		return Change[T]{}, err
	}
	defer unlock()
	cur, items, err := s.current()
	if err != nil {
		return Change[T]{}, err
	}
	ch, err := edit(items)
	if err != nil {
		return Change[T]{}, err
	}
	return ch, s.commit(author, cur, items, ch, 0)
}

// NewID makes an item id: short, random, readable.
func NewID() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Undo reverts the last change neither undone nor failed, and audits that.
func (s *Store[T]) Undo(author string) (Change[T], error) {
	unlock, err := s.lock()
	if err != nil {
		return Change[T]{}, err
	}
	defer unlock()
	cur, items, err := s.current()
	if err != nil {
		return Change[T]{}, err
	}
	records, err := s.records()
	if err != nil {
		return Change[T]{}, err
	}
	ch, undoes, err := UndoOf(records)
	if err != nil {
		return Change[T]{}, err
	}
	return ch, s.commit(author, cur, items, ch, undoes)
}

// UndoOf is the change that undoes the last change of records neither
// undone nor failed, and that record's number (from 1); ErrNothing when
// there is none.
func UndoOf[T any](records []Record[T]) (Change[T], int, error) {
	target := lastChange(records)
	if target < 0 {
		return Change[T]{}, 0, ErrNothing
	}
	r := records[target]
	return Change[T]{Action: "undo", Before: r.After, After: r.Before}, target + 1, nil
}

// History reads the audit log, oldest first, once it agrees with the file.
func (s *Store[T]) History() ([]Record[T], error) {
	unlock, err := s.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	if _, err := s.settle(); err != nil {
		return nil, err
	}
	return s.records()
}

// current settles the audit log and reads the items; called under the
// lock. It returns the file's content too.
func (s *Store[T]) current() ([]byte, []T, error) {
	s.removeLeftovers()
	cur, err := s.settle()
	if err != nil {
		return nil, nil, err
	}
	items, err := parse(s.kind, cur)
	return cur, items, err
}

// commit makes ch to items, read from the file's content cur: the audit
// record first, then the file. undoes is the number of the record an undo
// undoes.
func (s *Store[T]) commit(author string, cur []byte, items []T, ch Change[T], undoes int) error {
	id, err := s.changedID(ch)
	if err != nil {
		return err
	}
	next, err := s.encode(apply(items, ch, id, s.kind.id))
	if err != nil {
		return err
	}
	rec := Record[T]{Time: s.now().UTC(), Author: author, Action: ch.Action, ID: id, Before: ch.Before, After: ch.After,
		Undoes: undoes, FileBefore: digest(cur), FileAfter: digest(next)}
	if err := s.appendRecord(rec); err != nil {
		return err
	}
	// The record is on disk: from here a failure leaves the file as it
	// was, and settle marks the record failed at the next change.
	return s.write(next)
}

// changedID is the id of the item ch changes.
func (s *Store[T]) changedID(ch Change[T]) (string, error) {
	var id string
	switch {
	case ch.After != nil:
		id = s.kind.id(*ch.After)
	case ch.Before != nil:
		id = s.kind.id(*ch.Before)
	}
	if id == "" || (ch.Before != nil && ch.After != nil && s.kind.id(*ch.Before) != id) {
		return "", fmt.Errorf("curated: a change must keep one item's id (%q)", id)
	}
	return id, nil
}

// apply makes ch to the item named id: replaced where it is, added at the
// end, or removed.
func apply[T any](items []T, ch Change[T], id string, idOf func(T) string) []T {
	next := slices.Clone(items)
	i := slices.IndexFunc(next, func(it T) bool { return idOf(it) == id })
	switch {
	case ch.After == nil && i >= 0:
		return slices.Delete(next, i, i+1)
	case ch.After == nil:
		return next
	case i >= 0:
		next[i] = *ch.After
		return next
	}
	return append(next, *ch.After)
}

// removeLeftovers removes the temporary files of writes a crash cut short;
// called under the lock, so no write is under way.
func (s *Store[T]) removeLeftovers() {
	leftovers, _ := filepath.Glob(filepath.Join(s.dir, s.kind.file+".tmp-*"))
	for _, f := range leftovers {
		os.Remove(f)
	}
}

// encode writes items as the file holds them: the header, then the section.
func (s *Store[T]) encode(items []T) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(s.kind.header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if items == nil {
		items = []T{}
	}
	if err := enc.Encode(map[string][]T{s.kind.section: items}); err != nil {
		return nil, fmt.Errorf("curated: encode: %w", err)
	}
	enc.Close()
	return buf.Bytes(), nil
}

// write replaces the file atomically: a temporary file in the same folder,
// synced, renamed over the old one, and the folder synced.
func (s *Store[T]) write(content []byte) error {
	if err := replaceFile(s.dir, s.Path(), s.kind.file+".tmp-*", content); err != nil {
		return err
	}
	s.keep(content, nil) // the last good copy (lastgood.go)
	// The change is made and recorded. Should the folder not reach the disk
	// before a crash, the old file comes back and settle tells it apart.
	syncDir(s.dir)
	return nil
}

// lock takes the store's lock file, shared by every process on the data
// folder (the bot and a moderator's terminal), so that edits never
// interleave.
func (s *Store[T]) lock() (func(), error) { return lockFile(filepath.Join(s.dir, s.kind.lock)) }

// syncDir syncs a folder, so that a file renamed into it stays there after
// a crash. Windows cannot sync a folder, and needs not: NTFS journals
// renames.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
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
