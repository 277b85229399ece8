package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"citebot/adapters"
	"citebot/answers"
)

func (b *Bot) sourceCommand() Command {
	return Command{
		Name: "source",
		Args: "[passage]",
		Help: "The documents I answer from; with a passage (such as ¶2), the whole paragraph.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			if req.Text == "" {
				return b.documentsReply(), nil
			}
			p, ok := b.findPassage(req.Text)
			if !ok {
				return notice(b.noPassage(req.Text)), nil
			}
			lead := fmt.Sprintf("¶%d of “%s”", p.N, p.Doc.Title)
			if p.Section != "" {
				lead += fmt.Sprintf(", under “%s”", p.Section)
			}
			r := adapters.Reply{Answered: true, Blocks: []adapters.Block{
				text(lead + ":"),
				citing(answers.Answer{}).quote(answers.Citation{ID: p.ID, Doc: p.Doc.File, Title: p.Doc.Title, Publisher: p.Doc.Publisher,
					Date: p.Doc.Date, Paragraph: p.N, Quote: p.Text}),
			}}
			// The paragraph's translation into the asker's language, when
			// the document has one: beside the original, labelled.
			if lang := b.langOf(req); lang != answers.LangEnglish {
				if t := p.Doc.Translations[lang]; t != nil {
					if tr := t.Span(p, -1, -1); tr != "" {
						r.Blocks = append(r.Blocks, translationBlock(lang, t.By, t.Status, tr))
					}
				}
			}
			return r, nil
		},
	}
}

func (b *Bot) documentsReply() adapters.Reply {
	r := adapters.Reply{Answered: true, Blocks: []adapters.Block{text("I answer from:")}}
	for _, d := range b.eng().Documents() {
		line := docLine(d) + fmt.Sprintf(", %d paragraphs", len(d.Passages))
		if d.URL != "" {
			line += ", " + d.URL
		}
		r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item, Text: line})
	}
	r.Blocks = append(r.Blocks, text("Send /source with a paragraph, such as /source ¶2, to read it whole."))
	return r
}

// findPassage reads "report#3", or "¶3", "#3" and "3" when there is one document.
func (b *Bot) findPassage(s string) (*answers.Passage, bool) {
	s = strings.TrimSpace(s)
	if p, ok := b.eng().Passage(s); ok {
		return p, true
	}
	docs := b.eng().Documents()
	n, err := strconv.Atoi(strings.TrimLeft(s, "¶#p. "))
	if err != nil || len(docs) != 1 || n < 1 || n > len(docs[0].Passages) {
		return nil, false
	}
	return docs[0].Passages[n-1], true
}

// noPassage says that s names no passage, and, when it names a paragraph
// of a document (a number, or the document's name and a number), which
// paragraphs that document has.
func (b *Bot) noPassage(s string) string {
	said := fmt.Sprintf("I have no passage %q", adapters.Clip(s, 64))
	s = strings.TrimSpace(s)
	docs := b.eng().Documents()
	var doc *answers.Document
	if stem, n, ok := strings.Cut(s, "#"); ok && stem != "" {
		if _, err := strconv.Atoi(n); err == nil {
			for _, d := range docs {
				if d.Stem == stem {
					doc = d
				}
			}
		}
	} else if _, err := strconv.Atoi(strings.TrimLeft(s, "¶#p. ")); err == nil && len(docs) == 1 {
		doc = docs[0]
	}
	switch {
	case doc == nil:
		return fmt.Sprintf("%s. Passages are written like ¶2, or like %s with the document's name.", said, b.examplePassageID())
	case len(doc.Passages) == 0:
		return fmt.Sprintf("%s: “%s” has no paragraphs to quote.", said, doc.Title)
	case len(docs) == 1:
		return fmt.Sprintf("%s: “%s” has ¶1 to ¶%d.", said, doc.Title, len(doc.Passages))
	}
	return fmt.Sprintf("%s: “%s” has ¶1 to ¶%d, %s to %s.", said, doc.Title, len(doc.Passages), doc.Passages[0].ID, doc.Passages[len(doc.Passages)-1].ID)
}

func (b *Bot) examplePassageID() string {
	for _, d := range b.eng().Documents() {
		if len(d.Passages) > 0 {
			return d.Passages[0].ID
		}
	}
	return "report#1"
}
