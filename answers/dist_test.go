package answers

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"citebot/index"
)

var distFlag = flag.Bool("dist", false, "print the coverage distribution of the eval set")

func TestDist(t *testing.T) {
	if !*distFlag {
		t.Skip()
	}
	docs, _ := index.Load("../seeds")
	store, _ := index.Open(docs)
	e, _ := New(store)
	f, _ := os.Open("testdata/eval.jsonl")
	cases, _ := LoadCases(f)
	type row struct {
		cov  float64
		line string
	}
	var rows []row
	for _, c := range cases {
		q := e.parse(c.Q)
		spans, _ := e.rank(context.Background(), q)
		cov, ok := 0.0, false
		top := 0.0
		for _, s := range spans {
			top = max(top, s.coverage)
		}
		if len(spans) > 0 && spans[0].eligible {
			cov = spans[0].coverage
			if c.Gold != nil {
				ok = strings.Contains(foldSpace(spans[0].quote()), foldSpace(*c.Gold))
			}
		}
		tag := "UNANS"
		if c.Gold != nil {
			tag = fmt.Sprintf("ans ok=%v", ok)
		}
		rows = append(rows, row{cov, fmt.Sprintf("%.2f top=%.2f %-12s %s", cov, top, tag, c.Q)})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].cov < rows[j].cov })
	for _, r := range rows {
		fmt.Println(r.line)
	}
}
