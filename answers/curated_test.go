package answers

import (
	"context"
	"strings"
	"testing"
)

// TestCuratedEntries: an entry answers questions close to its examples (not
// ones that name another year), shows the cited passages verbatim, and is not
// served once a cited passage is gone or changed.
func TestCuratedEntries(t *testing.T) {
	e := seedEngine(t)
	p := e.store.Passages()[1]
	good := Entry{ID: "e1", Questions: []string{"How many Afghans were returned in 2025?"}, Answer: "Over 2.6 million.",
		Cite: []Cite{{ID: p.ID}}}
	if err := e.Validate(&good, nil); err != nil {
		t.Fatal(err)
	}
	if good.Cite[0].Quote != p.Text {
		t.Fatalf("Validate did not copy the passage's text into the citation")
	}
	changed := Entry{ID: "e2", Questions: []string{"What about the Taliban?"}, Answer: "…",
		Cite: []Cite{{ID: p.ID, Quote: "text that the passage no longer has"}}}
	gone := Entry{ID: "e3", Questions: []string{"What about Iran?"}, Answer: "…", Cite: []Cite{{ID: "old#9", Quote: "x"}}}
	stale := e.SetCurated([]Entry{good, changed, gone})
	if len(stale) != 2 || stale[0].Entry.ID != "e2" || stale[1].Entry.ID != "e3" {
		t.Fatalf("stale = %+v, want e2 (changed) and e3 (gone)", stale)
	}

	tests := []struct {
		q       string
		curated bool
	}{
		{"how many afghans were returned in 2025", true},
		{"How many Afghans were sent back in 2025?", true},
		{"how many afghans were returned in 2024", false},
		{"what about the taliban", false}, // e2 is stale
		{"what does amnesty call for", false},
	}
	for _, tt := range tests {
		a, err := e.Ask(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if (a.Source == SourceCurated) != tt.curated {
			t.Errorf("%q: source %q, want curated=%v", tt.q, a.Source, tt.curated)
		}
		if a.Source == SourceCurated && (a.Curated != "Over 2.6 million." || len(a.Citations) != 1 ||
			!strings.Contains(a.Citations[0].Quote, "2.6 million")) {
			t.Errorf("%q: curated answer %+v", tt.q, a)
		}
	}
}

// TestCuratedInTheAskersLanguage: of two entries for the same question,
// the one written in the asker's language answers; an entry in another
// language still answers when none is in the asker's.
func TestCuratedInTheAskersLanguage(t *testing.T) {
	e := seedEngine(t)
	p := e.store.Passages()[1]
	english := Entry{ID: "en1", Questions: []string{"How many Afghans were returned in 2025?"}, Answer: "Over 2.6 million.", Cite: []Cite{{ID: p.ID}}}
	dari := Entry{ID: "fa1", Lang: "fa", Questions: []string{"chand nafar afghan dar 2025 wapas shodan?"}, Answer: "بیش از ۲.۶ میلیون نفر.", Cite: []Cite{{ID: p.ID}}}
	for _, en := range []*Entry{&english, &dari} {
		if err := e.Validate(en, nil); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		entries []Entry
		q, want string
	}{
		{"english question, both entries", []Entry{dari, english}, "how many afghans were returned in 2025?", "en1"},
		{"dari question, both entries", []Entry{english, dari}, "chand nafar afghan dar 2025 wapas shodan?", "fa1"},
		{"dari question, english entry only", []Entry{english}, "chand nafar afghan dar 2025 wapas shodan?", "en1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.SetCurated(tt.entries)
			a, err := e.Ask(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if a.Source != SourceCurated || a.EntryID != tt.want {
				t.Errorf("%q: source %q, entry %q; want curated entry %q", tt.q, a.Source, a.EntryID, tt.want)
			}
		})
	}
}
