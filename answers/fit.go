package answers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
)

// Fitting the scorer from labelled questions: what `go run ./answers/fit`
// runs. Everything here is deterministic: the same examples give the same
// model, to the last digit.

// Example is one labelled question as the engine sees it before deciding:
// its candidate spans' features and which of them hold the gold span.
type Example struct {
	Set  string
	Case Case
	// Early is set when no span was weighed (a greeting, an empty or
	// foreign question, one asking the bot's opinion): it is not answered
	// whatever the scorer says.
	Early bool
	spans []candidate
	// signals are the question's personal signals (personal.go).
	signals [numPersonal]float64
	// checked is set for a question that asks whether something is so,
	// and claim is then its verdict vector (verdict.go), nil when no span
	// speaks to it.
	checked bool
	claim   []float64
}

// candidate is one span of an Example.
type candidate struct {
	f             features
	holds         bool
	order, lo, hi int    // the passage's place and the span's sentences, to tell overlaps
	doc           string // the passage's document (its stem)
}

// maxTrainingSpans is how many spans of a question, the best covering
// first, the ranker is fitted on.
const maxTrainingSpans = 40

// Collect asks c's question of e up to the decision and keeps what the
// scorer would weigh. e decides by the hand-set rules (NewUnfitted), so
// that the examples do not depend on a model.
func Collect(ctx context.Context, e *Engine, set string, c Case) (Example, error) {
	ex := Example{Set: set, Case: c}
	if e.model.Load() != nil || e.scorer.Load() != nil {
		return ex, errors.New("answers: Collect needs an engine that decides by the hand-set rules (NewUnfitted)")
	}
	// A conversation's last turn is read as the engine reads it, after
	// the turns before, which the hand-set rules answer: the examples do
	// not depend on the model they will fit.
	var conv *Conversation
	if len(c.Turns) > 1 {
		conv = &Conversation{}
		for _, t := range c.Turns[:len(c.Turns)-1] {
			if _, err := e.AskIn(ctx, conv, t); err != nil {
				return ex, err
			}
		}
	}
	q := e.parse(c.Question())
	if _, ok := e.attribution(conv, q); ok {
		ex.Early = true // "who said that?": the answer before says, no span is weighed
		return ex, nil
	}
	e.inConversation(conv, &q, c.Question())
	ex.signals = q.signals
	if q.empty || q.foreign || q.greeting || (len(q.concepts) == 0 && q.trans == nil) || q.opinion || q.translate {
		ex.Early = true
		return ex, nil
	}
	if err := e.collectClaim(ctx, &ex, q); err != nil {
		return ex, err
	}
	spans, err := e.rank(ctx, q, true)
	if err != nil {
		return ex, err
	}
	// The spans in the index's order, whatever the scorer: the examples
	// do not depend on the model they will fit.
	slices.SortStableFunc(spans, func(a, b *span) int {
		return cmp.Or(cmp.Compare(a.p.Order, b.p.Order), cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
	})
	golds := c.Golds()
	for _, s := range spans {
		quote := foldSpace(s.quote())
		holds := slices.ContainsFunc(golds, func(g string) bool { return strings.Contains(quote, foldSpace(g)) })
		ex.spans = append(ex.spans, candidate{f: *s.f, holds: holds, order: s.p.Order, lo: s.from, hi: s.to, doc: s.p.Doc.Stem})
	}
	return ex, nil
}

// Fit fits a model on examples: the ranker on the spans of answerable
// questions, the decider on the best span of every question, and the
// decider's threshold on sets each fold's decider was not fitted on.
func Fit(examples []Example, o FitOptions) (*Model, error) {
	// The weights and the threshold (chosen over models fitted without
	// each group of sets) are fitted side by side.
	var m *Model
	var cut float64
	err := sideBySide(2, func(k int) (err error) {
		if k == 0 {
			m, err = o.fitWeights(examples)
		} else {
			cut, err = o.chooseThreshold(examples)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	m.Cut = cut
	m.PersonalSignals = personalNames[:]
	if m.Personal, m.PersonalTrees, m.PersonalCut, err = fitPersonal(examples); err != nil {
		return nil, err
	}
	m.VerdictSignals = verdictNames()
	if m.Stated, m.Contra, m.ContraTrees, m.StatedCut, m.ContraCut, m.VerdictHeld, err = fitVerdict(examples); err != nil {
		return nil, err
	}
	sets := map[string]bool{}
	for _, ex := range examples {
		sets[ex.Set] = true
	}
	m.Trained = fmt.Sprintf("%d questions of %d labelled sets", len(examples), len(sets))
	return m, nil
}

// FitOptions say how a model is fitted. The zero value is the model the
// engine decides with: boosted trees for both the ranker and the decider,
// the ranker fitted listwise (which span answers, among its question's;
// see listwise.go). LinearRanker and LinearDecider fit logistic
// regressions instead; Pointwise fits the ranker span by span (does a span
// answer, among all questions' spans).
type FitOptions struct{ LinearRanker, LinearDecider, Pointwise bool }

// ridge is the L2 penalty of both regressions (the intercept is free).
const ridge = 1.0

// fitWeights fits the ranker, then the decider on the ranker's choices.
// The decider learns from choices made by rankers that did not see the
// question (fitted on the other folds of sets), so that it weighs rank
// scores as they come on questions never seen.
func (o FitOptions) fitWeights(examples []Example) (*Model, error) {
	m := &Model{Features: featureNames[:]}
	// The folds' rankers are fitted side by side, and the model's own
	// beside them; the folds' choices are gathered in fold order, so the
	// decider's rows come in one order.
	folds := setFolds(examples, rankerFolds)
	xs := make([][][]float64, rankerFolds)
	ys := make([][]float64, rankerFolds)
	err := sideBySide(rankerFolds+1, func(k int) error {
		if k == rankerFolds {
			var err error
			m.Ranker, m.RankerTrees, err = o.fitRanker(examples)
			return err
		}
		train, held := split(examples, folds, k)
		if len(held) == 0 {
			return nil
		}
		fm := &Model{Features: featureNames[:]}
		var err error
		if fm.Ranker, fm.RankerTrees, err = o.fitRanker(train); err != nil {
			return err
		}
		for _, ex := range held {
			if x, right, ok := fm.choose(ex); ok {
				xs[k] = append(xs[k], x)
				ys[k] = append(ys[k], b2f(right))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	dx, dy := slices.Concat(xs...), slices.Concat(ys...)
	if !o.LinearDecider {
		ts := fitTrees(dx, dy)
		m.DeciderTrees = &ts
		return m, nil
	}
	if m.Decider, err = logistic(dx, dy); err != nil {
		return nil, fmt.Errorf("answers: fitting the decider: %w", err)
	}
	return m, nil
}

// rankerFolds is how many groups of sets the decider's rank scores come
// from.
const rankerFolds = 4

// split parts examples into those of folds other than k and those of k.
func split(examples []Example, folds []int, k int) (train, held []Example) {
	for i, ex := range examples {
		if folds[i] == k {
			held = append(held, ex)
		} else {
			train = append(train, ex)
		}
	}
	return train, held
}

// setFolds gives each example a fold, 0 to k-1, by its set: whole sets
// stay together, in the order of their names.
func setFolds(examples []Example, k int) []int {
	var sets []string
	for _, ex := range examples {
		if !slices.Contains(sets, ex.Set) {
			sets = append(sets, ex.Set)
		}
	}
	slices.Sort(sets)
	out := make([]int, len(examples))
	for i, ex := range examples {
		out[i] = slices.Index(sets, ex.Set) % k
	}
	return out
}

// fitRanker fits the ranker listwise, or pointwise on the spans of the
// questions whose candidates hold their gold and of those with none.
func (o FitOptions) fitRanker(examples []Example) ([]float64, *Trees, error) {
	if !o.Pointwise {
		return o.fitListwise(examples)
	}
	var rx [][]float64
	var ry []float64
	for _, ex := range examples {
		if ex.Early || (ex.Case.Gold != nil && !slices.ContainsFunc(ex.spans, func(c candidate) bool { return c.holds })) {
			continue
		}
		spans := slices.Clone(ex.spans)
		slices.SortStableFunc(spans, func(a, b candidate) int { return cmp.Compare(b.f[fCoverage], a.f[fCoverage]) })
		for _, c := range spans[:min(len(spans), maxTrainingSpans)] {
			rx = append(rx, c.f[:])
			ry = append(ry, b2f(c.holds))
		}
	}
	if len(rx) == 0 {
		return nil, nil, errors.New("answers: fitting the ranker: no answerable question found its gold")
	}
	if !o.LinearRanker {
		ts := fitTrees(rx, ry)
		return nil, &ts, nil
	}
	w, err := logistic(rx, ry)
	if err != nil {
		return nil, nil, fmt.Errorf("answers: fitting the ranker: %w", err)
	}
	return w, nil, nil
}

// fitListwise fits the ranker, linear or trees, listwise (listwise.go) on
// the spans of the answerable questions whose candidates hold their gold.
func (o FitOptions) fitListwise(examples []Example) ([]float64, *Trees, error) {
	var groups []choices
	for _, ex := range examples {
		if ex.Early || ex.Case.Gold == nil {
			continue
		}
		spans := slices.Clone(ex.spans)
		slices.SortStableFunc(spans, func(a, b candidate) int { return cmp.Compare(b.f[fCoverage], a.f[fCoverage]) })
		spans = spans[:min(len(spans), maxTrainingSpans)]
		if !slices.ContainsFunc(spans, func(c candidate) bool { return c.holds }) {
			continue
		}
		var g choices
		for _, c := range spans {
			g.x = append(g.x, c.f[:])
			g.holds = append(g.holds, c.holds)
		}
		groups = append(groups, g)
	}
	if !o.LinearRanker {
		ts := fitTreesListwise(groups)
		return nil, &ts, nil
	}
	w, err := listwise(groups, int(numFeatures))
	if err != nil {
		return nil, nil, fmt.Errorf("answers: fitting the ranker: %w", err)
	}
	return w, nil, nil
}

// choose ranks ex's spans with m's ranker as the engine does and returns
// the decider's input for the best, and whether answering with it is
// right; ok is false when nothing is weighed.
func (m *Model) choose(ex Example) (x []float64, right, ok bool) {
	if ex.Early || len(ex.spans) == 0 {
		return nil, false, false
	}
	// The best span no veto refuses, of the best-ranked span's document,
	// and the best other one (decide.go).
	first, high := 0, math.Inf(-1)
	for i := range ex.spans {
		if s := m.Rank(&ex.spans[i].f); s > high {
			first, high = i, s
		}
	}
	best, top := -1, math.Inf(-1)
	for i := range ex.spans {
		b := &ex.spans[i]
		if vetoes(&b.f) || b.doc != ex.spans[first].doc {
			continue
		}
		s := m.Rank(&b.f)
		if s > top || (s == top && b.hi-b.lo < ex.spans[best].hi-ex.spans[best].lo) {
			best, top = i, s
		}
	}
	if best < 0 { // every span refused: the engine abstains
		return nil, false, false
	}
	b := ex.spans[best]
	second := 0.0
	for i, c := range ex.spans {
		if i != best && !vetoes(&c.f) && c.doc == b.doc && !(c.order == b.order && c.lo <= b.hi && b.lo <= c.hi) {
			second = max(second, m.Rank(&ex.spans[i].f))
		}
	}
	return deciderInput(&b.f, top, second), ex.Case.Gold != nil && b.holds, true
}

// thresholdFolds is how many groups of sets the threshold is chosen over.
const thresholdFolds = 5

// chooseThreshold fits the model thresholdFolds times, each time leaving a
// group of whole sets out, and picks the threshold that does best on the
// questions left out: the most recall@1 plus abstention.
func (o FitOptions) chooseThreshold(examples []Example) (float64, error) {
	var sets []string
	for _, ex := range examples {
		if !slices.Contains(sets, ex.Set) {
			sets = append(sets, ex.Set)
		}
	}
	slices.Sort(sets)
	if len(sets) < 2 {
		return 0, errors.New("answers: choosing the threshold needs two labelled sets or more")
	}
	fold := func(set string) int { return slices.Index(sets, set) % min(thresholdFolds, len(sets)) }
	k := min(thresholdFolds, len(sets))
	held := make([][]judged, k)
	err := sideBySide(k, func(k int) error {
		var train []Example
		for _, ex := range examples {
			if fold(ex.Set) != k {
				train = append(train, ex)
			}
		}
		m, err := o.fitWeights(train)
		if err != nil {
			return err
		}
		for _, ex := range examples {
			if fold(ex.Set) == k {
				held[k] = append(held[k], m.judge(ex))
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return bestThreshold(slices.Concat(held...)), nil
}

// sideBySide runs fit(k) for every k below n (a fold, or one part of a
// fit) side by side and returns their errors. Each writes only its own
// results, so the outcome does not depend on which finishes first.
func sideBySide(n int, fit func(k int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		wg.Go(func() { errs[k] = fit(k) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// CrossValidate fits the model on all but one of five groups of sets at a
// time and scores the questions left out, at the threshold that does best
// on them all: a quick measure to compare feature sets with (the
// leave-one-set-out figures of the fit command are the honest ones).
func CrossValidate(examples []Example, o FitOptions) (recall, abstention, first float64, err error) {
	folds := setFolds(examples, thresholdFolds)
	var held []judged
	for k := range thresholdFolds {
		train, test := split(examples, folds, k)
		m, err := o.fitWeights(train)
		if err != nil {
			return 0, 0, 0, err
		}
		for _, ex := range test {
			held = append(held, m.judge(ex))
		}
	}
	t := bestThreshold(held)
	found, answerable, refused, right := 0, 0, 0, 0
	for _, j := range held {
		switch {
		case j.answerable:
			answerable++
			right += int(b2f(j.right))
			if j.conf >= t && j.right {
				found++
			}
		case j.conf < t:
			refused++
		}
	}
	return ratio(found, answerable), ratio(refused, len(held)-answerable), ratio(right, answerable), nil
}

// judged is how a model did on one question, before the threshold.
type judged struct {
	conf       float64 // the decider's confidence; -1 when nothing was weighed
	answerable bool
	right      bool // the best span holds the gold
}

func (m *Model) judge(ex Example) judged {
	j := judged{conf: -1, answerable: ex.Case.Gold != nil}
	if x, right, ok := m.choose(ex); ok {
		j.conf = m.confidence(x)
		j.right = right
	}
	return j
}

// bestThreshold is the threshold that does best on held, recall@1 plus
// abstention: the mean of the thresholds, each halfway between two
// neighbouring confidences, that score within thresholdSlack of the best.
// The best alone jumps between far-apart thresholds that score alike from
// one refit to the next (0.50 and 0.62 in the eleventh session).
func bestThreshold(held []judged) float64 {
	confs := make([]float64, 0, len(held))
	answerable := 0
	for _, j := range held {
		if j.conf >= 0 {
			confs = append(confs, j.conf)
		}
		if j.answerable {
			answerable++
		}
	}
	slices.Sort(confs)
	confs = slices.Compact(confs)
	if len(confs) == 0 {
		return 0.5
	}
	ts := make([]float64, len(confs))
	vs := make([]float64, len(confs))
	best := math.Inf(-1)
	for i := range confs {
		t := confs[i]
		if i > 0 {
			t = (confs[i-1] + confs[i]) / 2
		}
		found, refused := 0, 0
		for _, j := range held {
			switch {
			case j.answerable && j.conf >= t && j.right:
				found++
			case !j.answerable && j.conf < t:
				refused++
			}
		}
		ts[i], vs[i] = t, ratio(found, answerable)+ratio(refused, len(held)-answerable)
		best = max(best, vs[i])
	}
	sum, n := 0.0, 0
	for i, v := range vs {
		if v >= best-thresholdSlack {
			sum += ts[i]
			n++
		}
	}
	return sum / float64(n)
}

// thresholdSlack is how far below the best a threshold may score on the
// sets left out and still count towards the one chosen.
const thresholdSlack = 0.005

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// logistic fits a logistic regression to rows x and labels y by Newton's
// method, with an L2 penalty on every weight but the first (the
// intercept).
func logistic(x [][]float64, y []float64) ([]float64, error) {
	if len(x) == 0 {
		return nil, errors.New("no examples")
	}
	d := len(x[0])
	w := make([]float64, d)
	for iter := 0; iter < 50; iter++ {
		grad := make([]float64, d)
		hess := make([]float64, d*d)
		for i, row := range x {
			p := sigmoid(dot(w, row))
			g, h := p-y[i], max(p*(1-p), 1e-9)
			for a, va := range row {
				if va == 0 {
					continue
				}
				grad[a] += g * va
				for b := a; b < d; b++ {
					hess[a*d+b] += h * va * row[b]
				}
			}
		}
		for a := 0; a < d; a++ {
			for b := 0; b < a; b++ {
				hess[a*d+b] = hess[b*d+a]
			}
			if a > 0 {
				grad[a] += ridge * w[a]
				hess[a*d+a] += ridge
			} else {
				hess[0] += 1e-6
			}
		}
		step, err := solve(hess, grad, d)
		if err != nil {
			return nil, err
		}
		most := 0.0
		for a := range w {
			w[a] -= step[a]
			most = max(most, math.Abs(step[a]))
		}
		if most < 1e-9 {
			break
		}
	}
	return w, nil
}

// solve solves the symmetric positive definite system a·x = b (a is d×d,
// row major) by Cholesky decomposition.
func solve(a, b []float64, d int) ([]float64, error) {
	l := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j <= i; j++ {
			sum := a[i*d+j]
			for k := 0; k < j; k++ {
				sum -= l[i*d+k] * l[j*d+k]
			}
			if i == j {
				if sum <= 0 {
					return nil, errors.New("the system is not positive definite")
				}
				l[i*d+i] = math.Sqrt(sum)
			} else {
				l[i*d+j] = sum / l[j*d+j]
			}
		}
	}
	z := make([]float64, d)
	for i := 0; i < d; i++ {
		sum := b[i]
		for k := 0; k < i; k++ {
			sum -= l[i*d+k] * z[k]
		}
		z[i] = sum / l[i*d+i]
	}
	x := make([]float64, d)
	for i := d - 1; i >= 0; i-- {
		sum := z[i]
		for k := i + 1; k < d; k++ {
			sum -= l[k*d+i] * x[k]
		}
		x[i] = sum / l[i*d+i]
	}
	return x, nil
}

// TopHolds counts, over the answerable questions of examples whose
// candidates hold the gold at all, those whose first span as m ranks them
// holds it.
func TopHolds(m *Model, examples []Example) (reachable, first int) {
	for _, ex := range examples {
		if ex.Early || !slices.ContainsFunc(ex.spans, func(c candidate) bool { return c.holds }) {
			continue
		}
		reachable++
		best, top := 0, math.Inf(-1)
		for i := range ex.spans {
			if s := m.Rank(&ex.spans[i].f); s > top {
				best, top = i, s
			}
		}
		if ex.spans[best].holds {
			first++
		}
	}
	return reachable, first
}

// DeciderStats counts, over examples, the questions whose best span (as
// m ranks them) holds the gold and those where it does not or none does,
// and how many of each m answers.
func DeciderStats(m *Model, examples []Example) (right, rightAnswered, wrong, wrongAnswered, early int) {
	for _, ex := range examples {
		j := m.judge(ex)
		switch {
		case j.conf < 0:
			early++
		case j.answerable && j.right:
			right++
			if j.conf >= m.Cut {
				rightAnswered++
			}
		default:
			wrong++
			if j.conf >= m.Cut {
				wrongAnswered++
			}
		}
	}
	return
}

// WithoutFeature is examples with the named feature zeroed in every span:
// a model fitted on them gives that feature no weight, which is what
// leaving it out costs (an ablation).
func WithoutFeature(examples []Example, name string) ([]Example, error) {
	f := slices.Index(featureNames[:], name)
	if f < 0 {
		return nil, fmt.Errorf("answers: no feature %q", name)
	}
	out := make([]Example, len(examples))
	for i, ex := range examples {
		ex.spans = slices.Clone(ex.spans)
		for k := range ex.spans {
			ex.spans[k].f[f] = 0
		}
		out[i] = ex
	}
	return out, nil
}

// fitPersonal fits the personal read on every labelled question once
// (the report's questions asked again among generated documents are the
// same questions), and chooses its threshold on sets each fold's model
// was not fitted on: the highest that still reads personalShare of the
// personal questions left out as personal. Telling a general question
// that the bot cannot advise on the asker's case is the lesser harm, but
// a harm; the threshold keeps it as rare as the personal read allows.
func fitPersonal(examples []Example) ([]float64, *Trees, float64, error) {
	qs := eachQuestionOnce(examples, func(Example) bool { return true })
	rows := func(exs []Example) ([][]float64, []float64) {
		var x [][]float64
		var y []float64
		for _, ex := range exs {
			x = append(x, ex.signals[:])
			y = append(y, b2f(ex.Case.Personal))
		}
		return x, y
	}
	// Boosted trees weigh how the signals combine ("I am in Turkey. Where
	// else are Afghans sent back from?": oneself before a question for a
	// fact): on sets left out they flagged fewer general questions than
	// logistic weights, finding as many personal ones (README).
	folds := setFolds(qs, thresholdFolds)
	var confs []float64
	for k := range thresholdFolds {
		train, test := split(qs, folds, k)
		if len(test) == 0 {
			continue
		}
		ts := fitTrees(rows(train))
		for _, ex := range test {
			if ex.Case.Personal {
				confs = append(confs, sigmoid(ts.LogOdds(ex.signals[:])))
			}
		}
	}
	if len(confs) == 0 {
		return nil, nil, 0, errors.New("answers: fitting the personal read: no question is labelled personal")
	}
	w, err := logistic(rows(qs))
	if err != nil {
		return nil, nil, 0, fmt.Errorf("answers: fitting the personal read: %w", err)
	}
	ts := fitTrees(rows(qs))
	slices.Sort(confs)
	return w, &ts, confs[int(float64(len(confs))*(1-personalShare))], nil
}

// eachQuestionOnce is the examples keep takes, each question once, as
// first collected: the report's questions come again among many documents.
func eachQuestionOnce(examples []Example, keep func(Example) bool) []Example {
	seen := map[string]bool{}
	var out []Example
	for _, ex := range examples {
		if k := ex.Set + "\x00" + ex.Case.Question(); keep(ex) && !seen[k] {
			seen[k] = true
			out = append(out, ex)
		}
	}
	return out
}

// personalShare is the least share of the personal questions the personal
// read finds (the Conversations issue's target).
const personalShare = 0.9
