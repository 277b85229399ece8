package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"citebot/curated"
)

// MaxPending bounds the records a journal keeps in memory while the
// database cannot be reached; those past it are dropped and counted.
const MaxPending = 10_000

// Journal is one journal in the database, as curated.Journal is one in a
// data folder: records with their time, pruned after a retention period.
// While the database cannot be reached, Add keeps records in memory (at
// most MaxPending) and writes them, with their times, once it is back.
type Journal[T any] struct {
	db   *DB
	name string

	mu      sync.Mutex
	pending []curated.Stamped[T]
	dropped atomic.Uint64
}

// Journals of the bot.
const (
	UnansweredJournal = "unanswered"
	FeedbackJournal   = "feedback"
)

// NewJournal is the journal name of db.
func NewJournal[T any](db *DB, name string) *Journal[T] {
	j := &Journal[T]{db: db, name: name}
	db.mu.Lock()
	db.flushers = append(db.flushers, func() { j.flush() })
	db.mu.Unlock()
	return j
}

// Dropped is how many records were lost because too many waited in memory
// for the database.
func (j *Journal[T]) Dropped() uint64 { return j.dropped.Load() }

// Pending is how many records wait in memory for the database.
func (j *Journal[T]) Pending() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.pending)
}

// Add stores a record; while the database cannot be reached, it is kept in
// memory to be written when it is back (or dropped and counted, when too
// many wait), and Add reports no error.
func (j *Journal[T]) Add(rec T) error {
	st := curated.Stamped[T]{Time: j.db.now().UTC(), Rec: rec}
	if j.db.reachable() { // else Watch tries the database again, and writes what waits here when it is back
		j.flush()
		err := j.insert([]curated.Stamped[T]{st})
		if !errors.Is(err, curated.ErrUnavailable) {
			return err
		}
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.pending) >= MaxPending {
		j.dropped.Add(1)
		return nil
	}
	j.pending = append(j.pending, st)
	return nil
}

// flush writes the records kept in memory, when there are any; those it
// cannot write wait again. The lock is not held while writing: a write
// that finds the database back flushes every journal, this one too.
func (j *Journal[T]) flush() {
	j.mu.Lock()
	recs := j.pending
	j.pending = nil
	j.mu.Unlock()
	if len(recs) == 0 || j.insert(recs) == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pending = append(recs, j.pending...)
	if over := len(j.pending) - MaxPending; over > 0 {
		j.dropped.Add(uint64(over))
		j.pending = j.pending[:MaxPending]
	}
}

func (j *Journal[T]) insert(recs []curated.Stamped[T]) error {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	err := pgx.BeginFunc(ctx, j.db.pool, func(tx pgx.Tx) error { return j.insertTx(ctx, tx, recs) })
	if err := j.db.seen(err); err != nil {
		return fmt.Errorf("pgstore: %s: %w", j.name, err)
	}
	return nil
}

func (j *Journal[T]) insertTx(ctx context.Context, tx pgx.Tx, recs []curated.Stamped[T]) error {
	for _, r := range recs {
		b, err := json.Marshal(r.Rec)
		if err != nil {
			return errEdit{fmt.Errorf("pgstore: %s: %w", j.name, err)}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO citebot_journal (journal, time, rec) VALUES ($1, $2, $3)`, j.name, r.Time, b); err != nil {
			return err
		}
	}
	return nil
}

// Load prunes the records older than keep and returns the others, oldest
// first.
func (j *Journal[T]) Load(keep time.Duration) ([]curated.Stamped[T], error) {
	j.flush()
	var out []curated.Stamped[T]
	err := j.inTx(func(ctx context.Context, tx pgx.Tx) error {
		var err error
		out, _, err = j.read(ctx, tx, keep)
		return err
	})
	return out, err
}

// Remove drops the records drop says to, and those older than keep.
func (j *Journal[T]) Remove(keep time.Duration, drop func(curated.Stamped[T]) bool) error {
	j.flush()
	return j.inTx(func(ctx context.Context, tx pgx.Tx) error {
		recs, seqs, err := j.read(ctx, tx, keep)
		if err != nil {
			return err
		}
		var gone []int64
		for i, r := range recs {
			if drop(r) {
				gone = append(gone, seqs[i])
			}
		}
		_, err = tx.Exec(ctx, `DELETE FROM citebot_journal WHERE seq = ANY($1)`, gone)
		return err
	})
}

// Import adds recs, with their times, to the journal, which must be empty
// unless merge.
func (j *Journal[T]) Import(recs []curated.Stamped[T], merge bool) error {
	return j.inTx(func(ctx context.Context, tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM citebot_journal WHERE journal = $1`, j.name).Scan(&n); err != nil {
			return err
		}
		if n > 0 && !merge {
			return errEdit{fmt.Errorf("pgstore: %s: %w", j.name, curated.ErrNotEmpty)}
		}
		return j.insertTx(ctx, tx, recs)
	})
}

func (j *Journal[T]) inTx(f func(ctx context.Context, tx pgx.Tx) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	err := pgx.BeginFunc(ctx, j.db.pool, func(tx pgx.Tx) error {
		// One change of a journal at a time, as a file's lock makes it.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "citebot_journal:"+j.name); err != nil {
			return err
		}
		return f(ctx, tx)
	})
	var ee errEdit
	if errors.As(err, &ee) {
		return ee.err
	}
	if err := j.db.seen(err); err != nil {
		return fmt.Errorf("pgstore: %s: %w", j.name, err)
	}
	return nil
}

// read prunes the records older than keep and reads the others, with
// their sequence numbers.
func (j *Journal[T]) read(ctx context.Context, tx pgx.Tx, keep time.Duration) ([]curated.Stamped[T], []int64, error) {
	cutoff := j.db.now().Add(-keep)
	if _, err := tx.Exec(ctx, `DELETE FROM citebot_journal WHERE journal = $1 AND time < $2`, j.name, cutoff); err != nil {
		return nil, nil, err
	}
	rows, err := tx.Query(ctx, `SELECT seq, time, rec FROM citebot_journal WHERE journal = $1 ORDER BY time, seq`, j.name)
	if err != nil {
		return nil, nil, err
	}
	var out []curated.Stamped[T]
	var seqs []int64
	for rows.Next() {
		var seq int64
		var r curated.Stamped[T]
		var b []byte
		if err := rows.Scan(&seq, &r.Time, &b); err != nil {
			return nil, nil, err
		}
		if json.Unmarshal(b, &r.Rec) != nil {
			continue
		}
		r.Time = r.Time.UTC()
		out = append(out, r)
		seqs = append(seqs, seq)
	}
	return slices.Clip(out), seqs, rows.Err()
}
