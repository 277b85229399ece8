package main

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"citebot/adapters"
)

// Middleware wraps a handler with a concern every command shares.
type Middleware func(adapters.Handler) adapters.Handler

// chain applies middleware so that the first listed runs outermost.
func chain(h adapters.Handler, mws ...Middleware) adapters.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// recoverer turns a panic in a handler into an error reply and a log line,
// so one bad message cannot stop the bot.
func recoverer(log *slog.Logger) Middleware {
	return func(next adapters.Handler) adapters.Handler {
		return adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (rep adapters.Reply, err error) {
			defer func() {
				if v := recover(); v != nil {
					log.Error("handler panicked", "adapter", req.Adapter, "command", req.Command,
						"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
					rep, err = adapters.Reply{}, fmt.Errorf("bot: panic in /%s: %v", req.Command, v)
				}
			}()
			return next.Handle(ctx, req)
		})
	}
}

// timeout bounds the time one message may take.
func timeout(d time.Duration) Middleware {
	return func(next adapters.Handler) adapters.Handler {
		return adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			ctx, cancel := context.WithTimeout(ctx, d)
			defer cancel()
			return next.Handle(ctx, req)
		})
	}
}

// logged writes one line per request: adapter, command, outcome and
// latency. Never who asked; the question's text only at debug level.
func logged(log *slog.Logger) Middleware {
	return func(next adapters.Handler) adapters.Handler {
		return adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			start := time.Now()
			rep, err := next.Handle(ctx, req)
			outcome := outcomeOf(rep, err)
			attrs := []any{"adapter", req.Adapter, "command", commandName(req.Command), "outcome", outcome,
				"latency", time.Since(start)}
			if err != nil {
				attrs = append(attrs, "err", err)
			}
			if log.Enabled(ctx, slog.LevelDebug) {
				attrs = append(attrs, "text", adapters.Clip(req.Text, 200))
			}
			level := slog.LevelInfo
			if req.Adapter == "console" { // its user is at the terminal the log would go to
				level = slog.LevelDebug
			}
			log.Log(ctx, level, "request", attrs...)
			return rep, err
		})
	}
}

func commandName(c string) string {
	if c == "" {
		return "ask"
	}
	return adapters.Clip(c, 32)
}

// outcomeOf names what became of a request, the same in logs and metrics.
func outcomeOf(rep adapters.Reply, err error) string {
	switch {
	case err != nil:
		return "error"
	case rep.Silent:
		return "silenced"
	case !rep.Answered:
		return "abstained"
	}
	return "answered"
}
