package answers

import (
	"context"
	"strings"
	"testing"
)

// A name written in Persian or Pashto script ("سمریتي سینګ") is read as
// the name the document writes in Latin letters, and the question is
// answered from the sentence that names her; a word of the script that
// writes no name stays unread.
func TestNamesInAnotherScript(t *testing.T) {
	e := seedEngine(t)
	for _, tt := range []struct{ script, latin string }{
		{"سمریتي", "smriti"},
		{"سمرتی", "smriti"},
		{"سینګ", "singh"},
		{"سینگ", "singh"},
	} {
		if got, ok := e.nameIn(tt.script); !ok || got != tt.latin {
			t.Errorf("nameIn(%q) = %q, %v; want %q", tt.script, got, ok, tt.latin)
		}
	}
	if got, ok := e.nameIn("کتاب"); ok {
		t.Errorf("nameIn(\"کتاب\") = %q: a word that writes no name read as one", got)
	}
	a, err := e.Ask(context.Background(), "سمریتي سینګ څوک دی")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Answered || len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Quote, "Smriti Singh") {
		t.Errorf("who is Smriti Singh, in Pashto: answered %v, citations %+v", a.Answered, a.Citations)
	}
}

// Skeletons keep consonants only, in both scripts, so that the ways a name
// is written meet.
func TestNameSkeletons(t *testing.T) {
	for _, tt := range []struct{ w, want string }{
		{"singh", "sng"},
		{"smriti", "smrt"},
		{"kingsgate", "kngsgt"},
		{"ashworth", "srt"},
	} {
		if got := latinSkeleton(tt.w); got != tt.want {
			t.Errorf("latinSkeleton(%q) = %q, want %q", tt.w, got, tt.want)
		}
	}
	if got := scriptSkeleton("سینګ"); got != "sng" {
		t.Errorf("scriptSkeleton(\"سینګ\") = %q, want \"sng\"", got)
	}
}
