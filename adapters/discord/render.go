package discord

import (
	"strings"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"citebot/adapters"
)

// Discord's limits, counted in UTF-16 code units (what Discord counts as
// characters; never fewer than code points, so counting units is safe).
const (
	maxContent     = 2000
	maxDescription = 4096
	maxEmbedsTotal = 6000 // all embeds of one message together
	maxEmbeds      = 10
	maxChoices     = 25
	maxChoiceName  = 100
)

// embedColor sets answers apart from the bot's plain messages.
const embedColor = 0x4F6D8F

// message is one Discord message as users will see it, before it is put in
// whichever envelope (channel message, interaction response, webhook) it
// travels in.
type message struct {
	Content string
	Embeds  []*discordgo.MessageEmbed
}

// render turns a reply into the messages that carry it. A reply that
// quotes the source is an embed: each quote with its short citation
// (publisher, ¶N, date). A reply in the bot's own words only is
// plain content. Messages are split between blocks, never inside a quote,
// unless a single quote is longer than an embed can hold.
//
// A reply written right to left (Dari, Pashto) isolates its quotes, their
// citations and the English words inside its own sentences, so that each
// keeps its direction (adapters.IsolateRuns).
func render(r adapters.Reply) []message {
	blocks := r.Blocks
	if adapters.RightToLeft(r.Lang) {
		blocks = isolated(blocks)
	}
	for _, b := range blocks {
		if b.Kind == adapters.Quote {
			return renderEmbeds(blocks)
		}
	}
	return renderPlain(blocks)
}

// isolated is blocks with their directions isolated, for a reply written
// right to left: the English runs of the bot's words, and every quote and
// citation whole.
func isolated(blocks []adapters.Block) []adapters.Block {
	out := make([]adapters.Block, len(blocks))
	for i, b := range blocks {
		if b.Kind != adapters.Quote {
			b.Text = adapters.IsolateRuns(b.Text)
		} else {
			b.Text = adapters.Isolate(b.Text)
			if b.Cite != nil {
				c := *b.Cite
				c.Title, c.Publisher = adapters.Isolate(c.Title), adapters.Isolate(c.Publisher)
				b.Cite = &c
			}
		}
		out[i] = b
	}
	return out
}

// renderPlain packs the bot's words into messages of at most maxContent.
func renderPlain(blocks []adapters.Block) []message {
	var parts []string
	for _, b := range blocks {
		if strings.TrimSpace(b.Text) == "" {
			continue
		}
		prefix := ""
		if b.Kind == adapters.Item {
			prefix = "• "
		}
		for _, p := range splitRendered(b.Text, maxContent-adapters.UTF16Len(prefix), escape) {
			parts = append(parts, prefix+escape(p))
			prefix = ""
		}
	}
	var out []message
	cur := ""
	for _, p := range parts {
		if cur != "" && adapters.UTF16Len(cur)+1+adapters.UTF16Len(p) > maxContent {
			out = append(out, message{Content: cur})
			cur = ""
		}
		if cur != "" {
			cur += "\n"
		}
		cur += p
	}
	if cur != "" {
		out = append(out, message{Content: cur})
	}
	return out
}

// piece is one block as it shows in an embed's description.
type piece struct{ text string }

func pieces(blocks []adapters.Block) []piece {
	var out []piece
	for _, b := range blocks {
		if strings.TrimSpace(b.Text) == "" {
			continue
		}
		switch b.Kind {
		case adapters.Text:
			for _, p := range splitRendered(b.Text, maxDescription, escape) {
				out = append(out, piece{text: escape(p)})
			}
		case adapters.Item:
			prefix := "• "
			for _, p := range splitRendered(b.Text, maxDescription-adapters.UTF16Len(prefix), escape) {
				out = append(out, piece{text: prefix + escape(p)})
				prefix = ""
			}
		case adapters.Quote:
			out = append(out, quotePieces(b)...)
		}
	}
	return out
}

// quotePieces renders a quote and its short citation line. A quote too
// long for one embed is cut at spaces into consecutive pieces, the
// citation after the last: every word is kept, in order.
func quotePieces(b adapters.Block) []piece {
	cite := ""
	if c := b.Cite; c != nil {
		c := *c
		c.Title = clipUnits(c.Title, maxCiteTitle)
		cite = "\n— " + escape(c.String())
	}
	parts := splitRendered(b.Text, maxDescription-adapters.UTF16Len(cite), quoteBody)
	out := make([]piece, len(parts))
	for i, p := range parts {
		out[i] = piece{text: quoteBody(p)}
	}
	out[len(out)-1].text += cite
	return out
}

// quoteBody sets the source's words apart as a block quote, line by line.
func quoteBody(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, "> "+escape(l))
		}
	}
	return strings.Join(lines, "\n")
}

// maxCiteTitle is the most of a document's title a citation line shows:
// however long the title, the quote keeps most of an embed.
const maxCiteTitle = 300

// messageDraft is a message being filled with embeds, each a description.
type messageDraft struct{ embeds []string }

func (m *messageDraft) total() int {
	n := 0
	for _, e := range m.embeds {
		n += adapters.UTF16Len(e)
	}
	return n
}

// add puts p in the last embed, or in a new one, if the limits allow.
func (m *messageDraft) add(p piece) bool {
	total := m.total()
	if k := len(m.embeds) - 1; k >= 0 {
		n := m.embeds[k] + "\n" + p.text
		if grown := adapters.UTF16Len(n); grown <= maxDescription && total-adapters.UTF16Len(m.embeds[k])+grown <= maxEmbedsTotal {
			m.embeds[k] = n
			return true
		}
	}
	if n := adapters.UTF16Len(p.text); len(m.embeds) < maxEmbeds && n <= maxDescription && total+n <= maxEmbedsTotal {
		m.embeds = append(m.embeds, p.text)
		return true
	}
	return false
}

func renderEmbeds(blocks []adapters.Block) []message {
	var out []message
	cur := &messageDraft{}
	flush := func() {
		if len(cur.embeds) == 0 {
			return
		}
		var msg message
		for _, e := range cur.embeds {
			msg.Embeds = append(msg.Embeds, &discordgo.MessageEmbed{Description: e, Color: embedColor})
		}
		out = append(out, msg)
		cur = &messageDraft{}
	}
	for _, p := range pieces(blocks) {
		if cur.add(p) {
			continue
		}
		flush()
		if !cur.add(p) {
			// pieces are cut to fit an empty embed; this cannot happen,
			// but a reply is better cut than lost.
			p.text = clipUnits(p.text, maxDescription)
			cur.add(p)
		}
	}
	flush()
	return out
}

// escape makes text show as written: Discord's markdown, mentions, custom
// emoji and masked links lose their meaning. Every line is escaped as the
// start of a line, since that is where a renderer may put it.
func escape(s string) string {
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		escapeLine(&b, line)
	}
	return b.String()
}

// inlineMarks are the characters that mean something anywhere in a line:
// emphasis, strike-through, code, spoilers, mentions and emoji (<@…>, <#…>,
// <:…:…>), masked links ([…](…)) and the escape character itself.
const inlineMarks = "\\*_~`|<[]"

func escapeLine(b *strings.Builder, line string) {
	rest := strings.TrimLeftFunc(line, unicode.IsSpace)
	b.WriteString(line[:len(line)-len(rest)])
	// Marks that count only at the start of a line: block quotes, headings,
	// subtext (-#), lists ("- ", "+ ", "1. ").
	switch {
	case rest == "":
	case strings.ContainsRune(">#-+", rune(rest[0])):
		b.WriteByte('\\')
	default:
		digits := strings.TrimLeftFunc(rest, func(r rune) bool { return r >= '0' && r <= '9' })
		if len(digits) < len(rest) && strings.HasPrefix(digits, ".") {
			b.WriteString(rest[:len(rest)-len(digits)])
			b.WriteByte('\\')
			rest = digits
		}
	}
	for _, r := range rest {
		if strings.ContainsRune(inlineMarks, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
}

// clipUnits cuts s to at most n UTF-16 units, adding "…" when it cut.
func clipUnits(s string, n int) string {
	if adapters.UTF16Len(s) <= n {
		return s
	}
	used := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if used+w > n-1 {
			return s[:i] + "…"
		}
		used += w
	}
	return s
}

// splitRendered cuts s at spaces into parts whose rendering by f fits in
// room units; a word longer than room on its own is cut between runes.
func splitRendered(s string, room int, f func(string) string) []string {
	if adapters.UTF16Len(f(s)) <= room {
		return []string{s}
	}
	fits := func(t string) bool { return adapters.UTF16Len(f(t)) <= room }
	var out []string
	words := strings.SplitAfter(s, " ")
	for len(words) > 0 {
		if words[0] == "" { // the rest of a word cut between runes
			words = words[1:]
			continue
		}
		// The most words that fit: a rendering only grows with its text.
		n := longest(len(words), func(k int) bool { return fits(strings.Join(words[:k], "")) })
		if n == 0 {
			w := words[0]
			var starts []int
			for i := range w {
				starts = append(starts, i)
			}
			starts = append(starts, len(w))
			k := max(1, longest(len(starts)-1, func(k int) bool { return fits(w[:starts[k]]) }))
			out = append(out, w[:starts[k]])
			words[0] = w[starts[k]:]
			continue
		}
		if part := strings.TrimRight(strings.Join(words[:n], ""), " "); strings.TrimSpace(part) != "" {
			out = append(out, part)
		}
		words = words[n:]
	}
	return out
}

// longest is the largest k in [0, n] for which ok holds, ok being true up
// to some k and false after.
func longest(n int, ok func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if ok(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// feedbackButtons are the 👍 / 👎 buttons of an answer; the custom ids
// carry the answer's id, never who asked.
func feedbackButtons(id string) []discordgo.MessageComponent {
	if id == "" {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Helpful", Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👍"}, CustomID: feedbackPrefix + "up:" + id},
		discordgo.Button{Label: "Not helpful", Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👎"}, CustomID: feedbackPrefix + "down:" + id},
	}}}
}

const feedbackPrefix = "fb:"

// choices turns fact cards into autocomplete choices: at most 25, each
// named by its quote, clipped to what Discord shows.
func choices(r adapters.Reply) []*discordgo.ApplicationCommandOptionChoice {
	out := []*discordgo.ApplicationCommandOptionChoice{}
	seen := map[string]bool{}
	for _, b := range r.Blocks {
		if len(out) == maxChoices {
			break
		}
		if b.Kind != adapters.Quote {
			continue
		}
		name := adapters.Clip(strings.Join(strings.Fields(b.Text), " "), maxChoiceName)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: name})
	}
	return out
}

// noMentions is the allowed-mentions object every message carries: an
// explicit empty list, so that a quoted @everyone or role pings no one. (A
// nil slice would be sent as null, which Discord reads as the default.)
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// The envelopes a message travels in. Each sets the empty allowed-mentions
// list; components go on the last message of a reply.

func (m message) send(ref *discordgo.MessageReference, comps []discordgo.MessageComponent) *discordgo.MessageSend {
	return &discordgo.MessageSend{Content: m.Content, Embeds: m.embeds(), Components: comps, AllowedMentions: noMentions(), Reference: ref}
}

func (m message) edit(channelID, messageID string, comps []discordgo.MessageComponent) *discordgo.MessageEdit {
	content, embeds := m.Content, m.embeds()
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	return &discordgo.MessageEdit{ID: messageID, Channel: channelID, Content: &content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
}

func (m message) response(flags discordgo.MessageFlags, comps []discordgo.MessageComponent) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		Content: m.Content, Embeds: m.embeds(), Components: comps, AllowedMentions: noMentions(), Flags: flags,
	}}
}

func (m message) followup(flags discordgo.MessageFlags, comps []discordgo.MessageComponent) *discordgo.WebhookParams {
	return &discordgo.WebhookParams{Content: m.Content, Embeds: m.embeds(), Components: comps, AllowedMentions: noMentions(), Flags: flags}
}

func (m message) webhookEdit(comps []discordgo.MessageComponent) *discordgo.WebhookEdit {
	content, embeds := m.Content, m.embeds()
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
}

// embeds is never nil, so that an edit from an embed to plain text clears
// the embed.
func (m message) embeds() []*discordgo.MessageEmbed {
	if m.Embeds == nil {
		return []*discordgo.MessageEmbed{}
	}
	return m.Embeds
}
