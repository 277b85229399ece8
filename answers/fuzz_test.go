package answers_test

import (
	"context"
	"strings"
	"testing"
)

// FuzzAsk holds Engine.Ask, on any input, to never panic, never fail, quote
// only what its passages say and answer with at most five citations.
func FuzzAsk(f *testing.F) {
	for _, c := range evalCases(f) {
		f.Add(c.Q)
	}
	for _, q := range adversarial {
		f.Add(q)
	}
	f.Add(strings.Repeat("how many afghans were deported ", 3300))  // about 100 KB
	f.Add("how many afghans were deported from iran this year. !!") // a last sentence with no word
	e := engine(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		a, err := e.Ask(ctx, q)
		if err != nil {
			t.Fatalf("Ask(%q): %v", q, err)
		}
		checkAnswer(t, e, q, a)
		if len(a.Citations) > 5 {
			t.Errorf("Ask(%q) has %d citations, want at most 5", q, len(a.Citations))
		}
	})
}
