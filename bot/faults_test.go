package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"citebot/index"
	"citebot/internal/discordfake"
)

// The start-up faults an operator meets, each through the real program:
// one log line names the cause and what to do, and the platform that works
// keeps working. (A missing or empty seeds folder: TestCommandLine.)

const deportedAnswer = "2.6 million"

// healthz reads /healthz: each part's state.
func healthz(t *testing.T, addr string) map[string]string {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		return nil // not listening yet
	}
	defer resp.Body.Close()
	var h struct {
		Parts map[string]string `json:"parts"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatalf("/healthz is not JSON: %v", err)
	}
	return h.Parts
}

// untilHealth polls /healthz, with a deadline, until cond holds.
func untilHealth(t *testing.T, p *process, addr, what string, cond func(parts map[string]string) bool) map[string]string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		p.alive(t)
		parts := healthz(t, addr)
		if parts != nil && cond(parts) {
			return parts
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never showed %s: %v\n%s", what, parts, p.stderr)
		}
		time.Sleep(50 * time.Millisecond) // polling a process, with a deadline
	}
}

// metricsText reads /metrics.
func metricsText(t *testing.T, addr string) string {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// untilMetrics polls /metrics, with a deadline, until it holds every line
// of want.
func untilMetrics(t *testing.T, addr string, want ...string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		body := metricsText(t, addr)
		missing := ""
		for _, w := range want {
			if !strings.Contains(body, w+"\n") {
				missing = w
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			var ours []string
			for _, l := range strings.Split(body, "\n") {
				if strings.HasPrefix(l, "citebot_adapter") {
					ours = append(ours, l)
				}
			}
			t.Fatalf("/metrics lacks %s:\n%s", missing, strings.Join(ours, "\n"))
		}
		time.Sleep(50 * time.Millisecond) // polling a process, with a deadline
	}
}

// logLine finds the one log line (JSON) matching every pattern.
func logLine(t *testing.T, p *process, patterns ...string) map[string]any {
	t.Helper()
	for _, l := range strings.Split(p.stderr.String(), "\n") {
		ok := l != ""
		for _, pat := range patterns {
			ok = ok && regexp.MustCompile(pat).MatchString(l)
		}
		if !ok {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Errorf("log line is not JSON: %s", l)
		}
		return m
	}
	t.Errorf("no log line matches %q:\n%s", patterns, p.stderr)
	return nil
}

// askTelegram asks the bot on the fake Telegram and waits for the answer.
func askTelegram(t *testing.T, tg *fakeTelegram, msgID int) {
	t.Helper()
	tg.push(tgMessage(int64(3000+msgID), msgID, deported))
	tg.until(fmt.Sprintf("the answer to Telegram message %d", msgID), func() bool {
		for _, s := range tg.sent {
			if s.ReplyTo == msgID {
				return true
			}
		}
		return false
	})
	if a := tg.answers()[msgID]; !strings.Contains(a.Text, deportedAnswer) {
		t.Errorf("Telegram answer lacks %q:\n%s", deportedAnswer, a.Text)
	}
}

// askDiscord asks the bot in a DM on the fake Discord and waits for the
// answer.
func askDiscord(t *testing.T, dc *discordfake.Server, msgID string) {
	t.Helper()
	dc.Dispatch(t, "MESSAGE_CREATE", dc.Message(msgID, deported, false, false))
	if r := dc.Reply(t, msgID); !strings.Contains(r.Text(), deportedAnswer) {
		t.Errorf("Discord answer lacks %q:\n%s", deportedAnswer, r.Text())
	}
}

// TestBadTokenStopsThatPlatformOnly: a platform that refuses its token
// stops with one error line naming the variable to fix, /healthz says so,
// and the other platform keeps answering.
func TestBadTokenStopsThatPlatformOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program")
	}
	tests := []struct {
		name    string
		bad     string // the platform that refuses
		env     func(tg *fakeTelegram, dc *discordfake.Server) map[string]string
		says    []string // in the error line
		healthy string
	}{
		{
			name: "telegram 401", bad: "telegram", healthy: "discord",
			env: func(tg *fakeTelegram, dc *discordfake.Server) map[string]string {
				return map[string]string{"TELEGRAM_BOT_TOKEN": "4242:not-the-token", "DISCORD_BOT_TOKEN": dc.Token}
			},
			says: []string{"401", "check TELEGRAM_BOT_TOKEN"},
		},
		{
			name: "discord 401", bad: "discord", healthy: "telegram",
			env: func(tg *fakeTelegram, dc *discordfake.Server) map[string]string {
				return map[string]string{"TELEGRAM_BOT_TOKEN": tg.token, "DISCORD_BOT_TOKEN": "MTIz.not.the-token"}
			},
			says: []string{"401", "check DISCORD_BOT_TOKEN"},
		},
		{
			name: "discord gateway 4004", bad: "discord", healthy: "telegram",
			env: func(tg *fakeTelegram, dc *discordfake.Server) map[string]string {
				dc.RefuseIdentify(4004, "Authentication failed.")
				return map[string]string{"TELEGRAM_BOT_TOKEN": tg.token, "DISCORD_BOT_TOKEN": dc.Token}
			},
			says: []string{"4004", "check DISCORD_BOT_TOKEN"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg, dc := newFakeTelegram(t), discordfake.New(t)
			addr := freeAddr(t)
			env := map[string]string{"TELEGRAM_API_URL": tg.URL(), "DISCORD_API_URL": dc.URL(), "CITEBOT_HTTP_ADDR": addr}
			for k, v := range tt.env(tg, dc) {
				env[k] = v
			}
			p := startProcess(t, env)
			parts := untilHealth(t, p, addr, tt.bad+" stopped and "+tt.healthy+" connected", func(parts map[string]string) bool {
				return strings.HasPrefix(parts[tt.bad], "stopped") && parts[tt.healthy] == "connected"
			})
			for _, s := range tt.says {
				if !strings.Contains(parts[tt.bad], s) {
					t.Errorf("/healthz says %s %q, want it to hold %q", tt.bad, parts[tt.bad], s)
				}
			}
			line := logLine(t, p, `"level":"ERROR"`, regexp.QuoteMeta(tt.says[len(tt.says)-1]))
			if line != nil && line["part"] != tt.bad {
				t.Errorf("the error line names part %v, want %s", line["part"], tt.bad)
			}
			if n := strings.Count(p.stderr.String(), tt.says[len(tt.says)-1]); n != 1 {
				t.Errorf("%q is said %d times, want once:\n%s", tt.says[len(tt.says)-1], n, p.stderr)
			}
			untilMetrics(t, addr,
				`citebot_adapter_up{adapter="`+tt.bad+`"} 0`,
				`citebot_adapter_up{adapter="`+tt.healthy+`"} 1`)
			if tt.healthy == "telegram" {
				askTelegram(t, tg, 1)
			} else {
				dc.WaitReady(t)
				askDiscord(t, dc, "8001")
			}
			p.alive(t)
		})
	}
}

// cutting answers its first n requests by cutting the connection, as a
// platform that cannot be reached; then next answers.
func cutting(n int64, next http.Handler) http.Handler {
	var seen atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= n {
			if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
				c.Close()
			}
			return
		}
		next.ServeHTTP(w, r)
	})
}

// TestUnreachablePlatformIsRetried: a platform that cannot be reached at
// start is tried again after growing waits, logged with what to check,
// shown in /healthz and counted in /metrics, while the other answers; once
// it can be reached, it answers too. The platform that works meanwhile
// loses its connection once, and /metrics counts the reconnect.
func TestUnreachablePlatformIsRetried(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program")
	}
	t.Run("telegram", func(t *testing.T) {
		tg, dc := newFakeTelegram(t), discordfake.New(t)
		tg.setFault(func(method string, n int) (int, string, bool) {
			return 0, "", method == "getMe" && n <= 3 // cut the connection
		})
		addr := freeAddr(t)
		p := startProcess(t, map[string]string{
			"TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_API_URL": tg.URL(),
			"DISCORD_BOT_TOKEN": dc.Token, "DISCORD_API_URL": dc.URL(), "CITEBOT_HTTP_ADDR": addr,
		})
		dc.WaitReady(t)
		askDiscord(t, dc, "8101") // answers while Telegram is retried
		untilMetrics(t, addr, `citebot_adapter_errors_total{adapter="telegram",kind="connect"} 3`)
		if m := metricsText(t, addr); !strings.Contains(m, `citebot_adapter_up{adapter="discord"} 1`) {
			t.Errorf("/metrics does not show Discord up while Telegram is retried")
		}
		askTelegram(t, tg, 1)
		logLine(t, p, `"level":"WARN"`, `cannot reach Telegram`, `TELEGRAM_API_URL`, `"attempt":3`)
		untilHealth(t, p, addr, "both connected", func(parts map[string]string) bool {
			return parts["telegram"] == "connected" && parts["discord"] == "connected"
		})

		dc.Drop()
		dc.WaitReady(t)
		askDiscord(t, dc, "8102")
		untilMetrics(t, addr,
			`citebot_adapter_reconnects_total{adapter="discord"} 1`,
			`citebot_adapter_reconnects_total{adapter="telegram"} 0`,
			`citebot_adapter_errors_total{adapter="discord",kind="connect"} 0`,
			`citebot_adapter_errors_total{adapter="telegram",kind="connect"} 3`,
			`citebot_adapter_up{adapter="telegram"} 1`,
			`citebot_adapter_up{adapter="discord"} 1`)
	})
	t.Run("discord", func(t *testing.T) {
		tg, dc := newFakeTelegram(t), discordfake.New(t)
		api := httptest.NewServer(cutting(2, dc))
		t.Cleanup(api.Close)
		addr := freeAddr(t)
		p := startProcess(t, map[string]string{
			"TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_API_URL": tg.URL(),
			"DISCORD_BOT_TOKEN": dc.Token, "DISCORD_API_URL": api.URL, "CITEBOT_HTTP_ADDR": addr,
		})
		var metrics string // read just before /healthz: Discord was not up then either
		parts := untilHealth(t, p, addr, "Discord retrying while Telegram is connected", func(parts map[string]string) bool {
			ok := strings.Contains(parts["discord"], "retrying") && parts["telegram"] == "connected"
			if !ok || metrics == "" {
				metrics = metricsText(t, addr)
				return false
			}
			return true
		})
		if !strings.Contains(parts["discord"], "EOF") && !strings.Contains(parts["discord"], "reset") {
			t.Errorf("/healthz does not say why Discord is retried: %q", parts["discord"])
		}
		if !strings.Contains(metrics, `citebot_adapter_up{adapter="discord"} 0`) {
			t.Errorf("/metrics does not show Discord down while it is retried")
		}
		askTelegram(t, tg, 1) // answers while Discord is retried
		dc.WaitReady(t)
		askDiscord(t, dc, "8201")
		logLine(t, p, `"level":"WARN"`, `cannot reach Discord`, `DISCORD_API_URL`, `"attempt":2`)

		// Telegram's polling fails twice, then works again.
		tg.mu.Lock()
		failFrom := tg.counts["getUpdates"]
		tg.fault = func(method string, n int) (int, string, bool) {
			if method == "getUpdates" && n > failFrom && n <= failFrom+2 {
				return http.StatusBadGateway, "<html>502</html>", true
			}
			return 0, "", false
		}
		tg.mu.Unlock()
		tg.push(tgMessage(3999, 2, "/help")) // ends the poll under way
		tg.until("the answer to /help", func() bool { return len(tg.sent) == 2 })
		askTelegram(t, tg, 3)
		untilMetrics(t, addr,
			`citebot_adapter_errors_total{adapter="discord",kind="connect"} 2`,
			`citebot_adapter_errors_total{adapter="telegram",kind="poll"} 2`,
			`citebot_adapter_reconnects_total{adapter="telegram"} 1`,
			`citebot_adapter_reconnects_total{adapter="discord"} 0`)
	})
}

// TestUnreadableDocument: a document the bot may not read stops the start
// with one line naming the file and what to do.
func TestUnreadableDocument(t *testing.T) {
	t.Run("hint", func(t *testing.T) {
		dir := t.TempDir()
		err := fmt.Errorf("index: read %s: %w", filepath.Join(dir, "report.txt"), fs.ErrPermission)
		if h := seedsHint(err, dir, 0); !strings.Contains(h, "readable") || !strings.Contains(h, "CITEBOT_SEEDS_DIR") {
			t.Errorf("hint for an unreadable document: %q", h)
		}
		if h := seedsHint(fmt.Errorf("index: load %s: %w", dir, index.ErrNoDocuments), dir, 0); !strings.Contains(h, ".txt or .md") {
			t.Errorf("hint for an empty folder: %q", h)
		}
		if h := seedsHint(errors.New("no such folder"), filepath.Join(dir, "nope"), 0); !strings.Contains(h, "set CITEBOT_SEEDS_DIR") {
			t.Errorf("hint for a missing folder: %q", h)
		}
	})
	t.Run("chmod 000", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads any file")
		}
		seeds := copySeeds(t)
		docs, err := filepath.Glob(filepath.Join(seeds, "*.txt"))
		if err != nil || len(docs) == 0 {
			t.Fatalf("seeds: %v", err)
		}
		doc := docs[0]
		if err := os.Chmod(doc, 0); err != nil {
			t.Fatal(err)
		}
		r := runBot(t, map[string]string{"CITEBOT_SEEDS_DIR": seeds}, "", "ask", deported)
		if r.code != 1 {
			t.Errorf("exit %d, want 1", r.code)
		}
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], filepath.Base(doc)) || !strings.Contains(lines[0], "permission denied") || !strings.Contains(lines[0], "make it readable") {
			t.Errorf("stderr, want one line naming %s and what to do:\n%s", filepath.Base(doc), r.stderr)
		}
	})
}
