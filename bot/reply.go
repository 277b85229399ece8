package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"citebot/adapters"
	"citebot/answers"
)

// The bot's own words around quotes. Quotes are only ever the sources' words.
const (
	leadAnswer     = "The source says:"
	leadCurated    = "A moderator's answer:"
	leadSupport    = "Also in the source:"
	leadNotFound   = "The source does not say."
	leadRelated    = "Related, but not an answer:"
	leadEmpty      = "Please type your question in words, for example:"
	leadLanguage   = "I could not read this question: I read English, and only some words of Dari and Pashto. Please ask in English. لطفاً سؤال خود را به انگلیسی بنویسید."
	leadReadAs     = "I read your question as:"
	leadOpinion    = "I have no opinions of my own: I only quote the source, so that every word can be checked."
	defaultContact = "To ask a moderator, reply in your group and mention one of its admins."
)

// quoteBlock is a citation as a quote block.
func quoteBlock(c answers.Citation) adapters.Block {
	return adapters.Block{Kind: adapters.Quote, Text: c.Quote, Cite: &adapters.Citation{
		ID: c.ID, Title: c.Title, Publisher: c.Publisher, Date: c.Date, Paragraph: c.Paragraph,
	}}
}

func text(s string) adapters.Block { return adapters.Block{Kind: adapters.Text, Text: s} }

// answerReply frames an answer for users.
func (b *Bot) answerReply(a answers.Answer) adapters.Reply {
	var r adapters.Reply
	add := func(bl ...adapters.Block) { r.Blocks = append(r.Blocks, bl...) }
	if a.ReadAs != "" {
		// Words of Dari, Pashto or Urdu were read as English: the asker
		// sees what was understood.
		add(text(leadReadAs + " " + a.ReadAs))
	}
	if a.Answered {
		r.Answered = true
		r.ID = answerID(a)
		if a.Source == answers.SourceCurated {
			// The moderator's words are ours, shown as ours; the source's
			// quotes follow, always.
			add(text(leadCurated), text(a.Curated), text(leadAnswer))
			for _, c := range a.Citations {
				add(quoteBlock(c))
			}
			return r
		}
		if a.Lead != nil {
			add(text(leadAnswer), quoteBlock(*a.Lead))
			for _, c := range a.Citations {
				add(quoteBlock(c))
			}
			if a.More > 0 {
				last := a.Citations[len(a.Citations)-1]
				add(text(fmt.Sprintf("The list goes on after ¶%d: send /source ¶%d to read on.", last.Paragraph, last.Paragraph+1)))
			}
			return r
		}
		add(text(leadAnswer), quoteBlock(a.Citations[0]))
		if len(a.Citations) > 1 {
			add(text(leadSupport))
			for _, c := range a.Citations[1:] {
				add(quoteBlock(c))
			}
		}
		if a.AsOf != "" {
			add(text(fmt.Sprintf("Note: the report is dated %s; “this year” and “now” are read as of then.", adapters.HumanDate(a.AsOf))))
		}
		return r
	}
	switch a.Reason {
	case answers.ReasonEmpty:
		add(text(leadEmpty))
		for _, q := range b.examples() {
			add(adapters.Block{Kind: adapters.Item, Text: q})
		}
	case answers.ReasonLanguage:
		add(text(leadLanguage))
	case answers.ReasonOpinion:
		add(text(leadOpinion+" "+b.coversLine()), text("Try asking:"))
		for _, q := range b.examples() {
			add(adapters.Block{Kind: adapters.Item, Text: q})
		}
	case answers.ReasonGreeting:
		add(text(b.intro()), text("Try asking:"))
		for _, q := range b.examples() {
			add(adapters.Block{Kind: adapters.Item, Text: q})
		}
	default:
		add(text(leadNotFound+" "+b.coversLine()), text(b.contact()))
		if len(a.Citations) > 0 {
			add(text(leadRelated))
			for _, c := range a.Citations {
				add(quoteBlock(c))
			}
		}
	}
	return r
}

// intro says what the bot answers from.
func (b *Bot) intro() string {
	docs := b.eng().Documents()
	var names []string
	for _, d := range docs {
		names = append(names, docLine(d))
	}
	return "I answer questions with quotes from " + strings.Join(names, "; ") + ". Every quote comes with its paragraph so you can check it. " +
		"Ask in English; I also read many words of Dari and Pashto, in Latin letters or your own script, and say how I read them."
}

func docLine(d *answers.Document) string {
	s := "“" + d.Title + "”"
	var by []string
	if d.Publisher != "" {
		by = append(by, d.Publisher)
	}
	if d.Date != "" {
		by = append(by, adapters.HumanDate(d.Date))
	}
	if len(by) > 0 {
		s += " (" + strings.Join(by, ", ") + ")"
	}
	return s
}

func (b *Bot) coversLine() string {
	return "It covers: " + strings.Join(b.eng().Covers(), "; ") + "."
}

func (b *Bot) contact() string {
	if b.cfg.Contact != "" {
		return "To ask a moderator: " + b.cfg.Contact
	}
	return defaultContact
}

// examples are the documents' example questions, at most three.
func (b *Bot) examples() []string {
	var out []string
	for _, d := range b.eng().Documents() {
		for _, q := range d.Examples {
			if len(out) < 3 {
				out = append(out, q)
			}
		}
	}
	return out
}

// answerID names an answer by what it cites, so that the same answer gets
// the same id whoever asked and however: feedback is counted per answer.
func answerID(a answers.Answer) string {
	h := sha256.New()
	for _, c := range a.Citations {
		h.Write([]byte(c.ID + "\x00" + c.Quote + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:answerIDLen]
}

const answerIDLen = 12

// validAnswerID tells whether s could be an answerID.
func validAnswerID(s string) bool {
	if len(s) != answerIDLen {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
