package corpusgen_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"citebot/index"
	"citebot/index/corpusgen"
)

func TestGenerateIsReproducible(t *testing.T) {
	a := corpusgen.Generate(7, 20, 30)
	b := corpusgen.Generate(7, 20, 30)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("Generate(7, 20, 30) twice: the documents differ")
	}
	// A document depends on the seed and its number only: a smaller corpus
	// is the start of a larger one.
	if c := corpusgen.Generate(7, 5, 30); !reflect.DeepEqual(c, a[:5]) {
		t.Error("Generate(7, 5, 30) is not the start of Generate(7, 20, 30)")
	}
	if d := corpusgen.Generate(8, 20, 30); reflect.DeepEqual(d, a) {
		t.Error("seeds 7 and 8 give the same documents")
	}
	// Byte-identical files, too.
	dirA, dirB := t.TempDir(), t.TempDir()
	if err := corpusgen.Write(dirA, a); err != nil {
		t.Fatal(err)
	}
	if err := corpusgen.Write(dirB, b); err != nil {
		t.Fatal(err)
	}
	for _, d := range a {
		for _, name := range []string{d.Name, strings.TrimSuffix(d.Name, ".txt") + ".meta.yaml"} {
			x, err := os.ReadFile(filepath.Join(dirA, name))
			if err != nil {
				t.Fatal(err)
			}
			y, err := os.ReadFile(filepath.Join(dirB, name))
			if err != nil {
				t.Fatal(err)
			}
			if string(x) != string(y) {
				t.Errorf("%s differs between two writes of the same seed", name)
			}
		}
	}
}

func TestGenerateCounts(t *testing.T) {
	tests := []struct {
		name            string
		docs, passages  int
		wantDocs, wantP int
	}{
		{"none", 0, 10, 0, 0},
		{"one passage", 3, 1, 3, 1},
		{"few", 4, 7, 4, 7},
		{"the issue's size", 12, 100, 12, 100},
		{"fewer than one passage counts as one", 2, 0, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := corpusgen.Generate(1, tt.docs, tt.passages)
			if len(docs) != tt.wantDocs {
				t.Fatalf("Generate(1, %d, %d) gave %d documents, want %d", tt.docs, tt.passages, len(docs), tt.wantDocs)
			}
			for i, d := range docs {
				if want := fmt.Sprintf("gen-%04d.txt", i+1); d.Name != want {
					t.Errorf("document %d is named %q, want %q", i, d.Name, want)
				}
				doc, err := index.Parse(d.Name, d.Text, d.Meta)
				if err != nil {
					t.Fatalf("Parse(%s): %v", d.Name, err)
				}
				if len(doc.Passages) != tt.wantP {
					t.Errorf("%s: %d passages, want %d\n%s", d.Name, len(doc.Passages), tt.wantP, d.Text)
				}
				// The title line is the title, not a passage; so it is
				// without metadata too.
				bare, err := index.Parse(d.Name, d.Text, index.Meta{})
				if err != nil {
					t.Fatal(err)
				}
				if bare.Title != d.Meta.Title || len(bare.Passages) != tt.wantP {
					t.Errorf("%s without metadata: title %q and %d passages, want %q and %d",
						d.Name, bare.Title, len(bare.Passages), d.Meta.Title, tt.wantP)
				}
				if y := doc.Year(); y < 2019 || y > 2022 {
					t.Errorf("%s is dated %s, want 2019 to 2022", d.Name, d.Meta.Date)
				}
				if d.Meta.Publisher == "" {
					t.Errorf("%s has no publisher", d.Name)
				}
			}
		})
	}
}

// TestWriteThenLoad: what Write stores, index.Load reads back as Generate
// made it.
func TestWriteThenLoad(t *testing.T) {
	docs := corpusgen.Generate(3, 6, 25)
	dir := filepath.Join(t.TempDir(), "seeds") // Write creates it
	if err := corpusgen.Write(dir, docs); err != nil {
		t.Fatal(err)
	}
	loaded, err := index.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded) != len(docs) {
		t.Fatalf("Load found %d documents, want %d", len(loaded), len(docs))
	}
	for i, got := range loaded {
		want := docs[i]
		if got.File != want.Name || got.Title != want.Meta.Title || got.Publisher != want.Meta.Publisher ||
			got.Date != want.Meta.Date || got.URL != "" || len(got.Passages) != 25 {
			t.Errorf("loaded %s %q %q %s %q with %d passages, want %s %q %q %s \"\" with 25",
				got.File, got.Title, got.Publisher, got.Date, got.URL, len(got.Passages),
				want.Name, want.Meta.Title, want.Meta.Publisher, want.Meta.Date)
		}
	}
}

// TestNoReportFacts: the documents compete with the report for its
// questions but never state its facts, nor answer its near misses with
// other ones (see the package comment).
func TestNoReportFacts(t *testing.T) {
	// Matched against the text in lower case.
	literal := []struct{ what, s string }{
		{"the report's spokeswoman", "smriti"},
		{"the report's spokeswoman", "singh"},
		{"her title", "south asia"},
		{"UNAMA's full name, as the report spells it", "assistance mission"},
		{"a country the report names", "turkey"},
		{"a country the report names", "tajik"},
		{"a country the report names", "german"},
		{"a country the report names", "austria"},
		{"a country the report names", "european union"},
		{"a body the eval asks about", "unhcr"},
		{"the report's publisher", "dawat"},
		{"a country the eval asks about", "canada"},
		{"a country the eval asks about", "united states"},
	}
	for _, verb := range []string{"’s", " has", " call", " report", " interview", " said", " urge", " demand"} {
		literal = append(literal, struct{ what, s string }{"Amnesty as author, caller or voice", "amnesty international" + verb})
	}
	pattern := []struct {
		what string
		re   *regexp.Regexp
	}{
		{"the report's 2.6 million", regexp.MustCompile(`\b2\.6 million`)},
		{"a number the report gives", regexp.MustCompile(`\b(14|21|32|60)\b[^,]`)},
		{"a year the eval's near misses ask about", regexp.MustCompile(`\b202[345]\b`)},
		{"Europe, which the eval asks about", regexp.MustCompile(`\beurope\b`)},
		{"a share of women or children", regexp.MustCompile(`(%|percent)[^.]*\b(women|children|girls)\b|\b(women|children|girls)\b[^.]*(%|percent)`)},
	}
	docs := corpusgen.Generate(1, 100, 100)
	for _, d := range docs {
		text := strings.Join([]string{d.Text, d.Meta.Title, d.Meta.Publisher, d.Meta.Date}, "\n")
		lower := strings.ToLower(strings.ReplaceAll(text, "Save the Children", "an aid agency"))
		for _, f := range literal {
			if strings.Contains(lower, f.s) {
				t.Errorf("%s: %s: %q", d.Name, f.what, f.s)
			}
		}
		for _, f := range pattern {
			for _, m := range f.re.FindAllString(lower, 3) {
				t.Errorf("%s: %s: %q", d.Name, f.what, m)
			}
		}
		// Iran and Pakistan come only together.
		alone := strings.NewReplacer("Iran and Pakistan", "", "Pakistan and Iran", "").Replace(text)
		if strings.Contains(alone, "Iran") || strings.Contains(alone, "Pakistan") {
			t.Errorf("%s names Iran or Pakistan alone", d.Name)
		}
	}
}

// TestPassagesDiffer: the grammar is varied enough that passages seldom
// repeat, within a document or across the corpus.
func TestPassagesDiffer(t *testing.T) {
	docs := corpusgen.Generate(1, 100, 100)
	seen := make(map[string]bool)
	total := 0
	for _, d := range docs {
		doc, err := index.Parse(d.Name, d.Text, d.Meta)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range doc.Passages {
			seen[p.Text] = true
			total++
		}
	}
	if share := float64(len(seen)) / float64(total); share < 0.99 {
		t.Errorf("%d distinct passages of %d (%.3f), want at least 0.99", len(seen), total, share)
	}
	titles := make(map[string]bool)
	for _, d := range docs {
		titles[d.Meta.Title] = true
	}
	if len(titles) < 90 {
		t.Errorf("%d distinct titles of 100, want at least 90", len(titles))
	}
}

func ExampleGenerate() {
	docs := corpusgen.Generate(1, 2, 5)
	for _, d := range docs {
		doc, err := index.Parse(d.Name, d.Text, d.Meta)
		if err != nil {
			panic(err)
		}
		fmt.Println(d.Name, len(doc.Passages))
	}
	// Output:
	// gen-0001.txt 5
	// gen-0002.txt 5
}
