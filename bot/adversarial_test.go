package main

// The adversarial suite: one table per adapter (TestAdversarialTelegram,
// TestAdversarialDiscord, TestAdversarialConsole), each row sent through
// the platform's test server (the Telegram emulator, the fake Discord, the
// terminal) into the real program, built and running as in production.
// Whatever a row sends, its sender gets a clear reply (or, over the rate
// limit, silence), nothing panics, nothing pings anyone, the curated
// answers file is as it was, and the program goes on answering others.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"citebot/index"
	"citebot/internal/discordfake"
	"citebot/internal/tgemulator"
	"citebot/limit"
)

// Hostile input, the same on every platform.
var (
	markupQuestion  = "<b>how many</b> afghans were <i>deported</i> in 2025 &amp; </code></blockquote> **really** ||now|| `x` ~~y~~"
	mentionQuestion = "@everyone @here <@&42> <@123456789> how many afghans were deported in 2025"
	hugeQuestion    = strings.Repeat("how many afghans were deported in 2025 ", 100_000/39) // 100 KB (the emulator takes no more)
	binaryQuestion  = "\x00\x01\x1b[2J\x07\x7f\xff\xfe\xc3( how many afghans were deported in 2025 \xe2\x82"
	bidiQuestion    = "\u202ehow many afghans were deported in 2025\u202c \u2066\u2069\u200f"
	bidiOnly        = "\u202e\u2066\u2069\u200f\u200b\ufeff"
	markupCommand   = "/frob<b>x</b> @everyone </code>"
	memberCurates   = "/answers add who pays for the flights? | <b>Nobody</b> @everyone <@&42> | ¶2"

	// A moderator's answer holding markup and mentions ("|" parts the
	// fields of /answers add, so it holds none): stored as typed, shown as
	// text, pinging no one.
	hostileAnswer   = "<b>Bold</b> </code> &amp; **stars** `tick` ~~strike~~ @everyone @here <@&42> <@123456789>"
	hostileQuestion = "what should returnees pack for the journey"
	curateHostile   = "/answers add " + hostileQuestion + " | " + hostileAnswer + " | ¶2"

	// An entry made before the rows run, which none of them may lose.
	earlierEntry = "/answers add What does Amnesty ask for? | An end to forced returns. | ¶14"
)

// Documents in other encodings than UTF-8, as they reach a seeds folder.
var (
	utf16Seed = seedFile{name: "zaranj.txt", data: utf16LE("Zaranj Shelter Notes\n\nThe shelter in Zaranj housed 4,321 families in March 2025.\n")}
	// "é" is the single byte 0xE9.
	latin1Seed = seedFile{name: "cafe.txt", data: []byte("Border Caf\xe9 Notes\n\nThe caf\xe9 at the border served 1,234 returnees in April 2025.\n")}
)

const (
	utf16Question  = "how many families did the shelter in zaranj house"
	latin1Question = "how many returnees did the café at the border serve"
)

type seedFile struct {
	name string
	data []byte
}

// utf16LE is s as Windows' "Unicode" text files hold it: little-endian
// UTF-16 after a byte order mark.
func utf16LE(s string) []byte {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// attack is one row of an adversarial table.
type attack struct {
	name    string
	seed    *seedFile // put in the seeds folder first, then /reload by a moderator
	curate  string    // a moderator's command first; its entry is undone after the row
	send    string    // what a member sends
	times   int       // sent this many times within a second (0: once)
	replies int       // how many replies the member gets (0: one)
	reads   []string  // what the member reads in the replies, each somewhere (of a flood: each reply one of them)
	never   []string  // what the member never reads
	wire    []string  // what the platform receives from the bot, as sent (escaped)
	stored  string    // what the curated answers file holds after the moderator's command
	rtl     bool      // the reply is written right to left: isolates in pairs are allowed
}

// reply is one message of the bot as the platform received it (wire) and
// as the user reads it (shown).
type reply struct{ wire, shown string }

// platform is how a test talks to the running program on one platform. A
// member is a number: each row has members of its own.
type platform interface {
	// send sends text from member times times, as fast as the platform
	// takes it, and returns a handle on what was sent.
	send(t *testing.T, member int, text string, times int) any
	// replies waits for the n replies to what send sent, checks each is
	// what the platform accepts and pings no one, and returns them.
	replies(t *testing.T, member int, sent any, n int) []reply
	// moderate runs a moderator's command and returns the reply shown.
	moderate(t *testing.T, command string) string
}

// liveQuestion is what a member asks after every row: the program still
// answers.
const liveQuestion = deported

// ownWordsNever are characters the bot must never show: controls and
// direction overrides from the input.
var ownWordsNever = regexp.MustCompile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

// attackAll runs the rows in order against the program p through pl.
func attackAll(t *testing.T, p *process, pl platform, seeds string, rows []attack) {
	if got := pl.moderate(t, earlierEntry); !strings.Contains(got, "Added:") {
		t.Fatalf("the moderator's first entry got:\n%s", got)
	}
	for i, tt := range rows {
		member := 2*i + 1
		t.Run(tt.name, func(t *testing.T) {
			before := p.curatedFile(t)
			if tt.seed != nil {
				if err := os.WriteFile(filepath.Join(seeds, tt.seed.name), tt.seed.data, 0o644); err != nil {
					t.Fatal(err)
				}
				// The bot watches the folder too and may have read the
				// file before /reload: either way the reply counts it.
				docs, err := index.Load(seeds)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := pl.moderate(t, "/reload"), fmt.Sprintf("%d documents", len(docs)); !strings.Contains(got, want) {
					t.Errorf("/reload after %s was put in the seeds folder got:\n%s\nwant it to say %q", tt.seed.name, got, want)
				}
			}
			if tt.curate != "" {
				if got := pl.moderate(t, tt.curate); !strings.Contains(got, "Added:") {
					t.Fatalf("the moderator's %.40q got:\n%s", tt.curate, got)
				}
				if file := p.curatedFile(t); !strings.Contains(file, tt.stored) {
					t.Errorf("the curated file does not hold %q as typed:\n%s", tt.stored, file)
				}
				defer func() {
					if got := pl.moderate(t, "/answers undo"); !strings.Contains(got, "Undone") {
						t.Errorf("the moderator's undo got:\n%s", got)
					}
					if after := p.curatedFile(t); after != before {
						t.Errorf("after undo the curated file is:\n%s\nwas:\n%s", after, before)
					}
				}()
			}
			n := max(tt.replies, 1)
			start := time.Now()
			sent := pl.send(t, member, tt.send, max(tt.times, 1))
			if tt.times > 1 {
				t.Logf("%d messages sent in %v", tt.times, time.Since(start).Round(time.Millisecond))
			}
			got := pl.replies(t, member, sent, n)
			var shown, wire []string
			for _, r := range got {
				shown, wire = append(shown, r.shown), append(wire, r.wire)
			}
			all := strings.Join(shown, "\n")
			for k, r := range shown {
				if tt.times > 1 && !slices.ContainsFunc(tt.reads, func(w string) bool { return strings.Contains(r, w) }) {
					t.Errorf("reply %d is none of %q:\n%s", k, tt.reads, r)
				}
			}
			for _, want := range tt.reads {
				if !strings.Contains(all, want) {
					t.Errorf("the member does not read %q in:\n%.2000s", want, all)
				}
			}
			for _, bad := range tt.never {
				if strings.Contains(all, bad) {
					t.Errorf("the member reads %q in:\n%.2000s", bad, all)
				}
			}
			if tt.rtl {
				// A reply in Dari isolates its English words and quotes,
				// in pairs; nothing else.
				if strings.Count(all, "\u2068") != strings.Count(all, "\u2069") {
					t.Errorf("isolates not in pairs in:\n%.2000s", all)
				}
				all = strings.NewReplacer("\u2068", "", "\u2069", "").Replace(all)
			}
			if m := ownWordsNever.FindString(all); m != "" {
				t.Errorf("the member reads the control or direction character %q in:\n%.2000s", m, all)
			}
			for _, want := range tt.wire {
				if !strings.Contains(strings.Join(wire, "\n"), want) {
					t.Errorf("the platform does not receive %q in:\n%.2000s", want, strings.Join(wire, "\n"))
				}
			}
			if tt.curate == "" {
				if after := p.curatedFile(t); after != before {
					t.Errorf("the curated file changed:\n%s\nwas:\n%s", after, before)
				}
			}
			live := pl.replies(t, member+1, pl.send(t, member+1, liveQuestion, 1), 1)
			if !strings.Contains(live[0].shown, "2.6 million") {
				t.Errorf("afterwards another member asking %q reads:\n%s", liveQuestion, live[0].shown)
			}
			p.alive(t)
		})
	}
}

// attackedProcess starts the program with env on a copy of the seeds,
// which it returns the folder of.
func attackedProcess(t *testing.T, env map[string]string, args ...string) (*process, string) {
	t.Helper()
	seeds := copySeeds(t)
	all := map[string]string{"CITEBOT_SEEDS_DIR": seeds}
	for k, v := range env {
		all[k] = v
	}
	return startProcess(t, all, args...), seeds
}

// The rows every platform shares; each table adds what its platform
// receives.
var (
	rowMarkup  = attack{name: "markup and entities in a question", send: markupQuestion, reads: []string{"2.6 million"}}
	rowMention = attack{name: "mentions in a question", send: mentionQuestion, reads: []string{"2.6 million"}}
	rowHuge    = attack{name: "100 KB message", send: hugeQuestion, reads: []string{"2.6 million"}}
	rowBinary  = attack{name: "binary bytes and invalid UTF-8", send: binaryQuestion, reads: []string{"2.6 million"}}
	rowBidi    = attack{name: "bidi overrides around a question", send: bidiQuestion, reads: []string{"2.6 million"}}
	rowBidiAll = attack{name: "bidi and zero-width characters only", send: bidiOnly, reads: []string{"Please type your question in words"}}
	rowCommand = attack{name: "markup in an unknown command", send: markupCommand, reads: []string{"I don't know the command /frob<b>x</b>.", "/help"}}
	rowCurate  = attack{name: "a member's /answers add with markup", send: memberCurates, reads: []string{"Only moderators can change the curated answers"}}
	rowFlood   = attack{name: "1,000 messages in one second from one member", send: liveQuestion, times: 1000,
		replies: defaultRateLimit + 1, reads: []string{"2.6 million", limit.Notice}}
	rowHostile = attack{name: "a moderator's answer holding markup and mentions", curate: curateHostile, stored: hostileAnswer,
		send: hostileQuestion, reads: []string{"A moderator's answer:", hostileAnswer, "The source says:", "2.6 million"}}
	rowDari = attack{name: "a question in Dari, in its own script", send: "چند نفر از ایران و پاکستان برگشتند؟",
		reads: []string{"سؤال شما را این‌طور خواندم:", "how many people from iran and pakistan came back", "2.6 million"}, rtl: true}
	rowUTF16  = attack{name: "a seed file in UTF-16", seed: &utf16Seed, send: utf16Question, reads: []string{"The shelter in Zaranj housed 4,321 families"}}
	rowLatin1 = attack{name: "a seed file in Latin-1", seed: &latin1Seed, send: latin1Question, reads: []string{"The café at the border served 1,234 returnees"}, never: []string{"\ufffd"}}
)

// defaultRateLimit is CITEBOT_RATE_LIMIT's default: questions a minute.
const defaultRateLimit = 6

// On Telegram.

func TestAdversarialTelegram(t *testing.T) {
	const moderator = 9001
	emu := tgemulator.Need(t)
	token := fmt.Sprintf("%d:adversarial", time.Now().UnixNano())
	p, seeds := attackedProcess(t, map[string]string{"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_URL": emu.URL, "TELEGRAM_MODERATOR_IDS": fmt.Sprint(moderator)})
	tg := &telegramMembers{emu: emu, token: token, mod: emu.Client(token, moderator, moderator, "private")}

	// What members typed is escaped once for parse_mode HTML: it shows as
	// typed, markup and all.
	command, hostile := rowCommand, rowHostile
	command.wire = []string{"/frob&lt;b&gt;x&lt;/b&gt;."}
	hostile.wire = []string{"&lt;b&gt;Bold&lt;/b&gt; &lt;/code&gt; &amp;amp; **stars** `tick` ~~strike~~ @everyone @here &lt;@&amp;42&gt; &lt;@123456789&gt;"}
	attackAll(t, p, tg, seeds, []attack{
		rowMarkup, rowMention, rowHuge, rowBinary, rowBidi, rowBidiAll,
		command, rowCurate, rowFlood, hostile, rowDari, rowUTF16, rowLatin1,
	})
}

// telegramMembers are members in private chats with the bot: member n is
// user 10000+n.
type telegramMembers struct {
	emu   *tgemulator.Emulator
	token string
	mod   *tgemulator.Client
}

func (m *telegramMembers) client(member int) *tgemulator.Client {
	id := int64(10000 + member)
	return m.emu.Client(m.token, id, id, "private")
}

func (m *telegramMembers) send(t *testing.T, member int, text string, times int) any {
	t.Helper()
	c := m.client(member)
	body := c.Message(text)
	route := "/sendMessage"
	if strings.HasPrefix(text, "/") {
		route = "/sendCommand"
		body["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(strings.Fields(text)[0])}}
	}
	sendMany(t, times, func() error { return m.emu.Send(route, body) })
	return nil
}

// replies waits for n replies in the member's chat, then for the reply to
// a command the member sends last: the bot handles a chat's messages in
// order, so by then it has replied to all the member sent before.
func (m *telegramMembers) replies(t *testing.T, member int, _ any, n int) []reply {
	t.Helper()
	chat := fmt.Sprint(10000 + member)
	inChat := func() []tgemulator.Entry {
		_, bot := m.emu.History(t, m.token)
		return slices.DeleteFunc(bot, func(b tgemulator.Entry) bool { return b.Message.ChatID != chat })
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(inChat()) < n && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond) // polling the emulator, with a deadline
	}
	last := m.client(member).Say(t, "/privacy", nil)
	m.emu.Replies(t, m.token, last, 1)
	var out []reply
	for _, b := range inChat() {
		if b.Message.ReplyTo == fmt.Sprint(last) {
			continue
		}
		if b.Message.ParseMode != "HTML" {
			t.Errorf("parse_mode %q, want HTML: %.200q", b.Message.ParseMode, b.Message.Text)
		}
		shown, err := tgemulator.Shown(b.Message.Text)
		if err != nil {
			t.Errorf("Telegram would refuse the reply: %v\n%.2000s", err, b.Message.Text)
		}
		out = append(out, reply{wire: b.Message.Text, shown: shown})
	}
	if len(out) != n {
		t.Fatalf("%d replies, want %d: %q", len(out), n, out)
	}
	return out
}

func (m *telegramMembers) moderate(t *testing.T, command string) string {
	t.Helper()
	id := m.mod.Say(t, command, nil)
	shown, err := tgemulator.Shown(m.emu.Replies(t, m.token, id, 1)[0].Message.Text)
	if err != nil {
		t.Errorf("Telegram would refuse the reply to %.40q: %v", command, err)
	}
	return shown
}

// sendMany calls send times times, from several goroutines at once.
func sendMany(t *testing.T, times int, send func() error) {
	t.Helper()
	const senders = 32
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan struct{}, times)
	for range times {
		next <- struct{}{}
	}
	close(next)
	for range min(senders, times) {
		wg.Go(func() {
			for range next {
				if err := send(); err != nil {
					mu.Lock()
					first = cmpOr(first, err)
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	if first != nil {
		t.Fatal(first)
	}
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// On Discord.

func TestAdversarialDiscord(t *testing.T) {
	dc := discordfake.New(t)
	p, seeds := attackedProcess(t, map[string]string{"DISCORD_BOT_TOKEN": dc.Token, "DISCORD_API_URL": dc.URL()})
	dc.WaitReady(t)
	members := &discordMembers{dc: dc, p: p}

	// Markdown and mention syntax escaped; @everyone and @here shown as
	// typed, pinging no one (every message's allowed_mentions is checked).
	command, hostile := rowCommand, rowHostile
	command.wire = []string{`/frob\<b>x\</b>.`}
	hostile.wire = []string{`\<b>Bold\</b> \</code> &amp; \*\*stars\*\* \` + "`" + `tick\` + "`" + ` \~\~strike\~\~ @everyone @here \<@&42> \<@123456789>`}
	hostileSlash := hostile
	hostileSlash.name, hostileSlash.send = "a moderator's answer holding markup and mentions, to /ask", "/ask "+hostileQuestion
	mentionSlash := rowMention
	mentionSlash.name, mentionSlash.send = "mentions in /ask", "/ask "+mentionQuestion
	attackAll(t, p, members, seeds, []attack{
		rowMarkup, rowMention, mentionSlash, rowHuge, rowBinary, rowBidi, rowBidiAll,
		command, rowCurate, rowFlood, hostile, hostileSlash, rowDari, rowUTF16, rowLatin1,
	})
}

// discordMembers are members of a server: member n is user
// 700000000000000000+n. What they send starting with "/" is a slash
// command ("/answers add …" runs /answers with the rest as its option);
// anything else is a message mentioning the bot in a channel.
type discordMembers struct {
	dc *discordfake.Server
	p  *process

	mu   sync.Mutex
	next int // message and interaction ids
}

func (m *discordMembers) id() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	return fmt.Sprint(800000000000000000 + m.next)
}

func (m *discordMembers) send(t *testing.T, member int, text string, times int) any {
	t.Helper()
	user := discordfake.AsUser(fmt.Sprint(700000000000000000 + member))
	s := &discordSent{ids: map[string]bool{}, handled: m.handled() + times}
	for range times {
		id := m.id()
		s.ids[id] = true
		if name, arg, ok := slashCommand(text); ok {
			m.dc.Dispatch(t, "INTERACTION_CREATE", m.dc.Slash(id, name, arg, user))
		} else {
			m.dc.Dispatch(t, "MESSAGE_CREATE", m.dc.Message(id, "<@"+m.dc.BotID+"> "+text, true, true, user))
		}
	}
	return s
}

// slashCommand reads "/name option text" as a slash command and its one
// option ("text": the adapter takes the first string option, whatever its
// name).
func slashCommand(text string) (name string, option []string, ok bool) {
	cmd, ok := strings.CutPrefix(text, "/")
	if !ok {
		return "", nil, false
	}
	name, arg, _ := strings.Cut(cmd, " ")
	if arg != "" {
		option = []string{"text", arg}
	}
	return name, option, true
}

// discordSent are the messages a member sent, and how many requests the
// program will have handled once it has handled them.
type discordSent struct {
	ids     map[string]bool
	handled int
}

// handled counts the requests the program has handled from Discord, by
// the line it logs for each.
func (m *discordMembers) handled() int {
	return strings.Count(m.p.stderr.String(), `"msg":"request","adapter":"discord"`)
}

// liveMention is mention markup Discord would turn into a ping or a link:
// not escaped with a backslash.
var liveMention = regexp.MustCompile(`(^|[^\\])<(@[!&]?|#)[0-9]+>`)

// markdownEscape is a backslash escaping a mark.
var markdownEscape = regexp.MustCompile(`\\([\\*_~` + "`" + `|<>\[\]#+\-.])`)

// replies waits for n replies, then until the program has handled every
// message sent (replies or not), and counts the replies again: there are
// no more than n.
func (m *discordMembers) replies(t *testing.T, _ int, sent any, n int) []reply {
	t.Helper()
	s := sent.(*discordSent)
	// A reply is a message replying to one sent, or the response to a
	// slash command: at once, or edited in after "thinking…".
	isReply := func(c discordfake.Call) (discordfake.Sent, bool) {
		seg := strings.Split(c.Path, "/")
		switch {
		case c.Method == "POST" && seg[1] == "channels":
			msg := discordfake.Decode[discordfake.Sent](t, c)
			return msg, msg.Reference != nil && s.ids[msg.Reference.MessageID]
		case c.Method == "POST" && seg[1] == "interactions" && s.ids[seg[2]]:
			r := discordfake.Decode[discordfake.Response](t, c)
			return r.Data, r.Type == 4
		case c.Method == "PATCH" && seg[1] == "webhooks" && strings.HasSuffix(c.Path, "/messages/@original"):
			return discordfake.Decode[discordfake.Sent](t, c), s.ids[strings.TrimPrefix(seg[3], "itok-")]
		}
		return discordfake.Sent{}, false
	}
	var out []reply
	m.dc.WaitFor(t, fmt.Sprintf("%d replies", n), func(c discordfake.Call) bool {
		if msg, ok := isReply(c); ok {
			out = append(out, m.check(t, c, msg))
		}
		return len(out) == n
	})
	deadline := time.Now().Add(30 * time.Second)
	for m.handled() < s.handled {
		if time.Now().After(deadline) {
			t.Fatalf("the program handled %d requests from Discord within 30 s, want %d", m.handled(), s.handled)
		}
		time.Sleep(20 * time.Millisecond) // polling the program's log, with a deadline
	}
	all := 0
	for _, c := range m.dc.Calls() {
		if _, ok := isReply(c); ok && c.Status < 300 {
			all++
		}
	}
	if all != n {
		t.Errorf("%d replies, want %d", all, n)
	}
	return out
}

// check holds a message to what pings no one: allowed_mentions parses
// nothing, and no mention markup is live.
func (m *discordMembers) check(t *testing.T, c discordfake.Call, msg discordfake.Sent) reply {
	t.Helper()
	if am, _ := discordfake.AllowedMentions(c); !discordfake.EmptyParse(am) {
		t.Errorf("%s: allowed_mentions %s, want \"parse\": []", c, am)
	}
	text := msg.Text()
	if live := liveMention.FindString(text); live != "" {
		t.Errorf("%s: the live mention %q in:\n%s", c, live, text)
	}
	return reply{wire: text, shown: markdownEscape.ReplaceAllString(text, "$1")}
}

func (m *discordMembers) moderate(t *testing.T, command string) string {
	t.Helper()
	name, opts, _ := slashCommand(command)
	id := m.id()
	m.dc.Dispatch(t, "INTERACTION_CREATE", m.dc.Slash(id, name, opts, discordfake.WithPermissions(discordfake.PermManageServer)))
	c := m.dc.WaitCall(t, "POST /interactions/"+id+"/", 1)
	r := discordfake.Decode[discordfake.Response](t, c)
	if r.Type == 5 { // thinking…, then the answer edited in
		c = m.dc.WaitCall(t, "PATCH /webhooks/"+m.dc.AppID+"/itok-"+id+"/messages/@original", 1)
		r.Data = discordfake.Decode[discordfake.Sent](t, c)
	}
	return m.check(t, c, r.Data).shown
}

// In the terminal.

func TestAdversarialConsole(t *testing.T) {
	p, seeds := attackedProcess(t, nil)
	term := &terminal{p: p}

	// The terminal is trusted, as a moderator is, and not rate limited:
	// every one of a thousand questions is answered.
	flood := rowFlood
	flood.replies, flood.reads = flood.times, []string{"2.6 million"}
	curate := rowCurate
	curate.name, curate.curate, curate.send = "/answers add with markup", memberCurates, "who pays for the flights?"
	curate.reads, curate.stored = []string{"<b>Nobody</b> @everyone <@&42>"}, "<b>Nobody</b> @everyone <@&42>"
	escapes := attack{name: "terminal escapes in a question", send: "\x1b]0;owned\x07\x1b[2J\x1b[31m" + deported + "\x1b[0m", reads: []string{"2.6 million"}, never: []string{"\x1b"}}
	attackAll(t, p, term, seeds, []attack{
		rowMarkup, rowMention, rowHuge, rowBinary, rowBidi, rowBidiAll, escapes,
		rowCommand, curate, flood, rowHostile, rowDari, rowUTF16, rowLatin1,
	})
}

// terminal is the program's console: one user, the terminal's.
type terminal struct {
	p      *process
	offset int // of the output not yet read
}

// separator follows every line sent: its reply (that it is no command,
// in the language of the conversation, naming it) ends the line's.
const separator = "/end-of-reply"

// separatorReply is a line of output that replies to the separator.
var separatorReply = regexp.MustCompile(`(?m)^.*` + regexp.QuoteMeta(separator) + `.*\n`)

func (c *terminal) send(t *testing.T, _ int, text string, times int) any {
	t.Helper()
	var b bytes.Buffer
	for range times {
		b.WriteString(text + "\n" + separator + "\n")
	}
	c.write(t, b.String())
	return nil
}

func (c *terminal) write(t *testing.T, s string) {
	t.Helper()
	if _, err := c.p.stdin.Write([]byte(s)); err != nil {
		t.Fatalf("write to the terminal: %v", err)
	}
}

// replies are the output before each of the next n separators' replies.
func (c *terminal) replies(t *testing.T, _ int, _ any, n int) []reply {
	t.Helper()
	var out []reply
	c.wait(t, n, func(s string) (string, bool) {
		seps := separatorReply.FindAllStringIndex(s, n)
		if len(seps) < n {
			return "", false
		}
		from := 0
		for _, sep := range seps {
			r := strings.TrimSuffix(s[from:sep[0]], "\n")
			out = append(out, reply{wire: r, shown: r})
			from = sep[1]
		}
		return s[:from], true
	})
	return out
}

// wait waits, at most 30 s, until take finds what it needs in the output
// not yet read, and marks what it took as read.
func (c *terminal) wait(t *testing.T, n int, take func(string) (string, bool)) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out := c.p.stdout()[c.offset:]
		if got, ok := take(out); ok {
			c.offset += len(got)
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d replies not in the terminal's output within 30 s:\n%.3000s", n, out)
		}
		c.p.alive(t)
		select {
		case <-c.p.lines: // more output
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (c *terminal) moderate(t *testing.T, command string) string {
	t.Helper()
	c.send(t, 0, command, 1)
	return c.replies(t, 0, nil, 1)[0].shown
}
