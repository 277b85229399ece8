package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"citebot/curated"
	"citebot/curated/pgstore"
)

// Where the curated answers, fact cards, their audit, the unanswered queue
// and the feedback are kept: the files of the data folder, or, with
// CITEBOT_DATABASE_URL, a PostgreSQL database that every process naming it
// shares (the data folder then holds only the index).

// journal is what the bot needs of a journal, in files or in the database.
type journal[T any] interface {
	Add(rec T) error
	Load(keep time.Duration) ([]curated.Stamped[T], error)
	Remove(keep time.Duration, drop func(curated.Stamped[T]) bool) error
}

// startTimeout bounds connecting to the database and migrating it at start.
const startTimeout = 30 * time.Second

// openStore opens the curated sets and the journals.
func (b *Bot) openStore() error {
	if b.cfg.DatabaseURL == "" {
		var err error
		if b.curated, err = curated.Open(b.cfg.DataDir); err != nil {
			return fmt.Errorf("%w (set CITEBOT_DATA_DIR to a folder the bot may write)", err)
		}
		if b.cards, err = curated.OpenCards(b.cfg.DataDir); err != nil {
			return err
		}
		b.unanswered = curated.NewJournal[curated.Unanswered](b.cfg.DataDir, "unanswered.jsonl")
		b.feedback.journal = curated.NewJournal[curated.Vote](b.cfg.DataDir, "feedback.jsonl")
		return nil
	}
	db, err := openDB(b.cfg)
	if err != nil {
		return err
	}
	b.db = db
	b.log.Info("curated answers, fact cards, queue and feedback kept in the database", "database", pgstore.Redact(b.cfg.DatabaseURL))
	b.curated, b.cards = db.Answers(), db.Cards()
	queue := pgstore.NewJournal[curated.Unanswered](db, pgstore.UnansweredJournal)
	votes := pgstore.NewJournal[curated.Vote](db, pgstore.FeedbackJournal)
	b.unanswered, b.feedback.journal, b.feedback.shared = queue, votes, true
	b.health.add("store", func() (bool, string) {
		if ok, state := db.Health(); !ok {
			return true, "degraded: " + state // answering goes on from the last sets read
		}
		return true, "connected"
	})
	for name, j := range map[string]interface {
		Dropped() uint64
		Pending() int
	}{"unanswered": queue, "feedback": votes} {
		b.metrics.reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name:        "citebot_store_dropped_total",
				Help:        "Records (unanswered questions, votes) lost because too many waited in memory while the database could not be reached.",
				ConstLabels: prometheus.Labels{"journal": name},
			}, func() float64 { return float64(j.Dropped()) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{
				Name:        "citebot_store_pending",
				Help:        "Records waiting in memory for the database to be reached again.",
				ConstLabels: prometheus.Labels{"journal": name},
			}, func() float64 { return float64(j.Pending()) }))
	}
	b.metrics.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "citebot_store_up",
		Help: "1 while the database holding the curated answers can be reached, else 0.",
	}, func() float64 {
		if ok, _ := db.Health(); ok {
			return 1
		}
		return 0
	}))
	return nil
}

// openDB connects to CITEBOT_DATABASE_URL and migrates its schema.
func openDB(cfg Config) (*pgstore.DB, error) {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	db, err := pgstore.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("CITEBOT_DATABASE_URL: %w (check that the database is up and the URL names it)", err)
	}
	return db, nil
}

// unavailable is what a moderator is told when a change cannot reach the
// database.
var errUnavailable = errors.New("the database that keeps the curated answers cannot be reached just now; what is served stays as it was, try again in a minute")

// forModerators turns an error of a change into what a moderator is told.
func forModerators(err error) error {
	if errors.Is(err, curated.ErrUnavailable) {
		return errUnavailable
	}
	return err
}
