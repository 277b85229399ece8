package main

import (
	"strings"
	"testing"
	"time"

	"citebot/internal/discordfake"
	"citebot/internal/tgemulator"
)

// TestFollowUpsOnThePlatforms runs the program on the Telegram emulator
// and the fake Discord: a follow-up in a Telegram private chat and in a
// Discord DM borrows the turn before's subject; in a Telegram group,
// another member's reply to the bot's answer continues its conversation
// ("who says that?" quotes the source the answer's figure comes from).
func TestFollowUpsOnThePlatforms(t *testing.T) {
	p := startOnPlatforms(t, "", nil)
	const followed = "I read this as a follow-up to:"

	private := p.emu.Client(p.tgToken, 7101, 7101, "private")
	p.tell(t, private, "who is smriti singh")
	if got := p.tell(t, private, "what did she say?"); !strings.Contains(got, followed) || !strings.Contains(got, "This dangerous rush") {
		t.Errorf("Telegram private chat, the follow-up:\n%s", got)
	}

	asker := p.emu.Client(p.tgToken, 7102, -9001, "group")
	other := p.emu.Client(p.tgToken, 7103, -9001, "group")
	id := asker.Say(t, "@"+tgemulator.BotName+" how many afghans got deported this year", nil)
	answer := p.emu.Replies(t, p.tgToken, id, 1)[0]
	settle() // the adapter notes the answer's conversation once Telegram has taken it
	reply := other.Say(t, "who says that?", map[string]any{"reply_to_message": map[string]any{
		"message_id": answer.MessageID, "chat": map[string]any{"id": -9001, "type": "group"},
		"from": map[string]any{"id": tgemulator.BotID, "is_bot": true, "username": tgemulator.BotName},
	}})
	got := p.emu.Replies(t, p.tgToken, reply, 1)[0].Message.Text
	if !strings.Contains(got, followed) || !strings.Contains(got, "new United Nations data reveals") || strings.Contains(got, "Smriti Singh") {
		t.Errorf("Telegram group, another member's reply to the answer:\n%s\nwant the sentence that names the figure's source", got)
	}

	dm := func(id, text string) string {
		t.Helper()
		p.dc.Dispatch(t, "MESSAGE_CREATE", p.dc.Message(id, text, false, false))
		return p.dc.Reply(t, id).Text()
	}
	dm("9301", "who is smriti singh")
	if got := dm("9302", "what did she say?"); !strings.Contains(got, followed) {
		t.Errorf("Discord DM, the follow-up:\n%s", got)
	}
}

// TestDiscordReplyContinuesTheConversation: in a Discord channel, another
// member's reply to the bot's answer continues the conversation of the
// question it answered.
func TestDiscordReplyContinuesTheConversation(t *testing.T) {
	p := startOnPlatforms(t, "", nil)
	p.askDiscord(t, "9401", "how many afghans got deported this year")
	answer := p.dc.LastMessageID()
	settle() // the adapter notes the answer's conversation once Discord has taken it
	p.dc.Dispatch(t, "MESSAGE_CREATE", p.dc.Message("9402", "<@"+p.dc.BotID+"> who says that?", true, true,
		discordfake.AsUser(discordfake.UserB), discordfake.RepliesTo(answer)))
	got := p.dc.Reply(t, "9402").Text()
	if !strings.Contains(got, "I read this as a follow-up to:") || !strings.Contains(got, "new United Nations data reveals") {
		t.Errorf("another member's reply to the answer:\n%s\nwant it read as a follow-up, with the sentence that names the figure's source", got)
	}
}

// settle gives the program a moment to note what it sent, which it does
// after the platform's response that a test sees as the reply.
func settle() { time.Sleep(200 * time.Millisecond) }
