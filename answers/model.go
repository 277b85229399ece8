package answers

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// The score stage. A Scorer weighs the features of a question's candidate
// spans: which span answers best, and how likely it is that it answers at
// all. Model is the one implementation: two models fitted from the
// labelled sets by `go run ./answers/fit` and kept in model.json, boosted
// trees (or, with -linear, logistic regressions).

// Scorer weighs spans.
type Scorer interface {
	// Rank is how likely the span with features f answers its question,
	// among the question's candidates.
	Rank(f *features) float64
	// Confidence is how likely it is that best, ranked first with rank
	// score top ahead of the runner-up's second, answers the question.
	Confidence(best *features, top, second float64) float64
	// Threshold is the least confidence that answers.
	Threshold() float64
}

// Model is a fitted scorer: a ranker over span features, and a decider
// over the best span's features, its rank score and its lead over the
// runner-up; each boosted trees or the weights of a logistic regression.
type Model struct {
	Features []string  `json:"features"`
	Ranker   []float64 `json:"ranker,omitempty"`
	Decider  []float64 `json:"decider,omitempty"`
	// RankerTrees and DeciderTrees, when set, stand for the linear weights.
	RankerTrees  *Trees `json:"ranker_trees,omitempty"`
	DeciderTrees *Trees `json:"decider_trees,omitempty"`
	// Cut is the decider's threshold, chosen on sets the decider was not
	// fitted on.
	Cut float64 `json:"threshold"`
	// Personal weighs the signals of a question about one's own case
	// (personal.go), named by PersonalSignals; PersonalCut is its
	// threshold, chosen on sets it was not fitted on.
	PersonalSignals []string  `json:"personal_signals"`
	Personal        []float64 `json:"personal"`
	PersonalCut     float64   `json:"personal_threshold"`
	// PersonalTrees, when set, stand for the Personal weights.
	PersonalTrees *Trees `json:"personal_trees,omitempty"`
	// Stated weighs a claim's verdict vector (verdict.go, named by
	// VerdictSignals): how likely the source speaks to the claim; Contra,
	// when it does, how likely it says otherwise. Their thresholds are
	// chosen on sets they were not fitted on.
	VerdictSignals []string  `json:"verdict_signals"`
	Stated         []float64 `json:"stated"`
	StatedCut      float64   `json:"stated_threshold"`
	Contra         []float64 `json:"contradicted"`
	ContraCut      float64   `json:"contradicted_threshold"`
	// ContraTrees, when set, stand for the Contra weights: whether the
	// source says otherwise hangs on how the signals combine (another
	// figure of the very thing counted, a denial where the claim has
	// none), which weights can only add up.
	ContraTrees *Trees `json:"contradicted_trees,omitempty"`
	// VerdictHeld is how the verdict models did on sets they were not
	// fitted on, when fitted (not kept in model.json).
	VerdictHeld VerdictHeldOut `json:"-"`
	// Trained says what the model was fitted on.
	Trained string `json:"trained"`
}

// decider inputs beyond the span's features.
const (
	dTop    = int(numFeatures) + iota // the best span's rank score
	dMargin                           // its lead over the runner-up's
	numDecider
)

var _ Scorer = (*Model)(nil)

//go:embed model.json
var modelJSON []byte

// Fitted is the model fitted from the labelled sets (model.json), the one
// New gives the engine: on sets nobody had read it beats the hand-set
// rules (see the README).
func Fitted() (*Model, error) { return LoadModel(modelJSON) }

// LoadModel reads a model and checks that it weighs the features this
// engine computes.
func LoadModel(b []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("answers: model: %w", err)
	}
	if !slices.Equal(m.Features, featureNames[:]) || !slices.Equal(m.PersonalSignals, personalNames[:]) || len(m.Personal) != int(numPersonal) ||
		!slices.Equal(m.VerdictSignals, verdictNames()) || len(m.Stated) != numVerdict || len(m.Contra) != numVerdict {
		return nil, fmt.Errorf("answers: model: its features are not the engine's (fit it again: go run ./answers/fit)")
	}
	if (m.RankerTrees == nil && len(m.Ranker) != int(numFeatures)) || (m.DeciderTrees == nil && len(m.Decider) != numDecider) {
		return nil, fmt.Errorf("answers: model: %d ranker and %d decider weights, want %d and %d", len(m.Ranker), len(m.Decider), numFeatures, numDecider)
	}
	for _, ts := range []*Trees{m.RankerTrees, m.DeciderTrees} {
		if ts != nil && !ts.valid(numDecider) {
			return nil, fmt.Errorf("answers: model: a tree is malformed")
		}
	}
	if m.PersonalTrees != nil && !m.PersonalTrees.valid(int(numPersonal)) {
		return nil, fmt.Errorf("answers: model: a tree of the personal read is malformed")
	}
	if m.ContraTrees != nil && !m.ContraTrees.valid(numVerdict) {
		return nil, fmt.Errorf("answers: model: a tree of the verdict is malformed")
	}
	return &m, nil
}

// Rank implements Scorer.
func (m *Model) Rank(f *features) float64 {
	if m.RankerTrees != nil {
		return sigmoid(m.RankerTrees.LogOdds(f[:]))
	}
	return sigmoid(dot(m.Ranker, f[:]))
}

// Confidence implements Scorer.
func (m *Model) Confidence(best *features, top, second float64) float64 {
	return m.confidence(deciderInput(best, top, second))
}

func (m *Model) confidence(x []float64) float64 {
	if m.DeciderTrees != nil {
		return sigmoid(m.DeciderTrees.LogOdds(x))
	}
	return sigmoid(dot(m.Decider, x))
}

// Threshold implements Scorer.
func (m *Model) Threshold() float64 { return m.Cut }

func dot(w, x []float64) float64 {
	z := 0.0
	for i, v := range x {
		z += w[i] * v
	}
	return z
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// logit is sigmoid's inverse, kept finite.
func logit(p float64) float64 {
	p = min(max(p, 1e-6), 1-1e-6)
	return math.Log(p / (1 - p))
}

// deciderInput is the decider's vector for best.
func deciderInput(best *features, top, second float64) []float64 {
	x := make([]float64, numDecider)
	copy(x, best[:])
	x[dTop], x[dMargin] = logit(top), logit(top)-logit(second)
	return x
}
