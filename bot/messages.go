package main

import (
	_ "embed"
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"citebot/answers"
)

// The bot's own words live in messages.yaml, by message id and language:
// a sentence is changed or translated there, never in Go.

//go:embed messages.yaml
var messagesYAML []byte

// messages are messages.yaml's texts: id, then language.
var messages = func() map[string]map[string]string {
	var m map[string]map[string]string
	if err := yaml.Unmarshal(messagesYAML, &m); err != nil {
		panic("bot: messages.yaml: " + err.Error())
	}
	return m
}()

// phrase is message id in lang (English where the catalogue lacks lang),
// with args filled in as fmt does. (Renderers isolate the English words
// filled into a right-to-left sentence: adapters.IsolateRuns.)
func phrase(lang, id string, args ...any) string {
	m, ok := messages[id]
	if !ok {
		panic("bot: messages.yaml has no message " + id)
	}
	t, ok := m[lang]
	if !ok {
		t = m[answers.LangEnglish]
	}
	if len(args) == 0 {
		return t
	}
	return fmt.Sprintf(t, args...)
}

// humanDate writes a YYYY-MM-DD date in lang as people write it ("16
// December 2025", "16. Dezember 2025"); anything else is returned as it
// is.
func humanDate(lang, d string) string {
	t, err := time.Parse(time.DateOnly, d)
	months := strings.Fields(phrase(lang, "months"))
	if err != nil || len(months) != 12 {
		return d
	}
	return phrase(lang, "date", t.Day(), months[t.Month()-1], t.Year())
}
