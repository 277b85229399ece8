package answers

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"
)

var explainQ = flag.String("explain", "", "questions to explain, separated by |")

// TestExplain prints how questions are read and scored:
// go test ./answers -run TestExplain -explain "how many were sent back|who is singh"
func TestExplain(t *testing.T) {
	if *explainQ == "" {
		t.Skip("no -explain questions")
	}
	e := seedEngine(t)
	for _, question := range strings.Split(*explainQ, "|") {
		q := e.parse(question)
		fmt.Printf("\n## %s\nkind=%d years=%v rel=%v places=%v ordinal=%d\n", question, q.kind, q.years, q.relYears, q.places, q.ordinal)
		for _, c := range q.concepts {
			fmt.Printf("  concept %-20s w=%.2f alts=%v\n", c.word, c.weight, c.alts)
		}
		spans, _ := e.rank(context.Background(), q)
		for i, s := range spans {
			if i == 6 {
				break
			}
			fmt.Printf("  %.2f rank=%.2f elig=%v ¶%d %s\n", s.coverage, s.rank, s.eligible, s.p.N, trim(s.quote(), 90))
		}
		a, _ := e.Ask(context.Background(), question)
		fmt.Printf("  => answered=%v reason=%s\n", a.Answered, a.Reason)
	}
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
