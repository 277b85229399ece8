package answers_test

import (
	"context"
	"testing"

	"citebot/answers"
	"citebot/index"
)

// BenchmarkAnswer is the whole pipeline, Engine.Ask, once per op, cycling
// over the eval questions: ns/op is per question. Compare it with
// index.BenchmarkBaselineMatch (see BENCHMARKS.md).
func BenchmarkAnswer(b *testing.B) { benchAnswer(b, engine(b)) }

// BenchmarkAnswerRules is BenchmarkAnswer with the hand-set rules alone
// deciding, as before the fitted model answered where they hold no span:
// what that fallback costs.
func BenchmarkAnswerRules(b *testing.B) {
	e := engine(b)
	e.SetScorer(nil)
	benchAnswer(b, e)
}

// BenchmarkAnswerOnDisk is the same over the index the bot keeps on disk
// (index.OpenDir): bleve's scorch, opened read-only. Compare it with
// index.BenchmarkBaselineMatchOnDisk.
func BenchmarkAnswerOnDisk(b *testing.B) {
	docs, err := index.Load("../seeds")
	if err != nil {
		b.Fatal(err)
	}
	store, err := index.OpenDir(b.TempDir(), docs)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	e, err := answers.New(store)
	if err != nil {
		b.Fatal(err)
	}
	benchAnswer(b, e)
}

// BenchmarkAnswerBesideOthers is BenchmarkAnswer with the invented
// documents of testdata/docs beside the report, on disk, as moderators
// add documents on other subjects: each question is searched among all
// and within the first document found (candidates).
func BenchmarkAnswerBesideOthers(b *testing.B) { benchAnswer(b, onDisk(b, besideOthers(b))) }

func benchAnswer(b *testing.B, e *answers.Engine) {
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
