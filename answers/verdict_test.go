package answers

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestQuantitiesOfAText(t *testing.T) {
	got := figures(strings.Fields("over 2.6 million afghans in 2025 and 60% women on december 16 , about 14 killings"))
	want := []quantity{{value: 2.6e6, bound: 1, text: "2.6 million", of: "afghans"}, {value: 60, percent: true, text: "60%", of: "women"}, {value: 14, text: "14", of: "killings"}}
	if len(got) != len(want) {
		t.Fatalf("figures = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("figure %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestFiguresAsWritten: figures written with a currency sign, their size
// after them, or a decimal comma are read as their value.
func TestFiguresAsWritten(t *testing.T) {
	for _, tt := range []struct {
		text  string
		value float64
	}{
		{"damage of £140m so far", 140e6},
		{"800k people", 800e3},
		{"über 2,5 millionen afghanen", 2.5e6},
		{"2,600,000 afghans", 2.6e6},
		{"3.6m afghans", 3.6e6},
	} {
		got := figures(strings.Fields(tt.text))
		if len(got) != 1 || got[0].value != tt.value {
			t.Errorf("figures(%q) = %+v, want one of %g", tt.text, got, tt.value)
		}
	}
}

// TestDayOrCount: a number after a month is its day before a year, a
// small word or nothing, and counts the word after it otherwise.
func TestDayOrCount(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []float64
	}{
		{"between july and september 21 killings were recorded", []float64{21}},
		{"in march 500 people were sent back", []float64{500}},
		{"since january 2.6 million afghans returned", []float64{2.6e6}},
		{"released on december 16 2025", nil},
		{"on march 3 the talks began", nil},
		{"the report of december 16", nil},
		{"on 16 december 60% were women", []float64{60}},
	} {
		var got []float64
		for _, f := range figures(strings.Fields(tt.text)) {
			got = append(got, f.value)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("figures(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestQuantityHolds(t *testing.T) {
	said := quantity{value: 2.6e6}
	for _, tt := range []struct {
		claim string
		holds bool
	}{
		{"more than 2 million", true},
		{"about 2.5 million", true},
		{"2.6 million", true},
		{"over 3 million", false},
		{"5 million", false},
		{"less than 2 million", false},
		{"60%", false},
	} {
		c := figures(strings.Fields(tt.claim))[0]
		if got := c.holds(said); got != tt.holds {
			t.Errorf("%q holds for 2.6 million: %v, want %v", tt.claim, got, tt.holds)
		}
	}
}

// TestNumbersAsWords: a number written as words that states a figure is
// read as its digits; one that counts no figure stays a word.
func TestNumbersAsWords(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"forty two killings", "42 killings"},
		{"over two million afghans", "over 2 million afghans"},
		{"more than two and a half million", "more than 2.5 million"},
		{"two half million", "2.5 million"},
		{"sixty percent", "60 percent"},
		{"the two countries", "the two countries"},
		{"which one is first", "which one is first"},
		{"one and a half million", "1.5 million"},
	} {
		ws := strings.Fields(tt.text)
		got, fixed := numbersAsDigits(ws, make([]bool, len(ws)))
		if strings.Join(got, " ") != tt.want || len(fixed) != len(got) {
			t.Errorf("%q read as %q (%d marks), want %q", tt.text, got, len(fixed), tt.want)
		}
	}
}

// TestFigureOfTheSameThing: where the source counts the very thing a
// claim's figure counts, its own figure decides ("21 killings" against "21
// cases … and 14 killings"); a share of nothing named yet ("over a third
// of") is borne out by any of the source's shares.
func TestFigureOfTheSameThing(t *testing.T) {
	for _, tt := range []struct {
		claim, source string
		held          bool
	}{
		{"21 killings", "documented 21 cases of arbitrary detention and torture and 14 killings of former", false},
		{"14 killings", "documented 21 cases of arbitrary detention and torture and 14 killings of former", true},
		{"21 cases", "documented 21 cases of arbitrary detention and torture and 14 killings of former", true},
		{"over a third of pickers", "48% were paid below the minimum compared with 27% of those hired directly", true},
		{"60% of returnees", "48% were paid below the minimum compared with 27% of those hired directly", false},
		// A length of time counts no people, nor people a length of time.
		{"12 people", "required notice before the eviction of any occupier resident for 12 years or more", false},
		{"12 years", "12 people were evicted from the yard", false},
		{"12 families", "the court ordered 12 families to be rehoused", true},
		{"12 families", "the court ordered 12 of them rehoused", true},
		// A count written as a word is a figure as digits are.
		{"five people", "three people died during or shortly after the demolitions", false},
		{"three people", "three people died during or shortly after the demolitions", true},
		{"five people", "any occupier resident for five years or more", false},
	} {
		c := figures(strings.Fields(tt.claim))[0]
		if got := c.heldBy(figures(strings.Fields(tt.source))); got != tt.held {
			t.Errorf("%q borne out by %q: %v, want %v", tt.claim, tt.source, got, tt.held)
		}
	}
}

// TestCheck: a claim the source's figure bears out is supported, one with
// another figure contradicted (naming both), one the source does not
// speak to not stated; a question that checks nothing gets no verdict.
func TestCheck(t *testing.T) {
	e := seedEngine(t)
	m, err := Fitted()
	if err != nil {
		t.Fatal(err)
	}
	e.SetModel(m)
	for _, tt := range []struct{ claim, verdict, differs string }{
		{"I heard 5 million afghans were deported in 2025", VerdictContradicted, "2.6 million, not 5 million"},
		{"UNAMA recorded 100 killings of former soldiers", VerdictContradicted, "14, not 100"},
		{"more than 2 million afghans were sent back this year, right?", VerdictSupported, ""},
		{"were 60% of the deportees women and children?", VerdictSupported, ""},
		{"did the taliban build new schools for girls?", VerdictNotStated, ""},
		{"Six in ten of those sent back were women and children - is that what it says?", VerdictSupported, ""},
		{"nine out of ten returnees are women and children, right?", VerdictContradicted, "60%, not 90%"},
		{`I've got "UNAMA recorded 21 killings of former security personnel" in a draft. is that right?`, VerdictContradicted, "14, not 21"},
		{"UNAMA recorded forty killings of former soldiers, right?", VerdictContradicted, "14, not 40"},
		// A number after a month counts the word after it, unless it is
		// the month's day.
		{"UNAMA hat zwischen Juli und September 21 Tötungen von Ex-Soldaten dokumentiert, richtig?", VerdictContradicted, "14, not 21"},
		{"شنیدم امسال بیش از دو و نیم میلیون افغان برگشتن، راسته؟", VerdictSupported, ""},
		// The issue's own examples: a mention the source makes, and a
		// claim that puts most of the returns elsewhere.
		{"Does the report mention Turkey?", VerdictSupported, ""},
		{"does the report mention india?", VerdictNotStated, ""},
		{"most of the returnees came from turkey, true?", VerdictContradicted, ""},
		// A short sentence asking whether the source says it too is one
		// with the claim: its places, figures and teller are the claim's.
		{"The Guardian reported that more than two and a half million Afghans were deported or returned from neighbouring countries in 2025, mostly Iran and Pakistan. does this piece say so?", VerdictSupported, ""},
	} {
		a, err := e.Check(context.Background(), tt.claim)
		if err != nil {
			t.Fatal(err)
		}
		if a.Verdict != tt.verdict || a.Differs != tt.differs {
			t.Errorf("%q: verdict %q (%q), want %q (%q)", tt.claim, a.Verdict, a.Differs, tt.verdict, tt.differs)
		}
		if answered := tt.verdict != VerdictNotStated; a.Answered != answered {
			t.Errorf("%q: answered %v, want %v", tt.claim, a.Answered, answered)
		}
	}
	a, err := e.Ask(context.Background(), "how many afghans were deported in 2025")
	if err != nil {
		t.Fatal(err)
	}
	if a.Verdict != "" {
		t.Errorf("a question got verdict %q", a.Verdict)
	}
}

// TestEvidenceWithFiguresAside: a claim whose wrong figure keeps every
// span from answering it is compared with the span that answers it with
// its figures set aside, which gives another figure of the very thing it
// counts; for a claim of a thing the source never counts, no span answers
// even so: its evidence is at most the closest one.
func TestEvidenceWithFiguresAside(t *testing.T) {
	e := seedEngine(t)
	q := e.parse("UNAMA documented 100 killings of former soldiers")
	q.checks, q.claim = true, true
	ev, x, err := e.evidence(context.Background(), q, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ev == nil {
		t.Fatal("no evidence")
	}
	if x[vBare] != 1 || x[vAnswered] != 0 || x[vSameThing] != 1 {
		t.Errorf("found with its figures aside %v, answered as asked %v, another figure of the same thing %v (%q); want 1, 0, 1", x[vBare], x[vAnswered], x[vSameThing], ev.quote())
	}
	q = e.parse("UNAMA documented 100 visits to returnees")
	q.checks, q.claim = true, true
	ev, x, err = e.evidence(context.Background(), q, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ev != nil && (x[vClosest] != 1 || x[vBare] != 0) {
		t.Errorf("a thing the source never counts: evidence %q found with its figures aside %v, closest %v; want at most the closest span", ev.quote(), x[vBare], x[vClosest])
	}
}

// TestClosestSpanAsEvidence: a claim that says the opposite of a sentence
// does not answer like a question, so nothing answers it; the best-ranked
// span, or the one that answers it with a word the documents never use
// set aside, is its evidence all the same, marked as such, and a claim
// nothing ranks for has none.
func TestClosestSpanAsEvidence(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	q := e.parse("deportees said the taliban welcomed them and treated them fine?")
	q.checks, q.claim = true, true
	r, err := e.retrieve(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if best := e.answering(q, r); best != nil {
		t.Fatalf("answered with %q; the test needs a claim nothing answers", best.quote())
	}
	ev, x, err := e.evidence(ctx, q, nil, r.top)
	if err != nil {
		t.Fatal(err)
	}
	// ("Welcomed" is no word of the documents: the claim is asked again
	// without it, and the sentence is found so.)
	if ev == nil || !strings.Contains(ev.quote(), "detained, tortured, and threatened") || x[vClosest]+x[vUnknownAside] != 1 || x[vAnswered] != 0 {
		t.Errorf("evidence %v, closest %v; want the sentence on how returnees were treated, marked closest or found with a word aside", ev, x)
	}
	q = e.parse("the moon is made of cheese, right?")
	q.checks, q.claim = true, true
	if r, err = e.retrieve(ctx, q); err != nil {
		t.Fatal(err)
	}
	if ev, _, _ := e.evidence(ctx, q, e.answering(q, r), r.top); ev != nil {
		t.Errorf("a claim no word of which the source has: evidence %q", ev.quote())
	}
}

// TestClaimMarkersInEveryLanguage: what marks a claim is read in German,
// in Dari typed in Latin letters and in Persian script, with the Arabic
// question mark as with the Latin one, and in Pashto typed in Latin
// letters without one; a question that asks for a fact is no claim in any
// of them.
func TestClaimMarkersInEveryLanguage(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct {
		q     string
		claim bool
	}{
		{"ich habe gehört, dass 5 millionen afghanen abgeschoben wurden", true},
		{"stimmt es dass deutschland abschiebt", true},
		{"shenidam 5 million afghan deport shodan", true},
		{"چند نفر از ایران برگشتند، درسته؟", true},
		{"Wie viele Afghanen wurden abgeschoben?", false},
		{"چند نفر از ایران برگشتند؟", false},
		// Typed on a phone without a question mark, a closing cue asks;
		// "right now" closes with no cue.
		{"amnesty interviews only in pakistan, sahi da", true},
		{"amnesty 2.6 million wayi, rishtia", true},
		{"ma awredali 5 million afghanan wapas shwi", true},
		{"singh tsa wayali", false},
		{"how many afghans are facing imminent expulsion right now", false},
		// A remark after the question belongs to it; a question after
		// it asks on its own.
		{"is it true that over 3 million afghans were pushed back this year? saw that figure on a telegram channel", true},
		{"is it true that over 3 million afghans were pushed back this year? what does the report say about pakistan", false},
		// What someone wrote or said, passed on, asks to be checked; a
		// question about what they said does not.
		{"in the group they wrote 80 percent of returnees are women", true},
		{"در واتساپ نوشتن ۸۰ فیصد برگشتیا زن و اطفال استن", true},
		{"Singh said why people fled", false},
		{"I read that 870 households are still in temporary accommodation", true},
		{"girls can go to university again in afghanistan, my uncle said", true},
		// A sentence that only asks whether the one before is so is one
		// with it.
		{"my cousin wrote in whatsapp 5 million afghans deported this year. true??", true},
		// A question word that only tells which asks nothing; one that
		// opens a clause or asks in the middle does.
		{"the report says the taliban are giving proper protection to people who come back?", true},
		{"turkey and tajikistan are where most of the returns came from?", true},
		{"According to Singh, who in particular is being thrown back into danger?", false},
		{"Smriti Singh covers what region for Amnesty?", false},
		{"the deportation talks are going ahead despite what, according to the report?", false},
	} {
		if got := e.parse(tt.q).checks; got != tt.claim {
			t.Errorf("%q read as a claim: %v, want %v", tt.q, got, tt.claim)
		}
	}
}

// The rules above the fitted weights. However sure the models are, a claim
// is never supported by evidence that lacks a figure, a year or a name of
// it ("the report was by Human Rights Watch" against a sentence that names
// Amnesty only), and a claimed figure the evidence gives none of its kind
// for is not contradicted unless something in the evidence differs,
// denies or opposes ("5 million were killed" against a sentence that
// counts nothing). Evidence found with a word the documents never use set
// aside never bears the claim out, and contradicts it only where
// something in it is otherwise: that word may be what the claim says
// ("the Taliban built new schools for girls" against "denied education
// beyond primary levels").
func TestVerdictRulesAboveTheWeights(t *testing.T) {
	const sure, unsure = 0.9, 0.1
	for _, tt := range []struct {
		name   string
		contra float64 // how sure the model is that the source says otherwise
		set    []int
		want   string
	}{
		{"all held", unsure, nil, VerdictSupported},
		{"figure absent", unsure, []int{vFigureAbsent}, VerdictNotStated},
		{"year absent", unsure, []int{vYearAbsent}, VerdictNotStated},
		{"name absent", unsure, []int{vNameAbsent}, VerdictNotStated},
		{"place absent", unsure, []int{vPlaceAbsent}, VerdictNotStated},
		{"said otherwise, place absent", sure, []int{vPlaceAbsent}, VerdictContradicted},
		{"said otherwise, figure absent", sure, []int{vFigureAbsent}, VerdictNotStated},
		{"said otherwise, figure absent, another year", sure, []int{vFigureAbsent, vYearDiffers}, VerdictContradicted},
		{"said otherwise, figure absent, a denial", sure, []int{vFigureAbsent, vNegation}, VerdictContradicted},
		{"said otherwise, another figure", sure, []int{vFigureDiffers}, VerdictContradicted},
		{"said otherwise, nothing of the kind", sure, nil, VerdictContradicted},
		{"found with a word aside, said otherwise, nothing in it otherwise", sure, []int{vUnknownAside, vReadAsTyped}, VerdictNotStated},
		{"found with a word aside, said otherwise, read through the tables", sure, []int{vUnknownAside}, VerdictContradicted},
		{"found with a word aside, said otherwise, a denial", sure, []int{vUnknownAside, vNegation}, VerdictContradicted},
		{"found with a word aside, all held", unsure, []int{vUnknownAside, vReadAsTyped}, VerdictNotStated},
		{"found with a word aside, all held, read through the tables", unsure, []int{vUnknownAside}, VerdictSupported},
		{"found with a word aside, all held, another year", unsure, []int{vUnknownAside, vReadAsTyped, vYearDiffers}, VerdictContradicted},
		{"figure held only for places named together", unsure, []int{vAnswered, vFigureHeld, vSplitsJoined, vNamesPart}, VerdictNotStated},
		{"figure held only for places named together, said otherwise", sure, []int{vAnswered, vFigureHeld, vSplitsJoined, vNamesPart}, VerdictNotStated},
		{"figure held, places named together set against each other", unsure, []int{vAnswered, vFigureHeld, vSplitsJoined}, VerdictSupported},
	} {
		x := make([]float64, numVerdict)
		for _, v := range tt.set {
			x[v] = 1
		}
		if got := decideVerdict(sure, tt.contra, 0.5, 0.5, x); got != tt.want {
			t.Errorf("%s: verdict %q, want %q", tt.name, got, tt.want)
		}
	}
	// "Does the report mention Turkey?" answered as asked: the source
	// mentions it, however unsure the weights; not when something of it
	// is denied.
	x := make([]float64, numVerdict)
	x[vMention], x[vAnswered] = 1, 1
	if got := decideVerdict(unsure, unsure, 0.5, 0.5, x); got != VerdictSupported {
		t.Errorf("a mention answered as asked: verdict %q, want %q", got, VerdictSupported)
	}
	x[vNegation] = 1
	if got := decideVerdict(unsure, unsure, 0.5, 0.5, x); got != VerdictNotStated {
		t.Errorf("a mention answered as asked, with a denial: verdict %q, want %q", got, VerdictNotStated)
	}
	// Nor when the evidence says it only in other words ("earthquakes"
	// against "natural disasters"): the weights decide.
	x[vNegation], x[vLooseMatch] = 0, 0.5
	if got := decideVerdict(unsure, unsure, 0.5, 0.5, x); got != VerdictNotStated {
		t.Errorf("a mention met only in other words: verdict %q, want %q", got, VerdictNotStated)
	}
	// What will happen, against evidence of no future: however sure the
	// weights are that the source says otherwise.
	x = make([]float64, numVerdict)
	x[spanSignal(fFutureMissing)] = 1
	if got := decideVerdict(sure, sure, 0.5, 0.5, x); got != VerdictNotStated {
		t.Errorf("a claim of the future against evidence of none: verdict %q, want %q", got, VerdictNotStated)
	}
}

// The claim's organisation or place missing from the evidence, its
// heading, its list's opening and its title is absent; one they name is
// not.
func TestNameAbsentFromEvidence(t *testing.T) {
	e := seedEngine(t)
	name := func(q query, s *span) bool { return e.nameAbsent(q, s) }
	place := func(q query, s *span) bool { return e.placeAbsent(q, s) }
	for _, tt := range []struct {
		claim  string
		absent func(query, *span) bool
		want   bool
	}{
		{"Human Rights Watch published this report on December 16, 2025?", name, true},
		{"Amnesty International published this report on December 16, 2025?", name, false},
		// A country the evidence, its heading and title never name.
		{"most of the 2.6 million were deported from India, right?", place, true},
		{"most of the 2.6 million were deported from Iran and Pakistan, right?", place, false},
	} {
		q := e.parseAs(tt.claim, true)
		spans, err := e.rank(context.Background(), q, false)
		if err != nil || len(spans) == 0 {
			t.Fatalf("%q: no span (%v)", tt.claim, err)
		}
		if got := tt.absent(q, spans[0]); got != tt.want {
			t.Errorf("%q against %q: absent %v, want %v", tt.claim, spans[0].quote(), got, tt.want)
		}
	}
}

// "people who come back" names no organisation; "the WHO" names the World
// Health Organization: an abbreviation that is an English word counts only
// typed in capitals.
func TestAbbreviationThatIsAWord(t *testing.T) {
	e := seedEngine(t)
	if q := e.parse("Does the Taliban protect people who come back?"); len(q.orgs) != 0 {
		t.Errorf("\"who\" read as an organisation: orgs %v", q.orgs)
	}
	if q := e.parse("What does the WHO say about measles?"); len(q.orgs) == 0 {
		t.Errorf("\"WHO\" not read as an organisation")
	}
}

// A share written as a word is a figure ("more than half of the people"
// is over 50%), but not a half of the year or an ordinal's quarter.
func TestSharesAsWords(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []quantity
	}{
		{"more than half of the people sent back", []quantity{{value: 50, percent: true, bound: 1, text: "half", of: "of"}}},
		{"more than the half the returnees", []quantity{{value: 50, percent: true, bound: 1, text: "half", of: "the"}}},
		{"about a quarter of them", []quantity{{value: 25, percent: true, text: "quarter", of: "of"}}},
		{"a third of the returnees", []quantity{{value: 33, percent: true, text: "third", of: "of"}}},
		{"in the second half of 2025", nil},
		{"the third quarter of this year", nil},
		{"half an hour", nil},
		{"half returnees are women", []quantity{{value: 50, percent: true, text: "half", of: "returnees"}}},
		{"six in ten of those sent back", []quantity{{value: 60, percent: true, text: "six in ten", of: "of"}}},
		{"3 out of 5 returnees", []quantity{{value: 60, percent: true, text: "3 out of 5", of: "returnees"}}},
		{"one in 2025", nil},
	} {
		got := figures(strings.Fields(tt.text))
		if !slices.Equal(got, tt.want) {
			t.Errorf("figures(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

// TestFragmentAskingForAFact: a fragment that names the kind of fact it
// wants asks for it, whatever its question mark; one that states a figure
// or a year is a claim to check, and so is a statement closed by "is that
// what it said?", whatever its "what".
func TestFragmentAskingForAFact(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct {
		text   string
		checks bool
	}{
		{"number of deportees from tajikistan?", false},
		{"total returns from pakistan?", false},
		{"date of the report?", false},
		{"60 percent women and children?", true},
		{"5 million deported from iran?", true},
		{"report published in 2024?", true},
		{"deported from turkey too?", true},
		{"UNAMA documented 40 killings of former soldiers - is that what it said?", true},
		{"so that is how the article explains non-refoulement, is that how it works?", true},
		{"what is non-refoulement?", false},
		// An item of a list is asked for; a third is a share.
		{"the second demand?", false},
		{"and the last one on the list?", false},
		{"a third of the returnees are women?", true},
	} {
		if got := e.parse(tt.text).checks; got != tt.checks {
			t.Errorf("%q read as a claim to check: %v, want %v", tt.text, got, tt.checks)
		}
	}
}

// TestContractionsDeny: "don't", and "dont" as typed on a phone, deny what
// the claim says; the "didn't they" of a closing tag asks for a yes and
// denies nothing.
func TestContractionsDeny(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct {
		claim  string
		denies bool
	}{
		{"the taliban don't let girls study past primary school", true},
		{"the taliban dont let girls study past primary school", true},
		{"amnesty didnt talk to deported people?", true},
		{"the taliban let girls study past primary school", false},
		{"the taliban built new schools for girls, didn't they", false},
		{"the taliban didn't build schools for girls, did they", true},
	} {
		if got := denies(withoutTag(e.parse(tt.claim).words), func(string) bool { return false }); got != tt.denies {
			t.Errorf("%q denies: %v, want %v", tt.claim, got, tt.denies)
		}
	}
}

// TestEvidenceFeaturesOfItsOwnSpan: the features a verdict weighs are of
// a span that opens where the evidence does. Evidence of three sentences,
// the first naming "between July and November", had been weighed as the
// two after it, which name no month: a month conflict the claim did not
// have.
func TestEvidenceFeaturesOfItsOwnSpan(t *testing.T) {
	e := seedEngine(t)
	q := e.parse("so amnesty based this on interviews with deportees done between july and november?")
	q.checks = true
	r, err := e.retrieve(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	ev := e.answering(q, r)
	if ev == nil || ev.to == ev.from || !strings.Contains(ev.p.Sentences[ev.from].Line, " between july and november ") {
		t.Fatalf("evidence %v; the test needs evidence of several sentences, the first naming the months", ev)
	}
	if f := e.evidenceFeatures(q, ev); f[fMonthConflict] != 0 {
		t.Errorf("the evidence's features say its months conflict with the claim's")
	}
}

// TestTellerOfARumourIsNoCase: in "my cousin says …, is that right?" the
// cousin told the rumour, and the message is a claim to check, not a
// question about the asker's family: it gets a verdict. A rumour about
// the asker stays their case.
func TestTellerOfARumourIsNoCase(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	rumour := "my cousin says 5 million afghans were deported from iran and pakistan in 2025, is that right?"
	if q := e.parse(rumour); q.signals[pKin] != 0 || q.signals[pSelf] != 0 {
		t.Errorf("%q: kin %v, self %v; the teller is no case", rumour, q.signals[pKin], q.signals[pSelf])
	}
	a, err := e.Ask(ctx, rumour)
	if err != nil {
		t.Fatal(err)
	}
	if a.Personal || a.Verdict == "" {
		t.Errorf("%q: read as one's own case %v, verdict %q; want a verdict", rumour, a.Personal, a.Verdict)
	}
	own := "my cousin says they will deport me too, is that right?"
	if a, err = e.Ask(ctx, own); err != nil {
		t.Fatal(err)
	}
	if !a.Personal {
		t.Errorf("%q: not read as the asker's own case", own)
	}
}

// TestThanksAreNoCase: thanks and greetings that speak of the asker ("thank
// u brother very helpful", "danke dir, das hilft mir sehr") never begin the
// reply with the notice that the bot cannot advise on one's case; a
// question about one's case still does.
func TestThanksAreNoCase(t *testing.T) {
	e := seedEngine(t)
	for _, q := range []string{"thank u brother very helpful", "thank you so much brother", "danke dir, das hilft mir sehr!"} {
		a, err := e.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Personal {
			t.Errorf("%q: read as a question about the asker's own case", q)
		}
	}
	a, err := e.Ask(context.Background(), "I am in Germany, can they deport me?")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Personal {
		t.Error("a question about the asker's own case is no longer read as one")
	}
}

// TestDenialAndOppositeReachTheVerdict: the signals a verdict weighs
// compare the evidence with the claim's own words, so a denial in the
// evidence ("without access to basic services") and an opposite
// ("deteriorating" against "improving") reach the models, and so do a
// joint figure split and evidence found with a word set aside.
func TestDenialAndOppositeReachTheVerdict(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	for _, tt := range []struct {
		claim  string
		signal int
		quote  string
		want   float64
	}{
		{"can returnees get basic services?", vNegation, "without access to basic services", 1},
		{"is the situation in afghanistan improving?", vOpposite, "deteriorating", 1},
		// Iran and Pakistan are counted together: a claim that sets
		// them against each other, or one alone, splits them; one that
		// names both together does not.
		{"iran deported more afghans than pakistan, right?", vSplitsJoined, "primarily from Iran and Pakistan", 1},
		{"pakistan alone sent back over a million afghans?", vSplitsJoined, "primarily from Iran and Pakistan", 1},
		{"were over 2 million afghans sent back from iran and pakistan?", vSplitsJoined, "primarily from Iran and Pakistan", 0},
		// A claim without a figure that names one of them splits
		// nothing: Turkey is mentioned, Iran sends Afghans back.
		{"does the report mention turkey?", vSplitsJoined, "Turkey and Tajikistan", 0},
		{"is iran sending afghans back", vSplitsJoined, "primarily from Iran and Pakistan", 0},
		// A word the documents never use ("debt") is set aside to find
		// what the claim speaks to.
		{"is it correct that returnees end up in debt?", vUnknownAside, "indebted", 1},
		// Most came from Iran and Pakistan, not from Turkey; a claim
		// that says most came from Iran says no otherwise.
		{"most of the returnees came from turkey, true?", vMostElsewhere, "Turkey and Tajikistan", 1},
		{"Laut Bild kommen die meisten Rückkehrer aus der Türkei, oder?", vMostElsewhere, "Turkey", 1},
		{"most returnees came from iran, right?", vMostElsewhere, "Iran", 0},
		// A season is its months: the interviews ran from July to
		// November, not in spring.
		{"the interviews were done in spring 2025, right?", vMonthDiffers, "between July and November 2025", 1},
		{"Die Interviews fanden im Frühjahr 2025 statt, richtig?", vMonthDiffers, "between July and November 2025", 1},
		// "Not only" adds, in a claim and in its evidence alike; a word
		// of denial both say ("failure") is no difference between them.
		{"human rights defenders are mentioned too, not only journalists?", vNegation, "Human Rights Defenders", 0},
		{"amnesty says failing to act is a moral failure?", vNegation, "profound moral failure", 0},
	} {
		q := e.parse(tt.claim)
		r, err := e.retrieve(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		ev, x, err := e.evidence(ctx, q, e.answering(q, r), r.top)
		if err != nil {
			t.Fatal(err)
		}
		if ev == nil || !strings.Contains(ev.quote(), tt.quote) {
			t.Fatalf("%q: evidence %v; the test needs the sentence saying %q", tt.claim, ev, tt.quote)
		}
		if x[tt.signal] != tt.want {
			t.Errorf("%q against %q: signal %s %v, want %v", tt.claim, tt.quote, verdictNames()[tt.signal], x[tt.signal], tt.want)
		}
	}
}

// TestPersonalSignalsOfWhatOneWasTold: a rumour one was told ("I was
// told", "hat gehört") is a signal of its own for the personal read, and
// German "im" (in the) is no English "I'm".
func TestPersonalSignalsOfWhatOneWasTold(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct {
		q      string
		signal personalFeature
		want   float64
	}{
		{"I was told Amnesty wants all returns stopped. Is that so?", pHeard, 1},
		{"Eine Klientin hat gehört, dass die meisten aus der Türkei kamen. Stimmt das?", pHeard, 1},
		{"What does Amnesty want states to do?", pHeard, 0},
		{"Wie viele Afghanen wurden im Jahr 2025 abgeschoben?", pSelf, 0},
		{"im in germany, can they deport me?", pSelf, 1},
	} {
		if got := e.parse(tt.q).signals[tt.signal]; got != tt.want {
			t.Errorf("%q: signal %s = %v, want %v", tt.q, personalNames[tt.signal], got, tt.want)
		}
	}
}

// TestLooseMatch: a claim's word the evidence says only in other words
// (the lexicon's "natural disasters" for "earthquake") is told from one it
// says in the claim's own; places do not count. (The lexicon does not
// grade its words: "deported" for "sent back" is loose too, and the
// fitted weights judge how much that tells.)
func TestLooseMatch(t *testing.T) {
	e := seedEngine(t)
	for _, c := range []struct {
		claim, text string
		loose       bool
	}{
		{"does the report mention earthquakes?", "devastating natural disasters", true},
		{"does the report mention natural disasters?", "devastating natural disasters", false},
		{"did amnesty interview deported afghans?", "interviews conducted between July", false},
	} {
		q := e.parseAs(c.claim, true)
		s := spanHolding(t, e, c.claim, c.text)
		var terms []string
		for i := s.from; i <= s.to; i++ {
			terms = append(terms, s.p.Sentences[i].Terms...)
		}
		if got := looseMatch(q, terms); (got > 0) != c.loose {
			t.Errorf("%q against %q: loose_match %v, want loose %v", c.claim, c.text, got, c.loose)
		}
	}
}

// TestAbilityDenied: a claim that someone can or may do something ("girls
// can study at university") against evidence that says they are denied
// it ("systematically denied education") is told to the verdict models;
// a claim of something done ("the Taliban built new schools") is not.
func TestAbilityDenied(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	for claim, want := range map[string]float64{
		"girls can study at university in afghanistan, right?":  1,
		"women are allowed to work under the taliban, correct?": 1,
		"the taliban built new schools for girls, didn't they":  0,
	} {
		q := e.parseAs(claim, true)
		r, err := e.retrieve(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		ev, x, err := e.evidence(ctx, q, r.best, r.top)
		if err != nil {
			t.Fatal(err)
		}
		if ev == nil || !strings.Contains(ev.quote(), "denied") {
			t.Fatalf("%q: evidence %v, want the sentence on women and girls", claim, ev)
		}
		if x[vAbilityDenied] != want {
			t.Errorf("%q: ability_denied %v, want %v", claim, x[vAbilityDenied], want)
		}
	}
}
