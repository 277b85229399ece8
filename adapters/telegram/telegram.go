// Package telegram is the Telegram adapter: it reads updates from the Bot
// API (long polling, or a webhook), turns messages, inline queries and
// button presses into adapters.Requests, and renders each adapters.Reply as
// Telegram HTML, paced inside Telegram's limits.
//
// It imports the standard library, citebot/adapters, golang.org/x/time/rate
// and github.com/go-telegram-bot-api/telegram-bot-api/v5 (the only package of
// citebot that does); never the bot itself.
package telegram

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"citebot/adapters"
)

// DefaultAPIURL is Telegram's Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// Config configures the adapter; the bot fills it from the environment
// (TELEGRAM_* in CONTRACT.md).
type Config struct {
	Token         string
	APIURL        string                 // requests go to {APIURL}/bot{token}/{method}; default DefaultAPIURL
	WebhookURL    string                 // when set: webhook mode instead of long polling
	WebhookSecret string                 // sent with setWebhook as secret_token; checked on every update
	ModeratorIDs  []int64                // Request.Moderator is true for these user ids
	Commands      []adapters.CommandInfo // for setMyCommands
	Log           *slog.Logger
	// Events is told of failed calls and of polling that works again;
	// default adapters.NoEvents.
	Events adapters.Events
	// Grace is how long messages in hand may still be answered once Run's
	// context ends; default 5 s.
	Grace time.Duration
}

// Adapter connects one bot to Telegram. Make it with New.
type Adapter struct {
	cfg        Config
	h          adapters.Handler
	log        *slog.Logger
	bot        *tgbotapi.BotAPI // a template: each call uses a copy bound to its context
	http       *http.Client
	key        []byte // keys the hashes that stand for users and chats; new each start
	moderators map[int64]bool
	known      map[string]bool // commands answered in a group without @botname
	pace       *pacer
	events     adapters.Events
	sleep      func(context.Context, time.Duration) error
	poll       time.Duration // how long a getUpdates call waits for updates
	grace      time.Duration // how long messages in hand may finish after Run's context ends
	answers    *memory[[]int]
	// convOf maps the bot's answer messages, and the askers who replied
	// to one, to the conversation they continue (Request.Conversation).
	convOf    *memory[string]
	running   atomic.Bool
	connected atomic.Bool // Telegram accepted the token; updates are taken

	slots chan struct{} // updates in hand, queued or running
	busy  chan struct{} // handlers running at once

	mu      sync.Mutex
	self    tgbotapi.User
	workCtx context.Context // nil until connected and after Run ends
	work    sync.WaitGroup
	chats   map[uint64]*chatQueue
	seen    recentIDs // webhook updates already taken, against redelivery
}

// Bounds on what the adapter holds.
const (
	maxInHand      = 4096     // updates queued or running
	maxRunning     = 32       // handlers running at once
	maxChatQueue   = 64       // updates waiting in one chat
	maxInput       = 4 * 4096 // bytes of a message passed on (Telegram's 4096 characters)
	maxRemembered  = 10_000
	inlineDeadline = 5 * time.Second // Telegram drops inline answers after about 10s
	webhookBody    = 1 << 20
	quickPoll      = time.Second // a poll that returns sooner with nothing is too quick
	idleBase       = 50 * time.Millisecond
	idleMax        = time.Second
)

// allowedUpdates are the update kinds the bot asks Telegram for.
var allowedUpdates = []string{"message", "edited_message", "inline_query", "callback_query"}

// defaultCommands are answered in groups without @botname, besides those
// Config lists: a group's other bots have commands of their own.
var defaultCommands = []string{"ask", "fact", "figures", "help", "privacy", "source", "start"}

var (
	secretPattern  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
	commandPattern = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
)

// New checks cfg and returns an adapter for h. It does not touch the network.
func New(cfg Config, h adapters.Handler) (*Adapter, error) {
	if h == nil {
		return nil, errors.New("telegram: no handler")
	}
	if cfg.Token == "" {
		return nil, errors.New("telegram: no bot token (set TELEGRAM_BOT_TOKEN)")
	}
	if strings.ContainsAny(cfg.Token, " \t\r\n/?#%") {
		return nil, errors.New("telegram: the bot token has characters a token cannot have (check TELEGRAM_BOT_TOKEN)")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	if u, err := url.Parse(cfg.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("telegram: API URL %q is not an http(s) URL (TELEGRAM_API_URL)", cfg.APIURL)
	}
	if cfg.WebhookURL != "" {
		if u, err := url.Parse(cfg.WebhookURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("telegram: webhook URL %q is not an http(s) URL (TELEGRAM_WEBHOOK_URL)", cfg.WebhookURL)
		}
		// Without a secret anyone who finds the URL could post updates in
		// any user's name, a moderator's too.
		if cfg.WebhookSecret == "" {
			return nil, errors.New("telegram: webhook mode needs a secret (set TELEGRAM_WEBHOOK_SECRET)")
		}
	}
	if cfg.WebhookSecret != "" && !secretPattern.MatchString(cfg.WebhookSecret) {
		return nil, errors.New("telegram: the webhook secret must be 1 to 256 of A-Z, a-z, 0-9, _ and - (TELEGRAM_WEBHOOK_SECRET)")
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("telegram: hash key: %w", err)
	}
	events := cfg.Events
	if events == nil {
		events = adapters.NoEvents{}
	}
	grace := cfg.Grace
	if grace <= 0 {
		grace = 5 * time.Second
	}
	a := &Adapter{
		cfg:        cfg,
		h:          h,
		log:        log,
		events:     events,
		http:       &http.Client{},
		key:        key,
		moderators: make(map[int64]bool),
		known:      make(map[string]bool),
		sleep:      adapters.Sleep,
		poll:       30 * time.Second,
		grace:      grace,
		answers:    newMemory[[]int](maxRemembered),
		convOf:     newMemory[string](maxRemembered),
		slots:      make(chan struct{}, maxInHand),
		busy:       make(chan struct{}, maxRunning),
		chats:      make(map[uint64]*chatQueue),
		seen:       recentIDs{max: 1024},
	}
	a.pace = newPacer(defaultLimits, time.Now, adapters.Sleep)
	for _, id := range cfg.ModeratorIDs {
		a.moderators[id] = true
	}
	for _, c := range defaultCommands {
		a.known[c] = true
	}
	for _, c := range cfg.Commands {
		a.known[c.Name] = true
	}
	// The BotAPI is made by hand: tgbotapi's constructors call getMe.
	a.bot = &tgbotapi.BotAPI{Token: cfg.Token, Buffer: 100}
	a.bot.SetAPIEndpoint(strings.ReplaceAll(cfg.APIURL, "%", "%%") + "/bot%s/%s")
	sdkLog.add(cfg.Token, log)
	return a, nil
}

// Run connects (getMe), sets the command menu, then takes updates by long
// polling, or sets the webhook and serves WebhookHandler, until ctx is done.
// Messages in hand then get a short grace period to be answered. It returns
// nil when ctx ends it, an error when Telegram refuses the bot.
func (a *Adapter) Run(ctx context.Context) error {
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("telegram: Run called twice")
	}
	var me tgbotapi.User
	_, err := a.do(ctx, 0, false, "getMe", 0, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		resp, err := b.MakeRequest("getMe", nil)
		if err == nil {
			err = json.Unmarshal(resp.Result, &me)
		}
		return resp, err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return refused(err)
	}
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	a.mu.Lock()
	a.self, a.workCtx = me, workCtx
	a.mu.Unlock()
	mode := "long polling"
	if a.cfg.WebhookURL != "" {
		mode = "webhook"
	}
	a.log.Info("telegram: connected", "bot", "@"+me.UserName, "mode", mode)
	a.connected.Store(true)
	defer a.connected.Store(false)
	a.setCommands(ctx)

	offset := 0
	if a.cfg.WebhookURL != "" {
		err = a.runWebhook(ctx)
	} else {
		offset, err = a.runPolling(ctx)
	}
	// Telegram is told which updates were taken while those in hand are
	// answered: both bounded, so the whole stop stays within the grace.
	confirmed := make(chan struct{})
	go func() { defer close(confirmed); a.confirm(offset) }()
	a.drain(stopWork)
	<-confirmed
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// drain stops taking updates, lets those in hand finish for the grace
// period, then cancels the rest and waits for them.
func (a *Adapter) drain(stopWork context.CancelFunc) {
	a.mu.Lock()
	a.workCtx = nil
	a.mu.Unlock()
	done := make(chan struct{})
	go func() { a.work.Wait(); close(done) }()
	t := time.NewTimer(a.grace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		a.log.Warn("telegram: stopping with messages unanswered")
		stopWork()
		<-done
	}
}

// setCommands sets the menu of commands: everyone's in every chat, and
// the moderators' own besides in each moderator's private chat with the bot.
// A server that does not support it (an emulator, an old self-hosted
// server), or a moderator who has not opened a chat with the bot yet, is
// logged, not fatal.
func (a *Adapter) setCommands(ctx context.Context) {
	var everyone, moderators []tgbotapi.BotCommand
	for _, c := range a.cfg.Commands {
		if !commandPattern.MatchString(c.Name) {
			a.log.Warn("telegram: command left out of the menu: Telegram does not allow its name", "command", c.Name)
			continue
		}
		desc := strings.TrimSpace(c.Help)
		if len(desc) < 3 {
			desc = "/" + c.Name
		}
		bc := tgbotapi.BotCommand{Command: c.Name, Description: adapters.Clip(desc, 256)}
		moderators = append(moderators, bc)
		if !c.Moderator {
			everyone = append(everyone, bc)
		}
	}
	set := func(cfg tgbotapi.SetMyCommandsConfig) error {
		_, err := a.do(ctx, 0, false, "setMyCommands", 1, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
			return b.Request(cfg)
		})
		return err
	}
	if len(everyone) > 0 {
		if err := set(tgbotapi.NewSetMyCommands(everyone...)); err != nil {
			if ctx.Err() == nil {
				a.log.Warn("telegram: the command menu is not set", "err", err)
			}
			return
		}
	}
	if len(moderators) == len(everyone) {
		return
	}
	failed := 0
	for _, id := range a.cfg.ModeratorIDs {
		if set(tgbotapi.NewSetMyCommandsWithScope(tgbotapi.BotCommandScope{Type: "chat", ChatID: id}, moderators...)) != nil {
			failed++
		}
	}
	if failed > 0 && ctx.Err() == nil {
		// No ids here: they would say who the moderators are.
		a.log.Warn("telegram: the moderators' command menu is not set for some of them (each must open a chat with the bot first)", "moderators", failed)
	}
}

// runWebhook points Telegram at the webhook, with the secret it must send
// back, and serves until ctx is done. (tgbotapi's WebhookConfig has no
// secret_token, so the call is made by hand.)
func (a *Adapter) runWebhook(ctx context.Context) error {
	params := tgbotapi.Params{"url": a.cfg.WebhookURL, "secret_token": a.cfg.WebhookSecret}
	if err := params.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return fmt.Errorf("telegram: setWebhook: %w", err)
	}
	_, err := a.do(ctx, 0, false, "setWebhook", 0, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return b.MakeRequest("setWebhook", params)
	})
	if err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}

// runPolling takes updates with getUpdates until ctx is done, and returns
// the offset past the last update taken. A poll that fails is retried after
// a growing wait; one that comes back at once with nothing (a server that
// ignores the timeout) is followed by a short, growing pause, so the loop
// never spins. Every update a poll returned is handed on, also when ctx
// ends meanwhile; one that finds no room by then is not taken, and Telegram
// sends it again at the next start.
func (a *Adapter) runPolling(ctx context.Context) (int, error) {
	if _, err := a.call(ctx, "deleteWebhook", callTimeout, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return b.Request(tgbotapi.DeleteWebhookConfig{})
	}); err != nil && ctx.Err() == nil {
		a.log.Warn("telegram: could not remove a webhook before polling", "err", err)
	}
	offset, failures, idle := 0, 0, 0
	for ctx.Err() == nil {
		start := time.Now()
		cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: int(a.poll / time.Second), AllowedUpdates: allowedUpdates}
		var updates []tgbotapi.Update
		_, err := a.call(ctx, "getUpdates", a.poll+callTimeout, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
			resp, err := b.Request(cfg)
			if err == nil {
				err = json.Unmarshal(resp.Result, &updates)
			}
			return resp, err
		})
		if err != nil {
			if ctx.Err() != nil {
				return offset, nil
			}
			if r := refused(err); r != err {
				return offset, r
			}
			wait := backoff(failures, backoffMax)
			var e *apiError
			if errors.As(err, &e) && e.retryAfter > 0 {
				wait = e.retryAfter
			}
			failures++
			a.log.Warn("telegram: getUpdates failed", "err", err, "wait", wait)
			if a.sleep(ctx, wait) != nil {
				return offset, nil
			}
			continue
		}
		if failures > 0 {
			a.log.Info("telegram: taking updates again", "after_failures", failures)
			a.events.Reconnected()
		}
		failures = 0
		fresh := 0
		for _, u := range updates {
			if u.UpdateID < offset {
				continue // a server that ignores offset sends it again
			}
			if err := a.dispatch(ctx, u, true); err != nil {
				return offset, nil // ctx is done: u and those after it are not taken
			}
			offset = u.UpdateID + 1
			fresh++
		}
		if fresh == 0 && time.Since(start) < quickPoll {
			wait := idleMax
			if idle < 8 {
				wait = min(idleBase<<idle, idleMax)
			}
			idle++
			if a.sleep(ctx, wait) != nil {
				return offset, nil
			}
		} else {
			idle = 0
		}
	}
	return offset, nil
}

// confirm tells Telegram, on the way out, that the updates before offset are
// taken, so they are not sent again at the next start. (Telegram confirms
// updates only by a later getUpdates; with limit 1 and no wait this takes
// nothing new that it does not send again.)
func (a *Adapter) confirm(offset int) {
	if offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: 1, AllowedUpdates: allowedUpdates}
	if _, err := a.call(ctx, "getUpdates", 2*time.Second, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return b.Request(cfg)
	}); err != nil {
		a.log.Warn("telegram: could not confirm the last updates; some may be answered again at the next start", "err", err)
	}
}

// WebhookHandler serves the updates Telegram posts in webhook mode. It
// answers 401 without the secret header, 403 with a wrong one, 503 before
// Run has connected (Telegram tries again later), and 200 once an update is
// taken: answers are sent apart from the webhook's response.
func (a *Adapter) WebhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.cfg.WebhookURL == "" {
			http.Error(w, "webhook mode is off", http.StatusNotFound)
			return
		}
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if got == "" {
			http.Error(w, "missing secret", http.StatusUnauthorized)
			return
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.WebhookSecret)) != 1 {
			http.Error(w, "wrong secret", http.StatusForbidden)
			return
		}
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		var u tgbotapi.Update
		if err := json.NewDecoder(io.LimitReader(r.Body, webhookBody)).Decode(&u); err != nil {
			http.Error(w, "not an update", http.StatusBadRequest)
			return
		}
		if !a.seen.add(u.UpdateID) {
			return // Telegram sent it again: answered already
		}
		if err := a.dispatch(r.Context(), u, false); err != nil {
			a.seen.remove(u.UpdateID)
			http.Error(w, "not ready", http.StatusServiceUnavailable)
		}
	})
}

var errNotReady = errors.New("telegram: not connected, or too busy")

// dispatch hands an update to a goroutine: messages in a chat one after
// another, in order (so an edit comes after the answer it edits), inline
// queries and button presses at once. With block it waits for room (the
// poll loop slows down); without, it refuses when full.
func (a *Adapter) dispatch(ctx context.Context, u tgbotapi.Update, block bool) error {
	var job func(context.Context)
	var chat uint64
	switch {
	case u.Message != nil:
		m := u.Message
		job, chat = func(ctx context.Context) { a.onMessage(ctx, m, false) }, a.chatKey(m.Chat)
	case u.EditedMessage != nil:
		m := u.EditedMessage
		job, chat = func(ctx context.Context) { a.onMessage(ctx, m, true) }, a.chatKey(m.Chat)
	case u.InlineQuery != nil:
		q := u.InlineQuery
		job = func(ctx context.Context) { a.onInline(ctx, q) }
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		job = func(ctx context.Context) { a.onCallback(ctx, q) }
	default:
		return nil // channel posts and the rest: not for this bot
	}
	if block {
		// A free slot is taken even when ctx has ended: an update in hand
		// is answered rather than dropped. One that had to wait for room
		// is left to Telegram when the stop came first, even if room came
		// too by the time this goroutine ran (select picks either then).
		select {
		case a.slots <- struct{}{}:
		default:
			select {
			case a.slots <- struct{}{}:
				if err := ctx.Err(); err != nil {
					<-a.slots
					return err
				}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	} else {
		select {
		case a.slots <- struct{}{}:
		default:
			return errNotReady
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.workCtx == nil {
		<-a.slots
		return errNotReady
	}
	workCtx := a.workCtx
	run := func() {
		a.busy <- struct{}{}
		defer func() { <-a.busy; <-a.slots }()
		job(workCtx)
	}
	if chat == 0 {
		a.work.Add(1)
		go func() { defer a.work.Done(); run() }()
		return nil
	}
	q := a.chats[chat]
	if q == nil {
		q = &chatQueue{}
		a.chats[chat] = q
	}
	if len(q.jobs) >= maxChatQueue {
		<-a.slots
		a.log.Warn("telegram: a chat sends faster than it can be answered; update dropped")
		return nil
	}
	q.jobs = append(q.jobs, run)
	if !q.running {
		q.running = true
		a.work.Add(1)
		go a.runChat(chat, q)
	}
	return nil
}

// chatQueue holds a chat's updates waiting to be handled.
type chatQueue struct {
	jobs    []func()
	running bool
}

// runChat runs a chat's updates in order until none wait.
func (a *Adapter) runChat(key uint64, q *chatQueue) {
	defer a.work.Done()
	for {
		a.mu.Lock()
		if len(q.jobs) == 0 {
			q.running = false
			delete(a.chats, key)
			a.mu.Unlock()
			return
		}
		job := q.jobs[0]
		q.jobs = q.jobs[1:]
		a.mu.Unlock()
		job()
	}
}

// hash is a keyed hash of ids: it stands for a user or a chat in memory,
// and cannot be turned back into the id without the key, which lives only
// as long as the process.
func (a *Adapter) hash(kind string, ids ...int64) []byte {
	m := hmac.New(sha256.New, a.key)
	m.Write([]byte(kind))
	for _, id := range ids {
		m.Write(strconv.AppendInt([]byte{':'}, id, 10))
	}
	return m.Sum(nil)
}

// asker is Request.Asker for a user: opaque, stable while the bot runs.
func (a *Adapter) asker(u *tgbotapi.User) string {
	if u == nil {
		return ""
	}
	return "tg:" + hex.EncodeToString(a.hash("user", u.ID)[:12])
}

func (a *Adapter) chatKey(c *tgbotapi.Chat) uint64 {
	if c == nil {
		return 1
	}
	return binary.BigEndian.Uint64(a.hash("chat", c.ID)) | 1 // never 0, which means "no chat"
}

func (a *Adapter) messageKey(c *tgbotapi.Chat, msgID int) uint64 {
	var id int64
	if c != nil {
		id = c.ID
	}
	return binary.BigEndian.Uint64(a.hash("message", id, int64(msgID)))
}

// recentIDs remembers the last update ids taken from the webhook.
type recentIDs struct {
	mu    sync.Mutex
	max   int
	ids   map[int]bool
	order []int
}

// add notes id and reports whether it is new.
func (r *recentIDs) add(id int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ids == nil {
		r.ids = make(map[int]bool)
	}
	if r.ids[id] {
		return false
	}
	r.ids[id] = true
	r.order = append(r.order, id)
	if len(r.order) > r.max {
		delete(r.ids, r.order[0])
		r.order = r.order[1:]
	}
	return true
}

func (r *recentIDs) remove(id int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.ids, id)
}

// memory maps a keyed hash to what the adapter remembers of it: a
// question's message to the ids of the messages that answered it, so that
// an edited question gets its answer edited; an answer's message, or an
// asker in a chat, to the conversation it continues. It holds the last max
// keys, in memory only.
type memory[V any] struct {
	mu    sync.Mutex
	max   int
	m     map[uint64]V
	order []uint64
}

func newMemory[V any](max int) *memory[V] { return &memory[V]{max: max, m: make(map[uint64]V)} }

func (m *memory[V]) get(k uint64) V {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m[k]
}

func (m *memory[V]) put(k uint64, ids V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.m[k]; !ok {
		m.order = append(m.order, k)
	}
	m.m[k] = ids
	for len(m.order) > m.max {
		delete(m.m, m.order[0])
		m.order = m.order[1:]
	}
}

// Health tells whether the adapter is connected, for /healthz.
func (a *Adapter) Health() (ok bool, state string) {
	switch {
	case a.connected.Load():
		return true, "connected"
	case a.running.Load():
		return false, "connecting"
	}
	return false, "not running"
}

// refused says what to do when Telegram refuses the token; other errors
// come back as they are.
func refused(err error) error {
	var e *apiError
	if errors.As(err, &e) && e.unauthorized() {
		return fmt.Errorf("%w (check TELEGRAM_BOT_TOKEN)", err)
	}
	return err
}
