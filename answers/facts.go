package answers

import (
	"context"
	"unicode"
	"unicode/utf8"
)

// Fact is a shareable card: one sentence of a source that holds a figure, a
// date or a name, with its citation.
type Fact struct {
	Citation
	Figure bool // holds a quantity in digits: one of the key figures
}

// buildFacts picks the sentences worth a card, in reading order.
func (e *Engine) buildFacts() []Fact {
	var out []Fact
	for _, p := range e.store.Passages() {
		for i, s := range p.Sentences {
			text := p.Text[s.Start:s.End]
			if !s.Count && !s.Date && !namesSomeone(text) {
				continue
			}
			from, figure := s.Start, s.Figure
			if i > 0 && refersBack(s.Words) {
				// "A devastating 60% of these…" needs the sentence before;
				// when that one is a card already, the two make one card.
				prev := p.Sentences[i-1]
				from = prev.Start
				if n := len(out); n > 0 && out[n-1].ID == p.ID && out[n-1].Quote == p.Text[prev.Start:prev.End] {
					figure = figure || out[n-1].Figure
					out = out[:n-1]
				}
			}
			out = append(out, Fact{Citation: cite(p, p.Text[from:s.End]), Figure: figure})
		}
	}
	return out
}

// namesSomeone tells whether a sentence holds a name of two or more
// capitalised words after its first word ("said Smriti Singh", "the
// European Union"): a who-fact.
func namesSomeone(s string) bool {
	run := 0
	first := true
	for _, w := range splitSpace(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if first {
			first = false
			continue
		}
		if unicode.IsUpper(r) {
			run++
			if run >= 2 {
				return true
			}
		} else if w != "of" && w != "for" && w != "the" {
			run = 0
		}
	}
	return false
}

func splitSpace(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// Facts returns every fact card, in reading order.
func (e *Engine) Facts() []Fact { return e.facts }

// Figures returns the fact cards that hold a quantity: the key figures.
func (e *Engine) Figures() []Fact {
	var out []Fact
	for _, f := range e.facts {
		if f.Figure {
			out = append(out, f)
		}
	}
	return out
}

// Cards returns up to n fact cards about topic, best first; for an empty
// topic, the key figures.
func (e *Engine) Cards(ctx context.Context, topic string, n int) ([]Fact, error) {
	q := e.parse(topic)
	if q.empty || q.foreign || len(q.concepts) == 0 {
		figs := e.Figures()
		return figs[:min(n, len(figs))], nil
	}
	spans, err := e.rank(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []Fact
	var used []*span
	for _, s := range spans {
		if len(out) == n || s.coverage < relatedAt {
			break
		}
		if !s.eligible || overlapsAny(s, used) {
			continue
		}
		used = append(used, s)
		f := Fact{Citation: s.citation()}
		for _, x := range s.p.Sentences[s.from : s.to+1] {
			f.Figure = f.Figure || x.Figure
		}
		out = append(out, f)
	}
	return out, nil
}
