package answers_test

import (
	"context"
	"strings"
	"testing"

	"citebot/answers"
	"citebot/index"
)

// engine opens the project's seeds once per test.
func engine(tb testing.TB) *answers.Engine {
	tb.Helper()
	docs, err := index.Load("../seeds")
	if err != nil {
		tb.Fatal(err)
	}
	e, _ := engineOn(tb, func() (*index.Store, error) { return index.Open(docs) })
	return e
}

// engineOn is an engine over the store open opens, closed when the test
// ends.
func engineOn(tb testing.TB, open func() (*index.Store, error)) (*answers.Engine, *index.Store) {
	tb.Helper()
	store, err := open()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	e, err := answers.New(store)
	if err != nil {
		tb.Fatal(err)
	}
	return e, store
}

// onDisk is an engine over the documents in dir on an index kept in a data
// folder, as the bot keeps its own.
func onDisk(tb testing.TB, dir string) *answers.Engine {
	tb.Helper()
	docs, err := index.Load(dir)
	if err != nil {
		tb.Fatal(err)
	}
	data := tb.TempDir()
	e, _ := engineOn(tb, func() (*index.Store, error) { return index.OpenDir(data, docs) })
	return e
}

// labelledSets are the labelled sets of testdata, fresh sets left out.
func labelledSets(tb testing.TB) []answers.Set {
	tb.Helper()
	sets, err := answers.Sets("testdata")
	if err != nil {
		tb.Fatal(err)
	}
	if len(sets) < 10 {
		tb.Fatalf("only %d labelled sets in testdata", len(sets))
	}
	return sets
}

func evalCases(tb testing.TB) []answers.Case {
	tb.Helper()
	s, err := answers.LoadSet("testdata/eval.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	return s.Cases
}

// TestEval holds retrieval to the quality the README states on the set
// the engine was first tuned on, over the index the bot itself uses (kept
// on disk): recall@1 of at least 0.95 on answerable questions and
// abstention on at least 0.90 of the unanswerable ones.
func TestEval(t *testing.T) {
	e := onDisk(t, "../seeds")
	s, err := answers.Evaluate(context.Background(), e, evalCases(t))
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

// TestLabelledSpansAreCitable: every gold span of every labelled set, fresh
// ones included, is word for word inside one citable passage of the
// documents its question is about.
func TestLabelledSpansAreCitable(t *testing.T) {
	sets := labelledSets(t)
	fresh, err := answers.Sets("testdata/fresh")
	if err != nil {
		t.Fatal(err)
	}
	passages := make(map[string][]string)
	for _, set := range append(sets, fresh...) {
		for _, c := range set.Cases {
			texts, ok := passages[c.Docs]
			if !ok {
				docs, err := index.Load(docsDir(c))
				if err != nil {
					t.Fatalf("%s: %v", set.Path, err)
				}
				for _, d := range docs {
					for _, p := range d.Passages {
						texts = append(texts, p.Text)
					}
				}
				passages[c.Docs] = texts
			}
			for _, g := range c.Golds() {
				if !inOne(texts, g) {
					t.Errorf("%s: %q: gold %q is in no passage", set.Path, c.Question(), g)
				}
			}
		}
	}
}

// docsDir is the seeds folder c is about.
func docsDir(c answers.Case) string {
	if c.Docs == "" {
		return "../seeds"
	}
	return c.Docs
}

func inOne(texts []string, span string) bool {
	span = strings.Join(strings.Fields(span), " ")
	for _, p := range texts {
		if strings.Contains(p, span) {
			return true
		}
	}
	return false
}

func inSomePassage(e *answers.Engine, span string) bool {
	var texts []string
	for _, d := range e.Documents() {
		for _, p := range d.Passages {
			texts = append(texts, p.Text)
		}
	}
	return inOne(texts, span)
}

// TestBaselineAnswersWithAParagraph: the stock search the engine is
// measured against answers with the paragraph it ranks first, and never
// abstains while any word matches.
func TestBaselineAnswersWithAParagraph(t *testing.T) {
	docs, err := index.Load("../seeds")
	if err != nil {
		t.Fatal(err)
	}
	_, store := engineOn(t, func() (*index.Store, error) { return index.Open(docs) })
	b := answers.Baseline{M: store}
	a, err := b.Ask(context.Background(), "how many afghans were deported in 2025")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Answered || !strings.Contains(a.Citations[0].Quote, "2.6 million") {
		t.Errorf("baseline answered %+v", a.Citations)
	}
	a, _ = b.Ask(context.Background(), "what is the weather in paris")
	if len(a.Citations) > 0 && !a.Answered {
		t.Error("a cited answer not marked answered")
	}
}

// TestMissSaysItWasReadAsAPersonalCase: a general question read as one
// about the asker's own case says so in the list of misses, where that
// reading is what went wrong.
func TestMissSaysItWasReadAsAPersonalCase(t *testing.T) {
	m := answers.Miss{Case: answers.Case{Q: "what percent are women?", Kind: "number"}, Got: answers.Answer{Personal: true}}
	if !strings.Contains(m.String(), "(read as the asker's own case)") {
		t.Errorf("miss %q does not say it was read as the asker's own case", m.String())
	}
	m.Got.Personal = false
	if strings.Contains(m.String(), "asker's own case") {
		t.Errorf("miss %q says it was read as the asker's own case", m.String())
	}
}
