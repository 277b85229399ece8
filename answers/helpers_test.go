package answers

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"citebot/index"
)

// seedEngine opens an engine over the project's seeds for internal tests.
func seedEngine(tb testing.TB) *Engine {
	tb.Helper()
	docs, err := index.Load("../seeds")
	if err != nil {
		tb.Fatal(err)
	}
	return engineOver(tb, func() (*index.Store, error) { return index.Open(docs) })
}

// unfittedSeedEngine is an engine over the project's seeds that decides
// by the hand-set rules (NewUnfitted), as the fit command's do.
func unfittedSeedEngine(tb testing.TB) *Engine {
	tb.Helper()
	docs, err := index.Load("../seeds")
	if err != nil {
		tb.Fatal(err)
	}
	return engineWith(tb, func() (*index.Store, error) { return index.Open(docs) }, NewUnfitted)
}

// engineOver is an engine over the store open opens, closed when the test
// ends.
func engineOver(tb testing.TB, open func() (*index.Store, error)) *Engine {
	return engineWith(tb, open, New)
}

// engineWith is the engine newEngine makes over the store open opens.
func engineWith(tb testing.TB, open func() (*index.Store, error), newEngine func(Searcher) (*Engine, error)) *Engine {
	tb.Helper()
	store, err := open()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	e, err := newEngine(store)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// seedCases reads an eval set of testdata.
func seedCases(tb testing.TB, name string) []Case {
	tb.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	cases, err := LoadCases(f)
	if err != nil {
		tb.Fatal(err)
	}
	return cases
}

// textEngine is an engine over one document, text, written as file in a
// folder of its own.
func textEngine(tb testing.TB, file, text string) *Engine {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	docs, err := index.Load(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return engineOver(tb, func() (*index.Store, error) { return index.Open(docs) })
}

// answering is a question and whether the engine should answer it.
type answering struct {
	q      string
	answer bool
}

// wantAnswered asks each question of e and wants it answered, or not.
func wantAnswered(t *testing.T, e *Engine, tests []answering) {
	t.Helper()
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
