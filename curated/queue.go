package curated

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Journal is an append-only file of records, one JSON object a line, each
// with its time, pruned of records older than a retention period. It holds
// what moderators need and nothing about who: the unanswered questions'
// text, and feedback per answer.
type Journal[T any] struct {
	path string
	lock string
	now  func() time.Time
}

// Stamped is a record with its time.
type Stamped[T any] struct {
	Time time.Time `json:"time"`
	Rec  T         `json:"rec"`
}

// NewJournal opens the journal name in the data folder dir.
func NewJournal[T any](dir, name string) *Journal[T] {
	return &Journal[T]{path: filepath.Join(dir, name), lock: filepath.Join(dir, name+".lock"), now: time.Now}
}

// Unanswered is a question the bot could not answer: its text only.
type Unanswered struct {
	Question string `json:"q"`
}

// Vote is a 👍 or 👎 on an answer.
type Vote struct {
	Answer string `json:"answer"`
	Up     bool   `json:"up"`
}

// Add appends a record.
func (j *Journal[T]) Add(rec T) error {
	unlock, err := lockFile(j.lock)
	if err != nil {
		return err
	}
	defer unlock()
	b, err := json.Marshal(Stamped[T]{Time: j.now().UTC(), Rec: rec})
	if err != nil {
		return fmt.Errorf("curated: %w", err)
	}
	f, err := os.OpenFile(j.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640)
	if err != nil {
		return fmt.Errorf("curated: %w", err)
	}
	defer f.Close()
	_, err = f.Write(append(b, '\n'))
	return err
}

// Load returns the records younger than keep, oldest first, and rewrites
// the file without the older ones (atomically) when there were any.
func (j *Journal[T]) Load(keep time.Duration) ([]Stamped[T], error) {
	unlock, err := lockFile(j.lock)
	if err != nil {
		return nil, err
	}
	defer unlock()
	recs, pruned, err := j.read(keep)
	if err != nil || !pruned {
		return recs, err
	}
	return recs, j.rewrite(recs)
}

// Remove drops the records drop says to, atomically.
func (j *Journal[T]) Remove(keep time.Duration, drop func(Stamped[T]) bool) error {
	unlock, err := lockFile(j.lock)
	if err != nil {
		return err
	}
	defer unlock()
	recs, _, err := j.read(keep)
	if err != nil {
		return err
	}
	var out []Stamped[T]
	for _, r := range recs {
		if !drop(r) {
			out = append(out, r)
		}
	}
	return j.rewrite(out)
}

func (j *Journal[T]) read(keep time.Duration) (recs []Stamped[T], pruned bool, err error) {
	f, err := os.Open(j.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("curated: %w", err)
	}
	defer f.Close()
	cutoff := j.now().Add(-keep)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		var r Stamped[T]
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			pruned = true // a line a crash cut short
			continue
		}
		if r.Time.Before(cutoff) {
			pruned = true
			continue
		}
		recs = append(recs, r)
	}
	return recs, pruned, sc.Err()
}

func (j *Journal[T]) rewrite(recs []Stamped[T]) error {
	tmp, err := os.CreateTemp(filepath.Dir(j.path), filepath.Base(j.path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("curated: %w", err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	for _, r := range recs {
		b, _ := json.Marshal(r)
		w.Write(append(b, '\n'))
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("curated: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("curated: %w", err)
	}
	tmp.Close()
	if err := os.Rename(tmp.Name(), j.path); err != nil {
		return fmt.Errorf("curated: %w", err)
	}
	return syncDir(filepath.Dir(j.path))
}
