package main

import (
	"fmt"
	"net/http"
	"net/url"

	"citebot/adapters/discord"
	"citebot/adapters/telegram"
)

// platforms makes the chat adapters whose tokens are set and mounts their
// HTTP endpoints on mux: Telegram's webhook at the path of
// TELEGRAM_WEBHOOK_URL, Discord's interactions at /discord/interactions.
func (b *Bot) platforms(mux *http.ServeMux) ([]runner, error) {
	var rs []runner
	log := b.log
	if b.cfg.TelegramToken != "" {
		tg, err := telegram.New(telegram.Config{
			Token:         b.cfg.TelegramToken,
			APIURL:        b.cfg.TelegramAPIURL,
			WebhookURL:    b.cfg.TelegramWebhookURL,
			WebhookSecret: b.cfg.TelegramWebhookSecret,
			ModeratorIDs:  b.cfg.TelegramModeratorIDs,
			Commands:      b.Menu(),
			Log:           log.With("adapter", "telegram"),
			Events:        b.metrics.events("telegram"),
			Grace:         shutdownGrace,
		}, b.Handler())
		if err != nil {
			return nil, err
		}
		if b.cfg.TelegramWebhookURL != "" {
			u, err := url.Parse(b.cfg.TelegramWebhookURL)
			if err != nil || u.Path == "" {
				return nil, fmt.Errorf("TELEGRAM_WEBHOOK_URL: %q has no path to serve updates at", b.cfg.TelegramWebhookURL)
			}
			mux.Handle("POST "+u.Path, tg.WebhookHandler())
		}
		rs = append(rs, runner{name: "telegram", run: tg.Run, face: true})
		b.health.add("telegram", tg.Health)
		b.metrics.up("telegram", &b.health)
	}
	if b.cfg.DiscordToken != "" {
		dc, err := discord.New(discord.Config{
			Token:            b.cfg.DiscordToken,
			APIURL:           b.cfg.DiscordAPIURL,
			GuildID:          b.cfg.DiscordGuildID,
			ModeratorRoleIDs: b.cfg.DiscordModeratorRoleIDs,
			MessageContent:   b.cfg.DiscordMessageContent,
			PublicKey:        b.cfg.DiscordPublicKey,
			Gateway:          b.cfg.DiscordGateway,
			Commands:         b.Menu(),
			Log:              log.With("adapter", "discord"),
			Events:           b.metrics.events("discord"),
		}, b.Handler())
		if err != nil {
			return nil, err
		}
		if b.cfg.DiscordPublicKey != "" {
			mux.Handle("POST /discord/interactions", dc.InteractionsHandler())
		}
		rs = append(rs, runner{name: "discord", run: dc.Run, face: true})
		b.health.add("discord", dc.Health)
		b.metrics.up("discord", &b.health)
	}
	return rs, nil
}
