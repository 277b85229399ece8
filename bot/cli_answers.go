package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

// repeated is a flag that may be given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ", ") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

const answersCLIUsage = `Usage:
  bot answers list
  bot answers show ID
  bot answers add --question TEXT [--question TEXT …] --answer TEXT --cite PASSAGE [--cite PASSAGE …] [--lang CODE]
  bot answers edit ID [--question TEXT …] [--answer TEXT] [--cite PASSAGE …] [--lang CODE]
  bot answers remove ID
  bot answers undo
  bot answers stale
A passage is written like 000_bcd3b0e1b0c25f4c#2 (or ¶2 when there is one document).
`

// answersCLI is `bot answers …`: the curated answers from a terminal, which
// is trusted (whoever has the machine has the files). Changes reach a
// running bot on the same data folder within two seconds.
func (b *Bot) answersCLI(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		args = []string{"list"}
	}
	verb, args := args[0], args[1:]
	fail := func(err error) int {
		fmt.Fprintf(stderr, "citebot: %v\n", err)
		return 1
	}
	print := func(lines ...string) {
		for _, l := range lines {
			fmt.Fprintln(stdout, l)
		}
	}
	switch verb {
	case "list":
		entries, err := b.curated.Load()
		if err != nil {
			return fail(err)
		}
		for _, en := range entries {
			q := ""
			if len(en.Questions) > 0 {
				q = en.Questions[0]
			}
			fmt.Fprintf(stdout, "%s\t%s\n", en.ID, q)
		}
		return 0
	case "show":
		if len(args) != 1 {
			fmt.Fprint(stderr, answersCLIUsage)
			return 2
		}
		entries, err := b.curated.Load()
		if err != nil {
			return fail(err)
		}
		for _, en := range entries {
			if en.ID == args[0] {
				print(describeEntry(en)...)
				return 0
			}
		}
		return fail(fmt.Errorf("no entry %q", args[0]))
	case "add", "edit":
		id := ""
		if verb == "edit" {
			if len(args) == 0 || strings.HasPrefix(args[0], "-") {
				fmt.Fprint(stderr, answersCLIUsage)
				return 2
			}
			id, args = args[0], args[1:]
		}
		fs := flag.NewFlagSet("answers "+verb, flag.ContinueOnError)
		fs.SetOutput(stderr)
		var p entryPatch
		var qs, cites repeated
		fs.Var(&qs, "question", "an example question (repeatable)")
		fs.StringVar(&p.Answer, "answer", "", "the answer, in the moderator's words")
		fs.Var(&cites, "cite", "a passage the answer rests on (repeatable)")
		fs.StringVar(&p.Lang, "lang", "", "the answer's language, e.g. en")
		if err := fs.Parse(args); err != nil {
			return 2
		}
		p.Questions, p.Cite = qs, cites
		if verb == "add" {
			en, err := b.curateAdd("terminal", p)
			if err != nil {
				return fail(fmt.Errorf("nothing was added: %w", err))
			}
			print(describeEntry(en)...)
			fmt.Fprintf(stdout, "added %s\n", en.ID) // the id is the last word
			return 0
		}
		en, err := b.curateEdit("terminal", id, p)
		if err != nil {
			return fail(fmt.Errorf("nothing was changed: %w", err))
		}
		print(describeEntry(en)...)
		fmt.Fprintf(stdout, "changed %s\n", en.ID)
		return 0
	case "remove":
		if len(args) != 1 {
			fmt.Fprint(stderr, answersCLIUsage)
			return 2
		}
		en, err := b.curateRemove("terminal", args[0])
		if err != nil {
			return fail(fmt.Errorf("nothing was removed: %w", err))
		}
		fmt.Fprintf(stdout, "removed %s\n", en.ID)
		return 0
	case "undo":
		ch, err := b.curateUndo("terminal")
		if err != nil {
			return fail(err)
		}
		if ch.After == nil {
			fmt.Fprintf(stdout, "undone: entry %s is gone again\n", ch.Before.ID)
		} else {
			print(describeEntry(*ch.After)...)
			fmt.Fprintf(stdout, "undone: %s\n", ch.After.ID)
		}
		return 0
	case "stale":
		for _, s := range b.eng().Stale() {
			fmt.Fprintf(stdout, "%s\t%s\t%s\n", s.Entry.ID, s.CiteID, s.Reason)
		}
		return 0
	}
	fmt.Fprint(stderr, answersCLIUsage)
	return 2
}
