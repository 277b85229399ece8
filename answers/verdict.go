package answers

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"citebot/index"
)

// The verdict of a claim ("I heard 5 million were sent back, true?"): the
// span the engine answers with is its evidence. The source supports the
// claim when that span agrees with every figure, year and month the claim
// states; contradicts it when the span gives another; does not say when
// no span answers.

// checksClaim tells whether a question asks whether something is so: a
// claim the reader saw (q.claim), a question that opens with "is", "did",
// "does" …, one that names a check ("…, right?", "stimmt das?"), or a
// statement asked as a question ("5 million deported?"). last are the
// words of its last sentence.
func checksClaim(q *query, text string, last []string) bool {
	if q.claim {
		return true
	}
	if len(last) == 0 || len(last) > 60 {
		return false
	}
	asked := strings.HasSuffix(strings.TrimSpace(text), "?")
	switch {
	case verdictOpeners[last[0]]:
		return true
	case verdictCues.in(q.typed) && asked:
		return true
	}
	return asked && !whWords[last[0]] && !slices.ContainsFunc(last, func(w string) bool { return whWords[w] })
}

// quantity is a figure a text states: 2.6 million, 60%, 14.
type quantity struct {
	value   float64
	percent bool
	bound   int    // +1: "more than", -1: "less than", 0: about
	text    string // as written: "2.6 million"
	of      string // the word after it: what it counts ("killings")
}

var (
	verdictOpeners = wordSet("verdict_openers")
	verdictCues    = cueList("verdict_cues")
	figureSizes    = wordNumbers("figure_sizes")
	percentWords   = wordSet("percent_words")
	figureAbove    = cueList("figure_above")
	figureBelow    = cueList("figure_below")
)

// figures are the quantities ws state, years and days of a month left out.
func figures(ws []string) []quantity {
	var out []quantity
	for i, w := range ws {
		if !index.IsNumber(w) {
			continue
		}
		if _, year := index.Year(w); year || (i > 0 && index.IsMonth(ws[i-1])) || (i+1 < len(ws) && index.IsMonth(ws[i+1])) {
			continue
		}
		f := quantity{percent: strings.HasSuffix(w, "%"), text: w}
		v, err := strconv.ParseFloat(strings.NewReplacer(",", "", "%", "").Replace(w), 64)
		if err != nil {
			continue
		}
		next := i + 1
		if next < len(ws) {
			if n, ok := figureSizes[ws[next]]; ok {
				v *= float64(n)
				f.text += " " + ws[next]
				next++
			}
			f.percent = f.percent || percentWords[ws[i+1]]
		}
		if next < len(ws) {
			f.of = ws[next]
		}
		before := ws[max(0, i-2):i]
		switch {
		case figureAbove.in(before):
			f.bound = 1
		case figureBelow.in(before):
			f.bound = -1
		}
		f.value = v
		out = append(out, f)
	}
	return out
}

// holds tells whether the source's figure s makes the claim's figure c
// true: the same within a tenth, or beyond a bound the claim sets.
func (c quantity) holds(s quantity) bool {
	if c.percent != s.percent {
		return false
	}
	switch c.bound {
	case 1:
		return s.value > c.value
	case -1:
		return s.value < c.value
	}
	return math.Abs(s.value-c.value) <= 0.1*c.value
}

// verdict sets a's verdict when q checks a claim; Differs, when the
// source contradicts it, says what differs ("2.6 million, not 5 million").
func verdict(q query, a *Answer, best *span) {
	if !q.checks || a.Personal {
		return
	}
	if !a.Answered || best == nil {
		a.Verdict = VerdictNotStated
		return
	}
	var evidence []string
	for i := best.from; i <= best.to; i++ {
		evidence = append(evidence, best.p.Sentences[i].Words...)
	}
	said := figures(evidence)
	claimed := figures(q.words)
	for _, c := range claimed {
		if slices.ContainsFunc(said, c.holds) {
			continue
		}
		a.Verdict = VerdictContradicted
		// Name the source's figure of the same kind, of the same thing
		// when it says what it counts ("14 killings" for "100 killings").
		var other *quantity
		for i, s := range said {
			if s.percent == c.percent && (other == nil || (s.of != "" && s.of == c.of)) {
				other = &said[i]
			}
		}
		if other != nil {
			a.Differs = fmt.Sprintf("%s, not %s", other.text, c.text)
		}
		return
	}
	for i := best.from; i <= best.to; i++ {
		x := &best.p.Sentences[i]
		if len(q.years) > 0 && len(x.Years) > 0 && !slices.ContainsFunc(q.years, func(y int) bool { return slices.Contains(x.Years, y) }) {
			a.Verdict = VerdictContradicted
			a.Differs = fmt.Sprintf("%d, not %d", x.Years[0], q.years[0])
			return
		}
		if len(q.months) > 0 && len(x.Months) > 0 && !slices.ContainsFunc(q.months, func(m int) bool { return slices.Contains(x.Months, m) }) {
			a.Verdict = VerdictContradicted
			return
		}
	}
	// Supported only when the evidence bears out a figure or a date the
	// claim states: whether a sentence means what a claim says in other
	// words, the engine cannot tell, and a "yes" it cannot stand by would
	// pass a rumour off as the source's.
	if len(claimed) > 0 || len(q.years) > 0 || len(q.months) > 0 {
		a.Verdict = VerdictSupported
	}
}

// settle looks again for the evidence of a claim no span answered, with
// the claim's own figures set aside: a claim with a wrong figure names
// none the source gives, so no span answered it. When the span found so
// gives another figure of the very thing the claim counts ("14 killings"
// for "100 killings"), the source contradicts the claim and a answers
// with that span; else the source does not say.
func (e *Engine) settle(ctx context.Context, q query, a *Answer) error {
	claimed := figures(q.words)
	if !slices.ContainsFunc(claimed, func(c quantity) bool { return c.of != "" }) {
		return nil
	}
	bare := q
	bare.numbers, bare.figure = nil, false
	r, err := e.retrieve(ctx, bare)
	if err != nil || r.best == nil {
		return err
	}
	var evidence []string
	for i := r.best.from; i <= r.best.to; i++ {
		evidence = append(evidence, r.best.p.Sentences[i].Words...)
	}
	for _, c := range claimed {
		for _, s := range figures(evidence) {
			if c.of != "" && s.of == c.of && s.percent == c.percent && !c.holds(s) {
				a.Answered, a.Source, a.Reason = true, SourceIndex, ""
				a.Verdict, a.Differs = VerdictContradicted, fmt.Sprintf("%s, not %s", s.text, c.text)
				a.Citations = []Citation{r.best.citation()}
				return nil
			}
		}
	}
	return nil
}
