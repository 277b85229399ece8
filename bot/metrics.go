package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"citebot/adapters"
)

// metrics are what /metrics shows, in the Prometheus format. No label ever
// holds who asked or what.
type metrics struct {
	reg         *prometheus.Registry
	questions   *prometheus.CounterVec   // adapter, outcome
	latency     *prometheus.HistogramVec // adapter
	rateLimited *prometheus.CounterVec   // adapter
	errors      *prometheus.CounterVec   // adapter, kind
	reconnects  *prometheus.CounterVec   // adapter
	curated     *prometheus.CounterVec   // adapter
	passages    prometheus.Gauge
	buildTime   prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_questions_total",
			Help: "Questions asked, by adapter and outcome (answered, abstained, silenced, error).",
		}, []string{"adapter", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "citebot_answer_seconds",
			Help:    "Time to answer a question, from request to reply.",
			Buckets: []float64{25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 5e-3, 25e-3, 100e-3, 1},
		}, []string{"adapter"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_rate_limited_total",
			Help: "Requests refused by the per-asker rate limit.",
		}, []string{"adapter"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_adapter_errors_total",
			Help: "Failures by adapter and kind: handler (a request the bot failed to answer), connect, poll, send (a call to the platform that failed; each attempt counts).",
		}, []string{"adapter", "kind"}),
		reconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_adapter_reconnects_total",
			Help: "Times an adapter's connection to its platform came back after it was lost.",
		}, []string{"adapter"}),
		curated: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_curated_answers_total",
			Help: "Questions answered with a moderator's curated answer (counted among the answered).",
		}, []string{"adapter"}),
		passages: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "citebot_index_passages",
			Help: "Citable passages in the index.",
		}),
		buildTime: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "citebot_index_build_seconds",
			Help: "How long the last index build took.",
		}),
	}
	m.reg.MustRegister(m.questions, m.latency, m.rateLimited, m.errors, m.reconnects, m.curated, m.passages, m.buildTime,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// asked are the commands that count as questions.
var asked = map[string]bool{"": true, "ask": true}

// middleware counts questions and their outcomes and times them.
func (m *metrics) middleware() Middleware {
	return func(next adapters.Handler) adapters.Handler {
		return adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			start := time.Now()
			rep, err := next.Handle(ctx, req)
			adapter := adapterLabel(req.Adapter)
			if err != nil {
				m.errors.WithLabelValues(adapter, errHandler).Inc()
			}
			if !asked[req.Command] {
				return rep, err
			}
			m.questions.WithLabelValues(adapter, outcomeOf(rep, err)).Inc()
			m.latency.WithLabelValues(adapter).Observe(time.Since(start).Seconds())
			return rep, err
		})
	}
}

// The kinds of citebot_adapter_errors_total: the handler's, and those the
// adapters report through adapters.Events.
const errHandler = "handler"

var platformErrs = []string{adapters.FailedConnect, adapters.FailedPoll, adapters.FailedSend}

// events is what a platform adapter tells the metrics, under its label.
// Its series start at zero, so that a rate or an alert sees them at once.
func (m *metrics) events(adapter string) adapters.Events {
	e := adapterEvents{m: m, adapter: adapterLabel(adapter)}
	for _, k := range append([]string{errHandler}, platformErrs...) {
		m.errors.WithLabelValues(e.adapter, k)
	}
	m.reconnects.WithLabelValues(e.adapter)
	return e
}

type adapterEvents struct {
	m       *metrics
	adapter string
}

func (e adapterEvents) Failed(what string) {
	if !slices.Contains(platformErrs, what) {
		what = "other"
	}
	e.m.errors.WithLabelValues(e.adapter, what).Inc()
}

func (e adapterEvents) Reconnected() { e.m.reconnects.WithLabelValues(e.adapter).Inc() }

// up shows, as citebot_adapter_up{adapter}, whether a platform is
// connected: 1 when /healthz says its part is healthy, else 0.
func (m *metrics) up(adapter string, h *health) {
	g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "citebot_adapter_up",
		Help:        "1 while the adapter is connected to its platform (as /healthz says), else 0.",
		ConstLabels: prometheus.Labels{"adapter": adapterLabel(adapter)},
	}, func() float64 {
		if ok, _ := h.state(adapter); ok {
			return 1
		}
		return 0
	})
	if err := m.reg.Register(g); err != nil {
		var are prometheus.AlreadyRegisteredError
		if !errors.As(err, &are) {
			panic(err)
		}
	}
}

// adapterLabel keeps label values to the known adapters.
func adapterLabel(a string) string {
	switch a {
	case "console", "telegram", "discord":
		return a
	}
	return "other"
}

// health tracks the state of each part the bot depends on, for /healthz.
type health struct {
	mu    sync.Mutex
	parts map[string]func() (ok bool, state string)
}

// stop notes that a part stopped for good with err: /healthz then says so,
// whatever the part itself would say.
func (h *health) stop(name string, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.parts[name]; ok {
		state := "stopped: " + err.Error()
		h.parts[name] = func() (bool, string) { return false, state }
	}
}

// state is a part's state now; not ok when there is no such part.
func (h *health) state(name string) (ok bool, state string) {
	h.mu.Lock()
	f := h.parts[name]
	h.mu.Unlock()
	if f == nil {
		return false, "unknown"
	}
	return f()
}

// add registers a part's state function.
func (h *health) add(name string, state func() (bool, string)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.parts == nil {
		h.parts = make(map[string]func() (bool, string))
	}
	h.parts[name] = state
}

// ServeHTTP answers 200 when every part is healthy and 503 otherwise, with
// each part's state as JSON. A part whose state begins "degraded" is
// healthy, and listed under "degraded": the process still answers.
func (h *health) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	names := make([]string, 0, len(h.parts))
	for n := range h.parts {
		names = append(names, n)
	}
	sort.Strings(names)
	states := make(map[string]string, len(names))
	healthy := true
	var degraded []string
	for _, n := range names {
		ok, state := h.parts[n]()
		healthy = healthy && ok
		states[n] = state
		if ok && strings.HasPrefix(state, "degraded") {
			degraded = append(degraded, n)
		}
	}
	h.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if !healthy {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	out := map[string]any{"healthy": healthy, "parts": states}
	if degraded != nil {
		out["degraded"] = degraded // working, in part: the process still answers
	}
	json.NewEncoder(w).Encode(out)
}

// metricsHandler serves /metrics.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
