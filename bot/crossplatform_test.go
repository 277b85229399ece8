package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"citebot/internal/discordfake"
	"citebot/internal/tgemulator"
)

// platforms is one running program on both platforms at once: Telegram
// through the emulator, Discord through the fake.
type platforms struct {
	*process
	emu     *tgemulator.Emulator
	tgToken string
	dc      *discordfake.Server
}

// startOnPlatforms runs the program with both adapters, the Telegram users
// in moderators (comma-separated ids) as its moderators, and waits until
// its Discord session is up. Without node and npm it skips (fails under
// CI=true).
func startOnPlatforms(t *testing.T, moderators string, env map[string]string) *platforms {
	t.Helper()
	emu := tgemulator.Need(t)
	dc := discordfake.New(t)
	p := &platforms{emu: emu, dc: dc, tgToken: fmt.Sprintf("%d:bot-%s", time.Now().UnixNano(), strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()))}
	all := map[string]string{
		"TELEGRAM_BOT_TOKEN": p.tgToken, "TELEGRAM_API_URL": emu.URL, "TELEGRAM_MODERATOR_IDS": moderators,
		"DISCORD_BOT_TOKEN": dc.Token, "DISCORD_API_URL": dc.URL(),
	}
	for k, v := range env {
		all[k] = v
	}
	p.process = startProcess(t, all)
	dc.WaitReady(t)
	return p
}

// tell sends text as a Telegram user and returns the bot's reply (its HTML).
func (p *platforms) tell(t *testing.T, c *tgemulator.Client, text string) string {
	t.Helper()
	id := c.Say(t, text, nil)
	return p.emu.Replies(t, p.tgToken, id, 1)[0].Message.Text
}

// askDiscord sends question as a member mentioning the bot in a server
// channel and returns the text of the bot's reply.
func (p *platforms) askDiscord(t *testing.T, msgID, question string) discordfake.Sent {
	t.Helper()
	p.dc.Dispatch(t, "MESSAGE_CREATE", p.dc.Message(msgID, "<@"+p.dc.BotID+"> "+question, true, true))
	return p.dc.Reply(t, msgID)
}

// slash runs a slash command as a member and returns the bot's answer,
// whether sent at once or after "thinking…".
func (p *platforms) slash(t *testing.T, id, name string, kv []string, opts ...discordfake.Opt) discordfake.Sent {
	t.Helper()
	p.dc.Dispatch(t, "INTERACTION_CREATE", p.dc.Slash(id, name, kv, opts...))
	r := p.dc.Response(t, id)
	if r.Type == 5 { // deferred: the answer is edited in
		return discordfake.Decode[discordfake.Sent](t, p.dc.WaitCall(t, "PATCH /webhooks/"+p.dc.AppID+"/itok-"+id+"/messages/@original", 1))
	}
	return r.Data
}

var addedEntry = regexp.MustCompile(`Entry ([0-9a-f]+),`)

// TestModeratorOnTelegramMemberOnDiscord: a moderator adds an answer on
// Telegram and a member asking on Discord gets it, with the source's
// quotes and citations; a Telegram user who is no moderator changes
// nothing; after an edit, undo brings back the entry as it was.
func TestModeratorOnTelegramMemberOnDiscord(t *testing.T) {
	const (
		moderator = 7001
		member    = 7002
		question  = "Can my family join me in Germany?"
		first     = "Amnesty asks for family reunification schemes; the report does not cover German rules."
		second    = "The report names no country's family rules; see what Amnesty asks of other states."
		asked     = "can my family join me in germany"
	)
	p := startOnPlatforms(t, fmt.Sprint(moderator), nil)
	mod := p.emu.Client(p.tgToken, moderator, moderator, "private")
	other := p.emu.Client(p.tgToken, member, member, "private")

	// The quote and citation every curated answer to this question carries.
	wantSource := []string{"A moderator's answer:", "The source says:", "robust resettlement programs", "Dawat Media Center, ¶15"}

	added := p.tell(t, mod, "/answers add "+question+" | "+first+" | ¶15")
	m := addedEntry.FindStringSubmatch(added)
	if !strings.Contains(added, "Added:") || m == nil {
		t.Fatalf("the moderator's /answers add got:\n%s", added)
	}
	id := m[1]
	saved := p.curatedFile(t)
	if !strings.Contains(saved, first) {
		t.Fatalf("the curated file does not hold the answer:\n%s", saved)
	}

	t.Run("a member on Discord gets the moderator's answer with the quotes", func(t *testing.T) {
		got := p.askDiscord(t, "8001", asked).Text()
		for _, want := range append([]string{first}, wantSource...) {
			if !strings.Contains(got, want) {
				t.Errorf("the Discord answer lacks %q:\n%s", want, got)
			}
		}
	})

	t.Run("a Telegram user who is no moderator changes nothing", func(t *testing.T) {
		for _, cmd := range []string{
			"/answers add " + question + " | Someone else's answer. | ¶2",
			"/answers edit " + id + " | Someone else's answer. |",
			"/answers remove " + id,
			"/answers undo",
		} {
			if got := p.tell(t, other, cmd); !strings.Contains(got, "Only moderators can change the curated answers") {
				t.Errorf("%s from a member got:\n%s", cmd, got)
			}
		}
		if now := p.curatedFile(t); now != saved {
			t.Errorf("a member's attempts changed the curated file:\n%s\nwas:\n%s", now, saved)
		}
		if got := p.slash(t, "8002", "ask", []string{"question", asked}).Text(); !strings.Contains(got, first) {
			t.Errorf("after a member's attempts Discord answers:\n%s", got)
		}
	})

	t.Run("undo restores the entry as it was before an edit", func(t *testing.T) {
		if got := p.tell(t, mod, "/answers edit "+id+" | "+second+" |"); !strings.Contains(got, "Changed:") {
			t.Fatalf("the moderator's edit got:\n%s", got)
		}
		if got := p.askDiscord(t, "8003", asked).Text(); !strings.Contains(got, second) || strings.Contains(got, first) {
			t.Errorf("after the edit Discord answers:\n%s", got)
		}
		undone := p.tell(t, mod, "/answers undo")
		if !strings.Contains(undone, "Undone") || !strings.Contains(undone, first) {
			t.Errorf("undo got:\n%s", undone)
		}
		got := p.slash(t, "8004", "ask", []string{"question", asked}).Text()
		if strings.Contains(got, second) {
			t.Errorf("after undo Discord still answers with the edit:\n%s", got)
		}
		for _, want := range append([]string{first}, wantSource...) {
			if !strings.Contains(got, want) {
				t.Errorf("after undo the Discord answer lacks %q:\n%s", want, got)
			}
		}
		if now := p.curatedFile(t); now != saved {
			t.Errorf("after undo the curated file is not as it was:\n%s\nwas:\n%s", now, saved)
		}
	})
}
