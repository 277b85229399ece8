package answers

import (
	"os"
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

// engineOver is an engine over the store open opens, closed when the test
// ends.
func engineOver(tb testing.TB, open func() (*index.Store, error)) *Engine {
	tb.Helper()
	store, err := open()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	e, err := New(store)
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
