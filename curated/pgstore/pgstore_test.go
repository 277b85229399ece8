package pgstore_test

import (
	"context"
	"testing"

	"citebot/curated"
	"citebot/curated/curatedtest"
	"citebot/curated/pgstore"
	"citebot/internal/pgtest"
)

// open opens the database at url as one process would, closed when t
// ends.
func open(t *testing.T, url string) *pgstore.DB {
	t.Helper()
	db, err := pgstore.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

// TestSuite: the database passes the suite every store passes; each open
// is another process on the same database.
func TestSuite(t *testing.T) {
	srv := pgtest.Start(t)
	curatedtest.Run(t, func(t *testing.T) curatedtest.Backend {
		url := srv.NewDatabase(t)
		return func(t *testing.T) curatedtest.Stores {
			db := open(t, url)
			return curatedtest.Stores{
				Answers:    db.Answers(),
				Cards:      db.Cards(),
				Unanswered: pgstore.NewJournal[curated.Unanswered](db, pgstore.UnansweredJournal),
				Feedback:   pgstore.NewJournal[curated.Vote](db, pgstore.FeedbackJournal),
			}
		}
	})
}
