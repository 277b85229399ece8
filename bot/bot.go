package main

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"citebot/adapters"
	"citebot/answers"
	"citebot/curated"
	"citebot/curated/pgstore"
	"citebot/index"
	"citebot/limit"
)

// messageTimeout bounds how long one message may take to answer.
const messageTimeout = 10 * time.Second

// Bot is the program: the index, the answer engine and the command registry
// that every adapter calls.
type Bot struct {
	cfg      Config
	log      *slog.Logger
	live     atomic.Pointer[corpus] // the index and engine answering now; swapped whole on reload
	commands *Registry
	feedback Feedback
	limiter  *limit.Limiter
	metrics  *metrics
	health   health
	curated  curated.Answers
	refused  refusals          // the files refused or skipped now
	reloadMu sync.Mutex        // one reload or curated change at a time
	entries  []curated.Entry   // the curated entries last loaded
	onListen func(addr string) // tests learn the HTTP address here
	logOut   *logWriter        // the log's writer, when the program made it

	unanswered journal[curated.Unanswered] // question text and time only
	db         *pgstore.DB                 // the shared store, with CITEBOT_DATABASE_URL; nil: the files

	// cards are the fact cards moderators chose or hid; cardList, those
	// last loaded.
	cards    curated.Cards
	cardList []curated.Card

	// convs are the conversations going on, in memory only.
	convs *conversations
}

// newBot loads the seeds, indexes them and registers the commands.
// startGCPercent is the garbage collector's pace while the bot starts.
const startGCPercent = 400

func newBot(cfg Config, log *slog.Logger) (*Bot, error) {
	// A start allocates the index and the word tables in one burst, little
	// of it garbage: collecting a quarter as often meanwhile saves a tenth
	// of a `bot ask`. The usual pace (GOGC) returns once the bot is made.
	defer debug.SetGCPercent(debug.SetGCPercent(startGCPercent))
	docs, skipped, err := index.LoadAll(cfg.SeedsDir)
	for _, s := range skipped {
		logSkipped(log, s, false)
	}
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, seedsHint(err, cfg.SeedsDir, len(skipped)))
	}
	started := time.Now()
	store, err := openIndex(cfg, docs, log)
	if err != nil {
		return nil, err
	}
	built := time.Since(started)
	engine, err := answers.New(store)
	if err != nil {
		store.Close()
		return nil, err
	}
	b := &Bot{cfg: cfg, log: log, limiter: limit.New(cfg.RateLimit), metrics: newMetrics(), convs: newConversations()}
	b.live.Store(&corpus{store: store, engine: engine, hash: index.Hash(docs)})
	b.refused.skip(describeSkipped(skipped, nil))
	b.metrics.passages.Set(float64(len(store.Passages())))
	b.metrics.buildTime.Set(built.Seconds())
	b.limiter.OnLimit = func(adapter string) { b.metrics.rateLimited.WithLabelValues(adapterLabel(adapter)).Inc() }
	b.limiter.Notice = func(req adapters.Request) (string, string) {
		lang := b.langOf(req)
		return phrase(lang, "slow_down"), lang
	}
	b.health.add("index", func() (bool, string) {
		return true, fmt.Sprintf("ready: %d passages", len(b.live.Load().store.Passages()))
	})
	b.health.add("documents", b.documentsHealth)
	b.health.add("answers", b.curatedHealth(curated.FileName, "answers"))
	b.health.add("cards", b.curatedHealth(curated.CardsFileName, "cards"))
	if err := b.openStore(); err != nil {
		store.Close()
		return nil, err
	}
	b.feedback.keep = cfg.Retention
	if err := b.feedback.load(cfg.Retention); err != nil {
		log.Error("feedback counts not read; counting anew", "err", err)
	}
	b.loadCurated()
	b.commands, err = NewRegistry(
		b.askCommand(),
		b.factCommand(),
		b.figuresCommand(),
		b.sourceCommand(),
		b.helpCommand(),
		b.startCommand(),
		b.privacyCommand(),
		b.forgetCommand(),
		b.langCommand(),
		b.checkCommand(),
		b.cardsCommand(),
		b.answersCommand(),
		b.factcardsCommand(),
		b.reloadCommand(),
		b.unansweredCommand(),
		b.feedbackCommand(),
	)
	if err != nil {
		b.Close()
		return nil, err
	}
	b.commands.langOf = b.langOf
	return b, nil
}

// openIndex opens the index of docs kept in the data directory, building
// or updating it when the documents changed. When it cannot be kept there
// (a read-only data directory), the documents are indexed in memory.
func openIndex(cfg Config, docs []*index.Document, log *slog.Logger) (*index.Store, error) {
	started := time.Now()
	store, err := index.OpenDir(filepath.Join(cfg.DataDir, "index"), docs)
	if err != nil {
		log.Warn("index not kept on disk; indexing in memory, again at every start (check that CITEBOT_DATA_DIR may be written)", "err", err)
		return index.Open(docs)
	}
	o := store.Opened()
	if o.Repaired != nil {
		log.Warn("index on disk could not be read and was built again from the seeds", "err", o.Repaired)
	}
	log.Debug("index open", "how", string(o.How), "indexed_documents", o.Documents, "documents", len(docs), "took", time.Since(started).Round(time.Millisecond))
	return store, nil
}

// Handler is what adapters call: the registry behind the shared middleware.
func (b *Bot) Handler() adapters.Handler {
	return chain(b.commands, logged(b.log), b.metrics.middleware(), recoverer(b.log), b.limiter.Middleware, timeout(messageTimeout))
}

// Menu lists the commands for platform menus, generated from the registry.
func (b *Bot) Menu() []adapters.CommandInfo {
	var out []adapters.CommandInfo
	for _, c := range b.commands.Commands() {
		out = append(out, adapters.CommandInfo{Name: c.Name, Args: c.Args, Help: c.Help, Moderator: c.Moderator})
	}
	return out
}

// corpus is one generation of the documents: their index and the engine
// over it.
type corpus struct {
	store  *index.Store
	engine *answers.Engine
	hash   string // index.Hash of the documents
}

// eng is the engine answering now.
func (b *Bot) eng() *answers.Engine { return b.live.Load().engine }

// Close releases the index and the database.
func (b *Bot) Close() error {
	if b.db != nil {
		b.db.Close()
	}
	return b.live.Load().store.Close()
}
