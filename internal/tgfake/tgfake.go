// Package tgfake is the part of a fake Telegram Bot API that every fake
// needs the same: the queue getUpdates hands updates out from, honouring
// offset and timeout as Telegram does. The telegram adapter's tests and
// the program's tests each build the fake they need around it (what they
// record of the other calls differs); end-to-end tests use tgemulator.
//
// It imports the standard library only, never tgbotapi (updates are any
// value that encodes to Telegram's JSON), and only tests import it.
package tgfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Updates is the queue of updates a test pushes for the bot to fetch.
type Updates struct {
	mu     sync.Mutex
	queue  []update
	lastID int
	wake   chan struct{} // closed and renewed when an update is pushed
	again  bool          // see SendAgain
}

type update struct {
	id   int
	json json.RawMessage
}

// NewUpdates is an empty queue whose first update gets the id after
// lastID.
func NewUpdates(lastID int) *Updates {
	return &Updates{lastID: lastID, wake: make(chan struct{})}
}

// Push queues updates, in one batch for the next getUpdates, and returns
// the ids it gave them. An update is any value that encodes to a JSON
// object; its update_id is set here.
func (q *Updates) Push(us ...any) []int {
	q.mu.Lock()
	defer q.mu.Unlock()
	var ids []int
	for _, u := range us {
		q.lastID++
		raw, err := withID(u, q.lastID)
		if err != nil {
			panic(fmt.Sprintf("tgfake: update %#v: %v", u, err)) // a test's mistake
		}
		q.queue = append(q.queue, update{id: q.lastID, json: raw})
		ids = append(ids, q.lastID)
	}
	close(q.wake)
	q.wake = make(chan struct{})
	return ids
}

// SendAgain makes every getUpdates get every update, its offset ignored,
// as a careless server might.
func (q *Updates) SendAgain() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.again = true
}

// withID is u in JSON with its update_id set to id.
func withID(u any, id int) (json.RawMessage, error) {
	raw, err := json.Marshal(u)
	if err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, err
	}
	fields["update_id"] = json.RawMessage(strconv.Itoa(id))
	return json.Marshal(fields)
}

// ServeHTTP answers a getUpdates call whose form is parsed: the updates
// from its offset on, waiting up to its timeout for one to come.
func (q *Updates) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.PostForm.Get("offset"))
	timeout, _ := strconv.Atoi(r.PostForm.Get("timeout"))
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		q.mu.Lock()
		if q.again {
			offset = 0
		}
		var out []json.RawMessage
		for _, u := range q.queue {
			if u.id >= offset {
				out = append(out, u.json)
			}
		}
		wake := q.wake
		q.mu.Unlock()
		if len(out) > 0 || timeout == 0 {
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": out})
			return
		}
		select {
		case <-wake:
		case <-deadline.C:
			timeout = 0
		case <-r.Context().Done():
			return
		}
	}
}
