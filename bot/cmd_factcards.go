package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"citebot/adapters"
	"citebot/answers"
	"citebot/curated"
)

// factcardsCommand lets moderators keep the fact cards (/fact, /figures,
// inline sharing) from chat:
//
//	/factcards                       the moderators' cards, hidden cards, the key figures
//	/factcards list TOPIC            the cards offered for a topic, with their ids
//	/factcards show ID
//	/factcards add ¶N | QUOTE | TITLE | TOPIC, TOPIC   (QUOTE may be a sentence's number)
//	/factcards edit ID ¶N | QUOTE | TITLE | TOPICS     (an empty part keeps the old)
//	/factcards hide ID               any card, the bot's own included
//	/factcards unhide ID
//	/factcards remove ID
//	/factcards undo
//	/factcards stale                 cards not served: their passage changed
func (b *Bot) factcardsCommand() Command {
	return Command{
		Name:      "factcards",
		Args:      "list|show|add|edit|hide|unhide|remove|undo|stale",
		Help:      "Moderators: choose, hide and edit the fact cards.",
		Moderator: true,
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			if !trusted(req) {
				return notice("Only moderators can change the fact cards. If a card is wrong or missing, tell a moderator."), nil
			}
			author := authorOf(req)
			verb, rest, _ := strings.Cut(strings.TrimSpace(req.Text), " ")
			rest = strings.TrimSpace(rest)
			changed := func(lead string, c curated.Card, err error) adapters.Reply {
				return cardKind.changedReply(lead, c, err, factcardsUsage)
			}
			switch verb {
			case "", "list":
				if rest != "" {
					return b.cardsForReply(ctx, rest)
				}
				return b.cardsListReply(), nil
			case "show":
				return b.cardShowReply(rest), nil
			case "add":
				p, ok := parseCardPatch(rest)
				if !ok || p.Cite == "" {
					return notice("Write /factcards add ¶N | QUOTE, and a title and topics if you like.", factcardsUsage), nil
				}
				c, err := b.cardAdd(author, p)
				return changed("Added:", c, err), nil
			case "edit":
				id, spec, _ := strings.Cut(rest, " ")
				p, ok := parseCardPatch(spec)
				if !ok || id == "" {
					return notice("Write /factcards edit ID, then what changes.", factcardsUsage), nil
				}
				c, err := b.cardEdit(author, id, p)
				return changed("Changed:", c, err), nil
			case "hide":
				c, err := b.cardHide(author, rest)
				if err == nil {
					return notice(fmt.Sprintf("Hidden: card %s is offered nowhere now. /factcards unhide %s (or undo) offers it again.", c.ID, c.ID)), nil
				}
				return changed("", c, err), nil
			case "unhide":
				c, err := b.cardUnhide(author, rest)
				if err == nil {
					return notice(fmt.Sprintf("Card %s is offered again.", c.ID)), nil
				}
				return changed("", c, err), nil
			case "remove":
				c, err := b.cardRemove(author, rest)
				if err == nil {
					return notice(fmt.Sprintf("Removed card %s. /factcards undo brings it back.", c.ID)), nil
				}
				return changed("", c, err), nil
			case "undo":
				ch, err := b.cardUndo(author)
				return cardKind.undoReply(ch, err), nil
			case "stale":
				return b.cardsStaleReply(), nil
			}
			return notice(factcardsUsage), nil
		},
	}
}

const factcardsUsage = "Use: /factcards list [TOPIC] | show ID | add ¶N | QUOTE | TITLE | TOPIC, TOPIC | edit ID ¶N | QUOTE | TITLE | TOPICS | hide ID | unhide ID | remove ID | undo | stale. A QUOTE is the passage's words exactly, or a sentence's number."

// sentenceNumber is a quote written as the number of a sentence.
var sentenceNumber = regexp.MustCompile(`^\d{1,2}$`)

// parseCardPatch reads "¶N | QUOTE | TITLE | TOPIC, TOPIC"; parts may be
// empty or left out.
func parseCardPatch(s string) (cardPatch, bool) {
	parts := strings.Split(s, "|")
	if len(parts) > 4 {
		return cardPatch{}, false
	}
	for len(parts) < 4 {
		parts = append(parts, "")
	}
	p := cardPatch{Cite: strings.TrimSpace(parts[0]), Quote: strings.TrimSpace(parts[1]), Title: strings.TrimSpace(parts[2])}
	if sentenceNumber.MatchString(p.Quote) {
		p.Sentence, _ = strconv.Atoi(p.Quote)
		p.Quote = ""
	}
	for _, t := range strings.Split(parts[3], ",") {
		if t = strings.TrimSpace(t); t != "" {
			p.Topics = append(p.Topics, t)
		}
	}
	return p, true
}

// cardsListReply lists the moderators' cards (hidden ones included) and
// the key figures, which are offered with no topic.
func (b *Bot) cardsListReply() adapters.Reply {
	cards, err := b.cards.Load()
	if err != nil {
		return notice("The fact cards file has an error: " + forModerators(err).Error())
	}
	stale := map[string]string{}
	for _, s := range b.eng().StaleCards() {
		stale[s.Card.ID] = s.Reason
	}
	var r adapters.Reply
	if len(cards) == 0 {
		r = notice("No card is chosen or hidden by a moderator yet.")
	} else {
		r = notice(fmt.Sprintf("%d cards chosen or hidden by moderators:", len(cards)))
	}
	for _, c := range cards {
		line := fmt.Sprintf("%s %s: %s", c.ID, b.shortCite(c.Cite), adapters.Clip(c.Quote, 80))
		if c.Title != "" {
			line += " — " + c.Title
		}
		if c.Hidden {
			line += " (" + cardState(c) + ")"
		}
		if why, ok := stale[c.ID]; ok {
			line += " (not served: " + why + ")"
		}
		r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item, Text: line})
	}
	figs := b.eng().Figures()
	if len(figs) > 0 {
		r.Blocks = append(r.Blocks, text("The key figures, offered with no topic (/fact, /figures, sharing):"))
		r.Blocks = append(r.Blocks, b.factItems(figs[:min(len(figs), maxCards)])...)
	}
	r.Blocks = append(r.Blocks, text("/factcards list TOPIC shows the cards offered for a topic. "+factcardsUsage))
	return r
}

// cardsForReply lists the cards offered for topic, as /fact and sharing
// offer them, with their ids.
func (b *Bot) cardsForReply(ctx context.Context, topic string) (adapters.Reply, error) {
	cards, err := b.eng().Cards(ctx, topic, maxCards)
	if err != nil {
		return adapters.Reply{}, err
	}
	if len(cards) == 0 {
		return notice("No card is offered for that topic."), nil
	}
	r := notice("The cards offered for that topic, best first (/factcards hide ID hides one):")
	r.Blocks = append(r.Blocks, b.factItems(cards)...)
	return r, nil
}

// factItems lists cards for moderators, one line each with its id.
func (b *Bot) factItems(facts []answers.Fact) []adapters.Block {
	var out []adapters.Block
	for _, f := range facts {
		line := fmt.Sprintf("%s %s: %s", f.CardID, b.shortCite(f.ID), adapters.Clip(f.Quote, 80))
		if f.Title != "" {
			line += " — " + f.Title
		}
		if f.Curated {
			line += " (a moderator's)"
		}
		out = append(out, adapters.Block{Kind: adapters.Item, Text: line})
	}
	return out
}

// cardShowReply shows card id: what the file says of it, and the card as
// users see it when it is offered.
func (b *Bot) cardShowReply(id string) adapters.Reply {
	cards, err := b.cards.Load()
	if err != nil {
		return notice("The fact cards file has an error: " + forModerators(err).Error())
	}
	i := indexOf(cards, id, cardID)
	if i < 0 {
		f, ok := b.eng().AutoCard(id)
		if !ok {
			return notice(fmt.Sprintf("There is no card %q. /factcards lists them.", adapters.Clip(id, 40)))
		}
		return adapters.Reply{Blocks: append([]adapters.Block{text(fmt.Sprintf("Card %s is one the bot makes itself. It reads:", id))}, cardBlocks(f)...)}
	}
	r := notice(describeCard(cards[i])...)
	for _, s := range b.eng().StaleCards() {
		if s.Card.ID == id {
			r.Blocks = append(r.Blocks, text("Not served: "+s.Reason+". Quote it again with /factcards edit "+id+" ¶N | QUOTE, or remove it."))
		}
	}
	for _, f := range b.eng().Facts() {
		if f.CardID == id {
			r.Blocks = append(r.Blocks, text("As users see it:"))
			r.Blocks = append(r.Blocks, cardBlocks(f)...)
		}
	}
	return r
}

func (b *Bot) cardsStaleReply() adapters.Reply {
	stale := b.eng().StaleCards()
	if len(stale) == 0 {
		return notice("Every moderator's card is served: their passages hold their quotes.")
	}
	r := notice("Not served until quoted again (/factcards edit ID ¶N | QUOTE) or removed:")
	for _, s := range stale {
		r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item,
			Text: fmt.Sprintf("%s cites %s: %s. It quoted: %s", s.Card.ID, s.Card.Cite, s.Reason, adapters.Clip(s.Card.Quote, 200))})
	}
	return r
}

// shortCite writes a passage id as ¶N when there is one document.
func (b *Bot) shortCite(pid string) string {
	if p, ok := b.eng().Passage(pid); ok && len(b.eng().Documents()) == 1 {
		return fmt.Sprintf("¶%d", p.N)
	}
	return pid
}
