package index_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"testing"

	"citebot/index"
)

// BenchmarkBaselineMatch is the baseline answers.BenchmarkAnswer is measured
// against: a stock bleve match query (k=10) per eval question, cycling over
// the same questions, so that ns/op of the two are per question alike.
func BenchmarkBaselineMatch(b *testing.B) { benchMatch(b, false) }

// BenchmarkBaselineMatchOnDisk is the same over the index the bot keeps on
// disk (index.OpenDir): bleve's scorch, opened read-only.
func BenchmarkBaselineMatchOnDisk(b *testing.B) { benchMatch(b, true) }

func benchMatch(b *testing.B, onDisk bool) {
	questions := evalQuestions(b)
	docs, err := index.Load(seedDir)
	if err != nil {
		b.Fatalf("Load: %v", err)
	}
	var s *index.Store
	if onDisk {
		s, err = index.OpenDir(b.TempDir(), docs)
	} else {
		s, err = index.Open(docs)
	}
	if err != nil {
		b.Fatalf("Open: %v", err)
	}
	b.Cleanup(func() { s.Close() })
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := s.Match(ctx, questions[i%len(questions)], 10); err != nil {
			b.Fatalf("Match(%q): %v", questions[i%len(questions)], err)
		}
		i++
	}
}

// evalQuestions reads the questions of the answers package's eval set.
func evalQuestions(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("../answers/testdata/eval.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	dec := json.NewDecoder(f)
	for {
		var c struct {
			Q string `json:"q"`
		}
		err := dec.Decode(&c)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatalf("eval.jsonl: %v", err)
		}
		out = append(out, c.Q)
	}
	if len(out) == 0 {
		tb.Fatal("eval.jsonl holds no questions")
	}
	return out
}
