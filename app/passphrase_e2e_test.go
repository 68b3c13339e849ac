package app

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"yishi/storage"
)

// TestEndToEndEncrypted: on the first start the archive is encrypted (F3, the passphrase typed
// twice, masked), the demo village loaded and the program quit; the next start asks the
// passphrase at the terminal without echo, refuses a wrong one and opens with the right one. A
// run with neither a terminal nor YISHI_PASSPHRASE says what to do.
func TestEndToEndEncrypted(t *testing.T) {
	bin := binary(t)
	dir := filepath.Join(t.TempDir(), "data")
	env := []string{"TERM=xterm-256color", "LANG=C.UTF-8"}
	tm := startTerm(t, 80, 24, env, bin, "--data", dir)
	tm.waitFor("F3", "加密档案")
	tm.keys("F3")
	tm.waitFor("再输一次")
	tm.keys("-l", "北坡路灯-2026")
	tm.keys("Tab")
	tm.keys("-l", "北坡路灯-2026")
	s := tm.waitFor("**********")
	if strings.Contains(s, "路灯") {
		t.Errorf("the passphrase shows:\n%s", s)
	}
	tm.fits(s, 80)
	tm.keys("Enter")
	tm.waitFor("档案已加密")
	tm.keys("Enter")
	tm.waitFor("阿北村", "夜话乡村", "定稿")
	tm.keys("q")
	if status := tm.exited(); status != "0" {
		t.Fatalf("exit status %s", status)
	}
	if !storage.Encrypted(dir) {
		t.Fatal("the data directory is not encrypted")
	}
	if backups, err := storage.AutoBackups(dir); err != nil || len(backups) != 1 {
		t.Errorf("automatic backups: %v, %v", backups, err)
	}

	tm = startTerm(t, 80, 24, env, bin, "--data", dir)
	tm.waitFor("已加密，请输入口令")
	tm.keys("-l", "不对的口令123")
	tm.keys("Enter")
	s = tm.waitFor("口令不对，请再输入一次")
	if strings.Contains(s, "不对的口令") {
		t.Errorf("the passphrase typed shows:\n%s", s)
	}
	tm.keys("-l", "北坡路灯-2026")
	tm.keys("Enter")
	tm.waitFor("阿北村", "夜话乡村", "定稿")
	tm.keys("q")
	if status := tm.exited(); status != "0" {
		t.Errorf("exit status %s", status)
	}

	// No terminal (a session of its own has none) and no YISHI_PASSPHRASE.
	cmd := exec.Command(bin, "--data", dir, "meetings")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(out), "YISHI_PASSPHRASE") {
		t.Errorf("without terminal or passphrase: %v\n%s", err, out)
	}
}
