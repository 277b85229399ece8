package adapters_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"citebot/adapters"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name string
		in   string
		cmd  string
		arg  string
	}{
		{name: "command with argument", in: "/fact women", cmd: "fact", arg: "women"},
		{name: "command addressed to the bot", in: "/fact@citebot women", cmd: "fact", arg: "women"},
		{name: "upper case command", in: "/FACT x", cmd: "fact", arg: "x"},
		{name: "plain question", in: "hello", cmd: "", arg: "hello"},
		{name: "padded command", in: "  /help  ", cmd: "help", arg: ""},
		{name: "slash alone", in: "/", cmd: "", arg: ""},
		{name: "empty", in: "", cmd: "", arg: ""},
		{name: "white space only", in: " \t ", cmd: "", arg: ""},
		{name: "bot name without command", in: "/@citebot", cmd: "", arg: ""},
		{name: "addressed command without argument", in: "/help@citebot", cmd: "help", arg: ""},
		{name: "argument keeps inner spacing", in: "/ask  how many   afghans ", cmd: "ask", arg: "how many   afghans"},
		{name: "slash inside a question", in: "what does /help do", cmd: "", arg: "what does /help do"},
		{name: "question keeps its case", in: "  How Many Afghans?  ", cmd: "", arg: "How Many Afghans?"},
		{name: "passage argument", in: "/source ¶2", cmd: "source", arg: "¶2"},
		{name: "non-ASCII argument", in: "/ask چند نفر", cmd: "ask", arg: "چند نفر"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, arg := adapters.ParseCommand(tt.in)
			if cmd != tt.cmd || arg != tt.arg {
				t.Errorf("ParseCommand(%q) = (%q, %q), want (%q, %q)", tt.in, cmd, arg, tt.cmd, tt.arg)
			}
		})
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{name: "short text is untouched", in: "hello", n: 10, want: "hello"},
		{name: "text of exactly n bytes is untouched", in: "hello", n: 5, want: "hello"},
		{name: "ASCII cut", in: "hello world", n: 8, want: "hello…"},
		{name: "cut leaves room for the ellipsis only", in: "hello world", n: 3, want: "…"},
		{name: "two-byte rune is not split", in: "héllo", n: 5, want: "h…"},
		{name: "two-byte rune kept whole", in: "héllo", n: 6, want: "héllo"},
		{name: "three-byte runes", in: "日本語テキスト", n: 10, want: "日本…"},
		{name: "three-byte runes at a boundary", in: "日本語テキスト", n: 12, want: "日本語…"},
		{name: "exactly n bytes of three-byte runes", in: "日本語", n: 9, want: "日本語"},
		{name: "Persian", in: "چند نفر در سال", n: 9, want: "چند…"},
		{name: "four-byte emoji", in: "👍👍👍", n: 10, want: "👍…"},
		{name: "emoji cut before the first", in: "👍👍", n: 6, want: "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := adapters.Clip(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
			if len(got) > tt.n && got != tt.in {
				t.Errorf("Clip(%q, %d) = %q: %d bytes, more than %d", tt.in, tt.n, got, len(got), tt.n)
			}
		})
	}
}

// TestClipEveryLength cuts mixed-width text at every length: the result is
// always valid UTF-8, never longer than asked, and a prefix of the text.
func TestClipEveryLength(t *testing.T) {
	texts := map[string]string{
		"mixed scripts":   "Afghans — افغان‌ها 2.6 million 👩‍👧 «women and girls» 日本",
		"combining marks": "e\u0301e\u0301e\u0301 cafe\u0301",
	}
	for name, s := range texts {
		t.Run(name, func(t *testing.T) {
			for n := len("…"); n <= len(s)+1; n++ {
				got := adapters.Clip(s, n)
				if !utf8.ValidString(got) {
					t.Fatalf("Clip(%q, %d) = %q: not valid UTF-8", s, n, got)
				}
				if len(got) > n {
					t.Fatalf("Clip(%q, %d) = %q: %d bytes", s, n, got, len(got))
				}
				if got == s {
					continue
				}
				kept, ok := strings.CutSuffix(got, "…")
				if !ok || !strings.HasPrefix(s, kept) {
					t.Fatalf("Clip(%q, %d) = %q: not a prefix of the text and an ellipsis", s, n, got)
				}
			}
		})
	}
}

func TestHumanDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "report date", in: "2025-12-16", want: "16 December 2025"},
		{name: "single-digit day has no leading zero", in: "2025-01-05", want: "5 January 2025"},
		{name: "leap day", in: "2024-02-29", want: "29 February 2024"},
		{name: "empty stays empty", in: "", want: ""},
		{name: "already human", in: "16 December 2025", want: "16 December 2025"},
		{name: "impossible day is left as it is", in: "2025-02-30", want: "2025-02-30"},
		{name: "month only is left as it is", in: "2025-12", want: "2025-12"},
		{name: "timestamp is left as it is", in: "2025-12-16T10:00:00Z", want: "2025-12-16T10:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := adapters.HumanDate(tt.in); got != tt.want {
				t.Errorf("HumanDate(%q) = %q, want %q", tt.in, got, tt.want)
			}
			c := adapters.Citation{Date: tt.in}
			if got := c.DateText(); got != tt.want {
				t.Errorf("Citation{Date: %q}.DateText() = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHandlerFunc(t *testing.T) {
	var got adapters.Request
	h := adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		got = req
		return adapters.Reply{Answered: true, Blocks: []adapters.Block{{Kind: adapters.Text, Text: "hi " + req.Text}}}, nil
	})
	var _ adapters.Handler = h
	req := adapters.Request{Adapter: "console", Command: "ask", Text: "there", Asker: "a"}
	reply, err := h.Handle(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got != req {
		t.Errorf("handler got %+v, want %+v", got, req)
	}
	if !reply.Answered || len(reply.Blocks) != 1 || reply.Blocks[0].Text != "hi there" {
		t.Errorf("reply = %+v, want one block \"hi there\"", reply)
	}
}

// TestUTF16Len counts as the platforms count their limits: an emoji outside
// the Basic Multilingual Plane is two units, a Persian letter one.
func TestUTF16Len(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want int
	}{{"", 0}, {"abc", 3}, {"¶2", 2}, {"سلام", 4}, {"👍", 2}, {"a👍b", 4}} {
		if got := adapters.UTF16Len(tt.s); got != tt.want {
			t.Errorf("UTF16Len(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

// TestSleep: a wait ends with nil, or with the context's error as soon as
// the context ends.
func TestSleep(t *testing.T) {
	ended, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		d    time.Duration
		want error
	}{
		{name: "no wait", ctx: t.Context(), d: 0, want: nil},
		{name: "a short wait", ctx: t.Context(), d: time.Millisecond, want: nil},
		{name: "ended, no wait", ctx: ended, d: 0, want: context.Canceled},
		{name: "ended, a long wait", ctx: ended, d: time.Hour, want: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := adapters.Sleep(tt.ctx, tt.d); !errors.Is(err, tt.want) {
				t.Errorf("Sleep(%v) = %v, want %v", tt.d, err, tt.want)
			}
		})
	}
}

func TestCitationString(t *testing.T) {
	tests := []struct {
		name string
		c    adapters.Citation
		want string
	}{
		{"publisher, paragraph and date", adapters.Citation{ID: "r#2", Publisher: "Dawat Media Center", Date: "2025-12-16", Paragraph: 2}, "Dawat Media Center, ¶2, 16 December 2025"},
		{"with the document's short title", adapters.Citation{ID: "r#2", Title: "Amnesty Demands Halt", Publisher: "P", Date: "2025-12-16", Paragraph: 2}, "Amnesty Demands Halt, P, ¶2, 16 December 2025"},
		{"no publisher", adapters.Citation{ID: "r#3", Title: "R", Date: "2024-01-05", Paragraph: 3}, "R, ¶3, 5 January 2024"},
		{"no date", adapters.Citation{ID: "r#3", Publisher: "P", Paragraph: 3}, "P, ¶3"},
		{"a date that is no date is shown as written", adapters.Citation{Publisher: "P", Date: "spring", Paragraph: 1}, "P, ¶1, spring"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIsolateRuns(t *testing.T) {
	const fsi, pdi = "\u2068", "\u2069"
	tests := []struct{ name, in, want string }{
		{"english alone", "I read your question as: how many", "I read your question as: how many"},
		{"dari alone", "منبع می‌گوید:", "منبع می‌گوید:"},
		{"english at the end", "سؤال شما را این‌طور خواندم: how many people", "سؤال شما را این‌طور خواندم: " + fsi + "how many people" + pdi},
		{"english inside", "فرمان /lang را نمی‌شناسم.", "فرمان /" + fsi + "lang" + pdi + " را نمی‌شناسم."},
		{"digits within a run", "موضوعات: Report 2025 (UN); …", "موضوعات: " + fsi + "Report 2025 (UN" + pdi + "); …"},
		{"two runs", "از «Amnesty» و «UNAMA» گفت", "از «" + fsi + "Amnesty" + pdi + "» و «" + fsi + "UNAMA" + pdi + "» گفت"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := adapters.IsolateRuns(tt.in); got != tt.want {
				t.Errorf("IsolateRuns(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
