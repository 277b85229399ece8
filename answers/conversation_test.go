package answers

import (
	"context"
	"strings"
	"testing"
)

// TestFollowUpsBorrowTheSubject: a turn that names no subject of its own
// is read with the subject of the turn before; one that names a new value
// replaces the old; a question of its own borrows nothing.
func TestFollowUpsBorrowTheSubject(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct {
		turns    []string
		want     string // in the last turn's first quote
		borrowed bool
	}{
		{[]string{"how many afghans were sent back in 2025", "and how many of them were women and kids"}, "60% of these individuals are women and children", true},
		{[]string{"what is amnesty asking for", "and the second one?"}, "The expansion of safe and legal pathways", true},
		{[]string{"who is smriti singh", "what did she say?"}, "This dangerous rush", true},
		{[]string{"what does the report say about women", "and journalists?"}, "Operating under extreme censorship", true},
		{[]string{"what does the report say about women", "how many killings did UNAMA document"}, "14 killings", false},
		// "Others" than the answer before named: its places are set aside.
		{[]string{"which countries send afghans back", "any others?"}, "Turkey and Tajikistan", true},
		// … and not the figure it gave: others are not of that figure.
		{[]string{"where were the 2.6 million sent back from", "anyone else besides iran n pakistan?"}, "Turkey and Tajikistan", true},
	} {
		var c Conversation
		var a Answer
		for _, turn := range tt.turns {
			var err error
			if a, err = e.AskIn(context.Background(), &c, turn); err != nil {
				t.Fatal(err)
			}
		}
		last := tt.turns[len(tt.turns)-1]
		if !a.Answered || !strings.Contains(a.Citations[0].Quote, tt.want) {
			t.Errorf("%q after %q: %v, want a quote with %q", last, tt.turns[0], a.Citations, tt.want)
		}
		if (a.FollowUpOf != "") != tt.borrowed {
			t.Errorf("%q after %q: follow-up of %q, want borrowed %v", last, tt.turns[0], a.FollowUpOf, tt.borrowed)
		}
	}
}

// TestWhoSaidThat: "who said that?" after an answer quotes the sentence in
// which the source says whom the words or figure come from, not a speaker
// who said something else.
func TestWhoSaidThat(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct{ first, ask, want, not string }{
		{"how many afghans got deported this year", "who says that?", "new United Nations data reveals", "Smriti Singh"},
		{"how many killings did unama document", "where is that from?", "UNAMA) documented", ""},
		{"what is non-refoulement", "who said that?", "Amnesty International underscores", ""},
	} {
		var c Conversation
		if _, err := e.AskIn(context.Background(), &c, tt.first); err != nil {
			t.Fatal(err)
		}
		a, err := e.AskIn(context.Background(), &c, tt.ask)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered || !strings.Contains(a.Citations[0].Quote, tt.want) || (tt.not != "" && strings.Contains(a.Citations[0].Quote, tt.not)) {
			t.Errorf("%q after %q: %v, want the sentence with %q", tt.ask, tt.first, a.Citations, tt.want)
		}
	}
	// Asked first, it is no follow-up.
	a, err := e.AskIn(context.Background(), &Conversation{}, "who said that?")
	if err != nil {
		t.Fatal(err)
	}
	if a.FollowUpOf != "" {
		t.Errorf("\"who said that?\" alone read as a follow-up of %q", a.FollowUpOf)
	}
}

// TestWhoSaidThatInOtherLanguages: the follow-up is understood as typed in
// German and in Dari too.
func TestWhoSaidThatInOtherLanguages(t *testing.T) {
	e := seedEngine(t)
	for _, ask := range []string{"wer sagt das?", "ki gofta?"} {
		var c Conversation
		if _, err := e.AskIn(context.Background(), &c, "how many afghans got deported this year"); err != nil {
			t.Fatal(err)
		}
		a, err := e.AskIn(context.Background(), &c, ask)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered || !strings.Contains(a.Citations[0].Quote, "new United Nations data reveals") || strings.Contains(a.Citations[0].Quote, "Smriti Singh") {
			t.Errorf("%q after the 2.6 million answer: %v", ask, a.Citations)
		}
	}
}

// TestIsThatTrueChecksTheTurnBefore: "is that true?" after a rumour checks
// the rumour, held to its own figure; a turn that names a time of its own
// ("and last year?") is no such check.
func TestIsThatTrueChecksTheTurnBefore(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	for _, turns := range [][]string{
		{"my uncle says 5 million afghans were kicked out of iran and pakistan this year", "is that true?"},
		{"mein Onkel sagt, 5 Millionen Afghanen wurden dieses Jahr aus dem Iran und Pakistan abgeschoben", "stimmt das?"},
	} {
		a, err := e.AskTurns(ctx, turns)
		if err != nil {
			t.Fatal(err)
		}
		if a.Verdict != VerdictContradicted || !strings.Contains(a.Differs, "5 million") && !strings.Contains(a.Differs, "5 Millionen") {
			t.Errorf("%q: verdict %q (%q), want contradicted, the source's figure against 5 million", turns, a.Verdict, a.Differs)
		}
	}
	var c Conversation
	if _, err := e.AskIn(ctx, &c, "2.6 million were sent back this year"); err != nil {
		t.Fatal(err)
	}
	q := e.parse("and last year?")
	if got, _ := c.follow(q); got.claim {
		t.Error(`"and last year?" was read as checking the turn before`)
	}
}

// turnCase is a conversation and what its last turn gets: a first quote
// saying quote, with verdict ("" for a question).
type turnCase struct {
	turns   []string
	verdict string
	quote   string
}

// checkLastTurns asks each conversation turn by turn, as a chat would.
func checkLastTurns(t *testing.T, cases []turnCase) {
	t.Helper()
	e := seedEngine(t)
	for _, tt := range cases {
		a, err := e.AskTurns(context.Background(), tt.turns)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered || len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Quote, tt.quote) || a.Verdict != tt.verdict {
			t.Errorf("%q: answered %v, verdict %q, citations %v; want verdict %q and the sentence saying %q", tt.turns, a.Answered, a.Verdict, a.Citations, tt.verdict, tt.quote)
		}
	}
}

// TestAValueAndATagCheckTheTurnBefore: "November, right?" after "when did
// the report come out?" checks the turn before's question with the value
// the turn names; a figure's size ("million") names no subject of its own.
func TestAValueAndATagCheckTheTurnBefore(t *testing.T) {
	checkLastTurns(t, []turnCase{
		{[]string{"when did the report come out?", "november, right?"}, VerdictContradicted, "December 16, 2025"},
		{[]string{"when was the report released", "december 2025, correct?"}, VerdictSupported, "December 16, 2025"},
		{[]string{"how many afghans were sent back in 2025?", "so more than 2.5 million, right?"}, VerdictSupported, "2.6 million"},
		{[]string{"how many afghans were sent back in 2025?", "so about 5 million, right?"}, VerdictContradicted, "2.6 million"},
	})
}

// TestAnItemOfAListAskedByItsPlace: after a question about what a source
// calls for, "and the last demand?" or "what's number 3?" is answered by
// that item of the list, not by a sentence sharing the question's words;
// "number 3" points at an item, it counts nothing.
func TestAnItemOfAListAskedByItsPlace(t *testing.T) {
	checkLastTurns(t, []turnCase{
		{[]string{"what does amnesty ask governments to do?", "and the last demand?"}, "", "Continued support for humanitarian operations"},
		{[]string{"amnesty made four demands, right?", "what's number 3?"}, "", "Increased international cooperation"},
		{[]string{"amnesty made four demands, right?", "whats number 2"}, "", "The expansion of safe and legal pathways"},
		{[]string{"what are the report's demands?", "and the last one on the list?"}, "", "Continued support for humanitarian operations"},
	})
}

// TestTheSpeakerIsTheNextTurnsSubject: after "who said that?" is answered,
// "what is her role?" asks about the one who said it; "who said
// 'dangerous rush'?" asks who said those words, not the answer before;
// "this year" in a turn says when, it points back at nothing.
func TestTheSpeakerIsTheNextTurnsSubject(t *testing.T) {
	checkLastTurns(t, []turnCase{
		{[]string{"what does amnesty say about states outsourcing responsibilities?", "who said that?", "and what is her job?"}, "", "Regional Director for South Asia"},
		{[]string{"the amnesty report on deportations", "how many have been sent back this year?"}, "", "2.6 million"},
		{[]string{"what does the report say about european states?", "who said \"dangerous rush\"?"}, "", "said Smriti Singh"},
	})
}

// TestWhereElseLeavesTheNamedPlace: "where else?" after "are the returns
// only from Iran?" sets Iran aside, and asks for returns, not for Iran:
// the place the turn before named is no longer a word the answer must
// hold, and the span that names other places ranks first.
func TestWhereElseLeavesTheNamedPlace(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	var c Conversation
	if _, err := e.AskIn(ctx, &c, "are the returns only from iran?"); err != nil {
		t.Fatal(err)
	}
	q, borrowed := c.follow(e.parse("where else?"))
	if !borrowed {
		t.Fatal(`"where else?" is no follow-up`)
	}
	e.asideAnswered(&c, &q)
	for _, x := range q.concepts {
		if x.place {
			t.Errorf("the follow-up still asks about the place %q it sets aside", x.word)
		}
	}
	spans, err := e.rank(ctx, q, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) == 0 || !strings.Contains(spans[0].quote(), "Turkey and Tajikistan") {
		t.Errorf("where else, after Iran: the first span is not the one naming Turkey and Tajikistan")
	}
}

// TestThereIsNoPlacePointer: "from there" points back to the place of
// the turn before, so "how many were sent back from there?" after Turkey
// asks a figure the source does not give for Turkey; "is there …" asks
// whether something exists and borrows nothing.
func TestThereIsNoPlacePointer(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	var c Conversation
	if _, err := e.AskIn(ctx, &c, "what does the report say about pakistan"); err != nil {
		t.Fatal(err)
	}
	if _, borrowed := c.follow(e.parse("is there anything about the taliban's response to amnesty?")); borrowed {
		t.Error(`"is there anything about …" borrowed the turn before's subject`)
	}
	c = Conversation{}
	if _, err := e.AskIn(ctx, &c, "does the report mention turkey?"); err != nil {
		t.Fatal(err)
	}
	a, err := e.AskIn(ctx, &c, "ok so how many were forcibly removed from there?")
	if err != nil {
		t.Fatal(err)
	}
	if a.FollowUpOf == "" || a.Answered {
		t.Errorf(`"… from there?" after Turkey: follow-up of %q, answered %v with %v; want a follow-up, and no figure for Turkey`, a.FollowUpOf, a.Answered, a.Citations)
	}
}
