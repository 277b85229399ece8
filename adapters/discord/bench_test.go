package discord

import "testing"

func BenchmarkRender(b *testing.B) {
	for _, tt := range []struct {
		name string
		k, n int
	}{{"answer", 3, 300}, {"figures", 30, 450}, {"huge", 25, 6100}} {
		r := longReply(tt.k, tt.n)
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				render(r)
			}
		})
	}
}
