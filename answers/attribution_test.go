package answers

import (
	"context"
	"slices"
	"testing"
)

// TestRumourSourceIsNotTheClaim: where the asker met a claim ("a post
// saying", "Reuters said", "I read that") and a closing "is that right"
// are not what the claim says: the claim gets its verdict from what
// follows. A verb of reading that is the question's own ("can girls
// read …") stays.
func TestRumourSourceIsNotTheClaim(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	for _, claim := range []string{
		"I saw a post saying 60% of the returnees are women and kids, is that right?",
		"Reuters said 60% of those sent back are women and children, correct?",
		"I read that 60% of the deportees were women and children",
	} {
		a, err := e.Check(ctx, claim)
		if err != nil {
			t.Fatal(err)
		}
		if a.Verdict != VerdictSupported || len(a.Citations) == 0 || !slices.ContainsFunc(a.Citations[:1], func(c Citation) bool { return c.Paragraph == 2 }) {
			t.Errorf("%q: verdict %q, citations %+v; want supported by ¶2", claim, a.Verdict, a.Citations)
		}
	}
	q := e.parse("can girls read and write under the taliban?")
	if !slices.ContainsFunc(q.concepts, func(c concept) bool { return c.word == "read" }) || !slices.ContainsFunc(q.concepts, func(c concept) bool { return c.word == "girl" }) {
		t.Errorf("a question's own verb of reading was set aside: concepts %v", conceptWords(q))
	}
}

func conceptWords(q query) []string {
	var out []string
	for _, c := range q.concepts {
		out = append(out, c.word)
	}
	return out
}
