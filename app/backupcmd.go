package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"yishi/app/core"
	"yishi/meeting"
	"yishi/storage"
)

// The subcommands that save the whole data directory to one file and bring it back: backup and
// restore (storage/backup.go describes the file).

// backup is yishi backup FILE: the file is written beside its final name and renamed into place
// once complete, so an interrupted backup never leaves half a file under that name.
func (c *command) backup(args []string) error {
	fs := newFlags("backup", c.env)
	replace := fs.Bool("replace", false, "替换同名的旧备份")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] == "" {
		return core.Usagef("请写 yishi backup 文件名，例如 yishi backup 阿北村-备份.yishi-backup")
	}
	out := pos[0]
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return core.Usagef("%s 是一个文件夹：请写要保存的备份文件名，例如 %s", out, filepath.Join(out, "yishi.backup"))
	} else if err == nil {
		// A file of that name: only an older backup is replaced, and only when asked.
		isBackup, err := storage.IsBackupFile(out)
		switch {
		case err != nil:
			return fmt.Errorf("已经有一个文件 %s，读不出它是什么（%v）：什么也没有写。请换一个备份文件名", out, err)
		case !isBackup:
			return fmt.Errorf("已经有一个文件 %s，它不是 yishi 的备份：什么也没有写，它也没有被改动。请换一个备份文件名", out)
		case !*replace:
			return fmt.Errorf("已经有一份备份 %s（%s 写的）：什么也没有写。要用新的备份替换它，请加 --replace；要留着它，请换一个文件名",
				out, fi.ModTime().In(meeting.Beijing).Format("2006-01-02 15:04"))
		}
	}
	if fi, err := os.Stat(filepath.Dir(out)); err != nil || !fi.IsDir() {
		return fmt.Errorf("文件夹 %s 不存在：请先建好这个文件夹，或换一个备份文件的位置", filepath.Dir(out))
	}
	// Back up only an archive that exists: opening a mistyped directory would create it, and
	// the user would believe a backup of nothing was theirs.
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("数据目录 %s 不存在：请检查 --data 后面的路径（或环境变量 YISHI_DATA）", dir)
	}
	s, err := c.open()
	if err != nil {
		return err
	}
	defer s.Close()
	if empty, err := s.Empty(); err != nil {
		return err
	} else if empty {
		return fmt.Errorf("数据目录 %s 里还没有任何村的记录，没有可备份的内容：请检查 --data 后面的路径", s.Dir())
	}
	var progress func(done, total int64)
	if p := c.progress("备份", "条"); p != nil {
		progress = func(done, total int64) { p(int(done), int(total)) }
	}
	size, err := s.BackupFile(out, progress)
	if err != nil {
		return fmt.Errorf("备份没有写成，%s 没有被改动：%w", out, backupErr(err, out))
	}
	fmt.Fprintf(c.env.Stderr, "已备份到 %s（%s）。恢复时运行：yishi restore %s --data 新的空目录\n", out, byteSize(size), out)
	if e, ok := s.(core.Encrypter); ok && e.IsEncrypted() {
		fmt.Fprintln(c.env.Stderr, "这份备份是加密的：恢复时要输入档案现在的口令。")
	}
	return nil
}

// restore is yishi restore FILE [--force]: into the data directory, which must be empty.
func (c *command) restore(args []string) error {
	fs := newFlags("restore", c.env)
	force := fs.Bool("force", false, "替换没有任何村的空档案")
	encrypt := fs.Bool("encrypt", false, "恢复成加密的档案")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] == "" {
		return core.Usagef("请写 yishi restore 备份文件 --data 空目录")
	}
	dir := c.dataDir
	if dir == "" {
		if dir, err = DefaultDataDir(c.env.Getenv); err != nil {
			return fmt.Errorf("找不到默认数据目录（%v）：请用 --data 指定一个目录", err)
		}
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("读不到备份文件 %s：请检查文件名和路径", pos[0])
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return fmt.Errorf("%s 是一个文件夹，不是备份文件：请写 yishi backup 写出的文件", pos[0])
	}
	encrypted := false // the backup was
	opt := storage.RestoreOptions{Force: *force, Passphrase: func() (string, error) {
		encrypted = true
		p, _, err := c.passphrase("这份备份已加密，请输入写备份时档案的口令：")
		return p, err
	}}
	if *encrypt {
		opt.NewPassphrase = func() (string, error) { return c.newPassphrase(envPassphrase) }
	}
	if err := storage.RestoreWith(dir, f, opt); err != nil {
		return err
	}
	what := ""
	switch {
	case encrypted:
		what = "（加密的档案，口令同备份）"
	case *encrypt:
		what = "（加密的档案，用刚设的口令打开）"
	}
	fmt.Fprintf(c.env.Stderr, "已从 %s 恢复到数据目录 %s%s\n", pos[0], dir, what)
	return nil
}

// backupErr tells why a backup file could not be written: the store's own errors say it
// already; a file system error gets what to check.
func backupErr(err error, out string) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return core.FolderProblem(filepath.Dir(out), err)
	}
	return err
}

// byteSize writes a file size for people: 812 字节, 35.2 KB, 4.1 MB.
func byteSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d 字节", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
