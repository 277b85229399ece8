package answers

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"citebot/index"
	"citebot/index/corpusgen"
)

var explainQ = flag.String("explain", "", "questions to explain, separated by |")

// TestExplain prints how questions are read and scored:
// go test ./answers -run TestExplain -explain "how many were sent back|who is singh"
// A question of several turns ("who is singh / what did she say") is
// explained as its last turn, read after the others in one conversation.
// CITEBOT_EXPLAIN_DIR=testdata/docs/library explains them against another
// folder of documents.
func TestExplain(t *testing.T) {
	if *explainQ == "" {
		t.Skip("no -explain questions")
	}
	e := seedEngine(t)
	if dir := os.Getenv("CITEBOT_EXPLAIN_DIR"); dir != "" {
		docs, err := index.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		e = engineOver(t, func() (*index.Store, error) { return index.Open(docs) })
	}
	if n, _ := strconv.Atoi(os.Getenv("CITEBOT_EXPLAIN_DOCS")); n > 0 {
		e = manyEngine(t, n)
	}
	for _, question := range strings.Split(*explainQ, "|") {
		turns := strings.Split(question, " / ")
		c := &Conversation{}
		for _, turn := range turns[:len(turns)-1] {
			if _, err := e.AskIn(context.Background(), c, turn); err != nil {
				t.Fatal(err)
			}
		}
		last := turns[len(turns)-1]
		q := e.parse(last)
		if len(turns) > 1 {
			followed, borrowed := c.follow(q)
			if borrowed {
				q = followed
				e.asideAnswered(c, &q)
				fmt.Printf("\n(borrowed from %q)", c.question)
			}
		}
		fmt.Printf("\n## %s\nkind=%d years=%v rel=%v places=%v ordinal=%d\n", question, q.kind, q.years, q.relYears, q.places, q.ordinal)
		for _, c := range q.concepts {
			fmt.Printf("  concept %-20s w=%.2f alts=%v\n", c.word, c.weight, c.alts)
		}
		spans, _ := e.rank(context.Background(), q, true)
		for i, s := range spans {
			if i == 6 {
				break
			}
			fmt.Printf("  score=%.3f cov=%.2f elig=%v %s %s\n", s.score, s.coverage, s.eligible, s.p.ID, trim(s.quote(), 90))
			if i == 0 {
				for f, v := range s.f {
					if v != 0 {
						fmt.Printf("      %s=%.2f", featureNames[f], v)
					}
				}
				fmt.Println()
			}
		}
		if sc := e.scorer.Load(); sc != nil && len(spans) > 0 {
			second := 0.0
			for _, s := range spans[1:] {
				if !s.overlaps(spans[0]) {
					second = s.score
					break
				}
			}
			fmt.Printf("  confidence %.3f, threshold %.3f\n", (*sc).Confidence(spans[0].f, spans[0].score, second), (*sc).Threshold())
		}
		a, _ := e.AskIn(context.Background(), c, last)
		fmt.Printf("  => answered=%v reason=%s\n", a.Answered, a.Reason)
	}
}

// manyEngine is an engine over the seeds and n generated documents
// (CITEBOT_EXPLAIN_DOCS=n explains questions with them present).
func manyEngine(t *testing.T, n int) *Engine {
	docs, err := index.Load("../seeds")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range corpusgen.Generate(1, n, 100) {
		d, err := index.Parse(g.Name, g.Text, g.Meta)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	return engineOver(t, func() (*index.Store, error) { return index.OpenDir(t.TempDir(), docs) })
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
