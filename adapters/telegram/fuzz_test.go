package telegram

import (
	"strings"
	"testing"
	"unicode/utf8"

	"citebot/adapters"
)

// FuzzRender: whatever the reply holds (user text, source text with markup,
// any length), every message is valid UTF-8 within Telegram's limit, and no
// "<" of the text reaches the HTML unescaped.
func FuzzRender(f *testing.F) {
	f.Add("The source says:", "over 2.6 million <b>Afghans</b> & @everyone", "Title", 2)
	f.Add("", strings.Repeat("long quote ", 900), "", 0)
	f.Add("\u202e bidi \x00 ctrl", "\xff\xfe invalid", "<i>title</i>", -1)
	f.Fuzz(func(t *testing.T, text, quote, title string, n int) {
		blocks := []adapters.Block{{Kind: adapters.Text, Text: text}, {Kind: adapters.Item, Text: text}}
		for range min(max(n, 1), 5) {
			blocks = append(blocks, adapters.Block{Kind: adapters.Quote, Text: quote,
				Cite: &adapters.Citation{ID: "r#1", Title: title, Paragraph: n}})
		}
		for _, m := range Render(adapters.Reply{Blocks: blocks}) {
			if !utf8.ValidString(m) {
				t.Fatalf("invalid UTF-8 in %q", m)
			}
			if utf8.RuneCountInString(m) > maxMessage {
				t.Fatalf("message of %d characters", utf8.RuneCountInString(m))
			}
			stripped := m
			for _, tag := range []string{"<blockquote>", "</blockquote>", "<b>", "</b>", "<i>", "</i>", "<code>", "</code>"} {
				stripped = strings.ReplaceAll(stripped, tag, "")
			}
			if strings.Contains(stripped, "<") {
				t.Fatalf("unescaped < in %q", m)
			}
		}
	})
}
