package app

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"yishi/storage"
)

// A damaged data directory (storage.DamagedError): every command says so and names the newest
// automatic backup with the way to restore it; the screens' start offers to restore it there and
// then. Restoring sets the damaged directory aside (storage.RestoreDamaged): nothing of it is
// overwritten or deleted.

// damagedHelp returns, for an error of a damaged data directory, the lines that follow the
// error: the newest automatic backup and how to restore it, or that there is none. It returns
// "" for any other error.
func damagedHelp(err error) string {
	de, ok := errors.AsType[*storage.DamagedError](err)
	if !ok || de.Dir == "" {
		return ""
	}
	list, _ := storage.AutoBackups(de.Dir)
	if len(list) == 0 {
		return fmt.Sprintf("数据目录里没有自动备份（%s 文件夹）：如果别处有 yishi backup 写出的备份文件，先把 %s 改名保存，再运行 yishi restore 备份文件 --data %s\n",
			storage.BackupsDir, de.Dir, de.Dir)
	}
	b := list[0]
	return fmt.Sprintf("最近的自动备份：%s 的 %s（%s）。\n恢复办法：运行 yishi --data %s，按提示恢复；损坏的数据目录会改名保存在旁边，不会删除。\n",
		b.Day.Format("2006-01-02"), b.Path, byteSize(b.Size), de.Dir)
}

// startTUI starts the screens. When the data directory is damaged, it offers to restore the
// newest automatic backup, and starts again once that is done.
func (c *command) startTUI() error {
	err := c.tui()
	de, ok := errors.AsType[*storage.DamagedError](err)
	if !ok || de.Dir == "" {
		return err
	}
	restored, rerr := c.offerRestore(de)
	if rerr != nil {
		return rerr
	}
	if !restored {
		return err
	}
	return c.tui()
}

// offerRestore says that the data directory is damaged and names its newest automatic backup;
// on a terminal it asks whether to restore it, and does so on yes. It reports whether it
// restored.
func (c *command) offerRestore(de *storage.DamagedError) (bool, error) {
	list, _ := storage.AutoBackups(de.Dir)
	if len(list) == 0 {
		return false, nil // Main prints the error and damagedHelp
	}
	b := list[0]
	out := c.env.Stderr
	fmt.Fprintf(out, "yishi：%s\n最近的自动备份是 %s 的 %s（%s）。\n", de, b.Day.Format("2006-01-02"), b.Path, byteSize(b.Size))
	if c.env.IsTerminal == nil || !c.env.IsTerminal(c.env.Stdin) {
		return false, exitError{fmt.Sprintf("不在终端里运行，无法询问是否恢复：请在终端里运行 yishi --data %s，按提示恢复", de.Dir)}
	}
	fmt.Fprintf(out, "恢复时，损坏的数据目录改名保存在旁边，不会删除。是否恢复？[y/N] ")
	line, err := bufio.NewReader(c.env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "是":
	default:
		return false, exitError{"没有恢复，数据目录保持原样"}
	}
	aside, err := storage.RestoreDamaged(de.Dir, b.Path, c.env.Now())
	if err != nil {
		return false, err
	}
	fmt.Fprintf(out, "已恢复 %s 的自动备份到 %s。损坏的数据目录保存在 %s，确认不需要后可自行删除。\n", b.Day.Format("2006-01-02"), de.Dir, aside)
	return true, nil
}
