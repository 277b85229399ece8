package answers

import (
	"math"
	"testing"
)

// rankingGroups are questions whose answering span is the one whose second
// feature stands highest among its own candidates. The third feature
// tells questions apart, not spans: it stands high for all candidates of a
// question with few of them (so, taken span by span, it goes with the
// gold), and varies a little between them at random.
func rankingGroups(n int) []choices {
	seed := uint64(7)
	next := func() float64 { // a fixed pseudo-random sequence in [0, 1)
		seed = seed*6364136223846793005 + 1442695040888963407
		return float64(seed>>11) / float64(1<<53)
	}
	var groups []choices
	for q := range n {
		level := 3 * next()
		size := 3 + int((3-level)*4)
		gold := q % size
		var c choices
		for i := range size {
			signal := next()
			if i == gold {
				signal += 0.5
			}
			c.x = append(c.x, []float64{1, signal, level + next()})
			c.holds = append(c.holds, i == gold)
		}
		groups = append(groups, c)
	}
	return groups
}

func firstHolds(groups []choices, score func([]float64) float64) int {
	right := 0
	for _, c := range groups {
		best, top := -1, math.Inf(-1)
		for i, row := range c.x {
			if s := score(row); s > top {
				best, top = i, s
			}
		}
		if c.holds[best] {
			right++
		}
	}
	return right
}

// TestListwiseRanksWithinTheQuestion: fitted listwise, the ranker puts
// first the span that stands out among its own question's candidates, on
// questions it was not fitted on, and gives what all of a question's
// candidates share (the intercept) no weight.
func TestListwiseRanksWithinTheQuestion(t *testing.T) {
	train, held := rankingGroups(400), rankingGroups(600)[400:]
	w, err := listwise(train, 3)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(w[0]) > 1e-9 {
		t.Errorf("the intercept weighs %.3f in a ranking, want 0", w[0])
	}
	if w[1] <= 0 || math.Abs(w[2]) > w[1]/4 {
		t.Errorf("weights %.3f, want the signal weighed and what tells questions apart hardly", w)
	}
	// The best any ranker can do is to put first the span that stands
	// highest: the gold is not always that one.
	best := firstHolds(held, func(x []float64) float64 { return x[1] })
	got := firstHolds(held, func(x []float64) float64 { return dot(w, x) })
	if got < best*19/20 {
		t.Errorf("the gold is first in %d of %d questions left out, want about the %d of the best ranking", got, len(held), best)
	}
	// Trees cut the feature in a few dozen bins, too coarse to tell every
	// candidate from the next, but they too rank within the question: far
	// better than a pick at random.
	chance := 0.0
	for _, c := range held {
		chance += 1 / float64(len(c.x))
	}
	ts := fitTreesListwise(train)
	if got := firstHolds(held, ts.LogOdds); float64(got) < 3*chance {
		t.Errorf("listwise trees put the gold first in %d of %d questions left out, want at least three times the %.0f of a pick at random", got, len(held), chance)
	}
}
