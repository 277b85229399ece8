package main

import (
	"bufio"
	"bytes"
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
	"sync/atomic"
	"syscall"
	"unicode"

	"github.com/joho/godotenv"

	"citebot/adapters"
	"citebot/adapters/console"
	"citebot/answers"
)

const usage = `citebot answers questions about its documents with cited quotes.

Usage:
  bot [-console]          run the bot: Telegram and/or Discord when their tokens are set,
                          else an interactive prompt in the terminal
  bot ask [--json] [--conversation] [--lang LANG] [--] [QUESTION...]
                          answer one question, or one per line of standard input;
                          flags may stand among the words, -- ends them; --lang
                          replies in en, de, fa (Dari) or ps (Pashto), or auto
  bot answers list|show|add|edit|remove|undo|stale
                          the curated answers (moderators; see bot answers help)
  bot factcards list|show|add|edit|hide|unhide|remove|undo|stale
                          the fact cards moderators chose or hid (see bot factcards help)
  bot unanswered          the questions the bot could not answer, grouped, with counts
  bot version             the module version and the VCS revision of this build
  bot healthcheck         exit 0 when the bot running on CITEBOT_HTTP_ADDR is healthy
                          (its /healthz), 1 when not: a container's health check
  bot store import|export [--merge]
                          copy the data folder's curated answers, fact cards, their audit,
                          the queue and the feedback into CITEBOT_DATABASE_URL, or back
  bot eval [--misses] [--rules|--model FILE|--baseline] [SET...]
                          score labelled sets (default: every set in answers/testdata)
                          and print their figures; a set named alone, or --misses,
                          also prints each miss (never a fresh set's); the fitted model
                          decides (--fitted says so), --rules decides with the hand-set
                          rules instead, --model with the model in FILE (one answers/fit
                          wrote); --baseline scores a stock bleve match query (its first
                          paragraph) instead

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
	logOut := &logWriter{w: stderr}
	log := newLogger(logOut, cfg.LogLevel)
	rest := fs.Args()
	cmd := ""
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	switch cmd {
	case "", "run":
	case "ask", "check", "eval", "answers", "factcards", "unanswered":
	case "version":
		fmt.Fprintln(stdout, versionLine())
		return 0
	case "healthcheck":
		return healthcheck(ctx, cfg.HTTPAddr, stdout, stderr)
	case "store":
		return storeCLI(cfg, log, rest, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "citebot: unknown command %q\n\n%s", clipName(cmd), usage)
		return 2
	}

	if cmd == "ask" || cmd == "check" {
		// Before the index is loaded: a mistyped flag fails at once.
		if _, err := parseAsk(rest); err != nil {
			fmt.Fprintf(stderr, "citebot: %v\n", err)
			return 2
		}
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	b, err := newBot(cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "citebot: %v\n", err)
		return 1
	}
	defer b.Close()
	b.logOut = logOut

	if cmd == "answers" || cmd == "factcards" || cmd == "unanswered" {
		stdout = console.PlainWriter(stdout) // what moderators and askers wrote reaches a terminal
	}
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
		if len(gs) == 0 {
			fmt.Fprintln(stderr, "No questions are waiting: the queue of questions the bot could not answer is empty.")
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

// escapeControls writes the C1 control characters and DEL of a line of
// JSON as \u escapes, as encoding/json writes those of C0: the values read
// back the same (a quote is never altered), and a terminal shown the line
// never acts on them.
func escapeControls(line []byte) []byte {
	if !bytes.ContainsFunc(line, func(r rune) bool { return r == 0x7f || (r >= 0x80 && r < 0xa0) }) {
		return line
	}
	var out bytes.Buffer
	for _, r := range string(line) {
		if r == 0x7f || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&out, `\u%04x`, r)
			continue
		}
		out.WriteRune(r)
	}
	return out.Bytes()
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
	// Translation is the quote in the reply's language, when the document
	// has a translation into it.
	Translation *jsonTranslation `json:"translation,omitempty"`
}

type jsonTranslation struct {
	Lang   string `json:"lang"`
	Text   string `json:"text"`
	By     string `json:"by"`
	Status string `json:"status"`
}

func citationJSON(c answers.Citation) jsonCitation {
	j := jsonCitation{ID: c.ID, Doc: c.Doc, Title: c.Title, Publisher: c.Publisher, Date: c.Date, Paragraph: c.Paragraph, Quote: c.Quote}
	if t := c.Translation; t != nil {
		j.Translation = &jsonTranslation{Lang: t.Lang, Text: t.Text, By: t.By, Status: t.Status}
	}
	return j
}

// askCLI answers the question in args, or each line of stdin when there
// is none. With --conversation, consecutive lines are the turns of one
// conversation, and a blank line ends it.
func (b *Bot) askCLI(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, err := parseAsk(args)
	if err != nil {
		fmt.Fprintf(stderr, "citebot: %v\n", err)
		return 2
	}
	asJSON, talk, check, words := opts.json, opts.conversation, opts.check, opts.words
	if len(words) == 0 && isTerminal(stdin) {
		// Nothing to answer yet: say what is awaited rather than sit silent.
		what := "question"
		if check {
			what = "claim"
		}
		fmt.Fprintf(stderr, "Type a %s and press Enter, one a line; Ctrl-D ends. (Or give it after the command: bot %s WORDS…)\n", what, map[bool]string{false: "ask", true: "check"}[check])
		if talk {
			fmt.Fprintln(stderr, "Lines one after another are the turns of one conversation; an empty line starts a new one.")
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
		if opts.lang != "" {
			a.Lang = opts.lang // the asker's choice wins over the question's
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
			j.Citations = append(j.Citations, citationJSON(c))
		}
		if a.Lead != nil { // the opening of a list: shown, so cited, after the items that answer
			j.Citations = append(j.Citations, citationJSON(*a.Lead))
		}
		var line bytes.Buffer
		enc := json.NewEncoder(&line)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(j); err != nil {
			return err
		}
		_, err = out.Write(escapeControls(line.Bytes()))
		return err
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

// askOptions are the arguments of bot ask and bot check.
type askOptions struct {
	json, conversation bool
	check              bool // bot check: each question is a claim to check
	words              []string
	// lang is the reply language --lang chose ("": each question's own).
	lang string
}

// parseAsk reads the arguments of bot ask (and bot check, which adds
// --check): flags may stand anywhere among the question's words, and "--"
// ends them, so that a question may begin with a dash. A word like "-5"
// or "-" is not a flag; any other word with a leading dash is one, and an
// unknown flag is an error rather than a word of the question.
func parseAsk(args []string) (askOptions, error) {
	var o askOptions
	flags := map[string]*bool{"json": &o.json, "conversation": &o.conversation, "check": &o.check}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			o.words = append(o.words, args[i+1:]...)
			break
		}
		name, ok := flagName(a)
		if !ok {
			o.words = append(o.words, a)
			continue
		}
		if name, value, ok := strings.Cut(name, "="); name == "lang" {
			// --lang CODE or --lang=CODE
			if !ok {
				if i+1 == len(args) {
					return askOptions{}, errors.New("--lang needs a language: en (english), de (german), fa (dari, persian), ps (pashto) or auto")
				}
				i++
				value = args[i]
			}
			code, known := parseLang(value)
			if !known {
				return askOptions{}, fmt.Errorf("I don't know the language %q: --lang takes en (english), de (german), fa (dari, persian), ps (pashto) or auto", adapters.Clip(value, 32))
			}
			o.lang = code
			continue
		}
		set, known := flags[name]
		if !known {
			return askOptions{}, fmt.Errorf("unknown flag %s: bot ask takes --json, --conversation and --lang (write -- before a question that begins with a dash)", adapters.Clip(a, 40))
		}
		*set = true
	}
	return o, nil
}

// flagName is the name of a flag written -name or --name, and whether a
// is one: a dash or two, then a letter.
func flagName(a string) (string, bool) {
	name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
	if name == a || name == "" || !unicode.IsLetter([]rune(name)[0]) {
		return "", false
	}
	return name, true
}

// evalDir holds the labelled sets `bot eval` runs when none is named.
const evalDir = "answers/testdata"

// evalCLI scores labelled sets (every set of evalDir, or those named) and
// prints a table of their figures. Misses are printed, one per line before
// the table, for a set named alone or with --misses; never for a fresh set,
// whose questions nobody may read while changing the engine.
func (b *Bot) evalCLI(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	showMisses, rules, baseline := false, false, false
	var paths []string
	modelFile := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch a {
		case "--misses", "-misses":
			showMisses = true
		case "--fitted", "-fitted": // the default
		case "--rules", "-rules":
			rules = true
		case "--model", "-model":
			if i+1 == len(args) {
				fmt.Fprintln(stderr, "citebot: eval: --model needs a file: bot eval --model model.json")
				return 2
			}
			i++
			modelFile = args[i]
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
	engines := &evalEngines{own: b.live.Load().store, baseline: baseline, rules: rules}
	if modelFile != "" {
		m, err := evalModel(modelFile)
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

// evalModel is the model in file.
func evalModel(file string) (*answers.Model, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return answers.LoadModel(b)
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

// logWriter is where the log goes: standard error, kept off the console's
// prompt while one waits for input on a terminal.
type logWriter struct {
	w    io.Writer
	term atomic.Pointer[console.Terminal] // the console's, while it runs on a terminal
}

// Write writes one log line (slog writes each record whole).
func (l *logWriter) Write(p []byte) (n int, err error) {
	t := l.term.Load()
	if t == nil {
		return l.w.Write(p)
	}
	t.Interrupt(func() { n, err = l.w.Write(p) })
	return n, err
}

// newLogger logs text to a terminal and JSON elsewhere (a service's
// journal, a log collector).
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	out := w
	if l, ok := w.(*logWriter); ok {
		out = l.w
	}
	if f, ok := out.(*os.File); ok && isTerminal(f) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
