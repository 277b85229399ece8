package telegram

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"citebot/adapters"
)

// Telegram's limits on what the bot sends, in UTF-16 code units as Telegram
// counts them (we measure the HTML before Telegram parses it, which is never
// shorter than what Telegram counts).
const (
	maxMessage       = 4096 // one message's text
	maxCallbackText  = 200  // the notice answerCallbackQuery shows
	maxInlineResults = 10
	maxInlineTitle   = 120 // bytes of a quote shown as an inline result's title
	maxInlineDesc    = 200
	maxCallbackData  = 64
)

// maxCite is the most of a message a quote's citation line takes (escaped,
// without its markup), in UTF-16 code units: a document's title may be of
// any length, and the quote keeps most of the message.
const maxCite = 400

// Render writes a reply as Telegram HTML messages, split between blocks so
// that each fits in one message; a quote stays whole with its citation (a
// single quote too long for a message is clipped with "…"). Every piece of
// text is escaped here and nowhere else. A reply with no blocks renders as no
// messages. A reply written right to left (Dari, Pashto) isolates its
// quotes, their citations and the English words inside its own sentences,
// so that each keeps its direction (adapters.IsolateRuns).
func Render(r adapters.Reply) []string {
	return render(r.Blocks, maxMessage, adapters.RightToLeft(r.Lang))
}

func render(blocks []adapters.Block, limit int, rtl bool) []string {
	var msgs []string
	var cur strings.Builder
	prev := adapters.Kind(-1)
	flush := func() {
		if cur.Len() > 0 {
			msgs = append(msgs, cur.String())
		}
		cur.Reset()
		prev = -1
	}
	for _, bl := range blocks {
		if strings.TrimSpace(bl.Text) == "" && bl.Cite == nil {
			continue
		}
		sep := "\n\n"
		if prev == adapters.Item && bl.Kind == adapters.Item {
			sep = "\n"
		}
		piece := renderBlock(bl, limit, rtl)
		if cur.Len() > 0 && adapters.UTF16Len(cur.String())+adapters.UTF16Len(sep)+adapters.UTF16Len(piece) > limit {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteString(sep)
		}
		cur.WriteString(piece)
		prev = bl.Kind
	}
	flush()
	return msgs
}

// renderBlock writes one block as HTML no longer than limit: the bot's words
// as a paragraph, an item behind "• ", a quote in a blockquote with its
// short citation on the line after.
func renderBlock(bl adapters.Block, limit int, rtl bool) string {
	own := func(s string) string {
		s = clean(s, true)
		if rtl {
			s = adapters.IsolateRuns(s)
		}
		return s
	}
	switch bl.Kind {
	case adapters.Quote:
		before, after, cite := "<blockquote>", "</blockquote>", ""
		if bl.Cite != nil {
			// However long a document's title, the citation keeps to
			// maxCite and the quote keeps most of the message.
			c := fit("", clean(bl.Cite.String(), false), "", maxCite)
			if rtl {
				c = adapters.Isolate(c)
			}
			cite = "\n<i>— " + c + "</i>"
		}
		if rtl {
			before, after = before+fsi, pdi+after
		}
		return fit(before, clean(bl.Text, false), after+cite, limit)
	case adapters.Item:
		return fit("• ", own(bl.Text), "", limit)
	default:
		return fit("", own(bl.Text), "", limit)
	}
}

// The isolates around a quote in a reply written right to left.
const fsi, pdi = "\u2068", "\u2069"

// fit escapes text between before and after (both HTML already), clipping
// the text, never the markup, so that the whole is at most limit long: an
// entity such as "&amp;" is never cut, since the text is clipped before it is
// escaped. The clip keeps as much of the text as fits.
func fit(before, text, after string, limit int) string {
	budget := max(limit-adapters.UTF16Len(before)-adapters.UTF16Len(after), 0)
	fits := func(n int) (string, bool) {
		esc := escape(adapters.Clip(text, n))
		return esc, adapters.UTF16Len(esc) <= budget
	}
	if esc, ok := fits(len(text)); ok {
		return before + esc + after
	}
	lo, hi := 0, len(text) // fits(lo) holds, fits(hi) does not
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if _, ok := fits(mid); ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	esc, _ := fits(lo)
	return before + esc + after
}

// escape is the one place text becomes HTML.
func escape(s string) string { return html.EscapeString(s) }

// clean makes text safe to send: valid UTF-8 without control characters
// (Telegram refuses some, and they show as nothing). The bot's own words,
// which may echo what a user typed, also lose bidirectional controls, so
// that no one can make them read backwards; quotes are left as the source
// wrote them (a paragraph ends any embedding, so a quote cannot turn the
// citation after it).
func clean(s string, ownWords bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r):
			return -1
		case ownWords && isBidiControl(r):
			return -1
		}
		return r
	}, s)
}

func isBidiControl(r rune) bool {
	return r == '\u200e' || r == '\u200f' || r == '\u061c' ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// plainText is a reply as one line of plain text at most n bytes long, for
// the notice a button press shows (no HTML there).
func plainText(r adapters.Reply, n int) string {
	var parts []string
	for _, bl := range r.Blocks {
		if t := strings.TrimSpace(clean(bl.Text, bl.Kind != adapters.Quote)); t != "" {
			parts = append(parts, strings.Join(strings.Fields(t), " "))
		}
	}
	return adapters.Clip(strings.Join(parts, " "), n)
}

// feedbackKeyboard is the 👍 / 👎 row under an answer that takes feedback.
func feedbackKeyboard(id string) *tgbotapi.InlineKeyboardMarkup {
	if id == "" || len(feedbackData("down", id)) > maxCallbackData {
		return nil
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("👍", feedbackData("up", id)),
		tgbotapi.NewInlineKeyboardButtonData("👎", feedbackData("down", id)),
	))
	return &kb
}

func feedbackData(vote, id string) string { return "fb:" + vote + ":" + id }

// parseFeedback reads a button's callback data: "fb:up:ID" → ("up", "ID").
func parseFeedback(data string) (vote, id string, ok bool) {
	rest, found := strings.CutPrefix(data, "fb:")
	if !found {
		return "", "", false
	}
	vote, id, found = strings.Cut(rest, ":")
	if !found || (vote != "up" && vote != "down") || id == "" || !utf8.ValidString(id) || strings.ContainsAny(id, " \n") {
		return "", "", false
	}
	return vote, id, true
}

// verdictResults turns a check reply into one inline query result: the
// verdict card, which sends the verdict and the quote that settles it,
// with its citation; none when the reply quotes nothing.
func verdictResults(r adapters.Reply) []any {
	var card []adapters.Block
	for _, bl := range r.Blocks {
		card = append(card, bl)
		if bl.Kind == adapters.Quote {
			break
		}
	}
	if len(card) < 2 || card[0].Kind != adapters.Text || card[len(card)-1].Kind != adapters.Quote || card[len(card)-1].Cite == nil {
		return nil
	}
	msgs := render(card, maxMessage, adapters.RightToLeft(r.Lang))
	if len(msgs) == 0 {
		return nil
	}
	quote := card[len(card)-1]
	sum := sha256.Sum256([]byte("check\x00" + quote.Cite.ID + "\x00" + card[0].Text))
	return []any{article(hex.EncodeToString(sum[:16]), card[0].Text, quote.Text, msgs[0])}
}

// article is an inline query result titled title, described by desc (both
// plain text, clipped), that sends msg (rendered HTML).
func article(id, title, desc, msg string) tgbotapi.InlineQueryResultArticle {
	art := tgbotapi.NewInlineQueryResultArticleHTML(id, adapters.Clip(strings.Join(strings.Fields(clean(title, false)), " "), maxInlineTitle), msg)
	art.Description = adapters.Clip(clean(desc, false), maxInlineDesc)
	art.InputMessageContent = tgbotapi.InputTextMessageContent{Text: msg, ParseMode: tgbotapi.ModeHTML, DisableWebPagePreview: true}
	return art
}

// inlineResults turns a cards reply into inline query results: one article
// per quote, at most ten, titled by the quote, described by its citation,
// and sending the quote with its citation.
func inlineResults(r adapters.Reply) []any {
	var out []any
	seen := map[string]bool{}
	for _, bl := range r.Blocks {
		if bl.Kind != adapters.Quote || bl.Cite == nil || len(out) == maxInlineResults {
			continue
		}
		sum := sha256.Sum256([]byte(bl.Cite.ID + "\x00" + bl.Text))
		id := hex.EncodeToString(sum[:16])
		if seen[id] {
			continue
		}
		seen[id] = true
		msgs := render([]adapters.Block{bl}, maxMessage, false)
		if len(msgs) == 0 {
			continue
		}
		out = append(out, article(id, bl.Text, bl.Cite.String(), msgs[0]))
	}
	return out
}
