package answers

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"citebot/index"
)

// TestChangedRankIsNotAnswered: a question whose rank differs from the
// one the sentence gives ("22nd" where it says "32nd", "second" where it
// says "third") is not answered with that sentence; asked with the right
// rank, it is.
func TestChangedRankIsNotAnswered(t *testing.T) {
	dir := t.TempDir()
	text := "City Notes\n\nIn 2024 the magazine Urban Review ranked Warsaw the 32nd most liveable city in the world.\n\n" +
		"Lake Orra is the third largest lake in the region and feeds the river Vell.\n"
	if err := os.WriteFile(filepath.Join(dir, "city.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := index.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := engineOver(t, func() (*index.Store, error) { return index.Open(docs) })
	tests := []struct {
		q      string
		answer bool
	}{
		{"Which magazine ranked Warsaw the 32nd most liveable city?", true},
		{"Which magazine ranked Warsaw the 22nd most liveable city?", false},
		{"Which lake is the third largest in the region?", true},
		{"Which lake is the second largest in the region?", false},
	}
	for _, tt := range tests {
		a, err := e.Ask(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Answered != tt.answer {
			t.Errorf("%q: answered %v, want %v (%+v)", tt.q, a.Answered, tt.answer, a.Citations)
		}
	}
}
