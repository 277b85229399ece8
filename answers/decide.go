package answers

import "slices"

// The decide stage: from the candidate spans the scorer ranked, the one
// that answers, or none.

// decide is the best span nothing vetoes (see vetoed) of the best-ranked
// span's document when the scorer is confident enough that it answers,
// else nil. spans are ranked best first. A vetoed span cannot answer, so
// it is no rival either: after "where do most returns come from?", "any
// other countries?" sets Iran and Pakistan aside, and the sentence that
// names them ranks first and is vetoed; the one on Turkey and Tajikistan
// answers. The veto refuses a span, not the document the ranker chose:
// another document's span that merely shares words with the question
// does not step in (TestWordSalad).
func decide(sc Scorer, spans []*span) *span {
	if len(spans) == 0 {
		return nil
	}
	doc := spans[0].p.Doc
	spans = slices.DeleteFunc(slices.Clone(spans), func(s *span) bool { return vetoed(s) || s.p.Doc != doc })
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

// vetoed tells whether the span, whatever its score, cannot answer: the
// question asks for something it contradicts or lacks (another year,
// month, rank or name, a place or person it does not name: the
// conflictRules), or it meets only the question's places and everyday
// words ("what is the weather like in Austria"). Each is also a feature
// the model weighs; as vetoes they cost one right answer in 222 on sets
// the model was not fitted on and kept 3 more of 103 near misses
// unanswered (README, "Deciding").
func vetoed(s *span) bool {
	return s.f != nil && vetoes(s.f) // nil: a span the hand-set rules judged
}

// vetoes tells whether features f veto their span (see vetoed).
func vetoes(f *features) bool {
	if f[fNoContent] != 0 {
		return true
	}
	for _, c := range conflictRules {
		if f[c] != 0 {
			return true
		}
	}
	return false
}

// supports tells whether s may be quoted beside the answer best: another
// span of best's document that covers about as much and that the hand-set
// rules hold eligible or, when the fitted model chose best, that it ranks
// about as high.
func supports(s, best *span, fitted bool) bool {
	if fitted {
		return s.score >= supportRatio*best.score && s.coverage >= supportRatio*best.coverage
	}
	return s.eligible && s.coverage >= max(answerAt, supportRatio*best.coverage)
}
