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

func main() {
	os.Exit(app.Main(app.Env{
		Args:           os.Args[1:],
		Stdin:          os.Stdin,
		Stdout:         os.Stdout,
		Stderr:         os.Stderr,
		Getenv:         os.Getenv,
		Now:            time.Now,
		Open:           func(dir string) (core.Store, error) { return storage.Open(dir) },
		SetMemoryLimit: func(limit int64) { debug.SetMemoryLimit(limit) },
		IsTerminal: func(f any) bool {
			file, ok := f.(*os.File)
			return ok && term.IsTerminal(file.Fd())
		},
	}))
}
