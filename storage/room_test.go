package storage

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRestoreDiskFull restores a backup onto a disk without room: refused with the plain
// ErrDiskFull message before anything is written, and the target is not created.
func TestRestoreDiskFull(t *testing.T) {
	var backup bytes.Buffer
	s := openMem(t)
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(&backup, nil); err != nil {
		t.Fatal(err)
	}
	disk := smallDisk(t, "96m")
	dir := filepath.Join(disk, "yishi")
	filler := fill(t, disk, Reserve/2)
	err := Restore(dir, bytes.NewReader(backup.Bytes()), false)
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "腾出空间") {
		t.Fatalf("restore on a full disk: %v; want ErrDiskFull", err)
	}
	entries, _ := os.ReadDir(disk)
	if len(entries) != 1 || entries[0].Name() != filepath.Base(filler) {
		t.Errorf("the disk holds %v; want only the filler", entries)
	}
	// With room again, the same restore goes through.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if err := Restore(dir, bytes.NewReader(backup.Bytes()), false); err != nil {
		t.Fatal(err)
	}
}

// TestImportDiskFull fills the disk while an import runs (another program): the import looks at
// the free space as it goes, stops with ErrDiskFull, and leaves the directory empty.
func TestImportDiskFull(t *testing.T) {
	disk := smallDisk(t, "160m")
	dir := filepath.Join(disk, "yishi")
	s := openDir(t, dir)
	t.Cleanup(func() { s.Close() })
	var filler string
	testHookImport = func(done int) error {
		if done == roomEvery+1 && filler == "" {
			filler = fill(t, disk, Reserve/2)
		}
		return nil
	}
	t.Cleanup(func() { testHookImport = nil })
	err := s.Import(bigArchive(3*roomEvery), nil)
	if !errors.Is(err, ErrDiskFull) || !errors.Is(err, ErrIncompleteImport) {
		t.Fatalf("import while the disk fills: %v; want ErrDiskFull and ErrIncompleteImport", err)
	}
	if filler == "" {
		t.Fatal("the disk was never filled")
	}
	if empty, err := s.Empty(); err != nil || !empty {
		t.Errorf("after the refused import: empty %v, %v", empty, err)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	testHookImport = nil
	if err := s.Import(bigArchive(3*roomEvery), nil); err != nil {
		t.Fatalf("import with room again: %v", err)
	}
}
