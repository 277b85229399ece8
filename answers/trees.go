package answers

import (
	"math"
	"slices"
)

// Trees is a boosted ensemble of small regression trees for a logistic
// loss: the log-odds are Base plus Rate times the sum of the trees' leaves.
// Trees learn how features combine ("covers much and names no other
// year") where a linear model can only add them up.
type Trees struct {
	Base  float64 `json:"base"`
	Rate  float64 `json:"rate"`
	Trees []Tree  `json:"trees"`
}

// Tree is one regression tree; Nodes[0] is its root.
type Tree struct {
	Nodes []Node `json:"nodes"`
}

// Node splits on x[F] <= T (to L, else R), or is a leaf (L == 0) worth V.
type Node struct {
	F int     `json:"f,omitempty"`
	T float64 `json:"t,omitempty"`
	L int     `json:"l,omitempty"`
	R int     `json:"r,omitempty"`
	V float64 `json:"v,omitempty"`
}

// LogOdds is the ensemble's log-odds for x.
func (ts *Trees) LogOdds(x []float64) float64 {
	z := ts.Base
	for i := range ts.Trees {
		z += ts.Rate * leafOf(ts.Trees[i].Nodes, x)
	}
	return z
}

// How trees are grown.
const (
	treeCount  = 150
	treeDepth  = 3
	treeRate   = 0.1
	treeLambda = 1.0 // L2 penalty on a leaf's value
	treeMinH   = 2.0 // the least hessian (about 8 examples) a leaf may hold
	treeBins   = 32  // candidate thresholds per feature
)

// fitTrees boosts trees on rows x with labels y (0 or 1).
func fitTrees(x [][]float64, y []float64) Trees {
	pos := 0.0
	for _, v := range y {
		pos += v
	}
	p := min(max(pos/float64(len(x)), 1e-6), 1-1e-6)
	return boost(x, math.Log(p/(1-p)), func(z, g, h []float64) {
		for i := range z {
			q := sigmoid(z[i])
			g[i], h[i] = y[i]-q, max(q*(1-q), 1e-9)
		}
	})
}

// fitTreesListwise boosts trees for the conditional logit of listwise.go:
// each round's gradients put a question's gold-holding spans ahead of its
// other candidates.
func fitTreesListwise(groups []choices) Trees {
	var x [][]float64
	for _, c := range groups {
		x = append(x, c.x...)
	}
	return boost(x, 0, func(z, g, h []float64) {
		at := 0
		for _, c := range groups {
			n := len(c.x)
			p, pg := softmaxes(z[at:at+n], c.holds)
			for i := range n {
				g[at+i], h[at+i] = pg[i]-p[i], max(p[i]*(1-p[i]), 1e-9)
			}
			at += n
		}
	})
}

// boost grows treeCount trees on rows x from log-odds base, each on the
// gradients and hessians grad gives for the current log-odds z.
func boost(x [][]float64, base float64, grad func(z, g, h []float64)) Trees {
	n := len(x)
	d := len(x[0])
	cuts := make([][]float64, d)
	for f := range d {
		cuts[f] = thresholds(x, f)
	}
	// bin[f*n+i] is how many of feature f's cuts lie below x[i][f]: a
	// feature's bins side by side, as a split reads them.
	bin := make([]uint8, n*d)
	for i, row := range x {
		for f, v := range row {
			k, _ := slices.BinarySearch(cuts[f], v)
			bin[f*n+i] = uint8(k)
		}
	}
	ts := Trees{Base: base, Rate: treeRate}
	z := make([]float64, n)
	for i := range z {
		z[i] = ts.Base
	}
	g := make([]float64, n)
	h := make([]float64, n)
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	for range treeCount {
		grad(z, g, h)
		g := grower{d: d, n: n, bin: bin, cuts: cuts, g: g, h: h}
		g.grow(rows, g.histogramOf(rows), treeDepth)
		t := Tree{Nodes: g.nodes}
		for i, row := range x {
			z[i] += treeRate * leafOf(t.Nodes, row)
		}
		ts.Trees = append(ts.Trees, t)
	}
	return ts
}

func leafOf(nodes []Node, x []float64) float64 {
	n := 0
	for nodes[n].L != 0 {
		if x[nodes[n].F] <= nodes[n].T {
			n = nodes[n].L
		} else {
			n = nodes[n].R
		}
	}
	return nodes[n].V
}

// thresholds are the candidate cuts of feature f: midpoints between its
// values, or between quantiles of them when they are many.
func thresholds(x [][]float64, f int) []float64 {
	vals := make([]float64, len(x))
	for i, row := range x {
		vals[i] = row[f]
	}
	slices.Sort(vals)
	uniq := slices.Compact(slices.Clone(vals))
	if len(uniq) > treeBins {
		q := make([]float64, 0, treeBins)
		for k := 1; k <= treeBins; k++ {
			q = append(q, vals[k*(len(vals)-1)/(treeBins+1)])
		}
		uniq = slices.Compact(q)
	}
	var cuts []float64
	for i := 1; i < len(uniq); i++ {
		cuts = append(cuts, (uniq[i-1]+uniq[i])/2)
	}
	return cuts
}

// grower grows one tree on the gradients g and hessians h.
type grower struct {
	d, n  int
	bin   []uint8
	cuts  [][]float64
	g, h  []float64
	nodes []Node
}

// binWidth is how many bins a feature's histogram has room for.
const binWidth = treeBins + 2

// histogram is the sums of gradients and hessians of some rows per
// feature and bin: feature f's bin b at f*binWidth+b.
type histogram struct{ g, h []float64 }

// histogramOf sums rows' gradients and hessians by bin.
func (gr *grower) histogramOf(rows []int) histogram {
	hs := histogram{g: make([]float64, gr.d*binWidth), h: make([]float64, gr.d*binWidth)}
	for f := range gr.d {
		if len(gr.cuts[f]) == 0 {
			continue
		}
		bins := gr.bin[f*gr.n : (f+1)*gr.n]
		sg, sh := hs.g[f*binWidth:(f+1)*binWidth], hs.h[f*binWidth:(f+1)*binWidth]
		for _, i := range rows {
			b := bins[i]
			sg[b] += gr.g[i]
			sh[b] += gr.h[i]
		}
	}
	return hs
}

// minus takes o's sums from hs's, in place, and returns hs.
func (hs histogram) minus(o histogram) histogram {
	for i := range hs.g {
		hs.g[i] -= o.g[i]
		hs.h[i] -= o.h[i]
	}
	return hs
}

// grow adds the node for rows, whose histogram is hs, and returns its
// index.
func (gr *grower) grow(rows []int, hs histogram, depth int) int {
	at := len(gr.nodes)
	gr.nodes = append(gr.nodes, Node{})
	G, H := 0.0, 0.0
	for _, i := range rows {
		G += gr.g[i]
		H += gr.h[i]
	}
	gr.nodes[at].V = G / (H + treeLambda)
	if depth == 0 || H < 2*treeMinH {
		return at
	}
	bestGain, bestF, bestK := 1e-9, -1, 0
	parent := G * G / (H + treeLambda)
	for f := range gr.d {
		sg, sh := hs.g[f*binWidth:(f+1)*binWidth], hs.h[f*binWidth:(f+1)*binWidth]
		lg, lh := 0.0, 0.0
		for k := range gr.cuts[f] {
			lg += sg[k]
			lh += sh[k]
			rg, rh := G-lg, H-lh
			if lh < treeMinH || rh < treeMinH {
				continue
			}
			gain := lg*lg/(lh+treeLambda) + rg*rg/(rh+treeLambda) - parent
			if gain > bestGain {
				bestGain, bestF, bestK = gain, f, k
			}
		}
	}
	if bestF < 0 {
		return at
	}
	var left, right []int
	for _, i := range rows {
		if int(gr.bin[bestF*gr.n+i]) <= bestK {
			left = append(left, i)
		} else {
			right = append(right, i)
		}
	}
	// The smaller child's histogram is summed; the larger one's is the
	// rest of this node's (a leaf needs none).
	var lh, rh histogram
	switch {
	case depth == 1:
	case len(left) <= len(right):
		lh = gr.histogramOf(left)
		rh = hs.minus(lh)
	default:
		rh = gr.histogramOf(right)
		lh = hs.minus(rh)
	}
	l := gr.grow(left, lh, depth-1)
	r := gr.grow(right, rh, depth-1)
	gr.nodes[at] = Node{F: bestF, T: gr.cuts[bestF][bestK], L: l, R: r}
	return at
}

// valid tells whether every tree's nodes point inside it, forward only,
// and split on one of d features.
func (ts *Trees) valid(d int) bool {
	for _, t := range ts.Trees {
		if len(t.Nodes) == 0 {
			return false
		}
		for i, n := range t.Nodes {
			if n.L != 0 && (n.L <= i || n.R <= i || n.L >= len(t.Nodes) || n.R >= len(t.Nodes) || n.F < 0 || n.F >= d) {
				return false
			}
		}
	}
	return true
}
