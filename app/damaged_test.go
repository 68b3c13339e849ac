package app

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yishi/app/internal/testkit"
	"yishi/storage"
)

// damagedDemo returns a demo data directory with an automatic backup of the day before
// testkit.FixedNow, its MANIFEST then damaged, and the bytes of its files as damaged.
func damagedDemo(t *testing.T) (dir, backup string, files map[string][]byte) {
	t.Helper()
	dir = demoDir(t)
	s, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.WriteAutoBackup(testkit.FixedNow.AddDate(0, 0, -1), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "MANIFEST")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	return dir, b.Path, readTree(t, dir)
}

// readTree returns every file under dir but the log, by path relative to dir.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == storage.LogName {
			return err
		}
		b, err := os.ReadFile(p)
		out[strings.TrimPrefix(p, dir)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	got := readTree(t, dir)
	if len(got) != len(want) {
		t.Errorf("%s holds %d files; want %d", dir, len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s%s: changed or gone", dir, name)
		}
	}
}

// TestDamagedCommand: every command on a damaged directory says it is damaged and which file,
// names the newest automatic backup with its date and the way to restore it, exits 1 and
// changes nothing.
func TestDamagedCommand(t *testing.T) {
	dir, backup, files := damagedDemo(t)
	for _, args := range [][]string{{"meetings"}, {"verify", "--archive"}, {"export", "json"}} {
		r := yishi(t, "", append([]string{"--data", dir}, args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, "数据目录 "+dir+" 已损坏") ||
			!strings.Contains(r.stderr, "最近的自动备份："+testkit.FixedNow.AddDate(0, 0, -1).Format("2006-01-02")+" 的 "+backup) ||
			!strings.Contains(r.stderr, "运行 yishi --data "+dir) || !strings.Contains(r.stderr, "（文件 MANIFEST ") {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	// The screens' start, not on a terminal: it names the backup and refuses politely.
	r := yishi(t, "y\n", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, backup) || !strings.Contains(r.stderr, "不在终端里运行") {
		t.Errorf("the screens' start off a terminal: exit %d\n%s", r.code, r.stderr)
	}
	sameTree(t, dir, files)

	// Without an automatic backup: said so.
	os.RemoveAll(filepath.Join(dir, storage.BackupsDir))
	r = yishi(t, "", "--data", dir, "meetings")
	if r.code != 1 || !strings.Contains(r.stderr, "没有自动备份") {
		t.Errorf("no backup: exit %d\n%s", r.code, r.stderr)
	}
}

// TestOfferRestore answers the screens' offer on a terminal: no leaves everything as it was; yes
// restores the backup, and the damaged files are all, byte for byte, in the directory set aside.
func TestOfferRestore(t *testing.T) {
	dir, backup, files := damagedDemo(t)
	offer := func(answer string) (bool, error, string) {
		var out bytes.Buffer
		c := &command{env: Env{Stdin: strings.NewReader(answer), Stdout: &out, Stderr: &out,
			Now: func() time.Time { return testkit.FixedNow }, IsTerminal: func(any) bool { return true }}, dataDir: dir}
		_, err := storage.Open(dir)
		de, ok := errors.AsType[*storage.DamagedError](err)
		if !ok {
			t.Fatalf("open: %v", err)
		}
		restored, err := c.offerRestore(de)
		return restored, err, out.String()
	}
	restored, err, out := offer("n\n")
	if restored || err == nil || !strings.Contains(out, "是否恢复？[y/N]") || !strings.Contains(out, backup) {
		t.Errorf("no: %v, %v\n%s", restored, err, out)
	}
	sameTree(t, dir, files)

	restored, err, out = offer("y\n")
	aside := dir + storage.AsideSuffix + testkit.FixedNow.Format("20060102-150405")
	if !restored || err != nil || !strings.Contains(out, aside) {
		t.Fatalf("yes: %v, %v\n%s", restored, err, out)
	}
	sameTree(t, aside, files)
	r := mustOK(t, yishi(t, "", "--data", dir, "verify", "--archive"))
	if !strings.Contains(r.stdout, "校验通过") {
		t.Errorf("the restored archive:\n%s", r.stdout)
	}
	if list, err := storage.AutoBackups(dir); err != nil || len(list) != 1 {
		t.Errorf("the restored directory's backups: %v, %v", list, err)
	}
}
