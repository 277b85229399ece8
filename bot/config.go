package main

import (
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is everything the process can be told, from the environment (and
// .env) and flags. DefaultConfig gives the defaults of ../shared/CONTRACT.md.
type Config struct {
	TelegramToken         string
	TelegramAPIURL        string
	TelegramModeratorIDs  []int64
	TelegramWebhookURL    string
	TelegramWebhookSecret string

	DiscordToken            string
	DiscordAPIURL           string
	DiscordGuildID          string
	DiscordModeratorRoleIDs []string
	DiscordMessageContent   bool
	DiscordPublicKey        string
	DiscordGateway          bool

	SeedsDir  string
	DataDir   string
	HTTPAddr  string
	RateLimit int           // questions a minute per asker
	Retention time.Duration // how long question text is kept
	Contact   string        // how to reach a human moderator
	Help      string        // where people get help with their own case (legal aid, a hotline)
	// DatabaseURL names the PostgreSQL database that keeps the curated
	// answers, fact cards, their audit, the queue and the feedback; empty:
	// the files of DataDir.
	DatabaseURL string
	LogLevel    slog.Level

	Console bool // the terminal prompt beside the platforms
}

// DefaultConfig returns the configuration used when nothing is set.
func DefaultConfig() Config {
	return Config{
		TelegramAPIURL: "https://api.telegram.org",
		DiscordAPIURL:  "https://discord.com",
		SeedsDir:       "./seeds",
		DataDir:        "./data",
		RateLimit:      6,
		Retention:      720 * time.Hour,
		LogLevel:       slog.LevelInfo,
	}
}

// FromEnv fills c from environment variables; getenv is os.Getenv in
// production. An invalid value is an error naming the variable.
func (c *Config) FromEnv(getenv func(string) string) error {
	str := func(name string, into *string) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*into = v
		}
	}
	str("TELEGRAM_BOT_TOKEN", &c.TelegramToken)
	str("TELEGRAM_API_URL", &c.TelegramAPIURL)
	str("TELEGRAM_WEBHOOK_URL", &c.TelegramWebhookURL)
	str("TELEGRAM_WEBHOOK_SECRET", &c.TelegramWebhookSecret)
	str("DISCORD_BOT_TOKEN", &c.DiscordToken)
	str("DISCORD_API_URL", &c.DiscordAPIURL)
	str("DISCORD_GUILD_ID", &c.DiscordGuildID)
	str("DISCORD_PUBLIC_KEY", &c.DiscordPublicKey)
	str("CITEBOT_SEEDS_DIR", &c.SeedsDir)
	str("CITEBOT_DATA_DIR", &c.DataDir)
	str("CITEBOT_HTTP_ADDR", &c.HTTPAddr)
	str("CITEBOT_CONTACT", &c.Contact)
	str("CITEBOT_HELP", &c.Help)
	str("CITEBOT_DATABASE_URL", &c.DatabaseURL)
	c.TelegramAPIURL = strings.TrimRight(c.TelegramAPIURL, "/")
	c.DiscordAPIURL = strings.TrimRight(c.DiscordAPIURL, "/")

	if v := getenv("TELEGRAM_MODERATOR_IDS"); v != "" {
		for _, f := range splitComma(v) {
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return fmt.Errorf("TELEGRAM_MODERATOR_IDS: %q is not a Telegram user id (a whole number)", f)
			}
			c.TelegramModeratorIDs = append(c.TelegramModeratorIDs, id)
		}
	}
	if v := getenv("DISCORD_MODERATOR_ROLE_IDS"); v != "" {
		c.DiscordModeratorRoleIDs = splitComma(v)
	}
	for _, b := range []struct {
		name string
		into *bool
	}{{"DISCORD_MESSAGE_CONTENT", &c.DiscordMessageContent}, {"DISCORD_GATEWAY", &c.DiscordGateway}} {
		if v := strings.TrimSpace(getenv(b.name)); v != "" {
			on, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s: %q is not true or false", b.name, v)
			}
			*b.into = on
		}
	}
	if v := strings.TrimSpace(getenv("CITEBOT_RATE_LIMIT")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("CITEBOT_RATE_LIMIT: %q is not a whole number of questions a minute (1 or more)", v)
		}
		c.RateLimit = n
	}
	if v := strings.TrimSpace(getenv("CITEBOT_RETENTION")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("CITEBOT_RETENTION: %q is not a positive duration such as 720h", v)
		}
		c.Retention = d
	}
	if v := strings.TrimSpace(getenv("CITEBOT_LOG_LEVEL")); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return fmt.Errorf("CITEBOT_LOG_LEVEL: %q is not debug, info, warn or error", v)
		}
	}
	return nil
}

// Validate checks what only makes sense together.
func (c Config) Validate() error {
	if c.TelegramWebhookURL != "" && c.HTTPAddr == "" {
		return fmt.Errorf("TELEGRAM_WEBHOOK_URL needs CITEBOT_HTTP_ADDR: the address to receive updates on")
	}
	if c.DiscordPublicKey != "" && c.HTTPAddr == "" {
		return fmt.Errorf("DISCORD_PUBLIC_KEY needs CITEBOT_HTTP_ADDR: the address to serve interactions on")
	}
	if c.DatabaseURL != "" {
		if err := checkDatabaseURL(c.DatabaseURL); err != nil {
			return err
		}
	}
	if c.SeedsDir == "" {
		return fmt.Errorf("CITEBOT_SEEDS_DIR: empty")
	}
	return nil
}

func splitComma(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// loadDotEnv reads ./.env, if there is one, into the environment; variables
// already set win.
func loadDotEnv() error {
	if _, err := os.Stat(".env"); err != nil {
		return nil
	}
	return godotenvLoad(".env")
}

// checkDatabaseURL fails fast on a CITEBOT_DATABASE_URL that cannot name a
// PostgreSQL database; the message never repeats the URL, which may hold a
// password.
func checkDatabaseURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("CITEBOT_DATABASE_URL: not a URL; write it as postgres://user:password@host:5432/database")
	case u.Scheme != "postgres" && u.Scheme != "postgresql":
		return fmt.Errorf("CITEBOT_DATABASE_URL: the scheme is %q; write it as postgres://user:password@host:5432/database", u.Scheme)
	case u.Host == "" && u.Query().Get("host") == "":
		return fmt.Errorf("CITEBOT_DATABASE_URL: no host; write it as postgres://user:password@host:5432/database")
	}
	return nil
}
