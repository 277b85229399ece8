package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/joho/godotenv"

	"citebot/adapters"
	"citebot/adapters/console"
	"citebot/answers"
)

const usage = `citebot answers questions about its documents with cited quotes.

Usage:
  bot [-console]          run the bot: Telegram and/or Discord when their tokens are set,
                          else an interactive prompt in the terminal
  bot ask [--json] [QUESTION...]
                          answer one question, or one per line of standard input
  bot answers list|show|add|edit|remove|undo|stale
                          the curated answers (moderators; see bot answers help)
  bot factcards list|show|add|edit|hide|unhide|remove|undo|stale
                          the fact cards moderators chose or hid (see bot factcards help)
  bot unanswered          the questions the bot could not answer, grouped, with counts
  bot store import|export [--merge]
                          copy the data folder's curated answers, fact cards, their audit,
                          the queue and the feedback into CITEBOT_DATABASE_URL, or back
  bot eval [--misses] [--fitted|--baseline] [SET...]
                          score labelled sets (default: every set in answers/testdata)
                          and print their figures; a set named alone, or --misses,
                          also prints each miss (never a fresh set's); --fitted decides
                          with the fitted model instead of the hand-set rules; --baseline
                          scores a stock bleve match query (its first paragraph) instead

Settings come from the environment or a .env file: see .env.example.
`

// Main runs the program with its arguments and standard streams and returns
// the exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if err := loadDotEnv(); err != nil {
		fmt.Fprintf(stderr, "citebot: .env: %v\n", err)
		return 2
	}
	cfg := DefaultConfig()
	if err := cfg.FromEnv(getenv); err != nil {
		fmt.Fprintf(stderr, "citebot: %v\n", err)
		return 2
	}
	fs := flag.NewFlagSet("bot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	fs.BoolVar(&cfg.Console, "console", false, "open the terminal prompt beside the platforms")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "citebot: %v\n", err)
		return 2
	}
	log := newLogger(stderr, cfg.LogLevel)
	rest := fs.Args()
	cmd := ""
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	switch cmd {
	case "", "run":
	case "ask", "check", "eval", "answers", "factcards", "unanswered":
	case "store":
		return storeCLI(cfg, log, rest, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "citebot: unknown command %q\n\n%s", clipName(cmd), usage)
		return 2
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	b, err := newBot(cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "citebot: %v\n", err)
		return 1
	}
	defer b.Close()

	switch cmd {
	case "ask":
		return b.askCLI(ctx, rest, stdin, stdout, stderr)
	case "check":
		return b.askCLI(ctx, append([]string{"--check"}, rest...), stdin, stdout, stderr)
	case "eval":
		return b.evalCLI(ctx, rest, stdout, stderr)
	case "answers":
		return b.answersCLI(ctx, rest, stdout, stderr)
	case "factcards":
		return b.factcardsCLI(ctx, rest, stdout, stderr)
	case "unanswered":
		gs, err := b.groups()
		if err != nil {
			fmt.Fprintf(stderr, "citebot: %v\n", err)
			return 1
		}
		for _, l := range describeGroups(gs) {
			fmt.Fprintln(stdout, l)
		}
		return 0
	}
	if err := b.run(ctx, stdin, stdout); err != nil {
		log.Error("stopped", "err", err)
		return 1
	}
	return 0
}

func godotenvLoad(path string) error { return godotenv.Load(path) }

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// maxQuestionLine is the longest line of standard input read as a
// question; the rest of a longer line is dropped.
const maxQuestionLine = 1 << 20

// jsonAnswer is one line of `bot ask --json`: see ../shared/CONTRACT.md.
type jsonAnswer struct {
	Question string `json:"question"`
	Answered bool   `json:"answered"`
	Source   string `json:"source"`
	Answer   string `json:"answer"`
	Lang     string `json:"lang"` // the language of the bot's own words in answer
	// Personal marks a question about the asker's own case.
	Personal bool `json:"personal,omitempty"`
	// Verdict is a checked claim's: supported, contradicted or not_stated.
	Verdict   string         `json:"verdict,omitempty"`
	Citations []jsonCitation `json:"citations"`
}

type jsonCitation struct {
	ID        string `json:"id"`
	Doc       string `json:"doc"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Date      string `json:"date"`
	Paragraph int    `json:"paragraph"`
	Quote     string `json:"quote"`
}

// askCLI answers the question in args, or each line of stdin when there
// is none. With --conversation, consecutive lines are the turns of one
// conversation, and a blank line ends it.
func (b *Bot) askCLI(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	asJSON, talk, check := false, false, false
	var words []string
	for _, a := range args {
		switch a {
		case "--json", "-json":
			asJSON = true
		case "--check": // bot check: each question is a claim to check
			check = true
		case "--conversation", "-conversation":
			talk = true
		default:
			words = append(words, a)
		}
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	var conv *answers.Conversation // the conversation going on; nil: none
	answer := func(q string) error {
		a, err := b.eng().AskIn(ctx, conv, q)
		if check {
			a, err = b.eng().Check(ctx, q)
		}
		if err != nil {
			return err
		}
		req := adapters.Request{Adapter: "console", Private: true}
		if check {
			req.Command = "check"
		}
		text := console.Render(b.answerReply(a, req))
		if !asJSON {
			fmt.Fprintln(out, text)
			return nil
		}
		j := jsonAnswer{Question: q, Answered: a.Answered, Source: a.Source, Answer: text, Lang: a.Lang, Personal: a.Personal, Verdict: a.Verdict, Citations: []jsonCitation{}}
		for _, c := range a.Citations {
			j.Citations = append(j.Citations, jsonCitation(c))
		}
		if a.Lead != nil { // the opening of a list: shown, so cited, after the items that answer
			j.Citations = append(j.Citations, jsonCitation(*a.Lead))
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		return enc.Encode(j)
	}
	if len(words) > 0 {
		if err := answer(strings.Join(words, " ")); err != nil {
			fmt.Fprintf(stderr, "citebot: %v\n", err)
			return 1
		}
		return 0
	}
	br := bufio.NewReader(stdin)
	first := true
	for {
		q, err := adapters.ReadLine(br, maxQuestionLine)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Fprintf(stderr, "citebot: reading questions: %v\n", err)
			return 1
		}
		if strings.TrimSpace(q) == "" {
			conv = nil // a blank line ends a conversation
			continue
		}
		if talk && conv == nil {
			conv = &answers.Conversation{}
		}
		if !asJSON && !first {
			fmt.Fprintln(out)
		}
		first = false
		if err := answer(q); err != nil {
			fmt.Fprintf(stderr, "citebot: %v\n", err)
			return 1
		}
		out.Flush()
	}
	return 0
}

// evalDir holds the labelled sets `bot eval` runs when none is named.
const evalDir = "answers/testdata"

// evalCLI scores labelled sets (every set of evalDir, or those named) and
// prints a table of their figures. Misses are printed, one per line before
// the table, for a set named alone or with --misses; never for a fresh set,
// whose questions nobody may read while changing the engine.
func (b *Bot) evalCLI(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	showMisses, fitted, baseline := false, false, false
	var paths []string
	for _, a := range args {
		switch a {
		case "--misses", "-misses":
			showMisses = true
		case "--fitted", "-fitted":
			fitted = true
		case "--baseline", "-baseline":
			baseline = true
		default:
			paths = append(paths, a)
		}
	}
	showMisses = showMisses || len(paths) == 1
	sets, err := loadSets(paths)
	if err != nil {
		fmt.Fprintf(stderr, "citebot: %v\n", err)
		return 1
	}
	engines := &evalEngines{own: b.live.Load().store, baseline: baseline}
	if fitted {
		m, err := answers.Fitted()
		if err != nil {
			fmt.Fprintf(stderr, "citebot: %v\n", err)
			return 1
		}
		engines.scorer = m
	}
	defer engines.Close()
	var rows []answers.Row
	var all answers.Score
	for _, set := range sets {
		s, err := engines.evaluate(ctx, set.Cases)
		if err != nil {
			fmt.Fprintf(stderr, "citebot: %s: %v\n", set.Path, err)
			return 1
		}
		if showMisses && !set.Fresh {
			for _, m := range s.Misses {
				fmt.Fprintln(stdout, m)
			}
		}
		rows = append(rows, answers.Row{Name: set.Name, Score: s})
		all.Add(s)
	}
	if len(rows) > 1 {
		rows = append(rows, answers.Row{Name: "all", Score: all})
	}
	if err := answers.WriteTable(stdout, rows); err != nil {
		fmt.Fprintf(stderr, "citebot: %v\n", err)
		return 1
	}
	for _, set := range sets {
		if set.Fresh {
			fmt.Fprintf(stdout, "%s is a fresh set: its misses are not shown. Record this first run in the README, then move it out of fresh/.\n", set.Path)
		}
	}
	return 0
}

// loadSets reads the sets at paths, or every set of evalDir when none is
// named.
func loadSets(paths []string) ([]answers.Set, error) {
	if len(paths) == 0 {
		sets, err := answers.Sets(evalDir)
		if err == nil && len(sets) == 0 {
			err = fmt.Errorf("no labelled sets in %s (run bot eval from the repository, or name a set)", evalDir)
		}
		return sets, err
	}
	var sets []answers.Set
	for _, p := range paths {
		s, err := answers.LoadSet(p)
		if err != nil {
			return nil, err
		}
		sets = append(sets, s)
	}
	return sets, nil
}

// newLogger logs text to a terminal and JSON elsewhere (a service's
// journal, a log collector).
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
