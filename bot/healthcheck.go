package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// healthTimeout bounds `bot healthcheck`: a container runtime kills a check
// that takes longer than its own timeout anyway.
const healthTimeout = 5 * time.Second

// healthcheck is `bot healthcheck`: it asks the running bot's /healthz on
// CITEBOT_HTTP_ADDR and exits 0 when it is healthy, 1 otherwise. It lets a
// container image without a shell or curl have a health check.
func healthcheck(ctx context.Context, addr string, stdout, stderr io.Writer) int {
	if addr == "" {
		fmt.Fprintln(stderr, "citebot: healthcheck: CITEBOT_HTTP_ADDR is not set: the bot serves /healthz only when it is")
		return 2
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	url := "http://" + dialable(addr) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		fmt.Fprintf(stderr, "citebot: healthcheck: %v\n", err)
		return 2
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "citebot: healthcheck: %v\n", err)
		return 1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "citebot: healthcheck: %s: %s %s\n", url, resp.Status, strings.TrimSpace(string(body)))
		return 1
	}
	fmt.Fprintln(stdout, strings.TrimSpace(string(body)))
	return 0
}

// dialable turns a listen address into one to connect to: a missing or
// unspecified host (":8080", "0.0.0.0:8080", "[::]:8080") is this machine.
func dialable(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1" // a listener on [::] takes IPv4 too
	}
	return net.JoinHostPort(host, port)
}
