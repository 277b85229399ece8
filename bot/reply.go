package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"citebot/adapters"
	"citebot/answers"
)

// The bot's own words around quotes. Quotes are only ever the sources' words.
const (
	leadAnswer      = "The source says:"
	leadCurated     = "A moderator's answer:"
	leadSupport     = "Also in the source:"
	leadNotFound    = "The source does not say."
	leadRelated     = "Related, but not an answer:"
	leadEmpty       = "Please type your question in words, for example:"
	leadLanguage    = "I could not read this question: I read English, and only some words of Dari and Pashto. Please ask in English. لطفاً سؤال خود را به انگلیسی بنویسید."
	leadReadAs      = "I read your question as:"
	leadFollowUp    = "I read this as a follow-up to:"
	leadSupported   = "Yes, the source says so:"
	leadContradicts = "No, the source says otherwise:"
	leadOpinion     = "I have no opinions of my own: I only quote the source, so that every word can be checked."
	leadPersonal    = "I only quote the report: I cannot advise on anyone's own case."
	leadGeneral     = "General information from the report, not an answer on your case:"
	leadNothing     = "The report does not speak to this."
	defaultHelp     = "For advice on your case, ask a lawyer or a refugee-support organisation near you."
	contactGroup    = "To ask a moderator, mention one of this group's admins."
	contactPrivate  = "To ask a moderator, write in your community's group and mention one of its admins."
	contactTerminal = "Moderators add answers: bot answers add"
)

// cited turns citations into quote blocks, each with a short citation:
// the publisher, ¶N and the date, and the document's short title whenever
// the reply quotes more than one document (or the document names no
// publisher). The full title is on /source.
type cited struct{ docs map[string]bool }

func citing(a answers.Answer) cited {
	c := cited{docs: map[string]bool{}}
	for _, x := range a.Citations {
		c.docs[x.Doc] = true
	}
	if a.Lead != nil {
		c.docs[a.Lead.Doc] = true
	}
	return c
}

func (c cited) quote(x answers.Citation) adapters.Block {
	cite := &adapters.Citation{ID: x.ID, Publisher: x.Publisher, Date: x.Date, Paragraph: x.Paragraph}
	if len(c.docs) > 1 || x.Publisher == "" {
		cite.Title = shortTitle(x.Title)
	}
	return adapters.Block{Kind: adapters.Quote, Text: x.Quote, Cite: cite}
}

// quoteBlock is a quote that travels alone (a fact card, shared into
// other chats): its citation always names the document by its short title.
func quoteBlock(x answers.Citation) adapters.Block {
	bl := citing(answers.Answer{}).quote(x)
	bl.Cite.Title = shortTitle(x.Title)
	return bl
}

// shortTitle is a title cut to its first words, at most maxShortTitle
// bytes: the part before a comma or colon when that part is long enough to
// tell documents apart.
func shortTitle(t string) string {
	if i := strings.IndexAny(t, ",:;"); i >= minShortTitle {
		t = t[:i]
	}
	if len(t) <= maxShortTitle {
		return t
	}
	cut := strings.LastIndexByte(t[:maxShortTitle], ' ')
	if cut < minShortTitle {
		return adapters.Clip(t, maxShortTitle)
	}
	return t[:cut] + "…"
}

const (
	minShortTitle = 12
	maxShortTitle = 48
)

func text(s string) adapters.Block { return adapters.Block{Kind: adapters.Text, Text: s} }

// answerReply frames an answer for the one who asked in req: the answer
// first, in the source's words, each quote with a short citation; what the
// bot adds, short, after it.
func (b *Bot) answerReply(a answers.Answer, req adapters.Request) adapters.Reply {
	var r adapters.Reply
	add := func(bl ...adapters.Block) { r.Blocks = append(r.Blocks, bl...) }
	c := citing(a)
	if a.Personal {
		return b.personalReply(a, c)
	}
	readAs := func() { add(readingNotes(a)...) }
	// A moderator's answer beside a claim's verdict follows it, labelled:
	// the documents decide the verdict.
	beside := func() {
		if a.Curated != "" && a.Source != answers.SourceCurated {
			add(text(leadCurated + " " + a.Curated))
		}
	}
	if !a.Answered {
		readAs()
		b.notAnswered(a, req, c, add)
		beside()
		return r
	}
	r.Answered = true
	r.ID = answerID(a)
	switch {
	case a.Source == answers.SourceCurated:
		// The moderator's words are ours, shown as ours; the source's
		// quotes follow, always.
		add(text(leadCurated+" "+a.Curated), text(leadAnswer))
		for _, x := range a.Citations {
			add(c.quote(x))
		}
	case a.Lead != nil:
		add(c.quote(*a.Lead))
		for _, x := range a.Citations {
			add(c.quote(x))
		}
		if a.More > 0 {
			last := a.Citations[len(a.Citations)-1]
			add(text(fmt.Sprintf("And %d more: /source ¶%d", a.More, last.Paragraph+1)))
		}
	default:
		// The verdict is said in words only when a claim was given to
		// check (/check, bot check): read into a question, a "yes" the
		// engine cannot stand by would pass a rumour off as the source's.
		verdict := a.Verdict
		if req.Command != adapters.CommandCheck {
			verdict = ""
		}
		switch verdict {
		case answers.VerdictSupported:
			add(text(leadSupported))
		case answers.VerdictContradicted:
			lead := leadContradicts
			if a.Differs != "" {
				lead = "No, the source says " + a.Differs + ":"
			}
			add(text(lead))
		}
		add(c.quote(a.Citations[0]))
		if len(a.Citations) > 1 {
			add(text(leadSupport))
			for _, x := range a.Citations[1:min(len(a.Citations), 1+maxMoreQuotes)] {
				add(c.quote(x))
			}
		}
		if a.AsOf != "" {
			add(text(fmt.Sprintf("Note: the report is dated %s; “this year” and “now” are read as of then.", adapters.HumanDate(a.AsOf))))
		}
		beside()
	}
	readAs()
	return r
}

// readingNotes say how the question was read, when the asker should see
// it: words of Dari, Pashto or Urdu read as English, or a turn read as a
// follow-up of the one before.
func readingNotes(a answers.Answer) []adapters.Block {
	var out []adapters.Block
	if a.ReadAs != "" {
		out = append(out, text(leadReadAs+" "+a.ReadAs))
	}
	if a.FollowUpOf != "" {
		out = append(out, text(leadFollowUp+" “"+adapters.Clip(a.FollowUpOf, maxFollowUpShown)+"”"))
	}
	return out
}

// personalReply frames a question about the asker's own case: first that
// the bot cannot advise on it and where to get help (CITEBOT_HELP), then
// what the source says that bears on it, as general information.
func (b *Bot) personalReply(a answers.Answer, c cited) adapters.Reply {
	help := b.cfg.Help
	if help == "" {
		help = defaultHelp
	}
	r := adapters.Reply{Blocks: []adapters.Block{text(leadPersonal), text(help)}}
	if !a.Answered {
		r.Blocks = append(r.Blocks, text(leadNothing))
		if len(a.Citations) > 0 {
			r.Blocks = append(r.Blocks, text(leadRelated), c.quote(a.Citations[0]))
		}
		r.Blocks = append(r.Blocks, readingNotes(a)...)
		return r
	}
	r.Answered, r.ID = true, answerID(a)
	if a.Source == answers.SourceCurated {
		r.Blocks = append(r.Blocks, text(leadCurated+" "+a.Curated), text(leadAnswer))
	} else {
		r.Blocks = append(r.Blocks, text(leadGeneral))
	}
	if a.Lead != nil {
		r.Blocks = append(r.Blocks, c.quote(*a.Lead))
	}
	for _, x := range a.Citations[:min(len(a.Citations), 1+maxMoreQuotes)] {
		r.Blocks = append(r.Blocks, c.quote(x))
	}
	r.Blocks = append(r.Blocks, readingNotes(a)...)
	return r
}

// maxFollowUpShown is the most of the turn before a follow-up's reply shows.
const maxFollowUpShown = 120

// maxMoreQuotes is how many quotes beside the answer a reply shows,
// supporting or related.
const maxMoreQuotes = 2

// notAnswered frames a question the source does not answer, or one that
// is no question.
func (b *Bot) notAnswered(a answers.Answer, req adapters.Request, c cited, add func(...adapters.Block)) {
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
		add(text(leadNotFound + " " + b.coversLine()))
		if len(a.Citations) > 0 {
			// The nearest passage, so that the asker sees what the source
			// does say near the question; one, since it is not the answer.
			add(text(leadRelated), c.quote(a.Citations[0]))
		}
		if line := b.contact(req); line != "" {
			add(text(line))
		}
	}
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

// coversLine says in one line what the documents cover: the sections of
// one document, or the short titles of several.
func (b *Bot) coversLine() string {
	docs := b.eng().Documents()
	var topics []string
	for _, d := range docs {
		if len(docs) > 1 {
			topics = append(topics, shortTitle(d.Title))
			continue
		}
		for _, p := range d.Passages {
			if p.Section != "" && !slices.Contains(topics, p.Section) {
				topics = append(topics, p.Section)
			}
		}
		if len(topics) == 0 {
			topics = append(topics, shortTitle(d.Title))
		}
	}
	line := "It covers: "
	for i, t := range topics {
		next := t
		if i > 0 {
			next = "; " + t
		}
		if len(line)+len(next) > maxCoversLine && i > 0 {
			return line + "; …"
		}
		line += next
	}
	return line + "."
}

// maxCoversLine is about the most bytes the covers line takes.
const maxCoversLine = 120

// contact is the line that tells how to reach a person, as fits where
// the reply is shown: CITEBOT_CONTACT when set; else, in a group, its
// admins; in a private chat, the group the asker came from; in the
// terminal, how moderators add an answer.
func (b *Bot) contact(req adapters.Request) string {
	switch {
	case b.cfg.Contact != "":
		return "To ask a moderator: " + b.cfg.Contact
	case req.Adapter == "console":
		return contactTerminal
	case req.Private:
		return contactPrivate
	}
	return contactGroup
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
