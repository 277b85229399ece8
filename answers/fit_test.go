package answers

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"
)

// TestLogisticRecoversWeights: on labels drawn from known weights, the
// fitted weights come out close to them.
func TestLogisticRecoversWeights(t *testing.T) {
	want := []float64{-1, 2.5, -1.5}
	var x [][]float64
	var y []float64
	// A fixed grid of inputs, labels in proportion to the true odds.
	for i := range 40 {
		for j := range 40 {
			row := []float64{1, float64(i)/20 - 1, float64(j)/20 - 1}
			p := sigmoid(dot(want, row))
			for k := range 20 {
				x = append(x, row)
				y = append(y, b2f(float64(k)+0.5 < 20*p))
			}
		}
	}
	got, err := logistic(x, y)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 0.15 {
			t.Errorf("weight %d = %.3f, want about %.3f", i, got[i], want[i])
		}
	}
}

// TestTreesLearnAConjunction: boosted trees learn "a and not b", which no
// weighted sum of a and b can tell apart.
func TestTreesLearnAConjunction(t *testing.T) {
	var x [][]float64
	var y []float64
	for i := range 400 {
		a, b := float64(i%2), float64(i/2%2)
		x = append(x, []float64{1, a, b})
		y = append(y, b2f(a == 1 && b == 0))
	}
	ts := fitTrees(x, y)
	if !ts.valid(3) {
		t.Fatal("the fitted trees are malformed")
	}
	for _, c := range []struct {
		a, b float64
		yes  bool
	}{{1, 0, true}, {1, 1, false}, {0, 0, false}, {0, 1, false}} {
		if p := sigmoid(ts.LogOdds([]float64{1, c.a, c.b})); (p > 0.5) != c.yes {
			t.Errorf("a=%v b=%v: p = %.3f", c.a, c.b, p)
		}
	}
}

// TestBestThreshold picks the cut that keeps the right answers and drops
// the rest.
func TestBestThreshold(t *testing.T) {
	held := []judged{
		{conf: 0.9, answerable: true, right: true},
		{conf: 0.8, answerable: true, right: true},
		{conf: 0.4, answerable: false},
		{conf: 0.3, answerable: false},
		{conf: -1, answerable: false},
	}
	if got := bestThreshold(held); got <= 0.4 || got > 0.8 {
		t.Errorf("threshold %.3f, want one between 0.4 and 0.8", got)
	}
	// Two far-apart thresholds that do as well: their mean, not the
	// first one found, so that a refit does not jump between them.
	held = []judged{
		{conf: 0.9, answerable: true, right: true},
		{conf: 0.6, answerable: false},
		{conf: 0.5, answerable: true, right: true},
		{conf: 0.3, answerable: false},
	}
	if got := bestThreshold(held); math.Abs(got-0.575) > 1e-9 {
		t.Errorf("threshold %.3f, want 0.575, between 0.4 and 0.75 that score alike", got)
	}
}

// TestModelFits: the committed model weighs the features this engine
// computes, so the fit command's output can be used as it is.
func TestModelFits(t *testing.T) {
	m, err := Fitted()
	if err != nil {
		t.Fatal(err)
	}
	if m.Cut <= 0 || m.Cut >= 1 {
		t.Errorf("threshold %.3f is no probability", m.Cut)
	}
	if _, err := LoadModel([]byte(`{"features":["bias"]}`)); err == nil {
		t.Error("a model of other features was accepted")
	}
}

// TestContradictedTreesDecide: the fitted model weighs whether the source
// says otherwise with its trees, and a model whose verdict trees split on
// a signal the engine does not have is refused.
func TestContradictedTreesDecide(t *testing.T) {
	m, err := Fitted()
	if err != nil {
		t.Fatal(err)
	}
	if m.ContraTrees == nil {
		t.Fatal("the fitted model has no trees for whether the source says otherwise")
	}
	x := make([]float64, numVerdict)
	x[vBias], x[vAnswered], x[vFigureDiffers], x[vSameThing] = 1, 1, 1, 1
	if got, weights := m.contra(x), sigmoid(dot(m.Contra, x)); got != sigmoid(m.ContraTrees.LogOdds(x)) || got == weights {
		t.Errorf("chance it says otherwise %.3f: want the trees' %.3f, not the weights' %.3f", got, sigmoid(m.ContraTrees.LogOdds(x)), weights)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	raw["contradicted_trees"] = map[string]any{"base": 0, "rate": 0.1, "trees": []any{map[string]any{"nodes": []any{map[string]any{"f": numVerdict + 5, "t": 0.5, "l": 1, "r": 2}, map[string]any{"v": 1}, map[string]any{"v": -1}}}}}
	if b, err = json.Marshal(raw); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadModel(b); err == nil {
		t.Error("verdict trees that split on a signal the engine lacks were accepted")
	}
}

// TestVerdictCutsInTheMiddleOfTheBest: where every pair of thresholds over
// a range scores alike, the thresholds chosen stand in its middle, not at
// its edge, where a small change of the data would move them far.
func TestVerdictCutsInTheMiddleOfTheBest(t *testing.T) {
	x := make([]float64, numVerdict)
	x[vBias] = 1
	held := []heldVerdict{
		{stated: 0.9, contra: 0.1, x: x, ex: Example{Case: Case{Verdict: VerdictSupported}}},
		{stated: 0.3, contra: 0.1, x: x, ex: Example{Case: Case{Verdict: VerdictNotStated}}},
	}
	// Both are right for a stated threshold above 0.30 up to 0.90 and a
	// contradicted one above 0.10.
	sc, cc := verdictCuts(held)
	if sc < 0.55 || sc > 0.65 || cc < 0.5 || cc > 0.6 {
		t.Errorf("thresholds %.2f and %.2f, want the middle of 0.31–0.90 and 0.11–0.99", sc, cc)
	}
	if got := verdictTally(held, sc, cc).Claims(); got.Right != 2 {
		t.Errorf("at the chosen thresholds %d of 2 verdicts right", got.Right)
	}
}

// TestFitOptionsChooseTheModels: the zero FitOptions fit boosted trees for
// the ranker and the decider, as the engine decides with; LinearRanker and
// LinearDecider (fit -linear) fit logistic regressions instead. Either
// ranks first the span that covers the question, and the decider never
// learns from a choice a veto refuses.
func TestFitOptionsChooseTheModels(t *testing.T) {
	gold := "the answer"
	var examples []Example
	for i := range 240 {
		ex := Example{Set: fmt.Sprintf("set%d", i%8), Case: Case{Q: "q"}}
		answerable := i%3 != 0
		if answerable {
			ex.Case.Gold = &gold
		}
		for k := range 4 {
			var c candidate
			c.f[fBias] = 1
			c.f[fCoverage] = 0.2 + 0.1*float64((i+k)%4)
			c.holds = answerable && k == i%4
			if c.holds {
				c.f[fCoverage] = 0.9
			}
			c.order, c.lo, c.hi = k, 0, 0
			ex.spans = append(ex.spans, c)
		}
		examples = append(examples, ex)
	}
	for _, tt := range []struct {
		o     FitOptions
		trees bool
	}{{FitOptions{}, true}, {FitOptions{LinearRanker: true, LinearDecider: true}, false}} {
		m, err := tt.o.fitWeights(examples)
		if err != nil {
			t.Fatal(err)
		}
		if (m.RankerTrees != nil) != tt.trees || (m.DeciderTrees != nil) != tt.trees || (len(m.Ranker) == int(numFeatures)) == tt.trees {
			t.Errorf("%+v: ranker trees %v, decider trees %v, %d linear weights; want trees %v", tt.o, m.RankerTrees != nil, m.DeciderTrees != nil, len(m.Ranker), tt.trees)
		}
		ex := examples[1] // answerable; span 1 holds the gold
		if _, right, ok := m.choose(ex); !ok || !right {
			t.Errorf("%+v: the covering span was not ranked first", tt.o)
		}
		ex.spans = slices.Clone(ex.spans)
		for k := range ex.spans {
			ex.spans[k].f[fYearConflict] = 1
		}
		if _, _, ok := m.choose(ex); ok {
			t.Errorf("%+v: a vetoed choice reached the decider", tt.o)
		}
	}
}

// TestCollectReadsConversationsAsTheEngineDoes: the fit learns from a
// conversation's last turn read after the turns before, as `bot eval` and
// the chats read it: its spans know the passage that answered the turn
// before ("and how many of them were women and kids?" after the
// figure of returns). An engine with a model is refused, so that the examples
// depend on none.
func TestCollectReadsConversationsAsTheEngineDoes(t *testing.T) {
	e := unfittedSeedEngine(t)
	women := "60% of these individuals are women and children"
	c := Case{Turns: []string{"how many afghans were sent back in 2025", "and how many of them were women and kids"}, Gold: &women, Kind: "number"}
	ex, err := Collect(context.Background(), e, "test", c)
	if err != nil {
		t.Fatal(err)
	}
	before, held := 0, false
	for _, s := range ex.spans {
		if s.f[fAnsweredBefore] == 1 {
			before++
			held = held || s.holds
		}
	}
	if before == 0 || !held {
		t.Errorf("the follow-up's spans: %d in the passage that answered the turn before (want some, one holding %q)", before, women)
	}
	alone, err := Collect(context.Background(), e, "test", Case{Q: c.Turns[1], Gold: &women, Kind: "number"})
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(alone.spans, func(s candidate) bool { return s.f[fAnsweredBefore] == 1 }) {
		t.Error("a question asked alone has spans marked as in the passage that answered the turn before")
	}
	if _, err := Collect(context.Background(), seedEngine(t), "test", c); err == nil {
		t.Error("Collect took an engine with a fitted model")
	}
}
