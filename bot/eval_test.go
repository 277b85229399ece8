package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalWithAModelFile: `bot eval --model FILE` scores with the model in
// FILE, as plain `bot eval` (and --fitted) does with the committed one and
// --rules does not, and a missing or bad FILE gets a clear error and no
// table.
func TestEvalWithAModelFile(t *testing.T) {
	set, err := filepath.Abs("../answers/testdata/munich.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	model, err := filepath.Abs("../answers/model.json")
	if err != nil {
		t.Fatal(err)
	}
	table := func(out string) string { // the table's row for the set
		for l := range strings.Lines(out) {
			if strings.HasPrefix(l, "munich ") {
				return l
			}
		}
		t.Fatalf("no row for munich in:\n%.2000s", out)
		return ""
	}
	rules := runBot(t, nil, "", "eval", "--rules", set)
	plain := runBot(t, nil, "", "eval", set)
	fitted := runBot(t, nil, "", "eval", "--fitted", set)
	withFile := runBot(t, nil, "", "eval", "--model", model, set)
	for _, r := range []run{rules, plain, fitted, withFile} {
		if r.code != 0 {
			t.Fatalf("exit %d\nstderr: %s", r.code, r.stderr)
		}
	}
	if table(withFile.stdout) != table(fitted.stdout) || table(plain.stdout) != table(fitted.stdout) {
		t.Errorf("--model with the committed model scored\n%s\nwhere --fitted scored\n%s\nand bot eval alone\n%s", table(withFile.stdout), table(fitted.stdout), table(plain.stdout))
	}
	if table(withFile.stdout) == table(rules.stdout) {
		t.Errorf("--model scored as the hand-set rules do; the test no longer tells them apart:\n%s", table(rules.stdout))
	}

	if r := runBot(t, nil, "", "eval", "--model"); r.code != 2 || !strings.Contains(r.stderr, "--model needs a file") || r.stdout != "" {
		t.Errorf("--model without a file: exit %d, stdout %q, stderr %q; want exit 2 and a hint", r.code, r.stdout, r.stderr)
	}
	bad := filepath.Join(t.TempDir(), "model.json")
	if err := os.WriteFile(bad, []byte(`{"features": ["nothing"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{bad, filepath.Join(t.TempDir(), "missing.json")} {
		if r := runBot(t, nil, "", "eval", "--model", file, set); r.code != 1 || r.stdout != "" || r.stderr == "" {
			t.Errorf("--model %s: exit %d, stdout %.200q, stderr %q; want exit 1, the reason and no table", filepath.Base(file), r.code, r.stdout, r.stderr)
		}
	}
}
