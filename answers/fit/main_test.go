package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"citebot/answers"
	"citebot/index"
)

// TestModelIsReproducible fits the model again from the labelled sets, as
// go run ./answers/fit does, and wants answers/model.json byte for byte:
// the same data gives the same file.
func TestModelIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("fits the model from every labelled set, and the report among 500 generated documents")
	}
	if raceEnabled {
		t.Skip("too long under the race detector; the tests without it fit the model")
	}
	out := filepath.Join(t.TempDir(), "model.json")
	c := config{sets: "../testdata", seeds: "../../seeds", out: out}
	if err := run(context.Background(), c, io.Discard); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../model.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("fitting the labelled sets again gives another model than answers/model.json: run go run ./answers/fit")
	}
}

// TestEvaluateWeighsVerdictsWithTheFoldsModel: a set left out is scored
// with the verdict models of the fold that left it out, beside the
// hand-set rules as beside the fitted decider; an engine given no model
// gives no verdict, so claims would be scored as plain questions.
func TestEvaluateWeighsVerdictsWithTheFoldsModel(t *testing.T) {
	docs, err := index.Load("../../seeds")
	if err != nil {
		t.Fatal(err)
	}
	e := &engines{byDocs: map[string]*answers.Engine{}}
	defer e.close()
	if e.byDocs[""], err = e.open(docs); err != nil {
		t.Fatal(err)
	}
	m, err := answers.Fitted()
	if err != nil {
		t.Fatal(err)
	}
	gold := "over 2.6 million Afghans"
	cases := []answers.Case{{Q: "I heard 5 million afghans were deported in 2025, is that right?", Gold: &gold, Kind: "claim", Verdict: answers.VerdictContradicted}}
	ctx := context.Background()
	for _, decides := range []bool{false, true} {
		s, err := e.evaluate(ctx, cases, m, decides)
		if err != nil {
			t.Fatal(err)
		}
		if s.Verdict.N != 1 || s.Verdict.Right != 1 {
			t.Errorf("fitted decider %v: verdicts right %d of %d, want 1 of 1", decides, s.Verdict.Right, s.Verdict.N)
		}
	}
	s, err := e.evaluate(ctx, cases, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if s.Verdict.Right != 0 {
		t.Errorf("no model: %d verdicts right, want none given", s.Verdict.Right)
	}
}

// TestEachDocumentsEngineAnswersAsAlone: the engines the fit asks each
// set's questions of answer as an engine over those documents alone,
// though the same documents are also indexed all together beside them
// (a store prepares the passages it is given: shared, the other
// documents' questions had been asked of passages another store
// prepared, and found almost nothing).
func TestEachDocumentsEngineAnswersAsAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the report among 500 generated documents")
	}
	const library = "../testdata/docs/library"
	opened := "3 May 1871"
	report := "over 2.6 million Afghans"
	cases := []answers.Case{
		{Q: "When did the Brennick Free Library open?", Gold: &opened, Kind: "date", Docs: library},
		{Q: "how many afghans were deported in 2025?", Gold: &report, Kind: "number"},
	}
	sets := []answers.Set{{Name: "library", Cases: cases[:1]}, {Name: "report", Cases: cases[1:]}}
	e, err := openEngines(sets, "../../seeds")
	defer e.close()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		s, err := e.evaluate(context.Background(), []answers.Case{c}, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		if s.Found != 1 {
			t.Errorf("%q of its documents' engine: gold not found first (%+v)", c.Q, s.Misses)
		}
	}
}
