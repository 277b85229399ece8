package answers

import (
	"context"
	"strings"
	"testing"
)

func TestZZVerdict(t *testing.T) {
	e := seedEngine(t)
	m := e.model.Load()
	names := verdictNames()
	for _, s := range strings.Split(*explainQ, "|") {
		ctx := context.Background()
		q := e.parseAs(s, true)
		r, _ := e.retrieve(ctx, q)
		ev, x, _ := e.evidence(ctx, q, r.best, r.top)
		if ev == nil {
			t.Logf("%q: no evidence", s)
			continue
		}
		var nz []string
		for i, v := range x {
			if v != 0 {
				nz = append(nz, names[i])
			}
		}
		t.Logf("%q concepts=%v\n  ev=%s\n  stated=%.3f/%.3f contra=%.3f/%.3f verdict=%s\n  %v", s, conceptWords(q), ev.citation().Quote[:60], sigmoid(dot(m.Stated, x)), m.StatedCut, m.contra(x), m.ContraCut, m.verdict(x), nz)
	}
}
