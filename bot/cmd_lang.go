package main

import (
	"cmp"
	"context"
	"strings"

	"citebot/adapters"
	"citebot/answers"
)

// langNames are the codes and names /lang and bot ask --lang take, each
// to the language code it picks; "auto" ("") goes back to the language of
// each question.
var langNames = map[string]string{
	"en": answers.LangEnglish, "english": answers.LangEnglish,
	"de": answers.LangGerman, "german": answers.LangGerman, "deutsch": answers.LangGerman,
	"fa": answers.LangDari, "dari": answers.LangDari, "persian": answers.LangDari, "farsi": answers.LangDari,
	"ps": answers.LangPashto, "pashto": answers.LangPashto, "pushto": answers.LangPashto,
	"auto": "",
}

// parseLang reads a language as /lang and --lang take it, a code or a
// name in any case: its code ("" for auto), and whether it is one.
func parseLang(s string) (string, bool) {
	code, ok := langNames[strings.ToLower(strings.TrimSpace(s))]
	return code, ok
}

func (b *Bot) langCommand() Command {
	return Command{
		Name: "lang",
		Args: "<language>",
		Help: "Choose the language of my replies: en, de, fa, ps, or auto.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			lang := b.langOf(req)
			if strings.TrimSpace(req.Text) == "" {
				return langNotice(lang, phrase(lang, "lang_usage")), nil
			}
			code, ok := parseLang(req.Text)
			if !ok {
				return langNotice(lang, phrase(lang, "lang_unknown", adapters.Clip(strings.TrimSpace(req.Text), 32)), phrase(lang, "lang_usage")), nil
			}
			if req.Conversation == "" {
				// Nothing to keep the choice in: a question alone.
				return langNotice(lang, phrase(lang, "lang_usage")), nil
			}
			b.convs.choose(req.Conversation, code)
			if code == "" {
				return langNotice(lang, phrase(lang, "lang_auto")), nil
			}
			return langNotice(code, phrase(code, "lang_set")), nil
		},
	}
}

// langNotice is a notice whose words are in lang.
func langNotice(lang string, lines ...string) adapters.Reply {
	r := notice(lines...)
	r.Lang = lang
	return r
}

// langOf is the language the bot's own words take in a reply to req that
// is no answer (a command's): the one chosen with /lang in its
// conversation, else that of the conversation's last question, else
// English.
func (b *Bot) langOf(req adapters.Request) string {
	if req.Conversation == "" {
		return cmp.Or(hintLang(req.LangHint), answers.LangEnglish)
	}
	if l := b.convs.chosen(req.Conversation); l != "" {
		return l
	}
	if l := b.convs.take(req.Conversation).Lang(); l != "" {
		return l
	}
	return cmp.Or(hintLang(req.LangHint), answers.LangEnglish)
}

// hintLang is the language the bot speaks that a platform's language
// setting names ("de-AT": "de"), or "".
func hintLang(hint string) string {
	base, _, _ := strings.Cut(strings.ToLower(hint), "-")
	if !answers.Spoken(base) {
		return ""
	}
	return base
}
