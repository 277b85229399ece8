// Package wordlists reads the word lists citebot keeps as data
// (answers/words.txt, index/words.txt): general knowledge of a language,
// changed in those files and never in Go. It imports the standard library
// only.
package wordlists

import (
	"fmt"
	"strings"
)

// Lists are word lists by name.
type Lists map[string][]string

// Parse reads lists: "[name]" starts one; every other line that is not
// blank or a "#" note is an entry of the list before it, white space
// trimmed.
func Parse(text string) (Lists, error) {
	lists := make(Lists)
	name := ""
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			name = line[1 : len(line)-1]
			if _, dup := lists[name]; dup {
				return nil, fmt.Errorf("line %d: list %s again", n+1, name)
			}
			lists[name] = nil
		case name == "":
			return nil, fmt.Errorf("line %d: an entry before any [list]", n+1)
		default:
			lists[name] = append(lists[name], line)
		}
	}
	return lists, nil
}

// MustParse is Parse for text built into the program: an error is a bug.
func MustParse(file, text string) Lists {
	l, err := Parse(text)
	if err != nil {
		panic(file + ": " + err.Error())
	}
	return l
}

// List is the list name; a list the file lacks is a bug.
func (l Lists) List(name string) []string {
	out, ok := l[name]
	if !ok {
		panic("word lists: no list " + name)
	}
	return out
}

// Set is the list name as a set.
func (l Lists) Set(name string) map[string]bool {
	out := make(map[string]bool)
	for _, w := range l.List(name) {
		out[w] = true
	}
	return out
}

// Pair is a "key => value" entry of a list.
type Pair struct{ Key, Value string }

// Pairs is the list name of "key => value" entries, in the file's order
// (the value may be empty); an entry without "=>" is a bug.
func (l Lists) Pairs(name string) []Pair {
	var out []Pair
	for _, e := range l.List(name) {
		k, v, ok := strings.Cut(e, "=>")
		if !ok {
			panic("word lists: " + name + ": " + e + " has no =>")
		}
		out = append(out, Pair{strings.TrimSpace(k), strings.TrimSpace(v)})
	}
	return out
}

// Map is the list name of "key => value" entries as a map; an entry
// without "=>" is a bug.
func (l Lists) Map(name string) map[string]string {
	out := make(map[string]string)
	for _, p := range l.Pairs(name) {
		out[p.Key] = p.Value
	}
	return out
}
