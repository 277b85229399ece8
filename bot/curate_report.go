package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"citebot/adapters"
	"citebot/curated"
)

// What /answers and /factcards in chat, and bot answers and bot factcards
// in a terminal, say of a change: the two kinds of curated item read alike.

// curatedKind is how one kind of curated item is named and described to
// moderators.
type curatedKind[T any] struct {
	noun     string // "entry"
	gone     string // what undoing its adding leaves: "is gone again"
	id       func(T) string
	describe func(T) []string
}

var (
	entryKind = curatedKind[curated.Entry]{noun: "entry", gone: "is gone again", id: entryID, describe: describeEntry}
	cardKind  = curatedKind[curated.Card]{noun: "card", gone: "is gone from the file again", id: cardID, describe: describeCard}
)

// changedReply shows the item add or edit made, under lead ("Added:"), or
// says why nothing was changed and how the command is written.
func (k curatedKind[T]) changedReply(lead string, it T, err error, usage string) adapters.Reply {
	if err != nil {
		return notice("Nothing was changed: "+forModerators(err).Error()+".", usage)
	}
	return notice(append([]string{lead}, k.describe(it)...)...)
}

// undoReply says what undo did: the item as it is now, or that it is gone.
func (k curatedKind[T]) undoReply(ch curated.Change[T], err error) adapters.Reply {
	switch {
	case err != nil:
		return notice("Nothing was changed: " + forModerators(err).Error() + ".")
	case ch.After == nil:
		return notice(fmt.Sprintf("Undone: %s %s %s.", k.noun, k.id(*ch.Before), k.gone))
	}
	return notice(append([]string{"Undone; the " + k.noun + " is now:"}, k.describe(*ch.After)...)...)
}

// curateCLI is where bot answers and bot factcards write: what they did to
// stdout, errors and usage to stderr. They exit with 1 when a change is
// refused and 2 when the command is written wrong.
type curateCLI struct {
	stdout, stderr io.Writer
	usage          string
}

// splitVerb splits a command's arguments into its verb, list when there
// is none, and the rest.
func splitVerb(args []string) (string, []string) {
	if len(args) == 0 {
		return "list", nil
	}
	return args[0], args[1:]
}

func (t curateCLI) print(lines ...string) {
	for _, l := range lines {
		fmt.Fprintln(t.stdout, l)
	}
}

func (t curateCLI) fail(err error) int {
	fmt.Fprintf(t.stderr, "citebot: %v\n", err)
	return 1
}

// misuse shows how the command is written.
func (t curateCLI) misuse() int {
	fmt.Fprint(t.stderr, t.usage)
	return 2
}

// oneID is the only argument of show, remove and the like.
func oneID(args []string) (string, bool) {
	if len(args) != 1 {
		return "", false
	}
	return args[0], true
}

// editID takes the ID edit's flags follow; add has none.
func editID(verb string, args []string) (id string, rest []string, ok bool) {
	if verb != "edit" {
		return "", args, true
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return "", nil, false
	}
	return args[0], args[1:], true
}

// flags is the flag set of add or edit, which reports its errors on stderr.
func (t curateCLI) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(t.stderr)
	return fs
}

// printChange prints the item add or edit made, then "added ID" or
// "changed ID" (the id is the last word, for scripts); or why nothing was.
func (k curatedKind[T]) printChange(t curateCLI, verb string, it T, err error) int {
	done := map[string]string{"add": "added", "edit": "changed"}[verb]
	if err != nil {
		return t.fail(fmt.Errorf("nothing was %s: %w", done, forModerators(err)))
	}
	t.print(k.describe(it)...)
	fmt.Fprintf(t.stdout, "%s %s\n", done, k.id(it))
	return 0
}

// printUndo prints what undo did: the item as it is now, or that it is gone.
func (k curatedKind[T]) printUndo(t curateCLI, ch curated.Change[T], err error) int {
	switch {
	case err != nil:
		return t.fail(fmt.Errorf("nothing was undone: %w", forModerators(err)))
	case ch.After == nil:
		fmt.Fprintf(t.stdout, "undone: %s %s %s\n", k.noun, k.id(*ch.Before), k.gone)
	default:
		t.print(k.describe(*ch.After)...)
		fmt.Fprintf(t.stdout, "undone: %s\n", k.id(*ch.After))
	}
	return 0
}
