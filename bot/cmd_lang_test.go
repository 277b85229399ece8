package main

import (
	"cmp"
	"strings"
	"testing"

	"citebot/adapters"
	"citebot/adapters/console"
)

// talk is a user typing line in the chat whose conversation is conv.
func talk(t *testing.T, b *Bot, conv, line string) (adapters.Reply, string) {
	t.Helper()
	cmd, arg := adapters.ParseCommand(line)
	r, err := b.Handler().Handle(t.Context(), adapters.Request{Adapter: "test", Command: cmd, Text: arg, Asker: conv, Conversation: conv})
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	checkQuotes(t, b, r)
	return r, console.Render(r)
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"en", "en", true}, {"English", "en", true},
		{"de", "de", true}, {"german", "de", true}, {"Deutsch", "de", true},
		{"fa", "fa", true}, {"dari", "fa", true}, {"Persian", "fa", true},
		{"ps", "ps", true}, {"PASHTO", "ps", true},
		{"auto", "", true}, {" auto ", "", true},
		{"klingon", "", false}, {"", "", false}, {"en-US", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got, ok := parseLang(tt.in); got != tt.want || ok != tt.ok {
				t.Errorf("parseLang(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestLangCommand: /lang picks the language of the bot's words for the
// conversation, over the question's; auto goes back to the question's; an
// unknown language gets a polite error; another conversation and /forget
// are not held to it.
func TestLangCommand(t *testing.T) {
	b := newTestBot(t)
	const notFoundEN = "what is the capital of France?"
	steps := []struct {
		name, conv, line string
		lang             string   // the reply's language
		says             []string // what the user reads
		never            []string
	}{
		{"english question, no choice", "alice", notFoundEN, "en", []string{"The source does not say."}, nil},
		{"german question answered in german", "alice", "Wie heißt die Hauptstadt von Frankreich?", "de", []string{"Dazu sagt die Quelle nichts.", "Die Quelle behandelt:"}, []string{"The source does not say"}},
		{"choose dari by name", "alice", "/lang Dari", "fa", []string{"از حالا در این گفتگو به دری پاسخ می‌دهم."}, nil},
		{"english question answered in dari", "alice", notFoundEN, "fa", []string{"منبع در این باره چیزی نمی‌گوید."}, []string{"The source does not say"}},
		{"the quote stays the source's words", "alice", "how many afghans were deported in 2025?", "fa", []string{"2.6 million Afghans", "— Dawat Media Center, ¶2"}, nil},
		{"help in dari", "alice", "/help", "fa", []string{"سؤال خود را بنویسید، یا از یک فرمان استفاده کنید:", "/lang <language>: انتخاب زبان پاسخ‌های من"}, nil},
		{"unknown language, told politely in the chosen one", "alice", "/lang klingon", "fa", []string{"زبان «klingon» را نمی‌شناسم.", "auto"}, nil},
		{"another conversation keeps its own", "bob", notFoundEN, "en", []string{"The source does not say."}, nil},
		{"choose german by code", "alice", "/lang de", "de", []string{"Ab jetzt antworte ich in diesem Gespräch auf Deutsch."}, nil},
		{"claim checked in german", "alice", "/check 60% of the deportees are women and children", "de", []string{"Ja, das sagt die Quelle:"}, nil},
		{"auto goes back to the question's", "alice", "/lang auto", "de", []string{"Ich antworte wieder in der Sprache jeder Frage."}, nil},
		{"english again", "alice", notFoundEN, "en", []string{"The source does not say."}, nil},
		{"no language given", "carol", "/lang", "en", []string{"Write /lang and a language: en (English), de (German), fa (Dari), ps (Pashto), or auto"}, nil},
		{"unknown command in the conversation's language", "dave", "/lang ps", "ps", []string{"په پښتو ځواب درکوم"}, nil},
		{"an unknown command", "dave", "/frobnicate", "ps", []string{"کمانډ /frobnicate نه پېژنم."}, nil},
		{"forget ends the choice too", "dave", "/forget", "ps", []string{"هېر شو"}, nil},
		{"after forget, english", "dave", notFoundEN, "en", []string{"The source does not say."}, nil},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			r, got := talk(t, b, st.conv, st.line)
			if r.Lang != st.lang && !(st.lang == "en" && r.Lang == "") {
				t.Errorf("%q: reply in %q, want %q:\n%s", st.line, r.Lang, st.lang, got)
			}
			for _, s := range st.says {
				if !strings.Contains(got, s) {
					t.Errorf("%q: reply does not say %q:\n%s", st.line, s, got)
				}
			}
			for _, s := range st.never {
				if strings.Contains(got, s) {
					t.Errorf("%q: reply says %q:\n%s", st.line, s, got)
				}
			}
		})
	}
}

// TestLangHint: the platform's language setting decides only when the
// words tell nothing: an English question from a German phone is answered
// in English, a bare "UNAMA 2025" in German; a setting the bot does not
// speak is no hint.
func TestLangHint(t *testing.T) {
	b := newTestBot(t)
	tests := []struct {
		name, hint, line, want string
	}{
		{"words win over the hint", "de", "how many people were sent back?", "en"},
		{"german words win over an english phone", "en-US", "Wie heißt die Hauptstadt von Frankreich?", "de"},
		{"no words of a language: the hint", "de-AT", "UNAMA 2025", "de"},
		{"a dari phone asks for help", "fa", "/help", "fa"},
		{"a hint the bot does not speak", "fr", "UNAMA 2025", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, arg := adapters.ParseCommand(tt.line)
			r, err := b.Handler().Handle(t.Context(), adapters.Request{Adapter: "test", Command: cmd, Text: arg, Asker: tt.name, LangHint: tt.hint})
			if err != nil {
				t.Fatal(err)
			}
			if got := cmp.Or(r.Lang, "en"); got != tt.want {
				t.Errorf("%q from a %q phone: reply in %q, want %q:\n%s", tt.line, tt.hint, got, tt.want, console.Render(r))
			}
		})
	}
}

// TestPrivacyInTheConversationsLanguage: /privacy speaks the
// conversation's language, the retention period in its words.
func TestPrivacyInTheConversationsLanguage(t *testing.T) {
	b := newTestBot(t)
	for _, tt := range []struct{ conv, lang string }{{"de", "de"}, {"fa", "fa"}, {"ps", "ps"}, {"en", "en"}} {
		t.Run(tt.lang, func(t *testing.T) {
			talk(t, b, tt.conv, "/lang "+tt.lang)
			r, got := talk(t, b, tt.conv, "/privacy")
			if r.Lang != tt.lang {
				t.Errorf("/privacy in %q, want %q", r.Lang, tt.lang)
			}
			for _, want := range []string{phrase(tt.lang, "privacy_who"), phrase(tt.lang, "duration_days", 30)} {
				if !strings.Contains(got, want) {
					t.Errorf("/privacy does not say %q:\n%s", want, got)
				}
			}
		})
	}
}
