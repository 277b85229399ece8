package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
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
