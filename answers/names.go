package answers

import (
	"strings"
	"unicode/utf8"

	"citebot/index"
)

// Reading names written in another script: a Dari or Pashto question
// writes "Smriti Singh" as "سمریتي سینګ", which no word table reads. A
// word of Persian or Pashto script the tables leave unread is matched to a
// name the documents write in Latin letters when their consonants agree
// (see name_letters in words.txt).

var (
	nameLetters  = wordMap("name_letters")
	nameDigraphs = wordMap("name_digraphs")
	nameLatin    = wordMap("name_latin")
)

// minNameConsonants is the fewest consonants a name's skeleton has:
// shorter ones match too many words.
const minNameConsonants = 3

// scriptSkeleton is the consonants of a word in Persian or Pashto script.
func scriptSkeleton(w string) string {
	var b strings.Builder
	for _, r := range w {
		b.WriteString(nameLetters[string(r)])
	}
	return squeeze(b.String())
}

// latinSkeleton is the consonants of a word in Latin letters, lower case.
func latinSkeleton(w string) string {
	var b strings.Builder
	for i := 0; i < len(w); {
		if i+2 <= len(w) {
			if c, ok := nameDigraphs[w[i:i+2]]; ok {
				b.WriteString(c)
				i += 2
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		b.WriteString(nameLatin[string(r)])
		i += size
	}
	return squeeze(b.String())
}

// squeeze writes a letter written twice in a row once.
func squeeze(s string) string {
	var b strings.Builder
	var last rune
	for _, r := range s {
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// nameTable maps the skeleton of each word of the documents' names
// (capitalised runs such as "Smriti Singh", not English words) to the
// word; a skeleton two names share maps to "".
func nameTable(passages []*index.Passage) map[string]string {
	out := map[string]string{}
	for _, p := range passages {
		for _, x := range p.Sentences {
			for _, n := range x.Names {
				for _, w := range index.Words(n) {
					sk := latinSkeleton(w)
					if len(sk) < minNameConsonants || isEnglish(w) {
						continue
					}
					if had, ok := out[sk]; ok && had != w {
						out[sk] = ""
						continue
					}
					out[sk] = w
				}
			}
		}
	}
	return out
}

// nameIn is the documents' name a word of Persian or Pashto script
// writes, if any.
func (e *Engine) nameIn(w string) (string, bool) {
	sk := scriptSkeleton(w)
	if len(sk) < minNameConsonants {
		return "", false
	}
	n := e.names[sk]
	return n, n != ""
}

// readNames reads each word of ws in Persian or Pashto script that writes
// a name of the documents as that name ("سینګ": "singh").
func (e *Engine) readNames(ws []string) {
	for i, w := range ws {
		if !foreignScript(w) {
			continue
		}
		if n, ok := e.nameIn(w); ok {
			ws[i] = n
		}
	}
}
