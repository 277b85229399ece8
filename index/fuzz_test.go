package index

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	seed, err := os.ReadFile("../seeds/000_bcd3b0e1b0c25f4c.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("000_bcd3b0e1b0c25f4c.txt", string(seed))
	f.Add("seed.md", string(seed))
	f.Add("r.md", "# Title\n\nIntro.\n\n## Section ##\n\n- one\n* two\n1. three\n\n---\n\nEnd.")
	f.Add("r.txt", "Title\r\n\r\n  •\u00a0item\r\n2) other\rDr. Smith said “Hi.” U.N. 2.6 Asia“It")
	f.Add("r.txt", "")
	f.Add("r.txt", "\xff\xfe\x00 \u00a0\n\n•\n\n1.\n\n#")
	f.Add("r", "a. b? C! “D")
	f.Fuzz(func(t *testing.T, name, text string) {
		if !strings.HasSuffix(name, ".txt") && !strings.HasSuffix(name, ".md") {
			name += ".txt"
		}
		doc, err := Parse(name, text, Meta{})
		if err != nil {
			t.Fatalf("Parse(%q) without metadata: %v", name, err)
		}
		for i, p := range doc.Passages {
			if p.N != i+1 || p.ID != doc.Stem+"#"+strconv.Itoa(i+1) {
				t.Fatalf("passage %d numbered N=%d ID=%q", i+1, p.N, p.ID)
			}
			if p.Text == "" {
				t.Fatalf("%s is empty", p.ID)
			}
			if !utf8.ValidString(p.Text) {
				t.Fatalf("%s is not valid UTF-8: %q", p.ID, p.Text)
			}
			if p.Text != fold(p.Text) {
				t.Fatalf("%s white space is not folded: %q", p.ID, p.Text)
			}
			end := 0
			for j, s := range sentenceSpans(p.Text) {
				if s[0] < end || s[1] <= s[0] || s[1] > len(p.Text) {
					t.Fatalf("%s: sentence %d %v is empty, out of order or out of the text (%d bytes) %q", p.ID, j, s, len(p.Text), p.Text)
				}
				if gap := p.Text[end:s[0]]; gap != "" && (j == 0 || gap != " ") {
					t.Fatalf("%s: %q before sentence %d belongs to no sentence: %q", p.ID, gap, j, p.Text)
				}
				end = s[1]
			}
			if end != len(p.Text) {
				t.Fatalf("%s: %q after the last sentence belongs to none", p.ID, p.Text[end:])
			}
		}
	})
}
