package answers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"citebot/answers"
	"citebot/index"
	"citebot/index/corpusgen"
)

// reportFile is the document every eval question is about.
const reportFile = "000_bcd3b0e1b0c25f4c.txt"

// Issue 7's target: a drop of at most 0.02 in each.
const (
	maxRecallDrop     = 0.02
	maxAbstentionDrop = 0.02
)

// minOlderFound is the least share of their own facts older documents
// must still be found for.
const minOlderFound = 0.8

// withoutFigures drops the figures, years aside, with the words that
// qualify them ("about", "more than") and "percent": the generated
// documents give one fact with other figures in other documents.
func withoutFigures(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		if strings.ContainsAny(w, "0123456789") && !yearWord(w) {
			for len(out) > 0 && figureWords[strings.ToLower(out[len(out)-1])] {
				out = out[:len(out)-1]
			}
			continue
		}
		if w == "percent" || strings.HasPrefix(w, "percent") {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

var figureWords = map[string]bool{"about": true, "nearly": true, "over": true, "some": true,
	"around": true, "almost": true, "than": true, "more": true, "least": true, "at": true}

func yearWord(w string) bool {
	w = strings.Trim(w, ".,;:()")
	return len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20"))
}

// TestEvalWithManyDocuments runs the eval set with the report as one
// document among many generated ones (index/corpusgen: the report's
// vocabulary, never its facts), and logs recall@1 and abstention beside
// the figures of the report alone, the questions that changed, and the
// answers that cite another document than the report.
//
// Issue 7's target, a drop of at most 0.02 in each, is checked with 1,000
// generated documents; the test also fails when the older documents no
// longer answer what only they say.
//
// 1,000 generated documents of 100 passages (the size, about 20 s
// on two cores); 100 with -short.
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
	answered, elsewhere, wrongDoc := 0, 0, 0
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
				if c.Gold != nil {
					wrongDoc++ // the report answers it, and the answer cites another
				}
				t.Logf("cites another document: %q -> %s %q", c.Q, cit.ID, cit.Quote)
				break
			}
		}
	}
	t.Logf("%d questions lost; %d of %d answered questions cite another document than %s",
		lost, elsewhere, answered, reportFile)

	// The older documents still answer what only they say: their own
	// sentences that hold a figure and a year, asked with the figure left
	// out ("how many … in 2021"), as keyword questions are typed.
	asked, found := 0, 0
	for i, d := range docs[1:] {
		if i%10 != 0 {
			continue
		}
		p, ok := e.Passage(d.Passages[(i*7)%len(d.Passages)].ID)
		if !ok {
			t.Fatalf("passage of %s missing", d.File)
		}
		for _, x := range p.Sentences {
			if !x.Count || len(x.Years) == 0 {
				continue
			}
			sentence := p.Text[x.Start:x.End]
			asked++
			a, err := e.Ask(ctx, "how many "+withoutFigures(sentence))
			if err != nil {
				t.Fatal(err)
			}
			if a.Answered && strings.Contains(withoutFigures(a.Citations[0].Quote), withoutFigures(sentence)) {
				found++
			} else if testing.Verbose() {
				got := "(abstained)"
				if a.Answered {
					got = a.Citations[0].ID + " " + a.Citations[0].Quote
				}
				t.Logf("older document not found: %s %q, got %s", p.ID, sentence, got)
			}
			break
		}
	}
	t.Logf("older documents: %d of %d of their own facts found", found, asked)
	if asked == 0 || float64(found) < minOlderFound*float64(asked) {
		t.Errorf("older documents answer %d of %d questions on their own facts, want at least %.0f%%", found, asked, 100*minOlderFound)
	}

	// The held-out sets, written apart from the eval set, for a view the
	// tuning above has not seen.
	for _, name := range []string{"holdout.jsonl", "holdout2.jsonl"} {
		f, err := os.Open(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		held, err := answers.LoadCases(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		a, err := answers.Evaluate(ctx, engine(t), held)
		if err != nil {
			t.Fatal(err)
		}
		m, err := answers.Evaluate(ctx, e, held)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-15s alone recall@1 %.3f abstention %.3f; with %d generated %.3f and %.3f",
			name, a.Recall(), a.Abstention(), n, m.Recall(), m.Abstention())
		missed := make(map[string]bool, len(a.Misses))
		for _, x := range a.Misses {
			missed[x.Q] = true
		}
		for _, x := range m.Misses {
			if !missed[x.Q] {
				t.Logf("%s lost: %s", name, x)
			}
		}
	}
	if wrongDoc > 0 {
		t.Errorf("%d questions the report answers are answered citing another document", wrongDoc)
	}
	if n < 1000 {
		return // the target is the issue's, at its size; smaller runs log
	}
	if d := alone.Recall() - many.Recall(); d > maxRecallDrop {
		t.Errorf("recall@1 drops by %.3f with %d generated documents, more than %.2f", d, n, maxRecallDrop)
	}
	if d := alone.Abstention() - many.Abstention(); d > maxAbstentionDrop {
		t.Errorf("abstention drops by %.3f with %d generated documents, more than %.2f", d, n, maxAbstentionDrop)
	}
}
