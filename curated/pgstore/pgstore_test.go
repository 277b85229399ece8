package pgstore_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

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

// watch runs s.Watch until the test ends, sending what it serves.
func watch(t *testing.T, s curated.Answers, errs chan<- error) <-chan []curated.Entry {
	ctx, cancel := context.WithCancel(context.Background())
	seen := make(chan []curated.Entry, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Watch(ctx, 10*time.Millisecond, func(es []curated.Entry) { seen <- es }, func(err error) {
			select {
			case errs <- err:
			default:
			}
		})
	}()
	t.Cleanup(func() { cancel(); <-done })
	return seen
}

// await waits up to within for the watcher to serve a set holding want.
func await(t *testing.T, seen <-chan []curated.Entry, want string, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case es := <-seen:
			if slices.ContainsFunc(es, func(e curated.Entry) bool { return e.ID == want }) {
				return
			}
		case <-deadline:
			t.Fatalf("entry %s not served within %s", want, within)
		}
	}
}

// TestNotifiedWithoutReread: with the slow re-read set to an hour, a
// change made by another process is served within two seconds: the
// notification carried it.
func TestNotifiedWithoutReread(t *testing.T) {
	url := pgtest.Start(t).NewDatabase(t)
	watcher := open(t, url)
	watcher.Reread = time.Hour
	seen := watch(t, watcher.Answers(), make(chan error, 1))
	<-seen // the set as it is at the start
	if _, err := open(t, url).Answers().Update("mod", add(curatedtest.Entry("n1", "notified?"))); err != nil {
		t.Fatal(err)
	}
	await(t, seen, "n1", 2*time.Second)
}

func add(en curated.Entry) func([]curated.Entry) (curated.Change[curated.Entry], error) {
	return func([]curated.Entry) (curated.Change[curated.Entry], error) {
		return curated.Change[curated.Entry]{Action: "add", After: &en}, nil
	}
}

// TestServerAway: while the server is stopped, the last set stays served,
// Health says why, a change is refused as unavailable, queued questions
// wait in memory; when it is back, the watcher reconnects by itself, the
// waiting questions are written, and changes are served again.
func TestServerAway(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewDatabase(t)
	db, other := open(t, url), open(t, url)
	db.Reread = time.Hour
	s := db.Answers()
	if _, err := s.Update("mod", add(curatedtest.Entry("before", "before?"))); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 1)
	seen := watch(t, s, errs)
	await(t, seen, "before", 2*time.Second)
	queue := pgstore.NewJournal[curated.Unanswered](db, pgstore.UnansweredJournal)

	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errs:
		if !errors.Is(err, curated.ErrUnavailable) {
			t.Errorf("watch error = %v, want ErrUnavailable", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher did not notice the server stopping")
	}
	if ok, state := db.Health(); ok || !strings.Contains(state, "unreachable") {
		t.Errorf("health while away = %v %q", ok, state)
	}
	if es, err := s.LoadLastGood(); !errors.Is(err, curated.ErrUnavailable) || len(es) != 1 || es[0].ID != "before" {
		t.Errorf("LoadLastGood while away: %+v, %v; want the last set and ErrUnavailable", es, err)
	}
	if _, err := s.Update("mod", add(curatedtest.Entry("during", "during?"))); !errors.Is(err, curated.ErrUnavailable) {
		t.Errorf("a change while away: %v, want ErrUnavailable", err)
	}
	for _, q := range []string{"asked while away?", "and again?"} {
		if err := queue.Add(curated.Unanswered{Question: q}); err != nil {
			t.Errorf("queueing while away: %v", err)
		}
	}
	if queue.Pending() != 2 {
		t.Errorf("%d questions wait in memory, want 2", queue.Pending())
	}

	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for ok, _ := db.Health(); !ok; ok, _ = db.Health() {
		if time.Now().After(deadline) {
			t.Fatal("the store did not reconnect after the server came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The questions kept in memory are written once the store is back:
	// soon after it answers again, not in the same instant.
	journal := pgstore.NewJournal[curated.Unanswered](other, pgstore.UnansweredJournal)
	got, err := journal.Load(time.Hour)
	for deadline := time.Now().Add(10 * time.Second); err == nil && len(got) < 2 && time.Now().Before(deadline); got, err = journal.Load(time.Hour) {
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil || len(got) != 2 || got[0].Rec.Question != "asked while away?" {
		t.Errorf("the queue after the server came back: %+v, %v", got, err)
	}
	if _, err := other.Answers().Update("mod", add(curatedtest.Entry("after", "after?"))); err != nil {
		t.Fatal(err)
	}
	await(t, seen, "after", 2*time.Second)
	if queue.Dropped() != 0 {
		t.Errorf("%d dropped, want none", queue.Dropped())
	}
}

// TestTooManyWaitingAreDropped: past MaxPending, records waiting for the
// database are dropped and counted.
func TestTooManyWaitingAreDropped(t *testing.T) {
	srv := pgtest.Start(t)
	db := open(t, srv.NewDatabase(t))
	votes := pgstore.NewJournal[curated.Vote](db, pgstore.FeedbackJournal)
	srv.Stop()
	for range pgstore.MaxPending + 3 {
		votes.Add(curated.Vote{Answer: "abc", Up: true})
	}
	if votes.Pending() != pgstore.MaxPending || votes.Dropped() != 3 {
		t.Errorf("pending %d, dropped %d; want %d and 3", votes.Pending(), votes.Dropped(), pgstore.MaxPending)
	}
}

// TestProcessesStartTogether: several processes creating the schema at
// once all start, and it is created once.
func TestProcessesStartTogether(t *testing.T) {
	url := pgtest.Start(t).NewDatabase(t)
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			db, err := pgstore.Open(context.Background(), url)
			if err != nil {
				t.Error(err)
				return
			}
			db.Close()
		})
	}
	wg.Wait()
	db := open(t, url)
	if es, err := db.Answers().Load(); err != nil || len(es) != 0 {
		t.Errorf("a fresh store: %v, %v", es, err)
	}
}

// TestRedact: a database URL is logged without its password.
func TestRedact(t *testing.T) {
	for _, u := range []string{"postgres://citebot:s3cret@db.example:5432/citebot", "postgres://db.example/citebot?password=s3cret&sslmode=require"} {
		if got := pgstore.Redact(u); strings.Contains(got, "s3cret") || !strings.Contains(got, "db.example") {
			t.Errorf("Redact(%q) = %q", u, got)
		}
	}
}

// TestQueueWrittenOnFirstUseAfterReturn: a question kept in memory while
// the database was away is written by the first read of the queue once it
// is back, with no watcher running to notice the return first.
func TestQueueWrittenOnFirstUseAfterReturn(t *testing.T) {
	srv := pgtest.Start(t)
	db := open(t, srv.NewDatabase(t))
	queue := pgstore.NewJournal[curated.Unanswered](db, pgstore.UnansweredJournal)
	srv.Stop()
	if _, err := queue.Load(time.Hour); !errors.Is(err, curated.ErrUnavailable) {
		t.Fatalf("reading the queue with the server stopped: %v, want ErrUnavailable", err)
	}
	if err := queue.Add(curated.Unanswered{Question: "kept?"}); err != nil || queue.Pending() != 1 {
		t.Fatalf("queueing while away: %v, %d pending", err, queue.Pending())
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	got := make(chan []curated.Stamped[curated.Unanswered], 1)
	go func() {
		var recs []curated.Stamped[curated.Unanswered]
		deadline := time.Now().Add(15 * time.Second)
		for time.Now().Before(deadline) {
			var err error
			if recs, err = queue.Load(time.Hour); err == nil {
				break
			}
			time.Sleep(50 * time.Millisecond) // the server may still be starting
		}
		got <- recs
	}()
	select {
	case recs := <-got:
		if len(recs) != 1 || recs[0].Rec.Question != "kept?" || queue.Pending() != 0 {
			t.Errorf("the queue once the database is back: %+v, %d pending", recs, queue.Pending())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("reading the queue once the database is back does not return")
	}
}
