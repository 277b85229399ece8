package answers_test

import (
	"context"
	"strings"
	"testing"

	"citebot/answers"
)

// TestLoadCasesRefuses: a line that breaks the label format is an error
// naming its line, not a question silently scored wrong.
func TestLoadCasesRefuses(t *testing.T) {
	for name, line := range map[string]string{
		"unknown field":          `{"q":"x","gold":null,"kind":"near_miss","anwser":"y"}`,
		"no gold":                `{"q":"x","kind":"fact"}`,
		"both q and turns":       `{"q":"x","turns":["a","b"],"gold":null,"kind":"near_miss"}`,
		"one turn":               `{"turns":["a"],"gold":null,"kind":"near_miss"}`,
		"undocumented kind":      `{"q":"x","gold":null,"kind":"near-miss"}`,
		"unanswerable with gold": `{"q":"x","gold":"y","kind":"off_topic"}`,
		"claim without verdict":  `{"q":"x","gold":"y","kind":"claim"}`,
		"verdict on a fact":      `{"q":"x","gold":"y","kind":"fact","verdict":"supported"}`,
		"not_stated with gold":   `{"q":"x","gold":"y","kind":"claim","verdict":"not_stated"}`,
		"contradicted, no gold":  `{"q":"x","gold":null,"kind":"claim","verdict":"contradicted"}`,
		"personal, other kind":   `{"q":"x","gold":null,"kind":"near_miss","personal":true}`,
		"unknown language":       `{"q":"x","gold":null,"kind":"near_miss","lang":"fr"}`,
	} {
		_, err := answers.LoadCases(strings.NewReader(`{"q":"ok","gold":null,"kind":"small_talk"}` + "\n" + line + "\n"))
		if err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("%s: err = %v, want one naming line 2", name, err)
		}
	}
}

// TestReplyLang: a question is to be answered in its base language, one
// typed in Latin letters too; a language not labelled in English.
func TestReplyLang(t *testing.T) {
	for lang, want := range map[string]string{"": "en", "en": "en", "de": "de", "fa-Latn": "fa", "ps": "ps", "fr": "en"} {
		if got := answers.ReplyLang(lang); got != want {
			t.Errorf("ReplyLang(%q) = %q, want %q", lang, got, want)
		}
	}
}

// fixedAsker gives the same answer to every question.
type fixedAsker struct{ a answers.Answer }

func (f fixedAsker) Ask(context.Context, string) (answers.Answer, error) { return f.a, nil }

// TestEvaluateCountsWhatSetsLabel: verdicts, personal cases, the reply's
// language and conversations' last turns are each counted.
func TestEvaluateCountsWhatSetsLabel(t *testing.T) {
	cases, err := answers.LoadCases(strings.NewReader(strings.Join([]string{
		`{"q":"is it true 2.6 million?","gold":"2.6 million","kind":"claim","verdict":"supported"}`,
		`{"q":"can they deport me?","gold":null,"kind":"personal","personal":true}`,
		`{"turns":["how many were sent back?","and women?"],"gold":"60%","kind":"number","lang":"de"}`,
	}, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	quote := answers.Answer{Answered: true, Lang: "en", Verdict: answers.VerdictSupported,
		Citations: []answers.Citation{{Quote: "over 2.6 million Afghans"}}}
	s, err := answers.Evaluate(context.Background(), fixedAsker{quote}, cases)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]answers.Tally{
		"verdict":          s.Verdict,
		"personal":         s.Personal,
		"general":          s.General,
		"reply language":   s.Lang,
		"last-turn recall": s.TurnRecall,
	} {
		want := map[string]answers.Tally{
			"verdict": {N: 1, Right: 1}, "personal": {N: 1, Right: 0}, "general": {N: 2, Right: 2},
			"reply language": {N: 3, Right: 2}, "last-turn recall": {N: 1, Right: 0},
		}[name]
		if got != want {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
	if s.Found != 1 || s.Answerable != 2 || s.Refused != 0 || s.Unanswerable != 1 {
		t.Errorf("found %d/%d, refused %d/%d", s.Found, s.Answerable, s.Refused, s.Unanswerable)
	}
}
