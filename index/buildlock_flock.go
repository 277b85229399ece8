//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package index

import (
	"os"
	"syscall"
)

// canSweep says that this system's file locks let a start tell temporary
// folders of killed builds from those of builds still running.
const canSweep = true

// holdBuildLock takes a shared lock on the index folder's build lock,
// waiting while a sweep holds it; unlock releases it. Every build holds it
// while its temporary folder exists; the kernel releases it when the
// process dies, however it dies.
func holdBuildLock(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDONLY, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// tryBuildLockAlone takes the build lock exclusively if no build holds it,
// in this process or any other, without waiting.
func tryBuildLockAlone(path string) (unlock func(), ok bool) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDONLY, 0o644)
	if err != nil {
		return nil, false
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return func() { f.Close() }, true
}
