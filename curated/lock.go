package curated

import (
	"fmt"
	"os"

	"github.com/gofrs/flock"
)

// lockFile takes an exclusive lock on the file at path, creating it, and
// returns what releases it. The lock is flock(2) on Unix and LockFileEx on
// Windows: shared by every process on the data folder, and released by
// the system when a process holding it dies.
func lockFile(path string) (func(), error) {
	l := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR), flock.SetPermissions(0o640))
	if err := l.Lock(); err != nil {
		return nil, fmt.Errorf("curated: lock %s: %w", path, err)
	}
	return func() { l.Unlock() }, nil
}
