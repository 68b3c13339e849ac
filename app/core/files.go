package core

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"yishi/storage"
)

// WriteFileAtomic writes a file through a partial file in the same folder, synced and renamed
// (storage.WriteFile), so a power cut leaves the old file or the new one, never half of it. What
// stands in the way is said in plain words: a folder given for the file, a folder missing, no
// right to write there.
func WriteFileAtomic(path string, data []byte) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s 是一个文件夹：请写文件名，例如 %s", path, filepath.Join(path, "导出.md"))
	}
	folder := filepath.Dir(path)
	if fi, err := os.Stat(folder); err != nil || !fi.IsDir() {
		return fmt.Errorf("文件夹 %s 不存在：请先建好这个文件夹，或换一个位置", folder)
	}
	_, err := storage.WriteFile(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, os.ErrPermission):
		return fmt.Errorf("没有在文件夹 %s 里写文件的权限：请换一个位置", folder)
	}
	return fmt.Errorf("请检查文件夹 %s 能否写入、磁盘是否已满（%v）", folder, err)
}
