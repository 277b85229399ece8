package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"citebot/answers"
	"citebot/index"
	"citebot/internal/tgemulator"
)

// binary is the program under test, built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "citebot-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "bot")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		return 1
	}
	defer tgemulator.Stop() // started by the first test that needs it
	return m.Run()
}

// run is one finished run of the program.
type run struct {
	code           int
	stdout, stderr string
}

// command is the program with args, to run in an empty working directory
// (so no .env is read) with a clean environment: the repository's seeds
// and a data folder of its own unless env names others, and env. It
// returns the data folder too.
func command(ctx context.Context, t *testing.T, env map[string]string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	seeds, err := filepath.Abs(seedsDir)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		"CITEBOT_SEEDS_DIR": seeds,
		"CITEBOT_DATA_DIR":  filepath.Join(t.TempDir(), "data"),
	}
	maps.Copy(vars, env)
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd, vars["CITEBOT_DATA_DIR"]
}

// runBot runs the program to its end with env (see command) and stdin.
func runBot(t *testing.T, env map[string]string, stdin string, args ...string) run {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd, _ := command(ctx, t, env, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	r := run{stdout: stdout.String(), stderr: stderr.String()}
	if err != nil {
		exit, ok := err.(*exec.ExitError)
		if !ok || ctx.Err() != nil {
			t.Fatalf("bot %.60q: %v\nstderr: %s", args, err, r.stderr)
		}
		r.code = exit.ExitCode()
	}
	return r
}

// eventually polls cond every interval until it holds, and says whether
// it held within d.
func eventually(d, every time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(every) // polling with a deadline
	}
	return true
}

// contractAnswer is one line of `bot ask --json`, as ../shared/CONTRACT.md has it.
type contractAnswer struct {
	Question  string             `json:"question"`
	Answered  bool               `json:"answered"`
	Source    string             `json:"source"`
	Answer    string             `json:"answer"`
	Lang      string             `json:"lang"`
	Citations []contractCitation `json:"citations"`
}

type contractCitation struct {
	ID        string `json:"id"`
	Doc       string `json:"doc"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Date      string `json:"date"`
	Paragraph int    `json:"paragraph"`
	Quote     string `json:"quote"`
	// Translation is present when the reply's language is not English and
	// the document has a translation into it.
	Translation *struct {
		Lang   string `json:"lang"`
		Text   string `json:"text"`
		By     string `json:"by"`
		Status string `json:"status"`
	} `json:"translation"`
}

var (
	answerFields   = []string{"answer", "answered", "citations", "lang", "question", "source"}
	citationFields = []string{"date", "doc", "id", "paragraph", "publisher", "quote", "title"}
)

// seedPassages are the seeds' passages by id, loaded the way the bot loads them.
func seedPassages(t *testing.T) map[string]*index.Passage {
	t.Helper()
	docs, err := index.Load(seedsDir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*index.Passage{}
	for _, d := range docs {
		for _, p := range d.Passages {
			out[p.ID] = p
		}
	}
	return out
}

func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// parseAnswers reads stdout as JSON lines and holds each to the contract:
// exactly its fields, a known source, and citations whose quotes are spans
// of the passages they name.
func parseAnswers(t *testing.T, stdout string) []contractAnswer {
	t.Helper()
	if !utf8.ValidString(stdout) {
		t.Errorf("output is not valid UTF-8: %.200q", stdout)
	}
	passages := seedPassages(t)
	var out []contractAnswer
	for _, line := range strings.SplitAfter(stdout, "\n") {
		if line == "" {
			continue
		}
		if !strings.HasSuffix(line, "\n") {
			t.Errorf("last line %.80q has no newline", line)
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &fields); err != nil {
			t.Fatalf("line is not one JSON object: %v\n%.300s", err, line)
		}
		if got := keys(fields); !slices.Equal(got, answerFields) {
			t.Errorf("answer fields = %v, want %v", got, answerFields)
		}
		var cites []map[string]json.RawMessage
		if err := json.Unmarshal(fields["citations"], &cites); err != nil || cites == nil {
			t.Errorf("citations = %s, want a list (never null): %v", fields["citations"], err)
		}
		english := string(fields["lang"]) == `"en"`
		for _, c := range cites {
			got := keys(c)
			if _, ok := c["translation"]; ok && !english {
				got = slices.DeleteFunc(got, func(k string) bool { return k == "translation" })
			}
			if !slices.Equal(got, citationFields) {
				t.Errorf("citation fields = %v, want %v, and a translation only in a reply not in English", keys(c), citationFields)
			}
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var a contractAnswer
		if err := dec.Decode(&a); err != nil {
			t.Fatalf("answer does not decode with the contract's types: %v\n%.300s", err, line)
		}
		switch {
		case !answers.Spoken(a.Lang): // the bot's own words are in a language it speaks
			t.Errorf("question %.60q: lang = %q, want en, de, fa or ps", a.Question, a.Lang)
		case a.Source != "curated" && a.Source != "index" && a.Source != "none":
			t.Errorf("source = %q, want curated, index or none", a.Source)
		case a.Answered == (a.Source == "none"):
			t.Errorf("answered = %v with source %q", a.Answered, a.Source)
		}
		if strings.TrimSpace(a.Answer) == "" {
			t.Errorf("question %.60q: empty answer text", a.Question)
		}
		if a.Answered && len(a.Citations) == 0 {
			t.Errorf("question %.60q: answered without a citation", a.Question)
		}
		for _, c := range a.Citations {
			p, ok := passages[c.ID]
			if !ok {
				t.Errorf("citation %q names no passage of the seeds", c.ID)
				continue
			}
			if c.Doc != p.Doc.File || c.Title != p.Doc.Title || c.Publisher != p.Doc.Publisher || c.Date != p.Doc.Date || c.Paragraph != p.N {
				t.Errorf("citation %+v does not describe passage %s (%s, ¶%d)", c, p.ID, p.Doc.File, p.N)
			}
			if want := p.Doc.Stem + "#" + fmt.Sprint(p.N); c.ID != want {
				t.Errorf("citation id %q, want %q", c.ID, want)
			}
			if q := foldSpace(c.Quote); q == "" || !strings.Contains(foldSpace(p.Text), q) {
				t.Errorf("quote %q is not a span of %s: %q", c.Quote, c.ID, p.Text)
			}
			if !strings.Contains(a.Answer, c.Quote) {
				t.Errorf("answer text does not show the quote %q:\n%s", c.Quote, a.Answer)
			}
		}
		out = append(out, a)
	}
	return out
}

const deported = "how many afghans were deported in 2025"

func TestAskPrintsTheQuote(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{name: "one argument", args: []string{"ask", deported}},
		{name: "several arguments are joined", args: append([]string{"ask"}, strings.Fields(deported)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBot(t, nil, "", tt.args...)
			if r.code != 0 {
				t.Fatalf("exit %d, want 0\nstderr: %s", r.code, r.stderr)
			}
			for _, want := range []string{"2.6 million", "Dawat Media Center, ¶2, 16 December 2025"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("output does not hold %q:\n%s", want, r.stdout)
				}
			}
			if r.stderr != "" {
				t.Errorf("stderr: %s", r.stderr)
			}
		})
	}
}

func TestAskJSON(t *testing.T) {
	tests := []struct {
		name      string
		question  string
		answered  bool
		paragraph int    // the first citation's, when answered
		quote     string // words the first citation's quote holds
		says      string // words the answer text holds
	}{
		{name: "deported", question: deported, answered: true, paragraph: 2, quote: "2.6 million", says: "Dawat Media Center, ¶2"},
		{name: "torture", question: "how many cases of torture did UNAMA document", answered: true, paragraph: 12, quote: "21 cases"},
		{name: "list", question: "What does Amnesty International call for?", answered: true, paragraph: 14, quote: "halt to all forced returns", says: "calls for"},
		{name: "off topic", question: "what is the capital of france", says: "The source does not say"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBot(t, nil, "", "ask", "--json", tt.question)
			if r.code != 0 {
				t.Fatalf("exit %d, want 0\nstderr: %s", r.code, r.stderr)
			}
			as := parseAnswers(t, r.stdout)
			if len(as) != 1 {
				t.Fatalf("%d JSON objects, want 1:\n%s", len(as), r.stdout)
			}
			a := as[0]
			if a.Question != tt.question {
				t.Errorf("question = %q, want %q", a.Question, tt.question)
			}
			if a.Answered != tt.answered {
				t.Errorf("answered = %v, want %v:\n%s", a.Answered, tt.answered, a.Answer)
			}
			if tt.answered {
				if a.Source != "index" && a.Source != "curated" {
					t.Errorf("source = %q for an answer", a.Source)
				}
				if c := a.Citations[0]; c.Paragraph != tt.paragraph || !strings.Contains(c.Quote, tt.quote) {
					t.Errorf("first citation ¶%d %q, want ¶%d holding %q", c.Paragraph, c.Quote, tt.paragraph, tt.quote)
				}
			}
			if !strings.Contains(a.Answer, tt.says) {
				t.Errorf("answer does not say %q:\n%s", tt.says, a.Answer)
			}
		})
	}
}

func TestAskReadsStdin(t *testing.T) {
	questions := []string{deported, "what is the capital of france", "how many cases of torture did UNAMA document"}
	stdin := "\n" + questions[0] + "\n\n   \n" + questions[1] + "\r\n\t\n" + questions[2] // no final newline

	t.Run("json", func(t *testing.T) {
		r := runBot(t, nil, stdin, "ask", "--json")
		if r.code != 0 {
			t.Fatalf("exit %d, want 0\nstderr: %s", r.code, r.stderr)
		}
		as := parseAnswers(t, r.stdout)
		var got []string
		for _, a := range as {
			got = append(got, a.Question)
		}
		if !slices.Equal(got, questions) {
			t.Fatalf("answered %q, want %q in order", got, questions)
		}
		if !as[0].Answered || as[1].Answered || !as[2].Answered {
			t.Errorf("answered = %v %v %v, want true false true", as[0].Answered, as[1].Answered, as[2].Answered)
		}
	})

	t.Run("text", func(t *testing.T) {
		r := runBot(t, nil, stdin, "ask")
		if r.code != 0 {
			t.Fatalf("exit %d, want 0\nstderr: %s", r.code, r.stderr)
		}
		a, b, c := strings.Index(r.stdout, "2.6 million"), strings.Index(r.stdout, "The source does not say"), strings.Index(r.stdout, "21 cases")
		if a < 0 || b < a || c < b {
			t.Errorf("answers missing or out of order:\n%s", r.stdout)
		}
	})

	t.Run("nothing to ask", func(t *testing.T) {
		r := runBot(t, nil, "\n \n", "ask", "--json")
		if r.code != 0 || r.stdout != "" {
			t.Errorf("exit %d, output %q; want 0 and nothing", r.code, r.stdout)
		}
	})
}

func TestAskBadInput(t *testing.T) {
	no, yes := false, true
	tests := []struct {
		name     string
		question string
		stdin    bool  // send the question on stdin instead of as an argument
		answered *bool // nil: either is fine
		says     string
		lang     string // the reply's language; empty: English
	}{
		{name: "empty", question: "", answered: &no, says: "Please type your question in words"},
		{name: "white space only", question: " \t  ", answered: &no, says: "Please type your question in words"},
		{name: "100 KB argument", question: strings.Repeat("how many afghans ", 100*1024/17)},
		{name: "100 KB line on stdin", question: strings.Repeat("lorem ipsum ", 100*1024/12), stdin: true},
		{name: "invalid UTF-8", question: "\xff\xfe\xc3 how many afghans were deported in 2025 \xe2\x82"},
		{name: "control characters", question: "\x1b[31mhow many\x07 afghans\x08 were deported\x1b[0m"},
		{name: "zero-width and bidi only", question: "\u200b\u200c\u200d\u2060\ufeff\u202e\u2066\u2069", answered: &no, says: "Please type your question in words"},
		{name: "zero-width inside words", question: "how many af\u200bghans were de\u200dported in 2025"},
		{name: "emoji only", question: "😀🙏🏽👩‍👧", answered: &no},
		{name: "bleve query syntax", question: `title:x +foo (bar* "`, answered: &no},
		{name: "more bleve syntax", question: `_id:* OR passage:~2 -"2.6" ^5 {a TO z}`},
		{name: "Persian the word tables read", question: "چند نفر در سال ۲۰۲۵ اخراج شدند؟", answered: &yes, says: "سؤال شما را این‌طور خواندم: how many people in year 2025 deported", lang: "fa"},
		{name: "Persian the word tables cannot read", question: "بهترین رنگ برای دیوار آشپزخانه کدام است", answered: &no, says: "لطفاً ساده‌تر یا به انگلیسی بپرسید", lang: "fa"},
		{name: "answerable", question: deported, answered: &yes, says: "2.6 million"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"ask", "--json", tt.question}
			stdin := ""
			if tt.stdin {
				args, stdin = args[:2], tt.question+"\n"
			}
			r := runBot(t, nil, stdin, args...)
			if r.code != 0 {
				t.Fatalf("exit %d, want 0\nstderr: %s", r.code, r.stderr)
			}
			if r.stderr != "" {
				t.Errorf("stderr: %.500s", r.stderr)
			}
			as := parseAnswers(t, r.stdout)
			if len(as) != 1 {
				t.Fatalf("%d answers, want 1:\n%.500s", len(as), r.stdout)
			}
			a := as[0]
			if tt.answered != nil && a.Answered != *tt.answered {
				t.Errorf("answered = %v, want %v:\n%s", a.Answered, *tt.answered, a.Answer)
			}
			if !strings.Contains(a.Answer, tt.says) {
				t.Errorf("answer does not say %q:\n%s", tt.says, a.Answer)
			}
			if want := cmp.Or(tt.lang, "en"); a.Lang != want {
				t.Errorf("lang = %q, want %q", a.Lang, want)
			}
			if strings.ContainsAny(a.Answer, "\x1b\x07\x08\u202e") {
				t.Errorf("answer echoes control or bidi characters: %q", a.Answer)
			}
			if utf8.RuneCountInString(a.Answer) > 10_000 {
				t.Errorf("answer is %d characters: the question is echoed?", utf8.RuneCountInString(a.Answer))
			}
		})
	}

	t.Run("Persian reply is in Dari", func(t *testing.T) {
		r := runBot(t, nil, "", "ask", "بهترین رنگ برای دیوار آشپزخانه کدام است")
		if r.code != 0 {
			t.Fatalf("exit %d, want 0", r.code)
		}
		if !strings.Contains(r.stdout, "نتوانستم این سؤال را بخوانم") {
			t.Errorf("reply does not say in Dari that it could not read the question:\n%s", r.stdout)
		}
	})

	t.Run("control characters are not echoed to the terminal", func(t *testing.T) {
		r := runBot(t, nil, "", "ask", "\x1b]0;pwned\x07\x1b[2J what is this")
		if r.code != 0 {
			t.Fatalf("exit %d, want 0", r.code)
		}
		if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07") {
			t.Errorf("output holds terminal escapes: %q", r.stdout)
		}
	})
}

// TestAskFlagsAnywhere: flags may stand among the question's words; after
// "--" everything is the question, and a number with a minus is a word.
func TestAskFlagsAnywhere(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // the question as read
	}{
		{name: "flag in the middle", args: []string{"ask", "how", "many", "--json", "afghans", "were", "deported"}, want: "how many afghans were deported"},
		{name: "flag last", args: []string{"ask", "how", "many", "afghans", "-json"}, want: "how many afghans"},
		{name: "after --", args: []string{"ask", "--json", "--", "--json", "is", "a", "word", "here"}, want: "--json is a word here"},
		{name: "a negative number", args: []string{"ask", "--json", "how", "many", "-5", "degrees", "-"}, want: "how many -5 degrees -"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBot(t, nil, "", tt.args...)
			if r.code != 0 {
				t.Fatalf("exit %d, want 0\nstderr: %s", r.code, r.stderr)
			}
			as := parseAnswers(t, r.stdout)
			if len(as) != 1 || as[0].Question != tt.want {
				t.Errorf("read %+v, want one answer to %q", as, tt.want)
			}
		})
	}
}

func TestConsole(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		says  []string // in this order
		never []string
	}{
		{
			name:  "question then help",
			stdin: deported + "\n/help\n",
			says:  []string{"2.6 million", "¶2", "Type a question, or use a command:", "/figures", "/source [passage]"},
		},
		{
			name:  "console flag",
			args:  []string{"-console"},
			stdin: "\n\n/source ¶12\n",
			says:  []string{"21 cases"},
		},
		{
			name:  "quit stops",
			stdin: "/figures\n/quit\n" + deported + "\n",
			says:  []string{"Key figures"},
			never: []string{"The source says:"},
		},
		{
			name:  "unknown command is polite",
			stdin: "/frobnicate\n" + deported + "\n",
			says:  []string{"I don't know the command /frobnicate.", "2.6 million"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBot(t, nil, tt.stdin, tt.args...)
			if r.code != 0 {
				t.Fatalf("exit %d, want 0\nstderr: %s", r.code, r.stderr)
			}
			rest := r.stdout
			for _, s := range tt.says {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Fatalf("output does not say %q (in order):\n%s", s, r.stdout)
				}
				rest = rest[i+len(s):]
			}
			for _, s := range tt.never {
				if strings.Contains(r.stdout, s) {
					t.Errorf("output says %q:\n%s", s, r.stdout)
				}
			}
			if r.stderr != "" {
				t.Errorf("stderr: %s", r.stderr)
			}
		})
	}
}

func TestCommandLine(t *testing.T) {
	emptyDir := t.TempDir()
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		code       int
		stdout     string // must hold
		stderr     []string
		zeroStdout bool
	}{
		{name: "unknown subcommand", args: []string{"frobnicate"}, code: 2, stderr: []string{`unknown command "frobnicate"`, "Usage:", "bot ask"}, zeroStdout: true},
		{name: "unknown flag", args: []string{"-frobnicate"}, code: 2, stderr: []string{"frobnicate", "Usage:"}, zeroStdout: true},
		{name: "help", args: []string{"help"}, code: 0, stdout: "Usage:"},
		{name: "-h", args: []string{"-h"}, code: 0, stderr: []string{"Usage:"}},
		{name: "empty seeds dir", args: []string{"ask", deported}, env: map[string]string{"CITEBOT_SEEDS_DIR": emptyDir}, code: 1, stderr: []string{"CITEBOT_SEEDS_DIR"}, zeroStdout: true},
		{name: "missing seeds dir", args: []string{"ask", deported}, env: map[string]string{"CITEBOT_SEEDS_DIR": filepath.Join(emptyDir, "nope")}, code: 1, stderr: []string{"CITEBOT_SEEDS_DIR"}, zeroStdout: true},
		{name: "empty seeds dir, console", env: map[string]string{"CITEBOT_SEEDS_DIR": emptyDir}, code: 1, stderr: []string{"CITEBOT_SEEDS_DIR"}, zeroStdout: true},
		{name: "bad rate limit", args: []string{"ask", deported}, env: map[string]string{"CITEBOT_RATE_LIMIT": "lots"}, code: 2, stderr: []string{"CITEBOT_RATE_LIMIT"}, zeroStdout: true},
		{name: "bad log level", args: []string{"ask", deported}, env: map[string]string{"CITEBOT_LOG_LEVEL": "loud"}, code: 2, stderr: []string{"CITEBOT_LOG_LEVEL"}, zeroStdout: true},
		{name: "webhook without address", args: []string{"ask", deported}, env: map[string]string{"TELEGRAM_WEBHOOK_URL": "https://bot.example/tg"}, code: 2, stderr: []string{"CITEBOT_HTTP_ADDR"}, zeroStdout: true},
		{name: "unknown ask flag", args: []string{"ask", "--jsn", "what", "is", "this"}, code: 2, stderr: []string{"unknown flag --jsn", "--json"}, zeroStdout: true},
		{name: "unknown ask flag after the words", args: []string{"ask", "how", "many", "-jsn"}, code: 2, stderr: []string{"unknown flag -jsn"}, zeroStdout: true},
		{name: "unknown check flag", args: []string{"check", "--jsn", "5 million were deported"}, code: 2, stderr: []string{"unknown flag --jsn"}, zeroStdout: true},
		{name: "empty answers list", args: []string{"answers", "list"}, code: 0, stderr: []string{"There are no curated answers yet", "bot answers add"}, zeroStdout: true},
		{name: "empty unanswered queue", args: []string{"unanswered"}, code: 0, stderr: []string{"the queue of questions the bot could not answer is empty"}, zeroStdout: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBot(t, tt.env, "", tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\nstderr: %s", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.stdout) {
				t.Errorf("stdout does not hold %q:\n%s", tt.stdout, r.stdout)
			}
			if tt.zeroStdout && r.stdout != "" {
				t.Errorf("stdout: %s", r.stdout)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr does not hold %q:\n%s", s, r.stderr)
				}
			}
		})
	}
}

func TestTokenIsNeverPrinted(t *testing.T) {
	const (
		telegram = "123:secret"
		discord  = "MTIz.discord-secret"
	)
	// A platform that refuses every token, so that the runs with tokens stop
	// by themselves (and print what they print about a refused token).
	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"ok":false,"error_code":401,"description":"Unauthorized","message":"401: Unauthorized","code":0}`)
	}))
	defer refuse.Close()
	tokens := map[string]string{"TELEGRAM_BOT_TOKEN": telegram, "TELEGRAM_API_URL": refuse.URL, "DISCORD_API_URL": refuse.URL}
	with := func(extra map[string]string) map[string]string {
		env := map[string]string{}
		for k, v := range tokens {
			env[k] = v
		}
		for k, v := range extra {
			env[k] = v
		}
		return env
	}
	tests := []struct {
		name  string
		env   map[string]string
		stdin string
		args  []string
	}{
		{name: "ask", env: with(nil), args: []string{"ask", deported}},
		{name: "ask json", env: with(nil), args: []string{"ask", "--json", deported}},
		{name: "ask debug log", env: with(map[string]string{"CITEBOT_LOG_LEVEL": "debug"}), stdin: deported + "\n/help\n", args: []string{"ask"}},
		{name: "run", env: with(map[string]string{"CITEBOT_LOG_LEVEL": "debug"}), stdin: deported + "\n"},
		{name: "run with console", env: with(nil), stdin: "/help\n", args: []string{"-console"}},
		{name: "both tokens", env: with(map[string]string{"DISCORD_BOT_TOKEN": discord}), stdin: "/help\n"},
		{name: "bad config", env: with(map[string]string{"CITEBOT_RATE_LIMIT": "x"}), args: []string{"ask", deported}},
		{name: "bad seeds", env: with(map[string]string{"CITEBOT_SEEDS_DIR": t.TempDir()}), args: []string{"ask", deported}},
		{name: "unknown subcommand", env: with(nil), args: []string{"frobnicate"}},
		{name: "question holds the variable name", env: with(nil), args: []string{"ask", "what is TELEGRAM_BOT_TOKEN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBot(t, tt.env, tt.stdin, tt.args...)
			for _, tok := range []string{telegram, discord, "secret"} {
				if strings.Contains(r.stdout, tok) || strings.Contains(r.stderr, tok) {
					t.Errorf("token %q printed (exit %d):\nstdout: %s\nstderr: %s", tok, r.code, r.stdout, r.stderr)
				}
			}
		})
	}

	t.Run("not written to disk", func(t *testing.T) {
		data := t.TempDir()
		runBot(t, with(map[string]string{"CITEBOT_DATA_DIR": data}), deported+"\n", "ask")
		err := filepath.WalkDir(data, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if bytes.Contains(b, []byte(telegram)) {
				t.Errorf("%s holds the token", path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
