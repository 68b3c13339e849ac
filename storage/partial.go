package storage

import (
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Partial files.
//
// A file yishi writes whole (a backup, an export, the copy of a backup being restored) is first
// written under a hidden name beside its final one, .yishi-*.partial, and renamed into place
// once complete and synced: a power cut leaves the old file or the new one, never half of one.
// A writer killed mid-way (kill -9, a closed lid that never woke) leaves its partial file behind,
// as large as what it had written. The writer holds an exclusive lock on the file while it
// writes, so that the next writer into the same folder can tell a partial file nobody is writing
// any more, and remove it, from one another yishi is still writing.

const (
	partialPrefix = ".yishi-"
	partialSuffix = ".partial"
)

// createPartial makes a partial file in dir, locked for writing, after removing the partial
// files left there by writers that are gone.
func createPartial(dir string) (*os.File, error) {
	RemoveStalePartials(dir)
	f, err := os.CreateTemp(dir, partialPrefix+"*"+partialSuffix)
	if err != nil {
		return nil, err
	}
	lockPartial(f)
	return f, nil
}

// RemoveStalePartials removes from dir the partial files whose writer is gone (its lock on the
// file is free), and returns their names. A file another process is still writing is left, and
// so is anything else.
func RemoveStalePartials(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, partialPrefix) || !strings.HasSuffix(name, partialSuffix) {
			continue
		}
		path := filepath.Join(dir, name)
		if stalePartial(path) && os.Remove(path) == nil {
			removed = append(removed, path)
		}
	}
	return removed
}

// WriteFile writes the file at path through a partial file beside it: write fills it, and
// only when it has, is synced and closed, is it renamed to path. Whatever fails, path is left as
// it was and the partial file is removed. It returns the size written.
func WriteFile(path string, write func(w io.Writer) error) (int64, error) {
	f, err := createPartial(filepath.Dir(path))
	if err != nil {
		return 0, err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	var size int64
	if err == nil {
		var fi os.FileInfo
		if fi, err = f.Stat(); err == nil {
			size = fi.Size()
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, err
	}
	syncDir(filepath.Dir(path))
	return size, nil
}
