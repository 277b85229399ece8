package main

import (
	"errors"
	"net/http"
)

// platforms makes the chat adapters whose tokens are set and mounts their
// HTTP endpoints on mux.
func (b *Bot) platforms(mux *http.ServeMux) ([]runner, error) {
	_ = mux
	if b.cfg.TelegramToken != "" {
		return nil, errors.New("TELEGRAM_BOT_TOKEN is set, but this build has no Telegram adapter yet; unset it to use the terminal")
	}
	if b.cfg.DiscordToken != "" {
		return nil, errors.New("DISCORD_BOT_TOKEN is set, but this build has no Discord adapter yet; unset it to use the terminal")
	}
	return nil, nil
}
