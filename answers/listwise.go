package answers

import (
	"errors"
	"math"
)

// Listwise ranking: the ranker is fitted to put a question's answering
// span first among that question's own candidates (a conditional logit:
// the chance of span i is exp(w·x_i) over the sum for every candidate),
// not to tell answering spans from all others across questions. What is
// the same for every span of a question (the bias, the kind of fact
// asked) then weighs nothing in the ranking; the decider weighs it.

// choices is one question's candidate spans: their feature rows, and which
// of them hold the gold.
type choices struct {
	x     [][]float64
	holds []bool
}

// listwise fits the conditional logit over groups by Newton's method:
// each step solves with the candidates' covariance, which bounds the
// curvature, plus the L2 penalty on every weight, and is halved until the
// penalised likelihood rises.
func listwise(groups []choices, d int) ([]float64, error) {
	if len(groups) == 0 {
		return nil, errors.New("no examples")
	}
	w := make([]float64, d)
	like := listLikelihood(groups, w)
	for iter := 0; iter < 60; iter++ {
		grad := make([]float64, d)
		hess := make([]float64, d*d)
		for _, g := range groups {
			addGroup(g, w, grad, hess, d)
		}
		for a := 0; a < d; a++ {
			for b := 0; b < a; b++ {
				hess[a*d+b] = hess[b*d+a]
			}
			grad[a] -= ridge * w[a]
			hess[a*d+a] += ridge
		}
		step, err := solve(hess, grad, d)
		if err != nil {
			return nil, err
		}
		next, t := make([]float64, d), 1.0
		for ; t > 1e-6; t /= 2 {
			for a := range w {
				next[a] = w[a] + t*step[a]
			}
			if l := listLikelihood(groups, next); l >= like {
				like = l
				break
			}
		}
		most := 0.0
		for a := range w {
			most = max(most, math.Abs(next[a]-w[a]))
		}
		if t <= 1e-6 || most < 1e-9 {
			break
		}
		copy(w, next)
	}
	return w, nil
}

// addGroup adds one question's gradient of the log likelihood to grad, and
// the covariance of its candidates' rows to hess (upper triangle).
func addGroup(g choices, w, grad, hess []float64, d int) {
	p, pg := groupChances(g, w)
	mu, muG := make([]float64, d), make([]float64, d)
	for i, row := range g.x {
		for a, v := range row {
			mu[a] += p[i] * v
			muG[a] += pg[i] * v
		}
	}
	for a := range d {
		grad[a] += muG[a] - mu[a]
	}
	for i, row := range g.x {
		if p[i] < 1e-12 {
			continue
		}
		for a := range d {
			da := row[a] - mu[a]
			if da == 0 {
				continue
			}
			for b := a; b < d; b++ {
				hess[a*d+b] += p[i] * da * (row[b] - mu[b])
			}
		}
	}
}

// groupChances are the candidates' chances under w, over all of them (p)
// and over the gold-holding ones alone (pg).
func groupChances(g choices, w []float64) (p, pg []float64) {
	s := make([]float64, len(g.x))
	for i, row := range g.x {
		s[i] = dot(w, row)
	}
	return softmaxes(s, g.holds)
}

// softmaxes are the chances of scores s over all candidates (p) and over
// those that hold the gold alone (pg).
func softmaxes(s []float64, holds []bool) (p, pg []float64) {
	top := math.Inf(-1)
	for _, v := range s {
		top = max(top, v)
	}
	p, pg = make([]float64, len(s)), make([]float64, len(s))
	sum, sumG := 0.0, 0.0
	for i := range s {
		p[i] = math.Exp(s[i] - top)
		sum += p[i]
		if holds[i] {
			pg[i] = p[i]
			sumG += p[i]
		}
	}
	for i := range p {
		p[i] /= sum
		if sumG > 0 {
			pg[i] /= sumG
		}
	}
	return p, pg
}

// listLikelihood is the penalised log likelihood of w over groups.
func listLikelihood(groups []choices, w []float64) float64 {
	l := 0.0
	for _, g := range groups {
		top := math.Inf(-1)
		s := make([]float64, len(g.x))
		for i, row := range g.x {
			s[i] = dot(w, row)
			top = max(top, s[i])
		}
		all, gold := 0.0, 0.0
		for i := range s {
			e := math.Exp(s[i] - top)
			all += e
			if g.holds[i] {
				gold += e
			}
		}
		l += math.Log(gold) - math.Log(all)
	}
	for _, v := range w {
		l -= ridge / 2 * v * v
	}
	return l
}
