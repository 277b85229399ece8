package main

import (
	"slices"
	"strings"
	"testing"

	"citebot/internal/discordfake"
)

// TestShareAVerdictOnTelegram: "@CiteBot check CLAIM", typed in any chat,
// offers the claim's verdict card; choosing it sends the verdict and the
// quote that settles it, with its citation. A claim the source does not
// speak to offers the card that says so; a topic still offers fact cards.
func TestShareAVerdictOnTelegram(t *testing.T) {
	tg := newFakeTelegram(t)
	startProcess(t, map[string]string{"TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_API_URL": tg.URL(), "CITEBOT_HTTP_ADDR": freeAddr(t)})
	answer := func(id, query string) tgInlineAnswer {
		t.Helper()
		tg.push(tgInline(77, id, query))
		var got tgInlineAnswer
		tg.until("the answer to inline query "+id, func() bool {
			for _, a := range tg.inline {
				if a.QueryID == id {
					got = a
					return true
				}
			}
			return false
		})
		return got
	}

	a := answer("iq-1", "check I heard 5 million afghans were deported in 2025")
	if len(a.Results) != 1 {
		t.Fatalf("%d results for a claim, want its verdict card: %+v", len(a.Results), a.Results)
	}
	card := a.Results[0]
	if card.Title != "No, the source says 2.6 million, not 5 million:" || !strings.Contains(card.Description, "over 2.6 million Afghans") {
		t.Errorf("the verdict card is offered as %q (%q)", card.Title, card.Description)
	}
	if text := card.Content.Text; !strings.HasPrefix(text, "No, the source says 2.6 million, not 5 million:") ||
		!strings.Contains(text, "over 2.6 million Afghans have been deported") || !strings.Contains(text, "¶2") {
		t.Errorf("choosing the verdict card sends:\n%s\nwant the verdict, the quote and its citation", text)
	}

	a = answer("iq-2", "/check the taliban built new schools for girls")
	if len(a.Results) != 1 || !strings.HasPrefix(a.Results[0].Content.Text, leadNotFound) {
		t.Errorf("a claim the source does not speak to offers %+v, want the card that says so", a.Results)
	}

	a = answer("iq-3", "checkpoints")
	for _, r := range a.Results {
		if strings.HasPrefix(r.Content.Text, "No,") || strings.HasPrefix(r.Content.Text, leadSupported) {
			t.Errorf("a topic that only begins like the word check offers a verdict: %q", r.Content.Text)
		}
	}
}

// TestShareAVerdictOnDiscord: /check in a server answers the asker alone
// with a button that posts the verdict in the channel; pressed, the
// verdict and its quote are posted for everyone, mentioning no one. In a
// DM the verdict is simply the answer.
func TestShareAVerdictOnDiscord(t *testing.T) {
	dc := discordfake.New(t)
	startProcess(t, map[string]string{"DISCORD_BOT_TOKEN": dc.Token, "DISCORD_API_URL": dc.URL(), "CITEBOT_HTTP_ADDR": freeAddr(t)})
	dc.WaitReady(t)
	const claim = "I heard 5 million afghans were deported in 2025"
	dc.Dispatch(t, "INTERACTION_CREATE", dc.Slash("7001", "check", []string{"claim", claim}))
	r := dc.Response(t, "7001")
	if r.Data.Flags&discordfake.Ephemeral == 0 {
		t.Error("/check in a server is shown to everyone, want the asker alone first")
	}
	if !strings.Contains(r.Data.Text(), "No, the source says 2.6 million, not 5 million:") {
		t.Errorf("/check answers:\n%s", r.Data.Text())
	}
	if b := r.Data.Buttons(); len(b) == 0 || b[0] != "share" {
		t.Fatalf("buttons %v, want the one that posts the verdict first", b)
	}

	dc.Dispatch(t, "INTERACTION_CREATE", dc.Button("7002", "share", discordfake.OnMessage("8801", r.Data)))
	posted := dc.Response(t, "7002")
	if posted.Type != 4 || posted.Data.Flags&discordfake.Ephemeral != 0 {
		t.Errorf("the share button answered with type %d flags %d, want a message for everyone", posted.Type, posted.Data.Flags)
	}
	if posted.Data.Text() != r.Data.Text() {
		t.Errorf("posted:\n%s\nwant the verdict as the asker saw it:\n%s", posted.Data.Text(), r.Data.Text())
	}
	if len(posted.Data.Buttons()) != 0 || !strings.Contains(string(posted.Data.AllowedMentions), `"parse":[]`) {
		t.Errorf("the posted verdict has buttons %v and allowed mentions %s, want none", posted.Data.Buttons(), posted.Data.AllowedMentions)
	}

	dc.Dispatch(t, "INTERACTION_CREATE", dc.Slash("7003", "check", []string{"claim", claim}, discordfake.InDM))
	if r := dc.Response(t, "7003"); r.Data.Flags&discordfake.Ephemeral != 0 || slices.Contains(r.Data.Buttons(), "share") {
		t.Errorf("/check in a DM: flags %d, buttons %v; want the answer, nothing to post", r.Data.Flags, r.Data.Buttons())
	}
}
