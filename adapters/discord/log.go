package discord

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"citebot/adapters"
)

// discordgo logs through one package-level function. It is bridged, once,
// to the loggers of the adapters alive, with every adapter's token
// redacted: at debug level discordgo prints the IDENTIFY payload, token
// included, and request URLs that hold interaction tokens.
var bridge struct {
	once sync.Once
	mu   sync.Mutex
	live map[*Adapter]bool
}

func attachLog(a *Adapter) {
	bridge.once.Do(func() { discordgo.Logger = logDiscordgo })
	bridge.mu.Lock()
	defer bridge.mu.Unlock()
	if bridge.live == nil {
		bridge.live = map[*Adapter]bool{}
	}
	bridge.live[a] = true
}

func detachLog(a *Adapter) {
	bridge.mu.Lock()
	defer bridge.mu.Unlock()
	delete(bridge.live, a)
}

// logDiscordgo is discordgo.Logger. With no adapter alive the message is
// dropped rather than printed unredacted.
func logDiscordgo(level, caller int, format string, args ...any) {
	bridge.mu.Lock()
	live := make([]*Adapter, 0, len(bridge.live))
	for a := range bridge.live {
		live = append(live, a)
	}
	bridge.mu.Unlock()
	if len(live) == 0 {
		return
	}
	msg := strings.TrimSpace(fmt.Sprintf(format, args...))
	msg = payload.ReplaceAllString(msg, "$1: [payload omitted]")
	for _, a := range live {
		msg = a.redact(msg)
	}
	fn := ""
	// caller counts from discordgo's msglog; this function is one deeper.
	if pc, _, _, ok := runtime.Caller(caller + 1); ok {
		if f := runtime.FuncForPC(pc); f != nil {
			fn = strings.TrimPrefix(f.Name(), "github.com/bwmarrin/discordgo.")
		}
	}
	var down []*Adapter
	for _, a := range live {
		a.log.Log(context.Background(), slogLevel(level), "discordgo: "+msg, "func", fn)
		if a.reconnecting() {
			down = append(down, a)
		}
	}
	// discordgo names no session in its log: a failed attempt to connect
	// again is put down to the adapter whose gateway is reconnecting, and
	// to none when several are (as only happens in tests).
	if len(down) == 1 {
		down[0].gatewayFailed(level, msg)
	}
}

// reconnecting tells whether the adapter's gateway, once connected, is down.
func (a *Adapter) reconnecting() bool {
	return a.connects.Load() > 0 && !a.gatewayUp.Load()
}

// gatewayFailed notes an attempt of discordgo's own to connect the gateway
// again that failed ("error reconnecting to gateway, websocket: close
// 4004: Authentication failed."): it is counted, and /healthz says why.
func (a *Adapter) gatewayFailed(level int, msg string) {
	if level > discordgo.LogWarning {
		return
	}
	// An attempt that fails before READY is logged by reconnect(), or, when
	// Discord closes the connection after IDENTIFY (a refused token, 4004),
	// by the read that follows.
	why, ok := strings.CutPrefix(msg, "error reconnecting to gateway, ")
	if !ok && strings.HasPrefix(msg, "error reading from gateway ") {
		_, why, ok = strings.Cut(msg, "websocket, ")
	}
	if !ok {
		return
	}
	a.events.Failed(adapters.FailedConnect)
	a.gatewayWhy.Store(&why)
}

func slogLevel(l int) slog.Level {
	switch l {
	case discordgo.LogError:
		return slog.LevelError
	case discordgo.LogWarning:
		return slog.LevelWarn
	}
	// discordgo's "informational" is a trace ("called"): our debug.
	return slog.LevelDebug
}

// discordgoLevel is the most detailed discordgo level log would print.
// discordgo's own debug level is never on: it prints every payload, user
// ids and message text included.
func discordgoLevel(log *slog.Logger) int {
	if log.Enabled(context.Background(), slog.LevelDebug) {
		return discordgo.LogInformational
	}
	return discordgo.LogWarning
}

var (
	// payload matches the raw event data discordgo appends to some
	// warnings ("unknown event: … Data: {…}"): who wrote what.
	payload = regexp.MustCompile(`(?s)\b(Data|message): .*`)
	// secretPath matches the token part of interaction and webhook URLs.
	secretPath = regexp.MustCompile(`(/(?:interactions|webhooks)/[0-9A-Za-z@]+/)[A-Za-z0-9._\-]+`)
	// secretField matches a token in JSON or in Go's %#v of a struct.
	secretField = regexp.MustCompile(`("token"\s*:\s*"|Token:")[^"]*`)
)

// redact removes the bot token and interaction tokens from s.
func (a *Adapter) redact(s string) string {
	s = strings.ReplaceAll(s, a.token, "[redacted]")
	s = secretField.ReplaceAllString(s, "${1}[redacted]")
	return secretPath.ReplaceAllString(s, "${1}[redacted]")
}
