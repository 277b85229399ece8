package answers_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"strings"
	"testing"

	"citebot/answers"
)

var update = flag.Bool("update", false, "rewrite testdata/figures.txt with the figures measured now")

// TestFigures holds the quality table to what the engine scores now: every
// labelled set, over indexes kept on disk as the bot keeps its own. A change
// that moves any figure fails here until testdata/figures.txt is written
// again (go test ./answers -run TestFigures -update) and the README's
// table with it, so the README always says what `bot eval` prints.
func TestFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("scores every labelled set")
	}
	ctx := context.Background()
	engines := make(map[string]*answers.Engine)
	var rows []answers.Row
	var all answers.Score
	for _, set := range labelledSets(t) {
		var s answers.Score
		for _, c := range set.Cases {
			e, ok := engines[c.Docs]
			if !ok {
				e = onDisk(t, docsDir(c))
				engines[c.Docs] = e
			}
			one, err := answers.Evaluate(ctx, e, []answers.Case{c})
			if err != nil {
				t.Fatal(err)
			}
			s.Add(one)
		}
		rows = append(rows, answers.Row{Name: set.Name, Score: s})
		all.Add(s)
	}
	rows = append(rows, answers.Row{Name: "all", Score: all})
	var got bytes.Buffer
	if err := answers.WriteTable(&got, rows); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("testdata/figures.txt", got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/figures.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("the figures moved; if that is meant, run go test ./answers -run TestFigures -update and put the table in the README.\nnow:\n%s\nrecorded:\n%s", got.Bytes(), want)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), string(want)) {
		t.Errorf("README.md does not hold the table of testdata/figures.txt word for word:\n%s", want)
	}
}
