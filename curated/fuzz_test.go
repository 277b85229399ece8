package curated

import "testing"

// FuzzParse: no curated answers or fact cards file, however broken, panics
// the parser; what it accepts has an id on every item, each once.
func FuzzParse(f *testing.F) {
	f.Add([]byte("entries:\n  - id: a\n    questions: [q?]\n    answer: A\n    cite:\n      - id: r#1\n        quote: Q\n"))
	f.Add([]byte("cards:\n  - id: a\n    cite: r#1\n    quote: Q\n    hidden: true\n    auto: true\n"))
	f.Add([]byte("entries: [unclosed\n"))
	f.Add([]byte("\xff\xfe\x00"))
	f.Add([]byte("entries:\n  - id: a\n  - id: a\n"))
	f.Add([]byte("cards: []\nentries: []\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if entries, err := parse(entryKind, b); err == nil {
			uniqueIDs(t, entries, entryKind.id)
		}
		if cards, err := parse(cardKind, b); err == nil {
			uniqueIDs(t, cards, cardKind.id)
		}
	})
}

func uniqueIDs[T any](t *testing.T, items []T, id func(T) string) {
	t.Helper()
	seen := map[string]bool{}
	for _, it := range items {
		if id(it) == "" || seen[id(it)] {
			t.Fatalf("accepted an item with a missing or repeated id %q", id(it))
		}
		seen[id(it)] = true
	}
}
