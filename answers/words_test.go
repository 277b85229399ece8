package answers

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// wordRun is three or more quoted lower-case words in a row, as a list of
// words written in Go reads ("a", "b", "c" or "a": true, "b": true, …).
var wordRun = regexp.MustCompile(`strings\.Fields\(\x60[^\x60]*\x60\)|` +
	`"[a-z][a-z' ]*"(?:\s*:\s*(?:true|"[^"]*"|\d+))?\s*,\s*"[a-z][a-z' ]*"(?:\s*:\s*(?:true|"[^"]*"|\d+))?\s*,\s*"[a-z][a-z' ]*"`)

// TestNoWordListsInGo: the words the engine and the index read by are data
// (answers/words.txt, index/words.txt, lexicon.txt, places.txt …), never
// lists in Go, where a word added for one question hides among rules.
func TestNoWordListsInGo(t *testing.T) {
	// eval.go names the label format's kinds and languages: a schema, not
	// words of a language.
	allowed := map[string]bool{"eval.go": true}
	for _, dir := range []string{".", "../index"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || allowed[filepath.Base(f)] {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// Comments may quote words; code may not list them.
			code := regexp.MustCompile(`//[^\n]*`).ReplaceAllString(string(src), "")
			for _, m := range wordRun.FindAllString(code, -1) {
				t.Errorf("%s holds a word list: %.80s (move it to a data file)", f, m)
			}
		}
	}
}

// TestWordListsAreRead: every list of answers/words.txt is read by the
// engine or its tests, so none is dead data, and the file parses.
func TestWordListsAreRead(t *testing.T) {
	var src strings.Builder
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	for name := range wordLists {
		if !strings.Contains(src.String(), `"`+name+`"`) {
			t.Errorf("answers/words.txt: list %s is read nowhere", name)
		}
	}
	if len(wordLists) < 40 {
		t.Errorf("answers/words.txt has %d lists", len(wordLists))
	}
}

// TestWordListsAreInTypedForm: a question is read with the Arabic forms of
// Persian letters folded (ي as ی), short-vowel marks and zero-width
// joiners dropped, so a word list's entry that holds one never matches
// any question. Every entry of the engine's data files is in the form a
// question is read in.
func TestWordListsAreInTypedForm(t *testing.T) {
	files, err := filepath.Glob("*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no data files: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			for _, r := range line {
				if typed, keep := typedScript(r); !keep || typed != r {
					t.Errorf("%s:%d: %q holds %U, which no question holds once read (write it as a question is read: %q)", f, n+1, line, r, clean(line))
					break
				}
			}
		}
	}
	// And the reading itself: "وايي" (says), typed with the Arabic yeh,
	// is the table's "وایی".
	if got := clean("خلک وايي"); got != "خلک وایی" {
		t.Errorf("clean folds to %q", got)
	}
}
