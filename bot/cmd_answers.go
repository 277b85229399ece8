package main

import (
	"context"
	"fmt"
	"strings"

	"citebot/adapters"
	"citebot/answers"
)

// answersCommand lets moderators keep the curated answers from chat:
//
//	/answers                      list
//	/answers show ID
//	/answers add QUESTION[; QUESTION…] | ANSWER | ¶N[, ¶N…]
//	/answers edit ID QUESTION… | ANSWER | ¶N…   (an empty part keeps the old)
//	/answers remove ID
//	/answers undo
//	/answers stale                entries not served: their passage changed
func (b *Bot) answersCommand() Command {
	return Command{
		Name:      "answers",
		Args:      "list|show|add|edit|remove|undo|stale|feedback",
		Help:      "Moderators: keep the curated answers.",
		Moderator: true,
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			if !trusted(req) {
				return notice("Only moderators can change the curated answers. If you think an answer is missing or wrong, tell a moderator."), nil
			}
			author := authorOf(req)
			verb, rest, _ := strings.Cut(strings.TrimSpace(req.Text), " ")
			rest = strings.TrimSpace(rest)
			switch verb {
			case "", "list":
				return b.listReply(), nil
			case "show":
				return b.showReply(rest), nil
			case "add":
				p, err := parsePatch(rest, true)
				if err != nil {
					return notice(err.Error(), answersUsage), nil
				}
				en, err := b.curateAdd(author, p)
				return entryKind.changedReply("Added:", en, err, answersUsage), nil
			case "edit":
				id, spec, _ := strings.Cut(rest, " ")
				p, err := parsePatch(spec, false)
				if err != nil || id == "" {
					return notice("Write /answers edit ID, then what changes.", answersUsage), nil
				}
				en, err := b.curateEdit(author, id, p)
				return entryKind.changedReply("Changed:", en, err, answersUsage), nil
			case "remove":
				en, err := b.curateRemove(author, rest)
				if err != nil {
					return notice("Nothing was changed: " + forModerators(err).Error() + "."), nil
				}
				return notice(fmt.Sprintf("Removed entry %s. /answers undo brings it back.", en.ID)), nil
			case "undo":
				ch, err := b.curateUndo(author)
				return entryKind.undoReply(ch, err), nil
			case "stale":
				return b.staleReply(), nil
			case "feedback":
				top := b.feedback.Top(10)
				if len(top) == 0 {
					return notice("No feedback yet."), nil
				}
				r := notice("Answers with the most 👍 / 👎 (by answer id):")
				for _, v := range top {
					r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item, Text: fmt.Sprintf("%s: %d 👍, %d 👎", v.ID, v.Up, v.Down)})
				}
				return r, nil
			}
			return notice(answersUsage), nil
		},
	}
}

const answersUsage = "Use: /answers list | show ID | add QUESTION; QUESTION | ANSWER | ¶N, ¶N | edit ID QUESTION | ANSWER | ¶N | remove ID | undo | stale | feedback"

// parsePatch reads "QUESTION; QUESTION | ANSWER | ¶N, ¶N".
func parsePatch(s string, full bool) (entryPatch, error) {
	parts := strings.Split(s, "|")
	if full && len(parts) != 3 {
		return entryPatch{}, fmt.Errorf("An entry is written as: questions | answer | passages")
	}
	var p entryPatch
	if len(parts) > 0 {
		for _, q := range strings.Split(parts[0], ";") {
			if q = strings.TrimSpace(q); q != "" {
				p.Questions = append(p.Questions, q)
			}
		}
	}
	if len(parts) > 1 {
		p.Answer = strings.TrimSpace(parts[1])
	}
	if len(parts) > 2 {
		for _, c := range strings.Split(parts[2], ",") {
			if c = strings.TrimSpace(c); c != "" {
				p.Cite = append(p.Cite, c)
			}
		}
	}
	return p, nil
}

// listReply lists the curated answers served, after the files the bot
// refuses now: a curated file with an error is served as it last was.
func (b *Bot) listReply() adapters.Reply {
	entries, refused := b.curated.LoadLastGood()
	if refused != nil {
		b.refuseCurated(fileOf(b.curated, "curated answers"), refused)
	}
	r := adapters.Reply{Blocks: b.refusedBlocks()}
	switch {
	case len(entries) == 0 && refused != nil:
		r.Blocks = append(r.Blocks, text("No good set was kept before, so no curated answer is served."))
		return r
	case len(entries) == 0:
		r.Blocks = append(r.Blocks, text("There are no curated answers yet. "+answersUsage))
		return r
	}
	r.Blocks = append(r.Blocks, text(fmt.Sprintf("%d curated answers:", len(entries))))
	for _, en := range entries {
		q := ""
		if len(en.Questions) > 0 {
			q = en.Questions[0]
		}
		r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item, Text: fmt.Sprintf("%s: %s", en.ID, adapters.Clip(q, 80))})
	}
	return r
}

func (b *Bot) showReply(id string) adapters.Reply {
	entries, _ := b.curated.LoadLastGood() // what is served
	for _, en := range entries {
		if en.ID == id {
			return notice(describeEntry(en)...)
		}
	}
	return notice(fmt.Sprintf("There is no entry %q. /answers lists them.", adapters.Clip(id, 40)))
}

func (b *Bot) staleReply() adapters.Reply {
	stale := b.eng().Stale()
	if len(stale) == 0 {
		return notice("Every curated answer is served: their passages are as cited.")
	}
	r := notice("Not served until re-cited (/answers edit ID | | ¶N):")
	for _, s := range stale {
		r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item,
			Text: fmt.Sprintf("%s cites %s: %s. It quoted: %s", s.Entry.ID, s.CiteID, s.Reason, adapters.Clip(citeQuote(s), 200))})
	}
	return r
}

func citeQuote(s answers.Stale) string {
	for _, c := range s.Entry.Cite {
		if c.ID == s.CiteID {
			return c.Quote
		}
	}
	return ""
}
