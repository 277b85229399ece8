package answers

import (
	"cmp"
	"context"
	"slices"

	"citebot/index"
)

// The candidates stage: the passages bleve finds for a question, with the
// items of the lists they open.

// found is what the index found for a question: passages in the order
// found and, when asked for, each one's index score and the best.
type found struct {
	passages []*index.Passage
	score    map[*index.Passage]float64
	top      float64
}

// candidates searches the index for q's concepts. The newest documents are
// searched on their own too: among many documents their passages may rank
// below older ones that say the same words, yet theirs is the answer
// wanted (see newer). A list's items join the candidates when the passage
// that opens the list is found: their words alone may not match.
func (e *Engine) candidates(ctx context.Context, q query, scores bool) (found, error) {
	terms := e.searchTerms(q)
	k := candidates
	if len(e.store.Passages()) > manyPassages {
		k = candidatesMany
	}
	hits, err := e.store.Search(ctx, terms, k)
	if err != nil {
		return found{}, err
	}
	stems := firstDocs(hits, ownSearches)
	// Fewer passages found than asked for are all there are, and only the
	// first document's leave it no places to lose.
	crowded := len(hits) >= k && len(stems) > 0 && !allOf(hits, stems[0])
	newest := e.store.Newest()
	if len(newest) > 0 {
		more, err := e.store.SearchWithin(ctx, newest, terms, candidates)
		if err != nil {
			return found{}, err
		}
		hits = append(hits, more...)
	}
	// The first document found is searched on its own too: beside a
	// document on a neighbouring subject ("pickers" in a tribunal's
	// judgment and in a report on farm work), another's passages may take
	// the places its answer would hold alone. Not when it is the newest
	// alone: that search was just made.
	if crowded {
		for _, stem := range stems {
			if len(newest) == 1 && newest[0] == stem {
				continue
			}
			more, err := e.store.SearchWithin(ctx, []string{stem}, terms, candidates)
			if err != nil {
				return found{}, err
			}
			hits = append(hits, more...)
		}
	}
	var f found
	if scores {
		f.score = make(map[*index.Passage]float64, len(hits))
	}
	seen := make(map[*index.Passage]bool, len(hits))
	for _, h := range hits {
		if !seen[h.Passage] {
			seen[h.Passage] = true
			f.passages = append(f.passages, h.Passage)
		}
		if scores {
			f.score[h.Passage] = max(f.score[h.Passage], h.Score)
			f.top = max(f.top, h.Score)
		}
	}
	if q.trans != nil {
		// Passages whose translation says the question in its own words.
		for _, p := range q.trans.candidates() {
			if !seen[p] {
				seen[p] = true
				f.passages = append(f.passages, p)
			}
		}
	}
	for _, h := range hits {
		for _, it := range listItems(&span{p: h.Passage, to: len(h.Passage.Sentences) - 1}) {
			if !seen[it] {
				seen[it] = true
				f.passages = append(f.passages, it)
			}
		}
	}
	return f, nil
}

// searchTerms are the index terms of every way of saying each concept,
// weighted by the concept's weight and the mapping's certainty.
func (e *Engine) searchTerms(q query) []index.Term {
	terms := make([]index.Term, 0, 16)
	for _, c := range q.concepts {
		for _, a := range c.alts {
			if a.idf == 0 {
				continue
			}
			for _, t := range a.terms {
				b := c.weight * a.w
				k := slices.IndexFunc(terms, func(x index.Term) bool { return x.Text == t })
				switch {
				case k < 0:
					terms = append(terms, index.Term{Text: t, Boost: b})
				case b > terms[k].Boost:
					terms[k].Boost = b
				}
			}
		}
	}
	// The weightiest terms find the passages; the rest only cost time.
	slices.SortStableFunc(terms, func(a, b index.Term) int { return cmp.Compare(b.Boost, a.Boost) })
	if len(e.store.Passages()) <= manyPassages {
		return terms[:min(len(terms), maxSearchTerms)]
	}
	// Among many documents, passages that say most of a question's words
	// are legion: every concept is searched for by its own words, as the
	// question puts them, and by its rarest word, so that the one naming
	// the place and year asked about is found too.
	out := make([]index.Term, 0, maxSearchTermsMany)
	has := func(t string) bool { return slices.ContainsFunc(out, func(x index.Term) bool { return x.Text == t }) }
	for _, c := range q.concepts {
		if len(c.alts) == 0 {
			continue
		}
		for _, t := range c.alts[0].terms {
			if e.store.IDF(t) > 0 && !has(t) && len(out) < maxSearchTermsMany {
				out = append(out, index.Term{Text: t, Boost: c.weight})
			}
		}
	}
	for _, c := range q.concepts {
		var best index.Term
		bestIDF := 0.0
		for _, a := range c.alts {
			for _, t := range a.terms {
				if idf := e.store.IDF(t); idf > bestIDF && a.w == 1 {
					best, bestIDF = index.Term{Text: t, Boost: c.weight}, idf
				}
			}
		}
		if bestIDF > commonIDF && !has(best.Text) && len(out) < maxSearchTermsMany {
			out = append(out, best)
		}
	}
	for _, t := range terms {
		if len(out) >= maxSearchTermsMany {
			break
		}
		if e.store.IDF(t.Text) > commonIDF && !has(t.Text) {
			out = append(out, t)
		}
	}
	if len(out) == 0 { // only common words: the weightiest of them
		return terms[:min(len(terms), maxSearchTerms)]
	}
	return out[:min(len(out), maxSearchTermsMany)]
}

// firstDocs are the stems of the first n documents hits come from, in
// their order.
func firstDocs(hits []index.Hit, n int) []string {
	var stems []string
	for _, h := range hits {
		if len(stems) == n {
			break
		}
		if stem := h.Passage.Doc.Stem; !slices.Contains(stems, stem) {
			stems = append(stems, stem)
		}
	}
	return stems
}

// allOf tells whether every hit is a passage of the document stem.
func allOf(hits []index.Hit, stem string) bool {
	return !slices.ContainsFunc(hits, func(h index.Hit) bool { return h.Passage.Doc.Stem != stem })
}
