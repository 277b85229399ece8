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
