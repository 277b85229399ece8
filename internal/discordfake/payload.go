package discordfake

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Who and where, in the events the fake makes.
const (
	GuildID   = "222222222222222222"
	ChannelID = "333333333333333333"
	UserA     = "444444444444444444"
	UserB     = "555555555555555555"
)

// Permission bits an interaction's member may carry.
const (
	PermAdministrator = 1 << 3
	PermManageServer  = 1 << 5
)

// Interactions as Discord sends them.

// Opt changes an interaction (or a message) before it is dispatched.
type Opt func(map[string]any)

// Interaction is an INTERACTION_CREATE payload of type typ from UserA, a
// member of GuildID without roles or permissions.
func (s *Server) Interaction(id string, typ int, data map[string]any, opts ...Opt) map[string]any {
	ix := map[string]any{
		"id": id, "application_id": s.AppID, "type": typ, "token": "itok-" + id, "version": 1,
		"guild_id": GuildID, "channel_id": ChannelID, "locale": "en-US",
		"member": map[string]any{"user": map[string]any{"id": UserA, "username": "asker"}, "roles": []string{}, "permissions": "0"},
		"data":   data,
	}
	for _, o := range opts {
		o(ix)
	}
	return ix
}

// Slash is /name with string options given as name, value pairs.
func (s *Server) Slash(id, name string, kv []string, opts ...Opt) map[string]any {
	var options []map[string]any
	for i := 0; i+1 < len(kv); i += 2 {
		options = append(options, map[string]any{"name": kv[i], "type": 3, "value": kv[i+1]})
	}
	return s.Interaction(id, 2, map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": options}, opts...)
}

// Autocomplete is what Discord sends as someone types the topic of /fact.
func (s *Server) Autocomplete(id, typed string, opts ...Opt) map[string]any {
	return s.Interaction(id, 4, map[string]any{"id": "cmd-fact", "name": "fact", "type": 1,
		"options": []map[string]any{{"name": "topic", "type": 3, "value": typed, "focused": true}}}, opts...)
}

// Button is a click on the button customID.
func (s *Server) Button(id, customID string, opts ...Opt) map[string]any {
	return s.Interaction(id, 3, map[string]any{"custom_id": customID, "component_type": 2}, opts...)
}

// FindInReport is the message menu command on a message of UserB's.
func (s *Server) FindInReport(id, content string, opts ...Opt) map[string]any {
	return s.Interaction(id, 2, map[string]any{"id": "cmd-find", "name": "Find in report", "type": 3, "target_id": "777",
		"resolved": map[string]any{"messages": map[string]any{"777": map[string]any{
			"id": "777", "channel_id": ChannelID, "content": content, "author": map[string]any{"id": UserB, "username": "other"},
		}}}}, opts...)
}

// AsUser makes the interaction or the message come from user id.
func AsUser(id string) Opt {
	return func(m map[string]any) {
		u := map[string]any{"id": id, "username": "user" + id}
		switch member, _ := m["member"].(map[string]any); {
		case m["author"] != nil: // a message
			m["author"] = u
		case member != nil:
			member["user"] = u
		default:
			m["user"] = u
		}
	}
}

// WithRoles gives the interaction's member roles.
func WithRoles(roles ...string) Opt {
	return func(ix map[string]any) { ix["member"].(map[string]any)["roles"] = roles }
}

// WithPermissions gives the interaction's member permissions in the channel.
func WithPermissions(p int64) Opt {
	return func(ix map[string]any) { ix["member"].(map[string]any)["permissions"] = fmt.Sprint(p) }
}

// RepliesTo makes the message a reply to message id in its channel.
func RepliesTo(id string) Opt {
	return func(m map[string]any) {
		m["type"] = 19 // a reply
		m["message_reference"] = map[string]any{"message_id": id, "channel_id": m["channel_id"]}
	}
}

// OnMessage makes a button click come from the bot's message m, as
// Discord sends it with the click (whole, ephemeral or not).
func OnMessage(id string, m Sent) Opt {
	return func(ix map[string]any) {
		var embeds []map[string]any
		for _, e := range m.Embeds {
			em := map[string]any{"type": "rich", "description": e.Description}
			if e.Footer != nil {
				em["footer"] = map[string]any{"text": e.Footer.Text}
			}
			embeds = append(embeds, em)
		}
		ix["message"] = map[string]any{"id": id, "channel_id": ChannelID, "content": m.Content, "embeds": embeds,
			"flags": m.Flags, "author": map[string]any{"id": ix["application_id"], "username": "citebot", "bot": true}}
	}
}

// InDM makes the interaction come from a direct message: a user, no member.
func InDM(ix map[string]any) {
	delete(ix, "member")
	delete(ix, "guild_id")
	ix["user"] = map[string]any{"id": UserA, "username": "asker"}
}

// Messages as the gateway sends them.

// Message is a MESSAGE_CREATE (or MESSAGE_UPDATE) payload from UserA in
// ChannelID: in GuildID when guild is set, else a direct message;
// mentionsBot lists the bot among its mentions.
func (s *Server) Message(id, content string, mentionsBot, guild bool, opts ...Opt) map[string]any {
	m := map[string]any{
		"id": id, "channel_id": ChannelID, "content": content, "type": 0,
		"author":   map[string]any{"id": UserA, "username": "asker"},
		"mentions": []any{},
	}
	if mentionsBot {
		m["mentions"] = []any{map[string]any{"id": s.BotID, "username": "citebot", "bot": true}}
	}
	if guild {
		m["guild_id"] = GuildID
		m["member"] = map[string]any{"roles": []string{}}
	}
	for _, o := range opts {
		o(m)
	}
	return m
}

// What the fake received, read back as a test sees it.

// Embed is an embed as the bot sent it.
type Embed struct {
	Description string `json:"description"`
	Footer      *struct {
		Text string `json:"text"`
	} `json:"footer"`
}

// Sent is a message as the bot sent it: a channel message, a follow-up,
// an edit, or the data of an interaction response.
type Sent struct {
	Content    string  `json:"content"`
	Embeds     []Embed `json:"embeds"`
	Components []struct {
		Components []struct {
			CustomID string `json:"custom_id"`
			Label    string `json:"label"`
		} `json:"components"`
	} `json:"components"`
	Flags           int             `json:"flags"`
	AllowedMentions json.RawMessage `json:"allowed_mentions"`
	Reference       *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
	Choices []struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	} `json:"choices"`
}

// Text is everything the message shows, embeds included.
func (m Sent) Text() string {
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		parts = append(parts, e.Description)
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// Buttons are the custom ids of the message's buttons.
func (m Sent) Buttons() []string {
	var ids []string
	for _, row := range m.Components {
		for _, b := range row.Components {
			ids = append(ids, b.CustomID)
		}
	}
	return ids
}

// Ephemeral is the flag of a message shown to its asker alone.
const Ephemeral = 1 << 6

// Response is an interaction response: its type (4 a message, 5
// "thinking…", 8 autocomplete choices) and its message.
type Response struct {
	Type int  `json:"type"`
	Data Sent `json:"data"`
}

// Decode reads a call's JSON body as a T.
func Decode[T any](t testing.TB, c Call) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(c.Body, &v); err != nil {
		t.Fatalf("%s: %v\n%s", c, err, c.Body)
	}
	return v
}

// Response waits for the response to interaction id.
func (s *Server) Response(t testing.TB, id string) Response {
	t.Helper()
	return Decode[Response](t, s.WaitCall(t, "POST /interactions/"+id+"/itok-"+id+"/callback", 1))
}

// Reply waits for the bot's channel message replying to message id and
// returns it.
func (s *Server) Reply(t testing.TB, id string) Sent {
	t.Helper()
	var m Sent
	s.WaitFor(t, "a reply to message "+id, func(c Call) bool {
		if !strings.HasPrefix(c.String(), "POST /channels/") {
			return false
		}
		m = Decode[Sent](t, c)
		return m.Reference != nil && m.Reference.MessageID == id
	})
	return m
}
