package answers

import (
	"context"
	"testing"

	"citebot/index"
)

// The phase benchmarks split BenchmarkAnswer into its parts, to see where
// the time goes: go test -run='^$' -bench=Phase ./answers
func phaseSetup(b *testing.B) (*Engine, []string) {
	b.Helper()
	var qs []string
	for _, c := range seedCases(b, "eval.jsonl") {
		qs = append(qs, c.Q)
	}
	return seedEngine(b), qs
}

func BenchmarkPhaseParse(b *testing.B) {
	e, qs := phaseSetup(b)
	i := 0
	for b.Loop() {
		e.parse(qs[i%len(qs)])
		i++
	}
}

func BenchmarkPhaseSearch(b *testing.B) {
	e, qs := phaseSetup(b)
	var terms [][]index.Term
	for _, q := range qs {
		terms = append(terms, e.searchTerms(e.parse(q)))
	}
	i := 0
	for b.Loop() {
		e.store.Search(context.Background(), terms[i%len(terms)], candidates)
		i++
	}
}

func BenchmarkPhaseRank(b *testing.B) {
	e, qs := phaseSetup(b)
	var parsed []query
	for _, q := range qs {
		parsed = append(parsed, e.parse(q))
	}
	i := 0
	for b.Loop() {
		e.rank(context.Background(), parsed[i%len(parsed)], false)
		i++
	}
}
