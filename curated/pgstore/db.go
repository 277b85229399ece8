// Package pgstore keeps what moderators curate in PostgreSQL, shared by
// every process that names the same database: the curated answers and
// fact cards with their audit (Set, a curated.Items), and the unanswered
// queue and feedback (Journal). It makes the same promises as the files
// of a data folder: a change and its audit record in one transaction,
// made on the set as it is inside that transaction; undo; retention
// pruning; nothing about who asked. Changes reach every process's Watch
// through LISTEN/NOTIFY, with a slow re-read in case a notification is
// missed. The schema is created and migrated by Open, from the versioned
// files in migrations/.
//
// It imports the standard library, pgx and citebot/curated; it is the only
// package that imports pgx.
package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"citebot/curated"
)

// DefaultReread is how often a Watch reads its set again in case a
// notification was missed.
const DefaultReread = time.Minute

// channel is the NOTIFY channel; its payload is the set that changed.
const channel = "citebot_changes"

// DB is an open database holding the shared store.
type DB struct {
	pool *pgxpool.Pool
	conn *pgx.ConnConfig // for the connections Watch listens on
	// Reread is how often a Watch reads its set again in case a
	// notification was missed (at least the interval Watch is given).
	Reread time.Duration
	// now is the clock of records' times.
	now func() time.Time

	mu       sync.Mutex
	downErr  error     // why the database cannot be reached; nil when it can
	downAt   time.Time // since when
	flushers []func()  // the journals' writers of records kept in memory
}

// Open connects to the database at rawURL, creating or migrating its
// schema (several processes may do so at once: one does it, the others
// wait and find it done).
func Open(ctx context.Context, rawURL string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %s: %w", Redact(rawURL), err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	cfg.MaxConns = max(cfg.MaxConns, 4)
	// A connection the server dropped (a restart) is found out before use
	// rather than failing the change: the store's operations are few.
	cfg.ShouldPing = func(context.Context, pgxpool.ShouldPingParams) bool { return true }
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %s: %w", Redact(rawURL), err)
	}
	db := &DB{pool: pool, conn: cfg.ConnConfig, Reread: DefaultReread, now: time.Now}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: %s: %w", Redact(rawURL), err)
	}
	return db, nil
}

// Close closes the database's connections.
func (db *DB) Close() { db.pool.Close() }

// Redact is rawURL with its password replaced, fit for a log line.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(a URL that does not parse)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock held while the schema is migrated.
const migrationLock = 0x63697465626f74 // "citebot"

// migrate applies, in one transaction under an advisory lock, the
// migrations not yet applied, in the order of their numbers.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS citebot_migrations (
		version int PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migrate: %s: a migration's name starts with its number", base)
		}
		var done bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM citebot_migrations WHERE version = $1)`, v).Scan(&done); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if done {
			continue
		}
		sql, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, string(sql)); err != nil {
			return fmt.Errorf("migrate: %s: %w", base, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO citebot_migrations (version, name) VALUES ($1, $2)`, v, base); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Health says whether the database can be reached, for /healthz: the
// store is degraded, not down, while it cannot (the last sets read stay
// served).
func (db *DB) Health() (ok bool, state string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.downErr == nil {
		return true, "connected"
	}
	return false, fmt.Sprintf("unreachable since %s, retrying; serving the last sets read: %v", db.downAt.UTC().Format(time.RFC3339), db.downErr)
}

// seen notes what an operation on the database found: err nil, or an
// error that says the database cannot be reached. It returns err, wrapped
// in curated.ErrUnavailable when it says so.
func (db *DB) seen(err error) error {
	if err != nil && !unreachable(err) {
		return err
	}
	db.mu.Lock()
	was := db.downErr
	if err != nil {
		if was == nil {
			db.downAt = db.now()
		}
		db.downErr = err
	} else {
		db.downErr = nil
	}
	flushers := slices.Clone(db.flushers)
	db.mu.Unlock()
	if err != nil {
		return fmt.Errorf("%w (%v)", curated.ErrUnavailable, err)
	}
	if was != nil {
		for _, f := range flushers {
			f()
		}
	}
	return nil
}

// unreachable says whether err means the database cannot be reached (the
// server is away, or the connection was cut), rather than that it refused
// a statement.
func unreachable(err error) bool {
	var refused errEdit
	if errors.Is(err, context.Canceled) || errors.As(err, &refused) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 08: connection exceptions; 57P0x: the server shutting down.
		return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P")
	}
	return true
}
