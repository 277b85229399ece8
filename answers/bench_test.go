package answers_test

import (
	"context"
	"testing"
)

// BenchmarkAnswer is the whole pipeline, Engine.Ask, once per op, cycling
// over the eval questions: ns/op is per question. Compare it with
// index.BenchmarkBaselineMatch (see BENCHMARKS.md).
func BenchmarkAnswer(b *testing.B) {
	e := engine(b)
	cases := evalCases(b)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q := cases[i%len(cases)].Q
		if _, err := e.Ask(ctx, q); err != nil {
			b.Fatalf("Ask(%q): %v", q, err)
		}
		i++
	}
}
