package answers

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestRumourSourceIsNotTheClaim: where the asker met a claim ("a post
// saying", "Reuters said", "I read that") and a closing "is that right"
// are not what the claim says: the claim gets its verdict from what
// follows. A verb of reading that is the question's own ("can girls
// read …") stays.
func TestRumourSourceIsNotTheClaim(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	for _, claim := range []string{
		"I saw a post saying 60% of the returnees are women and kids, is that right?",
		"Reuters said 60% of those sent back are women and children, correct?",
		"I read that 60% of the deportees were women and children",
	} {
		a, err := e.Check(ctx, claim)
		if err != nil {
			t.Fatal(err)
		}
		if a.Verdict != VerdictSupported || len(a.Citations) == 0 || !slices.ContainsFunc(a.Citations[:1], func(c Citation) bool { return c.Paragraph == 2 }) {
			t.Errorf("%q: verdict %q, citations %+v; want supported by ¶2", claim, a.Verdict, a.Citations)
		}
	}
	q := e.parse("can girls read and write under the taliban?")
	if !slices.ContainsFunc(q.concepts, func(c concept) bool { return c.word == "read" }) || !slices.ContainsFunc(q.concepts, func(c concept) bool { return c.word == "girl" }) {
		t.Errorf("a question's own verb of reading was set aside: concepts %v", conceptWords(q))
	}
}

func conceptWords(q query) []string {
	var out []string
	for _, c := range q.concepts {
		out = append(out, c.word)
	}
	return out
}

// "I have heard", "ich habe gehört", "shenidam", "شنیدم": hearing a rumour
// is where the asker met it, in every language read, and "… haqiqat dara?",
// "rikhtya da?" ask whether it is true: neither is a word of the claim.
func TestHearingAndAskingAreNotTheClaim(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct {
		claim string
		not   []string
	}{
		{"I have heard 60% of the deportees were women and children", []string{"heard", "have"}},
		{"ich habe gehört 80% der zurückgeschickten sind frauen und kinder?", []string{"heard", "gehört"}},
		{"shenidam 5 milyon afghan imsal deport shodan, haqiqat dara?", []string{"heard", "shenidam", "haqiqat"}},
		{"60 percent khazi aw mashooman di, rikhtya da?", []string{"rikhtya"}},
		{"شنیدم ۶۰ درصد دیپورت شده ها زن و کودک هستند، حقیقت دارد؟", []string{"heard", "شنیدم", "حقیقت"}},
	} {
		q := e.parse(tt.claim)
		words := conceptWords(q)
		for _, w := range tt.not {
			if slices.Contains(words, w) {
				t.Errorf("%q is read with %q as a word of the claim: concepts %v", tt.claim, w, words)
			}
		}
		if len(words) == 0 {
			t.Errorf("%q: no word of the claim read", tt.claim)
		}
	}
}

// "My cousin is in Tajikistan. What does the report say about
// Tajikistan?": the sentence before the question tells the asker's
// situation; the question is answered from its own words. A message whose
// last sentence says nothing of its own ("… Is that true?") is read whole.
func TestSituationBeforeTheQuestion(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	a, err := e.Ask(ctx, "My cousin is in Tajikistan. What does the report say about Tajikistan?")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Answered || len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Quote, "Tajikistan") {
		t.Errorf("situation before the question: answered %v, citations %+v; want the sentence on Tajikistan", a.Answered, a.Citations)
	}
	a, err = e.Ask(ctx, "UNAMA recorded 14 killings of former security forces. Is that true?")
	if err != nil {
		t.Fatal(err)
	}
	if a.Verdict != VerdictSupported {
		t.Errorf("a claim, then \"Is that true?\": verdict %q, want supported", a.Verdict)
	}
}

// TestTellersNameIsNotTheClaims: a name that only tells who passed a
// rumour on (a German noun's capital, "Eine Klientin sagt", or a friend's
// name) is none of the claim's, which is never borne out while a name of
// it is missing from the evidence; a name in the claim itself still is.
func TestTellersNameIsNotTheClaims(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"Eine Klientin sagt, mehr als die Hälfte der Rückkehrer seien Frauen und Kinder. Stimmt das?", nil},
		{"my friend Ahmad says Karimi was deported last week, is that right?", []string{"karimi"}},
	} {
		if q := e.parse(tt.text); !slices.Equal(q.names, tt.want) {
			t.Errorf("%q: names %q, want %q", tt.text, q.names, tt.want)
		}
	}
	a, err := e.Check(context.Background(), "Eine Klientin sagt, mehr als die Hälfte der Rückkehrer seien Frauen und Kinder. Stimmt das?")
	if err != nil {
		t.Fatal(err)
	}
	if a.Verdict != VerdictSupported {
		t.Errorf("a client's rumour that more than half are women and children: verdict %q, want supported (60%%)", a.Verdict)
	}
}

// TestOpeningClauseNamesTheSource: a claim's opening clause that says
// where the asker met it ("Ein Abgeordneter sagte gestern im Landtag, …",
// "In a video on TikTok, …") is no part of it, nor the asker's case: the
// claim gets its verdict from what follows the comma. An opening clause
// that is the claim itself stays.
func TestOpeningClauseNamesTheSource(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	for claim, source := range map[string]string{
		"Ein Abgeordneter der Grünen sagte gestern im Landtag, 60 Prozent der Rückkehrer seien Frauen und Kinder. Ist das korrekt?": "landtag",
		"In einer Talkshow hieß es, 60 Prozent der Abgeschobenen seien Frauen und Kinder. Trifft das zu?":                           "talk",
		"In a video on TikTok, 60% of the returnees are women and children, is that right?":                                         "tiktok",
	} {
		q := e.parseAs(claim, true)
		if slices.Contains(conceptWords(q), source) {
			t.Errorf("%q: the source %q read as part of the claim: %v", claim, source, conceptWords(q))
		}
		a, err := e.Check(ctx, claim)
		if err != nil {
			t.Fatal(err)
		}
		if a.Personal || a.Verdict != VerdictSupported || len(a.Citations) == 0 || a.Citations[0].Paragraph != 2 {
			t.Errorf("%q: personal %v, verdict %q, citations %+v; want supported by ¶2", claim, a.Personal, a.Verdict, a.Citations)
		}
	}
	// "im" of "im Bericht" is no "I'm": the personal model is not told
	// that the asker speaks of themself.
	claim := "Ein Abgeordneter behauptete im Bundestag, auch Deutschland würde mit den Taliban verhandeln. Steht das so im Bericht?"
	if q := e.parseAs(claim, true); q.signals[pSelf]+q.signals[pSelfLast] > 0 {
		t.Errorf("%q: read as speaking of the asker: %v", claim, q.signals)
	}
	for claim, kept := range map[string]string{
		"Amnesty says Germany negotiates with the Taliban, is that true?": "germani",
		"Amnesty will, dass Familiennachzug eingeschränkt wird?":          "amnesti",
	} {
		if q := e.parseAs(claim, true); !slices.Contains(conceptWords(q), kept) {
			t.Errorf("%q: the claim's own %q set aside: %v", claim, kept, conceptWords(q))
		}
	}
}
