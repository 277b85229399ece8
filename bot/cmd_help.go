package main

import (
	"context"
	"fmt"

	"citebot/adapters"
	"citebot/answers"
)

func (b *Bot) helpCommand() Command {
	return Command{
		Name: "help",
		Help: "What I can do.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			lang := b.langOf(req)
			r := adapters.Reply{Answered: true, Lang: lang, Blocks: []adapters.Block{text(b.intro(lang))}}
			if qs := b.examples(); len(qs) > 0 {
				r.Blocks = append(r.Blocks, text(phrase(lang, "try_asking")))
				for _, q := range qs {
					r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item, Text: q})
				}
			}
			r.Blocks = append(r.Blocks, text(phrase(lang, "help_commands")))
			for _, c := range b.commands.Commands() {
				if c.Moderator && !trusted(req) {
					continue
				}
				usage := "/" + c.Name
				if c.Args != "" {
					usage += " " + c.Args
				}
				r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item, Text: fmt.Sprintf("%s: %s", usage, commandHelp(lang, c))})
			}
			return r, nil
		},
	}
}

// commandHelp is c's line of help in lang: messages.yaml's cmd_NAME where
// it has one (the commands everyone uses), else c.Help (the moderators',
// in English).
func commandHelp(lang string, c Command) string {
	if _, ok := messages["cmd_"+c.Name]; ok && lang != answers.LangEnglish {
		return phrase(lang, "cmd_"+c.Name)
	}
	return c.Help
}

func (b *Bot) startCommand() Command {
	return Command{
		Name: "start",
		Help: "What I know and how to ask.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			lang := b.langOf(req)
			r := adapters.Reply{Answered: true, Lang: lang, Blocks: []adapters.Block{text(b.intro(lang)), text(phrase(lang, "try_asking"))}}
			for _, q := range b.examples() {
				r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item, Text: q})
			}
			r.Blocks = append(r.Blocks, text(phrase(lang, "start_tail")))
			return r, nil
		},
	}
}
