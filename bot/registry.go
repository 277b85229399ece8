package main

import (
	"context"
	"fmt"
	"sort"

	"citebot/adapters"
	"citebot/answers"
)

// Command is one thing users can ask the bot to do, the same on every adapter.
type Command struct {
	Name string // "fact": typed as /fact
	Args string // how its argument is written in help, "<topic>"
	Help string // one line
	// Hidden commands work but are left out of help and platform menus.
	Hidden bool
	// Moderator commands are for moderators: help lists them to moderators
	// only, and platforms offer them to moderators only.
	Moderator bool
	Run       func(ctx context.Context, req adapters.Request) (adapters.Reply, error)
}

// Registry routes requests to commands by name. It is the bot's
// adapters.Handler; a request without a command is a question.
type Registry struct {
	cmds   []Command
	byName map[string]int
	// langOf is the language of the bot's words in a reply to a request
	// (nil: English).
	langOf func(adapters.Request) string
}

// NewRegistry returns a registry of cmds; the names must be unique.
func NewRegistry(cmds ...Command) (*Registry, error) {
	r := &Registry{byName: make(map[string]int)}
	for _, c := range cmds {
		if _, dup := r.byName[c.Name]; dup || c.Name == "" || c.Run == nil {
			return nil, fmt.Errorf("registry: command %q defined twice or incomplete", c.Name)
		}
		r.byName[c.Name] = len(r.cmds)
		r.cmds = append(r.cmds, c)
	}
	return r, nil
}

// Commands lists the visible commands by name, for help and platform menus.
func (r *Registry) Commands() []Command {
	var out []Command
	for _, c := range r.cmds {
		if !c.Hidden {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup finds a command by name.
func (r *Registry) Lookup(name string) (Command, bool) {
	i, ok := r.byName[name]
	if !ok {
		return Command{}, false
	}
	return r.cmds[i], true
}

// Handle runs the request's command; a request without one is a question.
func (r *Registry) Handle(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
	name := req.Command
	if name == "" {
		name = "ask"
	}
	c, ok := r.Lookup(name)
	if !ok {
		lang := answers.LangEnglish
		if r.langOf != nil {
			lang = r.langOf(req)
		}
		return langNotice(lang, phrase(lang, "unknown_command", clipName(name))), nil
	}
	return c.Run(ctx, req)
}

// trusted is whether req may use the moderators' commands: a moderator's,
// or one typed in the terminal, which is trusted (whoever has the machine
// has the files).
func trusted(req adapters.Request) bool {
	return req.Moderator || req.Adapter == "console"
}

// authorOf names who made a change in the audit log: the user, or the
// adapter when it has no user names.
func authorOf(req adapters.Request) string {
	if req.Author == "" {
		return req.Adapter
	}
	return req.Author
}

func clipName(s string) string { return adapters.Clip(s, 32) }

// notice is a reply in the bot's own words only.
func notice(lines ...string) adapters.Reply {
	var r adapters.Reply
	for _, l := range lines {
		r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Text, Text: l})
	}
	return r
}
