package answers

import "testing"

// TestNoPhraseAcrossClauses: "at risk if deported" is not "at risk of
// deportation": no lexicon phrase is read across "if", "because", "while".
func TestNoPhraseAcrossClauses(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct{ q, across, within string }{
		{"why are women at risk if deported", "risk deport", ""},
		{"are women at risk of deportation", "", "risk deport"},
	} {
		words := map[string]bool{}
		for _, c := range e.parse(tt.q).concepts {
			words[c.word] = true
		}
		if tt.across != "" && words[tt.across] {
			t.Errorf("%q read %q across a clause: %v", tt.q, tt.across, words)
		}
		if tt.within != "" && !words[tt.within] {
			t.Errorf("%q did not read the phrase %q: %v", tt.q, tt.within, words)
		}
	}
}
