package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestImportRefusedLeavesNoDirectory: a file refused part-way leaves no data directory where
// there was none.
func TestImportRefusedLeavesNoDirectory(t *testing.T) {
	src := t.TempDir()
	mustOK(t, yishi(t, "", "--data", src, "demo"))
	good := mustOK(t, yishi(t, "", "--data", src, "export", "json")).stdout
	cut := good[:len(good)*3/4]
	dst := filepath.Join(t.TempDir(), "new")
	r := yishi(t, cut, "--data", dst, "import")
	if r.code != 1 || !strings.Contains(r.stderr, "没有导入任何内容") {
		t.Errorf("a file cut short: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Errorf("a refused import left the data directory it made (%v)", err)
	}
}

// TestImportKilled kills the binary with SIGKILL while it imports a file, once while it sorts
// the file's keys and once while it writes them into the archive, and opens the directory
// after: nothing of the import is left, and the same file then imports whole.
func TestImportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary")
	}
	bin := binary(t)
	src := t.TempDir()
	mustOK(t, yishi(t, "", "--data", src, "demo", "--villages", "4", "--years", "5"))
	file := filepath.Join(t.TempDir(), "archive.json")
	mustOK(t, yishi(t, "", "--data", src, "export", "json", "-o", file))

	for _, c := range []struct {
		when  string
		ready func(dir string) bool
	}{
		// While the file is read and its keys sorted, in files of their own.
		{"sorting", func(dir string) bool { m, _ := filepath.Glob(filepath.Join(dir, ".import-*")); return len(m) > 0 }},
		// While the sorted keys are written into the archive, marked by IMPORTING.
		{"writing", func(dir string) bool { return exists(filepath.Join(dir, "IMPORTING")) && tablesIn(dir) > 0 }},
	} {
		t.Run(c.when, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "into")
			killImportWhen(t, bin, dir, file, func() bool { return c.ready(dir) })
			if r := mustOK(t, yishi(t, "", "--data", dir, "meetings")); !strings.Contains(r.stdout, "还没有会议记录") {
				t.Errorf("after the kill the archive lists:\n%s", r.stdout)
			}
			if c.ready(dir) {
				t.Error("the next run left what the import cut off had written beside the archive")
			}
			mustOK(t, yishi(t, "", "--data", dir, "import", file))
			if r := mustOK(t, yishi(t, "", "--data", dir, "verify", "--archive")); !strings.Contains(r.stdout, "校验通过：4 个村") {
				t.Errorf("verify --archive after importing again: %s", r.stdout)
			}
		})
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// killImportWhen runs `yishi --data dir import file` and kills it (SIGKILL) as soon as ready
// reports true; the import finishing first fails the test.
func killImportWhen(t *testing.T, bin, dir, file string, ready func() bool) {
	t.Helper()
	cmd := exec.Command(bin, "--data", dir, "import", file)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for {
		select {
		case err := <-exited:
			t.Fatalf("the import finished (%v) before it could be killed: give it a larger file", err)
		default:
		}
		if ready() {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			<-exited
			return
		}
		runtime.Gosched()
	}
}

// tablesIn counts the tables (.sst files) in the data directory dir.
func tablesIn(dir string) int {
	m, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	return len(m)
}
