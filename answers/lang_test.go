package answers

import (
	"context"
	"slices"
	"testing"

	"citebot/index"
)

func TestDetectLang(t *testing.T) {
	r, err := romanTable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, q, want string
		told          bool
	}{
		{"english", "how many people were sent back in 2025?", "en", true},
		{"german", "Wie viele Afghanen wurden 2025 abgeschoben?", "de", true},
		{"german without umlauts", "wieviele faelle von willkuerlicher haft hat die UN dokumentiert", "de", true},
		{"german umlaut alone tells", "Rückkehrer Anteil?", "de", true},
		{"german words of the word table, umlauts as ae oe ue", "aus welchen laendern kommen die rueckkehrer", "de", true},
		{"german word table words only", "fluechtlinge zurueckgeschickt abschiebung", "de", true},
		{"dari script", "چند نفر از ایران اخراج شدند؟", "fa", true},
		{"pashto script", "څومره افغانان له ایران څخه وشړل شول؟", "ps", true},
		{"pashto on a dari keyboard", "په ۲۰۲۵ کی د ایران نه څو کسان راغلی", "ps", true},
		{"romanized dari", "chand nafar deport shodan", "fa", true},
		{"romanized pashto", "sazkal tsomra afghanan wapas lezal shawi", "ps", true},
		{"dari words around english loans", "amnesty report kay bod", "fa", true},
		{"mix, most words english", "wie viele Afghans were deported", "en", true},
		{"mix, most words german", "wie viele deportations gab es im Jahr 2025", "de", true},
		{"mix, most words dari", "chand nafar az iran deported shodan", "fa", true},
		{"urdu is read but answered in english", "kitne log wapas gaye hain", "ur", true},
		{"urdu in its own script", "افغانستان سے کتنے لوگ واپس گئے ہیں", "ur", true},
		{"pashto on an urdu keyboard", "په رپورٹ کے چا ویلی چی دولتونه خپل مسولیت طالبانو ته سپاری", "ps", true},
		{"names and numbers tell nothing", "UNAMA 2025", "en", false},
		{"greeting shared by all", "salam alaikum", "en", false},
		{"thanks shared by all", "tashakor bro", "en", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, told := detectLang(r, index.Words(clean(tt.q)))
			if got != tt.want || told != tt.told {
				t.Errorf("detectLang(%q) = %q, %v; want %q, %v", tt.q, got, told, tt.want, tt.told)
			}
		})
	}
}

// TestAnswerLang: the answer carries the language of the bot's own words,
// the question's where the bot speaks it; a turn whose words tell no
// language keeps the conversation's.
func TestAnswerLang(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	for q, want := range map[string]string{
		"how many people were sent back?":        "en",
		"Wie viele Afghanen wurden abgeschoben?": "de",
		"چند نفر از ایران اخراج شدند؟":           "fa",
		"chand nafar deport shodan":              "fa",
		"tsomra khalk wapas raghli":              "ps",
		"kitne log wapas gaye":                   "en",
		"2025":                                   "en",
	} {
		a, err := e.Ask(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Lang != want {
			t.Errorf("Ask(%q).Lang = %q, want %q", q, a.Lang, want)
		}
	}
	var c Conversation
	for _, turn := range []struct{ q, want string }{
		{"Wie viele Afghanen wurden 2025 abgeschoben?", "de"},
		{"2024?", "de"},
		{"and how many were women?", "en"},
	} {
		a, err := e.AskIn(ctx, &c, turn.q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Lang != turn.want {
			t.Errorf("turn %q: Lang = %q, want %q", turn.q, a.Lang, turn.want)
		}
	}
}

// German words of function the German table does not read ("bei",
// "fürs", typed "fuers") are no words of the question; a message of
// nothing else is read as it stands.
func TestGermanFunctionWords(t *testing.T) {
	e := seedEngine(t)
	q := e.parse("Welche Funktion hat Smriti Singh bei Amnesty? brauch das fuers referat")
	for _, c := range q.concepts {
		if c.word == "bei" || c.word == "fuers" || c.word == "fuer" {
			t.Errorf("German function word %q read as a concept: %v", c.word, conceptWords(q))
		}
	}
	if !slices.ContainsFunc(q.concepts, func(c concept) bool { return c.word == "singh" }) {
		t.Errorf("the question's own words lost: %v", conceptWords(q))
	}
	if q := e.parse("wer bist du?"); q.empty {
		t.Errorf("a German message of function words alone read as empty")
	}
}

// TestUrduKeyboard: Pashto typed on an Urdu keyboard, as many who lived in
// Pakistan type it, is read as Pashto typed on a Pashto one: the same
// answer, in Pashto.
func TestUrduKeyboard(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	for urdu, pashto := range map[string]string{
		"امنستی غوښتنے": "امنستی غوښتنې",
		"په رپورٹ کې چا ویلی چی دولتونه خپل مسولیت طالبانو ته سپاری": "په رپورټ کې چا ویلی چی دولتونه خپل مسولیت طالبانو ته سپاری",
	} {
		got, err := e.Ask(ctx, urdu)
		if err != nil {
			t.Fatal(err)
		}
		want, err := e.Ask(ctx, pashto)
		if err != nil {
			t.Fatal(err)
		}
		if !want.Answered {
			t.Fatalf("Ask(%q) answered nothing: the case tests nothing", pashto)
		}
		if got.Lang != LangPashto || !got.Answered || got.Citations[0].Quote != want.Citations[0].Quote {
			t.Errorf("Ask(%q) = %q, answered %v; want Pashto and the quote of %q: %q", urdu, got.Lang, got.Answered, pashto, want.Citations[0].Quote)
		}
	}
	// Every letter Urdu writes and Pashto does not has the Pashto letter
	// it is typed for.
	for _, l := range langLettersUr {
		if urduKeyboard.Replace(string(l)) == string(l) {
			t.Errorf("letters_ur's %q has no urdu_keyboard letter", l)
		}
	}
	// A common Urdu word keeps its Urdu letters: Urdu is answered in English.
	if a, err := e.Ask(ctx, "افغانستان سے کتنے لوگ واپس گئے ہیں"); err != nil || a.Lang != LangEnglish {
		t.Errorf("an Urdu question answered in %q (%v), want English", a.Lang, err)
	}
}

// TestGermanCompounds: a German compound the table lacks is read as the
// two words of the table it is made of ("Kinderanteil": Kinder, Anteil),
// and a German noun the table reads, alone, in a phrase or as a compound,
// is no name the documents lack: "Was droht ehemaligen
// Regierungsmitarbeitern …?" is answered.
func TestGermanCompounds(t *testing.T) {
	r, err := romanTable()
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string][2]string{
		"kinderanteil":   {"kinder", "anteil"},
		"mädchenschulen": {"mädchen", "schulen"},
		"wahrscheinlich": {},
		"regierung":      {},
	} {
		first, last, ok := r.compound(w)
		if ok != (want[0] != "") || first != want[0] || last != want[1] {
			t.Errorf("compound(%q) = %q, %q, %v; want %q", w, first, last, ok, want)
		}
	}
	e := seedEngine(t)
	const q = "Was droht ehemaligen Regierungsmitarbeitern und Sicherheitskräften nach Angaben von Amnesty?"
	a, err := e.Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Answered || a.Citations[0].Paragraph != 5 {
		t.Errorf("%q: answered %v, %+v; want the paragraph on former government and security personnel", q, a.Answered, a.Citations)
	}
}
