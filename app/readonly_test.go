package app

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadOnlyArchive: an archive on a write-protected stick or a copy from the township's disc
// (chmod 555; as root, the program run as nobody) is read: listings, search, exports and verify
// work and say it is read-only; a change is refused in plain words; nothing in it changes. It
// said 「无法写入数据目录」 to every command.
func TestReadOnlyArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := binary(t)
	base, err := os.MkdirTemp("", "yishi-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.Walk(base, func(p string, fi os.FileInfo, err error) error {
			if err == nil {
				os.Chmod(p, 0o755)
			}
			return nil
		})
		os.RemoveAll(base)
	})
	dir := filepath.Join(base, "光盘")
	if out, err := exec.Command(bin, "--data", dir, "demo").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	minutes := filepath.Join(base, "记录.md")
	if out, err := exec.Command(bin, "--data", dir, "export", "minutes", demoResolution, "-o", minutes).CombinedOutput(); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	rosterCSV := filepath.Join(base, "花名册.csv")
	os.WriteFile(rosterCSV, []byte(rosterHead+"金昌义,男,,,1,13800000000,\n"), 0o644)
	// Readable by all, writable by none: a disc.
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o444)
		if fi.IsDir() {
			mode = 0o555
		}
		return os.Chmod(p, mode)
	})
	for _, p := range []string{base, filepath.Dir(bin), bin, minutes, rosterCSV} {
		os.Chmod(p, 0o755)
	}
	before := readTree(t, dir)

	run := func(args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--data", dir}, args...)...)
		cmd.Env = []string{"HOME=" + base, "LANG=C.UTF-8"}
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errOut.String()
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"meetings"}, "夜话乡村"},
		{[]string{"matters"}, "路灯"},
		{[]string{"search", "便桥"}, ""},
		{[]string{"search", "金昌义"}, "金昌义"},
		{[]string{"export", "minutes", demoResolution}, "阿北村村民代表会议记录"},
		{[]string{"export", "json"}, "yishi-archive"},
		{[]string{"verify", "--archive"}, "校验通过"},
		{[]string{"verify", minutes}, "一致"},
	} {
		code, out, errOut := run(c.args...)
		if code != 0 || !strings.Contains(out, c.want) || !strings.Contains(errOut, "只读") {
			t.Errorf("%v on a read-only archive: exit %d\nstdout: %.200s\nstderr: %s", c.args, code, out, errOut)
		}
	}
	code, _, errOut := run("roster", "import", rosterCSV, "--yes")
	if code != 1 || !strings.Contains(errOut, "只读") || goWords.MatchString(errOut) {
		t.Errorf("a change to a read-only archive: exit %d, %q", code, errOut)
	}
	sameTree(t, dir, before)
}
