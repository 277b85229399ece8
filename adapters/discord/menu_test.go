package discord

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"citebot/adapters"
)

// TestModeratorCommandsNeedManageServer: a moderator command is registered
// with Manage Server as its default member permission, so that members do
// not even see it; the others are open to all.
func TestModeratorCommandsNeedManageServer(t *testing.T) {
	cmds := applicationCommands([]adapters.CommandInfo{
		{Name: "ask", Args: "<question>", Help: "Ask."},
		{Name: "answers", Args: "list|show|add", Help: "Moderators: keep the curated answers.", Moderator: true},
	})
	b, err := json.Marshal(cmds)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	json.Unmarshal(b, &got)
	perms := map[string]any{}
	for _, c := range got {
		perms[c["name"].(string)] = c["default_member_permissions"]
	}
	if perms["answers"] != "32" {
		t.Errorf("answers: default_member_permissions = %v, want \"32\" (Manage Server)", perms["answers"])
	}
	if p, ok := perms["ask"]; ok && p != nil {
		t.Errorf("ask: default_member_permissions = %v, want none", p)
	}
	if !strings.Contains(string(b), `"name":"ask"`) {
		t.Errorf("menu lacks ask: %s", b)
	}
}

// TestHealthFollowsTheGateway: /healthz reads the adapter as connected once
// its commands are registered and the gateway is READY.
func TestHealthFollowsTheGateway(t *testing.T) {
	a, err := New(Config{Token: "x", Log: discardLog()}, adapters.HandlerFunc(func(context.Context, adapters.Request) (adapters.Reply, error) { return adapters.Reply{}, nil }))
	if err != nil {
		t.Fatal(err)
	}
	if ok, state := a.Health(); ok || state != "connecting" {
		t.Errorf("before Run: %v %q, want not ok, connecting", ok, state)
	}
	a.registered.Store(true)
	if ok, _ := a.Health(); ok {
		t.Error("healthy with the gateway not up")
	}
	a.gatewayUp.Store(true)
	if ok, state := a.Health(); !ok || state != "connected" {
		t.Errorf("registered and gateway up: %v %q", ok, state)
	}
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
