package answers

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"citebot/index"
)

// maxQuestion is how much of a message is read as the question, in bytes. A
// longer message (a pasted article) is cut here, at a character boundary.
const maxQuestion = 1000

// kind is the kind of fact a question asks for.
type kind int

const (
	kindAny   kind = iota
	kindCount      // how many, what share
	kindDate       // when, what year
	kindWho        // who, which organisation
	kindWhere      // where, which country
)

// query is a question read for lookup.
type query struct {
	empty, foreign, greeting bool
	relative                 bool // "this year", "now": read against the document's date
	kind                     kind
	concepts                 []concept
	years                    []int                // years the question names
	relYears                 []int                // "last year": offsets from the document's year
	ordinal                  int                  // "the second demand": 2; "the last one": lastItem
	duration                 bool                 // it asks how long: a length ("four days", "312 metres") answers as a date does
	timeOfDay                bool                 // it asks when or what time: a time of day ("at 5:30 a.m.") answers as a date does
	ordinalOf                []string             // the terms of the word after the ordinal, unless it names an item: "boat" in "the second boat"
	months                   []int                // months the question names ("in March")
	list                     bool                 // asks for several things: "which groups", "list the demands"
	focus                    string               // what "what is the X of …" or "how do I X" asks for: X
	split                    bool                 // asks for figures apart: "separately", "each", "vs"
	future                   bool                 // asks what will happen: "will Austria stop …"
	orgs                     []int                // organisations of orgs.txt the question names
	counted                  []string             // the terms of X in "how many X"
	person                   bool                 // asks for a person: "who is the minister", "name of the head"
	speaker                  []string             // "what did Pakistan say": the terms of who is said to speak
	exclusive                bool                 // "only", "alone", "not counting", "among": a part of a whole
	excludes                 bool                 // "not counting", "excluding", "without": one thing left out
	places                   []int                // places the question names (lexicon.places)
	aside                    []int                // places the question sets aside: "besides Iran"
	unknown                  bool                 // a word of weight the documents never use, nor any word for it
	figure                   bool                 // states a figure the documents do not give: "did they deport 50,000"
	claim                    bool                 // checks a claim: "is it true that …", "I heard …"
	names                    []string             // words written as names ("Trump"), lower case, that no table reads
	readAs                   string               // the words as read, when the word tables read some
	trans                    *transQuery          // the typed words in their own language, when a translation has it
	opinion                  bool                 // asks the bot's own view: "what do you think", "your opinion"
	translate                bool                 // asks for a translation: "translate hello to pashto", "how do you say"
	figures                  bool                 // speaks of figures, whatever it asks of them: "what year are the figures for"
	numbers                  []string             // the words with a digit, as numberWord has them
	ranks                    []int                // the ranks it names: "22nd", "third"
	opposed                  []counterpart        // its terms that words.txt's counterparts pair with others: "older" in "older sister"
	terms                    []string             // the analysed terms of words, in order, as the analyser reads them word by word (see readOpposed)
	words                    []string             // the question's words, spelling mended
	plain                    []plainTerm          // the analysed terms of words, in order, as the index has them (see plainTerms)
	signals                  [numPersonal]float64 // what tells a question about one's own case (personal.go)
	typed                    []string             // the words as typed, lower case, before any table reads them
	checks                   bool                 // asks whether a claim is so, and gets a verdict (verdict.go)
	lang                     string               // the language it is written in (lang.go)
	langTold                 bool                 // some word told lang; else lang is English for want of any
	before                   *index.Passage       // a follow-up's: the passage that answered the turn before, if any
}

// plainTerms sets q.plain from q.terms (its words' terms, read once by
// readOpposed).
func (e *Engine) plainTerms(q *query) {
	for _, t := range q.terms {
		pt := plainTerm{term: t, id: e.store.TermID(t), idf: e.store.IDF(t)}
		if pt.idf == 0 {
			pt.idf = e.oovIDF
		}
		q.plain = append(q.plain, pt)
	}
}

// plainTerm is one analysed term of the question as typed (spelling
// mended): its id in the index (index.NoTerm when no passage holds it) and
// its weight.
type plainTerm struct {
	term string
	id   uint32
	idf  float64
}

// A question for a part of a whole: "excluding Iran", "not counting
// Pakistan" leave one thing out; "only", "alone" ask for one part.
var (
	leaveOutWords = wordSet("leave_out_words")
	countingWords = wordSet("counting_words")
	partWords     = wordSet("part_words")
)

// readAttribution sets aside, in a message that checks a claim, where the
// asker met it and the tag that asks to confirm it: in "Reuters said
// Amnesty wants …", "I saw a post saying 60% …", "I read that …", the
// words up to the verb that reports it (and a "that" after it) name the
// rumour's source, not what it says; in "…, is that right?" the "right"
// asks, and says nothing. The verb must stand among the turn's first
// words, after no question word ("what has Reuters reported" asks). The
// turn's opening clause, its first clause words (see openingClause), is
// all of the source when it names one: "Ein Abgeordneter behauptete im
// Plenum, …", "In einem Kommentar der Konkurrenz stand, …".
func readAttribution(q *query, ws []string, ctx, clause int, aside map[int]bool) int {
	if !q.checks || ctx >= len(ws) {
		return 0
	}
	turn := ws[ctx:]
	if n := len(turn); n > 3 && tagEnds[turn[n-1]] {
		aside[ctx+n-1] = true
	}
	end := reportedAt(turn)
	if clause > 0 && clause <= len(turn) && namesSource(turn[:clause]) {
		end = max(end, clause-1)
	}
	if end < 0 || end+2 >= len(turn) {
		return 0
	}
	if turn[end+1] == "that" {
		end++
	}
	for k := 0; k <= end; k++ {
		aside[ctx+k] = true
	}
	q.claim = true
	return end + 1
}

// germanForms is typed, a German question's words, each the German table
// lacks in the table's form or as the compound's two words (see
// uninflected, compounds), as the question is read; other languages' as
// they are.
func (e *Engine) germanForms(q *query, typed []string) []string {
	if q.lang != LangGerman {
		return typed
	}
	return e.roman.compounds(e.roman.uninflected(typed))
}

// openingClause is how many words, as read, the clause that opens turn
// (a message's last sentence) holds when a comma ends it among the turn's
// first maxAttribution words and more follows; else 0.
func (e *Engine) openingClause(q *query, turn string) int {
	i := strings.IndexAny(turn, ",،")
	if i < 0 || len(index.Words(turn[i:])) < 3 {
		return 0
	}
	typed := index.Words(turn[:i])
	if len(typed) == 0 || len(typed) > maxAttribution {
		return 0
	}
	read, _ := e.roman.read(e.germanForms(q, typed))
	return len(withoutFunction(q, read))
}

// namesSource tells whether clause, a claim's opening clause as read,
// names where the asker met the claim: a verb that reports it among its
// last words ("Ein Kollege schreibt", "Reuters said on Monday"; not
// "Amnesty says Germany deports people", the claim itself), or a medium
// it came through ("in a post on X", "in der Talkshow am Sonntag").
func namesSource(clause []string) bool {
	if slices.ContainsFunc(clause, func(w string) bool { return rumourMedia[w] }) {
		return true
	}
	at := reportedAt(clause)
	return at >= 0 && at >= len(clause)-reportedTail
}

// reportedTail is how many of an opening clause's last words the verb
// that reports a claim may stand among: "behauptete im Plenum".
const reportedTail = 3

// reportedAt is where the verb that reports a rumour stands among the
// first words of turn ("Reuters said", "I read that", "we heard"), after
// no question word; -1 when none does.
func reportedAt(turn []string) int {
	end := -1
	for i, w := range turn[:min(len(turn), maxAttribution)] {
		if whWords[w] {
			break
		}
		heard := hearingWords[w] && (i+1 < len(turn) && turn[i+1] == "that" || slices.ContainsFunc(turn[max(0, i-2):i], func(a string) bool { return askerWords[a] }))
		if rumourWords[w] || heard {
			end = i
		}
	}
	return end
}

// tellerIsNoCase reads the personal signals of oneself and one's kin
// again without a rumour's teller: in "my cousin says 5 million were
// deported", the cousin told it, and the message is about no one's case.
// The n words from ctx on name the teller. A question the word tables
// read is read in its words as typed too (a kin word the tables drop is
// still a kin word): there the teller is the typed words of the last
// sentence (from typedCtx on) up to the first that reads as reporting a
// rumour ("زما خور وایي": my sister says).
func (e *Engine) tellerIsNoCase(q *query, ws []string, ctx, n, typedCtx int) {
	rest := append(slices.Clip(ws[:ctx]), ws[ctx+n:]...)
	last := ws[ctx+n:]
	if q.readAs != "" {
		typed := q.typed[min(typedCtx, len(q.typed)):]
		k := 1
		for ; k <= min(len(typed), maxAttribution); k++ {
			if read, _ := e.roman.read(typed[:k]); reportedAt(read) >= 0 {
				break
			}
		}
		if k > min(len(typed), maxAttribution) {
			return // the teller is not found as typed: the signals stand
		}
		rest = append(append(rest, q.typed[:typedCtx]...), typed[k:]...)
		last = append(slices.Clip(last), typed[k:]...)
	}
	q.signals[pSelf], q.signals[pKin] = q.hasPersonal(rest, personalSelf), q.hasPersonal(rest, personalKin)
	q.signals[pSelfLast] = q.hasPersonal(last, personalSelf)
}

// onlyAside tells whether the word w stands in ws, and only where aside
// holds: a name that only tells who passed a rumour on ("Eine Klientin
// sagt", "my friend Ahmad says") is none of the claim's.
func onlyAside(w string, ws []string, aside map[int]bool) bool {
	found := false
	for i, x := range ws {
		if x == w {
			if !aside[i] {
				return false
			}
			found = true
		}
	}
	return found
}

// maxAttribution is how many of a turn's first words may name a rumour's
// source, its reporting verb included.
const maxAttribution = 8

// Verbs that report a rumour: speech ("said", "posted"), and hearing or
// reading ("heard", "read", "saw") one or two words after "I" ("I have
// heard") or before "that".
var (
	rumourWords  = wordSet("rumour_words")
	hearingWords = wordSet("hearing_words")
	askerWords   = wordSet("asker_words")
	rumourMedia  = wordSet("rumour_media")
)

// thanksWords thank; maxThanks is the most words a message of thanks
// alone has.
var thanksWords = wordSet("thanks_words")

const maxThanks = 5

// futureOpeners open a question about what will happen: "will Austria
// stop …".
var futureOpeners = wordSet("future_openers")

// tagAt is where a closing "did they" or "didn't they" ("did not they")
// would start in ws, which holds at least two words.
func tagAt(ws []string) int {
	aux := len(ws) - 2
	if denyWords[ws[aux]] {
		aux--
	}
	return aux
}

// withoutTag is ws without a closing "…, didn't they": the tag's "not"
// asks for a yes, it denies nothing.
func withoutTag(ws []string) []string {
	if len(ws) < 4 || !tagged(ws) || tagEnds[ws[len(ws)-1]] {
		return ws
	}
	return ws[:tagAt(ws)]
}

// tagged tells whether a statement ends in a tag that asks to confirm it:
// "…, didn't they", "…, isn't it", "…, right", "…, confirm".
func tagged(ws []string) bool {
	n := len(ws)
	if n < 4 {
		return false
	}
	aux := tagAt(ws)
	switch last := ws[n-1]; {
	case tagEnds[last]:
		return !claimOpeners[ws[0]] || !negatives[last]
	case aux > 0 && tagPronouns[last] && tagAuxiliaries[ws[aux]]:
		// "…, didn't they", not "who is she" nor "what is it".
		return !claimOpeners[ws[0]] && !whWords[ws[0]] && !whWords[ws[aux-1]]
	}
	return false
}

// The words of a tag that asks to confirm a statement: "…, right", "…,
// didn't they".
var (
	tagEnds        = wordSet("tag_ends")
	negatives      = wordSet("negatives")
	tagPronouns    = wordSet("tag_pronouns")
	tagAuxiliaries = wordSet("tag_auxiliaries")
	whWords        = wordSet("wh_words")
)

// yesNoOpeners open a question that asks whether something is so: "did
// Singh resign", "has Germany signed".
var yesNoOpeners = wordSet("yes_no_openers")

// claimOpeners open a question that asks whether the source says a thing.
var claimOpeners = wordSet("claim_openers")

// sourceWords are what people call the document they ask about.
var sourceWords = wordSet("source_words")

// usaName is the United States written short, in capitals.
var usaName = regexp.MustCompile(`\bU\.?S\.?(\s|$)`)

// namesIn lists the words text writes as names, in capitals ("IOM") or
// with a capital inside a sentence ("deported under Trump"), that are not
// English words, places, words of the lexicon or of the romanized tables
// (a German noun's spelling mended first).
func (e *Engine) namesIn(text string, german bool) []string {
	var out []string
	capitalWords(text, func(w string, caps, capital, titleCase bool) {
		lw := strings.ToLower(w)
		// German writes every noun with a capital: one misspelt is
		// mended as any word; a name elsewhere never is.
		if c, ok := e.spell.correct(lw); ok && german {
			lw = c
		}
		// A name the lexicon gives words for ("NGO") is weighed as any
		// other word.
		// German's nouns the table reads, alone or in a phrase, or as a
		// compound of its words, are no names.
		if german && (e.roman.parts[lw] || e.roman.germanBase(lw) != "" || e.roman.isCompound(lw)) {
			return
		}
		if _, place := e.lex.placeOf[lw]; place || ((caps || titleCase) && isEnglish(lw)) || len(e.lex.phrases[lw]) > 0 || e.roman.english[lw] != nil ||
			cueWords[lw] || greetings[lw] || chatWords[lw] != "" || len(e.termsOf(lw)) == 0 {
			return
		}
		out = append(out, lw)
	})
	return out
}

// capitalWords calls f with each word of text written in capitals (caps:
// "NGO", "UNAMA") or with a capital and the rest small inside a sentence
// (capital: "Ruth"), three letters or more, and whether its sentence is in
// Title Case, where Every Word Has A Capital and an English word is then
// no name. Most chat is typed without capitals, or with one to start:
// then f is never called. Scripts without capitals (Persian) write no
// names this way.
func capitalWords(text string, f func(w string, caps, capital, titleCase bool)) {
	if !capitalInside(text) {
		return
	}
	for _, sentence := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(".?!:;\n", r) }) {
		words := strings.FieldsFunc(sentence, func(r rune) bool { return !unicode.IsLetter(r) })
		capitals := 0
		for _, w := range words {
			if first, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(first) {
				capitals++
			}
		}
		titleCase := capitals*2 > len(words)
		for i, w := range words {
			first, size := utf8.DecodeRuneInString(w)
			caps := len(w) >= 3 && strings.ToUpper(w) == w && strings.ToLower(w) != w
			capital := i > 0 && len(w) >= 3 && unicode.IsUpper(first) && strings.ToLower(w[size:]) == w[size:]
			if caps || capital {
				f(w, caps, capital, titleCase)
			}
		}
	}
}

// capitalisedWords are the words of text, lower case, written with a
// capital and the rest small inside a sentence, three letters or more:
// names, in text that is not in Title Case.
func capitalisedWords(text string) map[string]bool {
	out := map[string]bool{}
	capitalWords(text, func(w string, _, capital, titleCase bool) {
		if capital && !titleCase {
			out[strings.ToLower(w)] = true
		}
	})
	return out
}

// asksOpinion tells whether a question asks the bot's own view: "what do
// you think", "your personal opinion", "do you believe".
func asksOpinion(ws []string) bool {
	for i, w := range ws {
		near := ws[i+1 : min(len(ws), i+4)]
		switch {
		case opinionYou[w] && slices.ContainsFunc(near, func(v string) bool { return opinionVerbs[v] }):
			return true
		case opinionYour[w] && slices.ContainsFunc(near, func(v string) bool { return opinionNouns[v] }):
			return true
		}
	}
	return false
}

var (
	opinionYou   = wordSet("opinion_you")  // "you think", "do you believe"
	opinionYour  = wordSet("opinion_your") // "your opinion", "ur view"
	opinionVerbs = wordSet("opinion_verbs")
	opinionNouns = wordSet("opinion_nouns")
)

// capitalInside tells whether text has a capital letter other than the
// first letter of a sentence: a word that may be a name.
func capitalInside(text string) bool {
	words := 0 // words begun in this sentence
	inWord := false
	upper := 0 // capitals in the current word
	for _, r := range text {
		if unicode.IsLetter(r) {
			if !inWord {
				inWord, upper = true, 0
				words++
			}
			if unicode.IsUpper(r) {
				upper++
				if words > 1 || upper > 1 {
					return true
				}
			}
			continue
		}
		inWord = false
		if strings.ContainsRune(".?!:;\n", r) {
			words = 0
		}
	}
	return false
}

// translateCues ask the bot to translate, which no passage answers.
var translateCues = cueList("translate_cues")

// claimCues say that a message checks a claim.
var claimCues = cueList("claim_cues")

// multipliers follow a number that is a figure: "5 million", "30 percent".
var multipliers = wordSet("multipliers")

// statesFigure tells whether the number ws[i] is a figure of something
// ("50,000", "30%", "5 million", "500 people") rather than a small count
// ("the 2 countries") or a position ("point 3").
func statesFigure(ws []string, i int) bool {
	w := ws[i]
	if strings.ContainsAny(w, "%,.") {
		return true
	}
	if i+1 < len(ws) && multipliers[ws[i+1]] {
		return true
	}
	n, err := strconv.Atoi(w)
	return err == nil && n >= 20
}

// concept is one thing the question asks about, with the ways a passage
// may say it.
type concept struct {
	word   string // as the user wrote it, for debugging
	alts   []alt
	weight float64
	place  bool // it names a place or nationality
	light  bool // a common word, weighed lightWeight of its rarity
	// context: read only from the sentences before the message's last,
	// which may tell the asker's situation ("My father was in the army.
	// Is he at risk?").
	context bool
	role    bool // it names a group of people by role: "journalist", "army" (words.txt's role_words)
}

type alt struct {
	terms []string
	ids   []uint32 // the terms' ids in the store, index.NoTerm for one it lacks
	idf   float64  // the IDF of its rarest term; 0 when the store lacks one
	w     float64  // how sure the mapping is, 0..1
}

// newAlt prepares terms for lookup in store.
func newAlt(store Searcher, terms []string, w float64) alt {
	a := alt{terms: terms, ids: make([]uint32, len(terms)), w: w}
	known := true
	for j, t := range terms {
		a.ids[j] = store.TermID(t)
		idf := store.IDF(t)
		known = known && idf > 0
		a.idf = max(a.idf, idf)
	}
	if !known {
		a.idf = 0
	}
	return a
}

// clean makes a message safe and comparable: valid UTF-8, compatibility
// forms folded (NFKC), control, zero-width and bidi characters removed,
// curly quotes made straight, cut at maxQuestion.
func clean(s string) string {
	if len(s) > 4*maxQuestion {
		s = s[:4*maxQuestion]
	}
	s = strings.ToValidUTF8(s, " ")
	if !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		t, keep := typedScript(r)
		switch {
		case !keep:
		case t != r:
			b.WriteRune(t)
		case r == '‘' || r == '’' || r == '`' || r == '´':
			b.WriteByte('\'')
		case r == '“' || r == '”':
			b.WriteByte('"')
		case unicode.IsControl(r) || unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
		if b.Len() >= maxQuestion {
			break
		}
	}
	return strings.TrimSpace(b.String())
}

// typedScript is r of the Arabic script, or a zero-width or bidi
// control, as the engine reads it (false: dropped): the Arabic forms of
// Persian letters, which keyboards mix, as the Persian ones; digits as
// ASCII; short-vowel marks, the stretching tatweel and the controls
// dropped. The word lists hold their words in these forms
// (TestWordListsAreInTypedForm).
func typedScript(r rune) (rune, bool) {
	switch {
	case r == 'ي' || r == 'ى':
		return 'ی', true
	case r == 'ك':
		return 'ک', true
	case r >= '\u064b' && r <= '\u065f', r == '\u0670', r == '\u0640':
		return 0, false
	case r >= '۰' && r <= '۹':
		return '0' + r - '۰', true
	case r >= '٠' && r <= '٩':
		return '0' + r - '٠', true
	case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff',
		r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u200e' || r == '\u200f', r == '\u061c':
		return 0, false
	}
	return r, true
}

// foreignScript tells whether most letters of s are outside the Latin script.
func foreignScript(s string) bool {
	latin, other := 0, 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		if unicode.Is(unicode.Latin, r) {
			latin++
		} else {
			other++
		}
	}
	return other > latin
}

// countStops end what "how many" counts: a verb's helper, a preposition.
var countStops = wordSet("count_stops")

// countOf are the words of "the number of X": X is what is counted.
// ("The percentage of X" counts a part of X: X is the whole.)
var countOf = wordSet("count_of")

// genericTerms are the analysed terms of words for people in general.
var genericTerms = wordSet("generic_terms")

// genericPeople are words for people in general.
var genericPeople = wordSet("generic_people")

var greetings = wordSet("greetings")

// Phrases that say what kind of fact is wanted. Matched against the
// question's words joined by single spaces and padded with spaces.
var (
	countCues    = cueList("count_cues")
	dateCues     = cueList("date_cues")
	durationCues = cueList("duration_cues")
	timeCues     = cueList("time_cues")
	whereCues    = cueList("where_cues")
	thisYear     = cueList("this_year")
	lastYear     = cueList("last_year")
	nextYear     = cueList("next_year")
	relativeCues = cueList("relative_cues")
)

// lightTerms are analysed terms of everyday words that say little about
// what a question is after ("people", "go", "country"); they weigh
// lightWeight of their IDF, so that a sentence is not chosen for them alone.
var (
	lightTerms  = wordSet("light_terms")
	lightWeight = 0.5
	partWeight  = 0.9 // the certainty of a phrase inside the one the question uses
)

// fillerWords open or pad a chat question and say nothing of what it
// asks: never concepts.
var fillerWords = wordSet("discourse_fillers")

// ordinalPronouns stand for the item after an ordinal: "the second one".
var ordinalPronouns = wordSet("ordinal_pronouns")

// chatWords are the short forms of chat, read as the words they stand for.
var chatWords = wordMap("chat_words")

// splitWords ask for a figure for each of several things.
var splitWords = wordSet("split_words")

// personRoles are what people are, when a question asks who holds one.
var personRoles = wordSet("person_roles")

// focusLead are the words that may open a "what is the X of" question.
var focusLead = wordSet("focus_lead")

// "how do I apply …", "where can my family apply …": the words that open
// a question about doing something, and who does it.
var (
	howToOpeners     = wordSet("how_to_openers")
	howToModals      = wordSet("how_to_modals")
	howToDeterminers = wordSet("how_to_determiners")
	doers            = wordSet("doers")
)

// focusOf finds what a question of the form "what is the X of …" or "who
// is the X of …" asks for (X), or X in "the name of the (Austrian) X".
func (e *Engine) focusOf(ws []string) string {
	// "how do I apply …", "where can my family apply …": the doing asked about.
	if len(ws) >= 4 && howToOpeners[ws[0]] && howToModals[ws[1]] {
		rest := ws[2:]
		if howToDeterminers[rest[0]] {
			rest = rest[1:]
		}
		if doers[rest[0]] && len(rest) > 1 {
			return rest[1]
		}
	}
	for i := 0; i+2 < len(ws) && i < 6; i++ {
		switch {
		case ws[i] == "name" && ws[i+1] == "of":
			for _, w := range ws[i+2 : min(i+6, len(ws))] {
				if _, place := e.lex.placeOf[w]; !place && w != "the" && w != "a" {
					return w
				}
			}
			return ""
		case ws[i] == "the":
			if ws[i+2] == "of" || (i+3 < len(ws) && ws[i+3] == "of") { // "the head of", "the secretary general of"
				return ws[i+1]
			}
			return ""
		case !focusLead[ws[i]]:
			return ""
		}
	}
	return ""
}

// speakerOf finds who a question asks the words of: "what did Pakistan's
// government say", "how did the Taliban respond", "what does UNHCR think".
// It returns the terms of the words between the verb "did"/"does" and the
// saying.
func (e *Engine) speakerOf(ws []string) []string {
	if len(ws) == 0 || (ws[0] != "what" && ws[0] != "how" && ws[0] != "why") {
		return nil // "does Amnesty say X?" asks whether the source says X
	}
	for i := 1; i+2 < len(ws) && i < 3; i++ {
		if !speakerAuxiliaries[ws[i]] {
			continue
		}
		for j := i + 2; j < len(ws) && j <= i+5; j++ {
			if sayingWords[ws[j]] {
				return e.speakerTerms(untilEnd(ws[i+1 : j]))
			}
		}
	}
	return nil
}

// untilEnd is ws up to a word of speakerEnds after its first: "smriti
// singh" of "what has smriti singh on states said" ("was hat Smriti Singh
// über die Staaten gesagt").
func untilEnd(ws []string) []string {
	for j := 1; j < len(ws); j++ {
		if speakerEnds[ws[j]] {
			return ws[:j]
		}
	}
	return ws
}

// speakerTerms are the terms of ws, the words that name who is asked
// about; none when they name the document itself: in "what does the
// report say about X" the document speaks, every passage of it.
func (e *Engine) speakerTerms(ws []string) []string {
	if !slices.ContainsFunc(ws, func(w string) bool { return !sourceWords[w] && !howToDeterminers[w] && w != "this" }) {
		return nil
	}
	var terms []string
	for _, w := range ws {
		terms = append(terms, e.termsOf(w)...)
	}
	return terms
}

// speakerAlts are the speaker's terms and the one-word ways the tables
// say them: "what did deportees tell …" asks the words of those the
// report calls returnees ("Returnees described …").
func speakerAlts(speaker []string, concepts []concept) []string {
	if len(speaker) == 0 {
		return speaker
	}
	out := speaker
	for _, c := range concepts {
		if own := c.alts[0].terms; len(own) != 1 || !slices.Contains(speaker, own[0]) {
			continue
		}
		for _, a := range c.alts[1:] {
			if len(a.terms) == 1 && !slices.Contains(out, a.terms[0]) {
				out = append(slices.Clip(out), a.terms[0])
			}
		}
	}
	return out
}

var (
	// speakerAuxiliaries open "what did X say", and as German reads,
	// "what has X said" ("was hat X gesagt").
	speakerAuxiliaries = wordSet("speaker_auxiliaries")
	// speakerEnds end the speaker in "what has X on … said".
	speakerEnds = wordSet("speaker_ends")
)

// sayingWords say that someone speaks: in a question "what did X say", in a
// source "…, said X".
var sayingWords = wordSet("saying_words")

// knows tells whether the documents say w, or a word the lexicon gives for
// it; only document d, when given.
func (e *Engine) knows(w string, d *index.Document) bool {
	idf := e.store.IDF
	if d != nil && len(e.store.Documents()) > 1 {
		idf = e.store.DocStats(d).IDF
	}
	for _, t := range e.termsOf(w) {
		if idf(t) > 0 {
			return true
		}
		for _, g := range e.lex.phrases[t] {
			for _, a := range e.lex.groups[g].alts {
				known := a.idf > 0
				for _, at := range a.terms {
					known = known && idf(at) > 0
				}
				if known {
					return true
				}
			}
		}
	}
	return false
}

// asideWords set a place aside: "besides Iran", "other than Pakistan".
var asideWords = wordSet("aside_words")

// setAside tells whether the words before a place set it aside: "besides
// Iran and Pakistan", "other than Iran", "except Pakistan".
// It returns where the setting aside starts, or -1.
func setAside(before []string) int {
	for i := len(before) - 1; i >= 0 && i >= len(before)-4; i-- {
		if asideWords[before[i]] {
			return i
		}
	}
	return -1
}

// The words of a question for several things: "list …", "which groups
// …", "what are the kinds of …".
var (
	listWords   = wordSet("list_words")
	whichWords  = wordSet("which_words")
	listFillers = wordSet("list_fillers")
	kindWords   = wordSet("kind_words")
)

// asksForList tells whether a question asks for several things: "list …",
// "which groups …", "what are the demands".
func asksForList(ws []string) bool {
	for i, w := range ws {
		switch {
		case listWords[w]:
			return true
		case whichWords[w]:
			rest := ws[i+1:]
			for len(rest) > 1 && (listFillers[rest[0]] || kindWords[rest[0]]) {
				if kindWords[rest[0]] {
					return true
				}
				rest = rest[1:]
			}
			if len(rest) > 0 {
				n := rest[0]
				if len(n) > 3 && strings.HasSuffix(n, "s") && !strings.HasSuffix(n, "ss") && !verbLike[n] {
					return true
				}
			}
		}
	}
	return false
}

// fractionOpeners make the ordinal after them a share: "a third", "two
// thirds".
var fractionOpeners = wordSet("fraction_openers")

// verbLike are words ending in "s" that follow "what" as verbs, not plurals.
var verbLike = wordSet("verb_like")

// asksWho tells whether a question asks for a person or an organisation:
// it opens with "who" (not "people who…") or asks "which organisation".
// whoWords ask for someone; whoKinds, after "which" or "what", too
// ("which organisation").
var (
	whoWords = wordSet("who_words")
	whoKinds = wordSet("who_kinds")
)

func asksWho(ws []string) bool {
	for i, w := range ws {
		if i >= 3 {
			break
		}
		switch {
		case whoWords[w]:
			return true
		case whichWords[w] && i+1 < len(ws) && whoKinds[ws[i+1]]:
			return true
		}
	}
	return false
}

// listPointers are the words before a number that points at an item of a
// list: "point 3", "demand no 2".
var listPointers = wordSet("list_pointers")

// ordinals point at an item of a list by its place: "the second demand".
var ordinals = wordNumbers("ordinals")

// lastItem is the ordinal of "the last one", "the final demand": the last
// item of its list, however long.
const lastItem = -1

var (
	lastWords     = wordSet("last_item")
	lastItemNouns = wordSet("last_item_nouns")
)

// cueWords are dropped from the concepts once they have told the kind of
// question or its time: they say what is asked, not what it is about.
var cueWords = wordSet("cue_words")

// cues are phrases of a few words that say what a question asks; they are
// found word by word, without scanning the question once per phrase.
type cues map[string][][]string // first word to the phrases it starts

func newCues(phrases ...string) cues {
	c := cues{}
	for _, p := range phrases {
		ws := strings.Fields(p)
		c[ws[0]] = append(c[ws[0]], ws)
	}
	return c
}

// first is the index of the word where the earliest cue starts, or -1.
func (c cues) first(ws []string) int {
	for i, w := range ws {
		for _, p := range c[w] {
			if len(p) <= len(ws)-i && slices.Equal(p, ws[i:i+len(p)]) {
				return i
			}
		}
	}
	return -1
}

func (c cues) in(ws []string) bool { return c.first(ws) >= 0 }

// opening is how many words of the longest of c's phrases ws open with,
// or 0.
func (c cues) opening(ws []string) int {
	n := 0
	if len(ws) > 0 {
		for _, p := range c[ws[0]] {
			if len(p) > n && len(p) <= len(ws) && slices.Equal(p, ws[:len(p)]) {
				n = len(p)
			}
		}
	}
	return n
}

// ends tells whether ws end with one of c's phrases: "…, rishtia da".
func (c cues) ends(ws []string) bool {
	for i, w := range ws {
		for _, p := range c[w] {
			if len(p) == len(ws)-i && slices.Equal(p, ws[i:]) {
				return true
			}
		}
	}
	return false
}

// contextEnd is where the last sentence of a message starts, when
// sentences before it tell the asker's situation ("My claim was rejected
// in Germany. Will I be sent back?"), or 0. A remark after the last
// question belongs to it ("… this year? saw that on a channel"), unless
// it asks too ("… to kabul?? what amnesty say about people like me").
func contextEnd(text string) int {
	last := len(text) - 2
	if q := strings.LastIndexAny(text, "?؟"); q > 0 {
		if after := index.Words(text[q:]); len(after) > 0 && !whWords[after[0]] {
			last = q - 1
		}
	}
	for i := last; i > 0; i-- {
		c := text[i]
		if (c != '.' && c != '!' && c != '?') || text[i+1] != ' ' {
			continue
		}
		before := index.Words(text[:i])
		// "the U.S. deports": an abbreviation ends no sentence.
		if len(before) < 4 || (c == '.' && len(before[len(before)-1]) < 3 && !index.IsNumber(before[len(before)-1])) {
			continue
		}
		// "someone said 5 million were sent back. true?": a sentence
		// that only asks whether the one before is so is one with it.
		after := index.Words(text[i+1:])
		if len(after) <= maxTagSentence && (verdictCues.in(after) || claimCues.in(after)) {
			continue
		}
		// "… mostly Iran and Pakistan. does this piece say so?": nor does
		// one that asks whether the source says it too.
		if len(after) > 0 && len(after) <= maxSourceTag && !whWords[after[0]] &&
			slices.ContainsFunc(after, func(w string) bool { return tagSources[w] }) &&
			slices.ContainsFunc(after, func(w string) bool { return tagPointers[w] }) {
			continue
		}
		return i + 1
	}
	return 0
}

// maxTagSentence is the most words of a sentence that only asks whether
// the one before it is so ("is that what it says?").
const maxTagSentence = 5

// maxSourceTag is the most words of a sentence that asks whether the
// source says what the one before says ("does the article say the same?").
const maxSourceTag = 8

var (
	tagSources  = wordSet("tag_sources")
	tagPointers = wordSet("tag_pointers")
)

// pluralOfY is the plural a word ending in a consonant and "ys" is
// commonly meant as ("countrys": "countries"), or "".
func pluralOfY(w string) string {
	if len(w) < 5 || !strings.HasSuffix(w, "ys") || strings.ContainsRune("aeiou", rune(w[len(w)-3])) {
		return ""
	}
	return w[:len(w)-2] + "ies"
}

// adjectiveOf is the adjective an adverb is made from ("forcibly":
// "forcible", "internationally": "international"), or "".
func adjectiveOf(w string) string {
	if len(w) < 6 || !strings.HasSuffix(w, "ly") {
		return ""
	}
	switch {
	case strings.HasSuffix(w, "ibly"), strings.HasSuffix(w, "ably"):
		return w[:len(w)-1] + "e"
	case strings.HasSuffix(w, "ily"):
		return w[:len(w)-3] + "y"
	}
	return w[:len(w)-2]
}

// parse reads a question.
func (e *Engine) parse(question string) query { return e.parseAs(question, false) }

// parseAs reads question; check says it is a claim to check (/check), so
// read as one whatever its words.
func (e *Engine) parseAs(question string, check bool) query {
	var q query
	text := e.roman.fromUrduKeyboard(clean(question))
	ws, fixed := e.readWords(&q, text)
	if q.empty {
		return q
	}
	if q.foreign {
		q.signals = personalSignals(&q, text, len(index.Words(text[:contextEnd(text)])), nil, 0)
		return q
	}
	aside := map[int]bool{} // words not looked up: places set aside, framing
	e.readCounted(&q, ws, aside)
	e.readKind(&q, text, ws)
	// Sentences before the last may tell the asker's situation.
	end := contextEnd(text)
	typedBefore := index.Words(text[:end])
	before, _ := e.roman.read(e.germanForms(&q, typedBefore))
	before = withoutFunction(&q, before)
	ctx := min(len(before), len(ws))
	e.readIntent(&q, text, ws, ctx)
	// A claim's markers may be words the tables read as others ("شنیدم",
	// "migan"): they are looked for as typed too.
	q.claim = q.claim || claimCues.in(q.typed[min(len(typedBefore), len(q.typed)):])
	q.signals = personalSignals(&q, text, len(typedBefore), ws, ctx)
	q.checks = check || checksClaim(&q, text[end:], ws[ctx:])
	readTime(&q, ws)
	e.readPlaces(&q, ws, ctx, aside)
	readFraming(&q, ws, aside)
	clause := e.openingClause(&q, text[end:])
	if n := readAttribution(&q, ws, ctx, clause, aside); n > 0 {
		e.tellerIsNoCase(&q, ws, ctx, n, len(typedBefore))
		q.names = slices.DeleteFunc(q.names, func(name string) bool { return onlyAside(name, ws, aside) })
	}
	e.readConcepts(&q, text, ws, fixed, aside, ctx)
	e.readOpposed(&q)
	if !q.claim && !q.checks && !strings.ContainsAny(text[:end], "?؟") && (selfIn(typedBefore) || selfIn(before)) {
		e.weighContext(&q, ws, ctx, aside)
	}
	return q
}

// counterpart is a term of the question that words.txt's counterparts
// pair with others, with the terms beside it in the question.
type counterpart struct{ term, before, after string }

// readOpposed reads the terms of the question's words, in order, and keeps
// those that words.txt's counterparts pair with others ("older" with
// "younger"), with their neighbours, unless the question says the other of
// the pair too.
func (e *Engine) readOpposed(q *query) {
	var terms []string
	for _, w := range q.words {
		terms = append(terms, e.termsOf(w)...)
	}
	q.terms = terms
	for i, t := range terms {
		// "goods or passenger traffic" asks of both sides.
		if len(e.counterparts[t]) == 0 || slices.ContainsFunc(e.counterparts[t], func(o string) bool { return slices.Contains(terms, o) }) {
			continue
		}
		c := counterpart{term: t}
		if i > 0 {
			c.before = terms[i-1]
		}
		if i+1 < len(terms) {
			c.after = terms[i+1]
		}
		q.opposed = append(q.opposed, c)
	}
}

// weighContext reads as light words the concepts only the sentences
// before a message's question say, when they tell the asker's situation
// ("My cousin is in Tajikistan. What does the report say about
// Tajikistan?") and the question names a concept of its own: they are not
// what is asked.
func (e *Engine) weighContext(q *query, ws []string, ctx int, aside map[int]bool) {
	if ctx == 0 {
		return
	}
	asked := map[string]bool{}
	for i := ctx; i < len(ws); i++ {
		if !aside[i] {
			for _, t := range e.termsOf(ws[i]) {
				asked[t] = true
			}
		}
	}
	own := func(c concept) bool {
		return slices.ContainsFunc(c.alts[0].terms, func(t string) bool { return asked[t] })
	}
	if !slices.ContainsFunc(q.concepts, func(c concept) bool { return !c.light && own(c) }) {
		return
	}
	for i := range q.concepts {
		if c := &q.concepts[i]; !own(*c) && !c.light {
			c.light = true
			c.weight *= lightWeight
		}
	}
}

// readWords reads text as words: Dari, Pashto and Urdu through the word
// tables, chat forms and misspellings mended. It marks q empty or foreign
// when nothing can be read, and returns the words and which were mended.
func (e *Engine) readWords(q *query, text string) ([]string, []bool) {
	// "the US", "U.S." name a country; "us" is a word.
	if strings.Contains(text, "US") || strings.Contains(text, "U.S") {
		text = usaName.ReplaceAllString(text, "USA$1")
	}
	typed := index.Words(text)
	q.typed = slices.Clone(typed)
	q.lang, q.langTold = detectLang(e.roman, typed)
	typed = e.germanForms(q, typed)
	typed = e.roman.formed(q.lang, e.roman.unended(typed))
	ws, read := e.roman.read(typed)
	if len(ws) == 0 {
		q.empty = true
		return nil, nil
	}
	e.readNames(ws)
	unread := 0
	for _, w := range ws {
		if read && foreignScript(w) {
			unread++
		}
	}
	e.readTranslated(q)
	if foreignScript(strings.Join(ws, " ")) || (read && unread*3 >= len(ws)) {
		if !q.trans.found() {
			q.foreign = true // what the word tables did not read is not English
			return nil, nil
		}
		// Read in its own words only: the few words the tables read say
		// what kind of fact is asked, never how much of it a span says.
		q.trans.only = true
	}
	ws = withoutFunction(q, ws)
	if read {
		// Words of another script the tables did not read can match no
		// English passage: they are left out, as the reading shown says.
		ws = slices.DeleteFunc(ws, func(w string) bool { return foreignScript(w) })
		q.readAs = strings.Join(ws, " ")
	}
	// A word written with a capital inside a sentence ("has Ruth Ashworth
	// lived …") is a name: never mended into a word of the documents. (In
	// German every noun has a capital.)
	var capitalised map[string]bool
	if q.lang != LangGerman {
		capitalised = capitalisedWords(text)
	}
	// Chat forms and misspellings are mended first, so that everything
	// after reads the words meant ("secnd demand" asks for the second).
	fixed := make([]bool, len(ws))
	for i, w := range ws {
		if w == "us" && i > 0 && ws[i-1] == "the" {
			ws[i] = "usa" // "deported from the us"
		}
		if r, ok := chatWords[w]; ok {
			ws[i] = r
		}
		if p := pluralOfY(ws[i]); p != "" && !e.knows(ws[i], nil) {
			ws[i] = p // "countrys": "countries", then mended as any word
		}
		if c, ok := e.spell.correct(ws[i]); ok && !capitalised[ws[i]] {
			ws[i], fixed[i] = c, true
		}
		if r, ok := e.lex.rewrite[ws[i]]; ok {
			ws[i] = r
		}
		if a := adjectiveOf(ws[i]); a != "" && !cueWords[ws[i]] && !greetings[ws[i]] && !e.knows(ws[i], nil) && e.knows(a, nil) {
			ws[i] = a // "internationally" asks about what is international
		}
	}
	ws, fixed = sharesAsPercent(ws, fixed)
	ws, fixed = numbersAsDigits(ws, fixed)
	q.greeting = len(ws) > 0 && !slices.ContainsFunc(ws, func(w string) bool { return !greetings[w] })
	// "Thanks for your help", "danke für deine Hilfe", "تشکر از کمکت": a
	// short message of thanks that asks nothing is no question.
	q.greeting = q.greeting || (len(ws) <= maxThanks && slices.ContainsFunc(ws, func(w string) bool { return thanksWords[w] }) &&
		!strings.ContainsAny(text, "?؟") && !slices.ContainsFunc(ws, func(w string) bool { return whWords[w] }))
	return ws, fixed
}

// sharesAsPercent is ws with each share written as a part of a whole
// ("six in ten returnees", "3 out of 5 of them") written as the documents
// give shares ("60% of returnees", "60% of them"); fixed follows ws.
func sharesAsPercent(ws []string, fixed []bool) ([]string, []bool) {
	for i := 0; i < len(ws); i++ {
		if share, n, ok := shareOfWhole(ws, i); ok {
			pc := []string{strconv.Itoa(int(math.Round(share))) + "%", "of"}
			if i+n < len(ws) && ws[i+n] == "of" {
				pc = pc[:1]
			}
			ws = slices.Replace(ws, i, i+n, pc...)
			fixed = slices.Replace(fixed, i, i+n, make([]bool, len(pc))...)
		}
	}
	return ws, fixed
}

// andAHalf are the words after a number that add a half to it.
var andAHalf = cueList("and_a_half")

// numbersAsDigits is ws with each number written as words that states a
// figure ("forty two killings", "two million") in digits, as the
// documents write figures; fixed follows ws. A number below ten before
// no size stays a word ("the two countries", "which one").
func numbersAsDigits(ws []string, fixed []bool) ([]string, []bool) {
	for i := 0; i < len(ws); i++ {
		n, ok := numberWords[ws[i]]
		if !ok || n == 100 {
			continue
		}
		k := 1
		if unit, ok := numberWords[safeAt(ws, i+1)]; ok && n >= 20 && n%10 == 0 && unit < 10 {
			n, k = n+unit, 2 // "forty two"
		}
		digits := strconv.Itoa(n)
		// "two and a half million", "two half million" (Pashto's "دوه
		// نیم میلیونه")
		if h := andAHalf.opening(ws[i+k:]); h > 0 {
			digits, k = digits+".5", k+h
		}
		if next := safeAt(ws, i+k); n < 10 && figureSizes[next] == 0 && !percentWords[next] {
			continue
		}
		ws = slices.Replace(ws, i, i+k, digits)
		fixed = slices.Replace(fixed, i, i+k, false)
	}
	return ws, fixed
}

// safeAt is ws[i], or "" past its end.
func safeAt(ws []string, i int) string {
	if i < len(ws) {
		return ws[i]
	}
	return ""
}

// unknownConcept tells of a concept of a question whether it is a word
// the documents never use: not a light word or a place, and not a word
// the documents' translation into the question's language says (trans,
// the question's).
func (e *Engine) unknownConcept(trans *transQuery) func(concept) bool {
	return func(c concept) bool {
		return !c.light && !c.place && c.weight == e.oovIDF && !trans.says(c.word)
	}
}

// readCounted reads what "how many journalists were …" counts: the words up
// to the verb; the answer must say one of them. People in general ("how
// many people", "ppl") may be counted under any name.
func (e *Engine) readCounted(q *query, ws []string, aside map[int]bool) {
	for i := 0; i+2 < len(ws); i++ {
		// "how many X", "the number of X", "what share of X"
		if !((ws[i] == "how" && ws[i+1] == "many") || (ws[i+1] == "of" && countOf[ws[i]])) {
			continue
		}
		for k, w := range ws[i+2:] {
			// "the number of women deported": the counting ends at a verb.
			if countStops[w] || (k > 0 && len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing"))) {
				break
			}
			if genericPeople[w] {
				// "how many people": what is counted, not what it is about.
				q.counted = nil
				aside[i+2+k] = true
				break
			}
			q.counted = append(q.counted, e.termsOf(w)...)
		}
		return
	}
}

// readKind reads what kind of fact is asked (a count, a date, a person, a
// place), the numbers the question says, and whether it asks for a list,
// the bot's opinion or a translation.
func (e *Engine) readKind(q *query, text string, ws []string) {
	// The words cues are looked for in: "60%" also says "%".
	cw := ws
	if strings.Contains(text, "%") {
		cw = append(slices.Clip(ws), "%")
	}
	cw = e.withoutPointers(cw)
	countAt, dateAt := countCues.first(cw), dateCues.first(cw)
	q.figures = countAt >= 0
	switch {
	case countAt >= 0 && (dateAt < 0 || countAt < dateAt):
		q.kind = kindCount
	case dateAt > 0 && asksWho(ws) && dateCues.opening(cw[dateAt:]) == 1:
		// "who was on watch when she struck": the question asks who,
		// "when" opens a clause ("who … and during what months" asks
		// both).
		q.kind = kindWho
	case dateAt >= 0:
		q.kind = kindDate
		at := cw[dateAt:]
		cue := dateCues.opening(at)
		q.duration = durationCues.opening(at) == cue
		q.timeOfDay = timeCues.opening(at) == cue
	case asksWho(ws):
		q.kind = kindWho
	case whereCues.in(ws):
		q.kind = kindWhere
	}
	for _, w := range ws {
		if n := numberWord(w); n != "" && !slices.Contains(q.numbers, n) {
			q.numbers = append(q.numbers, n)
		}
	}
	q.ranks = ranksIn(ws)
	q.list = asksForList(ws)
	q.opinion = asksOpinion(ws)
	q.translate = translateCues.in(ws)
}

// pointedItem is the item of a list ws[i] and the number after it point
// at: "point 3", "demand no 2", "number 3 of the list", "what does point
// 2 say". A word of weight after the number makes them a name: "the no 2
// boat".
func (e *Engine) pointedItem(ws []string, i int) (int, bool) {
	if i < 0 || i+1 >= len(ws) || !listPointers[ws[i]] || (i+2 < len(ws) && !sayingWords[ws[i+2]] && len(e.termsOf(ws[i+2])) > 0) {
		return 0, false
	}
	n, err := strconv.Atoi(ws[i+1])
	return n, err == nil && n >= 1 && n <= maxItem
}

// maxItem is the highest item of a list a number after a pointer is read
// as: "number 2025" is a year.
const maxItem = 8

// withoutPointers is ws without the words that point at an item of a
// list: "number 3 of the demands" counts nothing. ws is left as it was.
func (e *Engine) withoutPointers(ws []string) []string {
	out := ws
	for i := range ws {
		if _, ok := e.pointedItem(ws, i); ok {
			if !cloned(out, ws) {
				out = slices.Clone(ws)
			}
			out[i] = ""
		}
	}
	return out
}

// cloned tells whether out, made from ws, is a copy of its own yet.
func cloned(out, ws []string) bool { return len(ws) == 0 || &out[0] != &ws[0] }

// readIntent reads what the question wants beside the kind of fact: to
// check a claim, someone's words, a thing "the X of …" names, a part of a
// whole, figures apart, a person, the future, an item of a list. The words
// before ctx only tell the asker's situation.
func (e *Engine) readIntent(q *query, text string, ws []string, ctx int) {
	// "Someone says aid props up the Taliban. What does Amnesty say?"
	// asks what the source says, not whether the claim is so.
	q.claim = claimCues.in(ws[ctx:]) || tagged(ws[ctx:]) || (len(ws) > ctx+2 && yesNoOpeners[ws[ctx]])
	q.focus = e.focusOf(ws)
	q.words = ws
	q.names = e.namesIn(text, q.lang == LangGerman)
	q.speaker = e.speakerOf(ws)
	for i, w := range ws {
		leaveOut := leaveOutWords[w] || w == "not" && i+1 < len(ws) && countingWords[ws[i+1]]
		if leaveOut || partWords[w] {
			q.exclusive = true
		}
		q.excludes = q.excludes || leaveOut
	}
	for i, w := range ws {
		switch {
		case splitWords[w]:
			q.split = true
		case personRoles[w] && (asksWho(ws) || slices.Contains(ws, "name") || ws[0] == "which" || ws[0] == "who"):
			q.person = true
		case i == 0 && futureOpeners[w], w == "going" && i+1 < len(ws) && ws[i+1] == "to":
			q.future = true
		}
	}
	for i, w := range ws {
		if n, ok := ordinals[w]; ok && (i == 0 || !fractionOpeners[ws[i-1]]) { // "a third of" is a share
			q.ordinal = n
			if i+1 < len(ws) && !ordinalPronouns[ws[i+1]] && !listPointers[ws[i+1]] && !lastItemNouns[ws[i+1]] {
				q.ordinalOf = e.termsOf(ws[i+1])
			}
			break
		}
		if lastWords[w] && i+1 < len(ws) && (listPointers[ws[i+1]] || lastItemNouns[ws[i+1]]) {
			q.ordinal = lastItem
			break
		}
		// "point 3", "demand no 2", "recommendation #4"
		if n, ok := e.pointedItem(ws, i-1); ok {
			q.ordinal = n
			break
		}
	}
}

// readTime reads the time a question asks about: relative ("this year",
// "last year", read against the document's date) and months, except
// "since January", which means this year so far.
func readTime(q *query, ws []string) {
	q.relative = relativeCues.in(ws)
	switch {
	case thisYear.in(ws):
		q.relYears = append(q.relYears, 0)
	case lastYear.in(ws):
		q.relYears = append(q.relYears, -1)
	case nextYear.in(ws):
		q.relYears = append(q.relYears, +1)
	}
	q.months = index.MonthsNamed(ws)
	for i := 1; i < len(ws); i++ {
		if index.IsMonth(ws[i]) && ws[i-1] == "since" {
			q.months = nil
			q.relative = true
		}
	}
}

// readPlaces reads the places the answer must name, except those set aside
// ("besides Iran") and those of the asker's situation (before ctx).
func (e *Engine) readPlaces(q *query, ws []string, ctx int, aside map[int]bool) {
	seen := map[int]bool{}
	// "my brother was a soldier in Kabul, is he in danger?": where the
	// asker's kin are tells their situation, as a sentence before the
	// question would, when the question asks for no fact ("how many did
	// Turkey deport" asks about Turkey). A claim's places are what it
	// claims.
	situation := !q.claim && q.signals[pKin] > 0 && !slices.ContainsFunc(ws[ctx:], func(w string) bool { return whWords[w] })
	for _, pa := range e.lex.placesIn(ws) {
		if pa.at < ctx || situation {
			continue // "I live in Austria. What does …": looked up, not required
		}
		if from := setAside(ws[:pa.at]); from >= 0 {
			// "beyond Iran": the place is not looked up. ("Beyond" is: it
			// weighs on what the question is about.)
			q.aside = append(q.aside, pa.place)
			for k := pa.at; k < pa.at+pa.n; k++ {
				aside[k] = true
			}
			continue
		}
		if !seen[pa.place] {
			seen[pa.place] = true
			q.places = append(q.places, pa.place)
		}
	}
}

// readFraming sets aside "does the article say", "according to the
// report": the source named as the one speaking says nothing of what is
// asked; "did the report say that …" checks a claim.
func readFraming(q *query, ws []string, aside map[int]bool) {
	for i, w := range ws {
		if !sourceWords[w] {
			continue
		}
		for k := max(0, i-2); k <= min(len(ws)-1, i+2); k++ {
			if ws[k] == "according" || sayingWords[ws[k]] || ws[k] == "mention" || ws[k] == "mentions" {
				aside[i], aside[k] = true, true
				q.claim = q.claim || claimOpeners[ws[0]]
			}
		}
	}
}

// readConcepts turns the words left to look up (cue words dropped, years
// and figures kept aside) into concepts, and notes the organisations the
// question names.
func (e *Engine) readConcepts(q *query, text string, ws []string, fixed []bool, aside map[int]bool, ctx int) {
	var kept []string
	var keptFixed []bool
	keptBefore := 0 // how many kept words come before the last sentence, at ws[ctx]
	for i, w := range ws {
		if i == ctx {
			keptBefore = len(kept)
		}
		if aside[i] {
			continue
		}
		if y, ok := index.Year(w); ok {
			q.years = append(q.years, y)
			if e.years[y] {
				kept = append(kept, w)
				keptFixed = append(keptFixed, false)
			}
			continue
		}
		if index.IsNumber(w) && e.store.IDF(strings.TrimSuffix(w, "%")) == 0 {
			q.figure = q.figure || statesFigure(ws, i)
			continue
		}
		if cueWords[w] || index.IsMonth(w) || index.IsSeason(w) || (q.ordinal == lastItem && lastWords[w]) || fillerWords[w] ||
			(ordinalPronouns[w] && i > 0 && (ordinals[ws[i-1]] > 0 || lastWords[ws[i-1]])) {
			continue
		}
		kept = append(kept, w)
		keptFixed = append(keptFixed, fixed[i])
	}
	if ctx >= len(ws) {
		keptBefore = len(kept)
	}
	q.concepts = e.concepts(kept, keptFixed, keptBefore)
	q.unknown = q.unknown || slices.ContainsFunc(q.concepts, e.unknownConcept(q.trans))
	q.speaker = speakerAlts(q.speaker, q.concepts)
	q.names = slices.DeleteFunc(q.names, q.trans.says)
	var terms []string
	for _, w := range ws {
		terms = append(terms, e.termsOf(w)...)
		// An abbreviation that is also an English word ("who") names its
		// organisation only typed in capitals ("WHO").
		if orgs := e.lex.orgAbbr[w]; len(orgs) > 0 && (!isEnglish(w) || inCapitals(text, w)) {
			q.orgs = append(q.orgs, orgs...)
		}
	}
	for _, f := range e.lex.orgsIn(terms) {
		q.orgs = append(q.orgs, f[0])
	}
}

// concepts analyses the kept words and maps them, longest phrase first,
// through the lexicon. The first before of them are the sentences before
// the message's last: no phrase spans the two, and their concepts are
// marked context.
func (e *Engine) concepts(ws []string, fixed []bool, before int) []concept {
	if len(ws) == 0 {
		return nil
	}
	terms, wordOf := e.conceptTerms(ws, before)
	var out []concept
	seen := map[string]bool{}
	used := make([]bool, len(terms))
	for i := 0; i < len(terms); {
		if used[i] || terms[i] == clauseMark {
			i++
			continue
		}
		n, groups := e.lex.match(terms[i:])
		var phrase []string
		corrected := fixed[wordOf[i]]
		last := wordOf[i+max(n, 1)-1] // the phrase's last word
		if n == 0 {
			// A two-word phrase with words between: "send Afghans back".
			if j, ids := e.lex.gapMatch(terms, i); j > 0 && !used[j] {
				phrase, groups = []string{terms[i], terms[j]}, ids
				used[j] = true
				corrected = corrected || fixed[wordOf[j]]
				last = wordOf[j]
			}
			n = 1
		}
		if phrase == nil {
			phrase = terms[i : i+n]
			for k := i; k < i+n; k++ {
				corrected = corrected || fixed[wordOf[k]]
			}
		}
		key := strings.Join(phrase, " ")
		i += n
		if seen[key] {
			// Said before the last sentence and in it: what it asks.
			if last >= before {
				for k := range out {
					if out[k].word == key {
						out[k].context = false
					}
				}
			}
			continue
		}
		seen[key] = true
		c := e.conceptOf(phrase, groups, corrected)
		c.context = last < before
		out = append(out, c)
	}
	return out
}

// conceptTerms analyses words into terms, a clause mark standing for each
// word that opens a clause and before the word that opens the last
// sentence, at before, and says which word each term came from.
func (e *Engine) conceptTerms(ws []string, before int) (terms []string, wordOf []int) {
	for i, w := range ws {
		if i == before && i > 0 {
			terms = append(terms, clauseMark)
			wordOf = append(wordOf, i)
		}
		if clauseWords[w] {
			// "at risk if deported": no phrase spans the clauses.
			terms = append(terms, clauseMark)
			wordOf = append(wordOf, i)
			continue
		}
		for _, t := range e.termsOf(w) {
			terms = append(terms, t)
			wordOf = append(wordOf, i)
		}
	}
	return terms, wordOf
}

// conceptOf is the concept of a phrase the lexicon maps to groups: the
// phrase itself, every way the groups say it, and less surely the ways of
// saying part of it. A phrase with a mended word is less sure.
func (e *Engine) conceptOf(phrase []string, groups []int, corrected bool) concept {
	key := strings.Join(phrase, " ")
	c := concept{word: key}
	sure := 1.0
	if corrected {
		sure = 0.85
	}
	size := 1
	for _, g := range groups {
		size += len(e.lex.groups[g].alts)
	}
	c.alts = make([]alt, 0, size+2)
	c.alts = append(c.alts, newAlt(e.store, phrase, sure))
	// A phrase's shorter phrases say part of it too: "people sent back"
	// holds "sent back".
	whole := len(groups)
	if len(phrase) > 2 {
		for _, g := range e.lex.within(phrase) {
			if !slices.Contains(groups, g) {
				groups = append(groups, g)
			}
		}
	}
	c.role = slices.ContainsFunc(phrase, func(t string) bool { return e.roles[t] })
	for n, g := range groups {
		grp := &e.lex.groups[g]
		c.place = c.place || grp.place > 0
		c.role = c.role || n < whole && slices.ContainsFunc(grp.alts, func(a alt) bool {
			return slices.ContainsFunc(a.terms, func(t string) bool { return e.roles[t] })
		})
		part := 1.0
		if n >= whole {
			part = partWeight // says only part of the phrase
		}
		for k, a := range grp.alts {
			if grp.keys[k] != key {
				a.w *= sure * part
				c.alts = append(c.alts, a)
			}
		}
	}
	// "people deported": a passage that says who was deported ("Afghans
	// have been deported") says it too.
	generic := func(t string) bool { return genericTerms[t] }
	if len(phrase) > 1 && slices.ContainsFunc(phrase, generic) {
		rest := slices.DeleteFunc(slices.Clone(phrase), generic)
		if len(rest) > 0 {
			c.alts = append(c.alts, newAlt(e.store, rest, sure*partWeight))
			for _, g := range e.lex.phrases[strings.Join(rest, " ")] {
				for _, a := range e.lex.groups[g].alts {
					a.w *= sure * partWeight * partWeight
					c.alts = append(c.alts, a)
				}
			}
		}
	}
	c.weight = e.weight(c)
	if len(phrase) == 1 && lightTerms[phrase[0]] {
		c.light = true
		c.weight *= lightWeight
	}
	return c
}

// clauseWords open a clause; clauseMark stands for one among the terms,
// so that no lexicon phrase is matched across it.
var clauseWords = wordSet("clause_words")

const clauseMark = "|"

// gapMatch finds a two-term lexicon phrase made of terms[i] and a term one
// or two places after it; it returns that term's index and the phrase's
// groups, or 0.
func (l *lexicon) gapMatch(terms []string, i int) (int, []int) {
	if l.starts[terms[i]] < 2 {
		return 0, nil
	}
	for j := i + 2; j <= i+3 && j < len(terms); j++ {
		if terms[j-1] == clauseMark {
			break
		}
		if ids, ok := l.phrases[terms[i]+" "+terms[j]]; ok { //nolint: one join for a rare case
			return j, ids
		}
	}
	return 0, nil
}

// within lists the groups of the lexicon phrases of two words or more
// inside phrase and shorter than it. (Single words would bring in every
// sense of each word.)
func (l *lexicon) within(phrase []string) []int {
	var out []int
	for n := len(phrase) - 1; n >= 2; n-- {
		for i := 0; i+n <= len(phrase); i++ {
			out = append(out, l.phrases[strings.Join(phrase[i:i+n], " ")]...)
		}
	}
	return out
}

// match finds the longest lexicon phrase at the start of terms.
func (l *lexicon) match(terms []string) (int, []int) {
	var buf [128]byte
	for n := min(l.starts[terms[0]], len(terms)); n >= 1; n-- {
		b := append(buf[:0], terms[0]...)
		for _, t := range terms[1:n] {
			b = append(append(b, ' '), t...)
		}
		if ids, ok := l.phrases[string(b)]; ok {
			return n, ids
		}
	}
	return 0, nil
}

// termsOf analyses one word, from the table made at start or the words
// met since when it can.
func (e *Engine) termsOf(w string) []string {
	if ts, ok := e.stems[w]; ok {
		return ts
	}
	if ts, ok := e.met.Load(w); ok {
		return ts.([]string)
	}
	ts := e.store.Terms(w)
	if e.metCount.Add(1) <= maxMet {
		e.met.Store(w, ts)
	}
	return ts
}

// maxMet is the most words met in questions whose terms are kept.
const maxMet = 1 << 16

// weight is how much a concept matters: the inverse sentence frequency of
// the user's own word, or else the mean of the ways the lexicon says it; a
// concept the documents never mention weighs
// as a rare term, so that a question about something else is not answered
// from its common words alone.
func (e *Engine) weight(c concept) float64 {
	if own := c.alts[0].idf; own > 0 {
		// A phrase is as rare as its rarest word, at least ("international
		// organizations" is rarer than "international").
		return own
	}
	sum, n := 0.0, 0
	for _, a := range c.alts[1:] {
		if idf := a.idf; idf > 0 {
			sum += idf
			n++
		}
	}
	if n == 0 {
		return e.oovIDF
	}
	return sum / float64(n)
}

// cueWordSet is every word of questions the speller may correct to
// ("secnd" to "second", "whn" to "when").
func cueWordSet() map[string]bool {
	out := make(map[string]bool, len(cueWords)+len(ordinals))
	for w := range cueWords {
		out[w] = true
	}
	for w := range ordinals {
		out[w] = true
	}
	for w := range whWords {
		out[w] = true
	}
	out["many"] = true // "how many"
	return out
}

// selfIn tells whether words speak of the asker or the asker's family.
func selfIn(words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return personalSelf[w] || personalKin[w] })
}

// withoutFunction is ws, read through the word tables, without the German
// words of function ("bei", "fürs") the table does not read: they say
// nothing a passage may hold.
func withoutFunction(q *query, ws []string) []string {
	if q.lang != LangGerman {
		return ws
	}
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		if !germanStop[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return ws // "wer bist du?": read as it stands
	}
	return out
}

// inCapitals tells whether text writes the word w all in capitals ("WHO").
func inCapitals(text, w string) bool {
	found := false
	capitalWords(text, func(x string, caps, _, _ bool) { found = found || (caps && strings.ToLower(x) == w) })
	return found
}
