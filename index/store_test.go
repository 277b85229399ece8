package index_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"citebot/index"
)

// openSeeds indexes the real seeds folder.
func openSeeds(t *testing.T) *index.Store {
	t.Helper()
	docs, err := index.Load(seedDir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	s, err := index.Open(docs)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// queryTerms analyses user text into equally weighted query terms.
func queryTerms(s *index.Store, text string) []index.Term {
	var out []index.Term
	for _, t := range s.Terms(text) {
		out = append(out, index.Term{Text: t, Boost: 1})
	}
	return out
}

func TestSearchSeeds(t *testing.T) {
	s := openSeeds(t)
	tests := []struct {
		name  string
		query string
		want  string // id of the best hit
	}{
		{"returns from neighbouring countries", "deported returned neighboring countries", seedStem + "#2"},
		{"UN monitoring", "UNAMA arbitrary detention killings", seedStem + "#12"},
		{"the principle of non-refoulement", "non-refoulement principle", seedStem + "#9"},
		{"women's education", "girls denied education", seedStem + "#4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.Search(context.Background(), queryTerms(s, tt.query), 5)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if len(hits) == 0 {
				t.Fatalf("Search(%q) found nothing, want %s first", tt.query, tt.want)
			}
			if got := hits[0].Passage.ID; got != tt.want {
				t.Errorf("Search(%q) best hit = %s %.60q, want %s", tt.query, got, hits[0].Passage.Text, tt.want)
			}
			for i := 1; i < len(hits); i++ {
				if hits[i].Score > hits[i-1].Score {
					t.Errorf("hit %d scores %v, more than hit %d (%v): not best first", i, hits[i].Score, i-1, hits[i-1].Score)
				}
			}
		})
	}
}

func TestSearchLimits(t *testing.T) {
	s := openSeeds(t)
	afghan := queryTerms(s, "Afghanistan")
	tests := []struct {
		name     string
		terms    []index.Term
		k        int
		wantHits int
	}{
		{"k caps the hits", afghan, 3, 3},
		{"k of zero", afghan, 0, 0},
		{"negative k", afghan, -1, 0},
		{"no terms", nil, 5, 0},
		{"term no passage holds", []index.Term{{Text: "zebra", Boost: 1}}, 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.Search(context.Background(), tt.terms, tt.k)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if len(hits) != tt.wantHits {
				t.Errorf("got %d hits, want %d", len(hits), tt.wantHits)
			}
		})
	}
}

func TestTermsShareStems(t *testing.T) {
	s := openSeeds(t)
	tests := []struct {
		a, b string
	}{
		{"Deportations", "deported"},
		{"Afghans", "afghan"},
		{"Amnesty’s", "amnesty"},
		{"returnées", "returnees"}, // folded to ASCII
	}
	for _, tt := range tests {
		t.Run(tt.a+"="+tt.b, func(t *testing.T) {
			a, b := s.Terms(tt.a), s.Terms(tt.b)
			if len(a) == 0 || !slices.Equal(a, b) {
				t.Errorf("Terms(%q) = %q, Terms(%q) = %q; want the same, non-empty", tt.a, a, tt.b, b)
			}
		})
	}
	if got := s.Terms("the and of"); len(got) != 0 {
		t.Errorf("Terms of stop words = %q, want none", got)
	}
}

func TestQuerySyntaxIsText(t *testing.T) {
	s := openSeeds(t)
	ctx := context.Background()
	inputs := []string{
		"title:x", "+foo", "(", ")", "*", ":", "-", "?", "~2", "^5", `"unclosed`, "/re.*/", `\`,
		"text:afghan^5", "+women -girls", "foo AND (bar OR", "doc:" + seedStem, "id:" + seedStem + "#2", "",
	}
	for _, in := range inputs {
		t.Run(in, func(t *testing.T) {
			if _, err := s.Search(ctx, queryTerms(s, in), 5); err != nil {
				t.Errorf("Search(Terms(%q)): %v", in, err)
			}
			// Raw user text as a term: matched literally, never parsed.
			if _, err := s.Search(ctx, []index.Term{{Text: in, Boost: 1}}, 5); err != nil {
				t.Errorf("Search(%q as a term): %v", in, err)
			}
			if _, err := s.Match(ctx, in, 5); err != nil {
				t.Errorf("Match(%q): %v", in, err)
			}
		})
	}
}

func TestIDF(t *testing.T) {
	s := openSeeds(t)
	term := func(word string) string {
		t.Helper()
		ts := s.Terms(word)
		if len(ts) != 1 {
			t.Fatalf("Terms(%q) = %q, want one term", word, ts)
		}
		return ts[0]
	}
	rare, common := term("UNAMA"), term("Afghan")
	if s.IDF(rare) <= s.IDF(common) {
		t.Errorf("IDF(%s) = %v, not more than IDF(%s) = %v", rare, s.IDF(rare), common, s.IDF(common))
	}
	if s.IDF(rare) != s.MaxIDF() {
		t.Errorf("IDF(%s) = %v, want MaxIDF %v: one sentence holds it", rare, s.IDF(rare), s.MaxIDF())
	}
	if got := s.IDF("zebra"); got != 0 {
		t.Errorf("IDF of a term no sentence holds = %v, want 0", got)
	}
}

func TestPassageByID(t *testing.T) {
	s := openSeeds(t)
	tests := []struct {
		id        string
		wantFound bool
		wantStart string
	}{
		{seedStem + "#2", true, "The warning comes"},
		{seedStem + "#18", true, "The organization concludes"},
		{seedStem + "#99", false, ""},
		{seedStem + "#0", false, ""},
		{seedStem, false, ""},
		{"other#1", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p, ok := s.Passage(tt.id)
			if ok != tt.wantFound {
				t.Fatalf("Passage(%q) found = %v, want %v", tt.id, ok, tt.wantFound)
			}
			if ok && !strings.HasPrefix(p.Text, tt.wantStart) {
				t.Errorf("Passage(%q) = %.60q, want it to start %q", tt.id, p.Text, tt.wantStart)
			}
		})
	}
}

func TestOpenCutsSentences(t *testing.T) {
	s := openSeeds(t)
	if got := len(s.Passages()); got != 18 {
		t.Errorf("Passages() = %d, want the seed's 18", got)
	}
	for _, p := range s.Passages() {
		if len(p.Sentences) == 0 {
			t.Errorf("%s has no sentences", p.ID)
			continue
		}
		// In order, the sentences are the whole text: at most a space
		// between two of them.
		end := 0
		for i, sent := range p.Sentences {
			if gap := p.Text[end:sent.Start]; sent.Start < end || sent.End <= sent.Start || (gap != "" && (i == 0 || gap != " ")) {
				t.Errorf("%s: sentence %d [%d:%d] does not follow the one before (ending at %d)", p.ID, i, sent.Start, sent.End, end)
			}
			end = sent.End
		}
		if end != len(p.Text) {
			t.Errorf("%s: %q after the last sentence", p.ID, p.Text[end:])
		}
	}

	quote, _ := s.Passage(seedStem + "#11")
	wantStarts := []string{"“This dangerous rush", "“It cynically ignores", "States are outsourcing"}
	if len(quote.Sentences) != len(wantStarts) {
		t.Fatalf("¶11 has %d sentences, want %d", len(quote.Sentences), len(wantStarts))
	}
	for i, sent := range quote.Sentences {
		if text := quote.Text[sent.Start:sent.End]; !strings.HasPrefix(text, wantStarts[i]) {
			t.Errorf("¶11 sentence %d = %q, want it to start %q", i+1, text, wantStarts[i])
		}
	}
	if text := quote.Text[:quote.Sentences[0].End]; !strings.HasSuffix(text, "Regional Director for South Asia") {
		t.Errorf("¶11 sentence 1 = %q, want it to end before the opening quote", text)
	}

	first, _ := s.Passage(seedStem + "#1")
	if sent := first.Sentences[0]; !sent.Date || sent.Count || !slices.Equal(sent.Years, []int{2025}) {
		t.Errorf("¶1: Date, Count, Years = %v, %v, %v; want true, false, [2025]", sent.Date, sent.Count, sent.Years)
	}
	second, _ := s.Passage(seedStem + "#2")
	if !second.Sentences[0].Count {
		t.Errorf("¶2 first sentence (2.6 million) is not a Count")
	}
}

func TestOpenSameDocumentsTwice(t *testing.T) {
	docs, err := index.Load(seedDir)
	if err != nil {
		t.Fatal(err)
	}
	sentences := func() []int {
		var n []int
		for _, d := range docs {
			for _, p := range d.Passages {
				n = append(n, len(p.Sentences))
			}
		}
		return n
	}
	open := func() {
		s, err := index.Open(docs)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	open()
	first := sentences()
	open()
	if again := sentences(); !slices.Equal(again, first) {
		t.Errorf("sentences per passage = %v after one Open, %v after another", first, again)
	}
}

func TestStoreHashFollowsDocuments(t *testing.T) {
	docs, err := index.Load(seedDir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := index.Open(docs)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Hash() != index.Hash(docs) || s.Hash() == "" {
		t.Errorf("Store.Hash() = %q, want Hash(docs) = %q", s.Hash(), index.Hash(docs))
	}
}
