package discord

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"citebot/internal/logbuf"

	"github.com/bwmarrin/discordgo"

	"citebot/adapters"
)

func newTestAdapter(t *testing.T, level slog.Level) (*Adapter, *logbuf.Buffer) {
	t.Helper()
	logs := &logbuf.Buffer{}
	a, err := New(Config{Token: "MTA1.secret.TOKEN", Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: level}))},
		adapters.HandlerFunc(func(context.Context, adapters.Request) (adapters.Reply, error) { return adapters.Reply{}, nil }))
	if err != nil {
		t.Fatal(err)
	}
	return a, logs
}

func TestRedact(t *testing.T) {
	a, _ := newTestAdapter(t, slog.LevelInfo)
	tests := []struct{ in, want string }{
		{"authorization: Bot MTA1.secret.TOKEN", "authorization: Bot [redacted]"},
		{`Post "https://discord.com/api/v9/interactions/123/aW50ZXJhY3Rpb24-6_x.y/callback": EOF`, `Post "https://discord.com/api/v9/interactions/123/[redacted]/callback": EOF`},
		{"PATCH https://discord.com/api/v9/webhooks/111/aW50-tok/messages/@original", "PATCH https://discord.com/api/v9/webhooks/111/[redacted]/messages/@original"},
		{`{"id":"1","token":"aW50ZXJhY3Rpb24","type":2}`, `{"id":"1","token":"[redacted]","type":2}`},
		{`discordgo.Identify{Token:"Bot something else"}`, `discordgo.Identify{Token:"[redacted]"}`},
		{"nothing secret, ¶2", "nothing secret, ¶2"},
	}
	for _, tt := range tests {
		if got := a.redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDiscordgoLogBridge(t *testing.T) {
	a, logs := newTestAdapter(t, slog.LevelDebug)
	attachLog(a)
	defer detachLog(a)
	if a.session.LogLevel != discordgo.LogInformational {
		t.Errorf("discordgo level %d at slog debug, want informational (never its payload dumps)", a.session.LogLevel)
	}
	discordgo.Logger(discordgo.LogWarning, 1, "unknown event: Op: %d, Type: %s, Data: %s", 0, "X", `{"author":{"id":"444444444444444444"},"content":"who asked"}`)
	discordgo.Logger(discordgo.LogError, 1, "error sending heartbeat to gateway %s, token %s", "wss://g", "MTA1.secret.TOKEN")
	got := logs.String()
	for _, want := range []string{"level=WARN", "unknown event", "[payload omitted]", "level=ERROR", "[redacted]"} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
	// A user id as Discord's are (a short one may be in a timestamp).
	for _, secret := range []string{"444444444444444444", "who asked", "MTA1.secret.TOKEN"} {
		if strings.Contains(got, secret) {
			t.Errorf("log holds %q:\n%s", secret, got)
		}
	}
	quiet, _ := newTestAdapter(t, slog.LevelInfo)
	if quiet.session.LogLevel != discordgo.LogWarning {
		t.Errorf("discordgo level %d at slog info, want warnings and errors only", quiet.session.LogLevel)
	}
}

func TestSpawnRecoversAPanic(t *testing.T) {
	a, logs := newTestAdapter(t, slog.LevelInfo)
	a.spawn("test", func(context.Context) { panic("nil map") })
	ran := make(chan struct{})
	a.spawn("test", func(context.Context) { close(ran) })
	<-ran
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if !a.busy.wait(ctx) {
		t.Fatal("timed out waiting for the goroutines")
	}
	if got := logs.String(); !strings.Contains(got, "discord: panic") || !strings.Contains(got, "nil map") {
		t.Errorf("log:\n%s\nwant the panic", got)
	}
}

func TestTrackerForgetsTheOldest(t *testing.T) {
	tr := newTracker[*answered](3)
	for i := range 5 {
		tr.put(fmt.Sprint(i), &answered{channelID: fmt.Sprint(i)})
	}
	for i := range 5 {
		if got := tr.get(fmt.Sprint(i)); (got != nil) != (i >= 2) {
			t.Errorf("message %d remembered = %v, want only the last 3", i, got != nil)
		}
	}
	tr.put("4", &answered{channelID: "again"})
	if len(tr.byID) != 3 || tr.get("4").channelID != "again" || tr.get("2") == nil {
		t.Errorf("putting a known id again evicted another or did not replace it")
	}
}
