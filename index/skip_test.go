package index_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citebot/index"
)

const goodText = "Shelter Notes\n\nThe shelter in Zaranj housed 4,321 families.\n"

// TestLoadAllSkipsWhatIsNotADocument: each file that cannot be read or is
// not a document is skipped, named with why and what to do, while the
// documents beside it are loaded; Load, for tools, refuses the folder.
func TestLoadAllSkipsWhatIsNotADocument(t *testing.T) {
	paragraph := strings.Repeat("word ", 1<<18) // 1.25 MB
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) // makes bad.txt, or its metadata
		at    string                         // the file named at fault
		want  []string                       // in Describe
	}{
		{
			name:  "a binary file",
			setup: write("bad.txt", "\x00\x01\x02binary\x00\x00garbage"),
			at:    "bad.txt", want: []string{"bad.txt: ", "NUL bytes", "binary"},
		},
		{
			name:  "a PDF saved as .txt",
			setup: write("bad.txt", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
			at:    "bad.txt", want: []string{"a PDF file, not text"},
		},
		{
			name:  "control characters",
			setup: write("bad.txt", strings.Repeat("text\x1b[0m\x07\x08 ", 50)),
			at:    "bad.txt", want: []string{"control characters", "binary"},
		},
		{
			name: "an encoding it does not read",
			// Shift-JIS bytes hold a few UTF-8 sequences by chance, so
			// they are read as UTF-8: most of them decode as nothing.
			setup: write("bad.txt", strings.Repeat("\xe3\x81\x82\x93\xfa\x96\x7b\x8c\xea ", 40)),
			at:    "bad.txt", want: []string{"not text in UTF-8, UTF-16, Latin-1 or Windows-1252"},
		},
		{
			name:  "a paragraph of megabytes",
			setup: write("bad.txt", "Title\n\n"+paragraph+"\n"),
			at:    "bad.txt", want: []string{"block 2", "1.2 MB, more than the 16 KB a paragraph may"},
		},
		{
			name: "a file too large",
			setup: func(t *testing.T, dir string) {
				f, err := os.Create(filepath.Join(dir, "bad.txt"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := f.Truncate(50 << 20); err != nil { // sparse: nothing written
					t.Fatal(err)
				}
			},
			at: "bad.txt", want: []string{"50 MB, more than the 16 MB a document may"},
		},
		{
			name:  "an empty file",
			setup: write("bad.txt", ""),
			at:    "bad.txt", want: []string{"no paragraph"},
		},
		{
			name: "a folder in its place",
			setup: func(t *testing.T, dir string) {
				if err := os.Mkdir(filepath.Join(dir, "bad.txt"), 0o755); err != nil {
					t.Fatal(err)
				}
			},
			at: "bad.txt", want: []string{"a folder, not a file"},
		},
		{
			name: "a link to nothing",
			setup: func(t *testing.T, dir string) {
				if err := os.Symlink(filepath.Join(dir, "gone.txt"), filepath.Join(dir, "bad.txt")); err != nil {
					t.Fatal(err)
				}
			},
			at: "bad.txt", want: []string{"a link to a file that does not exist"},
		},
		{
			name: "a misspelt metadata field",
			setup: both(write("bad.txt", goodText),
				write("bad.meta.yaml", "title: Notes\npublsher: UNHCR\n")),
			at: "bad.meta.yaml", want: []string{"bad.txt: bad.meta.yaml: line 2: publsher is not a field of a document's metadata (its fields are title, publisher, date, url, examples, exclude, translation_of, by, status)"},
		},
		{
			name: "metadata that is not YAML",
			setup: both(write("bad.txt", goodText),
				write("bad.meta.yaml", "title: [unclosed\n")),
			at: "bad.meta.yaml", want: []string{"bad.meta.yaml: line "},
		},
		{
			name: "a bad exclude pattern",
			setup: both(write("bad.txt", goodText),
				write("bad.meta.yaml", "title: Notes\nexclude:\n  - skip: '^(Vipps'\n")),
			at: "bad.meta.yaml", want: []string{"line 3: exclude rule \"^(Vipps\" is not a regular expression: missing closing )"},
		},
		{
			name: "a misspelt exclude rule",
			setup: both(write("bad.txt", goodText),
				write("bad.meta.yaml", "exclude:\n  - skp: '^Vipps'\n")),
			at: "bad.meta.yaml", want: []string{"line 2: skp is not a field of an exclude rule (its fields are skip, stop)"},
		},
		{
			name: "metadata that is a folder",
			setup: both(write("bad.txt", goodText), func(t *testing.T, dir string) {
				if err := os.Mkdir(filepath.Join(dir, "bad.meta.yaml"), 0o755); err != nil {
					t.Fatal(err)
				}
			}),
			at: "bad.meta.yaml", want: []string{"not a file"},
		},
		{
			name: "metadata linked to nothing",
			setup: both(write("bad.txt", goodText), func(t *testing.T, dir string) {
				if err := os.Symlink(filepath.Join(dir, "gone.yaml"), filepath.Join(dir, "bad.meta.yaml")); err != nil {
					t.Fatal(err)
				}
			}),
			at: "bad.meta.yaml", want: []string{"a link to a file that does not exist"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"good.txt": goodText})
			tt.setup(t, dir)
			docs, skipped, err := index.LoadAll(dir)
			if err != nil {
				t.Fatalf("LoadAll: %v", err)
			}
			if len(docs) != 1 || docs[0].File != "good.txt" {
				t.Errorf("documents = %v, want good.txt alone", files(docs))
			}
			if len(skipped) != 1 {
				t.Fatalf("skipped %d files, want bad.txt", len(skipped))
			}
			s := skipped[0]
			if s.File != "bad.txt" || s.Path != filepath.Join(dir, tt.at) || s.Fix == "" {
				t.Errorf("skipped %q at %q (fix %q), want bad.txt at %s and what to do", s.File, s.Path, s.Fix, tt.at)
			}
			for _, w := range tt.want {
				if !strings.Contains(s.Describe(), w) {
					t.Errorf("Describe() = %q, want it to say %q", s.Describe(), w)
				}
			}
			if !strings.Contains(s.Error(), tt.at) {
				t.Errorf("Error() = %q does not name %s", s.Error(), tt.at)
			}
			if _, err := index.Load(dir); err == nil || !strings.Contains(err.Error(), tt.at) {
				t.Errorf("Load: %v, want an error naming %s", err, tt.at)
			}
		})
	}
}

// TestLoadAllWithNothingLeft: when every document is skipped, there is no
// document to answer from.
func TestLoadAllWithNothingLeft(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.txt": "\x00\x00", "b.txt": goodText, "b.meta.yaml": "date: soon\n"})
	docs, skipped, err := index.LoadAll(dir)
	if !errors.Is(err, index.ErrNoDocuments) || len(docs) != 0 {
		t.Fatalf("LoadAll = %d documents, %v; want none and ErrNoDocuments", len(docs), err)
	}
	if len(skipped) != 2 || skipped[0].File != "a.txt" || skipped[1].File != "b.txt" {
		t.Errorf("skipped = %v, want a.txt and b.txt", skipped)
	}
}

// TestLoadAllKeepsDamagedText: a stray control character or a damaged
// byte in a long text is damage, not a binary file: the document is read.
func TestLoadAllKeepsDamagedText(t *testing.T) {
	text := "Shelter Notes\n\n" + strings.Repeat("The shelter housed families. ", 20) + "\x1b and caf\xc3\xa9 \xff.\n"
	dir := writeFiles(t, map[string]string{"a.txt": text})
	docs, skipped, err := index.LoadAll(dir)
	if err != nil || len(skipped) != 0 || len(docs) != 1 {
		t.Fatalf("LoadAll = %d documents, %v skipped, %v; want a.txt read", len(docs), skipped, err)
	}
}

func write(name, content string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func both(fs ...func(*testing.T, string)) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		for _, f := range fs {
			f(t, dir)
		}
	}
}

func files(docs []*index.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.File)
	}
	return out
}

// TestClone: a document's clone indexes again beside other documents, and
// leaves the store that holds the document as it was.
func TestClone(t *testing.T) {
	doc, err := index.Parse("list.txt", "Calls\n\nAmnesty calls for:\n\n- a halt to deportations\n- protection for those at risk\n", index.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	first, err := index.Open([]*index.Document{doc})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	other, err := index.Parse("other.txt", "Other\n\nThe shelter housed 4,321 families.\n", index.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	clone := doc.Clone()
	second, err := index.Open([]*index.Document{other, clone}) // the clone's passages come second
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if clone.Digest() != doc.Digest() || len(clone.Passages) != len(doc.Passages) {
		t.Fatalf("the clone is another document")
	}
	for i, p := range clone.Passages {
		q := doc.Passages[i]
		if p == q || p.Doc != clone || p.ID != q.ID || p.Text != q.Text || p.Item != q.Item {
			t.Errorf("¶%d of the clone is %+v, want a copy of %+v of its own", p.N, p, q)
		}
		if (q.Intro == nil) != (p.Intro == nil) || (p.Intro != nil && (p.Intro.Doc != clone || p.Intro.ID != q.Intro.ID)) {
			t.Errorf("¶%d of the clone opens with %v, want its own copy of %v", p.N, p.Intro, q.Intro)
		}
	}
	if got, ok := first.Passage("list#3"); !ok || got != doc.Passages[2] || got.Doc != doc || got.Order != 2 {
		t.Errorf("the first store's passage changed: %+v", got)
	}
	hits, err := second.Search(t.Context(), []index.Term{{Text: second.Terms("deportations")[0], Boost: 1}}, 1)
	if err != nil || len(hits) != 1 || hits[0].Passage != clone.Passages[1] {
		t.Errorf("search of the clone's store: %v, %v", hits, err)
	}
}
