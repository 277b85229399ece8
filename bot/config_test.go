package main

import (
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
)

// env is a fake environment for FromEnv.
func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want func(c *Config) // changes from DefaultConfig
	}{
		{name: "defaults", env: nil, want: func(c *Config) {}},
		{name: "empty values keep defaults", env: map[string]string{"CITEBOT_SEEDS_DIR": "", "CITEBOT_RATE_LIMIT": " ", "TELEGRAM_API_URL": "  "}, want: func(c *Config) {}},
		{name: "telegram token", env: map[string]string{"TELEGRAM_BOT_TOKEN": " 123:secret\n"}, want: func(c *Config) { c.TelegramToken = "123:secret" }},
		{name: "telegram api url without trailing slash", env: map[string]string{"TELEGRAM_API_URL": "http://127.0.0.1:8081/"}, want: func(c *Config) { c.TelegramAPIURL = "http://127.0.0.1:8081" }},
		{name: "telegram moderators", env: map[string]string{"TELEGRAM_MODERATOR_IDS": "12, 34,,-1001"}, want: func(c *Config) { c.TelegramModeratorIDs = []int64{12, 34, -1001} }},
		{name: "telegram webhook", env: map[string]string{"TELEGRAM_WEBHOOK_URL": "https://bot.example/tg", "TELEGRAM_WEBHOOK_SECRET": "s3"}, want: func(c *Config) {
			c.TelegramWebhookURL, c.TelegramWebhookSecret = "https://bot.example/tg", "s3"
		}},
		{name: "discord token", env: map[string]string{"DISCORD_BOT_TOKEN": "abc.def"}, want: func(c *Config) { c.DiscordToken = "abc.def" }},
		{name: "discord api url", env: map[string]string{"DISCORD_API_URL": "http://127.0.0.1:9/"}, want: func(c *Config) { c.DiscordAPIURL = "http://127.0.0.1:9" }},
		{name: "discord guild", env: map[string]string{"DISCORD_GUILD_ID": "42"}, want: func(c *Config) { c.DiscordGuildID = "42" }},
		{name: "discord moderator roles", env: map[string]string{"DISCORD_MODERATOR_ROLE_IDS": "1, 2 ,3"}, want: func(c *Config) { c.DiscordModeratorRoleIDs = []string{"1", "2", "3"} }},
		{name: "discord message content", env: map[string]string{"DISCORD_MESSAGE_CONTENT": "true"}, want: func(c *Config) { c.DiscordMessageContent = true }},
		{name: "discord message content off", env: map[string]string{"DISCORD_MESSAGE_CONTENT": "0"}, want: func(c *Config) {}},
		{name: "discord public key", env: map[string]string{"DISCORD_PUBLIC_KEY": "beef"}, want: func(c *Config) { c.DiscordPublicKey = "beef" }},
		{name: "discord gateway", env: map[string]string{"DISCORD_GATEWAY": "TRUE"}, want: func(c *Config) { c.DiscordGateway = true }},
		{name: "seeds dir", env: map[string]string{"CITEBOT_SEEDS_DIR": "/srv/seeds"}, want: func(c *Config) { c.SeedsDir = "/srv/seeds" }},
		{name: "data dir", env: map[string]string{"CITEBOT_DATA_DIR": "/srv/data"}, want: func(c *Config) { c.DataDir = "/srv/data" }},
		{name: "http addr", env: map[string]string{"CITEBOT_HTTP_ADDR": "127.0.0.1:0"}, want: func(c *Config) { c.HTTPAddr = "127.0.0.1:0" }},
		{name: "rate limit", env: map[string]string{"CITEBOT_RATE_LIMIT": " 30 "}, want: func(c *Config) { c.RateLimit = 30 }},
		{name: "retention", env: map[string]string{"CITEBOT_RETENTION": "24h"}, want: func(c *Config) { c.Retention = 24 * time.Hour }},
		{name: "contact", env: map[string]string{"CITEBOT_CONTACT": "write to @mods"}, want: func(c *Config) { c.Contact = "write to @mods" }},
		{name: "log level debug", env: map[string]string{"CITEBOT_LOG_LEVEL": "debug"}, want: func(c *Config) { c.LogLevel = slog.LevelDebug }},
		{name: "log level upper case", env: map[string]string{"CITEBOT_LOG_LEVEL": "WARN"}, want: func(c *Config) { c.LogLevel = slog.LevelWarn }},
		{name: "log level error", env: map[string]string{"CITEBOT_LOG_LEVEL": "error"}, want: func(c *Config) { c.LogLevel = slog.LevelError }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DefaultConfig()
			if err := got.FromEnv(env(tt.env)); err != nil {
				t.Fatalf("FromEnv: %v", err)
			}
			want := DefaultConfig()
			tt.want(&want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("FromEnv(%v):\ngot  %+v\nwant %+v", tt.env, got, want)
			}
		})
	}
}

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	// The defaults of ../shared/CONTRACT.md.
	if c.SeedsDir != "./seeds" || c.DataDir != "./data" || c.RateLimit != 6 || c.Retention != 720*time.Hour ||
		c.LogLevel != slog.LevelInfo || c.TelegramAPIURL != "https://api.telegram.org" || c.DiscordAPIURL != "https://discord.com" ||
		c.HTTPAddr != "" || c.TelegramToken != "" || c.DiscordToken != "" || c.DiscordMessageContent || c.DiscordGateway {
		t.Errorf("DefaultConfig() = %+v, not the documented defaults", c)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("the defaults do not validate: %v", err)
	}
}

func TestFromEnvErrors(t *testing.T) {
	tests := []struct {
		name  string
		key   string
		value string
	}{
		{name: "rate limit not a number", key: "CITEBOT_RATE_LIMIT", value: "six"},
		{name: "rate limit zero", key: "CITEBOT_RATE_LIMIT", value: "0"},
		{name: "rate limit negative", key: "CITEBOT_RATE_LIMIT", value: "-3"},
		{name: "rate limit fraction", key: "CITEBOT_RATE_LIMIT", value: "1.5"},
		{name: "retention without unit", key: "CITEBOT_RETENTION", value: "720"},
		{name: "retention in days", key: "CITEBOT_RETENTION", value: "30d"},
		{name: "retention negative", key: "CITEBOT_RETENTION", value: "-1h"},
		{name: "retention zero", key: "CITEBOT_RETENTION", value: "0s"},
		{name: "log level", key: "CITEBOT_LOG_LEVEL", value: "verbose"},
		{name: "message content", key: "DISCORD_MESSAGE_CONTENT", value: "yes"},
		{name: "gateway", key: "DISCORD_GATEWAY", value: "on"},
		{name: "moderator id not a number", key: "TELEGRAM_MODERATOR_IDS", value: "12,@alice"},
		{name: "moderator id too big", key: "TELEGRAM_MODERATOR_IDS", value: "99999999999999999999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			err := c.FromEnv(env(map[string]string{tt.key: tt.value}))
			if err == nil {
				t.Fatalf("%s=%q: no error", tt.key, tt.value)
			}
			if !strings.HasPrefix(err.Error(), tt.key+":") {
				t.Errorf("%s=%q: error %q does not start with the variable's name", tt.key, tt.value, err)
			}
		})
	}
}

func TestFromEnvErrorHidesToken(t *testing.T) {
	c := DefaultConfig()
	err := c.FromEnv(env(map[string]string{"TELEGRAM_BOT_TOKEN": "123:secret", "DISCORD_BOT_TOKEN": "dsecret", "CITEBOT_RATE_LIMIT": "x"}))
	if err == nil {
		t.Fatal("no error")
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error %q holds a token", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		change  func(c *Config)
		wantErr string // the variable the error must name; empty for none
	}{
		{name: "defaults", change: func(c *Config) {}},
		{name: "webhook with address", change: func(c *Config) { c.TelegramWebhookURL, c.HTTPAddr = "https://bot.example/tg", ":8080" }},
		{name: "webhook without address", change: func(c *Config) { c.TelegramWebhookURL = "https://bot.example/tg" }, wantErr: "TELEGRAM_WEBHOOK_URL"},
		{name: "public key with address", change: func(c *Config) { c.DiscordPublicKey, c.HTTPAddr = "beef", ":8080" }},
		{name: "public key without address", change: func(c *Config) { c.DiscordPublicKey = "beef" }, wantErr: "DISCORD_PUBLIC_KEY"},
		{name: "no seeds dir", change: func(c *Config) { c.SeedsDir = "" }, wantErr: "CITEBOT_SEEDS_DIR"},
		{name: "database URL", change: func(c *Config) { c.DatabaseURL = "postgres://citebot:s3cret@db.internal:5432/citebot" }},
		{name: "database URL with a socket host", change: func(c *Config) { c.DatabaseURL = "postgres:///citebot?host=/run/postgresql" }},
		{name: "database URL of another scheme", change: func(c *Config) { c.DatabaseURL = "mysql://citebot:s3cret@db/citebot" }, wantErr: "CITEBOT_DATABASE_URL"},
		{name: "database URL that does not parse", change: func(c *Config) { c.DatabaseURL = "postgres://citebot:s3cret@%zz/citebot" }, wantErr: "CITEBOT_DATABASE_URL"},
		{name: "database URL without a host", change: func(c *Config) { c.DatabaseURL = "postgres:///citebot" }, wantErr: "CITEBOT_DATABASE_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.change(&c)
			err := c.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate = %v, want an error naming %s", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("Validate = %v: it shows the password", err)
			}
			if strings.HasPrefix(tt.wantErr, "CITEBOT_DATABASE_URL") && !strings.Contains(err.Error(), "postgres://user:password@host:5432/database") {
				t.Errorf("Validate = %v, want it to show how the URL is written", err)
			}
			if (tt.wantErr == "TELEGRAM_WEBHOOK_URL" || tt.wantErr == "DISCORD_PUBLIC_KEY") && !strings.Contains(err.Error(), "CITEBOT_HTTP_ADDR") {
				t.Errorf("Validate = %v, want it to say CITEBOT_HTTP_ADDR is needed", err)
			}
		})
	}
}
