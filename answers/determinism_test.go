package answers_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"citebot/answers"
	"citebot/index"
)

// TestAnswersAreDeterministic asks every labelled question on an index
// built in a fresh data folder, twice, then on the same folder reopened, on
// an index built again in another folder and on an index in memory: the
// replies must be the same every time, whatever the index path.
func TestAnswersAreDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("asks every labelled question four times")
	}
	byDocs := make(map[string][]string)
	for _, set := range labelledSets(t) {
		for _, c := range set.Cases {
			byDocs[docsDir(c)] = append(byDocs[docsDir(c)], c.Question())
		}
	}
	ctx := context.Background()
	for dir, questions := range byDocs {
		t.Run(dir, func(t *testing.T) {
			docs, err := index.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			fresh, store := engineOn(t, func() (*index.Store, error) { return index.OpenDir(dir, docs) })
			if how := store.Opened().How; how != index.Built {
				t.Fatalf("the first open of a new folder %s the index, want built", how)
			}
			want := askAll(t, ctx, fresh, questions)
			again := askAll(t, ctx, fresh, questions)
			reused, store := engineOn(t, func() (*index.Store, error) { return index.OpenDir(dir, docs) })
			if how := store.Opened().How; how != index.Reopened {
				t.Fatalf("the second open %s the index, want reopened", how)
			}
			other := t.TempDir()
			rebuilt, _ := engineOn(t, func() (*index.Store, error) { return index.OpenDir(other, docs) })
			inMemory, _ := engineOn(t, func() (*index.Store, error) { return index.Open(docs) })
			for _, run := range []struct {
				name string
				got  []answers.Answer
			}{
				{"asked again", again},
				{"reused data folder", askAll(t, ctx, reused, questions)},
				{"another fresh data folder", askAll(t, ctx, rebuilt, questions)},
				{"index in memory", askAll(t, ctx, inMemory, questions)},
			} {
				differ := 0
				for i := range want {
					if !reflect.DeepEqual(want[i], run.got[i]) {
						differ++
						if differ <= 5 {
							t.Errorf("%s: %q answered differently:\n first: %s\n then:  %s", run.name, questions[i], brief(want[i]), brief(run.got[i]))
						}
					}
				}
				if differ > 5 {
					t.Errorf("%s: %d more questions answered differently", run.name, differ-5)
				}
			}
		})
	}
}

func askAll(t *testing.T, ctx context.Context, e *answers.Engine, questions []string) []answers.Answer {
	t.Helper()
	out := make([]answers.Answer, len(questions))
	for i, q := range questions {
		a, err := e.Ask(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = a
	}
	return out
}

// brief is an answer in one line: answered or not, and the quotes' ids.
func brief(a answers.Answer) string {
	s := fmt.Sprintf("answered=%v", a.Answered)
	for _, c := range a.Citations {
		s += " " + c.ID
	}
	return s
}
