package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"citebot/adapters"
)

// TestRefusalsAreLoggedOnce: a file refused again for the same reason (the
// watch reads it every second) is not noted again, so it is logged once.
func TestRefusalsAreLoggedOnce(t *testing.T) {
	var r refusals
	err := errors.New("curated: answers.yaml: line 3: anwser is not a field of an answer")
	steps := []struct {
		err  error
		want bool
	}{{err, true}, {err, false}, {errors.New("curated: answers.yaml: line 4: x"), true}, {nil, true}, {nil, false}}
	for i, s := range steps {
		if got := r.refuse("answers.yaml", s.err); got != s.want {
			t.Errorf("step %d: refuse(%v) = %v, want %v", i, s.err, got, s.want)
		}
	}
	if added := r.skip([]string{"a.txt: x", "b.txt: y"}); !slices.Equal(added, []string{"a.txt: x", "b.txt: y"}) {
		t.Errorf("skip: added %v", added)
	}
	if added := r.skip([]string{"b.txt: y", "c.txt: z"}); !slices.Equal(added, []string{"c.txt: z"}) {
		t.Errorf("skip again: added %v, want c.txt alone", added)
	}
}

// TestRefusedBlocksAreFew: a folder of many bad files is named in a reply
// of a readable length.
func TestRefusedBlocksAreFew(t *testing.T) {
	b := &Bot{}
	var docs []string
	for i := range 25 {
		docs = append(docs, fmt.Sprintf("scan%02d.txt: a PDF file, not text", i))
	}
	b.refused.skip(docs)
	blocks := b.refusedBlocks()
	if len(blocks) != 1+shownSkipped+1 || blocks[0].Text != "25 documents are not indexed, so never cited:" {
		t.Fatalf("%d blocks, first %q", len(blocks), blocks[0].Text)
	}
	if last := blocks[len(blocks)-1]; last.Kind != adapters.Item || !strings.HasPrefix(last.Text, "and 5 more") {
		t.Errorf("last block %+v, want how many more", last)
	}
}
