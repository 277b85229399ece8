package answers_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"citebot/answers"
	"citebot/index"
)

// engine opens the project's seeds once per test binary.
func engine(tb testing.TB) *answers.Engine {
	tb.Helper()
	docs, err := index.Load("../seeds")
	if err != nil {
		tb.Fatal(err)
	}
	store, err := index.Open(docs)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	e, err := answers.New(store)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func evalCases(tb testing.TB) []answers.Case {
	tb.Helper()
	f, err := os.Open("testdata/eval.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	cases, err := answers.LoadCases(f)
	if err != nil {
		tb.Fatal(err)
	}
	return cases
}

// TestEval holds retrieval to the quality the README states: recall@1 of at
// least 0.95 on answerable questions and abstention on at least 0.90 of the
// unanswerable ones.
func TestEval(t *testing.T) {
	e := engine(t)
	cases := evalCases(t)
	// Every gold span must be citable: inside one passage's text.
	for _, c := range cases {
		for _, g := range c.Golds() {
			if !inSomePassage(e, g) {
				t.Errorf("eval case %q: gold %q is in no passage", c.Q, g)
			}
		}
	}
	s, err := answers.Evaluate(context.Background(), e, cases)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("recall@1 %.3f (%d/%d), abstention %.3f (%d/%d)",
		s.Recall(), s.Found, s.Answerable, s.Abstention(), s.Refused, s.Unanswerable)
	if s.Answerable < 120 || s.Unanswerable < 30 {
		t.Errorf("eval set too small: %d answerable, %d unanswerable", s.Answerable, s.Unanswerable)
	}
	if s.Recall() < 0.95 || s.Abstention() < 0.90 {
		for _, m := range s.Misses {
			t.Log(m)
		}
		t.Errorf("recall@1 %.3f (want >= 0.95), abstention %.3f (want >= 0.90)", s.Recall(), s.Abstention())
	}
}

func inSomePassage(e *answers.Engine, span string) bool {
	span = strings.Join(strings.Fields(span), " ")
	for _, d := range e.Documents() {
		for _, p := range d.Passages {
			if strings.Contains(p.Text, span) {
				return true
			}
		}
	}
	return false
}
