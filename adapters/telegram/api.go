package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"citebot/adapters"
)

// How calls to the Bot API are retried.
const (
	sendAttempts  = 5 // tries of one message before it is given up
	backoffBase   = 500 * time.Millisecond
	backoffMax    = 30 * time.Second // between polls that fail
	maxRetryAfter = 5 * time.Minute  // a longer flood wait is not waited out
	callTimeout   = 20 * time.Second // one call, other than a long poll
)

// apiError is a failed Bot API call with the bot token taken out of
// everything it says: tgbotapi's errors quote the request URL, which holds
// the token.
type apiError struct {
	method     string
	status     int           // HTTP status; 0 when no response came
	code       int           // Telegram's error_code
	retryAfter time.Duration // Telegram's parameters.retry_after on a 429
	msg        string        // redacted
	cause      error         // context errors only, for errors.Is
}

func (e *apiError) Error() string { return "telegram: " + e.method + ": " + e.msg }
func (e *apiError) Unwrap() error { return e.cause }

// temporary tells whether trying again later may work: no response at all,
// a server error, or a flood wait.
func (e *apiError) temporary() bool {
	return e.cause == nil && (e.status == 0 || e.status >= 500 || e.code >= 500 || e.code == http.StatusTooManyRequests)
}

// unauthorized tells whether Telegram refused the token.
func (e *apiError) unauthorized() bool {
	return e.code == http.StatusUnauthorized || e.status == http.StatusUnauthorized ||
		(e.code == http.StatusNotFound && e.method == "getMe")
}

// doer gives tgbotapi, which has no context, the context of one call, and
// notes the HTTP status of the answer (tgbotapi drops it).
type doer struct {
	ctx    context.Context
	client *http.Client
	status int
}

func (d *doer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.client.Do(req.WithContext(d.ctx))
	if resp != nil {
		d.status = resp.StatusCode
	}
	return resp, err
}

// call makes one Bot API call under ctx through a copy of the bot bound to
// that context, and returns its result or an *apiError.
func (a *Adapter) call(ctx context.Context, method string, timeout time.Duration, fn func(*tgbotapi.BotAPI) (*tgbotapi.APIResponse, error)) (*tgbotapi.APIResponse, error) {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	d := &doer{ctx: ctx, client: a.http}
	bot := *a.bot
	bot.Client = d
	resp, err := fn(&bot)
	if err == nil {
		return resp, nil
	}
	e := &apiError{method: method, status: d.status, msg: a.redact(err.Error())}
	var tg *tgbotapi.Error
	var tgv tgbotapi.Error
	switch {
	case errors.As(err, &tg):
		e.code, e.retryAfter = tg.Code, time.Duration(tg.RetryAfter)*time.Second
	case errors.As(err, &tgv):
		e.code, e.retryAfter = tgv.Code, time.Duration(tgv.RetryAfter)*time.Second
	case parent.Err() != nil:
		e.cause = parent.Err() // the caller gave up: not a fault to retry
	case ctx.Err() != nil:
		e.msg = "no answer in " + timeout.String() // our own timeout: the network's fault
	}
	var se *json.SyntaxError
	if e.code == 0 && (errors.As(err, &se) || e.status >= 400) {
		e.msg = fmt.Sprintf("HTTP %d: %s", e.status, e.msg)
	}
	if e.code != 0 {
		e.msg = fmt.Sprintf("%d %s", e.code, e.msg)
	}
	if e.cause == nil && !notModified(e) {
		a.events.Failed(callKind(method))
	}
	return resp, e
}

// callKind is what Events.Failed is told of a failed call of method.
func callKind(method string) string {
	switch method {
	case "getUpdates":
		return adapters.FailedPoll
	case "getMe", "setWebhook", "deleteWebhook", "setMyCommands":
		return adapters.FailedConnect
	}
	return adapters.FailedSend
}

// do makes a call, paced for chat (see pacer.wait), up to attempts times (0:
// until ctx is done), retrying what may work later: a flood wait is waited
// out for as long as Telegram asks, a network or server fault after a
// growing wait with jitter.
func (a *Adapter) do(ctx context.Context, chat uint64, group bool, method string, attempts int, fn func(*tgbotapi.BotAPI) (*tgbotapi.APIResponse, error)) (*tgbotapi.APIResponse, error) {
	for attempt := 0; ; attempt++ {
		if err := a.pace.wait(ctx, chat, group); err != nil {
			return nil, fmt.Errorf("telegram: %s: %w", method, err)
		}
		resp, err := a.call(ctx, method, callTimeout, fn)
		if err == nil {
			return resp, nil
		}
		var e *apiError
		if !errors.As(err, &e) || !e.temporary() || (attempts > 0 && attempt+1 >= attempts) || e.retryAfter > maxRetryAfter {
			return resp, err
		}
		wait := e.retryAfter
		if wait == 0 {
			wait = backoff(min(attempt, 16), backoffMax)
		}
		if method == "getMe" {
			// At start: the process keeps serving on its other parts meanwhile.
			a.log.Warn("telegram: cannot reach Telegram, retrying (check the network, and TELEGRAM_API_URL if set)", "attempt", attempt+1, "wait", wait, "err", e.msg)
		} else {
			a.log.Warn("telegram: call failed, retrying", "method", method, "attempt", attempt+1, "wait", wait, "err", e.msg)
		}
		if err := a.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("telegram: %s: %w", method, err)
		}
	}
}

// backoff is how long to wait before try attempt+2: doubling from
// backoffBase up to most, with jitter so that many bots do not retry in
// step.
func backoff(attempt int, most time.Duration) time.Duration {
	d := most
	if attempt < 16 {
		d = min(backoffBase<<attempt, most)
	}
	return d/2 + rand.N(d/2+1)
}

// redact takes the token out of s, in every form a URL may write it.
func (a *Adapter) redact(s string) string { return redactToken(s, a.cfg.Token) }

func redactToken(s, token string) string {
	if token == "" {
		return s
	}
	for _, t := range []string{token, url.PathEscape(token), url.QueryEscape(token)} {
		s = strings.ReplaceAll(s, t, "<token>")
	}
	return s
}

// sdkLogger is tgbotapi's package logger, bridged to slog with every known
// token taken out. tgbotapi has one logger for the whole process, so it is
// set once and serves every adapter.
type sdkLogger struct {
	mu     sync.Mutex
	tokens map[string]bool
	log    *slog.Logger
}

var (
	sdkLog     = &sdkLogger{tokens: map[string]bool{}}
	sdkLogOnce sync.Once
)

func (l *sdkLogger) add(token string, log *slog.Logger) {
	sdkLogOnce.Do(func() { _ = tgbotapi.SetLogger(sdkLog) })
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tokens[token] = true
	l.log = log
}

func (l *sdkLogger) Println(v ...any)               { l.write(strings.TrimSuffix(fmt.Sprintln(v...), "\n")) }
func (l *sdkLogger) Printf(format string, v ...any) { l.write(fmt.Sprintf(format, v...)) }

func (l *sdkLogger) write(s string) {
	l.mu.Lock()
	for t := range l.tokens {
		s = redactToken(s, t)
	}
	log := l.log
	l.mu.Unlock()
	if log != nil {
		log.Warn("tgbotapi: " + strings.TrimSpace(s))
	}
}
