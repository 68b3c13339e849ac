//go:build !unix

package storage

import (
	"os"
	"time"
)

func lockPartial(*os.File) {}

// stalePartial: without the lock, a partial file untouched for a day is taken as left behind.
func stalePartial(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && time.Since(fi.ModTime()) > 24*time.Hour
}
