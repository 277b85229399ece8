package discord

import (
	"strings"
	"testing"
	"unicode/utf8"

	"citebot/adapters"
)

// FuzzRender: whatever the reply holds, every message keeps Discord's
// limits (content, description, total, number of embeds) and stays valid
// UTF-8.
func FuzzRender(f *testing.F) {
	f.Add("The source says:", "over 2.6 million **Afghans** @everyone <@&123>", "Title", 2)
	f.Add("", strings.Repeat("long quote ", 900), "", 0)
	f.Add("\u202e bidi \x00", "\xff\xfe", "`title`", -1)
	f.Fuzz(func(t *testing.T, text, quote, title string, n int) {
		blocks := []adapters.Block{{Kind: adapters.Text, Text: text}, {Kind: adapters.Item, Text: text}}
		for range min(max(n, 1), 12) {
			blocks = append(blocks, adapters.Block{Kind: adapters.Quote, Text: quote,
				Cite: &adapters.Citation{ID: "r#1", Title: title, Date: "2025-12-16", Paragraph: n}})
		}
		for _, m := range render(adapters.Reply{Blocks: blocks}) {
			if utf8.RuneCountInString(m.Content) > maxContent || !utf8.ValidString(m.Content) {
				t.Fatalf("content of %d characters (valid %v)", utf8.RuneCountInString(m.Content), utf8.ValidString(m.Content))
			}
			if len(m.Embeds) > maxEmbeds {
				t.Fatalf("%d embeds", len(m.Embeds))
			}
			total := 0
			for _, e := range m.Embeds {
				n := utf8.RuneCountInString(e.Description)
				if n > maxDescription || !utf8.ValidString(e.Description) {
					t.Fatalf("description of %d characters", n)
				}
				total += n + utf8.RuneCountInString(e.Title)
				if e.Footer != nil {
					total += utf8.RuneCountInString(e.Footer.Text)
				}
			}
			if total > maxEmbedsTotal {
				t.Fatalf("embeds of %d characters together", total)
			}
		}
	})
}
