package answers

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Case is one labelled question, in the format answers/testdata/README.md
// documents.
type Case struct {
	// Q is the question as typed; Turns, instead, is a conversation whose
	// last turn is the one labelled.
	Q     string   `json:"q,omitempty"`
	Turns []string `json:"turns,omitempty"`
	// Gold is a verbatim span of the passage that answers, or nil when the
	// documents do not answer. Also lists other spans that answer as well.
	Gold *string  `json:"gold"`
	Also []string `json:"also,omitempty"`
	Kind string   `json:"kind"`
	// Verdict is a claim's: VerdictSupported, VerdictContradicted or
	// VerdictNotStated.
	Verdict string `json:"verdict,omitempty"`
	// Personal marks a question about the asker's own case.
	Personal bool `json:"personal,omitempty"`
	// Lang is the question's language (BCP 47); empty is English.
	Lang string `json:"lang,omitempty"`
	// Docs is the seeds folder the question is about, relative to the set's
	// file when loaded by LoadSet; empty is the project's seeds.
	Docs string `json:"docs,omitempty"`
}

// A claim's verdict.
const (
	VerdictSupported    = "supported"
	VerdictContradicted = "contradicted"
	VerdictNotStated    = "not_stated"
)

// Kinds are the documented kinds of a labelled question: true for those
// the documents answer, false for those they never do.
var Kinds = map[string]bool{
	"fact": true, "number": true, "date": true, "place": true, "person": true,
	"why": true, "list": true, "quote": true, "keyword": true, "typo": true,
	"relative_time": true, "claim": true, "personal": true,
	"near_miss": false, "off_topic": false, "small_talk": false,
	"opinion": false, "boilerplate": false,
}

// Langs are the languages a question may be labelled with: those the bot
// is to answer in (their base languages), written as people type them.
var Langs = []string{"en", "de", "fa", "fa-Latn", "ps", "ps-Latn"}

// ReplyLang is the language a question in lang should be answered in: its
// base language ("fa-Latn" is "fa") for a language of Langs, else English.
func ReplyLang(lang string) string {
	if !slices.Contains(Langs, lang) {
		return "en"
	}
	base, _, _ := strings.Cut(lang, "-")
	return base
}

// Question is the turn that is labelled: Q, or the last of Turns.
func (c Case) Question() string {
	if len(c.Turns) > 0 {
		return c.Turns[len(c.Turns)-1]
	}
	return c.Q
}

// Golds are every span that counts as an answer.
func (c Case) Golds() []string {
	if c.Gold == nil {
		return nil
	}
	return append([]string{*c.Gold}, c.Also...)
}

// check says what is wrong with c, or nil.
func (c Case) check(goldGiven bool) error {
	answerable, known := Kinds[c.Kind]
	switch {
	case (c.Q == "") == (len(c.Turns) == 0):
		return errors.New("needs exactly one of q and turns")
	case len(c.Turns) == 1:
		return errors.New("turns needs two turns or more")
	case slices.ContainsFunc(c.Turns, func(t string) bool { return strings.TrimSpace(t) == "" }):
		return errors.New("a turn is empty")
	case !goldGiven:
		return errors.New("gold is missing (a span, or null)")
	case !known:
		return fmt.Errorf("kind %q is not one of the documented kinds", c.Kind)
	case !answerable && c.Gold != nil:
		return fmt.Errorf("kind %s needs gold null", c.Kind)
	case c.Gold == nil && len(c.Also) > 0:
		return errors.New("also without gold")
	case c.Lang != "" && !slices.Contains(Langs, c.Lang):
		return fmt.Errorf("lang %q is not one of %s", c.Lang, strings.Join(Langs, ", "))
	case c.Personal != (c.Kind == "personal"):
		return errors.New("personal: true goes with kind personal, and only with it")
	case (c.Verdict != "") != (c.Kind == "claim"):
		return errors.New("a verdict goes with kind claim, and kind claim needs one")
	}
	switch c.Verdict {
	case "":
	case VerdictSupported, VerdictContradicted:
		if c.Gold == nil {
			return fmt.Errorf("verdict %s needs the span that settles it as gold", c.Verdict)
		}
	case VerdictNotStated:
		if c.Gold != nil {
			return errors.New("verdict not_stated needs gold null")
		}
	default:
		return fmt.Errorf("verdict %q is not supported, contradicted or not_stated", c.Verdict)
	}
	for _, g := range c.Golds() {
		if strings.TrimSpace(g) == "" {
			return errors.New("a gold span is empty")
		}
	}
	return nil
}

// LoadCases reads labelled questions, one JSON object a line, and checks
// each against the format.
func LoadCases(r io.Reader) ([]Case, error) {
	var out []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var c Case
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("answers: eval line %d: %w", n, err)
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(line, &fields); err != nil {
			return nil, fmt.Errorf("answers: eval line %d: %w", n, err)
		}
		_, goldGiven := fields["gold"]
		if err := c.check(goldGiven); err != nil {
			return nil, fmt.Errorf("answers: eval line %d: %w", n, err)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// Set is a labelled set read from a file.
type Set struct {
	Name  string // the file name without .jsonl
	Path  string
	Fresh bool // in a folder named fresh: never read while changing the engine
	Cases []Case
}

// LoadSet reads the labelled set at path; each case's Docs becomes a path
// relative to the working directory.
func LoadSet(path string) (Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return Set{}, fmt.Errorf("answers: %w", err)
	}
	defer f.Close()
	cases, err := LoadCases(f)
	if err != nil {
		return Set{}, fmt.Errorf("%s: %w", path, err)
	}
	for i := range cases {
		if cases[i].Docs != "" {
			cases[i].Docs = filepath.Join(filepath.Dir(path), cases[i].Docs)
		}
	}
	dir := filepath.Dir(path)
	return Set{
		Name:  strings.TrimSuffix(filepath.Base(path), ".jsonl"),
		Path:  path,
		Fresh: filepath.Base(dir) == "fresh",
		Cases: cases,
	}, nil
}

// Sets reads every labelled set in dir (not its fresh folder), by name.
func Sets(dir string) ([]Set, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []Set
	for _, p := range paths {
		s, err := LoadSet(p)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Asker answers a question.
type Asker interface {
	Ask(ctx context.Context, question string) (Answer, error)
}

// TurnsAsker answers the last turn of a conversation, asked turn by turn.
// Evaluate asks a labelled conversation so when the asker can; else its
// last turn alone.
type TurnsAsker interface {
	AskTurns(ctx context.Context, turns []string) (Answer, error)
}

// Tally counts the questions a figure is over and those it got right.
type Tally struct{ N, Right int }

func (t *Tally) count(right bool) {
	t.N++
	if right {
		t.Right++
	}
}

// Rate is Right over N, or -1 when N is 0.
func (t Tally) Rate() float64 {
	if t.N == 0 {
		return -1
	}
	return float64(t.Right) / float64(t.N)
}

func (t *Tally) add(o Tally) { t.N += o.N; t.Right += o.Right }

// Score is how an engine did on labelled questions.
type Score struct {
	Answerable, Found     int // answerable questions; those whose first quote holds the gold span
	Unanswerable, Refused int // unanswerable questions; those the engine abstained on
	// Verdict counts the claims whose verdict was right; ByVerdict the
	// same for each labelled verdict.
	Verdict   Tally
	ByVerdict map[string]Tally
	// Personal counts the questions about the asker's own case that were
	// read as such; General the other questions that were not.
	Personal, General Tally
	// Lang counts the replies in the language the question should be
	// answered in (ReplyLang).
	Lang Tally
	// TurnRecall and TurnAbstain are recall@1 and abstention over the last
	// turns of conversations.
	TurnRecall, TurnAbstain Tally
	Misses                  []Miss
}

// Miss is a question the engine answered when it should not have, did not
// answer, or answered with another span, or a claim given another verdict.
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

// Add adds o's counts to s.
func (s *Score) Add(o Score) {
	s.Answerable += o.Answerable
	s.Found += o.Found
	s.Unanswerable += o.Unanswerable
	s.Refused += o.Refused
	s.Verdict.add(o.Verdict)
	for v, t := range o.ByVerdict {
		s.tallyVerdict(v, t)
	}
	s.Personal.add(o.Personal)
	s.General.add(o.General)
	s.Lang.add(o.Lang)
	s.TurnRecall.add(o.TurnRecall)
	s.TurnAbstain.add(o.TurnAbstain)
	s.Misses = append(s.Misses, o.Misses...)
}

func (s *Score) tallyVerdict(v string, t Tally) {
	if s.ByVerdict == nil {
		s.ByVerdict = make(map[string]Tally)
	}
	sum := s.ByVerdict[v]
	sum.add(t)
	s.ByVerdict[v] = sum
}

// Evaluate asks every case and scores the answers. A conversation's last
// turn is asked alone: the engine keeps no conversation yet.
func Evaluate(ctx context.Context, e Asker, cases []Case) (Score, error) {
	var s Score
	for _, c := range cases {
		var a Answer
		var err error
		if ta, ok := e.(TurnsAsker); ok && len(c.Turns) > 1 {
			a, err = ta.AskTurns(ctx, c.Turns)
		} else {
			a, err = e.Ask(ctx, c.Question())
		}
		if err != nil {
			return s, err
		}
		s.judge(c, a)
	}
	return s, nil
}

// judge counts one answer.
func (s *Score) judge(c Case, a Answer) {
	ok := false
	if c.Gold == nil {
		s.Unanswerable++
		ok = !a.Answered
		if ok {
			s.Refused++
		}
	} else {
		s.Answerable++
		ok = Holds(a, c.Golds())
		if ok {
			s.Found++
		}
	}
	if !ok || (c.Verdict != "" && a.Verdict != c.Verdict) {
		s.Misses = append(s.Misses, Miss{Case: c, Got: a})
	}
	if len(c.Turns) > 0 {
		if c.Gold == nil {
			s.TurnAbstain.count(ok)
		} else {
			s.TurnRecall.count(ok)
		}
	}
	if c.Verdict != "" {
		right := a.Verdict == c.Verdict
		s.Verdict.count(right)
		t := Tally{N: 1}
		if right {
			t.Right = 1
		}
		s.tallyVerdict(c.Verdict, t)
	}
	if c.Personal {
		s.Personal.count(a.Personal)
	} else {
		s.General.count(!a.Personal)
	}
	got := a.Lang
	if got == "" {
		got = "en"
	}
	s.Lang.count(got == ReplyLang(c.Lang))
}

// Holds says whether a answered with a first quote that holds one of golds.
func Holds(a Answer, golds []string) bool {
	if !a.Answered || len(a.Citations) == 0 {
		return false
	}
	quote := foldSpace(a.Citations[0].Quote)
	for _, g := range golds {
		if strings.Contains(quote, foldSpace(g)) {
			return true
		}
	}
	return false
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
	q := m.Q
	if len(m.Turns) > 0 {
		q = strings.Join(m.Turns, " / ")
	}
	if m.Got.Personal && !m.Personal {
		got += " (read as the asker's own case)"
	}
	if m.Verdict != "" {
		verdict := m.Got.Verdict
		if verdict == "" {
			verdict = "none"
		}
		want = m.Verdict + " " + want
		got = verdict + " " + got
	}
	return fmt.Sprintf("%s\t%q\twant: %s\tgot: %s", m.Kind, q, want, got)
}

func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
