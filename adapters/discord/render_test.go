package discord

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"citebot/internal/golden"

	"github.com/bwmarrin/discordgo"

	"citebot/adapters"
)

// report is a citation as a reply that quotes one document gives it: no
// title (the reply names the document only when it quotes several).
var report = &adapters.Citation{
	ID:        "000_bcd3b0e1b0c25f4c#2",
	Publisher: "Dawat Media Center",
	Date:      "2025-12-16",
	Paragraph: 2,
}

// titled is c naming its document by the short title.
func titled(c *adapters.Citation) *adapters.Citation {
	c.Title = "Amnesty International Demands Global Halt to…"
	return c
}

func cite(n int) *adapters.Citation {
	c := *report
	c.ID = fmt.Sprintf("000_bcd3b0e1b0c25f4c#%d", n)
	c.Paragraph = n
	return &c
}

func quote(text string, c *adapters.Citation) adapters.Block {
	return adapters.Block{Kind: adapters.Quote, Text: text, Cite: c}
}

func text(s string) adapters.Block { return adapters.Block{Kind: adapters.Text, Text: s} }

// sentence is a made-up source sentence of about n bytes.
func sentence(i, n int) string {
	s := fmt.Sprintf("Sentence %d says that", i)
	for len(s) < n {
		s += " returnees face hardship"
	}
	return s + "."
}

// longReply has k quotes of about n bytes each.
func longReply(k, n int) adapters.Reply {
	r := adapters.Reply{Answered: true, ID: "0123456789ab", Blocks: []adapters.Block{text("The key figures:")}}
	for i := 1; i <= k; i++ {
		r.Blocks = append(r.Blocks, quote(sentence(i, n), cite(i)))
	}
	return r
}

var renderCases = []struct {
	name  string
	reply adapters.Reply
}{
	{
		name: "answer",
		reply: adapters.Reply{Answered: true, ID: "0123456789ab", Blocks: []adapters.Block{
			quote("The warning comes as new United Nations data reveals that over 2.6 million Afghans have been deported or returned from neighboring countries in 2025 alone, primarily from Iran and Pakistan.", report),
			text("Also in the source:"),
			quote("“This dangerous rush to forcibly return people to Afghanistan…”", cite(11)),
			text("Note: the report is dated 16 December 2025; “this year” and “now” are read as of then."),
		}},
	},
	{
		name: "notice",
		reply: adapters.Reply{Blocks: []adapters.Block{
			text("Please type your question in words, for example:"),
			{Kind: adapters.Item, Text: "How many Afghans were sent back in 2025?"},
			{Kind: adapters.Item, Text: "What does Amnesty International call for?"},
		}},
	},
	{
		name: "not_found_with_related",
		reply: adapters.Reply{Blocks: []adapters.Block{
			text("The source does not say. It covers: deportations from Iran and Pakistan."),
			text("Related, but not an answer:"),
			quote("Amnesty urged all states to halt deportations.", cite(5)),
		}},
	},
	{
		name: "citation_without_publisher_or_date",
		reply: adapters.Reply{Answered: true, Blocks: []adapters.Block{
			quote("A quote from a plain file.", &adapters.Citation{ID: "notes#7", Title: "Notes", Paragraph: 7}),
		}},
	},
	{
		name: "quote_without_citation",
		reply: adapters.Reply{Blocks: []adapters.Block{
			quote("An uncited quote.", nil),
			text("after it"),
		}},
	},
	{
		name: "two_documents",
		// A reply that quotes two documents names each by its short title.
		reply: adapters.Reply{Answered: true, Blocks: []adapters.Block{
			quote("First document's words.", titled(cite(2))),
			quote("Second document's words.", &adapters.Citation{ID: "unhcr#4", Title: "UNHCR update", Publisher: "UNHCR", Date: "2025-11-02", Paragraph: 4}),
			quote("First document again.", titled(cite(9))),
		}},
	},
	{
		name: "markdown_and_mentions",
		reply: adapters.Reply{Answered: true, Blocks: []adapters.Block{
			text("I have no passage \"**bold** <@&42> @everyone\"."),
			quote("*stars* _under_ ~~strike~~ `code` ||spoiler|| \\back [link](https://example.org) <@123> <#456> <:e:789> @everyone @here\n> not a quote\n# not a heading\n-# not subtext\n- not a list\n12. not a list", report),
		}},
	},
	{
		name:  "long_reply",
		reply: longReply(30, 450),
	},
	{
		name: "huge_quote",
		reply: adapters.Reply{Answered: true, Blocks: []adapters.Block{
			text("¶3 of the report:"),
			quote(strings.Repeat("Every word of a very long paragraph is kept in order. ", 120), cite(3)),
		}},
	},
	{
		name:  "empty",
		reply: adapters.Reply{},
	},
}

// wire is what a mention's answer sends: every message of the reply as
// JSON, the feedback buttons on the last.
func wire(t *testing.T, r adapters.Reply) string {
	t.Helper()
	msgs := render(r)
	var out []*discordgo.MessageSend
	for k, m := range msgs {
		out = append(out, m.send(nil, lastComponents(msgs, k, r.ID)))
	}
	return indent(t, out)
}

// indent is v as JSON the way goldens keep it: indented, with <, > and &
// as they are.
func indent(t *testing.T, v any) string {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestRenderGolden(t *testing.T) {
	for _, tt := range renderCases {
		t.Run(tt.name, func(t *testing.T) {
			golden.Check(t, "render_"+tt.name, wire(t, tt.reply))
		})
	}
}

// unescape undoes escape: what Discord shows of escaped text.
var escaped = regexp.MustCompile(`\\([^0-9A-Za-z\s])`)

func unescape(s string) string { return escaped.ReplaceAllString(s, "$1") }

// shown is the text a user reads in a message, markdown escapes undone and
// block-quote marks taken off.
func shown(m message) string {
	var parts []string
	if m.Content != "" {
		parts = append(parts, m.Content)
	}
	for _, e := range m.Embeds {
		parts = append(parts, e.Description)
	}
	var lines []string
	for _, l := range strings.Split(strings.Join(parts, "\n"), "\n") {
		lines = append(lines, unescape(strings.TrimPrefix(l, "> ")))
	}
	return strings.Join(lines, "\n")
}

func TestRenderKeepsLimitsAndQuotes(t *testing.T) {
	cases := append([]struct {
		name  string
		reply adapters.Reply
	}{}, renderCases...)
	for _, n := range []int{50, 300, 1000, 2500, 4000, 4100, 6100} {
		cases = append(cases, struct {
			name  string
			reply adapters.Reply
		}{fmt.Sprintf("quotes of %d bytes", n), longReply(25, n)})
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			msgs := render(tt.reply)
			if len(tt.reply.Blocks) > 0 && len(msgs) == 0 {
				t.Fatal("a reply with blocks rendered to no message")
			}
			all := ""
			for k, m := range msgs {
				if m.Content == "" && len(m.Embeds) == 0 {
					t.Errorf("message %d is empty", k)
				}
				if w := adapters.UTF16Len(m.Content); w > maxContent {
					t.Errorf("message %d: content of %d characters, limit %d", k, w, maxContent)
				}
				if len(m.Embeds) > maxEmbeds {
					t.Errorf("message %d: %d embeds, limit %d", k, len(m.Embeds), maxEmbeds)
				}
				total := 0
				for j, e := range m.Embeds {
					if w := adapters.UTF16Len(e.Description); w > maxDescription {
						t.Errorf("message %d embed %d: description of %d, limit %d", k, j, w, maxDescription)
					}
					total += adapters.UTF16Len(e.Description)
				}
				if total > maxEmbedsTotal {
					t.Errorf("message %d: embeds of %d characters together, limit %d", k, total, maxEmbedsTotal)
				}
				all += shown(m) + "\n"
			}
			// Every block shows, in order; a quote that fits an embed shows
			// whole within one embed.
			at := 0
			for _, b := range tt.reply.Blocks {
				words := strings.Join(strings.Fields(b.Text), " ")
				if words == "" {
					continue
				}
				folded := strings.Join(strings.Fields(all[at:]), " ")
				i := strings.Index(folded, strings.Fields(words)[0])
				if i < 0 {
					t.Fatalf("block %.60q is missing or out of order", b.Text)
				}
				if b.Kind == adapters.Quote && adapters.UTF16Len(quoteBody(b.Text)) < maxDescription-300 {
					if !inOneEmbed(msgs, quoteBody(b.Text)) {
						t.Errorf("quote %.60q is cut between embeds or messages", b.Text)
					}
				}
				if b.Kind == adapters.Quote && !strings.Contains(strings.Join(strings.Fields(all), " "), words) && adapters.UTF16Len(quoteBody(b.Text)) < maxDescription-300 {
					t.Errorf("quote %.60q does not show verbatim", b.Text)
				}
				at += strings.Index(all[at:], strings.Fields(words)[0])
			}
		})
	}
}

func inOneEmbed(msgs []message, body string) bool {
	for _, m := range msgs {
		for _, e := range m.Embeds {
			if strings.Contains(e.Description, body) {
				return true
			}
		}
	}
	return false
}

func TestRenderCitations(t *testing.T) {
	t.Run("each quote with its short citation", func(t *testing.T) {
		msgs := render(adapters.Reply{Answered: true, Blocks: []adapters.Block{quote("One.", report), quote("Two.", cite(11))}})
		d := msgs[0].Embeds[0].Description
		if !strings.Contains(d, "Dawat Media Center, ¶2, 16 December 2025") || !strings.Contains(d, "Dawat Media Center, ¶11, 16 December 2025") {
			t.Errorf("description:\n%s\nwant each quote cited by publisher, paragraph and date", d)
		}
	})
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words, 2.6 million.", "plain words, 2.6 million."},
		{"*bold* _it_ ~~s~~ `c` ||sp||", `\*bold\* \_it\_ \~\~s\~\~ \` + "`c\\`" + ` \|\|sp\|\|`},
		{`a \ b`, `a \\ b`},
		{"> quoted", `\> quoted`},
		{"a > b", "a > b"},
		{"# head", `\# head`},
		{"-# sub", `\-# sub`},
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"12. item", `12\. item`},
		{"12 items", "12 items"},
		{"  > indented", `  \> indented`},
		{"<@123> <@&4> <#5> <:e:6>", `\<@123> \<@&4> \<#5> \<:e:6>`},
		{"[x](https://e.org)", `\[x\](https://e.org)`},
		{"@everyone @here", "@everyone @here"},
		{"line\n> two", "line\n\\> two"},
	}
	for _, tt := range tests {
		if got := escape(tt.in); got != tt.want {
			t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := unescape(escape(tt.in)); got != tt.in {
			t.Errorf("escaped %q shows as %q", tt.in, got)
		}
	}
}

func TestChoices(t *testing.T) {
	var r adapters.Reply
	for i := range 40 {
		r.Blocks = append(r.Blocks, quote(sentence(i, 30+i*10), cite(i+1)))
	}
	r.Blocks = append([]adapters.Block{text("not a card"), quote(r.Blocks[0].Text, cite(1))}, r.Blocks...)
	got := choices(r)
	if len(got) != maxChoices {
		t.Fatalf("%d choices, want %d", len(got), maxChoices)
	}
	seen := map[string]bool{}
	for _, c := range got {
		if n := adapters.UTF16Len(c.Name); n == 0 || n > maxChoiceName {
			t.Errorf("choice name of %d characters: %q", n, c.Name)
		}
		if v, _ := c.Value.(string); v == "" || adapters.UTF16Len(v) > maxChoiceName {
			t.Errorf("choice value %v: want a string of 1 to 100 characters", c.Value)
		}
		if seen[c.Name] {
			t.Errorf("choice %q twice", c.Name)
		}
		seen[c.Name] = true
		if c.Name == "not a card" {
			t.Error("the bot's words became a choice")
		}
	}
	if !strings.HasSuffix(got[len(got)-1].Name, "…") {
		t.Errorf("long quote %q is not clipped with …", got[len(got)-1].Name)
	}
	if empty := choices(adapters.Reply{}); empty == nil || len(empty) != 0 {
		t.Errorf("choices of an empty reply = %#v, want an empty, non-nil list", empty)
	}
}

func TestApplicationCommands(t *testing.T) {
	infos := []adapters.CommandInfo{
		{Name: "ask", Args: "<question>", Help: "Answer a question with quotes from the report."},
		{Name: "fact", Args: "<topic>", Help: "A fact card to share: one quote and its citation."},
		{Name: "figures", Help: "The report's key figures, each cited."},
		{Name: "help", Help: "What I know and the commands."},
		{Name: "privacy", Help: "What the bot keeps: nothing that says who asked."},
		{Name: "source", Args: "[passage]", Help: "The documents I answer from; with a passage (such as ¶2), the whole paragraph."},
		{Name: "start", Help: "What the bot knows."},
		{Name: adapters.CommandCards, Help: "cards"},
		{Name: adapters.CommandFeedback, Args: "up|down <answer id>"},
		{Name: "Bad Name!", Help: "not a Discord name"},
		{Name: "ask", Help: "a duplicate"},
	}
	cmds := applicationCommands(infos)
	golden.Check(t, "commands", indent(t, cmds))
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name)
		if c.Type == discordgo.ChatApplicationCommand && (adapters.UTF16Len(c.Description) < 1 || adapters.UTF16Len(c.Description) > 100) {
			t.Errorf("/%s: description of %d characters, Discord takes 1 to 100", c.Name, adapters.UTF16Len(c.Description))
		}
	}
	if got, want := strings.Join(names, ","), "ask,fact,figures,help,privacy,source,Find in report"; got != want {
		t.Errorf("commands %s, want %s", got, want)
	}
	fact := cmds[1]
	if len(fact.Options) != 1 || fact.Options[0].Name != "topic" || !fact.Options[0].Autocomplete {
		t.Errorf("/fact options %+v, want topic with autocomplete", fact.Options)
	}
	ask := cmds[0]
	if len(ask.Options) != 1 || ask.Options[0].Name != "question" || !ask.Options[0].Required || ask.Options[0].Autocomplete {
		t.Errorf("/ask options %+v, want a required question", ask.Options)
	}
	if src := cmds[5]; len(src.Options) != 1 || src.Options[0].Name != "passage" || src.Options[0].Required {
		t.Errorf("/source options %+v, want an optional passage", src.Options)
	}
	if last := cmds[len(cmds)-1]; last.Type != discordgo.MessageApplicationCommand || last.Description != "" {
		t.Errorf("last command %+v, want the message context menu without description", last)
	}
}

// TestRenderRightToLeft: in a Dari reply each quote is isolated whole, so
// are the citation's names, and the English words inside the bot's Dari
// sentence keep their order; nothing is overridden, and an English reply
// gets no isolates at all.
func TestRenderRightToLeft(t *testing.T) {
	quoted := "The warning comes as new United Nations data reveals that over 2.6 million Afghans have been deported or returned from neighboring countries in 2025 alone, primarily from Iran and Pakistan."
	r := adapters.Reply{Answered: true, ID: "0123456789ab", Lang: "fa", Blocks: []adapters.Block{
		text("منبع می‌گوید:"),
		quote(quoted, report),
		text("سؤال شما را این‌طور خواندم: how many people sent back"),
	}}
	golden.Check(t, "render_dari", wire(t, r))
	var seen strings.Builder
	for _, m := range render(r) {
		seen.WriteString(m.Content)
		for _, e := range m.Embeds {
			seen.WriteString(e.Description + "\n")
		}
	}
	got := seen.String()
	for _, want := range []string{
		"منبع می‌گوید:",
		"> \u2068" + quoted + "\u2069",
		"— \u2068Dawat Media Center\u2069, ¶2, 16 December 2025",
		"سؤال شما را این‌طور خواندم: \u2068how many people sent back\u2069",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the reply lacks %q:\n%s", want, got)
		}
	}
	if strings.ContainsFunc(got, func(r rune) bool { return r >= '\u202a' && r <= '\u202e' }) {
		t.Errorf("a bidi override in %q", got)
	}
	r.Lang = "en"
	if msgs := wire(t, r); strings.ContainsAny(msgs, "\u2068\u2069") {
		t.Errorf("an English reply got isolates: %s", msgs)
	}
}
