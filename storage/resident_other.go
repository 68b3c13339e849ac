//go:build !linux

package storage

// readRecord counts a record read; only Linux has its mapped files trimmed (resident_linux.go).
func readRecord() {}

// whileTrimming runs fn.
func whileTrimming(fn func() error) error { return fn() }
