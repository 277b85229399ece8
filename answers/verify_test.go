package answers

import "testing"

// TestVerifiedDropsWhatIsNotVerbatim: a citation whose quote is not a span
// of its passage, or whose paragraph or id is wrong, never reaches a user.
func TestVerifiedDropsWhatIsNotVerbatim(t *testing.T) {
	e := seedEngine(t)
	p := e.store.Passages()[1]
	good := cite(p, p.Text[:40])
	tests := []struct {
		name string
		c    Citation
		keep bool
	}{
		{"a span of its passage", good, true},
		{"a paraphrase", func() Citation { c := good; c.Quote = "over two and a half million Afghans"; return c }(), false},
		{"an empty quote", func() Citation { c := good; c.Quote = ""; return c }(), false},
		{"the wrong paragraph", func() Citation { c := good; c.Paragraph = 7; return c }(), false},
		{"an unknown passage", func() Citation { c := good; c.ID = "nothing#1"; return c }(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.verified([]Citation{tt.c})
			if (len(got) == 1) != tt.keep {
				t.Errorf("verified(%+v) kept %d, want keep=%v", tt.c, len(got), tt.keep)
			}
		})
	}
}
