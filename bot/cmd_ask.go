package main

import (
	"context"

	"citebot/adapters"
	"citebot/answers"
)

func (b *Bot) askCommand() Command {
	return Command{
		Name: "ask",
		Args: "<question>",
		Help: "Answer a question with quotes from the report.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			a, err := b.askIn(ctx, req.Conversation, req.Text)
			if err != nil {
				return adapters.Reply{}, err
			}
			b.chosenLang(&a, req)
			// A question about one's own case tells about a person: it
			// is never queued for moderators.
			if a.Reason == answers.ReasonNotFound && !a.Personal {
				b.noteUnanswered(req.Text)
			}
			if a.Source == answers.SourceCurated {
				b.metrics.curated.WithLabelValues(adapterLabel(req.Adapter)).Inc()
			}
			return b.answerReply(a, req), nil
		},
	}
}

// chosenLang sets a's language to the one chosen with /lang in req's
// conversation, if any: the asker's choice wins over the question's.
// When neither the question's words nor its conversation tell a language,
// the platform's hint (req.LangHint) does, where the bot speaks it.
func (b *Bot) chosenLang(a *answers.Answer, req adapters.Request) {
	if req.Conversation != "" {
		if l := b.convs.chosen(req.Conversation); l != "" {
			a.Lang = l
			return
		}
		if b.convs.take(req.Conversation).Lang() != "" {
			return
		}
	}
	if _, told := answers.Language(req.Text); !told {
		if h := hintLang(req.LangHint); h != "" {
			a.Lang = h
		}
	}
}

// askIn answers question as the next turn of the conversation named key
// (empty: a question alone).
func (b *Bot) askIn(ctx context.Context, key, question string) (answers.Answer, error) {
	if key == "" {
		return b.eng().Ask(ctx, question)
	}
	c := b.convs.take(key)
	a, err := b.eng().AskIn(ctx, c, question)
	if err == nil {
		b.convs.put(key, c)
	}
	return a, err
}

func (b *Bot) checkCommand() Command {
	return Command{
		Name: adapters.CommandCheck,
		Args: "<claim>",
		Help: "Check a claim against the report: yes, no, or the report does not say.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			a, err := b.eng().Check(ctx, req.Text)
			if err != nil {
				return adapters.Reply{}, err
			}
			b.chosenLang(&a, req)
			return b.answerReply(a, req), nil
		},
	}
}

func (b *Bot) forgetCommand() Command {
	return Command{
		Name: "forget",
		Help: "End our conversation: your next question is read on its own.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			lang := b.langOf(req)
			if req.Conversation != "" && b.convs.forget(req.Conversation) {
				return langNotice(lang, phrase(lang, "forgotten")), nil
			}
			return langNotice(lang, phrase(lang, "nothing_to_forget")), nil
		},
	}
}
