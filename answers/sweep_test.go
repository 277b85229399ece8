package answers

import (
	"context"
	"flag"
	"fmt"
	"testing"
)

var sweep = flag.Bool("sweep", false, "sweep the tuning variables over the eval set and print the scores")

// TestSweep prints recall@1 and abstention over a grid of tuning values:
// go test ./answers -run TestSweep -sweep -v
func TestSweep(t *testing.T) {
	if !*sweep {
		t.Skip("no -sweep")
	}
	store := seedEngine(t).store
	cases := seedCases(t, "eval.jsonl")
	saved := [...]float64{answerAt, margin, contextWeight, oovFactor, lightWeight, pairCost}
	defer func() {
		answerAt, margin, contextWeight, oovFactor, lightWeight, pairCost = saved[0], saved[1], saved[2], saved[3], saved[4], saved[5]
	}()
	for _, at := range []float64{0.4, 0.45, 0.5} {
		for _, mg := range []float64{0.15, 0.25, 0.35} {
			for _, cw := range []float64{0.2, 0.3, 0.4} {
				for _, oov := range []float64{0.5, 0.75, 1} {
					for _, lw := range []float64{0.2, 0.35, 0.5} {
						answerAt, margin, contextWeight, oovFactor, lightWeight = at, mg, cw, oov, lw
						e, err := New(store)
						if err != nil {
							t.Fatal(err)
						}
						s, err := Evaluate(context.Background(), e, cases)
						if err != nil {
							t.Fatal(err)
						}
						fmt.Printf("at=%.2f margin=%.2f ctx=%.2f oov=%.2f light=%.2f  recall %.3f abstain %.3f sum %.3f\n",
							at, mg, cw, oov, lw, s.Recall(), s.Abstention(), s.Recall()+s.Abstention())
					}
				}
			}
		}
	}
}
