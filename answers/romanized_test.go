package answers

import (
	"context"
	"slices"
	"strings"
	"testing"

	"citebot/index"
)

// TestRomanizedQuestions: a question typed in Dari, Pashto or Urdu, with
// Latin letters or in its own script, or mixing them with English, gets
// the answer its English gets and says how it was read; a message of
// English words keeps its meaning.
func TestRomanizedQuestions(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	tests := []struct{ romanized, english string }{
		{"chand nafar az Iran wa Pakistan wapas shodan imsal?", "how many people were sent back from Iran and Pakistan this year?"},
		{"zanan wa dokhtaran maktab rafta mitanan?", "can women and girls go to school?"},
		{"sabiq askar ha chand nafar kushta shodan", "how many former soldiers were killed"},
		{"kitne log wapas bheje gaye 2025 mein", "how many people were sent back in 2025"},
		{"why are mohajir in danger if sent back", "why are refugees in danger if sent back"},
		{"چند نفر از ایران و پاکستان برگشتند؟", "how many people came back from iran and pakistan?"},
		{"طالبان با برگشت کنندگان چه کردند؟", "what did the taliban do with returnees?"},
		{"آیا دختران می توانند به مکتب بروند؟", "can girls go to school?"},
		{"کدام کشورها با طالبان مذاکره می کنند؟", "which countries negotiate with the taliban?"},
		{"Wie viele Afghanen wurden 2025 abgeschoben?", "how many afghans were deported in 2025?"},
		{"Was fordert Amnesty?", "what does amnesty call for?"},
		{"Wer ist Smriti Singh?", "who is smriti singh?"},
		// Eastern Pashto spellings, on an Urdu keyboard too.
		{"امنستی سوک د سویلی آسیا مشر ګڼی", "who is amnesty's regional director for south asia"},
		{"په راستنیدونکو کے سو فیصده سځے او ماشومان دی", "what percent of returnees are women and children"},
		{"dwayama ghokhtana sa da", "what is the second demand"},
	}
	for _, tt := range tests {
		t.Run(tt.romanized, func(t *testing.T) {
			en, _ := e.Ask(ctx, tt.english)
			if !en.Answered {
				t.Fatalf("the English %q is not answered", tt.english)
			}
			got, _ := e.Ask(ctx, tt.romanized)
			if got.ReadAs == "" {
				t.Errorf("%q: the answer does not say how the question was read", tt.romanized)
			}
			if !got.Answered || got.Citations[0].ID != en.Citations[0].ID || got.Citations[0].Quote != en.Citations[0].Quote {
				t.Errorf("%q got %+v\nwant the answer to %q: %q", tt.romanized, got.Citations, tt.english, en.Citations[0].Quote)
			}
		})
	}

	// Words of the table that are English words too keep their English
	// meaning unless the message is written in another language.
	for _, tt := range []struct{ text, want string }{
		{"the band played a log of songs", "the band played a log of songs"},
		{"how many mohajir log were sent", "how many refugees people were sent"},
		{"amnesty chi mikhaya", "amnesty what wants"},
		{"what did chi mean in the log", "what did chi mean in the log"},
		{"chand log wapas", "how many people return"},
		{"was the army called in to help", "was the army called in to help"},
		{"will deportations stop in 2026", "will deportations stop in 2026"},
		{"was fordert amnesty", "what calls for amnesty"},
	} {
		ws, _ := e.roman.read(index.Words(tt.text))
		got := strings.Join(ws, " ")
		if got != tt.want {
			t.Errorf("read(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestRomanizedTable: every line of romanized.txt reads, and no spelling
// stands for two meanings.
func TestRomanizedTable(t *testing.T) {
	if _, err := romanTable(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []map[string]string{
		{"a.txt": "no equals sign here"},
		{"a.txt": "what = chi\nwho = chi"},
		{"a.txt": "what = chi", "b.txt": "who = chi"},
	} {
		if _, err := parseRomanized(bad); err == nil {
			t.Errorf("parseRomanized(%q) took a broken table", bad)
		}
	}
	r, _ := parseRomanized(map[string]string{"a.txt": "= kaka\nhow many = chand\ngoodbye = khuda hafiz"})
	if got, read := r.read([]string{"khuda", "is", "great"}); read || !slices.Equal(got, []string{"khuda", "is", "great"}) {
		t.Errorf("a word of a phrase alone was read: %q, %v", got, read)
	}
	if got, _ := r.read([]string{"kaka", "chand"}); !slices.Equal(got, []string{"how", "many"}) {
		t.Errorf("a dropped word stays: %q", got)
	}
}

// TestTablesReadNoEnglishAsItself: no spelling of the word tables is one
// of the English words it reads as ("taliban = taliban"): such a word
// would mark every English question that says it as written in another
// language, and show how it was read.
func TestTablesReadNoEnglishAsItself(t *testing.T) {
	r, err := romanTable()
	if err != nil {
		t.Fatal(err)
	}
	for spelling, en := range r.english {
		if len(en) > 0 && slices.Equal(strings.Fields(spelling), en) {
			t.Errorf("%q reads as itself", spelling)
		}
	}
	e := seedEngine(t)
	for _, q := range []string{"the taliban built new schools for girls", "what does the report say about hunger in iran and pakistan"} {
		if a, _ := e.Ask(context.Background(), q); a.ReadAs != "" {
			t.Errorf("%q is read through the word tables as %q", q, a.ReadAs)
		}
	}
}

// TestGermanInflections: a German word the German table lists only
// uninflected is read as the table's word ("willkürlicher" as
// "willkürlich"); an English word, or one in a question that is not German,
// is left as it is.
func TestGermanInflections(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct {
		text string
		want string // a word of the reading
		not  string
	}{
		{"Wie viele Fälle willkürlicher Festnahmen hat UNAMA gezählt?", "arbitrary", "willkürlicher"},
		{"Was droht ehemaligen Sicherheitskräften?", "security", "sicherheitskräften"},
		{"what happened to the interpreters", "interpreters", ""},
	} {
		q := e.parse(tt.text)
		if !slices.Contains(q.words, tt.want) || (tt.not != "" && slices.Contains(q.words, tt.not)) {
			t.Errorf("%q read as %q: want %q in it", tt.text, q.words, tt.want)
		}
	}
}

// Dari typed as spoken: endings the tables lack ("کشورا" for "کشورها",
// countries), verbs of their phrases spoken ("پس روان کدن", sent back),
// Persian as Tehran speaks it, in its script or in Latin letters
// ("برگردوندن", "bargardoondan": sent back), and "غیر از" (besides)
// setting the places named aside.
func TestDariAsSpoken(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct {
		text string
		want string // words of the reading, in their order
	}{
		{"امنستی در باره کشورا چی گفته", "countries"},
		{"چند نفر ره پس روان کدن", "sent back"},
		{"امنستی در باره مکتب دخترا چی گفته", "school girls"},
		{"حقوقشان چی شده", "rights"},
		{"واسه چی ایران افغانیا رو برگردوندن", "why iran afghans sent back"},
		{"مهاجرا چجوری دیپورتشون میکنن", "refugees how deported"},
		{"vase chi mohajera ro bargardoondan", "why refugees sent back"},
	} {
		wantInReading(t, e, tt.text, tt.want)
	}
	// A word the tables give as it is is never cut: "نام" (name) is no
	// "نا" with "my".
	r, err := romanTable()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"نام", "کشورها", "زن"} {
		if b := r.scriptBase(w); b != "" {
			t.Errorf("%q read as %q: a word of the tables is read as itself", w, b)
		}
	}
	q := "غیر از ایران و پاکستان دیگه از کدام کشورا افغانا ره زورکی پس روان کدن"
	a, err := e.Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Answered || !strings.Contains(a.Citations[0].Quote, "Turkey and Tajikistan") {
		t.Errorf("which countries besides Iran and Pakistan, in spoken Dari: got %+v, want the Turkey and Tajikistan sentence", a.Citations)
	}
}

// TestPashtoLettersOnADariKeyboard: Pashto's own letters typed for the
// Dari ones, or the other way round, read as the tables' word ("ډیپورټ"
// for "دیپورټ", deportation; "امنیسټی" for Amnesty); a word of three
// letters is never read this way, nor one two words of the tables share.
func TestPashtoLettersOnADariKeyboard(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct{ text, want string }{
		{"امنستي ولې د ډیپورټ خلاف دی", "deportation"},
		{"امنیسټی څه غواړي", "amnesty"},
		{"د جنورۍ نه وروسته", "january"},
	} {
		wantInReading(t, e, tt.text, tt.want)
	}
	r, err := romanTable()
	if err != nil {
		t.Fatal(err)
	}
	if b := r.scriptBase("ډیر"); b != "" {
		t.Errorf("ډیر read as %q: a word of three letters is read as typed", b)
	}
	// Every word read this way is one word of the tables, whose letters
	// are the typed word's once written alike.
	for sk, key := range r.letters {
		if key != "" && scriptLetters.Replace(key) != sk {
			t.Errorf("%q stands for %q", sk, key)
		}
	}
}

// TestPashtoRumourTellerIsNoCase: "my sister says …", "my husband says
// …" in Pashto tell who passed a rumour on; the message checks a claim
// and is about no one's case.
func TestPashtoRumourTellerIsNoCase(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	for _, text := range []string{
		"زما خور وایي UNAMA د ۲۰۲۴ کال ارقام ورکړي",
		"زما خاوند وایي دا راپور د نومبر په میاشت کې راوتلی دی",
		"اوریدلي مې دي چې امریکا به د NGO کارکوونکو ته ویزې ورکوي",
	} {
		q := e.parse(text)
		if !q.claim || q.signals[pKin] != 0 || q.signals[pSelf] != 0 {
			t.Errorf("%q: claim %v, kin %v, self %v; want a claim told by someone, no one's case", text, q.claim, q.signals[pKin], q.signals[pSelf])
		}
		a, err := e.Ask(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		if a.Personal {
			t.Errorf("%q read as the asker's own case", text)
		}
	}
	// Who tells one's own case is still the asker.
	if q := e.parse("زما ورور یې له ایرانه افغانستان ته ولیږه هلته به په خطر کې وي"); q.signals[pKin] == 0 {
		t.Errorf("my brother was sent back from Iran: no kin read")
	}
}

// wantInReading fails t unless text, as e reads it, holds the words want
// in their order.
func wantInReading(t *testing.T, e *Engine, text, want string) {
	t.Helper()
	q := e.parse(text)
	if !strings.Contains(" "+strings.Join(q.words, " ")+" ", " "+want+" ") {
		t.Errorf("%q read as %q: want %q in it", text, q.words, want)
	}
}

// TestRomanizedSpellings: Dari typed in Latin letters in a spelling the
// tables do not list ("dolate ghabli" for "dawlat e qabli", "nezamia" for
// "nezami" with the spoken plural) is read as the tables' phrase it is
// once both are written one way; English and German are read as typed,
// and a form two phrases of other meanings share says neither.
func TestRomanizedSpellings(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct{ text, want string }{
		{"nezamia va karmandaye dolate ghabli ke bargardan chi mishe", "military va government employees former return"},
		{"jameye beinolmelal bayad chi kar kone", "international must"},
		{"hokomate taleban ba zanha chi kar mikone", "taliban government to women"},
	} {
		wantInReading(t, e, tt.text, tt.want)
	}
	for _, text := range []string{"what did the karmandaye say", "was sagen die karmandaye"} {
		if q := e.parse(text); slices.Contains(q.words, "employees") {
			t.Errorf("%q read as %q: outside a Dari or Pashto question a word is read as typed", text, q.words)
		}
	}
	r, err := romanTable()
	if err != nil {
		t.Fatal(err)
	}
	ambiguous := 0
	for form, key := range r.forms {
		if key == "" {
			ambiguous++
			continue
		}
		if got := romanPhrase(strings.Fields(key)); got != form {
			t.Errorf("%q stands for %q, whose form is %q", form, key, got)
		}
	}
	if ambiguous == 0 {
		t.Error("no form stands for two phrases of other meanings: the check that keeps them apart is gone")
	}
}
