package app

import (
	"fmt"
	"yishi/app/core"
)

// autoBackup writes the day's automatic backup after the screens have closed cleanly (see
// storage.WriteAutoBackup: at most daily, the last 7 days and 4 weeks kept), with a progress bar
// on the terminal when it takes a while. A backup that fails is reported and does not change
// the exit status: the archive itself is saved.
func (c *command) autoBackup(s core.Store) {
	var progress func(done, total int64)
	if p := c.progress("自动备份", "条"); p != nil {
		progress = func(done, total int64) { p(int(done), int(total)) }
	}
	b, err := s.WriteAutoBackup(c.env.Now(), progress)
	switch {
	case err != nil:
		fmt.Fprintln(c.env.Stderr, err)
	case b.Path != "":
		fmt.Fprintf(c.env.Stderr, "已自动备份到 %s（%s）\n", b.Path, byteSize(b.Size))
	}
}
