package tgfake

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// getUpdates calls q as the Bot API is called, with form.
func getUpdates(q *Updates, form url.Values) string {
	r := httptest.NewRequest("POST", "/bot1:x/getUpdates", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.ParseForm()
	w := httptest.NewRecorder()
	q.ServeHTTP(w, r)
	return strings.TrimSpace(w.Body.String())
}

func TestUpdates(t *testing.T) {
	q := NewUpdates(100)
	if ids := q.Push(map[string]any{"message": map[string]any{"chat": map[string]any{"id": int64(-1001234567890123)}}}, struct {
		ID       int `json:"update_id"`
		Callback any `json:"callback_query"`
	}{7, "x"}); len(ids) != 2 || ids[0] != 101 || ids[1] != 102 {
		t.Fatalf("ids %v, want [101 102]", ids)
	}
	if got, want := getUpdates(q, url.Values{"offset": {"102"}}), `{"ok":true,"result":[{"callback_query":"x","update_id":102}]}`; got != want {
		t.Errorf("from offset 102:\n got %s\nwant %s", got, want)
	}
	if got := getUpdates(q, url.Values{"offset": {"101"}}); !strings.Contains(got, `"id":-1001234567890123`) {
		t.Errorf("a large id is not kept exactly: %s", got)
	}
	if got, want := getUpdates(q, url.Values{"offset": {"103"}}), `{"ok":true,"result":null}`; got != want {
		t.Errorf("no update and no timeout: %s, want %s", got, want)
	}

	done := make(chan string)
	go func() { done <- getUpdates(q, url.Values{"offset": {"103"}, "timeout": {"10"}}) }()
	select {
	case got := <-done:
		t.Fatalf("answered before an update came: %s", got)
	case <-time.After(50 * time.Millisecond): // the call waits
	}
	q.Push(map[string]any{"message": map[string]any{"text": "late"}})
	select {
	case got := <-done:
		if !strings.Contains(got, `"late"`) || !strings.Contains(got, `"update_id":103`) {
			t.Errorf("the waiting call got %s", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a waiting call was not woken by a push")
	}

	q.SendAgain()
	if got := getUpdates(q, url.Values{"offset": {"104"}}); strings.Count(got, "update_id") != 3 {
		t.Errorf("with SendAgain, every update is sent: %s", got)
	}
}
