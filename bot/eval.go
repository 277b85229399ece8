package main

import (
	"context"
	"fmt"

	"citebot/answers"
)

// evalEngines opens one engine per seeds folder that labelled questions are
// about, each on an index kept on disk as the bot keeps its own, and
// without curated answers: a set measures the engine.
type evalEngines struct {
	own    answers.Searcher // the bot's own documents
	scorer answers.Scorer   // nil: the fitted model (model.json) decides
	rules  bool             // the hand-set rules decide
	// baseline scores a stock match query instead of the engine.
	baseline bool
	engines  map[string]*answers.Engine
	matchers map[string]answers.Matcher
	closers  []func()
}

// evaluate scores cases, each against the engine of its documents.
func (e *evalEngines) evaluate(ctx context.Context, cases []answers.Case) (answers.Score, error) {
	var s answers.Score
	byDocs := make(map[string][]answers.Case)
	var order []string
	for _, c := range cases {
		if _, ok := byDocs[c.Docs]; !ok {
			order = append(order, c.Docs)
		}
		byDocs[c.Docs] = append(byDocs[c.Docs], c)
	}
	for _, docs := range order {
		eng, err := e.engine(docs)
		if err != nil {
			return s, err
		}
		var asker answers.Asker = eng
		if e.baseline {
			asker = answers.Baseline{M: e.matchers[docs]}
		}
		part, err := answers.Evaluate(ctx, asker, byDocs[docs])
		if err != nil {
			return s, err
		}
		s.Add(part)
	}
	return s, nil
}

// engine is the engine over the seeds folder docs ("": the bot's own).
func (e *evalEngines) engine(docs string) (*answers.Engine, error) {
	if eng, ok := e.engines[docs]; ok {
		return eng, nil
	}
	store := e.own
	if docs != "" {
		s, closer, err := openScratch(docs)
		if err != nil {
			return nil, err
		}
		e.closers = append(e.closers, closer)
		store = s
	}
	eng, err := answers.New(store)
	if err != nil {
		return nil, err
	}
	switch {
	case e.rules:
		eng.SetScorer(nil)
	case e.scorer != nil:
		eng.SetScorer(e.scorer)
	}
	if e.engines == nil {
		e.engines = make(map[string]*answers.Engine)
		e.matchers = make(map[string]answers.Matcher)
	}
	e.engines[docs] = eng
	if m, ok := store.(answers.Matcher); ok {
		e.matchers[docs] = m
	} else if e.baseline {
		return nil, fmt.Errorf("eval: the index of %q runs no stock match query", docs)
	}
	return eng, nil
}

// Close closes the indexes opened for other documents and removes them.
func (e *evalEngines) Close() {
	for _, c := range e.closers {
		c()
	}
}
