package answers

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"citebot/curated"
	"citebot/index"
)

// Card is a moderator's fact card (the record curated keeps).
type Card = curated.Card

// Limits of a moderator's fact card.
const (
	MaxCardQuote  = 1000 // bytes of the quote
	MaxCardTitle  = 120  // bytes of the title
	MaxCardTopics = 10
	MaxCardTopic  = 60 // bytes of one topic
)

// Errors of ValidateCard, for callers that tell users what is wrong.
var (
	ErrNoQuote     = errors.New("a card needs a quote")
	ErrNotVerbatim = errors.New("the quote is not word for word in the passage")
)

// StaleCard is a moderator's card not served, because its passage is gone
// or no longer holds its quote word for word.
type StaleCard struct {
	Card   Card
	Reason string
}

// CardID names the card that quotes quote from the passage pid: the id of
// a card the bot made itself, by which a moderator hides it.
func CardID(pid, quote string) string {
	sum := sha256.Sum256([]byte(pid + "\x00" + quote))
	return hex.EncodeToString(sum[:4])
}

// ValidateCard checks a card against the documents: its passage must exist,
// and its quote be a span of the passage's text (white space folded) that
// begins and ends with whole words; an empty quote is the passage's one
// sentence. It fills Cite with the passage's id and Quote with the
// passage's own words, and tidies the title and topics.
func (e *Engine) ValidateCard(c *Card) error {
	p, ok := e.store.Passage(strings.TrimSpace(c.Cite))
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownCite, c.Cite)
	}
	c.Cite = p.ID
	quote := strings.Join(strings.Fields(c.Quote), " ")
	switch {
	case quote == "" && len(p.Sentences) == 1:
		quote = p.Text[p.Sentences[0].Start:p.Sentences[0].End]
	case quote == "":
		return fmt.Errorf("%w: %s has %d sentences; give the quote's words", ErrNoQuote, p.ID, len(p.Sentences))
	case len(quote) > MaxCardQuote || !utf8.ValidString(quote):
		return fmt.Errorf("quote: %w (%d bytes, at most %d)", ErrTooLong, len(quote), MaxCardQuote)
	}
	start, end, ok := findSpan(p.Text, quote)
	if !ok {
		return fmt.Errorf("%w %s (it must match whole words exactly, punctuation included: copy it from /source %s)", ErrNotVerbatim, p.ID, p.ID)
	}
	c.Quote = p.Text[start:end]
	c.Title = strings.Join(strings.Fields(c.Title), " ")
	if len(c.Title) > MaxCardTitle || !utf8.ValidString(c.Title) {
		return fmt.Errorf("title: %w (%d bytes, at most %d)", ErrTooLong, len(c.Title), MaxCardTitle)
	}
	var topics []string
	for _, t := range c.Topics {
		if t = strings.Join(strings.Fields(t), " "); t != "" {
			if len(t) > MaxCardTopic || !utf8.ValidString(t) {
				return fmt.Errorf("topic: %w (%d bytes, at most %d)", ErrTooLong, len(t), MaxCardTopic)
			}
			topics = append(topics, t)
		}
	}
	if len(topics) > MaxCardTopics {
		return fmt.Errorf("topics: %w (%d, at most %d)", ErrTooLong, len(topics), MaxCardTopics)
	}
	c.Topics = topics
	return nil
}

// findSpan finds quote in text, white space folded, beginning and ending
// with whole words, and returns its byte offsets in text.
func findSpan(text, quote string) (start, end int, ok bool) {
	q := strings.Join(strings.Fields(quote), " ")
	if q == "" {
		return 0, 0, false
	}
	// folded is text with each run of white space made one space; at[i]
	// is where folded's byte i stands in text.
	folded := make([]byte, 0, len(text))
	at := make([]int, 0, len(text))
	space := false
	for i, r := range text {
		if unicode.IsSpace(r) {
			if !space && len(folded) > 0 {
				folded, at = append(folded, ' '), append(at, i)
			}
			space = true
			continue
		}
		space = false
		for k := range utf8.RuneLen(r) {
			folded, at = append(folded, text[i+k]), append(at, i+k)
		}
	}
	f := string(folded)
	for from := 0; from < len(f); {
		j := strings.Index(f[from:], q)
		if j < 0 {
			return 0, 0, false
		}
		j += from
		start, end = at[j], at[j+len(q)-1]+1
		if wordEdge(text, start) && wordEdge(text, end) {
			return start, end, true
		}
		from = j + 1
	}
	return 0, 0, false
}

// wordEdge tells whether offset i of s falls between words, not inside one
// ("2.6" is not a quote of "12.6").
func wordEdge(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i:])
	return !(inWord(before) && inWord(after))
}

func inWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// cardSet is the moderators' fact cards, prepared: the cards they chose,
// and the spans they hid. A nil set is no cards.
type cardSet struct {
	chosen []chosenCard
	hidden []Fact
	stale  []StaleCard

	once    sync.Once
	offered []Fact // every card offered, in reading order, worked out when first needed
}

type chosenCard struct {
	Fact
	words query // its title, topics and quote, read like a question
}

// cardAt is how much of a topic a moderator's card must say (its title,
// topics and quote) to be offered for it.
const cardAt = 0.5

// SetCards replaces the moderators' fact cards. A card whose passage is gone
// or no longer holds its quote is not served (nor does it hide anything); it
// comes back as stale, for moderators.
func (e *Engine) SetCards(cards []Card) []StaleCard {
	set := &cardSet{}
	for _, c := range cards {
		p, ok := e.store.Passage(c.Cite)
		if !ok {
			set.stale = append(set.stale, StaleCard{Card: c, Reason: "the passage is gone"})
			continue
		}
		start, end, ok := findSpan(p.Text, c.Quote)
		if !ok {
			set.stale = append(set.stale, StaleCard{Card: c, Reason: "the passage no longer holds the quote word for word"})
			continue
		}
		f := spanFact(p, start, end)
		if c.Hidden {
			set.hidden = append(set.hidden, f)
			continue
		}
		f.CardID, f.Title, f.Curated = c.ID, c.Title, true
		words := e.parse(strings.Join(append(append([]string{c.Title}, c.Topics...), f.Quote), " "))
		set.chosen = append(set.chosen, chosenCard{Fact: f, words: words})
	}
	e.swapCurated(func(cur *curatedSet) { cur.cards = set })
	return set.stale
}

// StaleCards lists the moderators' cards not served, and why.
func (e *Engine) StaleCards() []StaleCard {
	if set := e.cardSet(); set != nil {
		return set.stale
	}
	return nil
}

func (e *Engine) cardSet() *cardSet {
	if set := e.curated.Load(); set != nil {
		return set.cards
	}
	return nil
}

// offered is the cards offered, in reading order: the bot's own (made) but
// those a moderator hid or replaced, and the moderators' cards.
func (e *Engine) offered(made []Fact) []Fact {
	set := e.cardSet()
	if set == nil || len(set.chosen)+len(set.hidden) == 0 {
		return made
	}
	set.once.Do(func() {
		var out []Fact
		for _, f := range made {
			if _, ok := set.standIn(f); !ok && !set.hides(f) {
				out = append(out, f)
			}
		}
		for _, c := range set.chosen {
			out = append(out, c.Fact)
		}
		order := make(map[string]int, len(e.store.Passages()))
		for i, p := range e.store.Passages() {
			order[p.ID] = i
		}
		slices.SortStableFunc(out, func(a, b Fact) int {
			return cmp.Or(cmp.Compare(order[a.ID], order[b.ID]), cmp.Compare(a.start, b.start))
		})
		set.offered = out
	})
	return set.offered
}

// overlaps tells whether two cards quote some of the same words.
func (f Fact) overlaps(o Fact) bool {
	return f.ID == o.ID && f.start < o.end && o.start < f.end
}

// covers tells whether f quotes all of o's words.
func (f Fact) covers(o Fact) bool {
	return f.ID == o.ID && f.start <= o.start && o.end <= f.end
}

// hides tells whether a moderator hid a card overlapping f. It applies to
// the cards the bot makes: a moderator's own card is hidden by its flag.
func (s *cardSet) hides(f Fact) bool {
	return s != nil && slices.ContainsFunc(s.hidden, f.overlaps)
}

// standIn is the moderator's card that quotes all of f's words, shown in
// its place.
func (s *cardSet) standIn(f Fact) (Fact, bool) {
	if s == nil {
		return Fact{}, false
	}
	for _, c := range s.chosen {
		if c.covers(f) {
			return c.Fact, true
		}
	}
	return Fact{}, false
}

// matching lists up to n of the moderators' cards that say enough of the
// topic q, best first.
func (s *cardSet) matching(q query, n int) []Fact {
	if s == nil {
		return nil
	}
	type scored struct {
		f   Fact
		sim float64
	}
	var found []scored
	for _, c := range s.chosen {
		if !namesAll(q, c.words) {
			continue
		}
		if sim := similarity(q, c.words); sim >= cardAt {
			found = append(found, scored{c.Fact, sim})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int { return cmp.Compare(b.sim, a.sim) })
	var out []Fact
	for _, f := range found[:min(n, len(found))] {
		out = append(out, f.f)
	}
	return out
}

// namesAll: the card names every year, month and place the topic names.
func namesAll(q, card query) bool {
	for _, pair := range [][2][]int{{q.years, card.years}, {q.months, card.months}, {q.places, card.places}} {
		for _, x := range pair[0] {
			if !slices.Contains(pair[1], x) {
				return false
			}
		}
	}
	return true
}

// AutoCard finds the card the bot could make (a span of whole sentences of
// a passage, as automatic cards and topic searches quote) whose id is id.
func (e *Engine) AutoCard(id string) (Fact, bool) {
	for _, f := range e.madeFacts() {
		if f.CardID == id {
			return f, true
		}
	}
	for _, q := range e.store.Passages() {
		p, ok := e.store.Passage(q.ID) // its sentences worked out
		if !ok {
			continue
		}
		for i := range p.Sentences {
			for j := i; j < len(p.Sentences) && j < i+maxCardSentences; j++ {
				start, end := p.Sentences[i].Start, p.Sentences[j].End
				if CardID(p.ID, p.Text[start:end]) == id {
					return spanFact(p, start, end), true
				}
			}
		}
	}
	return Fact{}, false
}

// maxCardSentences is the most sentences a card the bot makes quotes: an
// answer's sentence with the one before and the one after.
const maxCardSentences = 3

// AutoFacts returns the cards the bot makes itself, in reading order, each
// marked Hidden when a moderator hid it.
func (e *Engine) AutoFacts() []Fact {
	set := e.cardSet()
	out := slices.Clone(e.madeFacts())
	for i := range out {
		out[i].Hidden = set.hides(out[i])
	}
	return out
}

// spanFact is the card quoting p's text from start to end.
func spanFact(p *index.Passage, start, end int) Fact {
	f := Fact{Citation: cite(p, p.Text[start:end]), start: start, end: end}
	f.CardID = CardID(p.ID, f.Quote)
	for _, s := range p.Sentences {
		if s.Start < end && start < s.End {
			f.Figure = f.Figure || s.Figure
		}
	}
	return f
}
