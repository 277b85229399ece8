package answers

import (
	"cmp"
	"slices"
	"strings"

	"citebot/index"
)

// Questions asked in a language a document is translated into (German,
// Dari, Pashto) are also read in their own words, with that language's
// analyser, against the translation's lines: a sentence whose
// translation says what the question says covers it, though the word
// tables read only part of the question. The quote is still the
// original's sentence; its translation is shown beside it.

// transQuery is a question's own terms in its language, weighed by how
// rare each is among the translated lines.
type transQuery struct {
	t     *index.Translated
	terms []string
	w     []float64
	total float64
	// forms are, for each term, the translation's terms it is found as:
	// itself, and the compounds and longer forms that hold it whole
	// ("nachbarland" for "land" is not, being too short to tell).
	forms [][]string
	// unread marks the terms of words the word tables do not read.
	unread []bool
	// only is set when the word tables read too little of the question
	// for its English reading alone to weigh spans by.
	only bool
}

// readTranslated reads q's typed words in their language, when the
// documents have a translation into it. A word the tables read as a word
// of no weight ("wie viele": "how many", "ist": "is") is left out, as the
// English reading leaves it out.
func (e *Engine) readTranslated(q *query) {
	t := e.store.Translated(q.lang)
	if t == nil || len(q.typed) == 0 {
		return
	}
	tq := &transQuery{t: t}
	for _, w := range q.typed {
		en, read := e.roman.read([]string{w})
		if read && !e.weighs(en) {
			continue
		}
		unread := !read || slices.ContainsFunc(en, foreignScript)
		for _, term := range t.Terms(w) {
			if slices.Contains(tq.terms, term) {
				continue
			}
			forms := t.Holding(term)
			idf := t.IDF(term)
			if len(forms) > 0 {
				idf = t.IDF(forms[0])
			}
			tq.terms = append(tq.terms, term)
			tq.forms = append(tq.forms, forms)
			tq.w = append(tq.w, idf)
			tq.unread = append(tq.unread, unread)
			tq.total += idf
		}
	}
	if len(tq.terms) > 0 {
		q.trans = tq
	}
}

// weighs tells whether English words say anything a passage could: one
// that is not a cue ("how", "many", "true") nor a word the index drops.
func (e *Engine) weighs(ws []string) bool {
	for _, w := range ws {
		if !cueWords[w] && len(e.store.Terms(w)) > 0 {
			return true
		}
	}
	return false
}

// says tells whether the translation holds word (as the analyser reads
// it); false without a translation.
func (tq *transQuery) says(word string) bool {
	if tq == nil {
		return false
	}
	for _, term := range tq.t.Terms(word) {
		if len(tq.t.Holding(term)) > 0 {
			return true
		}
	}
	return false
}

// found tells whether the translation holds any of the question's words:
// else reading it in its own words reads nothing.
func (tq *transQuery) found() bool {
	return tq != nil && slices.ContainsFunc(tq.forms, func(f []string) bool { return len(f) > 0 })
}

// in tells whether line l (sorted terms) holds term i in one of its forms.
func (tq *transQuery) in(i int, l []string) bool {
	for _, f := range tq.forms[i] {
		if _, ok := slices.BinarySearch(l, f); ok {
			return true
		}
	}
	return false
}

// coverage is the share of the question's weight that sentences from..to
// of p say in translation; 0 when p is not translated. A passage whose
// lines are not its sentences one for one is weighed whole.
func (tq *transQuery) coverage(p *index.Passage, from, to int) float64 {
	lines := tq.t.Lines(p)
	if len(lines) == 0 || tq.total == 0 {
		return 0
	}
	if len(lines) == len(p.Sentences) {
		lines = lines[from : to+1]
	}
	in := 0.0
	for i := range tq.terms {
		if slices.ContainsFunc(lines, func(l []string) bool { return tq.in(i, l) }) {
			in += tq.w[i]
		}
	}
	return in / tq.total
}

// unreadCoverage is how much of the weight of the words the tables do
// not read sentences from..to of p say in translation, and that weight.
func (tq *transQuery) unreadCoverage(p *index.Passage, from, to int) (in, total float64) {
	lines := tq.t.Lines(p)
	if len(lines) == len(p.Sentences) {
		lines = lines[from : to+1]
	}
	for i := range tq.terms {
		if !tq.unread[i] {
			continue
		}
		total += tq.w[i]
		if slices.ContainsFunc(lines, func(l []string) bool { return tq.in(i, l) }) {
			in += tq.w[i]
		}
	}
	return in, total
}

// transCandidates is how many passages found in translation join the
// candidates.
const transCandidates = 4

// candidates are the translated passages whose lines say most of the
// question, best first, those of at least one term.
func (tq *transQuery) candidates() []*index.Passage {
	type scored struct {
		p   *index.Passage
		cov float64
	}
	var best []scored
	for _, p := range tq.t.Passages() {
		cov := 0.0
		for i := range tq.t.Lines(p) {
			cov = max(cov, tq.lineCoverage(p, i))
		}
		if cov > 0 {
			best = append(best, scored{p, cov})
		}
	}
	slices.SortStableFunc(best, func(a, b scored) int { return cmp.Compare(b.cov, a.cov) })
	out := make([]*index.Passage, 0, transCandidates)
	for _, s := range best[:min(len(best), transCandidates)] {
		out = append(out, s.p)
	}
	return out
}

func (tq *transQuery) lineCoverage(p *index.Passage, i int) float64 {
	l := tq.t.Lines(p)[i]
	in := 0.0
	for k := range tq.terms {
		if tq.in(k, l) {
			in += tq.w[k]
		}
	}
	return in / tq.total
}

// translationOf is c's quote in lang, from its document's translation
// into lang; nil for English, or when there is none.
func (e *Engine) translationOf(c Citation, lang string) *Translation {
	if lang == LangEnglish || lang == "" {
		return nil
	}
	p, ok := e.store.Passage(c.ID)
	if !ok {
		return nil
	}
	t := p.Doc.Translations[lang]
	if t == nil {
		return nil
	}
	p = e.store.Prepared(p)
	from, to := sentencesOf(p, c.Quote)
	text := t.Span(p, from, to)
	if text == "" {
		return nil
	}
	return &Translation{Lang: lang, Text: text, By: t.By, Status: t.Status}
}

// sentencesOf are the first and last of p's sentences quote spans; -1, -1
// when quote is not in p's text.
func sentencesOf(p *index.Passage, quote string) (from, to int) {
	at := strings.Index(p.Text, quote)
	if at < 0 || quote == "" {
		return -1, -1
	}
	end := at + len(quote)
	from, to = -1, -1
	for i, s := range p.Sentences {
		if s.End > at && s.Start < end {
			if from < 0 {
				from = i
			}
			to = i
		}
	}
	return from, to
}
