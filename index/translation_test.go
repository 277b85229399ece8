package index_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"citebot/index"
)

const (
	transDoc = "Shelter Notes\n\nThe shelter in Zaranj housed 4,321 families. Most came from Iran.\n\nWinter was hard.\n"
	transDE  = "¶1\nDie Unterkunft in Zaranj beherbergte 4.321 Familien.\nDie meisten kamen aus dem Iran.\n\n¶2\nDer Winter war hart.\n"
	transMD  = "translation_of: notes\nby: \"maschinell erstellt\"\nstatus: \"inoffiziell\"\n"
)

// writeNamed writes name: content pairs into a new folder.
func writeNamed(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for i := 0; i+1 < len(files); i += 2 {
		if err := os.WriteFile(filepath.Join(dir, files[i]), []byte(files[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestTranslationIsNotADocument: a translation beside its document is
// attached to it, never listed, indexed or searched as a document.
func TestTranslationIsNotADocument(t *testing.T) {
	dir := writeNamed(t, "notes.txt", transDoc, "notes.de.txt", transDE, "notes.de.meta.yaml", transMD)
	docs, skipped, err := index.LoadAll(dir)
	if err != nil || len(skipped) > 0 {
		t.Fatalf("LoadAll: %v, skipped %v", err, skipped)
	}
	if len(docs) != 1 || docs[0].File != "notes.txt" {
		t.Fatalf("documents = %v, want notes.txt alone", docs)
	}
	tr := docs[0].Translations["de"]
	if tr == nil || tr.By != "maschinell erstellt" || tr.Status != "inoffiziell" {
		t.Fatalf("the German translation = %+v", tr)
	}
	st, err := index.Open(docs)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hits, err := st.Search(context.Background(), []index.Term{{Text: "unterkunft", Boost: 1}, {Text: "familien", Boost: 1}}, 5)
	if err != nil || len(hits) != 0 {
		t.Errorf("searching the translation's words in the index found %d passages (%v); the index holds the original only", len(hits), err)
	}
	p := st.Prepared(docs[0].Passages[0])
	if got := tr.Span(p, 1, 1); got != "Die meisten kamen aus dem Iran." {
		t.Errorf("the translation of the second sentence = %q", got)
	}
	if got := tr.Span(p, 0, 1); !strings.HasPrefix(got, "Die Unterkunft") || !strings.HasSuffix(got, "Iran.") {
		t.Errorf("the translation of both sentences = %q", got)
	}
	de := st.Translated("de")
	if de == nil || st.Translated("fr") != nil {
		t.Fatalf("Translated(de) = %v, Translated(fr) = %v: want German only", de, st.Translated("fr"))
	}
	terms := de.Terms("Familien")
	if len(terms) != 1 || !slices.ContainsFunc(de.Lines(p), func(l []string) bool { return slices.Contains(l, terms[0]) }) {
		t.Errorf("the German analyser reads Familien as %v, not found in the lines %v", terms, de.Lines(p))
	}
}

// TestTranslationLinesNotSentences: a passage translated in other lines
// than its sentences is shown whole for any of them.
func TestTranslationLinesNotSentences(t *testing.T) {
	dir := writeNamed(t, "notes.txt", transDoc, "notes.de.txt", "¶1\nDie Unterkunft beherbergte 4.321 Familien, die meisten aus dem Iran.\n", "notes.de.meta.yaml", transMD)
	docs, _, err := index.LoadAll(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := index.Open(docs)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := st.Prepared(docs[0].Passages[0])
	if got := docs[0].Translations["de"].Span(p, 1, 1); got != "Die Unterkunft beherbergte 4.321 Familien, die meisten aus dem Iran." {
		t.Errorf("Span = %q, want the passage's whole translation", got)
	}
	if got := docs[0].Translations["de"].Span(st.Prepared(docs[0].Passages[1]), 0, 0); got != "" {
		t.Errorf("an untranslated passage's Span = %q, want empty", got)
	}
}

// TestBadTranslationIsSkipped: a translation that cannot be aligned with
// its document is skipped and named with what to do, the document kept.
func TestBadTranslationIsSkipped(t *testing.T) {
	tests := []struct {
		name, file, text, meta, want string
	}{
		{"no such document", "notes.de.txt", transDE, strings.Replace(transMD, "notes", "other", 1), `translation of "other", which is not among`},
		{"a passage the document lacks", "notes.de.txt", "¶7\nSieben.\n", transMD, "¶1 to ¶2"},
		{"a block without its number", "notes.de.txt", "Die Unterkunft.\n", transMD, "¶N"},
		{"a passage twice", "notes.de.txt", "¶1\nEins.\n\n¶1\nNoch eins.\n", transMD, "¶1 is translated twice"},
		{"no maker", "notes.de.txt", transDE, "translation_of: notes\n", "who made it"},
		{"no language in the name", "notes-german.txt", transDE, transMD, "NAME.de.txt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			meta := strings.TrimSuffix(tc.file, ".txt") + ".meta.yaml"
			dir := writeNamed(t, "notes.txt", transDoc, tc.file, tc.text, meta, tc.meta)
			docs, skipped, err := index.LoadAll(dir)
			if err != nil || len(docs) != 1 || len(docs[0].Translations) != 0 {
				t.Fatalf("LoadAll = %d documents, %v; want notes.txt alone, untranslated", len(docs), err)
			}
			if len(skipped) != 1 || !strings.Contains(skipped[0].Describe(), tc.want) || skipped[0].File != tc.file {
				t.Fatalf("skipped = %v, want %s named with %q", skipped, tc.file, tc.want)
			}
		})
	}
}

// TestHashSeesTranslations: changing a translation changes the documents'
// hash, so that /reload picks it up.
func TestHashSeesTranslations(t *testing.T) {
	dir := writeNamed(t, "notes.txt", transDoc, "notes.de.txt", transDE, "notes.de.meta.yaml", transMD)
	before, _, err := index.LoadAll(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.de.txt"), []byte(strings.Replace(transDE, "hart", "kalt", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	after, _, err := index.LoadAll(dir)
	if err != nil {
		t.Fatal(err)
	}
	if index.Hash(before) == index.Hash(after) {
		t.Error("the hash did not change with the translation")
	}
	if _, err := index.LoadFile(filepath.Join(dir, "notes.de.txt")); err == nil {
		t.Error("LoadFile took a translation for a document")
	}
}
