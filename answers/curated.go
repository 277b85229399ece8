package answers

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"citebot/curated"
)

// Entry is a moderator's curated answer (the record curated keeps).
type Entry = curated.Entry

// Cite is a passage a curated answer rests on.
type Cite = curated.Cite

// Limits of a curated entry.
const (
	MaxAnswer    = 2000 // bytes of a moderator's answer
	MaxQuestions = 20
	MaxQuestion  = 300 // bytes of one example question
)

// Errors of Validate, for callers that tell users what is wrong.
var (
	ErrNoQuestion    = errors.New("an entry needs at least one example question")
	ErrNoAnswer      = errors.New("an entry needs an answer")
	ErrNoCite        = errors.New("an entry needs at least one passage to cite")
	ErrUnknownCite   = errors.New("no such passage")
	ErrQuestionTaken = errors.New("another entry already has this example question")
	ErrTooLong       = errors.New("too long")
)

// Stale is a curated entry that is not served because a passage it cites
// is gone or has changed; moderators see it with the old quote to re-cite.
type Stale struct {
	Entry  Entry
	CiteID string
	Reason string
}

// curatedSet is what moderators curate, live: the curated answers,
// prepared for matching, and the fact cards. It is swapped whole.
type curatedSet struct {
	entries []preparedEntry
	stale   []Stale
	cards   *cardSet
}

// swapCurated replaces the live set with a copy that change alters; the
// answers and the cards are set apart, and neither loses the other.
func (e *Engine) swapCurated(change func(*curatedSet)) {
	for {
		old := e.curated.Load()
		next := &curatedSet{}
		if old != nil {
			*next = *old
		}
		change(next)
		if e.curated.CompareAndSwap(old, next) {
			return
		}
	}
}

type preparedEntry struct {
	Entry
	examples []query
}

// curatedAt is how similar a question must be to an entry's example
// question, both ways, for the entry to answer it.
const curatedAt = 0.8

// Validate checks an entry against the documents and the other entries
// (others may include the entry itself under its id: it is skipped). It
// fills each citation's quote from the passage.
func (e *Engine) Validate(en *Entry, others []Entry) error {
	var qs []string
	for _, q := range en.Questions {
		if q = strings.Join(strings.Fields(q), " "); q != "" {
			if len(q) > MaxQuestion {
				return fmt.Errorf("example question: %w (%d bytes, at most %d)", ErrTooLong, len(q), MaxQuestion)
			}
			qs = append(qs, q)
		}
	}
	en.Questions = qs
	en.Answer = strings.TrimSpace(en.Answer)
	switch {
	case len(en.Questions) == 0:
		return ErrNoQuestion
	case len(en.Questions) > MaxQuestions:
		return fmt.Errorf("example questions: %w (%d, at most %d)", ErrTooLong, len(en.Questions), MaxQuestions)
	case en.Answer == "":
		return ErrNoAnswer
	case len(en.Answer) > MaxAnswer || !utf8.ValidString(en.Answer):
		return fmt.Errorf("answer: %w (%d bytes, at most %d)", ErrTooLong, len(en.Answer), MaxAnswer)
	case len(en.Cite) == 0:
		return ErrNoCite
	}
	for i, c := range en.Cite {
		p, ok := e.store.Passage(strings.TrimSpace(c.ID))
		if !ok {
			return fmt.Errorf("%w: %q", ErrUnknownCite, c.ID)
		}
		en.Cite[i] = Cite{ID: p.ID, Quote: p.Text}
	}
	for _, o := range others {
		if o.ID == en.ID {
			continue
		}
		for _, q := range en.Questions {
			for _, oq := range o.Questions {
				if normalQuestion(q) == normalQuestion(oq) {
					return fmt.Errorf("%w (%s): %q", ErrQuestionTaken, o.ID, q)
				}
			}
		}
	}
	return nil
}

func normalQuestion(q string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.Trim(q, " ?!.¿"))), " ")
}

// SetCurated replaces the curated answers the engine serves. Entries whose
// cited passages are gone or changed are not served; they come back as
// stale, for moderators.
func (e *Engine) SetCurated(entries []Entry) []Stale {
	set := &curatedSet{}
	for _, en := range entries {
		fresh := true
		for _, c := range en.Cite {
			p, ok := e.store.Passage(c.ID)
			switch {
			case !ok:
				set.stale = append(set.stale, Stale{Entry: en, CiteID: c.ID, Reason: "the passage is gone"})
				fresh = false
			case p.Text != c.Quote:
				set.stale = append(set.stale, Stale{Entry: en, CiteID: c.ID, Reason: "the passage's text changed"})
				fresh = false
			}
			if !fresh {
				break
			}
		}
		if !fresh || len(en.Cite) == 0 {
			continue
		}
		pe := preparedEntry{Entry: en}
		for _, q := range en.Questions {
			pe.examples = append(pe.examples, e.parse(q))
		}
		set.entries = append(set.entries, pe)
	}
	e.swapCurated(func(cur *curatedSet) { cur.entries, cur.stale = set.entries, set.stale })
	return set.stale
}

// Stale lists the curated entries not served, and why.
func (e *Engine) Stale() []Stale {
	if set := e.curated.Load(); set != nil {
		return set.stale
	}
	return nil
}

// curatedFor finds the entry that answers q, if one matches well: of
// those that do, one written in lang (the reply's language; an entry
// without one is English) wins over one in another language.
func (e *Engine) curatedFor(q query, lang string) (*preparedEntry, bool) {
	set := e.curated.Load()
	if set == nil {
		return nil, false
	}
	var best, bestIn *preparedEntry
	bestSim, bestInSim := 0.0, 0.0
	for i := range set.entries {
		en := &set.entries[i]
		in := entryLang(en.Lang) == lang
		for _, x := range en.examples {
			if !sameAnchors(q, x) {
				continue
			}
			s := min(similarity(q, x), similarity(x, q))
			if s > bestSim {
				best, bestSim = en, s
			}
			if in && s > bestInSim {
				bestIn, bestInSim = en, s
			}
		}
	}
	if bestIn != nil && bestInSim >= curatedAt {
		return bestIn, true
	}
	return best, best != nil && bestSim >= curatedAt
}

// entryLang is the reply language an entry written in lang (BCP 47, as
// moderators give it: "de", "fa-AF", "") serves.
func entryLang(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if base == "" {
		return LangEnglish
	}
	return base
}

// similarity is how much of a's weight b says: a concept of a counts when
// one of its ways of saying it is one of b's.
func similarity(a, b query) float64 {
	total, met := 0.0, 0.0
	for _, c := range a.concepts {
		total += c.weight
		if meets(c, b) {
			met += c.weight
		}
	}
	if total == 0 {
		return 0
	}
	return met / total
}

func meets(c concept, b query) bool {
	for _, a := range c.alts {
		for _, d := range b.concepts {
			for _, x := range d.alts {
				if strings.Join(a.terms, " ") == strings.Join(x.terms, " ") {
					return true
				}
			}
		}
	}
	return false
}

// sameAnchors: the years, months, places and kind of fact of two questions
// agree, so that "how many in 2024" is not answered by the entry for 2025.
func sameAnchors(a, b query) bool {
	return equalInts(a.years, b.years) && equalInts(a.relYears, b.relYears) && equalInts(a.months, b.months) &&
		equalInts(a.places, b.places) && a.kind == b.kind
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[int]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		if seen[x] == 0 {
			return false
		}
		seen[x]--
	}
	return true
}

// Keywords are the analysed terms a question turns on (each concept's own
// term), sorted: questions with mostly the same keywords ask the same thing.
func (e *Engine) Keywords(question string) []string {
	q := e.parse(question)
	var out []string
	for _, c := range q.concepts {
		out = append(out, strings.Join(c.alts[0].terms, " "))
	}
	slices.Sort(out)
	return slices.Compact(out)
}
