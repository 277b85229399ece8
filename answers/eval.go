package answers

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Case is one question of an eval set: Gold is a verbatim span of the
// passage that answers it, or nil when the documents do not answer it.
type Case struct {
	Q    string  `json:"q"`
	Gold *string `json:"gold"`
	// Also lists other spans that answer the question as well, where the
	// documents answer it in more than one place.
	Also []string `json:"also,omitempty"`
	Kind string   `json:"kind"`
}

// Golds are every span that counts as an answer.
func (c Case) Golds() []string {
	if c.Gold == nil {
		return nil
	}
	return append([]string{*c.Gold}, c.Also...)
}

// LoadCases reads an eval set, one JSON object a line.
func LoadCases(r io.Reader) ([]Case, error) {
	var out []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c Case
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			return nil, fmt.Errorf("answers: eval line %d: %w", n, err)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// Score is how an engine did on an eval set.
type Score struct {
	Answerable, Found     int // answerable questions; those whose first quote holds the gold span
	Unanswerable, Refused int // unanswerable questions; those the engine abstained on
	Misses                []Miss
}

// Miss is a question the engine got wrong.
type Miss struct {
	Case
	Got Answer
}

// Recall is recall@1: the share of answerable questions whose first
// citation's quote holds the gold span.
func (s Score) Recall() float64 { return ratio(s.Found, s.Answerable) }

// Abstention is the share of unanswerable questions abstained on.
func (s Score) Abstention() float64 { return ratio(s.Refused, s.Unanswerable) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Evaluate asks every case and scores the answers.
func Evaluate(ctx context.Context, e *Engine, cases []Case) (Score, error) {
	var s Score
	for _, c := range cases {
		a, err := e.Ask(ctx, c.Q)
		if err != nil {
			return s, err
		}
		ok := false
		if c.Gold == nil {
			s.Unanswerable++
			ok = !a.Answered
			if ok {
				s.Refused++
			}
		} else {
			s.Answerable++
			if a.Answered && len(a.Citations) > 0 {
				for _, g := range c.Golds() {
					ok = ok || strings.Contains(foldSpace(a.Citations[0].Quote), foldSpace(g))
				}
			}
			if ok {
				s.Found++
			}
		}
		if !ok {
			s.Misses = append(s.Misses, Miss{Case: c, Got: a})
		}
	}
	return s, nil
}

// String is the miss as one line: kind, question, what was expected, what came.
func (m Miss) String() string {
	want := "(abstain)"
	if m.Gold != nil {
		want = *m.Gold
	}
	got := "(abstained)"
	if m.Got.Answered && len(m.Got.Citations) > 0 {
		got = m.Got.Citations[0].ID + " " + m.Got.Citations[0].Quote
	}
	return fmt.Sprintf("%s\t%q\twant: %s\tgot: %s", m.Kind, m.Q, want, got)
}

func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
