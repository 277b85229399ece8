package tgemulator

import "testing"

func TestShown(t *testing.T) {
	tests := []struct {
		name, msg, shown string
		bad              bool
	}{
		{name: "plain", msg: "2.6 million", shown: "2.6 million"},
		{name: "tags and entities", msg: "<blockquote>a &lt;b&gt; &amp; &#34;c&#34;</blockquote>\n<i>— Title</i>", shown: "a <b> & \"c\"\n— Title"},
		{name: "a link", msg: `<a href="https://example.org/?a=1&amp;b=2">x</a>`, shown: "x"},
		{name: "unknown tag", msg: "<script>x</script>", bad: true},
		{name: "unclosed", msg: "<b>x", bad: true},
		{name: "crossed", msg: "<b><i>x</b></i>", bad: true},
		{name: "bare &", msg: "a & b", bad: true},
		{name: "entity cut", msg: "a &am", bad: true},
		{name: "bare <", msg: "1 < 2", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Shown(tt.msg)
			if tt.bad {
				if err == nil {
					t.Errorf("Shown(%q) = %q, want an error", tt.msg, got)
				}
				return
			}
			if err != nil || got != tt.shown {
				t.Errorf("Shown(%q) = %q, %v; want %q", tt.msg, got, err, tt.shown)
			}
		})
	}
}
