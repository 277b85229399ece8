package corpusgen_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"citebot/index"
	"citebot/index/corpusgen"
)

// TestSalad: word salad is reproducible, parses into the passages asked
// for, gives no figure, and uses only the vocabulary it is given.
func TestSalad(t *testing.T) {
	vocabulary := strings.Fields("Over 2.6 million Afghans were deported in 2025, said the report of Amnesty International.")
	a := corpusgen.Salad(3, 4, 6, vocabulary)
	if b := corpusgen.Salad(3, 4, 6, vocabulary); !reflect.DeepEqual(a, b) {
		t.Fatal("Salad(3, 4, 6) twice: the documents differ")
	}
	if len(a) != 4 {
		t.Fatalf("%d documents, want 4", len(a))
	}
	allowed := map[string]bool{}
	for _, w := range vocabulary {
		allowed[strings.ToLower(strings.Trim(w, ".,"))] = true
	}
	for _, g := range a {
		if !strings.HasPrefix(g.Name, "salad-") {
			t.Errorf("document named %q, want salad-NNNN.txt", g.Name)
		}
		d, err := index.Parse(g.Name, g.Text, g.Meta)
		if err != nil {
			t.Fatalf("%s: %v", g.Name, err)
		}
		if len(d.Passages) != 6 {
			t.Errorf("%s: %d passages, want 6", g.Name, len(d.Passages))
		}
		if strings.ContainsFunc(g.Text, unicode.IsDigit) {
			t.Errorf("%s gives a figure:\n%s", g.Name, g.Text)
		}
		for _, w := range strings.Fields(g.Text) {
			if w = strings.ToLower(strings.Trim(w, ".")); !allowed[w] {
				t.Errorf("%s uses %q, not in its vocabulary", g.Name, w)
			}
		}
		if y := d.Year(); y < 2019 || y > 2022 {
			t.Errorf("%s is dated %d, want 2019 to 2022", g.Name, y)
		}
	}
	if corpusgen.Salad(3, 2, 6, nil) != nil {
		t.Error("salad without vocabulary")
	}
}
