package discord_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"citebot/internal/golden"

	"citebot/adapters"
	"citebot/adapters/discord"
	"citebot/internal/discordfake"
)

func TestAskIsAnsweredWithCitedQuote(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	start(t, f, discord.Config{}, engineHandler(t))

	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("1001", "ask", []string{"question", "how many afghans were deported in 2025"}))
	c := f.WaitCall(t, "POST /interactions/1001/", 1)
	golden.Check(t, "ask_interaction_response", indent(t, c.Body))

	r := discordfake.Decode[discordfake.Response](t, c)
	if r.Type != 4 {
		t.Fatalf("response type %d, want 4 (a message)", r.Type)
	}
	if r.Data.Flags&discordfake.Ephemeral != 0 {
		t.Error("an answer is shown to the asker alone, want it public")
	}
	if len(r.Data.Embeds) != 1 {
		t.Fatalf("%d embeds, want the answer in one", len(r.Data.Embeds))
	}
	e := r.Data.Embeds[0]
	for _, want := range []string{"2.6 million Afghans", "Dawat Media Center, ¶2, 16 December 2025"} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("answer lacks %q:\n%s", want, e.Description)
		}
	}
	if b := r.Data.Buttons(); len(b) != 2 || !strings.HasPrefix(b[0], "fb:up:") || !strings.HasPrefix(b[1], "fb:down:") {
		t.Errorf("buttons %v, want 👍 and 👎 with the answer's id", b)
	}
}

func TestCommandsAreRegisteredOnceAtStart(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, guild, path string
	}{
		{"globally", "", "PUT /applications/111111111111111111/commands"},
		{"in one guild", discordfake.GuildID, "PUT /applications/111111111111111111/guilds/" + discordfake.GuildID + "/commands"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := discordfake.New(t)
			r := start(t, f, discord.Config{GuildID: tt.guild}, &recorder{})
			r.settle(t)
			puts := f.CallsTo("PUT ")
			if len(puts) != 1 || puts[0].String() != tt.path {
				t.Fatalf("registrations %v, want one %s", puts, tt.path)
			}
			var cmds []struct {
				Name    string `json:"name"`
				Type    int    `json:"type"`
				Options []struct {
					Name         string `json:"name"`
					Autocomplete bool   `json:"autocomplete"`
				} `json:"options"`
			}
			if err := json.Unmarshal(puts[0].Body, &cmds); err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range cmds {
				names = append(names, c.Name)
			}
			if got := strings.Join(names, ","); got != "ask,fact,figures,help,source,Find in report" {
				t.Errorf("menu %s, want ask,fact,figures,help,source and Find in report (no /start)", got)
			}
			if len(cmds[1].Options) != 1 || !cmds[1].Options[0].Autocomplete {
				t.Errorf("/fact options %+v, want topic with autocomplete", cmds[1].Options)
			}
		})
	}
}

func TestIdentifyAsksForTheIntentsItNeeds(t *testing.T) {
	t.Parallel()
	const (
		guilds         = 1 << 0
		guildMessages  = 1 << 9
		directMessages = 1 << 12
		messageContent = 1 << 15
	)
	for _, tt := range []struct {
		name    string
		content bool
		want    int
	}{
		{"without message content", false, guilds | guildMessages | directMessages},
		{"with message content", true, guilds | guildMessages | directMessages | messageContent},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := discordfake.New(t)
			start(t, f, discord.Config{MessageContent: tt.content}, &recorder{})
			ids := f.Identifies()
			if len(ids) != 1 {
				t.Fatalf("%d IDENTIFY, want 1", len(ids))
			}
			var id struct {
				Token   string `json:"token"`
				Intents int    `json:"intents"`
			}
			json.Unmarshal(ids[0], &id)
			if id.Intents != tt.want {
				t.Errorf("intents %b, want %b", id.Intents, tt.want)
			}
			if id.Token != "Bot "+f.Token {
				t.Errorf("IDENTIFY token %q, want the bot token", id.Token)
			}
		})
	}
}

func TestAutocomplete(t *testing.T) {
	t.Parallel()
	t.Run("fact cards from the report", func(t *testing.T) {
		t.Parallel()
		f := discordfake.New(t)
		start(t, f, discord.Config{}, engineHandler(t))
		f.Dispatch(t, "INTERACTION_CREATE", f.Autocomplete("2001", "women"))
		r := f.Response(t, "2001")
		if r.Type != 8 {
			t.Fatalf("response type %d, want 8 (autocomplete result)", r.Type)
		}
		if n := len(r.Data.Choices); n == 0 || n > 25 {
			t.Fatalf("%d choices, want 1 to 25", n)
		}
		for _, c := range r.Data.Choices {
			if n := len([]rune(c.Name)); n > 100 || n == 0 {
				t.Errorf("choice of %d characters: %q", n, c.Name)
			}
			if v, ok := c.Value.(string); !ok || len([]rune(v)) > 100 {
				t.Errorf("choice value %v: want a string of at most 100 characters", c.Value)
			}
		}
		if !strings.Contains(strings.ToLower(r.Data.Choices[0].Name), "women") {
			t.Errorf("first choice %q is not about women", r.Data.Choices[0].Name)
		}
	})
	t.Run("at most 25 choices", func(t *testing.T) {
		t.Parallel()
		f := discordfake.New(t)
		h := &recorder{reply: func(req adapters.Request) (adapters.Reply, error) {
			var r adapters.Reply
			for i := range 40 {
				r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Quote, Text: fmt.Sprintf("card %d: %s", i, strings.Repeat("long words ", 20)), Cite: testCite})
			}
			return r, nil
		}}
		start(t, f, discord.Config{}, h)
		f.Dispatch(t, "INTERACTION_CREATE", f.Autocomplete("2002", "wom"))
		r := f.Response(t, "2002")
		if len(r.Data.Choices) != 25 {
			t.Errorf("%d choices, want 25", len(r.Data.Choices))
		}
		reqs := h.requests()
		if len(reqs) != 1 || reqs[0].Command != adapters.CommandCards || reqs[0].Text != "wom" {
			t.Errorf("handler asked %+v, want the cards command with what was typed", reqs)
		}
	})
	t.Run("a slow handler still gets an answer within Discord's 3 seconds", func(t *testing.T) {
		t.Parallel()
		f := discordfake.New(t)
		h := adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			<-ctx.Done()
			return adapters.Reply{}, ctx.Err()
		})
		start(t, f, discord.Config{}, h)
		sent := time.Now()
		f.Dispatch(t, "INTERACTION_CREATE", f.Autocomplete("2003", "wom"))
		r := f.Response(t, "2003")
		if took := time.Since(sent); took >= 3*time.Second {
			t.Errorf("answered after %v, Discord gives up after 3 s", took)
		}
		if r.Type != 8 || r.Data.Choices == nil || len(r.Data.Choices) != 0 {
			t.Errorf("response %+v, want an empty list of choices", r)
		}
	})
}

func TestMentionsAndDirectMessages(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	h := &recorder{}
	r := start(t, f, discord.Config{}, h)

	f.Dispatch(t, "MESSAGE_CREATE", f.Message("3001", "just chatting, not to the bot", false, true))
	bot := f.Message("3002", "just chatting", false, true)
	bot["author"] = map[string]any{"id": "999", "username": "otherbot", "bot": true}
	bot["mentions"] = f.Message("", "", true, true)["mentions"]
	f.Dispatch(t, "MESSAGE_CREATE", bot)
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("3003", "<@"+f.BotID+"> how many were deported?", true, true))
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("3004", "and in a DM?", false, false))
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("3005", "<@!"+f.BotID+"> /fact women", true, true))
	f.WaitCall(t, "POST /channels/"+discordfake.ChannelID+"/messages", 3)
	r.settle(t)

	posts := f.CallsTo("POST /channels/")
	if len(posts) != 3 {
		t.Fatalf("%d messages sent, want 3 (the mention, the DM, the command)", len(posts))
	}
	byRef := map[string]discordfake.Sent{}
	for _, c := range posts {
		m := discordfake.Decode[discordfake.Sent](t, c)
		if m.Reference == nil {
			t.Fatalf("answer %s is not a reply", m.Text())
		}
		byRef[m.Reference.MessageID] = m
	}
	for id, want := range map[string]string{"3003": "how many were deported?", "3004": "and in a DM?", "3005": "women"} {
		m, ok := byRef[id]
		if !ok {
			t.Errorf("message %s got no reply", id)
			continue
		}
		if !strings.Contains(m.Text(), want) || strings.Contains(m.Text(), f.BotID) {
			t.Errorf("reply to %s:\n%s\nwant the question %q without the mention", id, m.Text(), want)
		}
	}
	var got []string
	for _, req := range h.requests() {
		got = append(got, req.Command+"|"+req.Text)
		if req.Adapter != "discord" || req.Asker == "" || strings.Contains(req.Asker, discordfake.UserA) {
			t.Errorf("request %+v: want adapter discord and an opaque asker", req)
		}
		// A DM is private: the reply tells how to reach a moderator there.
		if dm := req.Text == "and in a DM?"; req.Private != dm {
			t.Errorf("request %q: private %v, want %v", req.Text, req.Private, dm)
		}
		// One asker in one channel: one conversation, named opaquely.
		if c := req.Conversation; c == "" || c != h.requests()[0].Conversation || strings.Contains(c, discordfake.UserA) || strings.Contains(c, discordfake.ChannelID) {
			t.Errorf("request %q: conversation %q, want the asker's one in the channel, opaque", req.Text, c)
		}
	}
	sort.Strings(got)
	if want := "fact|women,|and in a DM?,|how many were deported?"; strings.Join(got, ",") != want {
		t.Errorf("handler asked %s, want %s", strings.Join(got, ","), want)
	}
}

func TestReconnectsAfterTheConnectionDrops(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		refuse  bool // the gateway will not resume: a new session
		resumes int
		idents  int
	}{
		{"resumes the session", false, 1, 1},
		{"identifies again when resuming is refused", true, 0, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := discordfake.New(t)
			start(t, f, discord.Config{}, engineHandler(t))
			f.Dispatch(t, "INTERACTION_CREATE", f.Slash("5001", "ask", []string{"question", "how many afghans were deported in 2025"}))
			if r := f.Response(t, "5001"); !strings.Contains(r.Data.Text(), "2.6 million") {
				t.Fatalf("first answer:\n%s", r.Data.Text())
			}

			f.RefuseResume(tt.refuse)
			f.Drop()
			f.WaitReady(t)

			f.Dispatch(t, "INTERACTION_CREATE", f.Slash("5002", "ask", []string{"question", "how many afghans were deported in 2025"}))
			if r := f.Response(t, "5002"); !strings.Contains(r.Data.Text(), "2.6 million") {
				t.Errorf("answer after the reconnect:\n%s", r.Data.Text())
			}
			resumes, idents := f.Resumes(), len(f.Identifies())
			if resumes != tt.resumes || idents != tt.idents {
				t.Errorf("%d RESUME and %d IDENTIFY, want %d and %d", resumes, idents, tt.resumes, tt.idents)
			}
			if n := len(f.CallsTo("POST /interactions/5001/")); n != 1 {
				t.Errorf("the first question was answered %d times, want once", n)
			}
		})
	}
}

func TestEditedQuestionGetsItsAnswerEdited(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	r := start(t, f, discord.Config{}, &recorder{})
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("6001", "<@"+f.BotID+"> first wording", true, true))
	first := discordfake.Decode[discordfake.Sent](t, f.WaitCall(t, "POST /channels/"+discordfake.ChannelID+"/messages", 1))
	if !strings.Contains(first.Text(), "first wording") {
		t.Fatalf("first answer:\n%s", first.Text())
	}

	// An update that keeps the text (an embed unfurled) changes nothing.
	f.Dispatch(t, "MESSAGE_UPDATE", f.Message("6001", "<@"+f.BotID+"> first wording", true, true))
	// An edit of a message the bot did not answer changes nothing.
	f.Dispatch(t, "MESSAGE_UPDATE", f.Message("6099", "<@"+f.BotID+"> never asked", true, true))
	f.Dispatch(t, "MESSAGE_UPDATE", f.Message("6001", "<@"+f.BotID+"> second wording", true, true))
	edit := f.WaitCall(t, "PATCH /channels/"+discordfake.ChannelID+"/messages/", 1)
	r.settle(t)

	if want := "PATCH /channels/" + discordfake.ChannelID + "/messages/500001"; edit.String() != want {
		t.Errorf("edited %s, want %s (the first answer)", edit, want)
	}
	m := discordfake.Decode[discordfake.Sent](t, edit)
	if !strings.Contains(m.Text(), "second wording") || strings.Contains(m.Text(), "first wording") {
		t.Errorf("edited answer:\n%s\nwant the answer to the new wording", m.Text())
	}
	if n := len(f.CallsTo("PATCH ")); n != 1 {
		for _, c := range f.CallsTo("PATCH ") {
			t.Logf("%s %s", c, c.Body)
		}
		t.Errorf("%d edits, want 1", n)
	}
	if n := len(f.CallsTo("POST /channels/")); n != 1 {
		t.Errorf("%d messages sent, want only the first answer", n)
	}
}

func TestEditToALongerAnswerAddsMessagesAndToAShorterDeletesThem(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	h := &recorder{reply: func(req adapters.Request) (adapters.Reply, error) {
		if req.Text != "long" {
			return echo(req), nil
		}
		return manyQuotes(30, 450), nil
	}}
	r := start(t, f, discord.Config{}, h)
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("6101", "short", false, false))
	f.WaitCall(t, "POST /channels/", 1)
	f.Dispatch(t, "MESSAGE_UPDATE", f.Message("6101", "long", false, false))
	r.settle(t)
	posts, edits := f.CallsTo("POST /channels/"), f.CallsTo("PATCH /channels/")
	if len(edits) != 1 || len(posts) < 3 {
		t.Fatalf("%d edits and %d messages, want the first edited and more sent", len(edits), len(posts))
	}
	f.Dispatch(t, "MESSAGE_UPDATE", f.Message("6101", "short again", false, false))
	r.settle(t)
	if d := f.CallsTo("DELETE /channels/"); len(d) != len(posts)-1 {
		t.Errorf("%d messages deleted, want %d (all but the first)", len(d), len(posts)-1)
	}
}

// manyQuotes is an answer too long for one message.
func manyQuotes(k, n int) adapters.Reply {
	r := adapters.Reply{Answered: true, ID: "0123456789ab", Blocks: []adapters.Block{{Kind: adapters.Text, Text: "The key figures:"}}}
	for i := 1; i <= k; i++ {
		q := fmt.Sprintf("Quote %d:", i)
		for len(q) < n {
			q += " words of the source"
		}
		r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Quote, Text: q + ".", Cite: testCite})
	}
	return r
}

func TestLongAnswerIsSplitIntoFollowUps(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	r := start(t, f, discord.Config{}, &recorder{reply: func(adapters.Request) (adapters.Reply, error) { return manyQuotes(30, 450), nil }})
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("7001", "figures", nil))
	first := f.Response(t, "7001")
	r.settle(t)
	msgs := []discordfake.Sent{first.Data}
	for _, c := range f.CallsTo("POST /webhooks/" + f.AppID + "/itok-7001") {
		msgs = append(msgs, discordfake.Decode[discordfake.Sent](t, c))
	}
	if len(msgs) < 2 {
		t.Fatalf("%d messages, want the answer split", len(msgs))
	}
	all := ""
	for k, m := range msgs {
		if m.Flags&discordfake.Ephemeral != 0 {
			t.Errorf("message %d is ephemeral, want the answer public", k)
		}
		if n := len(m.Embeds); n == 0 || n > 10 {
			t.Errorf("message %d has %d embeds", k, n)
		}
		total := 0
		for _, e := range m.Embeds {
			total += len([]rune(e.Description))
			if e.Footer != nil {
				total += len([]rune(e.Footer.Text))
			}
		}
		if total > 6000 {
			t.Errorf("message %d: %d characters of embeds, Discord takes 6000", k, total)
		}
		if b := m.Buttons(); (k == len(msgs)-1) != (len(b) == 2) {
			t.Errorf("message %d has buttons %v; want them on the last message only", k, b)
		}
		all += m.Text() + "\n"
	}
	for i := 1; i <= 30; i++ {
		q := manyQuotes(30, 450).Blocks[i].Text
		if n := strings.Count(all, "> "+q+"\n"); n != 1 {
			t.Errorf("quote %d shows whole %d times, want once", i, n)
		}
	}
}

func TestNotFoundIsEphemeralAndAnswersArePublic(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	start(t, f, discord.Config{}, engineHandler(t))
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("8001", "ask", []string{"question", "what is the capital of france"}))
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("8002", "ask", []string{"question", "how many afghans were deported in 2025"}))
	notFound, found := f.Response(t, "8001"), f.Response(t, "8002")
	if notFound.Data.Flags&discordfake.Ephemeral == 0 {
		t.Error("\"not found\" is public, want it shown to the asker alone")
	}
	if len(notFound.Data.Buttons()) != 0 {
		t.Errorf("\"not found\" carries buttons %v", notFound.Data.Buttons())
	}
	if !strings.Contains(notFound.Data.Text(), "does not say") {
		t.Errorf("not found:\n%s", notFound.Data.Text())
	}
	if found.Data.Flags&discordfake.Ephemeral != 0 {
		t.Error("the answer is ephemeral, want it public")
	}
}

func TestFeedbackButtons(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	h := &recorder{reply: func(req adapters.Request) (adapters.Reply, error) {
		return adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Text, Text: "Thank you: your feedback is counted."}}}, nil
	}}
	r := start(t, f, discord.Config{}, h)
	f.Dispatch(t, "INTERACTION_CREATE", f.Button("9001", "fb:up:98fc6e59a6fc"))
	f.Dispatch(t, "INTERACTION_CREATE", f.Button("9002", "fb:down:98fc6e59a6fc", discordfake.AsUser(discordfake.UserB)))
	f.Dispatch(t, "INTERACTION_CREATE", f.Button("9003", "something:else"))
	for _, id := range []string{"9001", "9002", "9003"} {
		resp := f.Response(t, id)
		if resp.Type != 4 || resp.Data.Flags&discordfake.Ephemeral == 0 {
			t.Errorf("click %s answered with type %d flags %d, want an ephemeral message", id, resp.Type, resp.Data.Flags)
		}
	}
	r.settle(t)
	var got []string
	for _, req := range h.requests() {
		got = append(got, req.Command+"|"+req.Text)
	}
	sort.Strings(got)
	if want := "feedback|down 98fc6e59a6fc,feedback|up 98fc6e59a6fc"; strings.Join(got, ",") != want {
		t.Errorf("handler asked %v, want %s", got, want)
	}
}

func TestFindInReportAnswersAboutTheSelectedMessage(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	start(t, f, discord.Config{}, engineHandler(t))
	f.Dispatch(t, "INTERACTION_CREATE", f.FindInReport("9101", "<@123> how many afghans were deported in 2025?"))
	r := f.Response(t, "9101")
	if !strings.Contains(r.Data.Text(), "2.6 million") {
		t.Errorf("answer about the selected message:\n%s", r.Data.Text())
	}
	f.Dispatch(t, "INTERACTION_CREATE", f.FindInReport("9102", ""))
	if r := f.Response(t, "9102"); r.Data.Flags&discordfake.Ephemeral == 0 || !strings.Contains(r.Data.Text(), "no text") {
		t.Errorf("a message without text got %+v, want an ephemeral notice", r.Data)
	}
}

func TestRateLimitedRequestsAreRetried(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	r := start(t, f, discord.Config{}, &recorder{})
	f.Limit("POST /channels/", 1)
	f.Limit("POST /interactions/", 1)
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("9201", "a DM", false, false))
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("9202", "ask", []string{"question", "a slash command"}))
	f.WaitCall(t, "POST /channels/", 1)
	f.Response(t, "9202")
	r.settle(t)
	for _, prefix := range []string{"POST /channels/", "POST /interactions/9202/"} {
		var tries, ok int
		for _, c := range f.Calls() {
			if strings.HasPrefix(c.String(), prefix) {
				tries++
				if c.Status < 300 {
					ok++
				}
			}
		}
		if tries != 2 || ok != 1 {
			t.Errorf("%s: %d tries, %d delivered; want a 429 and then one delivery", prefix, tries, ok)
		}
	}
}

func TestAPanicInTheHandlerIsLoggedAndTheBotGoesOn(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	h := &recorder{reply: func(req adapters.Request) (adapters.Reply, error) {
		if req.Text == "boom" {
			panic("index out of range")
		}
		return echo(req), nil
	}}
	r := start(t, f, discord.Config{}, h)
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("9301", "ask", []string{"question", "boom"}))
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("9302", "boom", false, false))
	sorry := f.Response(t, "9301")
	if !strings.Contains(sorry.Data.Text(), "Sorry, something went wrong") || sorry.Data.Flags&discordfake.Ephemeral == 0 {
		t.Errorf("after a panic the asker got %+v, want an ephemeral apology", sorry.Data)
	}
	f.WaitCall(t, "POST /channels/", 1)
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("9303", "ask", []string{"question", "still there?"}))
	if next := f.Response(t, "9303"); !strings.Contains(next.Data.Text(), "still there?") {
		t.Errorf("next answer:\n%s", next.Data.Text())
	}
	r.settle(t)
	if n := strings.Count(r.log.String(), "handler panicked"); n != 2 {
		t.Errorf("%d panics logged, want 2:\n%s", n, r.log.String())
	}
}

func TestSilentReplies(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	h := &recorder{reply: func(req adapters.Request) (adapters.Reply, error) {
		if req.Text == "quiet" {
			return adapters.Reply{Silent: true}, nil
		}
		return echo(req), nil
	}}
	r := start(t, f, discord.Config{}, h)
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("9401", "ask", []string{"question", "quiet"}))
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("9402", "quiet", false, false))
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("9403", "ask", []string{"question", "loud"}))
	f.Response(t, "9403")
	r.settle(t)
	if len(h.requests()) != 3 {
		t.Fatalf("handler asked %d times, want 3", len(h.requests()))
	}
	// A slash command must be answered, or Discord shows "This interaction
	// failed": the sender over the limit is told to wait, privately.
	if c := f.CallsTo("POST /interactions/9401/"); len(c) != 1 || !strings.Contains(string(c[0].Body), `"flags":64`) ||
		!strings.Contains(string(c[0].Body), "Please wait a minute") {
		t.Errorf("a silenced slash command got %d responses, want one ephemeral notice: %v", len(c), c)
	}
	if c := f.CallsTo("POST /channels/"); len(c) != 0 {
		t.Errorf("a silent reply to a message was sent: %s", c[0].Body)
	}
}

func TestSlowCommandIsDeferredThenEdited(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	release := make(chan struct{})
	h := &recorder{reply: func(req adapters.Request) (adapters.Reply, error) {
		<-release
		return echo(req), nil
	}}
	start(t, f, discord.Config{}, h, func(a *discord.Adapter) { discord.SetTimings(a, 20*time.Millisecond, time.Second) })
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("9501", "ask", []string{"question", "a hard one"}))
	if r := f.Response(t, "9501"); r.Type != 5 || r.Data.Flags&discordfake.Ephemeral != 0 {
		t.Fatalf("first response type %d flags %d, want 5 (thinking…), public", r.Type, r.Data.Flags)
	}
	close(release)
	edit := discordfake.Decode[discordfake.Sent](t, f.WaitCall(t, "PATCH /webhooks/"+f.AppID+"/itok-9501/messages/@original", 1))
	if !strings.Contains(edit.Text(), "a hard one") || len(edit.Buttons()) != 2 {
		t.Errorf("deferred answer:\n%s\nbuttons %v", edit.Text(), edit.Buttons())
	}
}

func TestModeratorAndAsker(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	h := &recorder{}
	r := start(t, f, discord.Config{ModeratorRoleIDs: []string{"mods"}}, h)
	cases := []struct {
		id   string
		opts []discordfake.Opt
		mod  bool
	}{
		{"9601", nil, false},
		{"9602", []discordfake.Opt{discordfake.WithRoles("readers", "mods")}, true},
		{"9603", []discordfake.Opt{discordfake.WithPermissions(1 << 5)}, true}, // Manage Server
		{"9604", []discordfake.Opt{discordfake.WithPermissions(1 << 3)}, true}, // Administrator
		{"9605", []discordfake.Opt{discordfake.WithPermissions(1<<10 | 1<<11), discordfake.WithRoles("readers")}, false},
		{"9606", []discordfake.Opt{discordfake.InDM}, false},
		{"9607", []discordfake.Opt{discordfake.AsUser(discordfake.UserB)}, false},
	}
	for _, c := range cases {
		f.Dispatch(t, "INTERACTION_CREATE", f.Slash(c.id, "ask", []string{"question", c.id}, c.opts...))
	}
	for _, c := range cases {
		f.Response(t, c.id)
	}
	r.settle(t)
	askers := map[string]string{}
	for _, req := range h.requests() {
		for _, c := range cases {
			if req.Text == c.id && req.Moderator != c.mod {
				t.Errorf("interaction %s: Moderator = %v, want %v", c.id, req.Moderator, c.mod)
			}
		}
		askers[req.Text] = req.Asker
		if strings.Contains(req.Asker, discordfake.UserA) || strings.Contains(req.Asker, discordfake.UserB) || req.Asker == "" {
			t.Errorf("asker %q: want an opaque, non-empty name", req.Asker)
		}
	}
	if askers["9601"] != askers["9606"] || askers["9601"] != askers["9602"] {
		t.Errorf("one user has askers %q, %q, %q; want one", askers["9601"], askers["9602"], askers["9606"])
	}
	if askers["9601"] == askers["9607"] {
		t.Error("two users share an asker")
	}
	if strings.Contains(r.log.String(), discordfake.UserA) {
		t.Error("a user id is in the log")
	}
}

func TestMessageFromAManagerIsFromAModerator(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	h := &recorder{}
	r := start(t, f, discord.Config{}, h)
	f.Dispatch(t, "GUILD_CREATE", map[string]any{"id": discordfake.GuildID, "name": "g", "owner_id": "1", "roles": []any{
		map[string]any{"id": discordfake.GuildID, "name": "@everyone", "permissions": "0"},
		map[string]any{"id": "managers", "name": "managers", "permissions": fmt.Sprint(1 << 5)},
	}})
	m := f.Message("9701", "<@"+f.BotID+"> as a manager", true, true)
	m["member"] = map[string]any{"roles": []string{"managers"}}
	f.Dispatch(t, "MESSAGE_CREATE", m)
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("9702", "<@"+f.BotID+"> as anyone", true, true))
	f.WaitCall(t, "POST /channels/", 2)
	r.settle(t)
	for _, req := range h.requests() {
		if want := req.Text == "as a manager"; req.Moderator != want {
			t.Errorf("%q: Moderator = %v, want %v", req.Text, req.Moderator, want)
		}
	}
}

func TestDiscordgoLogsReachTheLoggerWithoutTheToken(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	r := start(t, f, discord.Config{}, &recorder{})
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("9801", "ask", []string{"question", "anything"}))
	f.Response(t, "9801")
	r.settle(t)
	logs := r.log.String()
	if !strings.Contains(logs, "discordgo:") {
		t.Fatalf("nothing of discordgo in the log:\n%s", logs)
	}
	for _, secret := range []string{f.Token, "itok-9801", discordfake.UserA, "anything"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}

// TestSlashCommandContinuesTheConversation: the asker's next slash command
// in a channel is a turn of the same conversation as their mention there;
// another member's is not.
func TestSlashCommandContinuesTheConversation(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	h := &recorder{}
	r := start(t, f, discord.Config{}, h)
	f.Dispatch(t, "MESSAGE_CREATE", f.Message("3101", "<@"+f.BotID+"> how many were deported?", true, true))
	f.WaitCall(t, "POST /channels/"+discordfake.ChannelID+"/messages", 1)
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("3102", "ask", []string{"question", "and how many were women?"}))
	f.Response(t, "3102")
	f.Dispatch(t, "INTERACTION_CREATE", f.Slash("3103", "ask", []string{"question", "and in Pakistan?"}, discordfake.AsUser(discordfake.UserB)))
	f.Response(t, "3103")
	r.settle(t)
	by := map[string]string{}
	for _, req := range h.requests() {
		by[req.Text] = req.Conversation
	}
	mention, slash, other := by["how many were deported?"], by["and how many were women?"], by["and in Pakistan?"]
	if mention == "" || slash != mention {
		t.Errorf("the asker's slash command: conversation %q, want their mention's %q", slash, mention)
	}
	if other == "" || other == mention {
		t.Errorf("another member's slash command: conversation %q, want one of their own", other)
	}
}
