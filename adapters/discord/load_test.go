package discord_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"citebot/adapters"
	"citebot/adapters/discord"
	"citebot/internal/discordfake"
)

const (
	loadUsers   = 50
	loadPerUser = 10 // 500 interactions
)

// limited is a handler behind a per-asker limit, as the bot's rate limit
// raised to loadPerUser questions: every one of them is answered, with a
// quote of its own question.
type limited struct {
	mu    sync.Mutex
	asked map[string]int
}

func (l *limited) Handle(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
	l.mu.Lock()
	l.asked[req.Asker]++
	n := l.asked[req.Asker]
	l.mu.Unlock()
	if n > loadPerUser {
		return adapters.Reply{Silent: true}, nil
	}
	return echo(req), nil
}

func loadUser(u int) string { return fmt.Sprintf("%018d", 600000000000000000+u) }

func TestLoad(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, h *limited, answers map[string]discordfake.Response) {
		t.Helper()
		if len(answers) != loadUsers*loadPerUser {
			t.Errorf("%d interactions answered, want %d", len(answers), loadUsers*loadPerUser)
		}
		for id, r := range answers {
			if r.Type != 4 || !strings.Contains(r.Data.Text(), "question "+id+" ") {
				t.Errorf("interaction %s got %q, want the answer to its own question", id, r.Data.Text())
			}
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		if len(h.asked) != loadUsers {
			t.Errorf("%d askers, want one per user (%d)", len(h.asked), loadUsers)
		}
		for asker, n := range h.asked {
			if n != loadPerUser {
				t.Errorf("asker %s asked %d times, want %d", asker, n, loadPerUser)
			}
		}
	}

	t.Run("over the gateway", func(t *testing.T) {
		t.Parallel()
		f := discordfake.New(t)
		h := &limited{asked: map[string]int{}}
		r := start(t, f, discord.Config{}, h)
		for k := range loadPerUser {
			for u := range loadUsers {
				id := fmt.Sprintf("%d", 100000+k*loadUsers+u)
				f.Dispatch(t, "INTERACTION_CREATE", f.Slash(id, "ask", []string{"question", "question " + id + " from a crowd"}, discordfake.AsUser(loadUser(u))))
			}
		}
		r.settle(t)
		answers := map[string]discordfake.Response{}
		for _, c := range f.CallsTo("POST /interactions/1") {
			id := strings.Split(c.Path, "/")[2]
			if _, dup := answers[id]; dup {
				t.Errorf("interaction %s answered twice", id)
			}
			answers[id] = discordfake.Decode[discordfake.Response](t, c)
		}
		check(t, h, answers)
	})

	t.Run("over HTTP", func(t *testing.T) {
		t.Parallel()
		f := discordfake.New(t)
		h := &limited{asked: map[string]int{}}
		w := startWebhook(t, f, h, false)
		bodies := make([][][]byte, loadUsers)
		for u := range loadUsers {
			for k := range loadPerUser {
				id := fmt.Sprintf("%d", 100000+k*loadUsers+u)
				bodies[u] = append(bodies[u], mustJSON(t, f.Slash(id, "ask", []string{"question", "question " + id + " from a crowd"}, discordfake.AsUser(loadUser(u)))))
			}
		}
		var mu sync.Mutex
		answers := map[string]discordfake.Response{}
		var wg sync.WaitGroup
		for u := range loadUsers {
			wg.Add(1)
			go func() { // one user, asking one question after another
				defer wg.Done()
				for k := range loadPerUser {
					id := fmt.Sprintf("%d", 100000+k*loadUsers+u)
					status, out, err := w.send(bodies[u][k], time.Now(), w.priv)
					var r discordfake.Response
					if err != nil || status != http.StatusOK || json.Unmarshal(out, &r) != nil {
						t.Errorf("interaction %s: status %d %s %v", id, status, out, err)
						continue
					}
					mu.Lock()
					answers[id] = r
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		check(t, h, answers)
	})
}
