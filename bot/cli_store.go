package main

import (
	"fmt"
	"io"
	"log/slog"
	"math"
	"strings"
	"time"

	"citebot/curated"
	"citebot/curated/pgstore"
)

const storeUsage = `Usage:
  bot store import [--merge]   copy the data folder's curated answers, fact cards, their audit,
                               the unanswered queue and the feedback into the database named
                               by CITEBOT_DATABASE_URL
  bot store export [--merge]   copy them from the database back into the data folder

Ids and audit history are kept. A target that already holds any of them is
refused, and nothing is copied, unless --merge: then the items it lacks are
added, the ones it has stay, and the audit records follow its own.
`

// every keeps a journal's records however old: a copy keeps them all, and
// the retention prunes them where they land.
const every = time.Duration(math.MaxInt64)

// copySet is a curated set as a copy reads and writes it.
type copySet[T any] interface {
	Load() ([]T, error)
	History() ([]curated.Record[T], error)
	Import(items []T, records []curated.Record[T], merge bool) error
}

// copyJournal is a journal as a copy reads and writes it.
type copyJournal[T any] interface {
	Load(keep time.Duration) ([]curated.Stamped[T], error)
	Import(recs []curated.Stamped[T], merge bool) error
}

// storeSide is the data folder's stores, or the database's.
type storeSide struct {
	answers    copySet[curated.Entry]
	cards      copySet[curated.Card]
	unanswered copyJournal[curated.Unanswered]
	feedback   copyJournal[curated.Vote]
}

// storeCLI runs bot store import|export.
func storeCLI(cfg Config, log *slog.Logger, args []string, stdout, stderr io.Writer) int {
	verb, merge := "", false
	for _, a := range args {
		switch a {
		case "--merge", "-merge":
			merge = true
		case "import", "export":
			if verb != "" {
				fmt.Fprint(stderr, storeUsage)
				return 2
			}
			verb = a
		default:
			fmt.Fprint(stderr, storeUsage)
			return 2
		}
	}
	if verb == "" {
		fmt.Fprint(stderr, storeUsage)
		return 2
	}
	if cfg.DatabaseURL == "" {
		fmt.Fprintf(stderr, "citebot: bot store %s needs CITEBOT_DATABASE_URL: the database to copy %s\n", verb, map[string]string{"import": "into", "export": "from"}[verb])
		return 2
	}
	files, err := fileSide(cfg.DataDir)
	if err != nil {
		fmt.Fprintf(stderr, "citebot: %v\n", err)
		return 1
	}
	db, err := openDB(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "citebot: %v\n", err)
		return 1
	}
	defer db.Close()
	dbSide := storeSide{answers: db.Answers(), cards: db.Cards(),
		unanswered: pgstore.NewJournal[curated.Unanswered](db, pgstore.UnansweredJournal),
		feedback:   pgstore.NewJournal[curated.Vote](db, pgstore.FeedbackJournal)}
	from, to, where := files, dbSide, "the database"
	if verb == "export" {
		from, to, where = dbSide, files, cfg.DataDir
	}
	if !merge {
		held, err := to.holds()
		if err != nil {
			fmt.Fprintf(stderr, "citebot: nothing was copied: %v\n", forModerators(err))
			return 1
		}
		if len(held) > 0 {
			fmt.Fprintf(stderr, "citebot: nothing was copied: %s already holds %s; add --merge to add to it\n", where, strings.Join(held, ", "))
			return 1
		}
	}
	var done []string
	err = func() error {
		n, h, err := copyItems(from.answers, to.answers, merge)
		if err != nil {
			return fmt.Errorf("curated answers: %w", err)
		}
		done = append(done, fmt.Sprintf("%d curated answers (%d audit records)", n, h))
		if n, h, err = copyItems(from.cards, to.cards, merge); err != nil {
			return fmt.Errorf("fact cards: %w", err)
		}
		done = append(done, fmt.Sprintf("%d fact cards (%d audit records)", n, h))
		if n, err = copyRecords(from.unanswered, to.unanswered, merge); err != nil {
			return fmt.Errorf("unanswered queue: %w", err)
		}
		done = append(done, fmt.Sprintf("%d unanswered questions", n))
		if n, err = copyRecords(from.feedback, to.feedback, merge); err != nil {
			return fmt.Errorf("feedback: %w", err)
		}
		done = append(done, fmt.Sprintf("%d votes", n))
		return nil
	}()
	if len(done) > 0 {
		fmt.Fprintf(stdout, "copied into %s: %s\n", where, strings.Join(done, ", "))
	}
	if err != nil {
		fmt.Fprintf(stderr, "citebot: copy stopped: %v\n", forModerators(err))
		return 1
	}
	log.Debug("store copied", "verb", verb, "merge", merge)
	return 0
}

// fileSide is the stores of the data folder dir.
func fileSide(dir string) (storeSide, error) {
	answers, err := curated.Open(dir)
	if err != nil {
		return storeSide{}, err
	}
	cards, err := curated.OpenCards(dir)
	if err != nil {
		return storeSide{}, err
	}
	return storeSide{answers: answers, cards: cards,
		unanswered: curated.NewJournal[curated.Unanswered](dir, "unanswered.jsonl"),
		feedback:   curated.NewJournal[curated.Vote](dir, "feedback.jsonl")}, nil
}

// holds names what s already holds.
func (s storeSide) holds() ([]string, error) {
	var out []string
	for _, c := range []struct {
		name  string
		count func() (int, error)
	}{
		{"curated answers", func() (int, error) { return setSize(s.answers) }},
		{"fact cards", func() (int, error) { return setSize(s.cards) }},
		{"unanswered questions", func() (int, error) { r, err := s.unanswered.Load(every); return len(r), err }},
		{"feedback", func() (int, error) { r, err := s.feedback.Load(every); return len(r), err }},
	} {
		n, err := c.count()
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, c.name)
		}
	}
	return out, nil
}

// setSize counts a set's items and audit records.
func setSize[T any](s copySet[T]) (int, error) {
	items, err := s.Load()
	if err != nil {
		return 0, err
	}
	records, err := s.History()
	return len(items) + len(records), err
}

func copyItems[T any](from, to copySet[T], merge bool) (items, records int, err error) {
	its, err := from.Load()
	if err != nil {
		return 0, 0, err
	}
	recs, err := from.History()
	if err != nil {
		return 0, 0, err
	}
	return len(its), len(recs), to.Import(its, recs, merge)
}

func copyRecords[T any](from, to copyJournal[T], merge bool) (int, error) {
	recs, err := from.Load(every)
	if err != nil {
		return 0, err
	}
	return len(recs), to.Import(recs, merge)
}
