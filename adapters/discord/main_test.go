package discord_test

import (
	"flag"
	"os"
	"testing"
)

// TestMain runs more tests at once than there are CPUs, unless -parallel
// says otherwise: the gateway tests mostly wait, most of all on
// discordgo's Close, which pauses a second before closing the socket.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", "8")
	}
	os.Exit(m.Run())
}
