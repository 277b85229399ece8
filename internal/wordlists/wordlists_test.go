package wordlists

import "testing"

func TestParse(t *testing.T) {
	l, err := Parse("# a note\n[greetings]\nhello\n  good morning \n\n[chat]\nu => you\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := l.List("greetings"); len(got) != 2 || got[1] != "good morning" {
		t.Errorf("greetings = %q", got)
	}
	if !l.Set("greetings")["hello"] || l.Map("chat")["u"] != "you" {
		t.Errorf("set %v, map %v", l.Set("greetings"), l.Map("chat"))
	}
	l, err = Parse("[endings]\nای => های\nا => ها\nا =>\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Pairs("endings"); len(got) != 3 || got[1] != (Pair{"ا", "ها"}) || got[2] != (Pair{"ا", ""}) {
		t.Errorf("pairs = %q, want the file's order, an empty value kept", got)
	}
	for _, bad := range []string{"hello\n[x]\n", "[x]\na\n[x]\nb\n"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
