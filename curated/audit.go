package curated

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// The audit log is written ahead: a change's record, with a digest of the
// file before and after it, is on disk before the file is replaced. A
// process stopped between the two leaves a record whose change is not in
// the file; the next change (or undo, or reading the history) sees the
// file still as it was before and records that the change failed. The
// file is never changed to suit the log: it is what is served.

// Record is one line of the audit log.
type Record[T any] struct {
	Time   time.Time `json:"time"`
	Author string    `json:"author"`
	Action string    `json:"action"` // add, edit, remove, hide, unhide, undo; failed
	ID     string    `json:"id"`
	Before *T        `json:"before"`
	After  *T        `json:"after"`
	Undoes int       `json:"undoes,omitempty"` // for undo: the number (from 1) of the record undone
	Fails  int       `json:"fails,omitempty"`  // for failed: the number (from 1) of the record whose change never reached the file

	// FileBefore and FileAfter are digests of the file before and after the
	// change (records written before they were kept have none).
	FileBefore string `json:"file_before,omitempty"`
	FileAfter  string `json:"file_after,omitempty"`
}

// actionFailed marks a record whose change never reached the file.
const actionFailed = "failed"

func (s *Store[T]) auditPath() string { return filepath.Join(s.dir, s.kind.audit) }

// digest names the content of a file; a missing file is an empty one.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// records reads the audit log, oldest first. A record is numbered by its
// place in what this returns, from 1.
func (s *Store[T]) records() ([]Record[T], error) {
	f, err := os.Open(s.auditPath())
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
	for sc.Scan() {
		var r Record[T]
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			continue // a line spoiled by hand; a line cut by a crash is cut off by settle
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("curated: audit: %w", err)
	}
	return out, nil
}

// lastChange is the index of the last change neither undone nor failed,
// -1 when there is none. An undo that failed undid nothing.
func lastChange[T any](records []Record[T]) int {
	gone := map[int]bool{}
	for i := len(records) - 1; i >= 0; i-- {
		r := records[i]
		switch {
		case gone[i]:
		case r.Action == actionFailed:
			gone[r.Fails-1] = true
		case r.Action == "undo":
			gone[r.Undoes-1] = true
		default:
			return i
		}
	}
	return -1
}

// appendRecord appends r to the audit log and syncs it to disk.
func (s *Store[T]) appendRecord(r Record[T]) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("curated: audit: %w", err)
	}
	_, statErr := os.Stat(s.auditPath())
	f, err := os.OpenFile(s.auditPath(), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640)
	if err != nil {
		return fmt.Errorf("curated: audit: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("curated: audit: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("curated: audit: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("curated: audit: %w", err)
	}
	if errors.Is(statErr, os.ErrNotExist) {
		return syncDir(s.dir) // the new log's name, too, is on disk before the change
	}
	return nil
}

// settle reads the file and brings the audit log in line with it; called
// under the lock. A last line cut short by a crash (its change was never
// made) is cut off; a last record whose change is not in the file, which
// is still as it was before, gets a failed record. A file that is neither
// (changed by hand since) is left to stand for itself. It returns the
// file's content.
func (s *Store[T]) settle() ([]byte, error) {
	cur, err := os.ReadFile(s.Path())
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("curated: %w", err)
	}
	last, ok, err := s.lastRecord()
	if err != nil || !ok {
		return cur, err
	}
	now := digest(cur)
	if last.Action == actionFailed || last.FileAfter == "" || last.FileAfter == now || last.FileBefore != now {
		return cur, nil
	}
	records, err := s.records()
	if err != nil {
		return nil, err
	}
	return cur, s.appendRecord(Record[T]{Time: s.now().UTC(), Author: "citebot", Action: actionFailed,
		ID: last.ID, Fails: len(records)})
}

// lastRecord reads the audit log's last record, reading the file from its
// end. A last line without its newline was cut short by a crash before
// its change was made: it is cut off.
func (s *Store[T]) lastRecord() (Record[T], bool, error) {
	var r Record[T]
	f, err := os.OpenFile(s.auditPath(), os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("curated: audit: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return r, false, fmt.Errorf("curated: audit: %w", err)
	}
	line, end, err := lastLine(f, info.Size())
	if err != nil {
		return r, false, fmt.Errorf("curated: audit: %w", err)
	}
	if end < info.Size() {
		if err := f.Truncate(end); err != nil {
			return r, false, fmt.Errorf("curated: audit: cut off a torn record: %w", err)
		}
		if err := f.Sync(); err != nil {
			return r, false, fmt.Errorf("curated: audit: %w", err)
		}
	}
	if len(line) == 0 || json.Unmarshal(line, &r) != nil {
		return r, false, nil
	}
	return r, true, nil
}

// lastLine finds, in a file of size bytes, its last line ending in a
// newline (without the newline) and where that newline ends: what follows
// is a line cut short.
func lastLine(f io.ReaderAt, size int64) (line []byte, end int64, err error) {
	if size == 0 {
		return nil, 0, nil
	}
	for n := min(size, 64<<10); ; n = min(2*n, size) {
		buf := make([]byte, n)
		if _, err := f.ReadAt(buf, size-n); err != nil {
			return nil, 0, err
		}
		e := bytes.LastIndexByte(buf, '\n')
		if e < 0 && n < size {
			continue // the newline is further back
		}
		if e < 0 {
			return nil, 0, nil // no complete line at all
		}
		start := bytes.LastIndexByte(buf[:e], '\n') + 1
		if start == 0 && n < size {
			continue // the line may begin further back
		}
		return buf[start:e], size - n + int64(e) + 1, nil
	}
}
