package curated

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"time"
)

// Moving a data folder's curated items, their audit and the journals into
// another store (a database) and back: ids and history are kept.

// ErrNotEmpty is returned by an import into a store that already holds
// something, unless told to merge.
var ErrNotEmpty = errors.New("the target is not empty")

// Merge is what a store holding items and records holds after taking in
// more items and moreRecords: the items it lacks (by id) are added at the
// end, the ones it has stay as they are, and the records follow its own,
// their undo and failed numbers shifted to match. File digests are left
// out: they describe another store's file.
func Merge[T any](items []T, records []Record[T], more []T, moreRecords []Record[T], idOf func(T) string) ([]T, []Record[T]) {
	out := slices.Clone(items)
	for _, it := range more {
		if !slices.ContainsFunc(out, func(o T) bool { return idOf(o) == idOf(it) }) {
			out = append(out, it)
		}
	}
	recs := slices.Clone(records)
	shift := len(records)
	for _, r := range moreRecords {
		if r.Undoes > 0 {
			r.Undoes += shift
		}
		if r.Fails > 0 {
			r.Fails += shift
		}
		r.FileBefore, r.FileAfter = "", ""
		recs = append(recs, r)
	}
	return out, recs
}

// Import puts items and their audit records into the store, which must
// be empty unless merge (then Merge says what it holds after).
func (s *Store[T]) Import(items []T, records []Record[T], merge bool) error {
	unlock, err := s.lock()
	if err != nil {
		return err
	}
	defer unlock()
	_, have, err := s.current()
	if err != nil {
		return err
	}
	haveRecords, err := s.records()
	if err != nil {
		return err
	}
	if !merge && (len(have) > 0 || len(haveRecords) > 0) {
		return fmt.Errorf("curated: %s: %w", s.kind.file, ErrNotEmpty)
	}
	items, records = Merge(have, haveRecords, items, records, s.kind.id)
	next, err := s.encode(items)
	if err != nil {
		return err
	}
	var log []byte
	for _, r := range records {
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("curated: audit: %w", err)
		}
		log = append(append(log, b...), '\n')
	}
	if err := writeFile(s.dir, s.auditPath(), log); err != nil {
		return err
	}
	return s.write(next)
}

// all keeps every record of a journal, however old.
const all = time.Duration(math.MaxInt64)

// Import adds recs, kept with their times, to the journal, which must be
// empty unless merge.
func (j *Journal[T]) Import(recs []Stamped[T], merge bool) error {
	unlock, err := lockFile(j.lock)
	if err != nil {
		return err
	}
	defer unlock()
	have, _, err := j.read(all)
	if err != nil {
		return err
	}
	if !merge && len(have) > 0 {
		return fmt.Errorf("curated: %s: %w", j.path, ErrNotEmpty)
	}
	out := append(slices.Clone(have), recs...)
	slices.SortStableFunc(out, func(a, b Stamped[T]) int { return a.Time.Compare(b.Time) })
	return j.rewrite(out)
}

// writeFile replaces path, in the folder dir, atomically, and syncs the
// folder.
func writeFile(dir, path string, content []byte) error {
	if err := replaceFile(dir, path, ".import-*", content); err != nil {
		return err
	}
	return syncDir(dir)
}

// replaceFile replaces path, in the folder dir, atomically: a temporary
// file named by pattern in the same folder, synced, renamed over the old
// one. The folder is not synced.
func replaceFile(dir, path, pattern string, content []byte) error {
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return fmt.Errorf("curated: write: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone after the rename; cleans up after a failure
	if _, err := tmp.Write(content); err != nil {
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
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("curated: rename: %w", err)
	}
	return nil
}
