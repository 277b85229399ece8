// Package adapters holds what every chat adapter shares: the Request a
// user's message becomes, the Reply it gets back, and the Handler between
// them. Adapters translate platform events to Requests and Replies to
// platform messages; they never import the bot itself.
//
// It imports only the standard library.
package adapters

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Request is one message to the bot, stripped of everything platform-specific.
type Request struct {
	Adapter   string // "console", "telegram", "discord"
	Command   string // a registry command name ("ask", "fact"); empty means ask
	Text      string // the question, or the command's argument
	Moderator bool   // the platform says the sender may curate
	// Asker identifies the sender for rate limiting only, as an opaque
	// string the adapter derives; it is kept in memory and never stored.
	Asker string
	// Author names a moderator for the audit log of curated answers
	// ("telegram:12345"); adapters set it only when Moderator is true.
	Author string
	// Private is set when the question comes in a private chat or a
	// direct message: nobody else reads the reply, and there is no group
	// whose admins the asker could turn to.
	Private bool
	// Conversation names the conversation a question is a turn of: the
	// asker's in one chat, as an opaque string the adapter derives like
	// Asker; empty, a question alone. It is kept in memory only.
	Conversation string
	// LangHint is the language the sender's app is set to, as the platform
	// tells it (Telegram's language_code, Discord's locale: "de",
	// "en-US"); empty when it tells none. A hint only: the words of a
	// question tell its language, and the hint counts only when they
	// tell none.
	LangHint string
}

// Reply is what the bot says back: blocks in reading order.
type Reply struct {
	Blocks []Block
	// Answered is false when the reply is a "not found", a refusal or a
	// notice: platforms may show those to the asker alone.
	Answered bool
	// ID names an answer for feedback (👍 / 👎 buttons send it back with
	// the "feedback" command); empty when the reply takes no feedback.
	ID string
	// Silent asks the adapter to send nothing at all (a sender over the
	// rate limit who has had the notice already).
	Silent bool
	// Lang is the language of the bot's own words (BCP 47: "en", "de",
	// "fa", "ps"); empty is English. Renderers isolate quotes and
	// citations in a reply written right to left (RightToLeft).
	Lang string
}

// RightToLeft tells whether lang is written right to left: Dari (and
// Persian), Pashto, Arabic, Urdu.
func RightToLeft(lang string) bool {
	switch lang {
	case "fa", "ps", "ar", "ur":
		return true
	}
	return false
}

// IsolateRuns wraps each run of left-to-right text inside right-to-left
// text in isolates (Isolate): "خواندم: how many people" keeps "how many
// people" in its order, whatever its punctuation. A run goes from a
// left-to-right letter to the last left-to-right letter or digit before
// the next right-to-left letter. Text without right-to-left letters is
// returned as it is.
func IsolateRuns(s string) string {
	if !strings.ContainsFunc(s, rightToLeftLetter) {
		return s
	}
	var b strings.Builder
	start, end := -1, -1 // the run being read: s[start:end]
	flush := func(upTo int) {
		if start >= 0 {
			b.WriteString(Isolate(s[start:end]))
			b.WriteString(s[end:upTo])
			start = -1
		}
	}
	last := 0 // bytes of s written to b
	for i, r := range s {
		switch {
		case rightToLeftLetter(r):
			if start >= 0 {
				flush(i)
				last = i
			}
		case unicode.IsLetter(r) || (start >= 0 && unicode.IsDigit(r)):
			if start < 0 {
				b.WriteString(s[last:i])
				start = i
			}
			end = i + utf8.RuneLen(r)
		}
	}
	if start >= 0 {
		flush(len(s))
		return b.String()
	}
	b.WriteString(s[last:])
	return b.String()
}

// rightToLeftLetter tells whether r is a letter of a script written right
// to left.
func rightToLeftLetter(r rune) bool {
	return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko) && unicode.IsLetter(r)
}

// Isolate wraps s in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, so
// that text of one direction keeps its order inside a line of the other
// (an English quote in a Dari reply). Never overrides (U+202A–U+202E).
func Isolate(s string) string {
	if s == "" {
		return s
	}
	return "\u2068" + s + "\u2069"
}

// CommandInfo describes a command for a platform's menu (Telegram's
// setMyCommands, Discord's application commands).
type CommandInfo struct {
	Name      string // "fact"
	Args      string // "<topic>", or empty
	Help      string // one line
	Moderator bool   // for moderators only: offer it to them alone where the platform can
}

// Commands the bot answers besides those of its menu, which adapters call
// for platform features.
const (
	// CommandCards takes a topic and replies with up to ten fact cards, one
	// Quote block each (inline queries, autocomplete); an empty topic gives
	// the key figures.
	CommandCards = "cards"
	// CommandFeedback takes "up ID" or "down ID" for the answer Reply.ID
	// names, and counts it (per answer, never per person).
	CommandFeedback = "feedback"
	// CommandCheck takes a claim and replies with its verdict first, then
	// the quote that settles it (also a menu command: /check); adapters
	// call it to offer a verdict to share (Telegram's "@bot check …").
	CommandCheck = "check"
)

// Kind says what a block is.
type Kind int

const (
	// Text is the bot's own words.
	Text Kind = iota
	// Quote is a verbatim span of a source, always with its citation.
	Quote
	// Item is one entry of a list in the bot's own words.
	Item
)

// Block is a paragraph of a reply.
type Block struct {
	Kind Kind
	Text string
	Cite *Citation // set on Quote blocks
}

// Citation tells where a quote stands, shortly: renderers show the title
// (when set), the publisher, ¶N and the date.
type Citation struct {
	ID string // passage id, "<stem>#<n>"
	// Title is the document's short title, set when the quote must name
	// its document: the reply quotes several, the document names no
	// publisher, or the quote travels alone. The full title is on /source.
	Title     string
	Publisher string
	Date      string // YYYY-MM-DD or empty
	Paragraph int
}

// DateText is the citation's date as people write it ("16 December 2025").
func (c Citation) DateText() string { return HumanDate(c.Date) }

// String is the citation as users read it, short: the title when set, the
// publisher, ¶N and the date ("Dawat Media Center, ¶2, 16 December 2025").
func (c Citation) String() string {
	var parts []string
	for _, p := range []string{c.Title, c.Publisher} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	parts = append(parts, fmt.Sprintf("¶%d", c.Paragraph))
	if c.Date != "" {
		parts = append(parts, c.DateText())
	}
	return strings.Join(parts, ", ")
}

// HumanDate writes a YYYY-MM-DD date as "16 December 2025"; anything else
// is returned as it is.
func HumanDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("2 January 2006")
}

// Handler answers requests. The bot implements it; adapters call it.
type Handler interface {
	Handle(ctx context.Context, req Request) (Reply, error)
}

// HandlerFunc lets a function be a Handler.
type HandlerFunc func(ctx context.Context, req Request) (Reply, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, req Request) (Reply, error) { return f(ctx, req) }

// ParseCommand splits "/fact@citebot women" into ("fact", "women"). A
// message that does not start with "/" is a question: ("", text).
func ParseCommand(text string) (cmd, arg string) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "/") {
		return "", text
	}
	word, rest := text[1:], ""
	if i := strings.IndexFunc(word, unicode.IsSpace); i >= 0 {
		word, rest = word[:i], word[i:]
	}
	if i := strings.IndexByte(word, '@'); i >= 0 {
		word = word[:i]
	}
	return strings.ToLower(word), strings.TrimSpace(rest)
}

// UTF16Len is the length of s in UTF-16 code units: what Telegram and
// Discord count against their limits.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// Clip cuts s to at most n bytes at a rune boundary, adding "…" when it cut.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n < len("…") {
		return ""
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Sleep waits d, or until ctx is done and then returns its error: the
// adapters' waits between retries and for their pace.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ReadLine reads one line from r without its line ending. A line longer
// than max bytes is cut there and the rest of it read and dropped, so that
// one huge message cannot stop a reader. It returns io.EOF after the last
// line.
func ReadLine(r *bufio.Reader, max int) (string, error) {
	var b []byte
	for {
		chunk, isPrefix, err := r.ReadLine()
		if err != nil {
			if errors.Is(err, io.EOF) && len(b) > 0 {
				return string(b), nil
			}
			return "", err
		}
		if room := max - len(b); room > 0 {
			b = append(b, chunk[:min(len(chunk), room)]...)
		}
		if !isPrefix {
			return strings.ToValidUTF8(string(b), "\uFFFD"), nil
		}
	}
}
