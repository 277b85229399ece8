package answers

import (
	"context"
	"slices"

	"citebot/index"
)

// Conversations: a turn that names no subject of its own borrows the one
// of the turn before ("how many were sent back in 2025?", then "and how
// many were women?"); a turn that names a new value replaces the old ("and
// in Pakistan?" after a question about Iran asks about Pakistan).

// Conversation is what the engine remembers of a conversation: its last
// turn, as typed and as read. The zero value has had no turn. It is kept in
// memory by whoever holds it, never written anywhere.
type Conversation struct {
	question string
	last     *query
	// answer is the span that answered the last turn answered, if any.
	answer *span
	// lang is the language of the last turn whose words told one.
	lang string
}

// Lang is the reply language of the conversation's last turn whose words
// told one ("en", "de", "fa", "ps"), or "" when none did.
func (c *Conversation) Lang() string {
	if c.lang == "" {
		return ""
	}
	return replyLang(c.lang)
}

// language is the language of q as a turn of c: its own when its words
// tell one, else that of the turns before ("2024?" after a question in
// German is German); c remembers it. A question alone without words of
// any language is English.
func (c *Conversation) language(q query) string {
	if c == nil {
		return q.lang
	}
	if q.langTold {
		c.lang = q.lang
	}
	if c.lang == "" {
		return q.lang
	}
	return c.lang
}

var (
	followOpeners    = cueList("follow_openers")
	followPointers   = wordSet("follow_pointers")
	placePointers    = cueList("place_pointers")
	placePointersEnd = cueList("place_pointers_end")
	attributionAsks  = cueList("attribution_asks")
	attributingWords = wordSet("attributing_words")
)

// attribution answers "who said that?" after an answer: the sentence of
// the answer, or one of the two before it in its paragraph, in which the
// source says whom the words or figure come from ("new United Nations data
// reveals", "said Smriti Singh", "UNAMA documented"). ok is false when the
// turn asks no such thing, names words of its own, or no answer came
// before it.
func (e *Engine) attribution(c *Conversation, q query) (s *span, ok bool) {
	// Asked in words as typed ("wer sagt das?", "ki gofta?") or as read.
	if c == nil || c.answer == nil || (attributionAsks.first(q.words) < 0 && attributionAsks.first(q.typed) < 0) {
		return nil, false
	}
	if slices.ContainsFunc(q.words, func(w string) bool {
		return len(e.termsOf(w)) > 0 && !sayingWords[w] && !reportingWords[w] && !attributingWords[w] && !cueWords[w]
	}) {
		return nil, false // "who said 'dangerous rush'?" names its own words
	}
	a := c.answer
	// The answer's own sentences first, in order, then the two before.
	order := make([]int, 0, a.to-a.from+3)
	for i := a.from; i <= a.to; i++ {
		order = append(order, i)
	}
	for i := a.from - 1; i >= max(0, a.from-2); i-- {
		order = append(order, i)
	}
	for _, i := range order {
		x := &a.p.Sentences[i]
		if slices.ContainsFunc(x.Words, func(w string) bool { return sayingWords[w] || reportingWords[w] || attributingWords[w] }) {
			return &span{p: a.p, from: i, to: i}, true
		}
	}
	return nil, true // the source does not say whom it has it from
}

// follow is q read as the next turn: when it opens as a follow-up ("and
// …", "what about …"), points back ("what did she say?") or names no
// concept of its own beside the kind of fact it asks, it borrows the
// turn before's concepts it does not name, and its years, months, places
// and time when it names none. borrowed says whether it did.
func (c *Conversation) follow(q query) (query, bool) {
	prev := c.last
	if prev == nil || q.empty || q.foreign || q.greeting || q.opinion || len(prev.concepts) == 0 {
		return q, false
	}
	// "Is that true?" after a rumour checks the rumour: the turn before is
	// the claim, its figures and words what the evidence is held to. A
	// turn that names a thing, a figure, a time or a place of its own
	// ("and last year?", "november, right?") is a claim of its own.
	if q.checks && verdictCues.in(q.typed) && len(q.concepts) == 0 && len(q.numbers) == 0 &&
		len(q.years)+len(q.relYears)+len(q.months)+len(q.places) == 0 {
		p := *prev
		p.checks, p.claim, p.lang, p.signals = true, true, q.lang, q.signals
		return p, true
	}
	// "November, right?", "so more than 2 million, right?": a value and a
	// tag check the turn before's question with that value. The tag and
	// the figure's size ("million") name no thing of the turn's own.
	if n := len(q.typed); n > 0 && n <= maxValueCheck && tagEnds[q.typed[n-1]] &&
		len(q.numbers)+len(q.years)+len(q.relYears)+len(q.months)+len(q.places) > 0 {
		q.checks, q.claim = true, true
	}
	own := slices.ContainsFunc(q.concepts, func(x concept) bool {
		_, size := figureSizes[x.word]
		return !size && !tagEnds[x.word]
	})
	if q.claim && !own {
		q.concepts = slices.DeleteFunc(slices.Clone(q.concepts), func(x concept) bool { return tagEnds[x.word] })
	}
	// "What did she say?" points back; so do "any other countries?",
	// others than the answer before named, and "how many from there?".
	pointsBack := slices.ContainsFunc(q.words, func(w string) bool { return otherWords[w] }) ||
		placePointers.in(q.words) || placePointersEnd.ends(q.words)
	for i, w := range q.words {
		// "this year", "these days" say when, not what was said before.
		pointsBack = pointsBack || (followPointers[w] && relativeCues.first(q.words[i:]) != 0)
	}
	if followOpeners.first(q.words) != 0 && !pointsBack && own && q.ordinal == 0 {
		return q, false // a question of its own
	}
	// A turn that names its own things ("and journalists?") asks about
	// them in the frame of the turn before; one that points back or names
	// nothing asks about the turn before's things too.
	//
	// One that asks for others ("anyone else?", "other countries?") asks
	// beside the answer before, not of its figure: "any other countries?"
	// after "where were the 2.6 million sent back from?" asks where else
	// people were sent back from, which no 2.6 million counts.
	others := slices.ContainsFunc(q.words, func(w string) bool { return otherWords[w] })
	if pointsBack || !own || q.ordinal != 0 {
		for _, pc := range prev.concepts {
			if others && isFigureWord(pc.word) {
				continue
			}
			if !slices.ContainsFunc(q.concepts, func(x concept) bool { return x.word == pc.word }) {
				q.concepts = append(q.concepts, pc)
			}
		}
	}
	if len(q.years) == 0 && len(q.relYears) == 0 && !q.relative {
		q.years, q.relYears, q.relative = prev.years, prev.relYears, prev.relative
	}
	if len(q.months) == 0 {
		q.months = prev.months
	}
	if len(q.places) == 0 {
		q.places, q.aside = prev.places, prev.aside
	}
	if q.kind == kindAny {
		// "And in 2019?" after "how many …?" asks it again, of 2019: it
		// checks no claim, unless it says so ("is that true?").
		q.checks = q.checks && (prev.checks || q.claim || prev.kind == kindAny)
		q.kind = prev.kind
	}
	if !q.list && prev.list && q.ordinal != 0 {
		q.list = true
	}
	return q, true
}

// isFigureWord tells whether the concept word w is a figure or its size
// ("2.6", "million").
func isFigureWord(w string) bool {
	_, size := figureSizes[w]
	return size || index.IsNumber(w)
}

// maxValueCheck is the most words of a turn that checks the turn before
// with a value of its own ("so more than 2.5 million, right?").
const maxValueCheck = 8

// asideAnswered sets aside, in a follow-up that asks for others ("any
// other countries?", "where else?"), the places the answer before named:
// they are what it asks beside.
func (e *Engine) asideAnswered(c *Conversation, q *query) {
	if c.answer == nil || !slices.ContainsFunc(q.words, func(w string) bool { return otherWords[w] }) {
		return
	}
	s := c.answer
	for i := s.from; i <= s.to; i++ {
		for _, pl := range e.namedIn(s.p.Sentences[i].Line) {
			if !slices.Contains(q.aside, pl) {
				q.aside = append(q.aside, pl)
			}
		}
	}
	q.places = slices.DeleteFunc(q.places, func(pl int) bool { return slices.Contains(q.aside, pl) })
	// A place set aside is no longer what is asked about: "where else?"
	// after "are the returns only from Iran?" asks for returns, not Iran.
	q.concepts = slices.DeleteFunc(slices.Clone(q.concepts), func(x concept) bool {
		pl, ok := e.lex.placeOf[x.word]
		return x.place && ok && slices.Contains(q.aside, pl)
	})
}

// otherWords ask, in a follow-up, for others than those the answer before
// named.
var otherWords = wordSet("other_words")

// remember keeps question, read as q, as the conversation's last turn.
func (c *Conversation) remember(question string, q query) {
	if q.empty || q.greeting || len(q.concepts) == 0 {
		return // nothing to borrow from it
	}
	c.question, c.last = question, &q
}

// AskTurns answers the last of turns as a conversation of them, each
// asked in turn: what Evaluate asks a labelled conversation.
func (e *Engine) AskTurns(ctx context.Context, turns []string) (Answer, error) {
	var c Conversation
	var a Answer
	for _, t := range turns {
		var err error
		if a, err = e.AskIn(ctx, &c, t); err != nil {
			return a, err
		}
	}
	return a, nil
}
