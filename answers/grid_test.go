package answers_test

import (
	"citebot/answers"
	"context"
	"strings"
	"testing"
)

// grid is every question made by putting one phrase of each part after the
// other: the ways people ask one thing.
func grid(parts ...[]string) []string {
	out := []string{""}
	for _, part := range parts {
		var next []string
		for _, q := range out {
			for _, p := range part {
				next = append(next, strings.TrimSpace(q+" "+p))
			}
		}
		out = next
	}
	return out
}

// TestWaysOfAsking: the report's main facts are found however people word
// the question (who is counted, the verb, the time, the order), with the
// figure or words that answer it in the first quote.
func TestWaysOfAsking(t *testing.T) {
	e := engine(t)
	facts := []struct {
		name      string
		questions []string
		quote     string
	}{
		{"how many were sent back", grid(
			[]string{"how many", "how many people", "how many afghans", "how many afghan people", "how many persons", "what number of people"},
			[]string{"were deported", "were sent back", "got deported", "have been deported", "were returned", "were expelled",
				"were forced back", "were kicked out", "returned", "went back", "came back", "were forcibly returned"},
			[]string{"in 2025", "this year", "", "so far"},
		), "2.6 million"},
		{"from where", grid(
			[]string{"which countries", "what countries", "where", "from which countries"},
			[]string{"deport the most afghans", "are afghans deported from", "send afghans back", "did most returnees come from", "are most afghans sent back from"},
		), "Iran and Pakistan"},
		{"women and children", grid(
			[]string{"what percentage of", "what share of", "how many of", "what proportion of"},
			[]string{"the deportees", "the returnees", "those sent back", "the people deported"},
			[]string{"are women and children", "were women and kids"},
		), "60%"},
		{"when the report came out", grid(
			[]string{"when was", "what date was", "on what day was"},
			[]string{"the report", "amnesty's report", "the amnesty report"},
			[]string{"released", "published", "issued", "out"},
		), "December 16, 2025"},
		{"what Amnesty asks", grid(
			[]string{"what does amnesty", "what is amnesty international", "what did amnesty"},
			[]string{"call for", "demand", "want", "ask for", "urge countries to do"},
		), "halt"},
		{"the killings UNAMA counted", grid(
			[]string{"how many", "how many former soldiers", "how many ex soldiers"},
			[]string{"killings did unama document", "were killed according to unama", "did unama say were killed"},
		), "14 killings"},
	}
	ctx := context.Background()
	for _, f := range facts {
		t.Run(f.name, func(t *testing.T) {
			missed := 0
			for _, q := range f.questions {
				a, err := e.Ask(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if !a.Answered || !strings.Contains(a.Citations[0].Quote+lead(a), f.quote) {
					missed++
					got := "(no answer)"
					if a.Answered {
						got = a.Citations[0].Quote
					}
					t.Errorf("%q: %.100s; want a quote with %q", q, got, f.quote)
				}
			}
			t.Logf("%d of %d ways of asking answered", len(f.questions)-missed, len(f.questions))
		})
	}
}

// lead is the opening of the list an answer quotes, when it quotes one.
func lead(a answers.Answer) string {
	if a.Lead == nil {
		return ""
	}
	return " " + a.Lead.Quote
}
