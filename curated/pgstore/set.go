package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"citebot/curated"
)

// Set is one curated set in the database: the answers or the fact cards.
type Set[T any] struct {
	db   *DB
	kind string
	id   func(T) string

	mu   sync.Mutex
	last []T // the items last read, served while the database is away
}

var (
	_ curated.Answers = (*Set[curated.Entry])(nil)
	_ curated.Cards   = (*Set[curated.Card])(nil)
)

// Answers is the curated answers.
func (db *DB) Answers() *Set[curated.Entry] {
	return &Set[curated.Entry]{db: db, kind: "answers", id: func(e curated.Entry) string { return e.ID }}
}

// Cards is the curated fact cards.
func (db *DB) Cards() *Set[curated.Card] {
	return &Set[curated.Card]{db: db, kind: "cards", id: func(c curated.Card) string { return c.ID }}
}

// opTimeout bounds one operation on the database, so that a server that
// stops answering is noticed.
const opTimeout = 10 * time.Second

// Load returns the items, in their order.
func (s *Set[T]) Load() ([]T, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	items, err := s.items(ctx, s.db.pool)
	if err := s.db.seen(err); err != nil {
		return nil, fmt.Errorf("pgstore: %s: %w", s.kind, err)
	}
	s.remember(items)
	return items, nil
}

// remember keeps items as the last read.
func (s *Set[T]) remember(items []T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = slices.Clone(items)
}

// LoadLastGood returns the items as Load does; when they cannot be read
// (the database is away), the items this Set last read, with the error.
func (s *Set[T]) LoadLastGood() ([]T, error) {
	items, err := s.Load()
	if err == nil {
		return items, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.last), err
}

// Path names where the items are kept, for messages to moderators.
func (s *Set[T]) Path() string {
	return fmt.Sprintf("the database's %s (table citebot_items, kind %s)", s.kind, s.kind)
}

// LastGoodPath names where the items served while they cannot be read are
// kept.
func (s *Set[T]) LastGoodPath() string {
	return "this process's memory (the " + s.kind + " last read from the database)"
}

// querier is a connection pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func (s *Set[T]) items(ctx context.Context, q querier) ([]T, error) {
	rows, err := q.Query(ctx, `SELECT item FROM citebot_items WHERE kind = $1 ORDER BY pos`, s.kind)
	if err != nil {
		return nil, err
	}
	var out []T
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		var it T
		if err := json.Unmarshal(b, &it); err != nil {
			return nil, fmt.Errorf("an item does not parse: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

func (s *Set[T]) records(ctx context.Context, q querier) ([]curated.Record[T], error) {
	rows, err := q.Query(ctx, `SELECT record FROM citebot_audit WHERE kind = $1 ORDER BY n`, s.kind)
	if err != nil {
		return nil, err
	}
	var out []curated.Record[T]
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		var r curated.Record[T]
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, fmt.Errorf("an audit record does not parse: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// History returns the audit records, oldest first.
func (s *Set[T]) History() ([]curated.Record[T], error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	recs, err := s.records(ctx, s.db.pool)
	if err := s.db.seen(err); err != nil {
		return nil, fmt.Errorf("pgstore: %s: %w", s.kind, err)
	}
	return recs, nil
}

// errEdit carries an edit's own error out of a transaction unchanged.
type errEdit struct{ err error }

func (e errEdit) Error() string { return e.err.Error() }
func (e errEdit) Unwrap() error { return e.err }

// inTx runs f in a transaction that holds the set's row lock: changes of
// the set, from any process, are made one at a time, each on the set as
// the one before left it.
func (s *Set[T]) inTx(f func(ctx context.Context, tx pgx.Tx) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT version FROM citebot_sets WHERE kind = $1 FOR UPDATE`, s.kind); err != nil {
			return err
		}
		return f(ctx, tx)
	})
	var ee errEdit
	if errors.As(err, &ee) {
		s.db.seen(nil)
		return ee.err
	}
	if err := s.db.seen(err); err != nil {
		return fmt.Errorf("pgstore: %s: %w", s.kind, err)
	}
	return nil
}

// Update runs edit on the items as they are inside a transaction that no
// other change of the set can enter, and makes the change it returns with
// its audit record in that transaction.
func (s *Set[T]) Update(author string, edit func([]T) (curated.Change[T], error)) (curated.Change[T], error) {
	var ch curated.Change[T]
	err := s.inTx(func(ctx context.Context, tx pgx.Tx) error {
		items, err := s.items(ctx, tx)
		if err != nil {
			return err
		}
		if ch, err = edit(items); err != nil {
			return errEdit{err}
		}
		return s.commit(ctx, tx, author, ch, 0)
	})
	return ch, err
}

// Undo reverts the last change neither undone nor failed, and audits that.
func (s *Set[T]) Undo(author string) (curated.Change[T], error) {
	var ch curated.Change[T]
	err := s.inTx(func(ctx context.Context, tx pgx.Tx) error {
		recs, err := s.records(ctx, tx)
		if err != nil {
			return err
		}
		var undoes int
		if ch, undoes, err = curated.UndoOf(recs); err != nil {
			return errEdit{err}
		}
		return s.commit(ctx, tx, author, ch, undoes)
	})
	return ch, err
}

// commit makes ch with its audit record, bumps the set's version and
// tells every listening process, all in tx.
func (s *Set[T]) commit(ctx context.Context, tx pgx.Tx, author string, ch curated.Change[T], undoes int) error {
	var id string
	switch {
	case ch.After != nil:
		id = s.id(*ch.After)
	case ch.Before != nil:
		id = s.id(*ch.Before)
	}
	if id == "" || (ch.Before != nil && ch.After != nil && s.id(*ch.Before) != id) {
		return errEdit{fmt.Errorf("pgstore: a change must keep one item's id (%q)", id)}
	}
	rec := curated.Record[T]{Time: s.db.now().UTC(), Author: author, Action: ch.Action, ID: id, Before: ch.Before, After: ch.After, Undoes: undoes}
	if err := s.appendRecords(ctx, tx, []curated.Record[T]{rec}); err != nil {
		return err
	}
	if ch.After == nil {
		if _, err := tx.Exec(ctx, `DELETE FROM citebot_items WHERE kind = $1 AND id = $2`, s.kind, id); err != nil {
			return err
		}
	} else {
		b, err := json.Marshal(ch.After)
		if err != nil {
			return errEdit{fmt.Errorf("pgstore: %w", err)}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO citebot_items (kind, id, pos, item)
			VALUES ($1, $2, (SELECT COALESCE(MAX(pos), 0) + 1 FROM citebot_items WHERE kind = $1), $3)
			ON CONFLICT (kind, id) DO UPDATE SET item = EXCLUDED.item`, s.kind, id, b); err != nil {
			return err
		}
	}
	return s.bump(ctx, tx)
}

// appendRecords numbers recs after the set's last record and stores them.
func (s *Set[T]) appendRecords(ctx context.Context, tx pgx.Tx, recs []curated.Record[T]) error {
	var n int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(n), 0) FROM citebot_audit WHERE kind = $1`, s.kind).Scan(&n); err != nil {
		return err
	}
	for _, r := range recs {
		b, err := json.Marshal(r)
		if err != nil {
			return errEdit{fmt.Errorf("pgstore: audit: %w", err)}
		}
		n++
		if _, err := tx.Exec(ctx, `INSERT INTO citebot_audit (kind, n, record) VALUES ($1, $2, $3)`, s.kind, n, b); err != nil {
			return err
		}
	}
	return nil
}

// bump raises the set's version and notifies the listeners, at commit.
func (s *Set[T]) bump(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `UPDATE citebot_sets SET version = version + 1 WHERE kind = $1`, s.kind); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, channel, s.kind)
	return err
}

// Import puts items and their audit records into the set, which must be
// empty unless merge (curated.Merge says what it holds after).
func (s *Set[T]) Import(items []T, records []curated.Record[T], merge bool) error {
	return s.inTx(func(ctx context.Context, tx pgx.Tx) error {
		have, err := s.items(ctx, tx)
		if err != nil {
			return err
		}
		haveRecords, err := s.records(ctx, tx)
		if err != nil {
			return err
		}
		if !merge && (len(have) > 0 || len(haveRecords) > 0) {
			return errEdit{fmt.Errorf("pgstore: %s: %w", s.kind, curated.ErrNotEmpty)}
		}
		all, _ := curated.Merge(have, nil, items, nil, s.id)
		_, recs := curated.Merge[T](nil, haveRecords, nil, records, s.id)
		for i, it := range all[len(have):] {
			b, err := json.Marshal(it)
			if err != nil {
				return errEdit{fmt.Errorf("pgstore: %w", err)}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO citebot_items (kind, id, pos, item)
				VALUES ($1, $2, (SELECT COALESCE(MAX(pos), 0) + 1 FROM citebot_items WHERE kind = $1), $3)`, s.kind, s.id(it), b); err != nil {
				return fmt.Errorf("item %d: %w", i+1, err)
			}
		}
		if err := s.appendRecords(ctx, tx, recs[len(haveRecords):]); err != nil {
			return err
		}
		return s.bump(ctx, tx)
	})
}

// version is the set's version: it changes with every change.
func (s *Set[T]) version(ctx context.Context, q querier) (int64, error) {
	var v int64
	err := q.QueryRow(ctx, `SELECT version FROM citebot_sets WHERE kind = $1`, s.kind).Scan(&v)
	return v, err
}

// Watch calls onChange with the items whenever they change, in any
// process: at once, through a notification, and every Reread (or every
// interval, when longer) in case one was missed. While the database
// cannot be reached, it calls onError and tries again after waits that
// double up to maxBackoff, the last items staying live; when the database
// is back it reads the set again. It returns when ctx is done.
func (s *Set[T]) Watch(ctx context.Context, interval time.Duration, onChange func([]T), onError func(error)) {
	reread := max(interval, s.db.Reread)
	last := int64(-1)
	wait := minBackoff
	for ctx.Err() == nil {
		err := s.listen(ctx, reread, &last, onChange)
		if ctx.Err() != nil {
			return
		}
		if seen := s.db.seen(err); seen != nil {
			err = seen
		}
		onError(fmt.Errorf("pgstore: %s: %w", s.kind, err))
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, maxBackoff)
		if s.db.reachable() {
			wait = minBackoff
		}
	}
}

// How long Watch waits before trying the database again: doubling from
// minBackoff up to maxBackoff.
const (
	minBackoff = 250 * time.Millisecond
	maxBackoff = 10 * time.Second
)

func (db *DB) reachable() bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.downErr == nil
}

// listen holds a connection listening for changes and reads the set when
// one is announced, or every reread, until the connection fails or ctx
// ends. last is the version last served.
func (s *Set[T]) listen(ctx context.Context, reread time.Duration, last *int64, onChange func([]T)) error {
	cctx, cancel := context.WithTimeout(ctx, opTimeout)
	conn, err := pgx.ConnectConfig(cctx, s.db.conn)
	cancel()
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return err
	}
	s.db.seen(nil)
	read := func() error {
		rctx, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		v, err := s.version(rctx, conn)
		if err != nil || v == *last {
			return err
		}
		items, err := s.items(rctx, conn)
		if err != nil {
			return err
		}
		*last = v
		s.remember(items)
		onChange(items)
		return nil
	}
	if err := read(); err != nil {
		return err
	}
	for {
		wctx, cancel := context.WithTimeout(ctx, reread)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil && !pgconn.Timeout(err):
			return err
		case err == nil && n.Payload != s.kind:
			continue
		}
		if err := read(); err != nil {
			return err
		}
	}
}
