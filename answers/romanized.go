package answers

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"citebot/index"
	"citebot/internal/wordlists"
)

//go:embed romanized.txt
var romanizedTxt string

//go:embed persian.txt
var persianTxt string

//go:embed german.txt
var germanTxt string

// germanFile names the German table among the word tables.
const germanFile = "german.txt"

// romanized reads Dari, Pashto and Urdu words, typed in Latin letters
// (romanized.txt) or in their own script (persian.txt), as the English
// words they mean.
type romanized struct {
	english map[string][]string // phrase, words joined by spaces: its English words (none: dropped)
	german  map[string]bool     // the phrases of german.txt: German, not Dari, Pashto or Urdu
	parts   map[string]bool     // every word of a phrase ("khuda" of "khuda hafiz")
	letters map[string]string   // a word of Persian script written with script_letters: the one word of the tables it is ("" for several)
	forms   map[string]string   // a phrase of Latin letters in romanForm: the one phrase of the tables it is ("" for several)
	native  sync.Map            // phrase or word: whether a word of it is not also an English word, worked out when first met
	longest int                 // words in the longest phrase

	votes     atomic.Pointer[map[string]vote] // what each word of the tables and language lists tells, once worked out (see wordVote)
	votesOnce sync.Once
}

var (
	romanOnce  sync.Once
	romanTab   *romanized
	romanError error
)

// romanTable is romanized.txt and persian.txt, read once per process.
func romanTable() (*romanized, error) {
	romanOnce.Do(func() {
		romanTab, romanError = parseRomanized(map[string]string{"romanized.txt": romanizedTxt, "persian.txt": persianTxt, germanFile: germanTxt})
	})
	return romanTab, romanError
}

// parseRomanized reads word tables, by file name; a spelling may be given
// once in all of them.
func parseRomanized(files map[string]string) (*romanized, error) {
	spellings := 0 // at most: the maps are made their size once, not grown a line at a time
	names := make([]string, 0, len(files))
	for name, text := range files {
		names = append(names, name)
		spellings += strings.Count(text, "\n") + strings.Count(text, ",") + 1
	}
	r := &romanized{english: make(map[string][]string, spellings), german: map[string]bool{}, parts: make(map[string]bool, spellings)}
	slices.Sort(names)
	var spoken []spokenPhrase // phrases of the tables as spoken, in the tables' order
	for _, name := range names {
		if err := r.add(name, files[name], &spoken); err != nil {
			return nil, err
		}
	}
	// A phrase as spoken reads as the phrase written, unless the tables
	// give it themselves.
	for _, p := range spoken {
		if _, given := r.english[p.spoken]; !given {
			r.english[p.spoken] = r.english[p.written]
			for _, w := range strings.Fields(p.spoken) {
				r.parts[w] = true
			}
		}
	}
	r.letters = make(map[string]string)
	for key := range r.english {
		if strings.Contains(key, " ") || utf8.RuneCountInString(key) < minLettered || !foreignScript(key) {
			continue
		}
		sk := scriptLetters.Replace(key)
		other, seen := r.letters[sk]
		switch {
		case !seen:
			r.letters[sk] = key
		case other == "":
		case !slices.Equal(r.english[other], r.english[key]):
			r.letters[sk] = "" // two words of the tables: it says neither
		case key < other:
			r.letters[sk] = key // of two spellings of one word, the same one whatever the maps' order
		}
	}
	r.forms = make(map[string]string)
	for key, en := range r.english {
		if r.german[key] || foreignScript(key) || isEnglish(key) {
			continue
		}
		form := romanPhrase(strings.Fields(key))
		if utf8.RuneCountInString(form) < minLettered {
			continue
		}
		other, seen := r.forms[form]
		switch {
		case !seen:
			r.forms[form] = key
		case other == "":
		case !slices.Equal(r.english[other], en):
			r.forms[form] = ""
		case key < other:
			r.forms[form] = key
		}
	}
	return r, nil
}

// romanLetters and romanEndings are words.txt's roman_letters and
// roman_endings (the longest first); romanEzafe its roman_ezafe.
var (
	romanLetters = func() *strings.Replacer {
		pairs := wordLists.Pairs("roman_letters")
		slices.SortStableFunc(pairs, func(a, b wordlists.Pair) int { return len(b.Key) - len(a.Key) })
		var olds []string
		for _, p := range pairs {
			olds = append(olds, p.Key, p.Value)
		}
		return strings.NewReplacer(olds...)
	}()
	romanEndings = func() []string {
		out := wordList("roman_endings")
		slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
		return out
	}()
	romanEzafe        = wordSet("roman_ezafe")
	romanEzafeEndings = wordList("roman_ezafe_endings")
)

// minRomanStem is the fewest letters romanForm leaves when it cuts an
// ending off.
const minRomanStem = 3

// romanForm is the Latin-letter word w written the one way words.txt's
// roman_letters make of its many spellings: "dolat" and "dawlat" are both
// "dulat".
func romanForm(w string) string { return squeeze(romanLetters.Replace(w)) }

// romanCut is the romanForm f with its longest roman_ending in ends cut
// off, and whether one was: three letters or more are left.
func romanCut(f string, ends []string) (string, bool) {
	for _, end := range ends {
		if stem, ok := strings.CutSuffix(f, end); ok && utf8.RuneCountInString(stem) >= minRomanStem {
			return stem, true
		}
	}
	return f, false
}

// romanPhrase is the words ws in romanForm, the ezafe written apart left
// out and the one written on (roman_ezafe_endings) cut off all but the
// last: "dolate qabli" and "dawlat e qabli" are both "dulat qabli".
func romanPhrase(ws []string) string {
	forms := make([]string, 0, len(ws))
	for _, w := range ws {
		if !romanEzafe[w] {
			forms = append(forms, romanForm(w))
		}
	}
	for i := range len(forms) - 1 {
		forms[i], _ = romanCut(forms[i], romanEzafeEndings)
	}
	return strings.Join(forms, " ")
}

// romanKey is the tables' phrase of the same romanPhrase as ws, the words
// of a question: for one word, the tables' word it is with its
// roman_endings cut off one by one ("nezamia": "nezami"); "" for none.
func (r *romanized) romanKey(ws []string) string {
	f := romanPhrase(ws)
	for cut := true; cut; f, cut = romanCut(f, romanEndings) {
		if utf8.RuneCountInString(f) >= minLettered {
			if key := r.forms[f]; key != "" {
				return key
			}
		}
		if len(ws) > 1 {
			return ""
		}
	}
	return ""
}

// formed is ws, the words of a question in lang, with each phrase
// of Latin letters that holds a word the tables lack written as the
// tables' phrase of the same romanPhrase (see romanKey), when only one
// phrase is ("karmandaye dolate ghabli": "karmand e dolat" "qabli"); the
// longest phrase first; a question in another language is read as typed.
// ws is left as it was.
func (r *romanized) formed(lang string, ws []string) []string {
	if lang != LangDari && lang != LangPashto {
		return ws
	}
	unknown := func(w string) bool {
		return !r.parts[w] && hasLetter(w) && !foreignScript(w) && !isEnglish(w) &&
			strings.IndexFunc(w, unicode.IsDigit) < 0
	}
	if !slices.ContainsFunc(ws, unknown) {
		return ws
	}
	out := make([]string, 0, len(ws))
	for i := 0; i < len(ws); {
		n := min(r.longest, len(ws)-i)
		for ; n > 0; n-- {
			span := ws[i : i+n]
			if romanEzafe[span[0]] || !slices.ContainsFunc(span, unknown) {
				continue
			}
			if key := r.romanKey(span); key != "" {
				out = append(out, strings.Fields(key)...)
				break
			}
		}
		if n == 0 {
			out = append(out, ws[i])
			n = 1
		}
		i += n
	}
	return out
}

// scriptLetters writes a word of Persian script with words.txt's
// script_letters: Pashto's own letters, Arabic and Urdu forms as the
// letters they are typed for.
var scriptLetters = func() *strings.Replacer {
	var pairs []string
	for _, p := range wordLists.Pairs("script_letters") {
		pairs = append(pairs, p.Key, p.Value)
	}
	return strings.NewReplacer(pairs...)
}()

// minLettered is the fewest letters of a word read through scriptLetters:
// shorter ones are too often another word.
const minLettered = 4

// scriptSpoken are words.txt's script_spoken: a Dari or Pashto word as
// written, and as it is spoken and typed in chats.
var scriptSpoken = func() map[string][]string {
	out := make(map[string][]string)
	for written, forms := range wordMap("script_spoken") {
		for _, f := range strings.Split(forms, ",") {
			out[written] = append(out[written], strings.TrimSpace(f))
		}
	}
	return out
}()

// spokenPhrase is a phrase of the tables (written) with one of its words
// as spoken.
type spokenPhrase struct{ spoken, written string }

// spokenForms appends to out the phrases the tables' phrase key (its
// words ws, several) makes when one of its words is spoken as
// scriptSpoken says.
func spokenForms(out []spokenPhrase, key string, ws []string) []spokenPhrase {
	if len(ws) < 2 {
		return out // a word alone as spoken is too often another word
	}
	for i, w := range ws {
		for _, f := range scriptSpoken[w] {
			v := slices.Clone(ws)
			v[i] = f
			out = append(out, spokenPhrase{spoken: strings.Join(v, " "), written: key})
		}
	}
	return out
}

// add reads one table, and appends to spoken the phrases it gives as
// spoken (see spokenForms).
func (r *romanized) add(file, text string, spoken *[]spokenPhrase) error {
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("%s:%d: want \"english = spelling, …\"", file, n+1)
		}
		en := index.Words(left)
		for _, p := range strings.Split(right, ",") {
			ws := index.Words(p)
			if len(ws) == 0 {
				continue
			}
			key := strings.Join(ws, " ")
			if _, dup := r.english[key]; dup {
				return fmt.Errorf("%s:%d: %q is given twice", file, n+1, key)
			}
			r.english[key] = en
			*spoken = spokenForms(*spoken, key, ws)
			if file == germanFile {
				r.german[key] = true
			}
			for _, w := range ws {
				r.parts[w] = true
			}
			r.longest = max(r.longest, len(ws))
		}
	}
	return nil
}

// startVotes works out, once a process and in the background, what each
// word of the tables tells of its language: a start does not wait for it,
// and wordVote works a word out itself until it is done.
func (r *romanized) startVotes() {
	r.votesOnce.Do(func() { go r.workOutVotes() })
}

// germanEndings are the endings of German inflection, longest first:
// "willkürlicher" is "willkürlich" inflected.
var germanEndings = wordList("german_endings")

// uninflected is ws with each German word the German table lacks but
// lists uninflected ("willkürlicher": "willkürlich", "Leuten": "Leute")
// in the table's form. ws is left as it was.
func (r *romanized) uninflected(ws []string) []string { return inTablesForm(ws, r.germanBase) }

// inTablesForm is ws with each word base gives the tables' form of ("" for
// none) in that form; ws is left as it was.
func inTablesForm(ws []string, base func(string) string) []string {
	out := ws
	for i, w := range ws {
		if b := base(w); b != "" {
			if !cloned(out, ws) {
				out = slices.Clone(ws)
			}
			out[i] = b
		}
	}
	return out
}

// germanBase is the German table's form of w, when w is an inflection of
// it the table does not list, else "".
func (r *romanized) germanBase(w string) string {
	if len(w) < minInflected || r.parts[w] || isEnglish(w) {
		return ""
	}
	for _, end := range germanEndings {
		base, ok := strings.CutSuffix(w, end)
		if !ok || len(base) < minInflected-2 {
			continue
		}
		for _, form := range []string{base, base + "e", base + "en"} {
			if r.german[form] {
				return form
			}
		}
	}
	return ""
}

// germanLinks are what German writes between the parts of a compound
// ("Regierung-s-mitarbeiter"; words.txt's german_links), longest first,
// then none.
var germanLinks = append(wordList("german_links"), "")

// minCompound is the fewest bytes of a German word read as a compound,
// and minPart of each of its parts.
const (
	minCompound = 9
	minPart     = 4
)

// compound is the German word w, one the German table lacks, as the two
// words of the table it is made of ("regierungsmitarbeitern":
// "regierung", "mitarbeitern"; each in the table's form), the longest
// last part first; ok is false when it is none.
func (r *romanized) compound(w string) (first, last string, ok bool) {
	if len(w) < minCompound || r.parts[w] || r.germanBase(w) != "" || isEnglish(w) {
		return "", "", false
	}
	form := func(p string) string {
		if r.german[p] {
			return p
		}
		return r.germanBase(p)
	}
	for i := minPart; i <= len(w)-minPart; i++ {
		if !utf8.RuneStart(w[i]) {
			continue
		}
		if last = form(w[i:]); last == "" {
			continue
		}
		for _, link := range germanLinks {
			head, cut := strings.CutSuffix(w[:i], link)
			if !cut || len(head) < minPart {
				continue
			}
			if first = form(head); first != "" {
				return first, last, true
			}
		}
	}
	return "", "", false
}

// isCompound tells whether w is a German compound of the table's words.
func (r *romanized) isCompound(w string) bool {
	_, _, ok := r.compound(w)
	return ok
}

// compounds is ws with each German compound the table lacks written as
// its two words (see compound); ws is left as it was.
func (r *romanized) compounds(ws []string) []string {
	var out []string
	for i, w := range ws {
		first, last, ok := r.compound(w)
		if !ok {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(ws)+1), ws[:i]...)
		}
		out = append(out, first, last)
	}
	if out == nil {
		return ws
	}
	return out
}

// scriptEnding is an ending of a Dari or Pashto word in its own script
// and what the word tables have in its place.
type scriptEnding struct{ end, tables string }

// scriptEndings are words.txt's script_endings, the longest ending first.
var scriptEndings = func() []scriptEnding {
	var out []scriptEnding
	for _, p := range wordLists.Pairs("script_endings") {
		out = append(out, scriptEnding{end: p.Key, tables: p.Value})
	}
	slices.SortStableFunc(out, func(a, b scriptEnding) int { return len(b.end) - len(a.end) })
	return out
}()

// unended is ws with each word of Dari or Pashto script the tables lack
// but give with another ending (کشورا: کشورها) in the tables' form. ws is
// left as it was.
func (r *romanized) unended(ws []string) []string { return inTablesForm(ws, r.scriptBase) }

// scriptBase is the tables' form of w, a word of Dari or Pashto script
// they lack, when they give it with another ending; else "".
func (r *romanized) scriptBase(w string) string {
	if r.parts[w] || utf8.RuneCountInString(w) < 3 || !foreignScript(w) {
		return ""
	}
	for _, e := range scriptEndings {
		stem, ok := strings.CutSuffix(w, e.end)
		if !ok || utf8.RuneCountInString(stem) < 2 {
			continue
		}
		if r.parts[stem+e.tables] {
			return stem + e.tables
		}
	}
	if utf8.RuneCountInString(w) < minLettered {
		return ""
	}
	if k := r.letters[scriptLetters.Replace(w)]; k != "" {
		return k
	}
	return ""
}

// minInflected is the fewest bytes of a word read as an inflection (an
// umlaut counts two): shorter ones ("alles", "zahle") are too often
// another word.
const minInflected = 7

// isNative tells whether key is a phrase or a word the tables give with a
// word that is not also an English word.
func (r *romanized) isNative(key string) bool {
	// A word met only inside the tables' phrases ("in" of "in diesem
	// jahr") tells nothing alone.
	if _, ok := r.english[key]; !ok {
		return false
	}
	if v, ok := r.native.Load(key); ok {
		return v.(bool)
	}
	native := false
	for _, w := range strings.Fields(key) {
		native = native || !isEnglish(w)
	}
	r.native.Store(key, native)
	return native
}

// read replaces the romanized words of ws by their English, and tells
// whether it read any. A phrase made of English words ("log", "chi") is
// read this way only in a message with a word of the tables that is not
// English and another word of the tables ("amnesty chi mikhaya").
func (r *romanized) read(ws []string) ([]string, bool) {
	natives, words := 0, 0
	for _, w := range ws {
		if r.parts[w] {
			words++
		}
	}
	r.phrases(ws, func(key string, _ []string, given bool) bool {
		if given && r.isNative(key) {
			natives++
			return true
		}
		return false
	})
	if natives == 0 {
		return ws, false
	}
	all := natives >= 2 || words >= 2
	read := false
	out := make([]string, 0, len(ws)+4)
	r.phrases(ws, func(key string, en []string, given bool) bool {
		switch {
		case given && (all || r.isNative(key)):
			out = append(out, en...)
			read = true
			return true
		case !given:
			out = append(out, key)
		}
		return false
	})
	return out, read
}

// phrases walks ws, the longest phrase of the tables first: f gets each
// phrase or word the tables give (given) and says whether it takes it;
// a word no phrase of it was taken for comes to f once more, not given.
func (r *romanized) phrases(ws []string, f func(key string, en []string, given bool) bool) {
	var buf strings.Builder
	for i := 0; i < len(ws); i++ {
		taken := false
		// No phrase of the tables starts with a word that is none of theirs.
		for n := min(r.longest, len(ws)-i); n >= 1 && !taken && r.parts[ws[i]]; n-- {
			buf.Reset()
			for k, w := range ws[i : i+n] {
				if k > 0 {
					buf.WriteByte(' ')
				}
				buf.WriteString(w)
			}
			if en, ok := r.english[buf.String()]; ok && f(buf.String(), en, true) {
				taken = true
				i += n - 1
			}
		}
		if !taken {
			f(ws[i], nil, false)
		}
	}
}
