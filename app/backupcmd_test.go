package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/storage"
)

// archiveJSON is `yishi export json` of the data directory dir.
func archiveJSON(t *testing.T, dir string) string {
	t.Helper()
	return mustOK(t, yishi(t, "", "--data", dir, "export", "json")).stdout
}

func TestBackupRestoreCommands(t *testing.T) {
	dir := demoDir(t)
	folder := t.TempDir()
	file := filepath.Join(folder, "阿北村.yishi-backup")
	r := mustOK(t, yishi(t, "", "--data", dir, "backup", file))
	if !strings.Contains(r.stderr, "已备份到 "+file) {
		t.Errorf("backup said %q", r.stderr)
	}
	if entries, _ := os.ReadDir(folder); len(entries) != 1 {
		t.Errorf("backup left %d files in the folder, want the backup alone", len(entries))
	}

	target := filepath.Join(t.TempDir(), "restored")
	r = mustOK(t, yishi(t, "", "restore", file, "--data", target))
	if !strings.Contains(r.stderr, "已从 "+file+" 恢复到数据目录 "+target) {
		t.Errorf("restore said %q", r.stderr)
	}
	if got, want := archiveJSON(t, target), archiveJSON(t, dir); got != want {
		t.Fatalf("the restored archive exports differently (%d bytes, want %d)", len(got), len(want))
	}

	// A second restore into the same directory is refused, and changes nothing.
	before := archiveJSON(t, target)
	for _, args := range [][]string{{"restore", file}, {"restore", file, "--force"}} {
		r = yishi(t, "", append(args, "--data", target)...)
		if r.code != 1 || !strings.Contains(r.stderr, "已经有数据") || !strings.Contains(r.stderr, "改名保存") {
			t.Errorf("%v into a full archive: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if archiveJSON(t, target) != before {
		t.Error("a refused restore changed the archive")
	}

	// An older backup of that name is replaced only when asked, and then whole.
	if r := yishi(t, "", "--data", dir, "backup", file); r.code != 1 || !strings.Contains(r.stderr, "--replace") {
		t.Errorf("backup over an older backup without --replace: exit %d, %q", r.code, r.stderr)
	}
	mustOK(t, yishi(t, "", "--data", dir, "backup", file, "--replace"))
	mustOK(t, yishi(t, "", "restore", file, "--data", filepath.Join(t.TempDir(), "again")))
}

// TestBackupKeepsOtherFiles: `yishi backup 花名册.csv` overwrote the roster with a backup; a file
// that is not a yishi backup is never replaced, --replace or not. A folder that does not exist
// is named, in Chinese.
func TestBackupKeepsOtherFiles(t *testing.T) {
	dir := demoDir(t)
	folder := t.TempDir()
	roster := filepath.Join(folder, "花名册.csv")
	want := "姓名,性别\n金昌义,男\n"
	if err := os.WriteFile(roster, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"backup", roster}, {"backup", roster, "--replace"}} {
		r := yishi(t, "", append([]string{"--data", dir}, args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, "不是 yishi 的备份") {
			t.Errorf("%v: exit %d, %q", args, r.code, r.stderr)
		}
		if got, _ := os.ReadFile(roster); string(got) != want {
			t.Fatalf("%v changed the roster file: %q", args, got)
		}
	}
	if entries, _ := os.ReadDir(folder); len(entries) != 1 {
		t.Errorf("a refused backup left %d files in the folder", len(entries))
	}
	missing := filepath.Join(folder, "没有这个文件夹", "b.yishi-backup")
	if r := yishi(t, "", "--data", dir, "backup", missing); r.code != 1 || !strings.Contains(r.stderr, "不存在") || strings.Contains(r.stderr, "no such") {
		t.Errorf("backup into a missing folder: exit %d, %q", r.code, r.stderr)
	}
}

func TestRestoreBadFiles(t *testing.T) {
	dir := demoDir(t)
	file := filepath.Join(t.TempDir(), "b.yishi-backup")
	mustOK(t, yishi(t, "", "--data", dir, "backup", file))
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	corrupt := bytes.Clone(good)
	corrupt[len(corrupt)/2] ^= 0x20
	newer := append([]byte("yishi-backup 9\n"), good[len("yishi-backup 1\n"):]...)
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"corrupted": {corrupt, "已损坏"},
		"truncated": {good[:len(good)/3], "已损坏"},
		"newer":     {newer, "请升级 yishi"},
		"json":      {[]byte(archiveJSON(t, dir)), "不是 yishi 的备份文件"},
	} {
		bad := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(bad, c.data, 0o600); err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(t.TempDir(), "yishi")
		r := yishi(t, "", "restore", bad, "--data", target)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) || !strings.Contains(r.stderr, "什么也没有恢复") {
			t.Errorf("%s: exit %d, stderr %q", name, r.code, r.stderr)
		}
		if _, err := os.Stat(target); !os.IsNotExist(err) {
			t.Errorf("%s: a refused restore created the data directory (%v)", name, err)
		}
		if entries, _ := os.ReadDir(filepath.Dir(target)); len(entries) != 0 {
			t.Errorf("%s: a refused restore left %d entries beside the data directory", name, len(entries))
		}
	}
	missing := filepath.Join(t.TempDir(), "nosuch")
	if r := yishi(t, "", "restore", missing, "--data", t.TempDir()); r.code != 1 || !strings.Contains(r.stderr, "读不到备份文件") {
		t.Errorf("a missing file: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestBackupRestoreUsage(t *testing.T) {
	dir := demoDir(t)
	for _, args := range [][]string{
		{"backup"},
		{"backup", "a", "b"},
		{"backup", "--nosuch", "a"},
		{"backup", t.TempDir()},
		{"restore"},
		{"restore", "a", "b"},
		{"restore", "--force=maybe", "a"},
	} {
		r := yishi(t, "", append([]string{"--data", dir}, args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, "yishi help") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	// A backup into a folder that does not exist fails, and writes nothing.
	nowhere := filepath.Join(t.TempDir(), "no", "such", "b.yishi-backup")
	if r := yishi(t, "", "--data", dir, "backup", nowhere); r.code != 1 || !strings.Contains(r.stderr, "不存在") {
		t.Errorf("backup into a missing folder: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Dir(nowhere)); !os.IsNotExist(err) {
		t.Error("a failed backup created a folder")
	}
	if r := mustOK(t, yishi(t, "", "help")); !strings.Contains(r.stdout, "yishi backup 文件") || !strings.Contains(r.stdout, "yishi restore 文件") {
		t.Errorf("help does not list backup and restore:\n%s", r.stdout)
	}
}

// TestBackupProgress: on a terminal, a backup that takes a while redraws one progress bar and
// ends it at 100%; a quick one stays quiet.
func TestBackupProgress(t *testing.T) {
	dir := demoDir(t)
	backup := func() string {
		var out, errOut bytes.Buffer
		code := Main(Env{
			Args:  []string{"--data", dir, "backup", filepath.Join(t.TempDir(), "b")},
			Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
			Getenv:     func(string) string { return "" },
			Now:        func() time.Time { return testkit.FixedNow },
			Open:       func(dir string) (core.Store, error) { return storage.Open(dir) },
			IsTerminal: func(any) bool { return true },
		})
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		return errOut.String()
	}
	defer func(d time.Duration) { progressDelay = d }(progressDelay)
	progressDelay = 0 // as if every step took long
	s := backup()
	if !strings.HasPrefix(s, "\r备份 [") || !strings.Contains(s, "] 100%  ") || !strings.Contains(s, " 条\n已备份到") {
		t.Errorf("progress: %q", s)
	}
	if strings.ContainsAny(s, "█░") {
		t.Errorf("the bar uses ambiguous-width block characters: %q", s)
	}
	progressDelay = time.Hour
	if s := backup(); strings.Contains(s, "\r") {
		t.Errorf("a quick backup drew a bar: %q", s)
	}
}

// TestBackupRefusesMissingOrEmptyArchive: a mistyped --data is not backed up as an empty archive.
func TestBackupRefusesMissingOrEmptyArchive(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo")
	out := filepath.Join(t.TempDir(), "b.yishi-backup")
	r := yishi(t, "", "--data", missing, "backup", out)
	if r.code != 1 || !strings.Contains(r.stderr, "不存在") {
		t.Errorf("missing directory: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("backing up a missing directory created it")
	}
	empty := t.TempDir()
	if r := yishi(t, "", "--data", empty, "backup", out); r.code != 1 || !strings.Contains(r.stderr, "没有可备份") {
		t.Errorf("empty archive: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused backup wrote a file")
	}
}
