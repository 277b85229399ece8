// Command bot is citebot: it indexes the documents in the seeds folder and
// answers questions with cited quotes on Telegram, on Discord and in the
// terminal. This package is the program: configuration, wiring, the command
// registry and its middleware.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
