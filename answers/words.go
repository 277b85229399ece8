package answers

import (
	_ "embed"
	"strconv"

	"citebot/internal/wordlists"
)

// The English words the engine reads by live in words.txt, as data: a list
// is changed there, never in Go.

//go:embed words.txt
var wordsText string

// wordLists are words.txt's lists by name.
var wordLists = wordlists.MustParse("answers/words.txt", wordsText)

func wordList(name string) []string         { return wordLists.List(name) }
func wordSet(name string) map[string]bool   { return wordLists.Set(name) }
func wordMap(name string) map[string]string { return wordLists.Map(name) }
func cueList(name string) cues              { return newCues(wordList(name)...) }

// wordNumbers is the list name of "word => number" entries as a map.
func wordNumbers(name string) map[string]int {
	out := make(map[string]int)
	for w, n := range wordMap(name) {
		v, err := strconv.Atoi(n)
		if err != nil {
			panic("answers: words.txt: " + name + ": " + w + " => " + n + " is no number")
		}
		out[w] = v
	}
	return out
}
