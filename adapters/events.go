package adapters

// Events is told what happens between an adapter and its platform, so that
// the bot can count it (/metrics) without the adapters knowing how. The
// methods must be quick and safe to call from any goroutine.
type Events interface {
	// Failed: one call to the platform failed (it may be retried). what
	// says which kind of call: "connect" (signing in, registering
	// commands, opening the gateway), "poll" (taking updates), "send"
	// (answering).
	Failed(what string)
	// Reconnected: the connection to the platform was lost and is back.
	Reconnected()
}

// What Events.Failed is told.
const (
	FailedConnect = "connect"
	FailedPoll    = "poll"
	FailedSend    = "send"
)

// NoEvents ignores everything: the adapters' default.
type NoEvents struct{}

func (NoEvents) Failed(string) {}
func (NoEvents) Reconnected()  {}
