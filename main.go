// Command yishi records village meetings and the 四议两公开 procedure. See README.md.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/charmbracelet/x/term"

	"yishi/app"
	"yishi/app/core"
	"yishi/storage"
)

func main() {
	// Opening an archive of an older format upgrades it first: a township's takes a minute or two.
	storage.MigrationNotice = func(from, to int) {
		fmt.Fprintf(os.Stderr, "正在把档案升级到新的格式（版本 %d → %d），记录和校验码都不变；档案大时要一两分钟，请不要关掉……\n", from, to)
	}
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
