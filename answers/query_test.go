package answers

import (
	"slices"
	"testing"
)

// TestNoPhraseAcrossClauses: "at risk if deported" is not "at risk of
// deportation": no lexicon phrase is read across "if", "because", "while".
func TestNoPhraseAcrossClauses(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct{ q, across, within string }{
		{"why are women at risk if deported", "risk deport", ""},
		{"are women at risk of deportation", "", "risk deport"},
		// Nor across sentences: "send him back. is he in danger?" is no
		// "sending back to danger" (non-refoulement).
		{"my uncle is in pakistan, they might send him back. is he in danger?", "send back danger", "danger"},
		{"can they send him back to danger?", "", "send back danger"},
	} {
		words := map[string]bool{}
		for _, c := range e.parse(tt.q).concepts {
			words[c.word] = true
		}
		if tt.across != "" && words[tt.across] {
			t.Errorf("%q read %q across a clause: %v", tt.q, tt.across, words)
		}
		if tt.within != "" && !words[tt.within] {
			t.Errorf("%q did not read the phrase %q: %v", tt.q, tt.within, words)
		}
	}
}

// TestContextConcepts: the concepts of the sentences before a message's
// last are marked as its context (who the asker is), those of the last
// sentence as what it asks.
func TestContextConcepts(t *testing.T) {
	e := seedEngine(t)
	q := e.parse("my father was in the afghan army and he is in germany now. is he at risk if deported?")
	context := map[string]bool{}
	for _, c := range q.concepts {
		context[c.word] = c.context
	}
	for word, want := range map[string]bool{"armi": true, "germani": true, "risk": false, "deport": false} {
		got, ok := context[word]
		if !ok {
			t.Errorf("no concept %q among %v", word, context)
		} else if got != want {
			t.Errorf("concept %q: context %v, want %v", word, got, want)
		}
	}
	for _, c := range e.parse("what does the report say about the army in germany").concepts {
		if c.context {
			t.Errorf("a question of one sentence has a context concept %q", c.word)
		}
	}
}

// TestSourceIsNoSpeaker: "what does the report say about X" asks what the
// document says, every passage of it; "what did Pakistan say" asks for
// someone's words.
func TestSourceIsNoSpeaker(t *testing.T) {
	e := seedEngine(t)
	for q, speaks := range map[string]bool{
		"what does the report say about women":     false,
		"What does this article say about Turkey?": false,
		"what does the document say about aid":     false,
		"what did pakistan say about the report":   true,
		"what does amnesty say about returns":      true,
	} {
		if got := len(e.parse(q).speaker) > 0; got != speaks {
			t.Errorf("%q: speaker %v, want one: %v", q, e.parse(q).speaker, speaks)
		}
	}
}

// TestNamesAreNotMended: a word written with a capital inside a sentence
// is a name and is never mended into a word of the documents ("Ruth" is
// not "rush"); a misspelt word typed in small letters still is.
func TestNamesAreNotMended(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct {
		q, absent, present string
	}{
		{"How many years has Ruth lived in Kabul?", "rush", "ruth"},
		{"how many afgans were deportd", "deportd", "deport"},
	} {
		q := e.parse(tt.q)
		if slices.Contains(q.words, tt.absent) || (tt.present != "" && !slices.Contains(q.words, tt.present)) {
			t.Errorf("%q reads as %q: want %q, not %q", tt.q, q.words, tt.present, tt.absent)
		}
	}
}

// TestChatFillersAreNoConcepts: "ok", "hi", "yeah" before a question say
// nothing of what it asks, and the last item of a list is read as such,
// "last year" not.
func TestChatFillersAreNoConcepts(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct {
		q       string
		want    []string
		ordinal int
	}{
		{"ok what about women", []string{"woman"}, 0},
		{"hi, yeah so what about journalists?", []string{"journalist"}, 0},
		{"ok and the last one?", nil, lastItem},
		{"what is amnesty's final demand", []string{"amnesti", "demand"}, lastItem},
		{"how many were deported last year", []string{"deport"}, 0},
	} {
		q := e.parse(tt.q)
		got := conceptWords(q)
		slices.Sort(got)
		if !slices.Equal(got, tt.want) || q.ordinal != tt.ordinal {
			t.Errorf("%q: concepts %v, ordinal %d; want %v, %d", tt.q, got, q.ordinal, tt.want, tt.ordinal)
		}
	}
}
