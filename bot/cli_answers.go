package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"citebot/curated"
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
	t := curateCLI{stdout: stdout, stderr: stderr, usage: answersCLIUsage}
	verb, args := splitVerb(args)
	switch verb {
	case "list":
		entries, err := b.curated.Load()
		if err != nil {
			return t.fail(err)
		}
		if len(entries) == 0 {
			// On standard error: a script reading the list reads no line.
			fmt.Fprintln(stderr, "There are no curated answers yet. Add one with: bot answers add --question TEXT --answer TEXT --cite PASSAGE")
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
		id, ok := oneID(args)
		if !ok {
			return t.misuse()
		}
		entries, err := b.curated.Load()
		if err != nil {
			return t.fail(err)
		}
		if i := indexOf(entries, id, entryID); i >= 0 {
			t.print(describeEntry(entries[i])...)
			return 0
		}
		return t.fail(fmt.Errorf("no entry %q", id))
	case "add", "edit":
		id, args, ok := editID(verb, args)
		if !ok {
			return t.misuse()
		}
		fs := t.flags("answers " + verb)
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
		var en curated.Entry
		var err error
		if verb == "add" {
			en, err = b.curateAdd("terminal", p)
		} else {
			en, err = b.curateEdit("terminal", id, p)
		}
		return entryKind.printChange(t, verb, en, err)
	case "remove":
		id, ok := oneID(args)
		if !ok {
			return t.misuse()
		}
		en, err := b.curateRemove("terminal", id)
		if err != nil {
			return t.fail(fmt.Errorf("nothing was removed: %w", err))
		}
		fmt.Fprintf(stdout, "removed %s\n", en.ID)
		return 0
	case "undo":
		ch, err := b.curateUndo("terminal")
		return entryKind.printUndo(t, ch, err)
	case "stale":
		for _, s := range b.eng().Stale() {
			fmt.Fprintf(stdout, "%s\t%s\t%s\n", s.Entry.ID, s.CiteID, s.Reason)
		}
		return 0
	}
	return t.misuse()
}
