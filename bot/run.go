package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"citebot/adapters/console"
	"citebot/answers"
)

// shutdownGrace bounds how long answers in flight may take once the process
// is told to stop.
const shutdownGrace = 10 * time.Second

// runner is one part of the running process: an adapter or the HTTP server.
type runner struct {
	name string
	run  func(ctx context.Context) error
	// face marks a part people talk to (an adapter): the process runs
	// while one of them does, even when another has stopped.
	face bool
}

// run starts what the configuration enables (the platforms with a token,
// the terminal when there is none or with -console, the HTTP server when
// CITEBOT_HTTP_ADDR is set) and waits until ctx ends or a part stops.
func (b *Bot) run(ctx context.Context, stdin io.Reader, stdout io.Writer) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /livez", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /healthz", &b.health)
	mux.Handle("GET /metrics", b.metrics.handler())
	rs, err := b.platforms(mux)
	if err != nil {
		return err
	}
	platforms := len(rs)
	rs = append(rs, runner{name: "curated", run: b.watchCurated}, runner{name: "seeds", run: b.watchSeeds})
	if platforms == 0 || b.cfg.Console {
		rs = append(rs, runner{name: "console", run: b.consoleRunner(stdin, stdout), face: true})
	}
	if b.cfg.HTTPAddr != "" {
		srv, err := b.httpRunner(mux)
		if err != nil {
			return err
		}
		rs = append(rs, srv)
	}
	return b.runAll(ctx, rs)
}

func (b *Bot) consoleRunner(stdin io.Reader, stdout io.Writer) func(context.Context) error {
	return func(ctx context.Context) error {
		c := &console.Console{In: stdin, Out: stdout, Handler: b.Handler()}
		if isTerminal(stdin) {
			c.Terminal = &console.Terminal{Out: stdout, Prompt: "? "}
			if b.logOut != nil {
				b.logOut.term.Store(c.Terminal)
				defer b.logOut.term.Store(nil)
			}
			fmt.Fprintln(stdout, console.Plain(b.intro(answers.LangEnglish)))
			fmt.Fprintln(stdout, "Type a question and press Enter; /help lists the commands, /quit or Ctrl-D ends.")
		}
		return c.Run(ctx)
	}
}

// httpRunner listens on CITEBOT_HTTP_ADDR at once, so that a busy port is
// an error at start, and serves until ctx ends, then shuts down gracefully.
func (b *Bot) httpRunner(mux *http.ServeMux) (runner, error) {
	ln, err := net.Listen("tcp", b.cfg.HTTPAddr)
	if err != nil {
		return runner{}, fmt.Errorf("CITEBOT_HTTP_ADDR: %w", err)
	}
	b.log.Info("http listening", "addr", ln.Addr().String())
	if b.onListen != nil {
		b.onListen(ln.Addr().String())
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	return runner{name: "http", run: func(ctx context.Context) error {
		errc := make(chan error, 1)
		go func() { errc <- srv.Serve(ln) }()
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
		}
		sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return err
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}}, nil
}

// runAll runs every part until ctx ends, or until the last part people talk
// to has stopped (a platform that fails leaves the others working), or a
// supporting part fails; then it stops the others and waits for them, at
// most shutdownGrace. Told to stop (ctx ended), it returns nil: the parts
// that failed before were logged, and /healthz said so.
func (b *Bot) runAll(parent context.Context, rs []runner) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(rs))
	var mu sync.Mutex
	faces := 0
	for _, r := range rs {
		if r.face {
			faces++
		}
	}
	for _, r := range rs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := r.run(ctx)
			if err != nil && ctx.Err() == nil {
				b.log.Error("stopped", "part", r.name, "err", err)
				b.health.stop(r.name, err)
				errs <- fmt.Errorf("%s: %w", r.name, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if r.face {
				faces--
			}
			if !r.face || faces == 0 {
				cancel()
			}
		}()
	}
	<-ctx.Done()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(shutdownGrace + time.Second):
		b.log.Warn("parts still running after the grace period; exiting")
	}
	close(errs)
	if parent.Err() != nil {
		return nil
	}
	return errors.Join(drain(errs)...)
}

func drain(c <-chan error) []error {
	var out []error
	for err := range c {
		out = append(out, err)
	}
	return out
}
