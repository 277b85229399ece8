package answers

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"citebot/index"
)

// TestSwappedNameIsNotAnswered: a question that asks, beside a word, a
// name the document writes elsewhere ("the Halwang years") is not answered
// by the sentence that has another of the document's names there ("the
// Aarenthal years"), typed with capitals or without; asked with the
// sentence's own name, it is.
func TestSwappedNameIsNotAnswered(t *testing.T) {
	dir := t.TempDir()
	text := "Ottilie Brandt\n\nShe taught at Halwang from 1922 and moved to Aarenthal in 1938.\n\n" +
		"Her students included Bernhard Oelkers, her only doctoral student from the Aarenthal years, who later led the institute.\n"
	if err := os.WriteFile(filepath.Join(dir, "brandt.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := index.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := engineOver(t, func() (*index.Store, error) { return index.Open(docs) })
	tests := []struct {
		q      string
		answer bool
	}{
		{"Who was her only doctoral student from the Aarenthal years?", true},
		{"Who was her only doctoral student from the Halwang years?", false},
		{"who was her only doctoral student from the halwang years", false},
	}
	for _, tt := range tests {
		a, err := e.Ask(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Answered != tt.answer {
			t.Errorf("%q: answered %v, want %v (%+v)", tt.q, a.Answered, tt.answer, a.Citations)
		}
	}
}
