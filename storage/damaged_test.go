package storage

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// archiveDir returns a closed data directory holding sampleArchive and bigArchive's
// statements in a table of their own (Close writes the memtable out).
func archiveDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s := openDir(t, dir)
	if err := s.Import(bigArchive(2000), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// files returns every file of dir but the log, with its bytes.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == LogName {
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

// sameFiles fails unless dir holds exactly the files of want, byte for byte (the log aside).
func sameFiles(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	got := files(t, dir)
	for name, b := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: gone", name)
		} else if !bytes.Equal(g, b) {
			t.Errorf("%s: changed", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: new", name)
		}
	}
}

func oneFile(t *testing.T, dir, pattern string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil || len(m) == 0 {
		t.Fatalf("no %s in %s", pattern, dir)
	}
	return m[0]
}

// damages are the ways a data directory gets damaged, each done to a closed directory.
var damages = []struct {
	name string
	do   func(t *testing.T, dir string)
}{
	{"a table cut in half", func(t *testing.T, dir string) {
		p := oneFile(t, dir, "*.sst")
		fi, _ := os.Stat(p)
		if err := os.Truncate(p, fi.Size()/2); err != nil {
			t.Fatal(err)
		}
	}},
	{"a table cut by its last byte", func(t *testing.T, dir string) {
		p := oneFile(t, dir, "*.sst")
		fi, _ := os.Stat(p)
		if err := os.Truncate(p, fi.Size()-1); err != nil {
			t.Fatal(err)
		}
	}},
	{"a table's index flipped", func(t *testing.T, dir string) {
		flip(t, oneFile(t, dir, "*.sst"), -200, 8)
	}},
	{"a table missing", func(t *testing.T, dir string) {
		if err := os.Remove(oneFile(t, dir, "*.sst")); err != nil {
			t.Fatal(err)
		}
	}},
	{"the MANIFEST cut in half", func(t *testing.T, dir string) {
		p := filepath.Join(dir, "MANIFEST")
		fi, _ := os.Stat(p)
		if err := os.Truncate(p, fi.Size()/2); err != nil {
			t.Fatal(err)
		}
	}},
	{"the MANIFEST cut to its first bytes", func(t *testing.T, dir string) {
		if err := os.Truncate(filepath.Join(dir, "MANIFEST"), 4); err != nil {
			t.Fatal(err)
		}
	}},
	{"the MANIFEST flipped", func(t *testing.T, dir string) {
		flip(t, filepath.Join(dir, "MANIFEST"), 12, 4)
	}},
}

// flip inverts n bytes of the file p from offset at (from the end when negative).
func flip(t *testing.T, p string, at, n int) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if at < 0 {
		at += len(b)
	}
	for i := at; i < at+n; i++ {
		b[i] ^= 0xff
	}
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestOpenDamaged damages a data directory in each way and opens it: Open reports a
// *DamagedError naming the directory in plain words, with no text of Badger's, and leaves every
// file as it was (Badger, left to itself, panics over a table cut short and deletes the tables
// a cut MANIFEST no longer names).
func TestOpenDamaged(t *testing.T) {
	src := archiveDir(t)
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "数据")
			if err := copyTree(src, dir); err != nil {
				t.Fatal(err)
			}
			d.do(t, dir)
			before := files(t, dir)
			s, err := Open(dir)
			if err == nil {
				s.Close()
				t.Fatal("a damaged directory opened")
			}
			var de *DamagedError
			if !errors.As(err, &de) || !errors.Is(err, ErrDamaged) || de.Dir != dir {
				t.Fatalf("Open: %v (%T); want a *DamagedError for %s", err, err, dir)
			}
			msg := strings.ReplaceAll(err.Error(), dir, "DIR")
			if !strings.Contains(msg, "DIR") || !strings.Contains(msg, "已损坏") ||
				strings.Contains(msg, "table") || strings.Contains(msg, "checksum") {
				t.Errorf("message %q", msg)
			}
			// The damaged file is named: a table, or the MANIFEST.
			want := "MANIFEST"
			if strings.Contains(d.name, "table") {
				want = ".sst"
			}
			if !strings.Contains(de.File, want) || !strings.Contains(msg, "文件 "+de.File+" ") {
				t.Errorf("the damaged file is not named: File %q, message %q", de.File, msg)
			}
			sameFiles(t, dir, before)
			log, _ := os.ReadFile(filepath.Join(dir, LogName))
			if !bytes.Contains(log, []byte(de.Cause.Error())) {
				t.Errorf("the log does not say why:\n%s", log)
			}
		})
	}
	// The undamaged directory opens.
	s, err := Open(src)
	if err != nil {
		t.Fatalf("the undamaged directory: %v", err)
	}
	s.Close()
}

// emptyVlog is the size of a value log holding no value, its header only: every open of an
// archive starts a new one and removes the one before it, if empty.
const emptyVlog = 20

// TestBadBlock flips bytes in a data block of a table, behind a sound footer: Open does not
// read the blocks, Verify and Backup do, and report a *DamagedError; the files stay as they were.
func TestBadBlock(t *testing.T) {
	dir := archiveDir(t)
	flip(t, oneFile(t, dir, "*.sst"), 64, 16)
	before := files(t, dir)
	s := openDir(t, dir)
	defer s.Close()
	bad := filepath.Base(oneFile(t, dir, "*.sst"))
	if err := s.Verify(); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "文件 "+bad+" ") {
		t.Errorf("Verify: %v; want ErrDamaged naming %s", err, bad)
	}
	var out bytes.Buffer
	if err := s.Backup(&out, nil); !errors.Is(err, ErrDamaged) || out.Len() != 0 {
		t.Errorf("Backup: %v, %d bytes written; want ErrDamaged and nothing", err, out.Len())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	delete(before, "/"+ReserveName)
	after := files(t, dir)
	for name, b := range before {
		if _, kept := after[name]; !kept && strings.HasSuffix(name, ".vlog") && len(b) <= emptyVlog {
			continue // an empty value log of an earlier session, which each open replaces
		}
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s: changed or gone", name)
		}
	}
	// An undamaged archive verifies.
	good := openDir(t, archiveDir(t))
	defer good.Close()
	if err := good.Verify(); err != nil {
		t.Errorf("Verify of an undamaged archive: %v", err)
	}
}

// TestRestoreAside writes an automatic backup, adds a village after it, damages the directory
// and restores the backup through RestoreDamaged: the archive opens with the backup's content,
// the backups folder came across, and every damaged file is byte-identical in the directory set
// aside.
func TestRestoreAside(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "数据")
	s := openDir(t, dir)
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	now := clock(11, 23, 21, 5)
	b, err := s.WriteAutoBackup(now.AddDate(0, 0, -1), nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	later := meeting.Village{Name: "备份之后的村"}
	if err := s.PutVillage(&later); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	flip(t, filepath.Join(dir, "MANIFEST"), 12, 4)
	damagedFiles := files(t, dir)

	aside, err := RestoreDamaged(dir, b.Path, now)
	if err != nil {
		t.Fatal(err)
	}
	if aside != dir+".damaged-20261123-210500" {
		t.Errorf("set aside at %s", aside)
	}
	sameFiles(t, aside, damagedFiles)
	s = openDir(t, dir)
	got, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	sameJSON(t, got, want)
	list, err := AutoBackups(dir)
	if err != nil || len(list) != 1 || filepath.Base(list[0].Path) != filepath.Base(b.Path) {
		t.Errorf("the backups in the restored directory: %v, %v", list, err)
	}
	// The damaged directory is still as it was, once more, after the restored one was opened.
	sameFiles(t, aside, damagedFiles)
}

// TestRestoreAsideFails gives RestoreDamaged a damaged backup: nothing is restored, and the
// damaged directory is back at its place, unchanged.
func TestRestoreAsideFails(t *testing.T) {
	dir := archiveDir(t)
	if err := os.Remove(oneFile(t, dir, "*.sst")); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yishi-backup")
	if err := os.WriteFile(bad, []byte("yishi-backup 1\n不完整"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := files(t, dir)
	aside, err := RestoreDamaged(dir, bad, clock(11, 23, 21, 5))
	if !errors.Is(err, ErrDamagedBackup) || aside != "" {
		t.Fatalf("RestoreDamaged with a damaged backup: %q, %v", aside, err)
	}
	sameFiles(t, dir, before)
	if _, err := os.Stat(dir + AsideSuffix + "20261123-210500"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the aside directory: %v", err)
	}
}

// BenchmarkVerifyBlocks is what Open spends checking every block of the township archive's
// tables (see verifyBlocks), beside the open of the read-only look it runs in.
func BenchmarkVerifyBlocks(b *testing.B) {
	dir := townshipDir(b)
	db, err := badger.Open(options(dir, quiet).WithReadOnly(true))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for b.Loop() {
		if err := verifyBlocks(dir, db); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(dirSize(b, dir))/(1<<20), "dir-MB")
}

// BenchmarkOpenTownship opens and closes the township archive's data directory.
func BenchmarkOpenTownship(b *testing.B) {
	dir := townshipDir(b)
	for b.Loop() {
		s, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRestoreOntoDamaged restores over a damaged directory, forced: refused as damaged (Badger
// would panic over the table cut short), and the directory is left as it was.
func TestRestoreOntoDamaged(t *testing.T) {
	var backup bytes.Buffer
	s := openMem(t)
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(&backup, nil); err != nil {
		t.Fatal(err)
	}
	dir := archiveDir(t)
	damages[0].do(t, dir)
	before := files(t, dir)
	if err := Restore(dir, &backup, true); !errors.Is(err, ErrDamaged) {
		t.Fatalf("restore over a damaged directory: %v; want ErrDamaged", err)
	}
	sameFiles(t, dir, before)
}

// BenchmarkInspect is what Open spends looking at the files before Badger opens them (inspect,
// under the shared lock), on BenchmarkOpen's directory.
func BenchmarkInspect(b *testing.B) {
	dir := b.TempDir()
	s := openDir(b, dir)
	if err := s.Import(bigArchive(5000), nil); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := look(dir); err != nil {
			b.Fatal(err)
		}
	}
}
