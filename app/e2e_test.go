package app

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"charm.land/lipgloss/v2"

	"yishi/meeting"
	"yishi/storage"
)

// The end-to-end tests drive the built binary in a real terminal: tmux, with send-keys to type
// and capture-pane, polled, to read the screen.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds yishi once for the whole test run.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "yishi-e2e-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "yishi")
		out, err := exec.Command("go", "build", "-o", binPath, "..").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// term is one tmux server with one session running a command.
type term struct {
	t      *testing.T
	socket string
	status string // file the exit status is written to
}

func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is missing on CI: .ci/run should have installed it")
		}
		t.Skip("tmux is not installed (apt-get install tmux): end-to-end tests skipped")
	}
}

// startTerm runs argv in a detached tmux session of the given size. A shell around it writes
// its exit status to a file when it ends (tmux's own pane_dead_status can lag behind a while).
func startTerm(t *testing.T, w, h int, env []string, argv ...string) *term {
	t.Helper()
	needTmux(t)
	dir := t.TempDir()
	conf := filepath.Join(dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte("set -g status off\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, socket: filepath.Join(dir, "tmux.sock"), status: filepath.Join(dir, "status")}
	script := `"$@"; echo $? > ` + shellQuote(tm.status) + `; exec sleep 3600`
	cmd := append([]string{"-f", conf, "new-session", "-d", "-s", "e2e", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "env"}, env...)
	cmd = append(cmd, "sh", "-c", script, "sh")
	cmd = append(cmd, argv...)
	tm.tmux(cmd...)
	t.Cleanup(func() { exec.Command("tmux", "-S", tm.socket, "kill-server").Run() })
	return tm
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tm *term) screen() string { return tm.tmux("capture-pane", "-p", "-t", "e2e") }

// waitFor polls the screen until it shows every one of want, or fails after a generous limit.
func (tm *term) waitFor(want ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		s := tm.screen()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(s, w)
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %q:\n%s", want, s)
		}
		<-tick.C
	}
}

func (tm *term) keys(k ...string) { tm.tmux(append([]string{"send-keys", "-t", "e2e"}, k...)...) }

func (tm *term) resize(w, h int) {
	tm.tmux("resize-window", "-t", "e2e", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h))
}

// fits checks that no line of the screen is wider than w cells.
func (tm *term) fits(s string, w int) {
	tm.t.Helper()
	for i, l := range strings.Split(s, "\n") {
		if lw := lipgloss.Width(l); lw > w {
			tm.t.Errorf("line %d is %d wide at width %d: %q", i+1, lw, w, l)
		}
	}
}

// exited waits for the program in the pane to end and returns its exit status.
func (tm *term) exited() string {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if b, err := os.ReadFile(tm.status); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the program did not exit:\n%s", tm.screen())
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not synchronisation
	}
}

// TestEndToEndFirstStart is a new user's first minutes: an empty data directory, the offer of the
// demo village, the home screen, resizing down to the smallest size and below it, a matter's
// trail, a second yishi refused on the same directory, and quitting.
func TestEndToEndFirstStart(t *testing.T) {
	bin := binary(t)
	dir := filepath.Join(t.TempDir(), "data")
	tm := startTerm(t, 80, 24, []string{"TERM=xterm-256color", "LANG=C.UTF-8"}, bin, "--data", dir)

	tm.waitFor("载入演示村", "Enter")
	tm.keys("Enter")
	s := tm.waitFor("阿北村", "夜话乡村", "已保存")
	tm.fits(s, 80)

	tm.resize(60, 20)
	s = tm.waitFor("阿北村", "Enter 打开")
	tm.fits(s, 60)
	tm.resize(50, 15)
	tm.waitFor("窗口太小")
	tm.resize(100, 30)
	tm.waitFor("阿北村")

	tm.keys("Tab")
	tm.waitFor("已办结", "待党员大会审议")
	tm.keys("Enter")
	tm.waitFor("经过", "村民代表会议")

	// A second yishi on the same directory is refused in plain words, exit status 1.
	out, err := exec.Command(bin, "--data", dir, "meetings").CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(out), "正被另一个 yishi 使用") {
		t.Errorf("second yishi: %v\n%s", err, out)
	}

	tm.keys("Escape")
	tm.waitFor("会议／事项")
	tm.keys("q")
	if status := tm.exited(); status != "0" {
		t.Errorf("exit status %s", status)
	}

	// A clean exit leaves the day's automatic backup, and it restores.
	backups, err := storage.AutoBackups(dir)
	if err != nil || len(backups) != 1 || backups[0].Day.Format("2006-01-02") != time.Now().In(meeting.Beijing).Format("2006-01-02") {
		t.Errorf("automatic backups after a clean exit: %+v, %v", backups, err)
	} else if out, err := exec.Command(bin, "--data", filepath.Join(t.TempDir(), "r"), "restore", backups[0].Path).CombinedOutput(); err != nil {
		t.Errorf("restore of the automatic backup: %v\n%s", err, out)
	}

	// What the screens showed is in the archive for the command line too.
	out, err = exec.Command(bin, "--data", dir, "matters").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "结果公开") {
		t.Errorf("matters after the TUI: %v\n%s", err, out)
	}
}

// TestEndToEndTerminated is the system shutting down under the screens: SIGTERM ends the program
// at once, with the archive closed properly and without the automatic backup a quit makes (it
// could outlast the time a shutdown waits).
func TestEndToEndTerminated(t *testing.T) {
	bin := binary(t)
	dir := filepath.Join(t.TempDir(), "data")
	if out, err := exec.Command(bin, "--data", dir, "demo").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	tm := startTerm(t, 80, 24, []string{"TERM=xterm-256color", "LANG=C.UTF-8"}, bin, "--data", dir)
	tm.waitFor("阿北村", "会议")
	if err := syscall.Kill(tm.yishiPID(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if status := tm.exited(); status != "0" {
		t.Errorf("exit status after SIGTERM: %s", status)
	}
	if backups, err := storage.AutoBackups(dir); err != nil || len(backups) != 0 {
		t.Errorf("automatic backups after SIGTERM: %+v, %v", backups, err)
	}
	// Closed properly: the next start opens it without a word about it.
	if out, err := exec.Command(bin, "--data", dir, "meetings").CombinedOutput(); err != nil {
		t.Errorf("meetings after SIGTERM: %v\n%s", err, out)
	}
}
