//go:build unix

package storage

import (
	"os"

	"golang.org/x/sys/unix"
)

// sharedLock takes the lock Badger takes on dir for a read-only open, so that no yishi writes the
// directory while inspect reads it. It reports false when another process has the directory
// open for writing; release gives the lock back.
func sharedLock(dir string) (release func(), ok bool) {
	d, err := os.Open(dir)
	if err != nil {
		return func() {}, true // Badger will say why
	}
	if err := unix.Flock(int(d.Fd()), unix.LOCK_SH|unix.LOCK_NB); err != nil {
		d.Close()
		return nil, false
	}
	return func() { unix.Flock(int(d.Fd()), unix.LOCK_UN); d.Close() }, true
}
