package main

import (
	"strings"
	"testing"
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
