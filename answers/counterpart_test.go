package answers

import "testing"

// TestCounterpartIsNotAnswered: a question that qualifies a word with one
// of a pair of counterparts ("older sister", "southern portal") is not
// answered by the sentence that qualifies it with the other ("younger
// sister", "northern portal"); asked with the sentence's own word, it is,
// and a sentence that says the counterpart of another thing ("her elder
// brother … her younger sister") still answers about the brother, as one
// that says both words ("goods traffic … passengers") answers either, and
// a question that asks of both ("goods or passenger traffic") is no swap.
func TestCounterpartIsNotAnswered(t *testing.T) {
	text := "Ottilie Brandt\n\nHer elder brother Friedrich was killed on the Italian front in 1916; her younger sister Gisela became a concert pianist.\n\n" +
		"The line passes through the Sorrel Moor Tunnel, at whose northern portal it reaches its summit of 286 metres above sea level.\n\n" +
		"The line opened to goods traffic on 2 June 1866 and to passengers on 1 August 1866.\n"
	e := textEngine(t, "brandt.txt", text)
	wantAnswered(t, e, []answering{
		{"What did her younger sister become?", true},
		{"What did her older sister become?", false},
		{"What happened to her older brother Friedrich?", true},
		{"How high above sea level is the northern portal of the Sorrel Moor Tunnel?", true},
		{"How high above sea level is the southern portal of the Sorrel Moor Tunnel?", false},
		// Both of a pair asked, or both said: no swap.
		{"Which opened first on the line, goods traffic or passenger traffic?", true},
		{"When did the line open to passenger traffic?", true},
	})
}
