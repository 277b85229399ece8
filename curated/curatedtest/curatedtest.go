// Package curatedtest is the one test suite every store of curated items
// passes: the files of a data folder and the database alike. Run it from
// a store's own tests with a function that opens the store anew, as a
// second process would, on the same data.
//
// It imports the standard library and citebot/curated; only tests import
// it.
package curatedtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"citebot/curated"
)

// Journal is what the bot needs of a journal.
type Journal[T any] interface {
	Add(rec T) error
	Load(keep time.Duration) ([]curated.Stamped[T], error)
	Remove(keep time.Duration, drop func(curated.Stamped[T]) bool) error
	Import(recs []curated.Stamped[T], merge bool) error
}

// Set is a curated set that can take another's items and history whole.
type Set[T any] interface {
	curated.Items[T]
	Import(items []T, records []curated.Record[T], merge bool) error
}

// Stores is one process's view of a store.
type Stores struct {
	Answers    Set[curated.Entry]
	Cards      Set[curated.Card]
	Unanswered Journal[curated.Unanswered]
	Feedback   Journal[curated.Vote]
}

// Open opens one process's view of a store; every call on the same
// Backend sees the same data.
type Backend func(t *testing.T) Stores

// Run runs the suite; open makes a Backend with no data for each test.
func Run(t *testing.T, open func(t *testing.T) Backend) {
	tests := []struct {
		name string
		run  func(t *testing.T, b Backend)
	}{
		{"UpdateAuditUndo", updateAuditUndo},
		{"FailedEditChangesNothing", failedEditChangesNothing},
		{"NoTwoSameQuestions", noTwoSameQuestions},
		{"CardsApart", cardsApart},
		{"WatchSeesOtherProcess", watchSeesOtherProcess},
		{"JournalsKeepNoOneAndPrune", journals},
		{"ImportKeepsIDsAndHistory", importKeepsHistory},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, open(t)) })
	}
}

// Entry is a curated answer to question q.
func Entry(id, q string) curated.Entry {
	return curated.Entry{ID: id, Questions: []string{q}, Answer: "An answer to " + q,
		Cite: []curated.Cite{{ID: "report#1", Quote: "The quote."}}, Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func add(en curated.Entry) func([]curated.Entry) (curated.Change[curated.Entry], error) {
	return func([]curated.Entry) (curated.Change[curated.Entry], error) {
		return curated.Change[curated.Entry]{Action: "add", After: &en}, nil
	}
}

func ids(es []curated.Entry) string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID+"="+strings.Join(e.Questions, "/"))
	}
	return strings.Join(out, ",")
}

func mustLoad(t *testing.T, s curated.Answers) []curated.Entry {
	t.Helper()
	es, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// updateAuditUndo: changes are made in order, audited with who and what,
// and undone one by one, in reverse, from any process.
func updateAuditUndo(t *testing.T, open Backend) {
	s, other := open(t).Answers, open(t).Answers
	for i, q := range []string{"first?", "second?"} {
		if _, err := s.Update(fmt.Sprintf("mod-%d", i), add(Entry(fmt.Sprint(i), q))); err != nil {
			t.Fatal(err)
		}
	}
	edited := Entry("0", "first, edited?")
	if _, err := other.Update("mod-2", func(es []curated.Entry) (curated.Change[curated.Entry], error) {
		return curated.Change[curated.Entry]{Action: "edit", Before: &es[0], After: &edited}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := ids(mustLoad(t, s)); got != "0=first, edited?,1=second?" {
		t.Fatalf("after the edit: %s", got)
	}
	if got := mustLoad(t, s)[0]; !got.Created.Equal(edited.Created) || got.Cite[0] != edited.Cite[0] {
		t.Errorf("an entry read back differs: %+v", got)
	}
	records, err := s.History()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 3 || records[2].Author != "mod-2" || records[2].Action != "edit" || records[2].ID != "0" ||
		records[2].Before.Questions[0] != "first?" || records[2].After.Questions[0] != "first, edited?" {
		t.Fatalf("audit = %+v", records)
	}
	for i, want := range []string{"0=first?,1=second?", "0=first?", ""} {
		undoer := []curated.Answers{s, other}[i%2]
		if _, err := undoer.Undo("mod-3"); err != nil {
			t.Fatalf("undo %d: %v", i+1, err)
		}
		if got := ids(mustLoad(t, s)); got != want {
			t.Errorf("after undo %d: %s, want %s", i+1, got, want)
		}
	}
	if _, err := s.Undo("mod-3"); !errors.Is(err, curated.ErrNothing) {
		t.Errorf("undo with nothing left: %v, want ErrNothing", err)
	}
	records, _ = s.History()
	if len(records) != 6 || records[5].Action != "undo" || records[5].Undoes != 1 {
		t.Errorf("the last undo's record = %+v, want the undo of record 1", records[len(records)-1])
	}
}

// failedEditChangesNothing: an edit that fails leaves the items and the
// audit as they were, and says why.
func failedEditChangesNothing(t *testing.T, open Backend) {
	s := open(t).Answers
	if _, err := s.Update("mod", add(Entry("a", "q?"))); err != nil {
		t.Fatal(err)
	}
	refusal := errors.New("unknown passage report#99")
	_, err := s.Update("mod", func([]curated.Entry) (curated.Change[curated.Entry], error) {
		return curated.Change[curated.Entry]{}, refusal
	})
	if !errors.Is(err, refusal) {
		t.Errorf("a refused edit returned %v, want its own error", err)
	}
	records, _ := s.History()
	if got := ids(mustLoad(t, s)); got != "a=q?" || len(records) != 1 {
		t.Errorf("a refused edit changed something: %s, %d records", got, len(records))
	}
}

// noTwoSameQuestions: the check before a change sees the items as they are
// when the change is made, so that of many moderators adding the same
// question at once, on two processes, exactly one succeeds.
func noTwoSameQuestions(t *testing.T, open Backend) {
	procs := []curated.Answers{open(t).Answers, open(t).Answers}
	var wg sync.WaitGroup
	var mu sync.Mutex
	added := 0
	for i := range 8 {
		wg.Go(func() {
			en := Entry(fmt.Sprint(i), "how many came back?")
			_, err := procs[i%2].Update(fmt.Sprintf("mod-%d", i), func(es []curated.Entry) (curated.Change[curated.Entry], error) {
				for _, e := range es {
					if slices.Contains(e.Questions, en.Questions[0]) {
						return curated.Change[curated.Entry]{}, fmt.Errorf("entry %s already has that question", e.ID)
					}
				}
				return curated.Change[curated.Entry]{Action: "add", After: &en}, nil
			})
			if err == nil {
				mu.Lock()
				added++
				mu.Unlock()
			} else if !strings.Contains(err.Error(), "already has that question") {
				t.Errorf("moderator %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	records, _ := procs[0].History()
	if es := mustLoad(t, procs[1]); added != 1 || len(es) != 1 || len(records) != 1 {
		t.Errorf("%d adds of one question succeeded; the set holds %s with %d records; want exactly one", added, ids(es), len(records))
	}
}

// cardsApart: the fact cards are a set of their own, with their own audit
// and undo.
func cardsApart(t *testing.T, open Backend) {
	st := open(t)
	if _, err := st.Answers.Update("mod", add(Entry("a", "q?"))); err != nil {
		t.Fatal(err)
	}
	c := curated.Card{ID: "c1", Cite: "report#2", Quote: "2.6 million", Title: "<b>Returns</b>", Topics: []string{"returns"}, Hidden: true}
	if _, err := st.Cards.Update("mod", func([]curated.Card) (curated.Change[curated.Card], error) {
		return curated.Change[curated.Card]{Action: "add", After: &c}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Answers.Undo("mod"); err != nil {
		t.Fatal(err)
	}
	cards, err := open(t).Cards.Load()
	if err != nil || len(cards) != 1 || cards[0].Title != "<b>Returns</b>" || !cards[0].Hidden || cards[0].Topics[0] != "returns" {
		t.Errorf("cards after undoing an answer: %+v, %v", cards, err)
	}
	if records, _ := st.Cards.History(); len(records) != 1 || records[0].After.Quote != "2.6 million" {
		t.Errorf("cards audit = %+v", records)
	}
	if _, err := st.Cards.Undo("mod"); err != nil {
		t.Fatal(err)
	}
	if cards, _ := st.Cards.Load(); len(cards) != 0 {
		t.Errorf("after undo: %+v", cards)
	}
}

// watchSeesOtherProcess: a change made by another process reaches a
// watcher within two seconds.
func watchSeesOtherProcess(t *testing.T, open Backend) {
	watcher, changer := open(t).Answers, open(t).Answers
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := make(chan string, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		watcher.Watch(ctx, 100*time.Millisecond, func(es []curated.Entry) { seen <- ids(es) }, func(err error) { t.Errorf("watch: %v", err) })
	}()
	defer func() { cancel(); <-done }()
	if _, err := changer.Update("mod", add(Entry("w", "watched?"))); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(2 * time.Second)
	for {
		select {
		case got := <-seen:
			if got == "w=watched?" {
				return
			}
		case <-deadline:
			t.Fatal("the watcher did not see another process's change within two seconds")
		}
	}
}

// journals: records come back oldest first with nothing but their text
// and time, are removed on demand, and are pruned after the retention.
func journals(t *testing.T, open Backend) {
	st, other := open(t), open(t)
	for _, q := range []string{"first?", "second?"} {
		if err := st.Unanswered.Add(curated.Unanswered{Question: q}); err != nil {
			t.Fatal(err)
		}
	}
	if err := other.Feedback.Add(curated.Vote{Answer: "abc", Up: true}); err != nil {
		t.Fatal(err)
	}
	got, err := other.Unanswered.Load(time.Hour)
	if err != nil || len(got) != 2 || got[0].Rec.Question != "first?" || got[1].Rec.Question != "second?" || got[0].Time.IsZero() {
		t.Fatalf("queue = %+v, %v", got, err)
	}
	votes, err := st.Feedback.Load(time.Hour)
	if err != nil || len(votes) != 1 || votes[0].Rec != (curated.Vote{Answer: "abc", Up: true}) {
		t.Fatalf("feedback = %+v, %v", votes, err)
	}
	if err := st.Unanswered.Remove(time.Hour, func(r curated.Stamped[curated.Unanswered]) bool { return r.Rec.Question == "first?" }); err != nil {
		t.Fatal(err)
	}
	if got, _ := other.Unanswered.Load(time.Hour); len(got) != 1 || got[0].Rec.Question != "second?" {
		t.Errorf("after removing the first: %+v", got)
	}
	old := curated.Stamped[curated.Unanswered]{Time: time.Now().Add(-48 * time.Hour).UTC(), Rec: curated.Unanswered{Question: "old?"}}
	if err := st.Unanswered.Import([]curated.Stamped[curated.Unanswered]{old}, false); !errors.Is(err, curated.ErrNotEmpty) {
		t.Errorf("an import into a non-empty journal: %v, want ErrNotEmpty", err)
	}
	if err := st.Unanswered.Import([]curated.Stamped[curated.Unanswered]{old}, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := other.Unanswered.Load(72 * time.Hour); len(got) != 2 || got[0].Rec.Question != "old?" {
		t.Errorf("with the old question merged in: %+v", got)
	}
	if got, _ := other.Unanswered.Load(24 * time.Hour); len(got) != 1 || got[0].Rec.Question != "second?" {
		t.Errorf("kept for a day: %+v, want the old question pruned", got)
	}
	if got, _ := st.Unanswered.Load(72 * time.Hour); len(got) != 1 {
		t.Errorf("a pruned record came back: %+v", got)
	}
}

// importKeepsHistory: an import into an empty set keeps the items, their
// ids and their history (undo undoes the last change imported); into a
// non-empty one it is refused unless merging, which keeps both.
func importKeepsHistory(t *testing.T, open Backend) {
	st := open(t)
	a, b := Entry("a", "a?"), Entry("b", "b?")
	items := []curated.Entry{b, a}
	records := []curated.Record[curated.Entry]{
		{Time: time.Now().UTC(), Author: "mod", Action: "add", ID: "a", After: &a},
		{Time: time.Now().UTC(), Author: "mod", Action: "add", ID: "b", After: &b, FileBefore: "x", FileAfter: "y"},
	}
	if err := st.Answers.Import(items, records, false); err != nil {
		t.Fatal(err)
	}
	if got := ids(mustLoad(t, open(t).Answers)); got != "b=b?,a=a?" {
		t.Errorf("imported: %s", got)
	}
	if h, _ := st.Answers.History(); len(h) != 2 || h[1].ID != "b" || h[1].Author != "mod" {
		t.Errorf("imported history: %+v", h)
	}
	if err := st.Answers.Import(items, records, false); !errors.Is(err, curated.ErrNotEmpty) {
		t.Errorf("an import into a non-empty set: %v, want ErrNotEmpty", err)
	}
	c := Entry("c", "c?")
	if err := st.Answers.Import([]curated.Entry{c, a}, []curated.Record[curated.Entry]{
		{Author: "other", Action: "add", ID: "c", After: &c},
		{Author: "other", Action: "undo", ID: "c", Before: &c, Undoes: 1},
		{Author: "other", Action: "add", ID: "c", After: &c},
	}, true); err != nil {
		t.Fatal(err)
	}
	if got := ids(mustLoad(t, st.Answers)); got != "b=b?,a=a?,c=c?" {
		t.Errorf("merged: %s", got)
	}
	h, _ := st.Answers.History()
	if len(h) != 5 || h[3].Undoes != 3 {
		t.Errorf("merged history: %+v, want the undo's number shifted to 3", h)
	}
	if _, err := st.Answers.Undo("mod"); err != nil {
		t.Fatal(err)
	}
	if got := ids(mustLoad(t, st.Answers)); got != "b=b?,a=a?" {
		t.Errorf("after undoing the last merged change: %s", got)
	}
}
