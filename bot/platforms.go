package main

import (
	"errors"
	"net/http"

	"citebot/adapters/discord"
)

// platforms makes the chat adapters whose tokens are set and mounts their
// HTTP endpoints on mux: Telegram's webhook at the path of
// TELEGRAM_WEBHOOK_URL, Discord's interactions at /discord/interactions.
func (b *Bot) platforms(mux *http.ServeMux) ([]runner, error) {
	var rs []runner
	log := b.log
	if b.cfg.TelegramToken != "" {
		return nil, errors.New("TELEGRAM_BOT_TOKEN is set, but this build has no Telegram adapter yet; unset it")
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
		}, b.Handler())
		if err != nil {
			return nil, err
		}
		if b.cfg.DiscordPublicKey != "" {
			mux.Handle("POST /discord/interactions", dc.InteractionsHandler())
		}
		rs = append(rs, runner{name: "discord", run: dc.Run, face: true})
	}
	return rs, nil
}
