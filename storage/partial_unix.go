//go:build unix

package storage

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockPartial takes the writer's lock on a partial file; it is released when the file is closed
// or the process ends, however it ends.
func lockPartial(f *os.File) { unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) }

// stalePartial reports whether nobody holds the writer's lock on the partial file at path.
func stalePartial(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		return false
	}
	unix.Flock(int(f.Fd()), unix.LOCK_UN)
	return true
}
