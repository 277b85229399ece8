package answers

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"citebot/index"
)

// translatedEngine is an engine over a small document and, when de is
// set, its German translation.
func translatedEngine(t *testing.T, de bool) *Engine {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"barn.txt": "Farm Diary\n\nThe farm in Zaranj fed 4,321 families in 2024.\n\n" +
			"Volunteers mended the barn roof after the hailstorm. The cattle stayed dry.\n",
	}
	if de {
		files["barn.de.txt"] = "¶1\nDer Hof in Zaranj ernährte 2024 4.321 Familien.\n\n" +
			"¶2\nFreiwillige flickten das Scheunendach nach dem Hagelsturm.\nDas Vieh blieb trocken.\n"
		files["barn.de.meta.yaml"] = "translation_of: barn\nby: \"maschinell erstellt\"\nstatus: \"inoffiziell\"\n"
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := index.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return engineOver(t, func() (*index.Store, error) { return index.Open(docs) })
}

// TestTranslationFindsWhatTheTablesCannotRead: German words no word table
// knows are found in the document's German translation, and the answer
// quotes the original sentence with its translation beside it; without
// the translation the same question is not answered.
func TestTranslationFindsWhatTheTablesCannotRead(t *testing.T) {
	const question = "Was geschah mit dem Scheunendach nach dem Hagelsturm?"
	ctx := context.Background()
	a, err := translatedEngine(t, true).Ask(ctx, question)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Answered || len(a.Citations) == 0 || a.Citations[0].Paragraph != 2 {
		t.Fatalf("%q: answered %v, citations %+v; want ¶2", question, a.Answered, a.Citations)
	}
	c := a.Citations[0]
	if c.Quote != "Volunteers mended the barn roof after the hailstorm." {
		t.Errorf("quote = %q, want the original's sentence", c.Quote)
	}
	if a.Lang != LangGerman || c.Translation == nil ||
		*c.Translation != (Translation{Lang: "de", Text: "Freiwillige flickten das Scheunendach nach dem Hagelsturm.", By: "maschinell erstellt", Status: "inoffiziell"}) {
		t.Errorf("reply language %q, translation %+v; want the German line of that sentence", a.Lang, c.Translation)
	}
	b, err := translatedEngine(t, false).Ask(ctx, question)
	if err != nil {
		t.Fatal(err)
	}
	if b.Answered {
		t.Errorf("without a translation, %q was answered with %+v: the test no longer shows what the translation adds", question, b.Citations)
	}
}

// TestEnglishRepliesCarryNoTranslation: an English question over a
// translated document gets the quote alone.
func TestEnglishRepliesCarryNoTranslation(t *testing.T) {
	a, err := translatedEngine(t, true).Ask(context.Background(), "What happened to the barn roof after the hailstorm?")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Answered || a.Citations[0].Paragraph != 2 {
		t.Fatalf("answered %v, citations %+v; want ¶2", a.Answered, a.Citations)
	}
	if a.Citations[0].Translation != nil {
		t.Errorf("an English reply carries a translation: %+v", a.Citations[0].Translation)
	}
}

// TestUnknownGermanWordsStillAbstain: a German question whose words the
// translation does not say is not answered with a sentence that shares
// one of them.
func TestUnknownGermanWordsStillAbstain(t *testing.T) {
	a, err := translatedEngine(t, true).Ask(context.Background(), "Wie viel kostete die Versicherung für das Scheunendach?")
	if err != nil {
		t.Fatal(err)
	}
	if a.Answered {
		t.Errorf("answered with %+v; the translation says nothing of a cost or an insurance", a.Citations)
	}
}
