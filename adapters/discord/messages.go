package discord

import (
	"context"
	"crypto/sha256"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bwmarrin/discordgo"

	"citebot/adapters"
)

// maxTracked bounds the answered messages remembered for edits; the oldest
// is forgotten first.
const maxTracked = 2048

// onMessageCreate answers a message that mentions the bot, and any direct
// message, in reply to it.
func (a *Adapter) onMessageCreate(_ *discordgo.Session, mc *discordgo.MessageCreate) {
	if mc == nil || mc.Message == nil {
		return
	}
	m := mc.Message
	text, ok := a.question(m)
	if !ok {
		return
	}
	// Remembered before it is answered, so that an edit arriving while the
	// answer is sent waits for it and then edits it.
	t := &answered{channelID: m.ChannelID, sum: sha256.Sum256([]byte(text)), asker: a.asker(m.Author.ID)}
	t.mu.Lock()
	a.sent.put(m.ID, t)
	a.spawn("message", func(ctx context.Context) {
		defer t.mu.Unlock()
		req := a.messageRequest(m, text, t.asker)
		r := a.ask(ctx, req)
		if r.Silent {
			return
		}
		t.replies = a.post(ctx, m, render(r), r.ID, nil)
		if req.Conversation != "" {
			// A reply to one of these continues this conversation.
			for _, id := range t.replies {
				a.convOf.put(id, req.Conversation)
			}
		}
	})
}

// onMessageUpdate answers an edited question again, editing the answer.
func (a *Adapter) onMessageUpdate(_ *discordgo.Session, mu *discordgo.MessageUpdate) {
	if mu == nil || mu.Message == nil {
		return
	}
	m := mu.Message
	t := a.sent.get(m.ID)
	if t == nil {
		return
	}
	text, ok := a.question(m)
	if !ok {
		// The mention was edited out, or this is an update without the
		// text (an embed unfurled): leave the answer as it is.
		return
	}
	// Edits are answered in the order they were read: one overtaken by a
	// later edit of the same message is dropped.
	gen := t.latest.Add(1)
	a.spawn("edit", func(ctx context.Context) {
		t.mu.Lock()
		defer t.mu.Unlock()
		sum := sha256.Sum256([]byte(text))
		if sum == t.sum || t.latest.Load() != gen {
			return
		}
		asker := t.asker
		if m.Author != nil {
			asker = a.asker(m.Author.ID)
		}
		r := a.ask(ctx, a.messageRequest(m, text, asker))
		if r.Silent {
			return
		}
		t.sum = sum
		t.replies = a.post(ctx, m, render(r), r.ID, t.replies)
	})
}

// question reads a message as a question: a direct message, or one that
// mentions the bot (the mention taken out). Bots, the bot itself included,
// are not answered.
func (a *Adapter) question(m *discordgo.Message) (string, bool) {
	if m.Author == nil || m.Author.Bot || strings.TrimSpace(m.Content) == "" {
		return "", false
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return "", false
	}
	me := a.botID()
	mentioned := false
	for _, u := range m.Mentions {
		mentioned = mentioned || (u != nil && me != "" && u.ID == me)
	}
	if m.GuildID != "" && !mentioned {
		return "", false
	}
	text := m.Content
	if me != "" {
		text = strings.NewReplacer("<@"+me+">", " ", "<@!"+me+">", " ").Replace(text)
	}
	return strings.TrimSpace(text), true
}

func (a *Adapter) botID() string {
	st := a.session.State
	st.RLock()
	defer st.RUnlock()
	if st.User == nil {
		return ""
	}
	return st.User.ID
}

// messageRequest is the Request of a question asked in a message;
// "/fact women" after the mention is the fact command.
func (a *Adapter) messageRequest(m *discordgo.Message, text, asker string) adapters.Request {
	req := adapters.Request{Adapter: "discord", Asker: asker, Private: m.GuildID == ""}
	if m.Author != nil {
		req.Conversation = a.messageConversation(m)
	}
	if m.Member != nil && m.GuildID != "" && m.Author != nil {
		req.Moderator = a.moderates(m.Member.Roles, a.guildPermissions(m.GuildID, m.Author.ID, m.Member.Roles))
		if req.Moderator {
			req.Author = "discord:" + m.Author.ID
		}
	}
	cmd, arg := adapters.ParseCommand(text)
	if cmd == "" {
		arg = plainText(arg)
	}
	req.Command, req.Text = cmd, arg
	return req
}

// messageConversation is Request.Conversation for m: the conversation of
// the bot's answer it replies to, whoever replies (the replier's later
// turns in the channel then continue it too), else the one the author
// joined so, else the author's own in the channel.
func (a *Adapter) messageConversation(m *discordgo.Message) string {
	own := a.conversation(m.ChannelID, m.Author.ID)
	joined := "joined:" + own
	if ref := m.MessageReference; ref != nil {
		if c := a.convOf.get(ref.MessageID); c != "" {
			a.convOf.put(joined, c)
			return c
		}
	}
	if c := a.convOf.get(joined); c != "" {
		return c
	}
	return own
}

// guildPermissions adds up a member's permissions from the roles Discord's
// state knows; messages, unlike interactions, do not carry them.
func (a *Adapter) guildPermissions(guildID, userID string, roles []string) int64 {
	st := a.session.State
	g, err := st.Guild(guildID)
	if err != nil {
		return 0
	}
	st.RLock()
	owner := g.OwnerID
	st.RUnlock()
	if owner == userID {
		return discordgo.PermissionAdministrator
	}
	var perms int64
	for _, id := range append([]string{guildID}, roles...) { // the @everyone role has the guild's id
		if r, err := st.Role(guildID, id); err == nil {
			perms |= r.Permissions
		}
	}
	return perms
}

// post sends a reply's messages in reply to m, editing the messages of an
// earlier answer (old) in place, sending any more and deleting any left
// over. It returns the ids of the messages that now hold the answer.
func (a *Adapter) post(ctx context.Context, m *discordgo.Message, msgs []message, answerID string, old []string) []string {
	var ids []string
	for k, msg := range msgs {
		comps := lastComponents(msgs, k, answerID)
		if k < len(old) {
			if _, err := a.session.ChannelMessageEditComplex(msg.edit(m.ChannelID, old[k], comps), discordgo.WithContext(ctx)); err != nil {
				a.log.Error("discord: edit answer", "err", a.redact(err.Error()))
			}
			ids = append(ids, old[k])
			continue
		}
		var ref *discordgo.MessageReference
		if k == 0 {
			no := false
			ref = &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &no}
		}
		sent, err := a.session.ChannelMessageSendComplex(m.ChannelID, msg.send(ref, comps), discordgo.WithContext(ctx))
		if err != nil {
			a.log.Error("discord: send answer", "err", a.redact(err.Error()))
			break
		}
		ids = append(ids, sent.ID)
	}
	for k := len(msgs); k < len(old); k++ {
		if err := a.session.ChannelMessageDelete(m.ChannelID, old[k], discordgo.WithContext(ctx)); err != nil {
			a.log.Warn("discord: delete stale answer", "err", a.redact(err.Error()))
		}
	}
	return ids
}

// answered is a question answered in a channel, remembered for edits. It
// holds no user id: the asker is the opaque hash.
type answered struct {
	mu        sync.Mutex // one answer or edit at a time
	channelID string
	replies   []string
	sum       [32]byte // of the question's text: an update that keeps it is no edit
	asker     string
	latest    atomic.Int64 // the last update read
}

// tracker remembers the last n values by id: the answered questions by
// message id, for edits; the conversation a bot's answer, or an asker who
// replied to one, continues.
type tracker[V any] struct {
	mu   sync.Mutex
	byID map[string]V
	ring []string
	next int
}

func newTracker[V any](n int) *tracker[V] {
	return &tracker[V]{byID: make(map[string]V, n), ring: make([]string, n)}
}

func (t *tracker[V]) put(id string, a V) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.byID[id]; ok {
		t.byID[id] = a
		return
	}
	if old := t.ring[t.next]; old != "" {
		delete(t.byID, old)
	}
	t.ring[t.next] = id
	t.next = (t.next + 1) % len(t.ring)
	t.byID[id] = a
}

func (t *tracker[V]) get(id string) V {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.byID[id]
}
