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
