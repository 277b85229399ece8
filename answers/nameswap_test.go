package answers

import "testing"

// TestSwappedNameIsNotAnswered: a question that asks, beside a word, a
// name the document writes elsewhere ("the Halwang years") is not answered
// by the sentence that has another of the document's names there ("the
// Aarenthal years"), typed with capitals or without; asked with the
// sentence's own name, it is.
func TestSwappedNameIsNotAnswered(t *testing.T) {
	text := "Ottilie Brandt\n\nShe taught at Halwang from 1922 and moved to Aarenthal in 1938.\n\n" +
		"Her students included Bernhard Oelkers, her only doctoral student from the Aarenthal years, who later led the institute.\n"
	e := textEngine(t, "brandt.txt", text)
	wantAnswered(t, e, []answering{
		{"Who was her only doctoral student from the Aarenthal years?", true},
		{"Who was her only doctoral student from the Halwang years?", false},
		{"who was her only doctoral student from the halwang years", false},
	})
}
