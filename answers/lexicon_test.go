package answers

import (
	"slices"
	"strings"
	"testing"
)

// inflects tells whether x is w with an inflection's ending: "deports",
// "deported", "deporting", "countries".
func inflects(w, x string) bool {
	if x == w {
		return true
	}
	stem := strings.TrimSuffix(w, "e")
	for _, end := range []string{"s", "es", "ed", "d", "ing"} {
		if x == w+end || x == stem+end || (len(w) > 2 && x == w+w[len(w)-1:]+end) {
			return true
		}
	}
	base, ok := strings.CutSuffix(w, "y")
	return ok && (x == base+"ies" || x == base+"ied")
}

// TestLexiconStemsDoNotCollide: two groups of the lexicon may share a
// stem only through the same word or its inflections. When two different
// words stem alike ("governs" of the group for ruling, "government" of the
// group for authorities: both "govern"), a question saying one would be
// read as the other's group.
func TestLexiconStemsDoNotCollide(t *testing.T) {
	e := seedEngine(t)
	words := make(map[string]map[int][]string) // stem -> group (line) -> its words with that stem
	for n, line := range strings.Split(lexiconText, "\n") {
		line = strings.TrimSpace(line)
		left, right, ok := strings.Cut(line, "=")
		if line == "" || strings.HasPrefix(line, "#") || strings.Contains(line, "->") || !ok {
			continue
		}
		for _, ph := range append(splitList(left, ","), splitList(right, ",")...) {
			ws := strings.Fields(strings.ToLower(ph))
			ts := e.store.Terms(ph)
			if len(ws) != 1 || len(ts) != 1 {
				continue
			}
			if words[ts[0]] == nil {
				words[ts[0]] = make(map[int][]string)
			}
			words[ts[0]][n] = append(words[ts[0]][n], ws[0])
		}
	}
	shared := wordSet("shared_stems")
	for stem, groups := range words {
		if shared[stem] {
			continue
		}
		lines := slices.Sorted(func(yield func(int) bool) {
			for l := range groups {
				if !yield(l) {
					return
				}
			}
		})
		for i, a := range lines {
			for _, b := range lines[i+1:] {
				for _, x := range groups[a] {
					for _, y := range groups[b] {
						if !inflects(x, y) && !inflects(y, x) {
							t.Errorf("lexicon.txt lines %d and %d: %q and %q both stem to %q", a+1, b+1, x, y, stem)
						}
					}
				}
			}
		}
	}
}
