package discord_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"citebot/adapters"
	"citebot/adapters/discord"
	"citebot/internal/discordfake"
)

func TestNewChecksTheConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     discord.Config
		h       adapters.Handler
		wantErr string // a variable the error names; "" for success
	}{
		{"defaults", discord.Config{Token: "abc.def.ghi"}, &recorder{}, ""},
		{"token with Bot prefix", discord.Config{Token: "Bot abc.def.ghi"}, &recorder{}, ""},
		{"public key", discord.Config{Token: "t", PublicKey: strings.Repeat("ab", 32)}, &recorder{}, ""},
		{"no token", discord.Config{}, &recorder{}, "DISCORD_BOT_TOKEN"},
		{"blank token", discord.Config{Token: "  Bot  "}, &recorder{}, "DISCORD_BOT_TOKEN"},
		{"public key not hex", discord.Config{Token: "t", PublicKey: "not hex"}, &recorder{}, "DISCORD_PUBLIC_KEY"},
		{"public key too short", discord.Config{Token: "t", PublicKey: "beef"}, &recorder{}, "DISCORD_PUBLIC_KEY"},
		{"api url without scheme", discord.Config{Token: "t", APIURL: "discord.com"}, &recorder{}, "DISCORD_API_URL"},
		{"api url of another scheme", discord.Config{Token: "t", APIURL: "ftp://discord.com"}, &recorder{}, "DISCORD_API_URL"},
		{"no handler", discord.Config{Token: "t"}, nil, "handler"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := discord.New(tt.cfg, tt.h)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("New: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("New = %v, want an error naming %s", err, tt.wantErr)
			}
		})
	}
}

func TestRunFailsFastOnABadToken(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	a, err := discord.New(discord.Config{Token: "wrong.token.value", APIURL: f.URL()}, &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(t.Context())
	if err == nil || !strings.Contains(err.Error(), "DISCORD_BOT_TOKEN") {
		t.Fatalf("Run = %v, want an error pointing at DISCORD_BOT_TOKEN", err)
	}
	if strings.Contains(err.Error(), "wrong.token.value") {
		t.Errorf("the error shows the token: %v", err)
	}
	if n := len(f.CallsTo("PUT ")); n != 0 {
		t.Errorf("%d registrations with a bad token", n)
	}
	if f.Connections() != 0 {
		t.Error("the gateway was opened with a bad token")
	}
}

func TestRunReturnsNilWhenCancelled(t *testing.T) {
	t.Parallel()
	t.Run("before it starts", func(t *testing.T) {
		f := discordfake.New(t)
		a, err := discord.New(discord.Config{Token: f.Token, APIURL: f.URL()}, &recorder{})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if err := a.Run(ctx); err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	})
	t.Run("while an answer is under way, after sending it", func(t *testing.T) {
		f := discordfake.New(t)
		started, release := make(chan struct{}), make(chan struct{})
		h := adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			close(started)
			<-release
			return echo(req), nil
		})
		a, err := discord.New(discord.Config{Token: f.Token, APIURL: f.URL()}, h)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- a.Run(ctx) }()
		f.WaitReady(t)
		f.Dispatch(t, "MESSAGE_CREATE", f.Message("1401", "slow question", false, false))
		waitFor(t, started, "the handler to start")
		cancel()
		close(release)
		if err := waitFor(t, done, "Run to return"); err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
		if n := len(f.CallsTo("POST /channels/")); n != 1 {
			t.Errorf("%d answers sent, want the one under way sent before Run returned", n)
		}
	})
}

func TestRunRegistrationFailureIsAnError(t *testing.T) {
	t.Parallel()
	f := discordfake.New(t)
	f.Fail("PUT /applications/", http.StatusBadRequest, 1)
	a, err := discord.New(discord.Config{Token: f.Token, APIURL: f.URL()}, &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(t.Context())
	if err == nil || !strings.Contains(err.Error(), "register commands") {
		t.Fatalf("Run = %v, want a registration error", err)
	}
	if f.Connections() != 0 {
		t.Error("the gateway was opened after the commands failed to register")
	}
}
