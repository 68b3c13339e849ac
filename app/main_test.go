package app

import (
	"os"
	"path/filepath"
	"testing"
)

// cleanups run after every test and benchmark of the package: shared temporary folders.
var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range cleanups {
		f()
	}
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}
