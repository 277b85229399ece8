package telegram

import (
	"html"
	"regexp"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"citebot/adapters"
	"citebot/internal/golden"
	"citebot/internal/tgemulator"
)

const messageBreak = "\n----- next message -----\n"

var tagPattern = regexp.MustCompile(`</?([a-z]+)>`)

// checkHTML fails unless msg is what Telegram accepts from us: within the
// length limit, well-formed HTML as Telegram reads it (balanced tags, every
// "&" the start of an entity, so no text was cut inside one or left
// unescaped), and of the tags only <blockquote> and <i>.
func checkHTML(t *testing.T, msg string) {
	t.Helper()
	if n := adapters.UTF16Len(msg); n > maxMessage {
		t.Errorf("message is %d UTF-16 units long, over Telegram's %d", n, maxMessage)
	}
	if _, err := tgemulator.Shown(msg); err != nil {
		t.Errorf("Telegram would refuse %q: %v", msg, err)
	}
	for _, m := range tagPattern.FindAllStringSubmatch(msg, -1) {
		if m[1] != "blockquote" && m[1] != "i" {
			t.Errorf("unexpected tag %s", m[0])
		}
	}
}

// shown is what a user reads: the messages without tags, entities decoded.
func shown(msgs []string) string {
	return html.UnescapeString(tagPattern.ReplaceAllString(strings.Join(msgs, "\n"), ""))
}

func TestRender(t *testing.T) {
	long := func(n int, word string) string { return strings.TrimSpace(strings.Repeat(word+" ", n/(len(word)+1))) }
	tests := []struct {
		name  string
		reply adapters.Reply
		parts int
	}{
		{
			name: "answer",
			reply: adapters.Reply{Answered: true, ID: "0123456789ab", Blocks: []adapters.Block{
				{Kind: adapters.Quote, Text: "The warning comes as new United Nations data reveals that over 2.6 million Afghans have been deported or returned from neighboring countries in 2025 alone, primarily from Iran and Pakistan.", Cite: report(2)},
				{Kind: adapters.Text, Text: "Also in the source:"},
				{Kind: adapters.Quote, Text: "“This dangerous rush to forcibly return people to Afghanistan…”", Cite: report(11)},
			}},
			parts: 1,
		},
		{
			name: "list",
			reply: adapters.Reply{Blocks: []adapters.Block{
				{Kind: adapters.Text, Text: "Please type your question in words, for example:"},
				{Kind: adapters.Item, Text: "How many Afghans were sent back in 2025?"},
				{Kind: adapters.Item, Text: "What does Amnesty International call for?"},
			}},
			parts: 1,
		},
		{
			name: "citation_without_publisher_or_date",
			reply: adapters.Reply{Answered: true, Blocks: []adapters.Block{
				{Kind: adapters.Quote, Text: "A quote from a plain file.", Cite: &adapters.Citation{ID: "notes#7", Title: "Notes", Paragraph: 7}},
			}},
			parts: 1,
		},
		{
			name: "quote_without_citation",
			reply: adapters.Reply{Blocks: []adapters.Block{
				{Kind: adapters.Quote, Text: "An uncited quote."},
				{Kind: adapters.Text, Text: "after it"},
			}},
			parts: 1,
		},
		{
			name: "escaped",
			reply: adapters.Reply{Blocks: []adapters.Block{
				{Kind: adapters.Text, Text: "I don't know the command /<b>x</b> & @everyone \u202egnp.exe\u202c ‏"},
				{Kind: adapters.Item, Text: "Tom & Jerry's <i>\"show\"</i> &amp; more"},
				{Kind: adapters.Quote, Text: "Rights & wrongs: <script>alert(1)</script> &lt;already&gt;", Cite: &adapters.Citation{Title: "A <Title> & Co", Publisher: "P&P", Paragraph: 3}},
			}},
			parts: 1,
		},
		{
			name: "split_between_quotes",
			reply: adapters.Reply{Answered: true, Blocks: []adapters.Block{
				{Kind: adapters.Text, Text: "The source says:"},
				{Kind: adapters.Quote, Text: long(1800, "deported"), Cite: report(2)},
				{Kind: adapters.Quote, Text: long(1800, "returned"), Cite: report(3)},
				{Kind: adapters.Quote, Text: long(1800, "families"), Cite: report(4)},
			}},
			parts: 2,
		},
		{
			name: "overlong_quote_clipped",
			reply: adapters.Reply{Answered: true, Blocks: []adapters.Block{
				{Kind: adapters.Quote, Text: strings.Repeat("Rights & wrongs ", 700), Cite: report(5)},
			}},
			parts: 1,
		},
		{
			name:  "empty",
			reply: adapters.Reply{},
			parts: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := Render(tt.reply)
			golden.Check(t, "render_"+tt.name, strings.Join(msgs, messageBreak))
			if len(msgs) != tt.parts {
				t.Errorf("%d messages, want %d", len(msgs), tt.parts)
			}
			for _, m := range msgs {
				checkHTML(t, m)
				if strings.Count(m, "<blockquote>") != strings.Count(m, "<i>— ") && !strings.Contains(tt.name, "without_citation") {
					t.Errorf("a quote without its citation in the same message:\n%s", m)
				}
			}
			seen := shown(msgs)
			for _, bl := range tt.reply.Blocks {
				want := clean(bl.Text, bl.Kind != adapters.Quote)
				if len(want) > maxMessage {
					want = want[:maxMessage/2] // clipped: most of it must be there
				}
				if !strings.Contains(seen, want) {
					t.Errorf("the user does not see %q", adapters.Clip(want, 80))
				}
			}
		})
	}
}

func TestRenderSplitsNeverInsideAQuote(t *testing.T) {
	var blocks []adapters.Block
	var quotes []string
	for i := range 12 {
		q := strings.Repeat(strings.Repeat("x", i+1)+" & ", 60)
		quotes = append(quotes, q)
		blocks = append(blocks, adapters.Block{Kind: adapters.Quote, Text: q, Cite: report(i + 1)})
	}
	msgs := Render(adapters.Reply{Blocks: blocks})
	if len(msgs) < 2 {
		t.Fatalf("%d messages, want a split", len(msgs))
	}
	for _, m := range msgs {
		checkHTML(t, m)
		if !strings.Contains(m, "Dawat Media Center") {
			t.Errorf("a message after a split cites only by paragraph; the reader cannot tell the source:\n%.200s", m)
		}
	}
	for _, q := range quotes {
		n := 0
		for _, m := range msgs {
			n += strings.Count(m, "<blockquote>"+html.EscapeString(q)+"</blockquote>")
		}
		if n != 1 {
			t.Errorf("quote of %d bytes appears whole %d times, want once", len(q), n)
		}
	}
}

func TestRenderCountsUTF16(t *testing.T) {
	// Emoji take two UTF-16 units each: 3,000 of them are 6,000 units,
	// over the limit though only 3,000 characters.
	msgs := Render(adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Quote, Text: strings.Repeat("😀", 3000), Cite: report(1)}}})
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	checkHTML(t, msgs[0])
	if !strings.Contains(msgs[0], "…</blockquote>") {
		t.Errorf("an over-long quote is not marked as clipped")
	}
}

func TestFeedbackData(t *testing.T) {
	kb := feedbackKeyboard("0123456789ab")
	if kb == nil || len(kb.InlineKeyboard) != 1 || len(kb.InlineKeyboard[0]) != 2 {
		t.Fatalf("keyboard %+v", kb)
	}
	up, down := kb.InlineKeyboard[0][0], kb.InlineKeyboard[0][1]
	if up.Text != "👍" || *up.CallbackData != "fb:up:0123456789ab" || down.Text != "👎" || *down.CallbackData != "fb:down:0123456789ab" {
		t.Errorf("buttons %s %s / %s %s", up.Text, *up.CallbackData, down.Text, *down.CallbackData)
	}
	if feedbackKeyboard("") != nil || feedbackKeyboard(strings.Repeat("a", 60)) != nil {
		t.Error("a keyboard for no id, or for one too long for Telegram's 64 bytes of callback data")
	}
	for data, want := range map[string]string{
		"fb:up:0123456789ab":   "up 0123456789ab",
		"fb:down:0123456789ab": "down 0123456789ab",
		"fb:sideways:1":        "",
		"fb:up:":               "",
		"xx:up:1":              "",
		"fb:up:a b":            "",
	} {
		vote, id, ok := parseFeedback(data)
		if got := strings.TrimSpace(vote + " " + id); (ok && got != want) || (!ok && want != "") {
			t.Errorf("parseFeedback(%q) = %q, %v; want %q", data, got, ok, want)
		}
	}
}

func TestCheckQuery(t *testing.T) {
	for _, tt := range []struct {
		query, claim string
		ok           bool
	}{
		{"check 5 million were deported", "5 million were deported", true},
		{"/check 5 million were deported", "5 million were deported", true},
		{"Check   5 million", "5 million", true},
		{"check", "", false},
		{"check   ", "", false},
		{"checkpoints at the border", "", false},
		{"women", "", false},
	} {
		t.Run(tt.query, func(t *testing.T) {
			if claim, ok := checkQuery(tt.query); claim != tt.claim || ok != tt.ok {
				t.Errorf("checkQuery(%q) = %q, %v; want %q, %v", tt.query, claim, ok, tt.claim, tt.ok)
			}
		})
	}
}

// dariReply is a reply whose own words are Dari: an English quote and
// English words read from the question sit inside right-to-left text.
var dariReply = adapters.Reply{Answered: true, ID: "0123456789ab", Lang: "fa", Blocks: []adapters.Block{
	{Kind: adapters.Text, Text: "منبع می‌گوید:"},
	{Kind: adapters.Quote, Text: "The warning comes as new United Nations data reveals that over 2.6 million Afghans have been deported or returned from neighboring countries in 2025 alone, primarily from Iran and Pakistan.", Cite: report(2)},
	{Kind: adapters.Text, Text: "سؤال شما را این‌طور خواندم: how many people sent back"},
}}

// TestRenderRightToLeft: in a Dari reply the quote and its citation are
// isolated whole, and the English words inside the bot's Dari sentence
// keep their order; nothing is overridden, and an English reply gets no
// isolates at all.
func TestRenderRightToLeft(t *testing.T) {
	msgs := Render(dariReply)
	golden.Check(t, "render_dari", strings.Join(msgs, messageBreak))
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(msgs))
	}
	m := msgs[0]
	checkHTML(t, m)
	for _, want := range []string{
		"منبع می‌گوید:",
		"<blockquote>\u2068" + dariReply.Blocks[1].Text + "\u2069</blockquote>",
		"<i>— \u2068Dawat Media Center, ¶2, 16 December 2025\u2069</i>",
		"سؤال شما را این‌طور خواندم: \u2068how many people sent back\u2069",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("the message lacks %q:\n%s", want, m)
		}
	}
	if strings.ContainsFunc(m, func(r rune) bool { return r >= '\u202a' && r <= '\u202e' }) {
		t.Errorf("a bidi override in %q", m)
	}
	english := dariReply
	english.Lang = "en"
	if got := strings.Join(Render(english), ""); strings.ContainsAny(got, "\u2068\u2069") {
		t.Errorf("an English reply got isolates: %q", got)
	}
}

// TestVerdictCardRightToLeft: a verdict card in Dari isolates the English
// quote and its citation inside the right-to-left text, as a reply does.
func TestVerdictCardRightToLeft(t *testing.T) {
	r := adapters.Reply{Lang: "fa", Blocks: []adapters.Block{
		{Kind: adapters.Text, Text: "نه، منبع چیز دیگری می‌گوید:"},
		{Kind: adapters.Quote, Text: "over 2.6 million Afghans have been deported", Cite: report(2)},
	}}
	res := verdictResults(r)
	if len(res) != 1 {
		t.Fatalf("%d results, want the verdict card", len(res))
	}
	art := res[0].(tgbotapi.InlineQueryResultArticle)
	msg := art.InputMessageContent.(tgbotapi.InputTextMessageContent).Text
	if !strings.Contains(msg, "\u2068") || !strings.Contains(msg, "\u2069") {
		t.Errorf("the Dari verdict card has no isolates:\n%q", msg)
	}
	if want := Render(r)[0]; msg != want {
		t.Errorf("the card sends\n%q\nwant what the reply renders\n%q", msg, want)
	}
}

// TestLongTitleKeepsTheQuote: a document whose title runs to thousands of
// characters (a moderator pasted a paragraph into its title) still gets
// answers Telegram accepts, the quote shown whole and the citation clipped.
func TestLongTitleKeepsTheQuote(t *testing.T) {
	title := strings.Repeat("A very long title ", 300)
	quote := "over 2.6 million Afghans have been deported or returned"
	for _, lang := range []string{"en", "fa"} {
		msgs := Render(adapters.Reply{Lang: lang, Blocks: []adapters.Block{
			{Kind: adapters.Text, Text: "The source says:"},
			{Kind: adapters.Quote, Text: quote, Cite: &adapters.Citation{ID: "r#2", Title: title, Paragraph: 2}},
		}})
		for _, m := range msgs {
			checkHTML(t, m)
		}
		if got := shown(msgs); !strings.Contains(got, quote) || !strings.Contains(got, "A very long title") {
			t.Errorf("%s: shown %q, want the whole quote and the start of the title", lang, got)
		}
	}
}
