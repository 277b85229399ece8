package telegram

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"citebot/adapters"
)

// What the adapter says in its own words.
const (
	sayTextOnly = "I read text questions only: please type your question in words."
	sayFault    = "Sorry, something went wrong on our side. Please try again."
)

// onMessage answers a message, or an edit of one, when it is for the bot:
// in a private chat anything; in a group a mention, a reply to the bot, or a
// command. An edited question gets its answer edited.
func (a *Adapter) onMessage(ctx context.Context, m *tgbotapi.Message, edited bool) {
	if m.Chat == nil || m.From == nil || m.From.IsBot {
		return // channels, and other bots: never answer a bot
	}
	self := a.me()
	if m.ViaBot != nil && m.ViaBot.ID == self.ID {
		return // a fact card someone shared through inline mode
	}
	private := m.Chat.IsPrivate()
	if !private && !m.Chat.IsGroup() && !m.Chat.IsSuperGroup() {
		return
	}
	key := a.messageKey(m.Chat, m.MessageID)
	var earlier []int
	if edited {
		earlier = a.answers.get(key)
	}
	text := m.Text
	if text == "" {
		text = m.Caption
	}
	if strings.TrimSpace(text) == "" {
		if private && !edited {
			a.reply(ctx, m, adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Text, Text: sayTextOnly}}}, nil)
		}
		return
	}
	req, ok := a.request(m, text, self)
	if !ok {
		return
	}
	reply, err := a.h.Handle(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		a.log.Error("telegram: handler failed", "command", req.Command, "err", err)
		reply = adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Text, Text: sayFault}}}
	}
	if reply.Silent {
		return
	}
	if ids := a.reply(ctx, m, reply, earlier); len(ids) > 0 {
		a.answers.put(key, ids)
		if req.Conversation != "" {
			// A reply to one of these continues this conversation.
			for _, id := range ids {
				a.convOf.put(a.messageKey(m.Chat, id), req.Conversation)
			}
		}
	}
}

// request reads a message as a Request, or reports that it is not for the
// bot.
func (a *Adapter) request(m *tgbotapi.Message, text string, self tgbotapi.User) (adapters.Request, bool) {
	private := m.Chat.IsPrivate()
	text = strings.TrimSpace(text)
	var cmd, arg string
	if strings.HasPrefix(text, "/") {
		target := commandTarget(text)
		if target != "" && !strings.EqualFold(target, self.UserName) {
			return adapters.Request{}, false // /cmd@otherbot
		}
		cmd, arg = adapters.ParseCommand(text)
		if !private && target == "" && !a.known[cmd] {
			return adapters.Request{}, false // another bot's command, most likely
		}
	} else {
		rest, mentioned := stripMention(text, self.UserName)
		if !private && !mentioned && !repliesTo(m, self.ID) {
			return adapters.Request{}, false
		}
		cmd, arg = adapters.ParseCommand(rest) // "@bot /fact women"
	}
	req := a.newRequest(m.From, cmd, adapters.Clip(arg, maxInput))
	req.Private = private
	req.Conversation = a.conversation(m, self)
	return req, true
}

// newRequest is a Request from user u. A moderator is named in Author, for
// the audit log of curated answers; anyone else only by the opaque Asker.
func (a *Adapter) newRequest(u *tgbotapi.User, cmd, text string) adapters.Request {
	req := adapters.Request{Adapter: "telegram", Command: cmd, Text: text, Asker: a.asker(u)}
	if u != nil {
		req.LangHint = u.LanguageCode
	}
	if u != nil && a.moderators[u.ID] {
		req.Moderator, req.Author = true, "telegram:"+strconv.FormatInt(u.ID, 10)
	}
	return req
}

// commandTarget is the bot a command names: "/ask@citebot x" → "citebot".
func commandTarget(text string) string {
	_, target, _ := strings.Cut(strings.Fields(text)[0], "@")
	return target
}

// stripMention takes "@username" out of text wherever it stands as a word,
// and reports whether it was there.
func stripMention(text, username string) (string, bool) {
	if username == "" {
		return text, false
	}
	at := "@" + strings.ToLower(username)
	lower := strings.ToLower(text) // usernames are ASCII: byte offsets agree
	found := false
	var b strings.Builder
	for i := 0; i < len(text); {
		j := strings.Index(lower[i:], at)
		if j < 0 {
			b.WriteString(text[i:])
			break
		}
		j += i
		end := j + len(at)
		if (j == 0 || !isWordByte(text[j-1])) && (end == len(text) || !isWordByte(text[end])) {
			b.WriteString(text[i:j])
			found = true
		} else {
			b.WriteString(text[i:end])
		}
		i = end
	}
	return strings.Join(strings.Fields(b.String()), " "), found
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// repliesTo tells whether m replies to one of the bot's messages.
func repliesTo(m *tgbotapi.Message, botID int64) bool {
	r := m.ReplyToMessage
	return r != nil && r.From != nil && r.From.ID == botID
}

// reply sends a reply to m as one or more messages, each replying to m, with
// the feedback buttons under the last; with earlier (the answer to the
// message before an edit) it edits those messages instead, sending or
// deleting the difference. It returns the ids of the answer's messages.
func (a *Adapter) reply(ctx context.Context, m *tgbotapi.Message, r adapters.Reply, earlier []int) []int {
	parts := Render(r)
	if len(parts) == 0 {
		return earlier
	}
	chat, group := a.chatKey(m.Chat), !m.Chat.IsPrivate()
	kb := feedbackKeyboard(r.ID)
	var ids []int
	for i, text := range parts {
		var markup *tgbotapi.InlineKeyboardMarkup
		if i == len(parts)-1 {
			markup = kb
		}
		if i < len(earlier) {
			edit := tgbotapi.NewEditMessageText(m.Chat.ID, earlier[i], text)
			edit.ParseMode, edit.DisableWebPagePreview = tgbotapi.ModeHTML, true
			if markup != nil {
				edit.ReplyMarkup = markup
			} else {
				edit.ReplyMarkup = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
			}
			_, err := a.do(ctx, chat, group, "editMessageText", sendAttempts, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
				return b.Request(edit)
			})
			if err != nil && !notModified(err) {
				a.log.Warn("telegram: could not edit an answer", "err", err)
			}
			ids = append(ids, earlier[i])
			continue
		}
		msg := tgbotapi.NewMessage(m.Chat.ID, text)
		msg.ParseMode, msg.DisableWebPagePreview = tgbotapi.ModeHTML, true
		msg.ReplyToMessageID, msg.AllowSendingWithoutReply = m.MessageID, true
		if markup != nil {
			msg.ReplyMarkup = markup
		}
		var sent tgbotapi.Message
		_, err := a.do(ctx, chat, group, "sendMessage", sendAttempts, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
			resp, err := b.Request(msg)
			if err == nil {
				err = json.Unmarshal(resp.Result, &sent)
			}
			return resp, err
		})
		if err != nil {
			a.log.Warn("telegram: could not send an answer", "err", err)
			break
		}
		ids = append(ids, sent.MessageID)
	}
	for _, id := range earlier[min(len(parts), len(earlier)):] {
		del := tgbotapi.NewDeleteMessage(m.Chat.ID, id)
		if _, err := a.do(ctx, chat, group, "deleteMessage", sendAttempts, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
			return b.Request(del)
		}); err != nil {
			a.log.Warn("telegram: could not delete a part of an edited answer", "err", err)
		}
	}
	return ids
}

// notModified tells whether an edit failed only because nothing changed.
func notModified(err error) bool {
	var e *apiError
	return errors.As(err, &e) && e.code == 400 && strings.Contains(e.msg, "message is not modified")
}

// onInline answers an inline query with fact cards: the query's words are
// the topic, an empty query gives the key figures. A query "check CLAIM"
// offers the claim's verdict card instead. It answers well inside
// Telegram's deadline or not at all.
func (a *Adapter) onInline(ctx context.Context, q *tgbotapi.InlineQuery) {
	ctx, cancel := context.WithTimeout(ctx, inlineDeadline)
	defer cancel()
	command, text := adapters.CommandCards, strings.TrimSpace(q.Query)
	if claim, ok := checkQuery(text); ok {
		command, text = adapters.CommandCheck, claim
	}
	req := a.newRequest(q.From, command, adapters.Clip(text, maxInput))
	reply, err := a.h.Handle(ctx, req)
	if err != nil {
		if ctx.Err() == nil {
			a.log.Error("telegram: handler failed", "command", req.Command, "err", err)
		}
		return
	}
	if reply.Silent {
		return
	}
	results := inlineResults(reply)
	if command == adapters.CommandCheck {
		results = verdictResults(reply)
	}
	answer := tgbotapi.InlineConfig{InlineQueryID: q.ID, Results: results, CacheTime: 300}
	if len(results) == 0 {
		// Nothing found, or a notice for this user alone: not to be
		// cached for everyone who types the same words.
		answer.Results, answer.CacheTime, answer.IsPersonal = []any{}, 0, true
	}
	if _, err := a.do(ctx, 0, false, "answerInlineQuery", 2, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return b.Request(answer)
	}); err != nil && ctx.Err() == nil {
		a.log.Warn("telegram: could not answer an inline query", "err", err)
	}
}

// checkQuery tells whether an inline query asks to check a claim ("check
// CLAIM", "/check CLAIM"), and gives the claim.
func checkQuery(text string) (string, bool) {
	word, claim, ok := strings.Cut(text, " ")
	word = strings.TrimPrefix(strings.ToLower(word), "/")
	claim = strings.TrimSpace(claim)
	if !ok || word != adapters.CommandCheck || claim == "" {
		return "", false
	}
	return claim, true
}

// onCallback counts a 👍 or 👎 (the feedback command) and shows its reply
// as the button's notice. Any other button press is acknowledged, so the
// user's client stops waiting.
func (a *Adapter) onCallback(ctx context.Context, q *tgbotapi.CallbackQuery) {
	notice := ""
	if vote, id, ok := parseFeedback(q.Data); ok {
		req := a.newRequest(q.From, adapters.CommandFeedback, vote+" "+id)
		reply, err := a.h.Handle(ctx, req)
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return
			}
			a.log.Error("telegram: handler failed", "command", req.Command, "err", err)
			notice = sayFault
		case !reply.Silent:
			notice = plainText(reply, maxCallbackText)
		}
	}
	ack := tgbotapi.NewCallback(q.ID, notice)
	if _, err := a.do(ctx, 0, false, "answerCallbackQuery", 2, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return b.Request(ack)
	}); err != nil && ctx.Err() == nil {
		a.log.Warn("telegram: could not answer a button press", "err", err)
	}
}

// me is the bot's own user, known once Run has connected.
func (a *Adapter) me() tgbotapi.User {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.self
}

// conversation is Request.Conversation for m: the conversation of the
// bot's answer it replies to, whoever replies (the replier's later turns
// in the chat then continue it too), else the one the sender joined so,
// else the sender's own in the chat. Opaque, stable while the bot runs.
func (a *Adapter) conversation(m *tgbotapi.Message, self tgbotapi.User) string {
	if m.From == nil {
		return ""
	}
	asker := binary.BigEndian.Uint64(a.hash("asker in chat", m.Chat.ID, m.From.ID))
	if r := m.ReplyToMessage; r != nil && r.From != nil && r.From.ID == self.ID {
		if c := a.convOf.get(a.messageKey(m.Chat, r.MessageID)); c != "" {
			a.convOf.put(asker, c)
			return c
		}
	}
	if c := a.convOf.get(asker); c != "" {
		return c
	}
	return "tg:" + hex.EncodeToString(a.hash("conversation", m.Chat.ID, m.From.ID)[:12])
}
