package tgemulator

import (
	"fmt"
	"html"
	"regexp"
	"strings"
)

var (
	tag    = regexp.MustCompile(`<(/?)([a-z][a-z-]*)(?:\s[^<>]*)?>`)
	entity = regexp.MustCompile(`^&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);`)
)

// telegramTags are the tags Telegram's HTML parse mode knows.
var telegramTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true, "s": true, "strike": true, "del": true,
	"span": true, "tg-spoiler": true, "a": true, "tg-emoji": true, "code": true, "pre": true, "blockquote": true,
}

// Shown reads msg as Telegram reads a message sent with parse_mode HTML,
// which the emulator does not check: only the tags Telegram knows, each
// closed in order, and no <, > or & outside tags and entities (Telegram
// refuses such a message). It returns what the user reads: the text
// without tags, entities decoded.
func Shown(msg string) (string, error) {
	var open []string
	for _, m := range tag.FindAllStringSubmatch(msg, -1) {
		name := m[2]
		if !telegramTags[name] {
			return "", fmt.Errorf("tag %s is not one Telegram knows", m[0])
		}
		if m[1] == "" {
			open = append(open, name)
			continue
		}
		if len(open) == 0 || open[len(open)-1] != name {
			return "", fmt.Errorf("%s closes no open <%s>", m[0], name)
		}
		open = open[:len(open)-1]
	}
	if len(open) > 0 {
		return "", fmt.Errorf("unclosed %v", open)
	}
	text := tag.ReplaceAllString(msg, "")
	if i := strings.IndexAny(text, "<>"); i >= 0 {
		return "", fmt.Errorf("unescaped %q in %q", text[i], text)
	}
	for i := range len(text) {
		if text[i] == '&' && !entity.MatchString(text[i:]) {
			return "", fmt.Errorf("an & that starts no entity (unescaped, or an entity cut) at %q", clip(text[i:], 20))
		}
	}
	return html.UnescapeString(text), nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
