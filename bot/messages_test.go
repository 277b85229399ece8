package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"citebot/adapters"

	"citebot/answers"
)

// The English sentences the bot's tests look for, as the catalogue has
// them (the part before what is filled in).
var (
	leadAnswer      = en("lead_answer")
	leadCurated     = en("lead_curated")
	leadEmpty       = en("lead_empty")
	leadFollowUp    = en("lead_follow_up")
	leadGeneral     = en("lead_general")
	leadNotFound    = en("lead_not_found")
	leadPersonal    = en("lead_personal")
	leadReadAs      = en("lead_read_as")
	leadSupported   = en("lead_supported")
	defaultHelp     = en("default_help")
	contactGroup    = en("contact_group")
	contactPrivate  = en("contact_private")
	contactTerminal = en("contact_terminal")
)

// en is message id in English, cut before its first filling.
func en(id string) string {
	s := messages[id][answers.LangEnglish]
	if i := strings.Index(s, "%"); i >= 0 {
		s = strings.TrimRight(strings.TrimSuffix(s[:i], "“"), " ")
	}
	return s
}

var verb = regexp.MustCompile(`%[a-z]`)

// TestMessages: every message is written in every language the bot
// speaks, with the same fillings in the same order, and without bidi
// overrides.
func TestMessages(t *testing.T) {
	if len(messages) < 30 {
		t.Fatalf("messages.yaml holds %d messages", len(messages))
	}
	for id, m := range messages {
		want := verb.FindAllString(m[answers.LangEnglish], -1)
		for _, lang := range []string{answers.LangEnglish, answers.LangGerman, answers.LangDari, answers.LangPashto} {
			s, ok := m[lang]
			if !ok || strings.TrimSpace(s) == "" {
				t.Errorf("%s: no %s text", id, lang)
				continue
			}
			if got := verb.FindAllString(s, -1); !slices.Equal(got, want) {
				t.Errorf("%s (%s) fills in %v, English %v", id, lang, got, want)
			}
			if strings.ContainsFunc(s, func(r rune) bool { return r >= '\u202a' && r <= '\u202e' }) {
				t.Errorf("%s (%s) holds a bidi override", id, lang)
			}
		}
		for lang := range m {
			if !answers.Spoken(lang) {
				t.Errorf("%s: %s is no language the bot speaks", id, lang)
			}
		}
	}
}

func TestHumanDate(t *testing.T) {
	tests := []struct{ lang, date, want string }{
		{"en", "2025-12-16", "16 December 2025"},
		{"de", "2025-03-01", "1. März 2025"},
		{"fa", "2025-12-16", "16 دسمبر 2025"},
		{"ps", "2025-05-16", "16 مۍ 2025"},
		{"de", "not a date", "not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.date, func(t *testing.T) {
			if got := humanDate(tt.lang, tt.date); got != tt.want {
				t.Errorf("humanDate(%q, %q) = %q, want %q", tt.lang, tt.date, got, tt.want)
			}
			if tt.lang == "en" && humanDate("en", tt.date) != adapters.HumanDate(tt.date) {
				t.Errorf("English dates differ from the renderers'")
			}
		})
	}
}
