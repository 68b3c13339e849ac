package app

// Encrypted archives on the command line: where a passphrase comes from (YISHI_PASSPHRASE, else
// hidden input at the terminal), yishi init [--encrypt] and yishi passphrase. storage/crypt.go
// keeps the key file; storage never reads the terminal.

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"unicode/utf8"

	xterm "github.com/charmbracelet/x/term"

	"yishi/app/core"
	"yishi/storage"
)

// The environment variables of passphrases: the archive's (or the backup's), and the new one
// of yishi passphrase.
const (
	envPassphrase    = "YISHI_PASSPHRASE"
	envNewPassphrase = "YISHI_NEW_PASSPHRASE"
)

// errNoTerminal is a passphrase needed where none can be asked.
var errNoTerminal = errors.New("需要口令，但这里没有终端可以输入：请在终端里运行，或设置环境变量 " + envPassphrase)

// readPassword asks for a passphrase without echo: through Env.ReadPassword, else at the
// terminal.
func (c *command) readPassword(prompt string) (string, error) {
	if c.env.ReadPassword != nil {
		return c.env.ReadPassword(prompt)
	}
	return terminalPassword(prompt)
}

// terminalPassword reads a line without echo from /dev/tty, or from standard input when that is
// a terminal; the prompt goes to the same terminal. Ctrl+C puts the echo back before the
// program ends.
func terminalPassword(prompt string) (string, error) {
	in, out := os.Stdin, os.Stderr
	if tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0); err == nil {
		defer tty.Close()
		in, out = tty, tty
	} else if !xterm.IsTerminal(os.Stdin.Fd()) {
		return "", errNoTerminal
	}
	fd := in.Fd()
	state, err := xterm.GetState(fd)
	if err != nil {
		return "", errNoTerminal
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	done := make(chan struct{})
	defer func() { signal.Stop(stop); close(done) }()
	go func() {
		select {
		case <-stop:
			xterm.Restore(fd, state)
			fmt.Fprintln(out)
			os.Exit(130)
		case <-done:
		}
	}()
	fmt.Fprint(out, prompt)
	b, err := xterm.ReadPassword(fd)
	fmt.Fprintln(out)
	if err != nil {
		return "", fmt.Errorf("没能读到口令：%v", err)
	}
	return string(b), nil
}

// passphrase returns the passphrase of an archive or a backup: YISHI_PASSPHRASE, else asked.
// fromEnv tells which: a wrong one from the environment is not asked again.
func (c *command) passphrase(prompt string) (p string, fromEnv bool, err error) {
	if p := c.env.Getenv(envPassphrase); p != "" {
		return p, true, nil
	}
	p, err = c.readPassword(prompt)
	return p, false, err
}

// newPassphrase returns a new passphrase: the environment variable env if set, else asked twice
// at the terminal.
func (c *command) newPassphrase(env string) (string, error) {
	p := c.env.Getenv(env)
	if p == "" {
		var err error
		if p, err = c.readPassword("请设定口令（至少 8 个字，输入时不显示）："); err != nil {
			return "", err
		}
		if err := checkPassphrase(p); err != nil {
			return "", err
		}
		again, err := c.readPassword("请再输入一次口令：")
		if err != nil {
			return "", err
		}
		if again != p {
			return "", errors.New("两次输入的口令不一样，什么也没有改：请重新运行，再仔细输入一次")
		}
	}
	return p, checkPassphrase(p)
}

// checkPassphrase refuses a passphrase too short to protect anything.
func checkPassphrase(p string) error {
	if utf8.RuneCountInString(p) < core.MinPassphrase {
		return fmt.Errorf("口令太短：请至少用 %d 个字（字母、数字、汉字都算），什么也没有改", core.MinPassphrase)
	}
	return nil
}

// unlock asks the passphrase of the encrypted archive in dir and checks it (three tries at the
// terminal; one from the environment).
func (c *command) unlock(dir string) (*storage.Unlocked, error) {
	if err := storage.InUse(dir); err != nil {
		return nil, err // said before the passphrase is asked, not after
	}
	for try := 1; ; try++ {
		p, fromEnv, err := c.passphrase(fmt.Sprintf("数据目录 %s 已加密，请输入口令：", dir))
		if err != nil {
			return nil, err
		}
		u, err := storage.Unlock(dir, p)
		if err == nil {
			return u, nil
		}
		if !errors.Is(err, storage.ErrWrongPassphrase) || fromEnv || try == 3 {
			if fromEnv && errors.Is(err, storage.ErrWrongPassphrase) {
				return nil, fmt.Errorf("环境变量 %s 里的口令不对，什么也没有打开：请改正它，或取消它后在终端里输入口令", envPassphrase)
			}
			return nil, err
		}
		fmt.Fprintln(c.env.Stderr, "口令不对，请再输入一次。")
	}
}

// opener returns how to open the archive of dir once the terminal is given to the screens: the
// passphrase of an encrypted one is asked and checked now, before. A passphrase in the
// environment for a plain archive is refused: the user believes it encrypted.
//
// The screens open the archive beside their first frame (tui.go): they call
//
//	open, err := c.opener(dir)
//	if err != nil { return err }
//	o := startOpening(dir, open)
func (c *command) opener(dir string) (func() (core.Store, error), error) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if storage.Encrypted(dir) {
		u, err := c.unlock(dir)
		if err != nil {
			return nil, err
		}
		return func() (core.Store, error) {
			s, err := u.Open()
			if err != nil {
				return nil, err // not a nil *storage.Store in a Store
			}
			return s, nil
		}, nil
	}
	if c.env.Getenv(envPassphrase) != "" {
		return nil, &storage.NotEncryptedError{Dir: dir}
	}
	return func() (core.Store, error) { return c.env.Open(dir) }, nil
}

// openArchive is command.open of a data directory: an encrypted one with its passphrase, a plain
// one through Env.Open.
func (c *command) openArchive(dir string) (core.Store, error) {
	open, err := c.opener(dir)
	if err != nil {
		return nil, err
	}
	return open()
}

// initDir is yishi init [--encrypt]: it makes the data directory's archive, encrypted under a
// new passphrase with --encrypt.
func (c *command) initDir(args []string) error {
	fs := newFlags("init", c.env)
	encrypt := fs.Bool("encrypt", false, "加密")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return core.Usagef("init 不接受参数「%s」：请写 yishi init [--encrypt] [--data 目录]", pos[0])
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if !*encrypt {
		s, err := c.openArchive(dir)
		if err != nil {
			return err
		}
		defer s.Close()
		fmt.Fprintf(c.env.Stderr, "数据目录 %s 已就绪（没有加密）。\n", dir)
		return nil
	}
	if storage.Encrypted(dir) {
		return fmt.Errorf("数据目录 %s 已经加密了：要换口令请运行 yishi passphrase", dir)
	}
	p, err := c.newPassphrase(envPassphrase)
	if err != nil {
		return err
	}
	s, err := storage.CreateEncrypted(dir, p)
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "已建立加密的数据目录 %s。请记牢口令：忘了口令，档案和它的备份都打不开，谁也找不回来。\n", dir)
	return nil
}

// changePassphrase is yishi passphrase: the current passphrase, then the new one twice (or
// YISHI_NEW_PASSPHRASE).
func (c *command) changePassphrase(args []string) error {
	fs := newFlags("passphrase", c.env)
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return core.Usagef("passphrase 不接受参数「%s」：请写 yishi passphrase [--data 目录]", pos[0])
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if !storage.Encrypted(dir) {
		return fmt.Errorf("数据目录 %s 没有加密，没有口令可改：新的数据目录可以用 yishi init --encrypt 加密", dir)
	}
	s, err := c.openArchive(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := c.newPassphrase(envNewPassphrase)
	if err != nil {
		return err
	}
	cs, ok := s.(interface{ ChangePassphrase(string) error })
	if !ok {
		return errors.New("这个档案不能改口令")
	}
	if err := cs.ChangePassphrase(p); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "数据目录 %s 的口令已经改好。以前写的备份仍要用旧口令恢复。\n", dir)
	return nil
}
