package answers

import (
	_ "embed"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis/lang/de"

	"citebot/index"
	"citebot/internal/wordlists"
)

// The languages a reply's own words may be in (BCP 47), and the language
// the bot answers a question in when it does not speak the question's.
const (
	LangEnglish = "en"
	LangGerman  = "de"
	LangDari    = "fa" // Dari and Persian, always in Persian script
	LangPashto  = "ps"
	langUrdu    = "ur" // read, never spoken: Urdu questions are answered in English
)

// Spoken tells whether the bot writes its own words in lang.
func Spoken(lang string) bool {
	switch lang {
	case LangEnglish, LangGerman, LangDari, LangPashto:
		return true
	}
	return false
}

//go:embed langs.txt
var langsText string

// langWords are langs.txt's lists by name, each entry cleaned as a
// question is (Arabic yeh and kaf read as the Persian letters).
var langWords = func() map[string]map[string]bool {
	out := make(map[string]map[string]bool)
	for name, entries := range wordlists.MustParse("answers/langs.txt", langsText) {
		set := make(map[string]bool, len(entries))
		for _, e := range entries {
			set[strings.ToLower(clean(e))] = true
		}
		out[name] = set
	}
	return out
}()

// The lists detectLang reads, looked up once.
var (
	langSilent, langEn, langDe   = langWords["silent"], langWords["en"], langWords["de"]
	langScriptFa, langScriptPs   = langWords["script_fa"], langWords["script_ps"]
	langScriptUr                 = langWords["script_ur"]
	langLettersUr, langLettersPs = letters(langWords["letters_ur"]), letters(langWords["letters_ps"])
	langLettersDe                = letters(langWords["letters_de"])
	langLatin                    = []struct {
		set  map[string]bool
		lang string
	}{{langWords["latin_fa"], LangDari}, {langWords["latin_ps"], LangPashto}, {langWords["latin_ur"], langUrdu}}
)

// A language family: the question's words first tell English, German or
// the Afghan languages (and Urdu, written like them) apart; the Afghan
// ones are then told apart by their marker words and letters.
const (
	famEnglish = iota
	famGerman
	famAfghan
	numFamilies
)

// detectLang is the language a question typed as words ws is written in:
// "en", "de", "fa", "ps" or "ur", and whether any word told it. A question
// takes the language of most of its words; a word of several languages
// splits its vote; names, numbers and unknown words do not vote.
func detectLang(r *romanized, ws []string) (string, bool) {
	var fam [numFamilies]float64
	afghan := map[string]float64{}
	for _, w := range ws {
		if !hasLetter(w) || langSilent[w] {
			continue
		}
		in, langs := wordVote(r, w)
		n := 0
		for _, ok := range in {
			if ok {
				n++
			}
		}
		for f, ok := range in {
			if ok {
				fam[f] += 1 / float64(n)
			}
		}
		for _, l := range langs {
			afghan[l] += 1 / float64(len(langs))
		}
	}
	// On a tie English wins: the bot reads English best.
	best := famEnglish
	for _, f := range []int{famGerman, famAfghan} {
		if fam[f] > fam[best] {
			best = f
		}
	}
	switch {
	case fam[best] == 0:
		return LangEnglish, false
	case best == famEnglish:
		return LangEnglish, true
	case best == famGerman:
		return LangGerman, true
	}
	lang := LangDari
	for _, l := range []string{LangPashto, langUrdu} {
		if afghan[l] > afghan[lang] {
			lang = l
		}
	}
	return lang, true
}

func hasLetter(w string) bool {
	return strings.IndexFunc(w, unicode.IsLetter) >= 0
}

// germanStop are German words of function: the Snowball list bleve's German
// analyser drops (BSD licence, its notice in the list) and words.txt's
// german_function, each also as typed without umlauts ("fuer" for "für").
var germanStop = func() map[string]bool {
	out := maps.Clone(wordSet("german_function"))
	plain := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")
	for _, line := range strings.Split(string(de.GermanStopWords), "\n") {
		w, _, _ := strings.Cut(line, "|")
		if w = strings.TrimSpace(w); w != "" {
			out[w] = true
			out[plain.Replace(w)] = true
		}
	}
	return out
}()

// letters are a list's letters in one string, for strings.ContainsAny.
func letters(set map[string]bool) string {
	return strings.Join(slices.Sorted(maps.Keys(set)), "")
}

// Language is the language the bot's own words take for text, read as a
// question ("en", "de", "fa", "ps"), and whether any word of it told the
// language (else it is English for want of any).
func Language(text string) (lang string, told bool) {
	r, err := romanTable()
	if err != nil {
		return LangEnglish, false
	}
	l, told := detectLang(r, index.Words(clean(text)))
	return replyLang(l), told
}

// replyLang is the language the bot's own words take for a question in
// lang: lang where the bot speaks it, else English.
func replyLang(lang string) string {
	if Spoken(lang) {
		return lang
	}
	return LangEnglish
}

// vote is what a word tells of the language it is written in: the
// families it belongs to, and the Afghan languages (and Urdu) it marks.
type vote struct {
	in    [numFamilies]bool
	langs []string
}

// wordVote is what the word w tells of its language: looked up in the
// votes of the tables' and lists' words once they are worked out (in the
// background, from the start: see readTables), else worked out.
func wordVote(r *romanized, w string) ([numFamilies]bool, []string) {
	if m := r.votes.Load(); m != nil {
		if v, ok := (*m)[w]; ok {
			return v.in, v.langs
		}
		if !foreignScript(w) {
			// No table or list holds it.
			var in [numFamilies]bool
			in[famEnglish] = isEnglish(w)
			in[famGerman] = strings.ContainsAny(w, langLettersDe)
			return in, nil
		}
	}
	return readVote(r, w)
}

// workOutVotes works out the vote of every word of a language list or of
// r's tables, for wordVote to look up.
func (r *romanized) workOutVotes() {
	out := make(map[string]vote, len(r.english)+len(langEn)+len(langDe))
	add := func(w string) {
		if _, done := out[w]; !done && !strings.Contains(w, " ") {
			in, langs := readVote(r, w)
			out[w] = vote{in, langs}
		}
	}
	for _, set := range []map[string]bool{langEn, langDe, r.german} {
		for w := range set {
			add(w)
		}
	}
	for _, l := range langLatin {
		for w := range l.set {
			add(w)
		}
	}
	for w := range r.english {
		add(w)
	}
	r.votes.Store(&out)
}

// readVote works out what the word w tells of its language. A word of no
// language list and no word table is English when the dictionary has it,
// German when it has a German letter.
func readVote(r *romanized, w string) (in [numFamilies]bool, langs []string) {
	if p := r.pashtoTyped(w); p != "" {
		return readVote(r, p)
	}
	if foreignScript(w) {
		in[famAfghan] = true
		switch {
		case strings.ContainsAny(w, langLettersUr):
			langs = append(langs, langUrdu)
		case strings.ContainsAny(w, langLettersPs):
			langs = append(langs, LangPashto)
		default:
			if langScriptFa[w] {
				langs = append(langs, LangDari)
			}
			if langScriptPs[w] {
				langs = append(langs, LangPashto)
			}
		}
	} else {
		if langEn[w] || isEnglish(w) {
			in[famEnglish] = true
		}
		if langDe[w] || strings.ContainsAny(w, langLettersDe) || r.german[w] {
			in[famGerman] = true
		}
		for _, l := range langLatin {
			if l.set[w] {
				langs = append(langs, l.lang)
			}
		}
		// A word the romanized tables read alone that is no English
		// word is Afghan, whichever of the languages it is (the German
		// table's words are German).
		if _, alone := r.english[w]; len(langs) > 0 || (alone && !r.german[w] && r.isNative(w) && !langEn[w]) {
			in[famAfghan] = true
		}
	}
	return in, langs
}

// urduKeyboard writes a word typed on an Urdu keyboard with the Pashto
// letters its Urdu letters are typed for (words.txt's urdu_keyboard).
var urduKeyboard = func() *strings.Replacer {
	var pairs []string
	for _, p := range wordLists.Pairs("urdu_keyboard") {
		pairs = append(pairs, p.Key, p.Value)
	}
	return strings.NewReplacer(pairs...)
}()

// pashtoTyped is w, a word with Urdu's own letters, as the Pashto word it
// is typed for on an Urdu keyboard ("رپورٹ": رپورټ, report): the word
// written with urduKeyboard's letters, when the word tables or the
// language lists know it and w is no common Urdu word. Else "".
func (r *romanized) pashtoTyped(w string) string {
	if !strings.ContainsAny(w, langLettersUr) || langScriptUr[w] {
		return ""
	}
	p := urduKeyboard.Replace(w)
	if p != w && (r.parts[p] || langScriptPs[p] || langScriptFa[p] || r.scriptBase(p) != "") {
		return p
	}
	return ""
}

// fromUrduKeyboard is text with each word typed on an Urdu keyboard for a
// Pashto word written as that word (see pashtoTyped).
func (r *romanized) fromUrduKeyboard(text string) string {
	if !strings.ContainsAny(text, langLettersUr) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for len(text) > 0 {
		i := strings.IndexFunc(text, isWordRune)
		if i < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		text = text[i:]
		j := strings.IndexFunc(text, func(c rune) bool { return !isWordRune(c) })
		if j < 0 {
			j = len(text)
		}
		w := text[:j]
		if p := r.pashtoTyped(w); p != "" {
			w = p
		}
		b.WriteString(w)
		text = text[j:]
	}
	return b.String()
}

// isWordRune tells whether c is part of a word as index.Words reads one.
func isWordRune(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c)
}
