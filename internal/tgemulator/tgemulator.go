// Package tgemulator runs telegram-test-api 4.2.1, a Telegram Bot API
// emulator on Node (testdata: package.json, its lock and launch.js), for
// end-to-end tests: a bot (the adapter, or the whole program through
// TELEGRAM_API_URL) talks to URL under a token of its own, and the test acts
// as its users through the emulator's client API (/sendMessage,
// /sendCommand, /sendCallback, /getUpdatesHistory).
//
// The first test to call Need starts it, running `npm ci` first when
// testdata/node_modules is missing; one emulator serves every test of the
// process, their bots kept apart by their tokens. Without node and npm
// Need skips the test, except under CI=true, where it fails it; -short
// skips it too.
//
// It imports the standard library and citebot/internal/logbuf, and only
// tests import it.
package tgemulator

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"citebot/internal/logbuf"
)

// The emulator's bot, as its getMe tells.
const (
	BotID   = 666
	BotName = "TestNameBot"
)

// Wait bounds the waits for the bot's replies: it guards against a hang,
// it does not pace a test.
const Wait = 10 * time.Second

// Emulator is the running telegram-test-api.
type Emulator struct {
	URL string // the Bot API's base URL (TELEGRAM_API_URL)

	once   sync.Once
	skip   string // why the tests cannot run here
	err    error
	cmd    *exec.Cmd
	stdin  io.Closer
	exited chan struct{}
	stderr *logbuf.Buffer
}

var shared = &Emulator{}

// Need returns the emulator, starting it the first time; it skips or fails
// t when the emulator cannot run here.
func Need(t testing.TB) *Emulator {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test against the Telegram emulator; -short skips it")
	}
	e := shared
	e.once.Do(e.start)
	if e.skip != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %s", e.skip)
		}
		t.Skip(e.skip)
	}
	if e.err != nil {
		t.Fatal(e.err)
	}
	return e
}

// Stop ends the emulator, if it was started: it stops when its standard
// input closes (as it also does when the test process exits); if it does
// not, it is killed. Call it from TestMain after m.Run.
func Stop() {
	e := shared
	if e.cmd == nil {
		return
	}
	e.stdin.Close()
	select {
	case <-e.exited:
	case <-time.After(5 * time.Second):
		e.cmd.Process.Kill()
		<-e.exited
	}
}

func (e *Emulator) start() {
	node, err1 := exec.LookPath("node")
	npm, err2 := exec.LookPath("npm")
	if err := errors.Join(err1, err2); err != nil {
		e.skip = "the end-to-end tests need node and npm (Node.js 18 or later): " + err.Error()
		return
	}
	dir, err := projectDir()
	if err != nil {
		e.err = err
		return
	}
	if err := install(npm, dir); err != nil {
		e.err = err
		return
	}
	cmd := exec.Command(node, "launch.js", "0")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe() // closing it stops the emulator
	if err != nil {
		e.err = err
		return
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		e.err = err
		return
	}
	e.stderr = &logbuf.Buffer{}
	cmd.Stderr = e.stderr
	if err := cmd.Start(); err != nil {
		e.err = fmt.Errorf("start the emulator: %w", err)
		return
	}
	e.cmd, e.stdin, e.exited = cmd, stdin, make(chan struct{})
	go func() { cmd.Wait(); close(e.exited) }()
	port := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if p, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				port <- p
			}
		}
	}()
	select {
	case p := <-port:
		e.URL = "http://127.0.0.1:" + p
	case <-e.exited:
		e.err = fmt.Errorf("the emulator exited at start:\n%s", e.stderr.String())
	case <-time.After(30 * time.Second):
		e.err = fmt.Errorf("the emulator did not start within 30s:\n%s", e.stderr.String())
	}
}

// projectDir finds the emulator's Node project (this package's testdata)
// from the module's root, wherever the test runs in the module.
func projectDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "internal", "tgemulator", "testdata"), nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("tgemulator: no go.mod above the working directory")
		}
		dir = up
	}
}

// install runs `npm ci` when node_modules is missing. Tests of several
// packages may start at once: each installs into a folder of its own and
// moves its node_modules into place, and the first to do so wins.
func install(npm, dir string) error {
	installed := func() bool {
		_, err := os.Stat(filepath.Join(dir, "node_modules", "telegram-test-api", "package.json"))
		return err == nil
	}
	if installed() {
		return nil
	}
	tmp, err := os.MkdirTemp(dir, ".install-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, f := range []string{"package.json", "package-lock.json"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(tmp, f), b, 0o644); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("npm ci for the Telegram emulator in %s: %v\n%s", dir, err, out)
	}
	if err := os.Rename(filepath.Join(tmp, "node_modules"), filepath.Join(dir, "node_modules")); err != nil && !installed() {
		return fmt.Errorf("install the Telegram emulator: %w", err)
	}
	return nil
}

// Send posts to the emulator's client API; it may be called from any
// goroutine.
func (e *Emulator) Send(route string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	resp, err := http.Post(e.URL+route, "application/json", bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("emulator %s: %s: %s", route, resp.Status, msg)
	}
	return nil
}

func (e *Emulator) post(t testing.TB, route string, body any) {
	t.Helper()
	if err := e.Send(route, body); err != nil {
		t.Fatal(err)
	}
}

// Client is a user of the emulator, in one chat with the bot whose token
// it holds.
type Client struct {
	e     *Emulator
	token string
	user  map[string]any
	chat  map[string]any
}

// Client is user userID in chat chatID of type chatType ("private",
// "group", "supergroup") with the bot of token.
func (e *Emulator) Client(token string, userID, chatID int64, chatType string) *Client {
	name := fmt.Sprintf("User%d", userID)
	return &Client{e: e, token: token,
		user: map[string]any{"id": userID, "first_name": name, "username": strings.ToLower(name), "is_bot": false},
		chat: map[string]any{"id": chatID, "type": chatType, "title": "Chat", "first_name": name},
	}
}

// Message is the body of /sendMessage for text from the client, for
// callers that send on their own (Emulator.Send), many at once.
func (c *Client) Message(text string) map[string]any {
	return map[string]any{"botToken": c.token, "from": c.user, "chat": c.chat, "date": time.Now().Unix(), "text": text}
}

// Say sends a message as the user (a command when it starts with "/");
// extra adds fields (reply_to_message, sticker). It returns the message's
// id.
func (c *Client) Say(t testing.TB, text string, extra map[string]any) int {
	t.Helper()
	m := c.Message(text)
	if text == "" {
		delete(m, "text")
	}
	route := "/sendMessage"
	if strings.HasPrefix(text, "/") {
		route = "/sendCommand"
		m["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(strings.Fields(text)[0])}}
	}
	for k, v := range extra {
		m[k] = v
	}
	c.e.post(t, route, m)
	return c.e.UserMessage(t, c.token, text)
}

// Press presses a button under the bot's message msgID.
func (c *Client) Press(t testing.TB, data string, msgID int) {
	t.Helper()
	c.e.post(t, "/sendCallback", map[string]any{
		"botToken": c.token, "from": c.user, "data": data,
		"message": map[string]any{"message_id": msgID, "chat": c.chat, "from": map[string]any{"id": BotID, "is_bot": true}},
	})
}

// Entry is one message in the emulator's history: a user's (with Chat),
// or the bot's (the parameters it sent, with ChatID).
type Entry struct {
	MessageID int `json:"messageId"`
	Message   struct {
		Text        string              `json:"text"`
		Chat        *struct{ ID int64 } `json:"chat"`
		ChatID      string              `json:"chat_id"`
		ParseMode   string              `json:"parse_mode"`
		ReplyTo     string              `json:"reply_to_message_id"`
		ReplyMarkup *Keyboard           `json:"reply_markup"`
	} `json:"message"`
}

// Keyboard is the buttons under a bot's message.
type Keyboard struct {
	InlineKeyboard [][]struct {
		Text         string  `json:"text"`
		CallbackData *string `json:"callback_data"`
	} `json:"inline_keyboard"`
}

// History is what was said in the chats of the bot of token: the users'
// messages and the bot's, each in order.
func (e *Emulator) History(t testing.TB, token string) (user, bot []Entry) {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"token": token})
	resp, err := http.Post(e.URL+"/getUpdatesHistory", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Result []Entry }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	for _, en := range out.Result {
		if en.Message.Chat != nil {
			user = append(user, en)
		} else if en.Message.ChatID != "" {
			bot = append(bot, en)
		}
	}
	return user, bot
}

// UserMessage finds the id the emulator gave the users' latest message
// with text.
func (e *Emulator) UserMessage(t testing.TB, token, text string) int {
	t.Helper()
	user, _ := e.History(t, token)
	for i := len(user) - 1; i >= 0; i-- {
		if user[i].Message.Text == text {
			return user[i].MessageID
		}
	}
	short := text
	if len(short) > 60 {
		short = short[:60] + "…"
	}
	t.Fatalf("the emulator has no message %q", short)
	return 0
}

// Replies waits, at most Wait, until the bot has sent n messages replying
// to msgID and returns them.
func (e *Emulator) Replies(t testing.TB, token string, msgID, n int) []Entry {
	t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(Wait)
	for {
		var got []Entry
		_, bot := e.History(t, token)
		for _, b := range bot {
			if b.Message.ReplyTo == strconv.Itoa(msgID) {
				got = append(got, b)
			}
		}
		if len(got) >= n {
			return got
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d replies to message %d within %v, want %d", len(got), msgID, Wait, n)
		}
	}
}

// AwaitSent waits, at most within, until the bot of token has sent n
// messages in all.
func (e *Emulator) AwaitSent(t testing.TB, token string, n int, within time.Duration) {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(within)
	for {
		_, bot := e.History(t, token)
		if len(bot) >= n {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d messages of %d within %v", len(bot), n, within)
		}
	}
}
