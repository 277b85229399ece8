package answers

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

// FeatureNames lists the features in the order of a model's weights.
func FeatureNames() []string { return featureNames[:] }
