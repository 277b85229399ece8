package answers_test

import (
	"context"
	"testing"
	"time"

	"citebot/answers"
	"citebot/index"
	"citebot/index/corpusgen"
)

// reportFile is the document every eval question is about.
const reportFile = "000_bcd3b0e1b0c25f4c.txt"

// TestEvalWithManyDocuments runs the eval set with the report as one
// document among many generated ones (index/corpusgen: the report's
// vocabulary, never its facts), and logs recall@1 and abstention beside
// the figures of the report alone, the questions that changed, and the
// answers that cite another document than the report.
//
// Issue 7's target is a drop of at most 0.02 in each. Until it is met the
// test holds the ground gained: it fails when recall@1 drops by more than
// maxRecallDrop or abstention by more than maxAbstentionDrop.
//
// 1,000 generated documents of 100 passages (the size, about 20 s
// on two cores); 100 with -short.
// The drops measured with 1,000 documents were 0.053 and 0.091.
const (
	maxRecallDrop     = 0.07
	maxAbstentionDrop = 0.11
)

func TestEvalWithManyDocuments(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 100
	}
	if raceEnabled && n > 100 {
		t.Skipf("%d generated documents take too long under the race detector; run without -race, or with -short for 100", n)
	}
	ctx := context.Background()
	cases := evalCases(t)

	alone, err := answers.Evaluate(ctx, engine(t), cases)
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	docs, err := index.Load("../seeds") // a fresh copy: Open prepares the documents it is given
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range corpusgen.Generate(1, n, 100) {
		d, err := index.Parse(g.Name, g.Text, g.Meta)
		if err != nil {
			t.Fatalf("generated %s: %v", g.Name, err)
		}
		docs = append(docs, d)
	}
	store, err := index.OpenDir(t.TempDir(), docs)
	if err != nil {
		t.Fatalf("index of the seeds and %d generated documents: %v", n, err)
	}
	t.Cleanup(func() { store.Close() })
	built := time.Since(start)
	start = time.Now()
	e, err := answers.New(store)
	if err != nil {
		t.Fatalf("engine over the seeds and %d generated documents: %v", n, err)
	}
	ready := time.Since(start)
	start = time.Now()
	many, err := answers.Evaluate(ctx, e, cases)
	if err != nil {
		t.Fatal(err)
	}
	asked := time.Since(start)

	t.Logf("%d documents, %d passages: index %v, engine %v, %d questions %v (%v each)",
		len(docs), len(store.Passages()), built.Round(time.Millisecond), ready.Round(time.Millisecond),
		len(cases), asked.Round(time.Millisecond), (asked / time.Duration(len(cases))).Round(time.Microsecond))
	t.Logf("report alone:          recall@1 %.3f (%d/%d), abstention %.3f (%d/%d)",
		alone.Recall(), alone.Found, alone.Answerable, alone.Abstention(), alone.Refused, alone.Unanswerable)
	t.Logf("with %4d generated:    recall@1 %.3f (%d/%d), abstention %.3f (%d/%d)",
		n, many.Recall(), many.Found, many.Answerable, many.Abstention(), many.Refused, many.Unanswerable)
	t.Logf("drop:                  recall@1 %+.3f, abstention %+.3f (issue 7's target: each at most 0.02)",
		alone.Recall()-many.Recall(), alone.Abstention()-many.Abstention())

	// The questions the extra documents cost, and what answered instead.
	missedAlone := make(map[string]bool, len(alone.Misses))
	for _, m := range alone.Misses {
		missedAlone[m.Q] = true
	}
	lost := 0
	for _, m := range many.Misses {
		if !missedAlone[m.Q] {
			lost++
			t.Logf("lost: %s", m)
		}
	}
	missedMany := make(map[string]bool, len(many.Misses))
	for _, m := range many.Misses {
		missedMany[m.Q] = true
	}
	for _, m := range alone.Misses {
		if !missedMany[m.Q] {
			t.Logf("gained: %s", m.Q)
		}
	}

	// Every eval question is about the report: an answer citing another
	// document is wrong whatever it quotes.
	answered, elsewhere := 0, 0
	for _, c := range cases {
		a, err := e.Ask(ctx, c.Q)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered {
			continue
		}
		answered++
		for _, cit := range a.Citations {
			if cit.Doc != reportFile {
				elsewhere++
				t.Logf("cites another document: %q -> %s %q", c.Q, cit.ID, cit.Quote)
				break
			}
		}
	}
	t.Logf("%d questions lost; %d of %d answered questions cite another document than %s",
		lost, elsewhere, answered, reportFile)
	if d := alone.Recall() - many.Recall(); d > maxRecallDrop {
		t.Errorf("recall@1 drops by %.3f with %d generated documents, more than %.2f", d, n, maxRecallDrop)
	}
	if d := alone.Abstention() - many.Abstention(); d > maxAbstentionDrop {
		t.Errorf("abstention drops by %.3f with %d generated documents, more than %.2f", d, n, maxAbstentionDrop)
	}
}
