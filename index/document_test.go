package index_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"citebot/index"
)

const (
	seedDir  = "../seeds"
	seedStem = "000_bcd3b0e1b0c25f4c"
)

// passage is what a reader sees of one passage: the heading it falls under
// and its text.
type passage struct {
	section, text string
}

func TestParse(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		text      string
		meta      index.Meta
		wantTitle string
		want      []passage
		bug       string // set while the case fails because of a known bug
	}{
		{
			name: "paragraphs separated by blank lines",
			file: "r.txt",
			text: "It rained all day.\n\nWe stayed inside.\n",
			meta: index.Meta{Title: "Weather"},
			want: []passage{{"", "It rained all day."}, {"", "We stayed inside."}},
		},
		{
			name: "paragraph wrapped over several lines is one passage",
			file: "r.txt",
			text: "A paragraph that\nis wrapped over\n   three lines.\n\nNext one.",
			meta: index.Meta{Title: "Wrapped"},
			want: []passage{{"", "A paragraph that is wrapped over three lines."}, {"", "Next one."}},
		},
		{
			name: "bullet items lose their bullet",
			file: "r.txt",
			text: "We ask for:\n\n  • food for all.\n\n  • water for all.\n",
			meta: index.Meta{Title: "Bullets"},
			want: []passage{{"", "We ask for:"}, {"", "food for all."}, {"", "water for all."}},
		},
		{
			name: "dash items",
			file: "r.txt",
			text: "- food for all.\n\n- water for all.",
			meta: index.Meta{Title: "Dashes"},
			want: []passage{{"", "food for all."}, {"", "water for all."}},
		},
		{
			name: "star items",
			file: "r.txt",
			text: "* food for all.\n\n* water for all.",
			meta: index.Meta{Title: "Stars"},
			want: []passage{{"", "food for all."}, {"", "water for all."}},
		},
		{
			name: "numbered items with a full stop",
			file: "r.txt",
			text: "1. An immediate halt.\n\n2. Safe pathways.",
			meta: index.Meta{Title: "Numbers"},
			want: []passage{{"", "An immediate halt."}, {"", "Safe pathways."}},
		},
		{
			name: "numbered items with a parenthesis",
			file: "r.txt",
			text: "1) An immediate halt.\n\n2) Safe pathways.",
			meta: index.Meta{Title: "Numbers"},
			want: []passage{{"", "An immediate halt."}, {"", "Safe pathways."}},
		},
		{
			name: "list inside one block: each item is a passage",
			file: "r.txt",
			text: "We ask for:\n- food,\n- water,\n- shelter.",
			meta: index.Meta{Title: "Tight list"},
			want: []passage{{"", "We ask for:"}, {"", "food,"}, {"", "water,"}, {"", "shelter."}},
		},
		{
			name: "item wrapped over two lines",
			file: "r.txt",
			text: "• a long item that\n  goes on here.\n• a short one.",
			meta: index.Meta{Title: "Wrapped items"},
			want: []passage{{"", "a long item that goes on here."}, {"", "a short one."}},
		},
		{
			name: "CRLF line endings",
			file: "r.txt",
			text: "First line\r\nwraps here.\r\n\r\nSecond one.\r\n",
			meta: index.Meta{Title: "Windows"},
			want: []passage{{"", "First line wraps here."}, {"", "Second one."}},
		},
		{
			name: "lone CR line endings",
			file: "r.txt",
			text: "First one.\r\rSecond one.\r",
			meta: index.Meta{Title: "Old Mac"},
			want: []passage{{"", "First one."}, {"", "Second one."}},
		},
		{
			name: "non-breaking spaces fold into single spaces",
			file: "r.txt",
			text: "Over\u00a0 2.6\u00a0million  people\u00a0\u00a0left.\u00a0",
			meta: index.Meta{Title: "Spaces"},
			want: []passage{{"", "Over 2.6 million people left."}},
		},
		{
			name: "headings become the section of the passages after them",
			file: "r.txt",
			text: "Before any heading.\n\nFirst Heading\n\nUnder the first.\n\n" +
				"Second “Quoted” Heading\n\nUnder the second.\n\nStill the second.",
			meta: index.Meta{Title: "Sections"},
			want: []passage{
				{"", "Before any heading."},
				{"First Heading", "Under the first."},
				{"Second “Quoted” Heading", "Under the second."},
				{"Second “Quoted” Heading", "Still the second."},
			},
		},
		{
			name: "a line ending in a colon is a passage, not a heading",
			file: "r.txt",
			text: "Heading\n\nThe group documents a campaign against:\n\n• Women.",
			meta: index.Meta{Title: "Colon"},
			want: []passage{{"Heading", "The group documents a campaign against:"}, {"Heading", "Women."}},
		},
		{
			name: "a short closing line is a passage",
			file: "r.txt",
			text: "The body.\n\nThank you",
			meta: index.Meta{Title: "Closing"},
			want: []passage{{"", "The body."}, {"", "Thank you"}},
		},
		{
			name:      "first line is the title when the metadata has none",
			file:      "r.txt",
			text:      "Afghan Returns Surge\n\nThe body.",
			wantTitle: "Afghan Returns Surge",
			want:      []passage{{"", "The body."}},
		},
		{
			name:      "metadata title repeated as the first line is not a section",
			file:      "r.txt",
			text:      "Afghan Returns Surge\n\nThe body.",
			meta:      index.Meta{Title: "Afghan Returns Surge"},
			wantTitle: "Afghan Returns Surge",
			want:      []passage{{"", "The body."}},
		},
		{
			name:      "no title anywhere: the file stem",
			file:      "notes.txt",
			text:      "only a sentence.",
			wantTitle: "notes",
			want:      []passage{{"", "only a sentence."}},
		},
		{
			name:      "markdown headings and items",
			file:      "r.md",
			text:      "# Report Title\n\nIntro.\n\n## Background ##\n\n- first item\n- second item\n\n---\n\nLast words.",
			wantTitle: "Report Title",
			want: []passage{
				{"", "Intro."},
				{"Background", "first item"},
				{"Background", "second item"},
				{"Background", "Last words."},
			},
		},
		{
			name:      "markdown heading at the very end is not a passage",
			file:      "r.md",
			text:      "# Report Title\n\nBody.\n\n## Notes\n",
			wantTitle: "Report Title",
			want:      []passage{{"", "Body."}},
		},
		{
			name:      "byte order mark before the title",
			file:      "r.txt",
			text:      "\ufeffAfghan Returns Surge\n\nThe body.",
			wantTitle: "Afghan Returns Surge",
			want:      []passage{{"", "The body."}},
		},
		{
			name:      "title is the first line left after excluded boilerplate",
			file:      "r.txt",
			text:      "32\n\nAfghan Returns Surge\n\nThe body.",
			meta:      index.Meta{Exclude: []index.Rule{{Skip: `^\d+$`}}},
			wantTitle: "Afghan Returns Surge",
			want:      []passage{{"", "The body."}},
		},
		{
			name: "a hash in a .txt file is text",
			file: "r.txt",
			text: "# not a heading\n\nThe body.",
			meta: index.Meta{Title: "Plain"},
			want: []passage{{"", "# not a heading"}, {"", "The body."}},
		},
		{
			name: "skip rule drops the matching block only",
			file: "r.txt",
			text: "Title Line\n\n32\n\nThe body.\n\n33 is a number.",
			meta: index.Meta{Exclude: []index.Rule{{Skip: `^\d+$`}}},
			want: []passage{{"", "The body."}, {"", "33 is a number."}},
		},
		{
			name: "skip rule matches the folded text of a wrapped block",
			file: "r.txt",
			text: "The body.\n\nComments\n   are closed.",
			meta: index.Meta{Title: "T", Exclude: []index.Rule{{Skip: `^Comments are closed\.?$`}}},
			want: []passage{{"", "The body."}},
		},
		{
			name: "skip rule applies to list items",
			file: "r.txt",
			text: "- Vipps: #557320\n- A real item.",
			meta: index.Meta{Title: "T", Exclude: []index.Rule{{Skip: `^Vipps`}}},
			want: []passage{{"", "A real item."}},
		},
		{
			name: "stop rule drops the block and all that follows",
			file: "r.txt",
			text: "The body.\n\nSupport Us\n\nGive money.\n\nDNB Bank AC # 0530",
			meta: index.Meta{Title: "T", Exclude: []index.Rule{{Stop: `^Support Us$`}}},
			want: []passage{{"", "The body."}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.bug != "" {
				t.Skip("known bug: " + tt.bug)
			}
			doc, err := index.Parse(tt.file, tt.text, tt.meta)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if tt.wantTitle != "" && doc.Title != tt.wantTitle {
				t.Errorf("Title = %q, want %q", doc.Title, tt.wantTitle)
			}
			assertPassages(t, doc, tt.want)
		})
	}
}

// assertPassages checks a document's passages against want and that they are
// numbered 1..n with ids "<stem>#<n>".
func assertPassages(t *testing.T, doc *index.Document, want []passage) {
	t.Helper()
	var got []passage
	for _, p := range doc.Passages {
		got = append(got, passage{p.Section, p.Text})
	}
	if len(got) != len(want) {
		t.Fatalf("got %d passages, want %d:\n got %q\nwant %q", len(got), len(want), got, want)
	}
	for i, p := range doc.Passages {
		if got[i] != want[i] {
			t.Errorf("¶%d = %q, want %q", i+1, got[i], want[i])
		}
		if p.N != i+1 {
			t.Errorf("¶%d: N = %d", i+1, p.N)
		}
		if wantID := doc.Stem + "#" + strconv.Itoa(i+1); p.ID != wantID {
			t.Errorf("¶%d: ID = %q, want %q", i+1, p.ID, wantID)
		}
		if p.Doc != doc {
			t.Errorf("¶%d: Doc does not point back to its document", i+1)
		}
	}
}

func TestParseMetadata(t *testing.T) {
	meta := index.Meta{
		Title:     "The Title",
		Publisher: "The Publisher",
		Date:      "2025-12-16",
		URL:       "https://example.org/report",
		Examples:  []string{"What happened?"},
	}
	doc, err := index.Parse("report.md", "Body.", meta)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Stem != "report" || doc.File != "report.md" {
		t.Errorf("Stem, File = %q, %q; want report, report.md", doc.Stem, doc.File)
	}
	if doc.Title != meta.Title || doc.Publisher != meta.Publisher || doc.Date != meta.Date || doc.URL != meta.URL {
		t.Errorf("got %q %q %q %q, want the metadata's", doc.Title, doc.Publisher, doc.Date, doc.URL)
	}
	if len(doc.Examples) != 1 || doc.Examples[0] != "What happened?" {
		t.Errorf("Examples = %q", doc.Examples)
	}
	if doc.Year() != 2025 {
		t.Errorf("Year() = %d, want 2025", doc.Year())
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		meta index.Meta
	}{
		{"skip rule is not a regular expression", index.Meta{Exclude: []index.Rule{{Skip: "("}}}},
		{"stop rule is not a regular expression", index.Meta{Exclude: []index.Rule{{Stop: "[a-"}}}},
		{"date in another format", index.Meta{Date: "16/12/2025"}},
		{"date that does not exist", index.Meta{Date: "2025-13-01"}},
		{"date with a time", index.Meta{Date: "2025-12-16T10:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := index.Parse("broken.txt", "Body.", tt.meta)
			if err == nil {
				t.Fatalf("Parse succeeded with %d passages, want an error", len(doc.Passages))
			}
			// The operator must learn which file is wrong.
			if !strings.Contains(err.Error(), "broken.txt") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestParseInvalidUTF8(t *testing.T) {
	tests := []struct {
		name, text string
	}{
		{"inside a word", "Good \xff\xfe text.\n\nMore."},
		{"cut rune at the end", "Text.\n\n\xc3"},
		{"only garbage", "\x80\x81\x82"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := index.Parse("bad.txt", tt.text, index.Meta{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(doc.Passages) == 0 {
				t.Fatalf("no passages")
			}
			for _, p := range doc.Passages {
				if !utf8.ValidString(p.Text) {
					t.Errorf("¶%d %q is not valid UTF-8", p.N, p.Text)
				}
			}
		})
	}
}

func loadSeed(t *testing.T) *index.Document {
	t.Helper()
	docs, err := index.Load(seedDir)
	if err != nil {
		t.Fatalf("Load(%s): %v", seedDir, err)
	}
	for _, d := range docs {
		if d.Stem == seedStem {
			return d
		}
	}
	t.Fatalf("Load(%s): no document %s", seedDir, seedStem)
	return nil
}

func TestLoadSeed(t *testing.T) {
	doc := loadSeed(t)

	const (
		storm   = "A Perfect Storm of Persecution and Crisis"
		law     = "International Law and a “Dangerous Rush” to Deport"
		actions = "Documented Atrocities and a Call to Action"
	)
	want := []struct{ section, start string }{
		{"", "In a stark report released on December 16, 2025,"},
		{"", "The warning comes as new United Nations data"},
		{storm, "These mass returns are occurring"},
		{storm, "Women and Girls: Subjected to severe gender apartheid"},
		{storm, "Former Government and Security Personnel: Facing"},
		{storm, "Journalists and Human Rights Defenders: Operating"},
		{storm, "Individuals Associated with International Organizations: Perceived"},
		{storm, "Amnesty’s report, based on interviews"},
		{law, "Amnesty International underscores that deportations"},
		{law, "Despite this clear obligation,"},
		{law, "“This dangerous rush to forcibly return people"},
		{actions, "The findings are corroborated by UN monitoring."},
		{actions, "In response to this crisis, Amnesty International calls for:"},
		{actions, "An immediate and universal halt to all forced returns"},
		{actions, "The expansion of safe and legal pathways"},
		{actions, "Increased international cooperation, funding"},
		{actions, "Continued support for humanitarian operations"},
		{actions, "The organization concludes that failing to act"},
	}
	if len(doc.Passages) != len(want) {
		for _, p := range doc.Passages {
			t.Logf("%s %.60q", p.ID, p.Text)
		}
		t.Fatalf("got %d passages, want %d", len(doc.Passages), len(want))
	}
	for i, w := range want {
		p := doc.Passages[i]
		t.Run(p.ID, func(t *testing.T) {
			if wantID := seedStem + "#" + strconv.Itoa(i+1); p.ID != wantID || p.N != i+1 {
				t.Errorf("ID, N = %q, %d; want %q, %d", p.ID, p.N, wantID, i+1)
			}
			if !strings.HasPrefix(p.Text, w.start) {
				t.Errorf("Text = %.80q…, want it to start %q", p.Text, w.start)
			}
			if p.Section != w.section {
				t.Errorf("Section = %q, want %q", p.Section, w.section)
			}
		})
	}

	if got, want := doc.Title, "Amnesty International Demands Global Halt to Afghan Deportations, Citing Catastrophic Rights Crisis"; got != want {
		t.Errorf("Title = %q, want %q", got, want)
	}
	if doc.Publisher != "Dawat Media Center" {
		t.Errorf("Publisher = %q", doc.Publisher)
	}
	if doc.Date != "2025-12-16" || doc.Year() != 2025 {
		t.Errorf("Date = %q, Year() = %d; want 2025-12-16, 2025", doc.Date, doc.Year())
	}
	if doc.URL != "" {
		t.Errorf("URL = %q, want empty: the metadata leaves it empty", doc.URL)
	}
	if len(doc.Examples) != 3 {
		t.Errorf("Examples = %q, want the metadata's three", doc.Examples)
	}
}

func TestLoadSeedLeavesOutBoilerplate(t *testing.T) {
	doc := loadSeed(t)
	boilerplate := []string{"Support Dawat Media Center", "DNB Bank", "Vipps", "Comments are closed", "0530", "Every contribution"}
	for _, p := range doc.Passages {
		for _, b := range boilerplate {
			if strings.Contains(p.Text, b) || strings.Contains(p.Section, b) {
				t.Errorf("%s holds publisher boilerplate %q: %.80q", p.ID, b, p.Text)
			}
		}
		if p.Text == "32" || p.Section == "32" {
			t.Errorf("%s is the stray number under the title", p.ID)
		}
	}
}

func TestLoadSeedTextIsTheOriginal(t *testing.T) {
	doc := loadSeed(t)
	raw, err := os.ReadFile(filepath.Join(seedDir, doc.File))
	if err != nil {
		t.Fatal(err)
	}
	folded := strings.Join(strings.Fields(string(raw)), " ")
	for _, p := range doc.Passages {
		if !strings.Contains(folded, p.Text) {
			t.Errorf("%s is not in the original file: %q", p.ID, p.Text)
		}
		if strings.Contains(p.Text, "\u00a0") || strings.Contains(p.Text, "  ") {
			t.Errorf("%s has unfolded white space: %q", p.ID, p.Text)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string // written into a fresh folder
		dir     string            // relative to that folder
		wantIs  error
		wantMsg string
	}{
		{name: "empty folder", dir: ".", wantIs: index.ErrNoDocuments},
		{
			name:   "folder with no .txt or .md",
			files:  map[string]string{"a.meta.yaml": "title: A\n", "notes.pdf": "%PDF"},
			dir:    ".",
			wantIs: index.ErrNoDocuments,
		},
		{name: "missing folder", dir: "nowhere", wantIs: fs.ErrNotExist},
		{
			name:    "metadata that is not YAML",
			files:   map[string]string{"a.txt": "Body.", "a.meta.yaml": "title: [unclosed\n"},
			dir:     ".",
			wantMsg: "a.meta.yaml",
		},
		{
			name:    "metadata with a bad date",
			files:   map[string]string{"a.txt": "Body.", "a.meta.yaml": "date: 16 December 2025\n"},
			dir:     ".",
			wantMsg: "a.meta.yaml: line 1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			docs, err := index.Load(filepath.Join(dir, tt.dir))
			if err == nil {
				t.Fatalf("Load returned %d documents, want an error", len(docs))
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %q is not %v", err, tt.wantIs)
			}
			if tt.wantMsg != "" && !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not name %s", err, tt.wantMsg)
			}
		})
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadRulesArePerDocument(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"b.txt":       "Body of b.\n\nVipps: #557320",
		"a.txt":       "Body of a.\n\nVipps: #557320",
		"a.meta.yaml": "title: A\nexclude:\n  - skip: '^Vipps'\n",
		"a.yaml":      "not a document",
	})
	docs, err := index.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].File != "a.txt" || docs[1].File != "b.txt" {
		t.Fatalf("Load = %d documents, want a.txt then b.txt", len(docs))
	}
	assertPassages(t, docs[0], []passage{{"", "Body of a."}})
	assertPassages(t, docs[1], []passage{{"", "Body of b."}, {"", "Vipps: #557320"}})
	if docs[0].Title != "A" || docs[1].Title != "b" {
		t.Errorf("titles = %q, %q; want A (metadata), b (stem)", docs[0].Title, docs[1].Title)
	}
}

func TestHash(t *testing.T) {
	const text = "Title Line\n\nFirst paragraph.\n\nA Heading\n\nSecond paragraph."
	meta := index.Meta{Publisher: "P", Date: "2025-12-16"}
	parse := func(t *testing.T, name, text string, meta index.Meta) []*index.Document {
		t.Helper()
		doc, err := index.Parse(name, text, meta)
		if err != nil {
			t.Fatal(err)
		}
		return []*index.Document{doc}
	}
	base := index.Hash(parse(t, "r.txt", text, meta))

	tests := []struct {
		name     string
		file     string
		text     string
		meta     index.Meta
		wantSame bool
	}{
		{"same input", "r.txt", text, meta, true},
		{"same text, different line endings", "r.txt", strings.ReplaceAll(text, "\n", "\r\n"), meta, true},
		{"same text, wrapped differently", "r.txt", strings.Replace(text, "First paragraph.", "First\nparagraph.", 1), meta, true},
		{"same passages, new example question", "r.txt", text, index.Meta{Publisher: "P", Date: "2025-12-16", Examples: []string{"Why?"}}, true},
		{"one word of a passage changed", "r.txt", strings.Replace(text, "Second paragraph.", "Second passage.", 1), meta, false},
		{"a passage added", "r.txt", text + "\n\nThird paragraph.", meta, false},
		{"heading changed", "r.txt", strings.Replace(text, "A Heading", "Another Heading", 1), meta, false},
		{"title changed", "r.txt", strings.Replace(text, "Title Line", "Other Title", 1), meta, false},
		{"date changed", "r.txt", text, index.Meta{Publisher: "P", Date: "2025-12-17"}, false},
		{"file renamed", "s.txt", text, meta, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := index.Hash(parse(t, tt.file, tt.text, tt.meta))
			if same := got == base; same != tt.wantSame {
				t.Errorf("hash same = %v, want %v", same, tt.wantSame)
			}
		})
	}
}
