package curated

import "testing"

// FuzzParse: no curated answers file, however broken, panics the parser;
// what it accepts has an id on every entry, each once.
func FuzzParse(f *testing.F) {
	f.Add([]byte("entries:\n  - id: a\n    questions: [q?]\n    answer: A\n    cite:\n      - id: r#1\n        quote: Q\n"))
	f.Add([]byte("entries: [unclosed\n"))
	f.Add([]byte("\xff\xfe\x00"))
	f.Add([]byte("entries:\n  - id: a\n  - id: a\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, err := parse(b)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, en := range entries {
			if en.ID == "" || seen[en.ID] {
				t.Fatalf("accepted an entry with a missing or repeated id %q", en.ID)
			}
			seen[en.ID] = true
		}
	})
}
