package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"citebot/adapters"
)

// sentinel asks a last question in chat and returns the request the
// handler got for it: updates in a chat are handled in order, so whatever
// the bot did about the messages before, it has done by then.
func sentinel(t *testing.T, f *fakeAPI, chat *tgbotapi.Chat) *tgbotapi.Message {
	t.Helper()
	return f.ask(chat, alice, "/ask@"+botName+" sentinel")
}

func TestPrivateQuestionIsAnsweredWithACitedQuote(t *testing.T) {
	f := newFakeAPI(t)
	start(t, f, engineHandler(t))
	q := f.ask(privateChat(alice), alice, "how many afghans were deported in 2025?")

	c := f.next("sendMessage")
	text := c.form.Get("text")
	checkHTML(t, text)
	if got := c.form.Get("chat_id"); got != strconv.FormatInt(alice.ID, 10) {
		t.Errorf("answer sent to chat %s, want the asker's %d", got, alice.ID)
	}
	if replyTo(c) != q.MessageID {
		t.Errorf("answer replies to message %d, want the question %d", replyTo(c), q.MessageID)
	}
	if c.form.Get("parse_mode") != "HTML" {
		t.Errorf("parse_mode %q, want HTML", c.form.Get("parse_mode"))
	}
	for _, want := range []string{
		"<blockquote>",
		"2.6 million Afghans have been deported or returned",
		"</blockquote>\n<i>— Amnesty International Demands Global Halt to Afghan Deportations, Citing Catastrophic Rights Crisis, Dawat Media Center, ¶2, 16 December 2025</i>",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("answer lacks %q:\n%s", want, text)
		}
	}
	if got, want := strings.Join(keyboard(t, c), ","), "👍 fb:up:0123456789ab,👎 fb:down:0123456789ab"; got != want {
		t.Errorf("buttons %q, want %q", got, want)
	}
}

func TestGroupAnswersOnlyWhenAddressed(t *testing.T) {
	f := newFakeAPI(t)
	h := newFakeHandler(nil)
	start(t, f, h)
	botMsg := &tgbotapi.Message{MessageID: 1, From: &tgbotapi.User{ID: botID, IsBot: true, UserName: botName}}
	otherMsg := &tgbotapi.Message{MessageID: 2, From: bob}
	tests := []struct {
		name    string
		text    string
		from    *tgbotapi.User
		replyTo *tgbotapi.Message
		sticker bool
		want    *adapters.Request // nil: the bot stays quiet
	}{
		{name: "plain text", text: "how many were deported?"},
		{name: "mention first", text: "@" + botName + " how many were deported?", want: &adapters.Request{Text: "how many were deported?"}},
		{name: "mention inside, other case", text: "hey @citebot how many?", want: &adapters.Request{Text: "hey how many?"}},
		{name: "mention with a command", text: "@CiteBot /fact women", want: &adapters.Request{Command: "fact", Text: "women"}},
		{name: "look-alike is no mention", text: "write to team@CiteBot or @CiteBotFans"},
		{name: "reply to the bot", text: "and in 2024?", replyTo: botMsg, want: &adapters.Request{Text: "and in 2024?"}},
		{name: "reply to someone else", text: "and in 2024?", replyTo: otherMsg},
		{name: "/ask", text: "/ask how many?", want: &adapters.Request{Command: "ask", Text: "how many?"}},
		{name: "/ask@bot", text: "/ask@CiteBot how many?", want: &adapters.Request{Command: "ask", Text: "how many?"}},
		{name: "/ask@another bot", text: "/ask@OtherBot how many?"},
		{name: "unknown command", text: "/ban someone"},
		{name: "unknown command to the bot", text: "/ban@CiteBot someone", want: &adapters.Request{Command: "ban", Text: "someone"}},
		{name: "a sticker", sticker: true},
		{name: "another bot mentions it", text: "@CiteBot hello", from: &tgbotapi.User{ID: 99, IsBot: true}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chat := &tgbotapi.Chat{ID: -1000 - int64(i), Type: "group"}
			from := alice
			if tt.from != nil {
				from = tt.from
			}
			m, up := f.message(chat, from, tt.text)
			m.ReplyToMessage = tt.replyTo
			if tt.sticker {
				m.Sticker = &tgbotapi.Sticker{FileID: "x", Emoji: "👍"}
			}
			f.push(up)
			s := sentinel(t, f, chat)

			req := h.next(t)
			ans := f.next("sendMessage")
			if tt.want == nil {
				if req.Text != "sentinel" || replyTo(ans) != s.MessageID {
					t.Fatalf("the bot answered %q (request %+v); it should stay quiet", tt.text, req)
				}
				return
			}
			want := *tt.want
			want.Adapter, want.Asker, want.Conversation = "telegram", req.Asker, req.Conversation
			// The conversation is the asker's in this chat, named opaquely.
			if c := req.Conversation; c == "" || c == req.Asker || strings.Contains(c, strconv.FormatInt(from.ID, 10)) || strings.Contains(c, strconv.FormatInt(chat.ID, 10)) {
				t.Errorf("conversation %q: want an opaque name of the asker's conversation in this chat", c)
			}
			if req != want {
				t.Errorf("request %+v, want %+v", req, want)
			}
			if replyTo(ans) != m.MessageID {
				t.Errorf("the answer replies to %d, want the question %d", replyTo(ans), m.MessageID)
			}
			h.next(t)
			f.next("sendMessage") // the sentinel's
		})
	}
}

func TestCommands(t *testing.T) {
	f := newFakeAPI(t)
	h := newFakeHandler(nil)
	start(t, f, h)
	tests := []struct{ text, cmd, arg string }{
		{"/start", "start", ""},
		{"/help", "help", ""},
		{"/ask how many were deported?", "ask", "how many were deported?"},
		{"/fact women", "fact", "women"},
		{"/fact@CiteBot women", "fact", "women"},
		{"/figures", "figures", ""},
		{"/source ¶2", "source", "¶2"},
		{"/privacy", "privacy", ""},
		{"/FIGURES", "figures", ""},
		{"how many were deported?", "", "how many were deported?"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			q := f.ask(privateChat(alice), alice, tt.text)
			req := h.next(t)
			if req.Adapter != "telegram" || req.Command != tt.cmd || req.Text != tt.arg {
				t.Errorf("request %+v, want command %q text %q", req, tt.cmd, tt.arg)
			}
			c := f.next("sendMessage")
			if replyTo(c) != q.MessageID {
				t.Errorf("the answer replies to %d, want %d", replyTo(c), q.MessageID)
			}
			if got, want := shown([]string{c.form.Get("text")}), fmt.Sprintf("command=%q text=%q", tt.cmd, tt.arg); !strings.HasPrefix(got, want) {
				t.Errorf("the user reads %q, want it to start %q", got, want)
			}
		})
	}
}

func TestEditedQuestionEditsItsAnswer(t *testing.T) {
	f := newFakeAPI(t)
	h := newFakeHandler(func(req adapters.Request) (adapters.Reply, error) {
		r, _ := echo(req)
		if strings.HasPrefix(req.Text, "long") {
			// Two messages' worth.
			for i := range 2 {
				r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Quote, Text: strings.Repeat("many words ", 180), Cite: report(i + 3)})
			}
		}
		if req.Text == "quiet" {
			return adapters.Reply{Silent: true, Blocks: []adapters.Block{{Kind: adapters.Text, Text: "must not be sent"}}}, nil
		}
		return r, nil
	})
	start(t, f, h)
	chat := privateChat(alice)
	edit := func(m *tgbotapi.Message, text string) {
		e := *m
		e.Text, e.EditDate = text, 2
		f.push(tgbotapi.Update{EditedMessage: &e})
	}

	q := f.ask(chat, alice, "first question")
	first := f.next("sendMessage")

	edit(q, "second question")
	e := f.next("editMessageText")
	if e.id != first.id || e.form.Get("chat_id") != strconv.FormatInt(chat.ID, 10) {
		t.Errorf("edited message %d in chat %s, want the answer %d in %d", e.id, e.form.Get("chat_id"), first.id, chat.ID)
	}
	if got := shown([]string{e.form.Get("text")}); !strings.Contains(got, `text="second question"`) {
		t.Errorf("the edited answer reads %q", got)
	}
	if len(keyboard(t, e)) != 2 {
		t.Errorf("the edited answer lost its buttons")
	}

	edit(q, "long question")
	e = f.next("editMessageText")
	more := f.next("sendMessage")
	if e.id != first.id || replyTo(more) != q.MessageID {
		t.Errorf("a longer answer: edited %d (want %d), then sent a part replying to %d (want %d)", e.id, first.id, replyTo(more), q.MessageID)
	}
	if len(keyboard(t, e)) != 0 || len(keyboard(t, more)) != 2 {
		t.Errorf("the buttons belong under the last part only: %v / %v", keyboard(t, e), keyboard(t, more))
	}

	edit(q, "short again")
	f.next("editMessageText")
	del := f.next("deleteMessage")
	if del.form.Get("message_id") != strconv.Itoa(more.id) {
		t.Errorf("deleted %s, want the part no longer needed %d", del.form.Get("message_id"), more.id)
	}

	edit(q, "quiet") // a silent reply leaves the answer as it was
	sentinel(t, f, chat)
	for range 5 {
		h.next(t)
	}
	if s := f.next("sendMessage"); !strings.Contains(s.form.Get("text"), "sentinel") {
		t.Errorf("unexpected message %q", s.form.Get("text"))
	}
	f.none("editMessageText")
	f.none("deleteMessage")
}

func TestEditOfUnaddressedGroupMessageStaysQuiet(t *testing.T) {
	f := newFakeAPI(t)
	h := newFakeHandler(nil)
	start(t, f, h)
	m, up := f.message(group, alice, "just chatting")
	f.push(up)
	e := *m
	e.Text = "still just chatting"
	f.push(tgbotapi.Update{EditedMessage: &e})
	e2 := *m
	e2.Text = "@CiteBot now a question"
	f.push(tgbotapi.Update{EditedMessage: &e2})
	if req := h.next(t); req.Text != "now a question" {
		t.Errorf("request %+v, want the edit that mentions the bot", req)
	}
	if c := f.next("sendMessage"); replyTo(c) != m.MessageID {
		t.Errorf("answer replies to %d, want %d", replyTo(c), m.MessageID)
	}
	f.none("editMessageText")
}

func TestInlineQueryGivesFactCards(t *testing.T) {
	f := newFakeAPI(t)
	var mu sync.Mutex
	var deadline time.Duration
	h := newFakeHandler(func(req adapters.Request) (adapters.Reply, error) {
		r := adapters.Reply{Answered: true}
		if req.Text == "nothing" {
			return adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Text, Text: "No cards on that."}}}, nil
		}
		for i := range 12 {
			r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Quote, Text: fmt.Sprintf("Quote %d about %s & <rights>, long enough to be clipped in a title: %s", i, req.Text, strings.Repeat("words ", 40)), Cite: report(i + 1)})
		}
		return r, nil
	})
	start(t, f, adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		if d, ok := ctx.Deadline(); ok {
			mu.Lock()
			deadline = time.Until(d)
			mu.Unlock()
		}
		return h.Handle(ctx, req)
	}))

	f.push(tgbotapi.Update{InlineQuery: &tgbotapi.InlineQuery{ID: "iq-1", From: alice, Query: "  women "}})
	req := h.next(t)
	if req.Command != adapters.CommandCards || req.Text != "women" || req.Asker == "" {
		t.Errorf("request %+v, want the cards command for %q", req, "women")
	}
	c := f.next("answerInlineQuery")
	mu.Lock()
	if deadline <= 0 || deadline > inlineDeadline {
		t.Errorf("the handler had %v to answer; Telegram gives up on inline answers after about 10s", deadline)
	}
	mu.Unlock()
	if c.form.Get("inline_query_id") != "iq-1" {
		t.Errorf("answered query %q", c.form.Get("inline_query_id"))
	}
	var results []struct {
		Type, ID, Title, Description string
		Content                      struct {
			Text      string `json:"message_text"`
			ParseMode string `json:"parse_mode"`
		} `json:"input_message_content"`
	}
	if err := json.Unmarshal([]byte(c.form.Get("results")), &results); err != nil {
		t.Fatal(err)
	}
	if len(results) != maxInlineResults {
		t.Fatalf("%d results, want Telegram's most, %d", len(results), maxInlineResults)
	}
	ids := map[string]bool{}
	for i, r := range results {
		ids[r.ID] = true
		if r.Type != "article" || r.Title == "" || len(r.Title) > maxInlineTitle || !strings.HasPrefix(r.Title, fmt.Sprintf("Quote %d about women & <rights>", i)) {
			t.Errorf("result %d: type %q title %q", i, r.Type, r.Title)
		}
		if want := fmt.Sprintf("Dawat Media Center, ¶%d, 16 December 2025", i+1); !strings.HasSuffix(r.Description, want) {
			t.Errorf("result %d: description %q, want the citation", i, r.Description)
		}
		checkHTML(t, r.Content.Text)
		if r.Content.ParseMode != "HTML" || !strings.Contains(r.Content.Text, "<blockquote>Quote") || !strings.Contains(r.Content.Text, "¶") {
			t.Errorf("result %d sends %q (%s)", i, r.Content.Text, r.Content.ParseMode)
		}
	}
	if len(ids) != len(results) {
		t.Errorf("result ids repeat: %v", ids)
	}

	f.push(tgbotapi.Update{InlineQuery: &tgbotapi.InlineQuery{ID: "iq-2", From: alice, Query: ""}})
	if req := h.next(t); req.Text != "" || req.Command != adapters.CommandCards {
		t.Errorf("an empty query asked %+v; it should ask for the key figures (cards with no topic)", req)
	}
	f.next("answerInlineQuery")

	f.push(tgbotapi.Update{InlineQuery: &tgbotapi.InlineQuery{ID: "iq-3", From: alice, Query: "nothing"}})
	h.next(t)
	c = f.next("answerInlineQuery")
	if c.form.Get("results") != "[]" || c.form.Get("is_personal") != "true" || c.form.Get("cache_time") != "" {
		t.Errorf("no cards: results %s, personal %q, cache %q; want none, personal, not cached", c.form.Get("results"), c.form.Get("is_personal"), c.form.Get("cache_time"))
	}
}

func TestFeedbackButtonIsCountedAndAcknowledged(t *testing.T) {
	f := newFakeAPI(t)
	var mu sync.Mutex
	votes := map[string]int{}
	h := newFakeHandler(func(req adapters.Request) (adapters.Reply, error) {
		if req.Command != adapters.CommandFeedback {
			return echo(req)
		}
		mu.Lock()
		votes[req.Text]++
		mu.Unlock()
		return adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Text, Text: "Thank you: your feedback is counted for this answer, not who gave it."}}}, nil
	})
	start(t, f, h)
	answer := &tgbotapi.Message{MessageID: 77, Chat: privateChat(bob), From: &tgbotapi.User{ID: botID, IsBot: true}}

	f.push(tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{ID: "cb-1", From: bob, Message: answer, Data: "fb:down:0123456789ab"}})
	req := h.next(t)
	if req.Command != adapters.CommandFeedback || req.Text != "down 0123456789ab" || req.Asker == "" || strings.Contains(req.Asker, strconv.FormatInt(bob.ID, 10)) {
		t.Errorf("request %+v", req)
	}
	c := f.next("answerCallbackQuery")
	if c.form.Get("callback_query_id") != "cb-1" || c.form.Get("text") != "Thank you: your feedback is counted for this answer, not who gave it." {
		t.Errorf("acknowledged %q with %q", c.form.Get("callback_query_id"), c.form.Get("text"))
	}
	mu.Lock()
	if votes["down 0123456789ab"] != 1 {
		t.Errorf("votes %v", votes)
	}
	mu.Unlock()

	// A button that is not feedback: acknowledged so the client stops
	// waiting, and nothing counted.
	f.push(tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{ID: "cb-2", From: bob, Message: answer, Data: "fb:sideways:0123456789ab"}})
	c = f.next("answerCallbackQuery")
	if c.form.Get("callback_query_id") != "cb-2" || c.form.Get("text") != "" {
		t.Errorf("acknowledged %q with %q", c.form.Get("callback_query_id"), c.form.Get("text"))
	}
	select {
	case r := <-h.reqs:
		t.Errorf("an unknown button reached the handler: %+v", r)
	default:
	}
}

func TestSilentReplySendsNothing(t *testing.T) {
	f := newFakeAPI(t)
	h := newFakeHandler(func(req adapters.Request) (adapters.Reply, error) {
		if req.Text == "too fast" {
			return adapters.Reply{Silent: true, Blocks: []adapters.Block{{Kind: adapters.Text, Text: "must not be sent"}}}, nil
		}
		return echo(req)
	})
	start(t, f, h)
	chat := privateChat(alice)
	f.ask(chat, alice, "too fast")
	f.push(tgbotapi.Update{InlineQuery: &tgbotapi.InlineQuery{ID: "iq", From: alice, Query: "too fast"}})
	s := sentinel(t, f, chat)
	if c := f.next("sendMessage"); replyTo(c) != s.MessageID {
		t.Errorf("a silent reply was sent: %q", c.form.Get("text"))
	}
	h.next(t)
	h.next(t)
	h.next(t)
	f.none("sendMessage")
	f.none("answerInlineQuery")
}

func TestNonTextMessages(t *testing.T) {
	f := newFakeAPI(t)
	h := newFakeHandler(nil)
	start(t, f, h)

	m, up := f.message(privateChat(alice), alice, "")
	m.Sticker = &tgbotapi.Sticker{FileID: "s", Emoji: "🙂"}
	f.push(up)
	c := f.next("sendMessage")
	if got := shown([]string{c.form.Get("text")}); got != sayTextOnly || replyTo(c) != m.MessageID {
		t.Errorf("a sticker in private got %q replying to %d", got, replyTo(c))
	}

	p, up := f.message(privateChat(alice), alice, "")
	p.Photo, p.Caption = []tgbotapi.PhotoSize{{FileID: "p"}}, "what does this report say about women?"
	f.push(up)
	if req := h.next(t); req.Text != p.Caption {
		t.Errorf("a photo's caption asked %q", req.Text)
	}
	f.next("sendMessage")

	g, up := f.message(group, alice, "")
	g.Sticker = &tgbotapi.Sticker{FileID: "s", Emoji: "🙂"}
	f.push(up)
	s := sentinel(t, f, group)
	h.next(t)
	if c := f.next("sendMessage"); replyTo(c) != s.MessageID {
		t.Errorf("a sticker in a group got an answer: %q", c.form.Get("text"))
	}
}

func TestAskerIsOpaqueAndModeratorsAreKnown(t *testing.T) {
	f := newFakeAPI(t)
	h := newFakeHandler(nil)
	r := start(t, f, h, withConfig(func(c *Config) { c.ModeratorIDs = []int64{bob.ID} }))
	f.ask(privateChat(alice), alice, "one")
	f.ask(privateChat(bob), bob, "two")
	f.ask(group, alice, "@CiteBot three")
	var reqs []adapters.Request
	for range 3 {
		reqs = append(reqs, h.next(t))
	}
	byText := map[string]adapters.Request{}
	for _, q := range reqs {
		byText[q.Text] = q
		for _, id := range []int64{alice.ID, bob.ID} {
			// The id as a number of its own; a keyed hash may hold its
			// digits by chance ("f942bd1dc1001ee6").
			if regexp.MustCompile(`(^|[^0-9a-f])` + strconv.FormatInt(id, 10) + `([^0-9a-f]|$)`).MatchString(q.Asker) {
				t.Errorf("Asker %q holds a user id", q.Asker)
			}
		}
	}
	if a1, a2, a3 := byText["one"].Asker, byText["two"].Asker, byText["three"].Asker; a1 == "" || a1 != a3 || a1 == a2 {
		t.Errorf("askers %q %q %q: want one per user, the same in every chat", a1, a2, a3)
	}
	if byText["one"].Moderator || !byText["two"].Moderator || byText["three"].Moderator {
		t.Errorf("moderator flags %v %v %v, want only Bob", byText["one"].Moderator, byText["two"].Moderator, byText["three"].Moderator)
	}
	// A moderator is named for the audit log of curated answers; no one
	// else is.
	if byText["one"].Author != "" || byText["two"].Author != "telegram:1002" || byText["three"].Author != "" {
		t.Errorf("authors %q %q %q, want only Bob's, telegram:1002", byText["one"].Author, byText["two"].Author, byText["three"].Author)
	}
	for range 3 {
		f.next("sendMessage")
	}
	if logs := r.log.String(); strings.Contains(logs, "1001") || strings.Contains(logs, "1002") {
		t.Errorf("a user id is in the log:\n%s", logs)
	}
}

func TestBadInputIsEscapedAndWithinLimits(t *testing.T) {
	f := newFakeAPI(t)
	// The handler repeats what it was asked, as the bot's words and as a
	// quote: the worst a reply could hold.
	h := newFakeHandler(func(req adapters.Request) (adapters.Reply, error) {
		return adapters.Reply{Blocks: []adapters.Block{
			{Kind: adapters.Text, Text: "You asked: " + req.Text},
			{Kind: adapters.Quote, Text: req.Text, Cite: report(1)},
		}}, nil
	})
	start(t, f, h)
	tests := []struct{ name, text string }{
		{"ten thousand characters", strings.Repeat("<b>&", 2500)},
		{"html", "<b>bold</b> & <a href=\"x\">link</a> &amp;"},
		{"mentions", "@everyone @here @CiteBotFans"},
		{"bidi", "abc \u202edcba\u202c \u2066x\u2069 \u200f"},
		{"invalid utf-8", "a\xffb\x00c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.ask(privateChat(alice), alice, tt.text)
			req := h.next(t)
			if len(req.Text) > maxInput {
				t.Errorf("the handler got %d bytes; the adapter passes on at most %d", len(req.Text), maxInput)
			}
			var msgs []string
			for range len(Render(adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Text, Text: "You asked: " + req.Text}, {Kind: adapters.Quote, Text: req.Text, Cite: report(1)}}})) {
				msgs = append(msgs, f.next("sendMessage").form.Get("text"))
			}
			for _, m := range msgs {
				checkHTML(t, m)
			}
			got := shown(msgs)
			if own, _, _ := strings.Cut(got, "\n"); strings.ContainsAny(own, "\u202e\u2066\u200f") {
				t.Errorf("a bidi control reached the user in the bot's own words: %q", own)
			}
			if want := clean(tt.text, true); len(want) < 100 && !strings.Contains(got, "You asked: "+want) {
				t.Errorf("the user reads %q, want %q once, unescaped", got, want)
			}
			if strings.Contains(got, "&amp;amp;") && !strings.Contains(tt.text, "&amp;amp;") {
				t.Error("escaped twice")
			}
			if tt.name == "html" && !strings.Contains(msgs[0], html.EscapeString("<b>bold</b>")) {
				t.Errorf("markup from the user was not escaped: %q", msgs[0])
			}
		})
	}
}

func TestUpdatesSentAgainAreAnsweredOnce(t *testing.T) {
	f := newFakeAPI(t)
	f.updates.SendAgain()
	h := newFakeHandler(nil)
	start(t, f, h)
	q := f.ask(privateChat(alice), alice, "once")
	if c := f.next("sendMessage"); replyTo(c) != q.MessageID {
		t.Fatalf("answer replies to %d", replyTo(c))
	}
	// Every poll from now on sends "once" again; the next question shows
	// whether it was answered twice.
	s := sentinel(t, f, privateChat(alice))
	if c := f.next("sendMessage"); replyTo(c) != s.MessageID {
		t.Errorf("a question the server sent again was answered again")
	}
}

// TestPrivateChatsAreMarkedPrivate: a question in a private chat reaches
// the handler as private (the reply then names no group's admins); one in
// a group does not (TestGroupAnswersOnlyWhenAddressed compares the whole request).
func TestPrivateChatsAreMarkedPrivate(t *testing.T) {
	f := newFakeAPI(t)
	h := newFakeHandler(nil)
	start(t, f, h)
	f.ask(privateChat(alice), alice, "how many were deported?")
	if req := h.next(t); !req.Private || req.Text != "how many were deported?" {
		t.Errorf("request %+v, want the question, private", req)
	}
}

// TestReplyToAnAnswerContinuesItsConversation: in a group, a reply to the
// bot's answer continues the conversation of the question it answered,
// whoever replies, and so do the replier's later turns there; the asker's
// own conversation differs from another member's until then.
func TestReplyToAnAnswerContinuesItsConversation(t *testing.T) {
	f := newFakeAPI(t)
	h := newFakeHandler(nil)
	start(t, f, h)
	group := &tgbotapi.Chat{ID: -1007, Type: "group"}
	ask := func(from *tgbotapi.User, text string, replyTo *tgbotapi.Message) (adapters.Request, call) {
		t.Helper()
		m, up := f.message(group, from, text)
		m.ReplyToMessage = replyTo
		f.push(up)
		return h.next(t), f.next("sendMessage")
	}
	first, answer := ask(alice, "@"+botName+" how many were sent back in 2025?", nil)
	other, _ := ask(bob, "@"+botName+" who is smriti singh", nil)
	if first.Conversation == "" || other.Conversation == first.Conversation {
		t.Fatalf("conversations %q and %q: want one per asker", first.Conversation, other.Conversation)
	}
	bot := &tgbotapi.Message{MessageID: answer.id, From: &tgbotapi.User{ID: botID, IsBot: true, UserName: botName}, Chat: group}
	reply, _ := ask(bob, "and how many were women?", bot)
	if reply.Conversation != first.Conversation {
		t.Errorf("bob's reply to the answer to alice: conversation %q, want alice's %q", reply.Conversation, first.Conversation)
	}
	later, _ := ask(bob, "@"+botName+" and in Pakistan?", nil)
	if later.Conversation != first.Conversation {
		t.Errorf("bob's next turn: conversation %q, want the one he joined, %q", later.Conversation, first.Conversation)
	}
}
