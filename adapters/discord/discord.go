// Package discord is the Discord adapter: slash commands, autocomplete, a
// message context-menu command, mentions and direct messages in; embeds
// with cited quotes out. It talks to Discord through discordgo over the
// gateway, or serves interactions over HTTP when given the application's
// public key.
//
// It imports the standard library, citebot/adapters,
// github.com/bwmarrin/discordgo and github.com/gorilla/websocket (the
// websocket library discordgo dials with); never the bot itself. It is the
// only package that imports discordgo. Its tests also use citebot/index and
// citebot/answers, to answer with the real engine through a fake Discord.
package discord

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"citebot/adapters"
)

// Config is what the adapter needs; the bot fills it from the environment
// (the names in errors are those of the variables).
type Config struct {
	Token            string   // DISCORD_BOT_TOKEN, with or without "Bot "
	APIURL           string   // replaces scheme and host of every REST request, paths unchanged; default https://discord.com
	GuildID          string   // register commands in this guild only, else globally
	ModeratorRoleIDs []string // Request.Moderator for members with one of these roles or Manage Server
	MessageContent   bool     // ask for the privileged message-content intent
	PublicKey        string   // hex Ed25519 key: serve interactions over HTTP
	Gateway          bool     // with PublicKey set, also open the gateway
	Commands         []adapters.CommandInfo
	Log              *slog.Logger
	// Events is told of failed REST calls and of gateway reconnects;
	// default adapters.NoEvents.
	Events adapters.Events
}

// DefaultAPIURL is where Discord's REST API lives.
const DefaultAPIURL = "https://discord.com"

// Timings. Discord drops an interaction not answered within 3 seconds.
const (
	// deferAfter is how long a command may take before the adapter
	// acknowledges it ("thinking…") and edits the answer in later.
	deferAfter = 2 * time.Second
	// suggestWithin bounds the fact cards of an autocomplete, which cannot
	// be deferred: past it the choices are left empty.
	suggestWithin = 2500 * time.Millisecond
	// shutdownGrace is how long Run waits for answers under way.
	shutdownGrace = 10 * time.Second
	// retryBase and retryMax bound the waits between attempts to reach
	// Discord at start.
	retryBase = time.Second
	retryMax  = 2 * time.Minute
)

// apology is what users see when the bot fails; the cause goes to the log.
const apology = "Sorry, something went wrong on our side. Please try again."

// Adapter connects one Discord application to a handler.
type Adapter struct {
	registered atomic.Bool            // commands registered: the adapter is in service
	gatewayUp  atomic.Bool            // the gateway is connected (READY or RESUMED, not yet dropped)
	connects   atomic.Int64           // gateway connections made (Connect events), READY or not
	readies    atomic.Int64           // READY and RESUMED received: after the first, reconnects
	retrying   atomic.Pointer[string] // why the last attempt to reach Discord failed, while retrying
	gatewayWhy atomic.Pointer[string] // why discordgo's last attempt to connect the gateway again failed, until it connects

	handler  adapters.Handler
	log      *slog.Logger
	token    string // without "Bot ", for redaction only
	session  *discordgo.Session
	commands []*discordgo.ApplicationCommand
	guildID  string
	key      ed25519.PublicKey // nil: no HTTP interactions
	gateway  bool
	modRoles map[string]bool
	askerKey []byte // keys the asker hash; random per process

	base context.Context // handlers' context; cancelled when Run has drained
	stop context.CancelFunc
	busy inflight
	sent *tracker[*answered] // answered messages, for edits
	// convOf maps the bot's answers, and the askers who replied to one, to
	// the conversation they continue (Request.Conversation).
	convOf *tracker[string]

	events adapters.Events

	deferAfter    time.Duration
	suggestWithin time.Duration
	now           func() time.Time
	retryBase     time.Duration
	retryMax      time.Duration
	sleep         func(context.Context, time.Duration) error
}

// New checks cfg and prepares the adapter; it does not touch the network.
func New(cfg Config, h adapters.Handler) (*Adapter, error) {
	words := strings.Fields(cfg.Token)
	if len(words) > 0 && words[0] == "Bot" {
		words = words[1:]
	}
	if len(words) != 1 {
		return nil, errors.New("discord: DISCORD_BOT_TOKEN is empty or not a token")
	}
	token := words[0]
	if h == nil {
		return nil, errors.New("discord: no handler")
	}
	api := cfg.APIURL
	if api == "" {
		api = DefaultAPIURL
	}
	u, err := url.Parse(api)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("discord: DISCORD_API_URL %q: want an http or https URL such as %s", api, DefaultAPIURL)
	}
	var key ed25519.PublicKey
	if cfg.PublicKey != "" {
		b, err := hex.DecodeString(strings.TrimSpace(cfg.PublicKey))
		if err != nil || len(b) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("discord: DISCORD_PUBLIC_KEY: want the application's public key, %d hex digits", 2*ed25519.PublicKeySize)
		}
		key = b
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	askerKey := make([]byte, 32)
	rand.Read(askerKey)
	events := cfg.Events
	if events == nil {
		events = adapters.NoEvents{}
	}

	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: session: %w", err)
	}
	next := http.DefaultTransport.(*http.Transport).Clone()
	next.MaxIdleConnsPerHost = 32
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: &rewrite{scheme: u.Scheme, host: u.Host, next: next, events: events}}
	s.Dialer = &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 15 * time.Second}
	s.Identify.Intents = discordgo.IntentGuilds | discordgo.IntentGuildMessages | discordgo.IntentDirectMessages
	if cfg.MessageContent {
		s.Identify.Intents |= discordgo.IntentMessageContent
	}
	// Handlers only note the event and start a goroutine of ours, which
	// recovers panics and is waited for at shutdown.
	s.SyncEvents = true
	// Keep of Discord's state only what moderation needs: guilds and roles.
	st := s.State
	st.MaxMessageCount = 0
	st.TrackMembers, st.TrackPresences, st.TrackVoice, st.TrackThreadMembers = false, false, false, false
	st.TrackEmojis, st.TrackStickers, st.TrackThreads = false, false, false

	a := &Adapter{
		handler:       h,
		log:           log,
		token:         token,
		session:       s,
		commands:      applicationCommands(cfg.Commands),
		guildID:       cfg.GuildID,
		key:           key,
		gateway:       key == nil || cfg.Gateway,
		modRoles:      map[string]bool{},
		askerKey:      askerKey,
		sent:          newTracker[*answered](maxTracked),
		convOf:        newTracker[string](maxTracked),
		events:        events,
		deferAfter:    deferAfter,
		suggestWithin: suggestWithin,
		now:           time.Now,
		retryBase:     retryBase,
		retryMax:      retryMax,
		sleep:         adapters.Sleep,
	}
	for _, id := range cfg.ModeratorRoleIDs {
		if id = strings.TrimSpace(id); id != "" {
			a.modRoles[id] = true
		}
	}
	a.base, a.stop = context.WithCancel(context.Background())
	s.LogLevel = discordgoLevel(log)
	// discordgo reconnects by itself (resuming when it can). It says
	// Connect each time a connection is made, also one Discord then closes
	// (a refused token): the connection is back only at READY or RESUMED.
	up := func() {
		a.gatewayUp.Store(true)
		a.gatewayWhy.Store(nil)
		if a.readies.Add(1) > 1 {
			a.log.Info("discord: gateway connected again")
			a.events.Reconnected()
		}
	}
	s.AddHandler(func(*discordgo.Session, *discordgo.Ready) { up() })
	s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) { up() })
	s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { a.gatewayUp.Store(false) })
	s.AddHandler(func(*discordgo.Session, *discordgo.Connect) { a.connects.Add(1) })
	s.AddHandler(a.onInteraction)
	s.AddHandler(a.onMessageCreate)
	s.AddHandler(a.onMessageUpdate)
	return a, nil
}

// Run registers the commands (one bulk overwrite), opens the gateway unless
// interactions come over HTTP only, and answers until ctx is done. While
// Discord cannot be reached it tries again after growing waits; a refused
// token or intent is an error at once. It returns nil once cancelled, after
// the answers under way are sent or a grace period has passed.
func (a *Adapter) Run(ctx context.Context) error {
	attachLog(a)
	defer detachLog(a)
	defer a.stop()
	err := a.retry(ctx, "register commands", a.register)
	if err == nil && a.gateway {
		err = a.retry(ctx, "open the gateway", func(context.Context) error { return a.open() })
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.retrying.Store(nil)
	a.log.Info("discord: running", "gateway", a.gateway, "http_interactions", a.key != nil, "guild_commands", a.guildID != "")
	a.registered.Store(true)
	defer a.registered.Store(false)
	<-ctx.Done()
	if a.gateway {
		if err := a.session.Close(); err != nil {
			a.log.Warn("discord: close gateway", "err", a.redact(err.Error()))
		}
	}
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if !a.busy.wait(grace) {
		a.log.Warn("discord: stopped with answers still under way")
	}
	return nil
}

// register overwrites the application's commands with ours, in the guild
// when one is configured (instant), else globally.
func (a *Adapter) register(ctx context.Context) error {
	body, err := a.session.RequestWithBucketID("GET", discordgo.EndpointOAuth2Application("@me"), nil,
		discordgo.EndpointOAuth2Application(""), discordgo.WithContext(ctx))
	if err != nil {
		if !temporary(err) {
			return &fault{msg: "discord: who am I (check DISCORD_BOT_TOKEN): " + a.redact(err.Error())}
		}
		return &fault{msg: "discord: who am I: " + a.redact(err.Error()), again: true}
	}
	var app discordgo.Application
	if err := discordgo.Unmarshal(body, &app); err != nil || app.ID == "" {
		return &fault{msg: fmt.Sprintf("discord: who am I: unreadable answer %.200q", body), again: true}
	}
	if _, err := a.session.ApplicationCommandBulkOverwrite(app.ID, a.guildID, a.commands, discordgo.WithContext(ctx)); err != nil {
		return &fault{msg: "discord: register commands: " + a.redact(err.Error()), again: temporary(err)}
	}
	return nil
}

// open opens the gateway. A close code that no retry can mend (a refused
// token or intent) says what to change.
func (a *Adapter) open() error {
	err := a.session.Open()
	if err == nil {
		return nil
	}
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4004:
			return &fault{msg: "discord: the gateway refused the token (4004 Authentication failed): check DISCORD_BOT_TOKEN"}
		case 4013, 4014:
			return &fault{msg: fmt.Sprintf("discord: the gateway refused the intents (%d %s): turn Message Content Intent on under Bot in the Developer Portal, or unset DISCORD_MESSAGE_CONTENT", ce.Code, a.redact(ce.Text))}
		case 4010, 4011, 4012:
			return &fault{msg: fmt.Sprintf("discord: the gateway closed the connection (%d %s)", ce.Code, a.redact(ce.Text))}
		}
	}
	if !temporary(err) {
		return &fault{msg: "discord: open gateway (check DISCORD_BOT_TOKEN): " + a.redact(err.Error())}
	}
	return &fault{msg: "discord: open gateway: " + a.redact(err.Error()), again: true}
}

// fault is an error on the way to Discord, its text redacted, and whether
// trying again may mend it.
type fault struct {
	msg   string
	again bool
}

func (f *fault) Error() string { return f.msg }

// temporary tells whether a failed call may work later: no answer at all,
// a server error, a rate limit; not a refusal.
func temporary(err error) bool {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		c := re.Response.StatusCode
		return c >= 500 || c == http.StatusTooManyRequests || c == http.StatusRequestTimeout
	}
	return true
}

// retry runs step until it succeeds, ctx ends, or it fails in a way no
// retry can mend; between attempts it waits, doubling from retryBase up to
// retryMax with jitter, and logs what failed and what to check.
func (a *Adapter) retry(ctx context.Context, what string, step func(context.Context) error) error {
	for attempt := 0; ; attempt++ {
		err := step(ctx)
		if err == nil || ctx.Err() != nil {
			return err
		}
		var f *fault
		if !errors.As(err, &f) || !f.again {
			return err
		}
		a.retrying.Store(&f.msg)
		wait := a.retryMax
		if attempt < 16 {
			wait = min(a.retryBase<<attempt, a.retryMax)
		}
		wait = wait/2 + mrand.N(wait/2+1)
		a.log.Warn("discord: cannot reach Discord, retrying (check the network, and DISCORD_API_URL if set)",
			"step", what, "attempt", attempt+1, "wait", wait, "err", f.msg)
		if a.sleep(ctx, wait) != nil {
			return ctx.Err()
		}
	}
}

// rewrite sends every REST request to the configured API server, and
// tells events of each that fails.
type rewrite struct {
	scheme, host string
	next         http.RoundTripper
	events       adapters.Events
}

func (t *rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.scheme, t.host, ""
	resp, err := t.next.RoundTrip(r)
	if (err != nil && r.Context().Err() == nil) || (err == nil && resp.StatusCode >= 400) {
		t.events.Failed(restKind(r.URL.Path))
	}
	return resp, err
}

// restKind is what Events.Failed is told of a failed request to path:
// signing in and registering are "connect", answering is "send".
func restKind(path string) string {
	if strings.Contains(path, "/gateway") || strings.Contains(path, "/oauth2/") || strings.HasSuffix(path, "/commands") {
		return adapters.FailedConnect
	}
	return adapters.FailedSend
}

// spawn runs f in a goroutine of its own that is waited for at shutdown
// and whose panic is logged, not fatal: discordgo calls handlers without
// recovering.
func (a *Adapter) spawn(what string, f func(ctx context.Context)) {
	a.busy.add()
	go func() {
		defer a.busy.done()
		defer a.recovered(what)
		f(a.base)
	}()
}

func (a *Adapter) recovered(what string) {
	if v := recover(); v != nil {
		a.log.Error("discord: panic", "in", what, "panic", a.redact(fmt.Sprint(v)), "stack", string(debug.Stack()))
	}
}

// ask calls the handler. An error or a panic becomes an apology for the
// user and a line in the log.
func (a *Adapter) ask(ctx context.Context, req adapters.Request) (r adapters.Reply) {
	defer func() {
		if v := recover(); v != nil {
			a.log.Error("discord: handler panicked", "command", req.Command, "panic", a.redact(fmt.Sprint(v)), "stack", string(debug.Stack()))
			r = apologyReply()
		}
	}()
	r, err := a.handler.Handle(ctx, req)
	if err != nil {
		if ctx.Err() == nil {
			a.log.Error("discord: handler failed", "command", req.Command, "err", a.redact(err.Error()))
		}
		return apologyReply()
	}
	return r
}

func apologyReply() adapters.Reply {
	return adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Text, Text: apology}}}
}

// asker is an opaque name for a user, for the bot's rate limit: a keyed
// hash of the user id with a key that lives only as long as the process.
func (a *Adapter) asker(userID string) string {
	if userID == "" {
		return ""
	}
	m := hmac.New(sha256.New, a.askerKey)
	m.Write([]byte(userID))
	return "discord:" + hex.EncodeToString(m.Sum(nil))[:20]
}

// conversation is Request.Conversation for a user in a channel: opaque,
// stable while the bot runs.
func (a *Adapter) conversation(channelID, userID string) string {
	if channelID == "" || userID == "" {
		return ""
	}
	m := hmac.New(sha256.New, a.askerKey)
	m.Write([]byte("conversation:" + channelID + ":" + userID))
	return "discord:" + hex.EncodeToString(m.Sum(nil))[:20]
}

// request is a Request from a Discord user, without command or text.
func (a *Adapter) request(u *discordgo.User, moderator bool) adapters.Request {
	req := adapters.Request{Adapter: "discord", Moderator: moderator}
	if u != nil {
		req.Asker = a.asker(u.ID)
		if moderator { // moderators are named in the audit log of curated answers
			req.Author = "discord:" + u.ID
		}
	}
	return req
}

// moderates tells whether a member may curate: one of the moderator roles,
// or Manage Server (Administrator includes it).
func (a *Adapter) moderates(roles []string, perms int64) bool {
	if perms&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0 {
		return true
	}
	for _, r := range roles {
		if a.modRoles[r] {
			return true
		}
	}
	return false
}

// inflight counts the goroutines under way, so that shutdown (and tests)
// can wait for them.
type inflight struct {
	mu   sync.Mutex
	n    int
	idle chan struct{}
}

func (f *inflight) add() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		f.idle = make(chan struct{})
	}
	f.n++
}

func (f *inflight) done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.n == 0 {
		close(f.idle)
	}
}

// wait returns true once nothing is under way, false if ctx ends first.
func (f *inflight) wait(ctx context.Context) bool {
	f.mu.Lock()
	if f.n == 0 {
		f.mu.Unlock()
		return true
	}
	idle := f.idle
	f.mu.Unlock()
	select {
	case <-idle:
		return true
	case <-ctx.Done():
		return false
	}
}

// Health tells whether the adapter is connected, for /healthz: commands
// registered, and the gateway open when it is used.
func (a *Adapter) Health() (ok bool, state string) {
	switch {
	case !a.registered.Load():
		if why := a.retrying.Load(); why != nil {
			return false, "connecting, retrying after: " + *why
		}
		return false, "connecting"
	case a.gateway && !a.gatewayUp.Load():
		if why := a.gatewayWhy.Load(); why != nil {
			return false, "gateway reconnecting, the last attempt failed: " + *why
		}
		return false, "gateway connecting"
	}
	return true, "connected"
}
