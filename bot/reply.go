package main

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"citebot/adapters"
	"citebot/answers"
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
	return translated(b.framedReply(a, req), a)
}

// translated puts, after each quote whose citation carries a translation
// into the reply's language, that translation, labelled as one and with
// who made it: beside the source's words, never instead of them.
func translated(r adapters.Reply, a answers.Answer) adapters.Reply {
	tr := map[string]*answers.Translation{}
	for _, x := range append(slices.Clone(a.Citations), derefs(a.Lead)...) {
		if x.Translation != nil {
			tr[x.ID+"\x00"+x.Quote] = x.Translation
		}
	}
	if len(tr) == 0 {
		return r
	}
	out := make([]adapters.Block, 0, len(r.Blocks)+len(tr))
	for _, bl := range r.Blocks {
		out = append(out, bl)
		if bl.Kind != adapters.Quote || bl.Cite == nil {
			continue
		}
		if t := tr[bl.Cite.ID+"\x00"+bl.Text]; t != nil {
			out = append(out, translationBlock(r.Lang, t.By, t.Status, t.Text))
		}
	}
	r.Blocks = out
	return r
}

// translationBlock is a translation shown beside the source's words, in a
// reply in lang: labelled as one, with who made it and what it is worth.
func translationBlock(lang, by, status, translation string) adapters.Block {
	return text(phrase(lang, "translation_label", by, status) + " " + translation)
}

func derefs(c *answers.Citation) []answers.Citation {
	if c == nil {
		return nil
	}
	return []answers.Citation{*c}
}

// framedReply is answerReply before translations are put beside quotes.
func (b *Bot) framedReply(a answers.Answer, req adapters.Request) adapters.Reply {
	r := adapters.Reply{Lang: a.Lang}
	add := func(bl ...adapters.Block) { r.Blocks = append(r.Blocks, bl...) }
	c := citing(a)
	lang := a.Lang
	if a.Personal {
		return b.personalReply(a, c)
	}
	readAs := func() { add(readingNotes(a)...) }
	// A moderator's answer beside a claim's verdict follows it, labelled:
	// the documents decide the verdict.
	beside := func() {
		if a.Curated != "" && a.Source != answers.SourceCurated {
			add(text(phrase(lang, "lead_curated", a.Curated)))
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
		add(text(phrase(lang, "lead_curated", a.Curated)), text(phrase(lang, "lead_answer")))
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
			add(text(phrase(lang, "more_items", a.More, last.Paragraph+1)))
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
			add(text(phrase(lang, "lead_supported")))
		case answers.VerdictContradicted:
			lead := phrase(lang, "lead_contradicts")
			if a.Differs != "" {
				lead = phrase(lang, "lead_differs", a.Differs)
			}
			add(text(lead))
		}
		add(c.quote(a.Citations[0]))
		if len(a.Citations) > 1 {
			add(text(phrase(lang, "lead_support")))
			for _, x := range a.Citations[1:min(len(a.Citations), 1+maxMoreQuotes)] {
				add(c.quote(x))
			}
		}
		if a.AsOf != "" {
			add(text(phrase(lang, "as_of", humanDate(lang, a.AsOf))))
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
		out = append(out, text(phrase(a.Lang, "lead_read_as", a.ReadAs)))
	}
	if a.FollowUpOf != "" {
		out = append(out, text(phrase(a.Lang, "lead_follow_up", adapters.Clip(a.FollowUpOf, maxFollowUpShown))))
	}
	return out
}

// personalReply frames a question about the asker's own case: first that
// the bot cannot advise on it and where to get help (CITEBOT_HELP), then
// what the source says that bears on it, as general information.
func (b *Bot) personalReply(a answers.Answer, c cited) adapters.Reply {
	lang := a.Lang
	help := b.cfg.Help
	if help == "" {
		help = phrase(lang, "default_help")
	}
	r := adapters.Reply{Lang: lang, Blocks: []adapters.Block{text(phrase(lang, "lead_personal")), text(help)}}
	if !a.Answered {
		r.Blocks = append(r.Blocks, text(phrase(lang, "lead_nothing")))
		if len(a.Citations) > 0 {
			r.Blocks = append(r.Blocks, text(phrase(lang, "lead_related")), c.quote(a.Citations[0]))
		}
		r.Blocks = append(r.Blocks, readingNotes(a)...)
		return r
	}
	r.Answered, r.ID = true, answerID(a)
	if a.Source == answers.SourceCurated {
		r.Blocks = append(r.Blocks, text(phrase(lang, "lead_curated", a.Curated)), text(phrase(lang, "lead_answer")))
	} else {
		r.Blocks = append(r.Blocks, text(phrase(lang, "lead_general")))
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
	lang := a.Lang
	switch a.Reason {
	case answers.ReasonEmpty:
		add(text(phrase(lang, "lead_empty")))
		for _, q := range b.examples() {
			add(adapters.Block{Kind: adapters.Item, Text: q})
		}
	case answers.ReasonLanguage:
		add(text(phrase(lang, "lead_language")))
	case answers.ReasonOpinion:
		add(text(phrase(lang, "lead_opinion", b.coversLine(lang))), text(phrase(lang, "try_asking")))
		for _, q := range b.examples() {
			add(adapters.Block{Kind: adapters.Item, Text: q})
		}
	case answers.ReasonGreeting:
		add(text(b.intro(lang)), text(phrase(lang, "try_asking")))
		for _, q := range b.examples() {
			add(adapters.Block{Kind: adapters.Item, Text: q})
		}
	default:
		add(text(phrase(lang, "lead_not_found", b.coversLine(lang))))
		if len(a.Citations) > 0 {
			// The nearest passage, so that the asker sees what the source
			// does say near the question; one, since it is not the answer.
			add(text(phrase(lang, "lead_related")), c.quote(a.Citations[0]))
		}
		if line := b.contact(req, lang); line != "" {
			add(text(line))
		}
	}
}

// intro says what the bot answers from, in lang.
func (b *Bot) intro(lang string) string {
	docs := b.eng().Documents()
	var names []string
	for _, d := range docs {
		names = append(names, docLine(d))
	}
	return phrase(lang, "intro", strings.Join(names, "; "))
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

// coversLine says in one line, in lang, what the documents cover: the
// sections of one document, or the short titles of several.
func (b *Bot) coversLine(lang string) string {
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
	line := ""
	for i, t := range topics {
		next := t
		if i > 0 {
			next = "; " + t
		}
		if len("It covers: ")+len(line)+len(next) > maxCoversLine && i > 0 {
			return phrase(lang, "covers_cut", line+"; …")
		}
		line += next
	}
	return phrase(lang, "covers", line)
}

// maxCoversLine is about the most bytes the covers line takes.
const maxCoversLine = 120

// contact is the line that tells how to reach a person, as fits where
// the reply is shown: CITEBOT_CONTACT when set; else, in a group, its
// admins; in a private chat, the group the asker came from; in the
// terminal, how moderators add an answer.
func (b *Bot) contact(req adapters.Request, lang string) string {
	switch {
	case b.cfg.Contact != "":
		return phrase(lang, "contact_set", b.cfg.Contact)
	case req.Adapter == "console":
		return phrase(lang, "contact_terminal")
	case req.Private:
		return phrase(lang, "contact_private")
	}
	return phrase(lang, "contact_group")
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
