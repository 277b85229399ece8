package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/fnv"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"citebot/adapters"
)

// findInReport is the message context-menu command: it answers about the
// selected message's text.
const findInReport = "Find in report"

// notInMenu are commands that work but have no place in Discord's menu:
// /start is Telegram's convention, the others are platform features.
var notInMenu = map[string]bool{"start": true, adapters.CommandCards: true, adapters.CommandFeedback: true}

// optionHelp describes the options of the commands everyone uses.
var optionHelp = map[string]string{
	"question": "What you want to know from the report",
	"topic":    "A topic: pick a fact card or type your own",
	"passage":  "A paragraph, such as ¶2",
	"language": "en, de, fa (Dari), ps (Pashto), or auto: the language of each question",
}

var commandName = regexp.MustCompile(`^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$`)

// applicationCommands is Discord's menu for the bot's commands: one slash
// command each, with a string option when the command takes an argument
// ("<x>" required, "[x]" optional), and the "Find in report" context menu.
func applicationCommands(infos []adapters.CommandInfo) []*discordgo.ApplicationCommand {
	var out []*discordgo.ApplicationCommand
	seen := map[string]bool{}
	for _, c := range infos {
		name := strings.ToLower(strings.TrimSpace(c.Name))
		if notInMenu[name] || seen[name] || !commandName.MatchString(name) || len(out) == 100 {
			continue
		}
		seen[name] = true
		help := strings.TrimSpace(c.Help)
		if help == "" {
			help = "/" + name
		}
		cmd := &discordgo.ApplicationCommand{Type: discordgo.ChatApplicationCommand, Name: name, Description: adapters.Clip(help, 100)}
		if c.Moderator {
			// Offered to members with Manage Server; a server's admins may open
			// it to the moderator role in Integrations. The bot checks the role
			// itself on every call as well.
			perm := int64(discordgo.PermissionManageGuild)
			cmd.DefaultMemberPermissions = &perm
		}
		if opt := option(name, c.Args); opt != nil {
			cmd.Options = []*discordgo.ApplicationCommandOption{opt}
		}
		out = append(out, cmd)
	}
	return append(out, &discordgo.ApplicationCommand{Type: discordgo.MessageApplicationCommand, Name: findInReport})
}

func option(cmd, args string) *discordgo.ApplicationCommandOption {
	args = strings.TrimSpace(args)
	if args == "" {
		return nil
	}
	required := strings.HasPrefix(args, "<")
	inner := strings.ToLower(strings.Trim(args, "<>[] "))
	name := strings.Map(func(r rune) rune {
		switch {
		case r == ' ':
			return '_'
		case r == '-' || r == '_' || commandName.MatchString(string(r)):
			return r
		}
		return -1
	}, inner)
	if len(name) > 32 || name == "" {
		name = "text"
	}
	desc := optionHelp[name]
	if desc == "" {
		desc = adapters.Clip(inner, 100)
	}
	return &discordgo.ApplicationCommandOption{
		Type:         discordgo.ApplicationCommandOptionString,
		Name:         name,
		Description:  desc,
		Required:     required,
		Autocomplete: cmd == "fact", // fact cards to pick from
	}
}

// plan is how an interaction is answered: the response, sent at once, then
// whatever comes after it (follow-up messages, or the answer to a
// deferred command).
type plan struct {
	first any                       // the interaction response; nil sends nothing
	after func(ctx context.Context) // nil when there is nothing more
}

// plan works out the answer to an interaction. It returns within
// a.deferAfter (commands) or a.suggestWithin (autocomplete).
func (a *Adapter) plan(i *discordgo.Interaction) plan {
	switch i.Type {
	case discordgo.InteractionPing:
		return plan{first: &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}}
	case discordgo.InteractionApplicationCommandAutocomplete:
		return plan{first: a.suggest(i)}
	case discordgo.InteractionApplicationCommand:
		req := a.commandRequest(i)
		if req.Command == "ask" && req.Text == "" && i.ApplicationCommandData().CommandType == discordgo.MessageApplicationCommand {
			return plan{first: notice("That message has no text I can look up.").response(discordgo.MessageFlagsEphemeral, nil)}
		}
		return a.answer(i, req, false)
	case discordgo.InteractionMessageComponent:
		if i.MessageComponentData().CustomID == shareID {
			return a.share(i)
		}
		req, ok := a.feedbackRequest(i)
		if !ok {
			return plan{first: notice("That button no longer works.").response(discordgo.MessageFlagsEphemeral, nil)}
		}
		return a.answer(i, req, true)
	}
	return plan{}
}

// notice is a message in the adapter's own words.
func notice(text string) message { return message{Content: escape(text)} }

// user is who sent an interaction, and whether they may curate.
func (a *Adapter) user(i *discordgo.Interaction) (*discordgo.User, bool) {
	if i.Member != nil {
		return i.Member.User, a.moderates(i.Member.Roles, i.Member.Permissions)
	}
	return i.User, false
}

// commandRequest reads a slash command or the context-menu command.
func (a *Adapter) commandRequest(i *discordgo.Interaction) adapters.Request {
	d := i.ApplicationCommandData()
	req := a.request(a.user(i))
	req.Private = i.GuildID == ""
	req.LangHint = string(i.Locale)
	if u, _ := a.user(i); u != nil {
		req.Conversation = a.conversation(i.ChannelID, u.ID)
	}
	if d.CommandType == discordgo.MessageApplicationCommand {
		req.Command = "ask"
		if d.Resolved != nil {
			if m := d.Resolved.Messages[d.TargetID]; m != nil {
				req.Text = plainText(m.Content)
			}
		}
		return req
	}
	req.Command = d.Name
	for _, o := range d.Options {
		if o.Type == discordgo.ApplicationCommandOptionString {
			req.Text = strings.TrimSpace(o.StringValue())
			break
		}
	}
	return req
}

// feedbackRequest reads a click on 👍 or 👎.
func (a *Adapter) feedbackRequest(i *discordgo.Interaction) (adapters.Request, bool) {
	id := i.MessageComponentData().CustomID
	vote, answer, ok := strings.Cut(strings.TrimPrefix(id, feedbackPrefix), ":")
	if !strings.HasPrefix(id, feedbackPrefix) || !ok || (vote != "up" && vote != "down") || answer == "" || len(answer) > 64 {
		return adapters.Request{}, false
	}
	req := a.request(a.user(i))
	req.Command, req.Text = adapters.CommandFeedback, vote+" "+answer
	return req, true
}

// suggest answers an autocomplete with fact cards about what is typed so
// far. It cannot be deferred: a handler too slow gets no choices.
func (a *Adapter) suggest(i *discordgo.Interaction) any {
	d := i.ApplicationCommandData()
	req := a.request(a.user(i))
	req.Command = adapters.CommandCards
	for _, o := range d.Options {
		if o.Focused {
			req.Text = strings.TrimSpace(o.StringValue())
		}
	}
	ctx, cancel := context.WithTimeout(a.base, a.suggestWithin)
	defer cancel()
	res := make(chan adapters.Reply, 1)
	a.spawn("autocomplete", func(context.Context) { res <- a.ask(ctx, req) })
	var r adapters.Reply
	select {
	case r = <-res:
	case <-ctx.Done():
		a.log.Warn("discord: autocomplete too slow, no choices given", "within", a.suggestWithin)
	}
	var resp autocompleteResponse
	resp.Type = discordgo.InteractionApplicationCommandAutocompleteResult
	resp.Data.Choices = []*discordgo.ApplicationCommandOptionChoice{}
	if !r.Silent {
		resp.Data.Choices = choices(r)
	}
	return &resp
}

// autocompleteResponse carries choices only; discordgo's response type
// would drop an empty list, which Discord rejects.
type autocompleteResponse struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	} `json:"data"`
}

// slowDown answers an interaction from a sender over the rate limit.
const slowDown = "Please wait a minute before asking again."

// answer runs a command and plans its response. An answer is public; a
// reply that is no answer ("not found", a notice), and anything answering
// a button, is shown to the asker alone. A command slower than
// a.deferAfter is acknowledged first and its answer edited in.
//
// A claim checked in a server (/check) is answered to the asker alone,
// with a button that posts the verdict in the channel (see share).
func (a *Adapter) answer(i *discordgo.Interaction, req adapters.Request, private bool) plan {
	shared := req.Command == adapters.CommandCheck && i.GuildID != ""
	res := make(chan adapters.Reply, 1)
	a.spawn("command", func(ctx context.Context) { res <- a.ask(ctx, req) })
	timer := time.NewTimer(a.deferAfter)
	defer timer.Stop()
	select {
	case r := <-res:
		if r.Silent {
			// A sender over the rate limit has had the notice: an interaction
			// still needs a response, so this one is for the sender's eyes only.
			r = adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Text, Text: slowDown}}}
		}
		msgs, flags := render(r), discordgo.MessageFlags(0)
		if private || !r.Answered || shared {
			flags = discordgo.MessageFlagsEphemeral
		}
		if len(msgs) == 0 {
			return plan{}
		}
		first := msgs[0].response(flags, components(msgs, 0, r.ID, shared))
		if len(msgs) == 1 {
			return plan{first: first}
		}
		return plan{first: first, after: func(ctx context.Context) { a.followUp(ctx, i, msgs, 1, flags, r.ID) }}
	case <-timer.C:
		flags := discordgo.MessageFlags(0)
		if private || shared {
			flags = discordgo.MessageFlagsEphemeral
		}
		first := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: flags, AllowedMentions: noMentions()}}
		return plan{first: first, after: func(ctx context.Context) {
			var r adapters.Reply
			select {
			case r = <-res:
			case <-ctx.Done():
				return
			}
			a.finishDeferred(ctx, i, r, flags, shared)
		}}
	}
}

// finishDeferred puts the answer in place of "thinking…". Its ephemerality
// was set when the command was deferred.
func (a *Adapter) finishDeferred(ctx context.Context, i *discordgo.Interaction, r adapters.Reply, flags discordgo.MessageFlags, shared bool) {
	msgs := render(r)
	original := discordgo.EndpointInteractionResponseActions(i.AppID, i.Token)
	if r.Silent || len(msgs) == 0 {
		if _, err := a.rest(ctx, "DELETE", original, nil, "webhooks", i.ID); err != nil {
			a.log.Warn("discord: remove deferred response", "err", a.redact(err.Error()))
		}
		return
	}
	if _, err := a.rest(ctx, "PATCH", original, msgs[0].webhookEdit(components(msgs, 0, r.ID, shared)), "webhooks", i.ID); err != nil {
		a.log.Error("discord: edit deferred response", "err", a.redact(err.Error()))
		return
	}
	a.followUp(ctx, i, msgs, 1, flags, r.ID)
}

// followUp sends msgs[from:] as follow-up messages of an interaction.
func (a *Adapter) followUp(ctx context.Context, i *discordgo.Interaction, msgs []message, from int, flags discordgo.MessageFlags, answerID string) {
	for k := from; k < len(msgs); k++ {
		body := msgs[k].followup(flags, lastComponents(msgs, k, answerID))
		if _, err := a.rest(ctx, "POST", discordgo.EndpointFollowupMessage(i.AppID, i.Token), body, "webhooks", i.ID); err != nil {
			a.log.Error("discord: follow-up message", "err", a.redact(err.Error()))
			return
		}
	}
}

// lastComponents puts the feedback buttons on the last message of a reply.
func lastComponents(msgs []message, k int, answerID string) []discordgo.MessageComponent {
	return components(msgs, k, answerID, false)
}

// components are the buttons of message k of a reply: the feedback
// buttons on the last, and on the first of a verdict to share, the button
// that posts it in the channel.
func components(msgs []message, k int, answerID string, share bool) []discordgo.MessageComponent {
	var out []discordgo.MessageComponent
	if share && k == 0 {
		out = append(out, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Post in channel", Style: discordgo.PrimaryButton, CustomID: shareID},
		}})
	}
	if k == len(msgs)-1 {
		out = append(out, feedbackButtons(answerID)...)
	}
	return out
}

// shareID is the custom id of the button that posts a verdict.
const shareID = "share"

// share posts in the channel the verdict whose button was pressed: the
// message the button is on (Discord sends it whole, ephemeral or not), as
// it is, without its buttons and mentioning no one.
func (a *Adapter) share(i *discordgo.Interaction) plan {
	m := i.Message
	if m == nil || (m.Content == "" && len(m.Embeds) == 0) {
		return plan{first: notice("That button no longer works.").response(discordgo.MessageFlagsEphemeral, nil)}
	}
	return plan{first: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		Content: m.Content, Embeds: m.Embeds, AllowedMentions: noMentions(),
	}}}
}

// callback sends an interaction's response over REST (gateway mode).
func (a *Adapter) callback(ctx context.Context, i *discordgo.Interaction, resp any) error {
	_, err := a.rest(ctx, "POST", discordgo.EndpointInteractionResponse(i.ID, i.Token), resp, "interactions", i.ID)
	return err
}

// lanes bounds the rate-limit buckets of interaction endpoints: discordgo
// keeps a bucket per URL forever, and every interaction has URLs of its
// own.
const lanes = 32

// rest is a REST request through discordgo (which waits out 429s) in one
// of a few buckets.
func (a *Adapter) rest(ctx context.Context, method, url string, body any, kind, key string) ([]byte, error) {
	h := fnv.New32a()
	h.Write([]byte(key))
	bucket := kind + "/" + strconv.Itoa(int(h.Sum32()%lanes))
	return a.session.RequestWithBucketID(method, url, body, bucket, discordgo.WithContext(ctx))
}

// onInteraction answers an interaction that came over the gateway.
func (a *Adapter) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	i := ic.Interaction
	a.spawn("interaction", func(ctx context.Context) {
		p := a.plan(i)
		if p.first != nil {
			if err := a.callback(ctx, i, p.first); err != nil {
				a.log.Error("discord: interaction response", "err", a.redact(err.Error()))
				return
			}
		}
		if p.after != nil {
			p.after(ctx)
		}
	})
}

// Limits of the HTTP interactions endpoint.
const (
	maxInteractionBody = 1 << 20
	maxClockSkew       = 5 * time.Minute
)

// InteractionsHandler serves POST /discord/interactions: Discord's
// outgoing webhook for interactions. Requests are checked against the
// application's public key (a bad signature or a timestamp more than five
// minutes off gets 401), PING gets PONG, and the rest is answered as over
// the gateway. Without a public key it answers 404.
func (a *Adapter) InteractionsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /discord/interactions", a.serveInteraction)
	return mux
}

var (
	errBadSignature = errors.New("bad signature")
	errStale        = errors.New("timestamp too far from now")
)

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	if a.key == nil {
		http.Error(w, "discord interactions are not enabled (DISCORD_PUBLIC_KEY is unset)", http.StatusNotFound)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxInteractionBody+1))
	if err != nil {
		http.Error(w, "cannot read the request", http.StatusBadRequest)
		return
	}
	if len(body) > maxInteractionBody {
		http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		return
	}
	if err := a.verify(r.Header, body); err != nil {
		a.log.Debug("discord: interaction refused", "why", err.Error())
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "unreadable interaction", http.StatusBadRequest)
		return
	}
	var p plan
	func() {
		defer a.recovered("http interaction")
		p = a.plan(&i)
	}()
	if p.first == nil {
		// A silent reply: nothing to say.
		w.WriteHeader(http.StatusNoContent)
		return
	}
	out, err := json.Marshal(p.first)
	if err != nil {
		a.log.Error("discord: encode interaction response", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.Write(out)
	if p.after != nil {
		// Follow-ups need the response delivered first.
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		a.spawn("interaction follow-up", p.after)
	}
}

// verify checks Discord's Ed25519 signature of timestamp+body and that the
// timestamp is recent, so that a captured request cannot be replayed.
func (a *Adapter) verify(h http.Header, body []byte) error {
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return errBadSignature
	}
	ts := h.Get("X-Signature-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errBadSignature
	}
	msg := make([]byte, 0, len(ts)+len(body))
	if !ed25519.Verify(a.key, append(append(msg, ts...), body...), sig) {
		return errBadSignature
	}
	if d := a.now().Sub(time.Unix(sec, 0)); d > maxClockSkew || d < -maxClockSkew {
		return errStale
	}
	return nil
}

// mentionMarkup matches user, role and channel mentions in message text.
var mentionMarkup = regexp.MustCompile(`<(?:@[!&]?|#)[0-9]+>`)

// plainText is a message's text as a question: mentions taken out.
func plainText(s string) string {
	return strings.Join(strings.Fields(mentionMarkup.ReplaceAllString(s, " ")), " ")
}
