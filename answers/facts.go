package answers

import (
	"context"
	"slices"
)

// Fact is a shareable card: one sentence of a source that holds a figure, a
// date or a name, with its citation; or a quote a moderator chose.
type Fact struct {
	Citation
	Figure  bool   // holds a quantity in digits: one of the key figures
	CardID  string // a moderator's card's id, else CardID of the quote
	Title   string // a moderator's title, in their words; empty for the bot's cards
	Curated bool   // a moderator chose it
	Hidden  bool   // set by AutoFacts only: a moderator hid it

	start, end int // the quote's bytes in its passage's text
}

// buildFacts picks the sentences worth a card, in reading order.
func (e *Engine) buildFacts() []Fact {
	var out []Fact
	for _, p := range e.store.Passages() {
		p = e.store.Prepared(p)
		for i, s := range p.Sentences {
			if !s.Count && !s.Date && len(s.Names) == 0 {
				continue
			}
			from, figure := s.Start, s.Figure
			if i > 0 && s.PointsBack {
				// "A devastating 60% of these…" needs the sentence before;
				// when that one is a card already, the two make one card.
				prev := p.Sentences[i-1]
				from = prev.Start
				if n := len(out); n > 0 && out[n-1].ID == p.ID && out[n-1].Quote == p.Text[prev.Start:prev.End] {
					figure = figure || out[n-1].Figure
					out = out[:n-1]
				}
			}
			quote := p.Text[from:s.End]
			out = append(out, Fact{Citation: cite(p, quote), Figure: figure, CardID: CardID(p.ID, quote), start: from, end: s.End})
		}
	}
	return out
}

// Facts returns every fact card offered, in reading order: the bot's own
// but those a moderator hid or replaced, and the moderators' cards.
func (e *Engine) Facts() []Fact { return e.offered(e.madeFacts()) }

// madeFacts are the cards the bot makes itself, in reading order.
func (e *Engine) madeFacts() []Fact { return e.factList() }

// factList picks the fact cards the first time they are needed.
func (e *Engine) factList() []Fact {
	e.factsOnce.Do(func() { e.facts = e.buildFacts() })
	return e.facts
}

// Figures returns the fact cards that hold a quantity: the key figures.
func (e *Engine) Figures() []Fact {
	var out []Fact
	for _, f := range e.Facts() {
		if f.Figure {
			out = append(out, f)
		}
	}
	return out
}

// Cards returns up to n fact cards about topic, best first; for an empty
// topic, the key figures. The moderators' cards that match come first; a
// card a moderator hid is never among them.
func (e *Engine) Cards(ctx context.Context, topic string, n int) ([]Fact, error) {
	q := e.parse(topic)
	if q.empty || q.foreign || len(q.concepts) == 0 {
		figs := e.Figures()
		return figs[:min(n, len(figs))], nil
	}
	set := e.cardSet()
	out := set.matching(q, n)
	if len(out) == n {
		return out, nil
	}
	spans, err := e.rank(ctx, q, false)
	if err != nil {
		return nil, err
	}
	var used []*span
	for _, s := range spans {
		if len(out) == n || s.coverage < relatedAt {
			break
		}
		if !s.eligible || overlapsAny(s, used) {
			continue
		}
		f := spanFact(s.p, s.p.Sentences[s.from].Start, s.p.Sentences[s.to].End)
		if set.hides(f) {
			continue
		}
		used = append(used, s)
		if c, ok := set.standIn(f); ok {
			// The moderator's card quoting these words is shown instead.
			f = c
		}
		if !slices.ContainsFunc(out, func(o Fact) bool { return o.CardID == f.CardID }) {
			out = append(out, f)
		}
	}
	return out, nil
}
