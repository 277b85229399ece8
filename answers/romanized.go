package answers

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"citebot/index"
)

//go:embed romanized.txt
var romanizedTxt string

// romanized reads Dari, Pashto and Urdu words typed in Latin letters as
// the English words they mean (romanized.txt).
type romanized struct {
	english map[string][]string // phrase, words joined by spaces: its English words (none: dropped)
	native  map[string]bool     // phrases with a word that is not also an English word
	longest int                 // words in the longest phrase
}

var (
	romanOnce  sync.Once
	romanTab   *romanized
	romanError error
)

// romanTable is romanized.txt, read once per process.
func romanTable() (*romanized, error) {
	romanOnce.Do(func() { romanTab, romanError = parseRomanized(romanizedTxt) })
	return romanTab, romanError
}

func parseRomanized(text string) (*romanized, error) {
	r := &romanized{english: map[string][]string{}, native: map[string]bool{}}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("romanized.txt:%d: want \"english = romanized, …\"", n+1)
		}
		en := index.Words(left)
		for _, p := range strings.Split(right, ",") {
			ws := index.Words(p)
			if len(ws) == 0 {
				continue
			}
			key := strings.Join(ws, " ")
			if _, dup := r.english[key]; dup {
				return nil, fmt.Errorf("romanized.txt:%d: %q is given twice", n+1, key)
			}
			r.english[key] = en
			for _, w := range ws {
				r.native[key] = r.native[key] || !isEnglish(w)
			}
			r.longest = max(r.longest, len(ws))
		}
	}
	return r, nil
}

// read replaces the romanized words of ws by their English. A phrase made
// of English words ("log", "band") is read this way only in a message with
// at least two words of the table that are not English.
func (r *romanized) read(ws []string) []string {
	natives := 0
	for _, w := range ws {
		if r.native[w] {
			natives++
		}
	}
	if natives == 0 {
		return ws
	}
	all := natives >= 2
	out := make([]string, 0, len(ws)+4)
	var buf strings.Builder
	for i := 0; i < len(ws); {
		n := min(r.longest, len(ws)-i)
		for ; n >= 1; n-- {
			buf.Reset()
			for k, w := range ws[i : i+n] {
				if k > 0 {
					buf.WriteByte(' ')
				}
				buf.WriteString(w)
			}
			key := buf.String()
			if en, ok := r.english[key]; ok && (all || r.native[key]) {
				out = append(out, en...)
				break
			}
		}
		if n == 0 {
			out = append(out, ws[i])
			n = 1
		}
		i += n
	}
	return out
}
