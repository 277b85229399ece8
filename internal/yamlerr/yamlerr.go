// Package yamlerr rewrites the errors of decoding a YAML file for the
// people who wrote the file: each problem with its line, fields named as
// they are written, and kinds of value in words ("a list", "a date and
// time") rather than Go types and YAML tags.
//
// It imports the standard library and a YAML parser: nothing of citebot.
package yamlerr

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Kind names a type of the file's data for its readers: what it is ("an
// answer") and the fields it takes, from the type's yaml tags.
type Kind struct {
	goType string
	what   string
	fields []string
}

// KindOf describes T, a struct decoded from YAML, as what.
func KindOf[T any](what string) Kind {
	t := reflect.TypeFor[T]()
	k := Kind{goType: t.String(), what: what}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			k.fields = append(k.fields, name)
		}
	}
	return k
}

var (
	unknownField = regexp.MustCompile(`^line (\d+): field (.+) not found in type (.+)$`)
	wrongType    = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+) (?:`(.*)` )?into (.+)$")
	syntaxLine   = regexp.MustCompile(`^yaml: line (\d+): (.+)$`)
)

// Readable rewrites err, from decoding src, so that it names each
// problem's line and speaks of fields as the file writes them, using kinds
// to name the types. An error it does not know is returned as it is.
func Readable(err error, src []byte, kinds ...Kind) error {
	if err == nil {
		return nil
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, 0, len(te.Errors))
		for _, m := range te.Errors {
			msgs = append(msgs, readableLine(m, kinds))
		}
		return errors.New(strings.Join(msgs, "; "))
	}
	var pe *time.ParseError
	if errors.As(err, &pe) {
		where := ""
		if n := LineOf(src, pe.Value); n > 0 {
			where = fmt.Sprintf("line %d: ", n)
		}
		return fmt.Errorf("%s%q is not a date and time (write it as 2025-12-16T10:00:00Z)", where, pe.Value)
	}
	if m := syntaxLine.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("line %s: %s (look at the indentation, the quotes and the colons from that line on)", m[1], m[2])
	}
	return err
}

// readableLine rewrites one of a yaml.TypeError's lines.
func readableLine(msg string, kinds []Kind) string {
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		k := kindNamed(m[3], kinds)
		if k.what == "" {
			return fmt.Sprintf("line %s: %s is not a field known here", m[1], m[2])
		}
		return fmt.Sprintf("line %s: %s is not a field of %s (its fields are %s)", m[1], m[2], k.what, strings.Join(k.fields, ", "))
	}
	if m := wrongType.FindStringSubmatch(msg); m != nil {
		found := tagWords[m[2]]
		if found == "" {
			found = "a value"
		}
		if m[3] != "" {
			found += " " + strconv.Quote(m[3])
		}
		return fmt.Sprintf("line %s: %s was found where %s belongs", m[1], found, typeWords(m[4], kinds))
	}
	return msg
}

func kindNamed(goType string, kinds []Kind) Kind {
	for _, k := range kinds {
		if k.goType == goType {
			return k
		}
	}
	return Kind{}
}

// tagWords says what a YAML tag is in words.
var tagWords = map[string]string{
	"str":       "text",
	"int":       "a number",
	"float":     "a number",
	"bool":      "true or false",
	"null":      "nothing",
	"seq":       "a list",
	"map":       "a mapping (key: value)",
	"timestamp": "a date",
	"binary":    "binary data",
}

// typeWords says what a Go type the file's value should fit is, in words.
func typeWords(goType string, kinds []Kind) string {
	switch {
	case goType == "string":
		return "text"
	case goType == "bool":
		return "true or false"
	case goType == "time.Time":
		return "a date and time (2025-12-16T10:00:00Z)"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"), strings.HasPrefix(goType, "float"):
		return "a number"
	case strings.HasPrefix(goType, "[]"):
		return "a list of " + plural(typeWords(goType[2:], kinds))
	case strings.HasPrefix(goType, "map["):
		return "a mapping (key: value)"
	}
	if k := kindNamed(goType, kinds); k.what != "" {
		return k.what
	}
	return "something else"
}

// plural says what several of a kind of value are, for "a list of …":
// "text" is "texts", "an answer" "answers", "a cited passage" "cited
// passages".
func plural(s string) string {
	switch s {
	case "text", "a number":
		return strings.TrimPrefix(s, "a ") + "s"
	case "true or false":
		return "true or false values"
	}
	s, _, _ = strings.Cut(s, " (")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "a "), "an ")
	if s == "date and time" {
		return "dates and times"
	}
	if !strings.HasSuffix(s, "s") {
		s += "s"
	}
	return s
}

// LineOf is the line of the first scalar of src whose value is v, 0 when
// there is none.
func LineOf(src []byte, v string) int {
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil {
		return 0
	}
	var find func(n *yaml.Node) int
	find = func(n *yaml.Node) int {
		if n.Kind == yaml.ScalarNode && n.Value == v {
			return n.Line
		}
		for _, c := range n.Content {
			if l := find(c); l > 0 {
				return l
			}
		}
		return 0
	}
	return find(&doc)
}
