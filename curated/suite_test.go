package curated_test

import (
	"testing"

	"citebot/curated"
	"citebot/curated/curatedtest"
)

// TestFileStoreSuite: the files of a data folder pass the suite every
// store passes; each open is another process on the same folder.
func TestFileStoreSuite(t *testing.T) {
	curatedtest.Run(t, func(t *testing.T) curatedtest.Backend {
		dir := t.TempDir()
		return func(t *testing.T) curatedtest.Stores {
			answers, err := curated.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			cards, err := curated.OpenCards(dir)
			if err != nil {
				t.Fatal(err)
			}
			return curatedtest.Stores{
				Answers:    answers,
				Cards:      cards,
				Unanswered: curated.NewJournal[curated.Unanswered](dir, "unanswered.jsonl"),
				Feedback:   curated.NewJournal[curated.Vote](dir, "feedback.jsonl"),
			}
		}
	})
}
