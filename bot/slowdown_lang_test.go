package main

import (
	"context"
	"strings"
	"testing"

	"citebot/adapters"
)

// TestSlowDownInTheAskersLanguage: an asker over the rate limit is told to
// wait in the language of the conversation (here German, its last
// question's), and one with nothing to tell it by in English.
func TestSlowDownInTheAskersLanguage(t *testing.T) {
	b := newTestBot(t, func(c *Config) { c.RateLimit = 1 })
	ask := func(asker, conv, text string) adapters.Reply {
		t.Helper()
		r, err := b.Handler().Handle(context.Background(), adapters.Request{Adapter: "telegram", Asker: asker, Conversation: conv, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	ask("de", "c-de", "Wie viele Afghanen wurden 2025 abgeschoben?")
	r := ask("de", "c-de", "Und wie viele davon waren Frauen?")
	if got := strings.Join(blockTexts(r), "\n"); !strings.Contains(got, "Bitte warten Sie eine Minute") || r.Lang != "de" {
		t.Errorf("German asker over the limit got (lang %q):\n%s", r.Lang, got)
	}
	ask("en", "c-en", "how many afghans were deported in 2025?")
	r = ask("en", "c-en", "and how many were women?")
	if got := strings.Join(blockTexts(r), "\n"); !strings.Contains(got, "Please wait a minute") {
		t.Errorf("English asker over the limit got:\n%s", got)
	}
}

func blockTexts(r adapters.Reply) []string {
	var out []string
	for _, bl := range r.Blocks {
		out = append(out, bl.Text)
	}
	return out
}
