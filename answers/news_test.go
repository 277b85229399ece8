package answers

import (
	"context"
	"strings"
	"testing"
)

// ferryText is written as news is: a speaker introduced at length before
// "said", times of day, a length of time in words, a ranked list, and an
// ordinal that is no list's ("the second ferry").
const ferryText = `Ferry inquiry reports

The ferry Lindqvist left Pellham at 21:40 with 140 passengers on board.

Marta Oduya, a harbour pilot who has worked the estuary for twenty years and trained most of its crews, said the crossing "should never have been attempted in that wind".

Ines Harl, 52, ran the kiosk at the pier for a decade: "We heard the horn and then nothing. Nobody came to tell us."

The Lindqvist had been in service for eleven years when it was withdrawn.

First Officer Dag Renn was on the bridge when the ferry struck the breakwater.

The inquiry ranked the causes of the accident:

- a late weather warning from the port office;
- a faulty radar that the owners had known about since January;
- an exhausted crew on its third night shift.

Two deckhands died of cold in the water off the breakwater.

A second ferry, the Alva, turned back to Pellham before reaching the open estuary.
`

// TestNewsReading: questions about a news report are answered from the
// sentence that says the thing asked, however the report writes it.
func TestNewsReading(t *testing.T) {
	e := textEngine(t, "ferry.txt", ferryText)
	tests := []struct {
		q, want string // want: words of the quote; "" for no answer
	}{
		// The speaker opens the sentence; "said" comes twenty words on.
		{"what did marta oduya say about the crossing?", "should never have been attempted"},
		// The speaker opens the sentence, the quotation follows a colon.
		{"what did ines harl say?", "We heard the horn"},
		// A time of day answers "what time" and "when"…
		{"what time did the lindqvist leave pellham?", "21:40"},
		// …and a length of time in words answers "how long".
		{"how long had the lindqvist been in service when it was withdrawn?", "eleven years"},
		// "the second cause" points at the list of causes; "the second
		// ferry" at no list, whatever the list's opening shares with the
		// question.
		{"what was the second cause of the accident?", "faulty radar"},
		{"where did the second ferry turn back in the accident?", "turned back"},
		// "die" and "died" are one word, though the stemmer parts them.
		{"how did the deckhands die?", "died of cold"},
		// "when" opens a clause: the question asks who.
		{"who was on the bridge when the ferry struck the breakwater?", "Dag Renn"},
	}
	for _, tt := range tests {
		a, err := e.Ask(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered || len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Quote, tt.want) {
			t.Errorf("%q: answered %v with %+v, want a quote holding %q", tt.q, a.Answered, a.Citations, tt.want)
		}
	}
	// A time of day is no year.
	q := e.parse("what year did the lindqvist leave pellham at 21:40?")
	if q.timeOfDay {
		t.Errorf("%q read as asking a time of day", "what year …")
	}
}
