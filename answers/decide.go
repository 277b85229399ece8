package answers

// The decide stage: from the candidate spans the scorer ranked, the one
// that answers, or none.

// decide is the best span when the scorer is confident enough that it
// answers, else nil. spans are ranked best first.
func decide(sc Scorer, spans []*span) *span {
	if len(spans) == 0 {
		return nil
	}
	best := spans[0]
	second := 0.0
	for _, s := range spans[1:] {
		if !s.overlaps(best) {
			second = s.score
			break
		}
	}
	if sc.Confidence(best.f, best.score, second) < sc.Threshold() {
		return nil
	}
	return best
}

// supports tells whether s may be quoted beside the answer best: another
// span of best's document that the hand-set rules hold eligible, or the
// scorer ranks about as high, and that covers about as much.
func (e *Engine) supports(s, best *span) bool {
	if e.scorer.Load() != nil {
		return s.score >= supportRatio*best.score && s.coverage >= supportRatio*best.coverage
	}
	return s.eligible && s.coverage >= max(answerAt, supportRatio*best.coverage)
}

// compare sets the features that weigh a span against the others found
// for q, against what its document knows, and those judge kept aside.
func (e *Engine) compare(spans []*span, q query) {
	best := 0.0
	byDoc := make(map[any]float64, 4)
	var met uint64
	for _, s := range spans {
		best = max(best, s.coverage)
		byDoc[s.p.Doc] = max(byDoc[s.p.Doc], s.coverage)
		met |= s.met
	}
	total, unmet := 0.0, 0.0
	for _, c := range q.concepts {
		total += c.weight
	}
	for i, c := range q.concepts {
		if i < 64 && met&(1<<i) == 0 && total > 0 {
			unmet = max(unmet, c.weight/total)
		}
	}
	type known struct{ focus, names bool }
	docs := make(map[any]known, 4)
	for _, s := range spans {
		s.f[fCoverageGap] = best - s.coverage
		s.f[fUnmetAnywhere] = unmet
		s.f[fMissingHeaviest] = s.missing
		s.f[fHitScore] = s.hit
		s.f[fDocGap] = byDoc[s.p.Doc] - s.coverage
		k, ok := docs[s.p.Doc]
		if !ok {
			k.focus = q.focus == "" || cueWords[q.focus] || e.knows(q.focus, s.p.Doc)
			k.names = true
			for _, n := range q.names {
				k.names = k.names && e.knows(n, s.p.Doc)
			}
			docs[s.p.Doc] = k
		}
		s.f.set(fUnknownFocus, !k.focus)
		s.f.set(fUnknownName, !k.names)
	}
}
