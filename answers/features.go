package answers

import "citebot/index"

// The features stage: a fixed vector per (question, span) that the scorer
// weighs. Each feature is one signal, never a conjunction of others; how
// they combine is learned from the labelled sets (model.go, fit.go). The
// README lists them with their fitted weights and what leaving each out
// costs.

// feature indexes a span's feature vector.
type feature int

const (
	fBias            feature = iota // 1: the intercept
	fCoverage                       // share of the question's weight the span meets, weighed within its document
	fGlobalCoverage                 // the same with the concepts weighed over all documents
	fCoverageGap                    // how much less the span covers than the best-covering span found
	fDocGap                         // how much less it covers than the best span of its own document
	fPair                           // two sentences quoted together
	fHitRank                        // 1/(1+r): r is the passage's place among the index's hits
	fAsksCount                      // the question asks how many or what share
	fAsksDate                       // the question asks when
	fAsksWho                        // the question asks who
	fAsksWhere                      // the question asks where
	fKindHeld                       // it asks a count or a date, and the span holds one
	fKindMissing                    // it asks a count or a date, and the span holds none
	fFigureDigits                   // it asks how many, and the span gives a figure in digits
	fNamesSomeone                   // it asks who, and the span names someone
	fNamesPlace                     // it asks where, and the span names a place (not one set aside)
	fYearAsked                      // the span names a year the question asks about
	fCountedMissing                 // "how many X": the span does not say X
	fPlaceMissing                   // a place the question names is not named by the span, its heading or title
	fYearConflict                   // the span's figures are for another year than the one asked
	fMonthConflict                  // the question names a month the span does not
	fSplitsWhole                    // it asks a count of one part of what the span counts together
	fFutureMissing                  // it asks what will happen; the span speaks of no future
	fPersonMissing                  // it asks for a person; the span names none
	fSpeakerMissing                 // it asks what someone said; the span is not their words
	fSplitsPair                     // it asks a count of one of two things the span counts together
	fFigureMissing                  // it states a figure; the span gives none
	fNumberMissing                  // share of the question's numbers the span does not hold
	fNoContent                      // the span meets only places or everyday words of the question
	fUnknownWord                    // the question has a word of weight no document uses, nor any word for it
	fUnknownFocus                   // what "the X of …" asks for is not in the span's document
	fUnknownName                    // a name the question writes is not in the span's document
	fClaim                          // the question checks a claim
	fListItem                       // the question asks for several things and the span is a list item
	fOrdinalItem                    // the span is the item of a list the question asks by number
	fConcepts                       // the question's concepts, over 10
	fMissingHeaviest                // the weight share of the heaviest concept of the question the span does not meet
	fHitScore                       // the passage's index score over the best hit's
	fUnmetAnywhere                  // the weight share of the heaviest concept no candidate span meets
	fPlainOverlap                   // the IDF-weighted share of the question's own terms the span holds
	fPlainContext                   // the same in the span's passage, heading and title
	fBigrams                        // the share of the question's neighbouring term pairs the span holds side by side
	numFeatures
)

// featureNames are the features' names, in order: the model file names
// them, and a model whose names differ is refused.
var featureNames = [numFeatures]string{
	"bias", "coverage", "global_coverage", "coverage_gap", "doc_gap", "pair", "hit_rank",
	"asks_count", "asks_date", "asks_who", "asks_where", "kind_held", "kind_missing",
	"figure_digits", "names_someone", "names_place", "year_asked", "counted_missing",
	"place_missing", "year_conflict", "month_conflict", "splits_whole", "future_missing",
	"person_missing", "speaker_missing", "splits_pair", "figure_missing", "number_missing", "no_content",
	"unknown_word", "unknown_focus", "unknown_name", "claim", "list_item", "ordinal_item",
	"concepts", "missing_heaviest", "hit_score", "unmet_anywhere",
	"plain_overlap", "plain_context", "bigrams",
}

// features is one span's vector.
type features [numFeatures]float64

func (f *features) set(i feature, on bool) {
	if on {
		f[i] = 1
	} else {
		f[i] = 0
	}
}

// plain sets the features of the question's own words, as typed, beside
// its concepts: what a plain search engine sees.
func plain(f *features, s *span, q *query) {
	total, in, around := 0.0, 0.0, 0.0
	p := s.p
	for _, t := range q.plain {
		total += t.idf
		if t.id == index.NoTerm {
			continue
		}
		found := false
		for i := s.from; i <= s.to && !found; i++ {
			found = index.HasTerm(p.Sentences[i].IDs, t.id)
		}
		if found {
			in += t.idf
		}
		if found || index.HasTerm(p.IDs, t.id) || index.HasTerm(p.SectionIDs, t.id) || index.HasTerm(p.Doc.TitleIDs, t.id) {
			around += t.idf
		}
	}
	f[fPlainOverlap], f[fPlainContext] = ratioOf(in, total), ratioOf(around, total)
	pairs, held := 0, 0
	for i := 0; i+1 < len(q.plain); i++ {
		a, b := q.plain[i], q.plain[i+1]
		if a.id == index.NoTerm || b.id == index.NoTerm || a.id == b.id {
			continue
		}
		pairs++
		if holdsPair(p.Sentences[s.from:s.to+1], a, b) {
			held++
		}
	}
	f[fBigrams] = ratioOf(float64(held), float64(pairs))
}

// holdsPair tells whether a sentence of sents has terms a and b side by
// side, in either order.
func holdsPair(sents []index.Sentence, a, b plainTerm) bool {
	for i := range sents {
		x := &sents[i]
		if !index.HasTerm(x.IDs, a.id) || !index.HasTerm(x.IDs, b.id) {
			continue
		}
		for k := 0; k+1 < len(x.Terms); k++ {
			t, u := x.Terms[k], x.Terms[k+1]
			if (t == a.term && u == b.term) || (t == b.term && u == a.term) {
				return true
			}
		}
	}
	return false
}

// FeatureNames lists the features in the order of a model's weights.
func FeatureNames() []string { return featureNames[:] }
