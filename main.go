// Command yishi records village meetings and the 四议两公开 procedure. See README.md.
package main

import (
	"os"
	"runtime/debug"
	"time"

	"github.com/charmbracelet/x/term"

	"yishi/app"
	"yishi/app/core"
	"yishi/storage"
)

// memoryLimit is the soft limit of the Go heap unless GOMEMLIMIT sets another: a village
// laptop has 4 GB, and every command reads the archive a record or a village at a time, so
// the collector is asked to keep the heap near what is in hand rather than twice it. It is
// soft: a heap that needs more gets it, at the cost of collecting more often.
const memoryLimit = 64 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(app.Main(app.Env{
		Args:   os.Args[1:],
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		Now:    time.Now,
		Open:   func(dir string) (core.Store, error) { return storage.Open(dir) },
		IsTerminal: func(f any) bool {
			file, ok := f.(*os.File)
			return ok && term.IsTerminal(file.Fd())
		},
	}))
}
