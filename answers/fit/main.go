// Command fit fits the answer engine's scorer from the labelled sets and
// writes it to answers/model.json; with -loso it also prints how a model
// fitted without each set does on that set, beside the hand-set rules.
//
// Run it from the repository: go run ./answers/fit [-loso]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"

	"citebot/answers"
	"citebot/index"
	"citebot/index/corpusgen"
)

// config is what the command is asked to do.
type config struct {
	sets, seeds  string
	out          string
	loso, ablate bool
	compare, cv  bool
	kfold, curve bool
	drop         string
	fit          answers.FitOptions
}

func main() {
	var c config
	flag.StringVar(&c.out, "o", "answers/model.json", "where the model is written")
	flag.StringVar(&c.sets, "sets", "answers/testdata", "the folder of labelled sets")
	flag.StringVar(&c.seeds, "seeds", "seeds", "the documents of the sets that name none")
	flag.BoolVar(&c.loso, "loso", false, "print leave-one-set-out figures")
	flag.BoolVar(&c.ablate, "ablate", false, "print what leaving each feature out costs (five folds of whole sets)")
	flag.BoolVar(&c.compare, "compare", false, "print the cross-validated figures of linear and tree models (five folds of whole sets)")
	flag.BoolVar(&c.kfold, "kfold", false, "print each set scored by a model fitted on the four other folds of sets, beside the hand-set rules (faster than -loso)")
	flag.BoolVar(&c.curve, "curve", false, "with -kfold: print, instead of each set, recall@1 and abstention on the report and on other documents at thresholds from 0.20 to 0.80")
	flag.StringVar(&c.drop, "without", "", "zero the named features (comma-separated) in every span before fitting: with -cv, what leaving them out costs")
	flag.BoolVar(&c.cv, "cv", false, "print the cross-validated figures of the model asked for (five folds of whole sets)")
	flag.BoolVar(&c.fit.LinearRanker, "linear-ranker", false, "fit the ranker as a logistic regression instead of boosted trees")
	flag.BoolVar(&c.fit.Pointwise, "pointwise", false, "fit the ranker span by span (does a span answer) instead of listwise (which of a question's spans answers)")
	flag.BoolVar(&c.fit.LinearDecider, "linear-decider", false, "fit the decider as a logistic regression instead of boosted trees")
	linear := flag.Bool("linear", false, "both -linear-ranker and -linear-decider")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof)")
	flag.Parse()
	if *linear {
		c.fit.LinearRanker, c.fit.LinearDecider = true, true
	}
	if *profile != "" {
		stop, err := startProfile(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "fit:", err)
			os.Exit(1)
		}
		defer stop()
	}
	if err := run(context.Background(), c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fit:", err)
		os.Exit(1)
	}
}

// startProfile starts a CPU profile written to path; the function it
// returns stops it and closes the file.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func run(ctx context.Context, c config, w io.Writer) error {
	dir, out := c.sets, c.out
	sets, err := answers.Sets(dir)
	if err != nil {
		return err
	}
	engines, err := openEngines(sets, c.seeds)
	if err != nil {
		return err
	}
	defer engines.close()
	var examples []answers.Example
	bySet := make(map[string][]answers.Example)
	for _, set := range sets {
		for _, c := range set.Cases {
			ex, err := answers.Collect(ctx, engines.of(c), set.Name, c)
			if err != nil {
				return err
			}
			examples = append(examples, ex)
			bySet[set.Name] = append(bySet[set.Name], ex)
		}
	}
	// The report's questions again, asked of the report among many
	// generated documents: the model learns how a span of the document
	// asked about stands out among thousands that share its words. They
	// stay in their set, so a set left out is left out whole.
	for _, set := range sets {
		for _, c := range set.Cases {
			if c.Docs != "" {
				continue
			}
			ex, err := answers.Collect(ctx, engines.many, set.Name, c)
			if err != nil {
				return err
			}
			examples = append(examples, ex)
		}
	}
	// The other documents' questions again, asked of the labelled
	// documents all together, as moderators add documents: the model
	// learns that a span of another document which shares a question's
	// words does not answer it.
	for _, set := range sets {
		for _, c := range set.Cases {
			if c.Docs == "" {
				continue
			}
			ex, err := answers.Collect(ctx, engines.beside, set.Name, c)
			if err != nil {
				return err
			}
			examples = append(examples, ex)
		}
	}
	for name := range strings.SplitSeq(c.drop, ",") {
		if name == "" {
			continue
		}
		if examples, err = answers.WithoutFeature(examples, name); err != nil {
			return err
		}
	}
	m, err := answers.Fit(examples, c.fit)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "wrote %s: %s, threshold %.3f\n", out, m.Trained, m.Cut)
	h := m.VerdictHeld
	fmt.Fprintf(w, "verdicts on sets left out: claims %.3f (supported %.3f, contradicted %.3f, not stated %.3f); other yes/no questions the source answers answered %.3f, the others not %.3f; claims the source does not support called supported %.3f\n",
		h.Claims().Rate(), h.ByVerdict[answers.VerdictSupported].Rate(), h.ByVerdict[answers.VerdictContradicted].Rate(), h.ByVerdict[answers.VerdictNotStated].Rate(), h.Answered.Rate(), h.Refused.Rate(), h.FalseYes.Rate())
	if c.ablate {
		return ablation(examples, c.fit, w)
	}
	if c.compare {
		return compare(examples, w)
	}
	if c.cv {
		r, a, first, err := answers.CrossValidate(examples, c.fit)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "cross-validated: recall@1 %.3f, abstention %.3f; the first span holds the gold for %.3f of the answerable\n", r, a, first)
		return nil
	}
	if c.kfold {
		return kfold(ctx, c, sets, examples, engines, w)
	}
	if !c.loso {
		return nil
	}
	var rows []answers.Row
	var rules, fitted answers.Score
	for _, set := range sets {
		var train []answers.Example
		for _, ex := range examples {
			if ex.Set != set.Name {
				train = append(train, ex)
			}
		}
		fm, err := answers.Fit(train, c.fit)
		if err != nil {
			return err
		}
		n, first := answers.TopHolds(fm, bySet[set.Name])
		fmt.Fprintf(w, "%-14s first span holds the gold: %d of %d reachable\n", set.Name, first, n)
		ri, ra, wr, wa, ea := answers.DeciderStats(fm, bySet[set.Name])
		fmt.Fprintf(w, "%-14s decider: right %d answered %d; wrong %d answered %d; early %d\n", set.Name, ri, ra, wr, wa, ea)
		r, err := engines.evaluate(ctx, set.Cases, fm, false)
		if err != nil {
			return err
		}
		f, err := engines.evaluate(ctx, set.Cases, fm, true)
		if err != nil {
			return err
		}
		rules.Add(r)
		fitted.Add(f)
		rows = append(rows, answers.Row{Name: set.Name + " rules", Score: r}, answers.Row{Name: set.Name + " fitted", Score: f})
	}
	rows = append(rows, answers.Row{Name: "all rules", Score: rules}, answers.Row{Name: "all fitted", Score: fitted})
	return answers.WriteTable(w, rows)
}

// kfoldCount is how many folds of whole sets -kfold fits models on.
const kfoldCount = 5

// kfold scores each set with the model fitted on the folds it is not in,
// beside the hand-set rules (which read personal questions and weigh
// claims' verdicts with that model too). The folds' models are fitted two
// at a time.
func kfold(ctx context.Context, c config, sets []answers.Set, examples []answers.Example, engines *engines, w io.Writer) error {
	var names []string
	for _, s := range sets {
		names = append(names, s.Name)
	}
	slices.Sort(names)
	fold := func(set string) int { return slices.Index(names, set) % kfoldCount }
	models := make([]*answers.Model, kfoldCount)
	errs := make([]error, kfoldCount)
	var wg sync.WaitGroup
	slots := make(chan struct{}, 2)
	for k := range kfoldCount {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			var train []answers.Example
			for _, ex := range examples {
				if fold(ex.Set) != k {
					train = append(train, ex)
				}
			}
			models[k], errs[k] = answers.Fit(train, c.fit)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if c.curve {
		return curve(ctx, sets, func(set string) *answers.Model { return models[fold(set)] }, engines, w)
	}
	var rows []answers.Row
	var rules, fitted answers.Score
	for _, set := range sets {
		r, err := engines.evaluate(ctx, set.Cases, models[fold(set.Name)], false)
		if err != nil {
			return err
		}
		f, err := engines.evaluate(ctx, set.Cases, models[fold(set.Name)], true)
		if err != nil {
			return err
		}
		rules.Add(r)
		fitted.Add(f)
		rows = append(rows, answers.Row{Name: set.Name + " rules", Score: r}, answers.Row{Name: set.Name + " fitted", Score: f})
	}
	rows = append(rows, answers.Row{Name: "all rules", Score: rules}, answers.Row{Name: "all fitted", Score: fitted})
	return answers.WriteTable(w, rows)
}

// curve prints, for the hand-set rules and for the engine deciding with
// each set's held-out model at thresholds from 0.20 to 0.80, recall@1 and
// abstention on the report's sets, on other documents' and on all: what
// each threshold trades, on sets its model was not fitted on.
func curve(ctx context.Context, sets []answers.Set, modelOf func(set string) *answers.Model, engines *engines, w io.Writer) error {
	row := func(name string, cut float64, decides bool) error {
		var report, other, all answers.Score
		for _, set := range sets {
			m := *modelOf(set.Name)
			if cut > 0 {
				m.Cut = cut
			}
			sc, err := engines.evaluate(ctx, set.Cases, &m, decides)
			if err != nil {
				return err
			}
			all.Add(sc)
			if len(set.Cases) > 0 && set.Cases[0].Docs != "" {
				other.Add(sc)
			} else {
				report.Add(sc)
			}
		}
		_, err := fmt.Fprintf(w, "%-10s report %.3f / %.3f   other documents %.3f / %.3f   all %.3f / %.3f\n", name,
			report.Recall(), report.Abstention(), other.Recall(), other.Abstention(), all.Recall(), all.Abstention())
		return err
	}
	if err := row("rules", 0, false); err != nil {
		return err
	}
	if err := row("fitted", 0, true); err != nil {
		return err
	}
	for t := 20; t <= 80; t += 5 {
		if err := row(fmt.Sprintf("at %.2f", float64(t)/100), float64(t)/100, true); err != nil {
			return err
		}
	}
	return nil
}

// engines holds an engine per seeds folder, and one over the seeds among
// generated documents.
type engines struct {
	byDocs map[string]*answers.Engine
	many   *answers.Engine
	beside *answers.Engine // the seeds and every labelled set's documents
	stores []*index.Store
	dirs   []string
}

func openEngines(sets []answers.Set, seedsDir string) (*engines, error) {
	e := &engines{byDocs: map[string]*answers.Engine{}}
	var folders []string
	for _, set := range sets {
		for _, c := range set.Cases {
			if _, ok := e.byDocs[c.Docs]; ok {
				continue
			}
			seeds := c.Docs
			if seeds == "" {
				seeds = seedsDir
			}
			docs, err := index.Load(seeds)
			if err != nil {
				return e, err
			}
			eng, err := e.open(docs)
			if err != nil {
				return e, err
			}
			e.byDocs[c.Docs] = eng
			folders = append(folders, seeds)
		}
	}
	// Each store prepares the documents it is given (their passages'
	// terms are its own): the documents all together are loaded again.
	var all []*index.Document
	for _, f := range folders {
		docs, err := index.Load(f)
		if err != nil {
			return e, err
		}
		all = append(all, docs...)
	}
	var err error
	if e.beside, err = e.open(all); err != nil {
		return e, err
	}
	docs, err := index.Load(seedsDir)
	if err != nil {
		return e, err
	}
	for _, g := range corpusgen.Generate(generatedSeed, generatedDocs, 100) {
		d, err := index.Parse(g.Name, g.Text, g.Meta)
		if err != nil {
			return e, err
		}
		docs = append(docs, d)
	}
	e.many, err = e.open(docs)
	return e, err
}

// The generated documents the report's questions are asked among when
// fitting: another seed than the tests' (index/corpusgen), so that the
// test with 1,000 documents asks among documents the model never saw.
const (
	generatedSeed = 2
	generatedDocs = 500
)

// open indexes docs in a folder of its own, removed by close.
func (e *engines) open(docs []*index.Document) (*answers.Engine, error) {
	dir, err := os.MkdirTemp("", "citebot-fit-")
	if err != nil {
		return nil, err
	}
	e.dirs = append(e.dirs, dir)
	store, err := index.OpenDir(dir, docs)
	if err != nil {
		return nil, err
	}
	e.stores = append(e.stores, store)
	return answers.NewUnfitted(store)
}

func (e *engines) of(c answers.Case) *answers.Engine { return e.byDocs[c.Docs] }

// evaluate scores cases with m reading personal questions and weighing
// claims' verdicts, and, when decides, weighing the spans too (else the
// hand-set rules decide which span answers).
func (e *engines) evaluate(ctx context.Context, cases []answers.Case, m *answers.Model, decides bool) (answers.Score, error) {
	var s answers.Score
	for _, eng := range e.byDocs {
		eng.SetModel(m)
		if decides {
			eng.SetScorer(m)
		} else {
			eng.SetScorer(nil)
		}
	}
	for _, c := range cases {
		one, err := answers.Evaluate(ctx, e.of(c), []answers.Case{c})
		if err != nil {
			return s, err
		}
		s.Add(one)
	}
	return s, nil
}

func (e *engines) close() {
	for _, s := range e.stores {
		s.Close()
	}
	for _, d := range e.dirs {
		os.RemoveAll(d)
	}
}

// compare prints the cross-validated recall@1 and abstention of each kind
// of model: linear or trees, for the ranker and for the decider.
func compare(examples []answers.Example, w io.Writer) error {
	fmt.Fprintf(w, "| ranker | decider | recall@1 | abstention | first span holds the gold |\n| --- | --- | --- | --- | --- |\n")
	for _, o := range []answers.FitOptions{
		{Pointwise: true, LinearRanker: true, LinearDecider: true}, {LinearRanker: true, LinearDecider: true},
		{Pointwise: true, LinearDecider: true}, {LinearDecider: true},
		{Pointwise: true, LinearRanker: true}, {LinearRanker: true},
		{Pointwise: true}, {},
	} {
		r, a, first, err := answers.CrossValidate(examples, o)
		if err != nil {
			return err
		}
		ranker, decider := "trees", "trees"
		if o.LinearRanker {
			ranker = "linear"
		}
		ranker += map[bool]string{true: ", pointwise", false: ", listwise"}[o.Pointwise]
		if o.LinearDecider {
			decider = "linear"
		}
		fmt.Fprintf(w, "| %s | %s | %.3f | %.3f | %.3f |\n", ranker, decider, r, a, first)
	}
	return nil
}

// ablation prints, for each feature, the cross-validated recall@1 and
// abstention of models fitted without it, beside those with every feature.
func ablation(examples []answers.Example, o answers.FitOptions, w io.Writer) error {
	r, a, _, err := answers.CrossValidate(examples, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "| feature | recall@1 | abstention |\n| --- | --- | --- |\n| (all) | %.3f | %.3f |\n", r, a)
	for _, name := range answers.FeatureNames()[1:] {
		without, err := answers.WithoutFeature(examples, name)
		if err != nil {
			return err
		}
		rw, aw, _, err := answers.CrossValidate(without, o)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "| without %s | %+.3f | %+.3f |\n", name, rw-r, aw-a)
	}
	return nil
}
