package answers

import (
	"fmt"
	"slices"
	"testing"

	"citebot/index"
)

// A word no document or table knows is analysed as the index analyses it,
// the first time it is met and every time after, also once the memo of
// words met is full.
func TestTermsOfWordsMet(t *testing.T) {
	e := seedEngine(t)
	for i := range maxMet + 3 {
		w := fmt.Sprintf("zorblings%d", i%(maxMet+2))
		want := e.store.(*index.Store).Terms(w)
		if got := e.termsOf(w); !slices.Equal(got, want) {
			t.Fatalf("termsOf(%q) = %q, want %q", w, got, want)
		}
	}
	if got := e.metCount.Load(); got < maxMet {
		t.Fatalf("words met counted %d, want at least %d", got, maxMet)
	}
}
