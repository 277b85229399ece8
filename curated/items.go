package curated

import (
	"context"
	"time"
)

// Items is a set of curated items of one kind as the bot uses it: read,
// changed one item at a time with every change audited, undone change by
// change, and watched for changes made by other processes. *Store, the
// YAML files of a data folder, is one; pgstore.Set, in PostgreSQL, another.
//
// A change and its audit record are made together or not at all: a process
// stopped at any moment leaves either no change or a change with its record,
// so that Undo always undoes the change History shows last.
type Items[T any] interface {
	// Load returns the items, in their order.
	Load() ([]T, error)
	// Update runs edit on the current items, with no other change made
	// meanwhile, and makes the change it returns, with its audit record.
	// When edit or the audit fails, nothing is changed.
	Update(author string, edit func([]T) (Change[T], error)) (Change[T], error)
	// Undo reverts the last change neither undone nor failed, and audits
	// that; ErrNothing when there is none.
	Undo(author string) (Change[T], error)
	// History returns the audit records, oldest first.
	History() ([]Record[T], error)
	// LoadLastGood returns the items to serve: the items, or when they
	// cannot be read, the last good ones with the error that refuses the
	// others.
	LoadLastGood() (items []T, refused error)
	// Path and LastGoodPath name where the items and their last good copy
	// are kept, for the messages that tell moderators how to mend them.
	Path() string
	LastGoodPath() string
	// Watch calls onChange with the items whenever they change, checking
	// every interval (a store that is told of changes, like a database's,
	// may only re-read that seldom or less), and onError when they cannot
	// be read (the last good items stay live), until ctx is done.
	Watch(ctx context.Context, interval time.Duration, onChange func([]T), onError func(error))
}

// Answers are the curated answers; Cards, the fact cards.
type (
	Answers = Items[Entry]
	Cards   = Items[Card]
)

var (
	_ Answers = (*Store[Entry])(nil)
	_ Cards   = (*Store[Card])(nil)
)

// Change is what an edit does to one item: the item before and after (nil
// for none). The item is found by its id, which a change keeps: an item
// with no before is added at the end, one with no after is removed.
type Change[T any] struct {
	Action        string
	Before, After *T
}
