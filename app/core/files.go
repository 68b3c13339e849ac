package core

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"yishi/storage"
)

// fileWriter marks the errors of writing the file itself, so they are told apart from those
// of what is being written.
type fileWriter struct{ w io.Writer }

type fileError struct{ err error }

func (e *fileError) Error() string { return e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

func (f *fileWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err != nil {
		err = &fileError{err}
	}
	return n, err
}

// WriteFileAtomic writes a file through a partial file in the same folder, synced and renamed
// (storage.WriteFile), so a power cut leaves the old file or the new one, never half of it. What
// stands in the way is said in plain words: a folder given for the file, a folder missing, no
// right to write there.
func WriteFileAtomic(path string, data []byte) error {
	return WriteFileWith(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFileWith is WriteFileAtomic for content that write streams out, so that a large file is
// never held in memory: the file appears whole, or not at all.
func WriteFileWith(path string, write func(w io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s 是一个文件夹：请写文件名，例如 %s", path, filepath.Join(path, "导出.md"))
	}
	folder := filepath.Dir(path)
	if fi, err := os.Stat(folder); err != nil || !fi.IsDir() {
		return fmt.Errorf("文件夹 %s 不存在：请先建好这个文件夹，或换一个位置", folder)
	}
	// An error of write's own (the archive could not be read) is passed on as it is; one of
	// the file is said in words of the folder.
	var own error
	_, err := storage.WriteFile(path, func(w io.Writer) error {
		own = write(&fileWriter{w: w})
		return own
	})
	var fe *fileError
	switch {
	case err == nil:
		return nil
	case err == own && !errors.As(err, &fe):
		return err
	}
	return FolderProblem(folder, err)
}

// FolderProblem says in plain words why a file could not be written into folder, which is
// there: no right to write in it, a full disk, a read-only disk, or a folder that takes no new
// file (as /proc's). Go's text, which names the partial file, is left out.
func FolderProblem(folder string, err error) error {
	switch {
	case errors.Is(err, os.ErrPermission):
		return fmt.Errorf("没有在文件夹 %s 里写文件的权限：请换一个位置", folder)
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("文件夹 %s 所在的磁盘满了：请腾出空间，或换一个位置", folder)
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("文件夹 %s 在只读的磁盘上（写保护的 U 盘、光盘）：请换一个位置", folder)
	}
	return fmt.Errorf("文件夹 %s 里写不进新文件（它可能不是普通的文件夹，或者磁盘出了问题）：请换一个位置", folder)
}
