package main

import (
	"sync"
	"time"

	"citebot/answers"
)

// Conversations held in memory, never on disk: the last turn of each
// asker's conversation in a chat, for the next turn to borrow its subject
// from. A conversation lasts while its last turn is under conversationTTL
// old; the oldest give way when more than maxConversations are held.
type conversations struct {
	mu  sync.Mutex
	now func() time.Time
	by  map[string]*conversation
}

type conversation struct {
	c  answers.Conversation
	at time.Time
	// lang is the reply language chosen with /lang; empty, each
	// question's own.
	lang string
}

const (
	conversationTTL  = 10 * time.Minute
	maxConversations = 10000
)

func newConversations() *conversations {
	return &conversations{now: time.Now, by: make(map[string]*conversation)}
}

// take is the conversation named key, for the next turn, or a new one
// when it has ended or never began; the caller gives it back with put.
func (cs *conversations) take(key string) *answers.Conversation {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c, ok := cs.by[key]; ok && cs.now().Sub(c.at) < conversationTTL {
		conv := c.c
		return &conv
	}
	return &answers.Conversation{}
}

// put keeps c as the conversation named key, as of now.
func (cs *conversations) put(key string, c *answers.Conversation) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	now := cs.now()
	old, ok := cs.by[key]
	if !ok && len(cs.by) >= maxConversations {
		cs.prune(now)
	}
	next := &conversation{c: *c, at: now}
	if ok && now.Sub(old.at) < conversationTTL {
		next.lang = old.lang
	}
	cs.by[key] = next
}

// choose keeps lang ("": each question's own) as the reply language of
// the conversation named key, for as long as it lasts.
func (cs *conversations) choose(key, lang string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	now := cs.now()
	c, ok := cs.by[key]
	if !ok || now.Sub(c.at) >= conversationTTL {
		if !ok && len(cs.by) >= maxConversations {
			cs.prune(now)
		}
		c = &conversation{}
		cs.by[key] = c
	}
	c.lang, c.at = lang, now
}

// chosen is the reply language chosen for the conversation named key, or
// "" when none was chosen or the conversation has ended.
func (cs *conversations) chosen(key string) string {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c, ok := cs.by[key]; ok && cs.now().Sub(c.at) < conversationTTL {
		return c.lang
	}
	return ""
}

// forget ends the conversation named key at once; it tells whether one
// was going on.
func (cs *conversations) forget(key string) bool {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c, ok := cs.by[key]
	delete(cs.by, key)
	return ok && cs.now().Sub(c.at) < conversationTTL
}

// prune drops the ended conversations and, if that is not room enough,
// the oldest.
func (cs *conversations) prune(now time.Time) {
	oldest, at := "", now
	for k, c := range cs.by {
		if now.Sub(c.at) >= conversationTTL {
			delete(cs.by, k)
			continue
		}
		if c.at.Before(at) {
			oldest, at = k, c.at
		}
	}
	if len(cs.by) >= maxConversations {
		delete(cs.by, oldest)
	}
}
