package storage

import (
	"errors"
	"fmt"
)

// The errors a caller tells apart. Their text is what the user reads: plain Chinese saying what
// to do next. Test for them with errors.Is.
var (
	// ErrLocked is reported (as a *LockedError naming the directory) when another process has
	// the data directory open.
	ErrLocked = errors.New("数据目录正被另一个 yishi 使用：请先关闭另一个窗口里的 yishi，再重试")

	// ErrNewer is reported (as a *NewerError giving the versions) when the data directory, or a
	// record in it, was written by a newer yishi.
	ErrNewer = errors.New("这个数据目录由更新版本的 yishi 写入：请升级 yishi 后再打开；数据没有被改动")

	// ErrNotFound is reported, wrapped with the kind and ID of the record, when a record is missing.
	ErrNotFound = errors.New("找不到这条记录")

	// ErrCopy refuses a change to a village the archive holds as a copy (collected from its
	// bundle): it is read here and recorded at the village.
	ErrCopy = errors.New("这个村的档案是从村里收来的副本，只能查看，不能在这里记录或修改：请在村里自己的电脑上记录，再把导出文件交来更新")
	// ErrNotEmpty is reported when an import or the demo village would write into a data
	// directory that already holds records.
	ErrNotEmpty = errors.New("数据目录里已经有数据：演示村只能载入空的数据目录，请用 --data 指定一个新目录")

	// ErrIncompleteImport is reported, with its cause, when an import stopped halfway; what it
	// had written has been removed again, so the data directory is empty as before.
	ErrIncompleteImport = errors.New("导入没有完成，数据目录已恢复为空：请检查导入文件后重新导入")
)

// LockedError reports that another process holds the data directory Dir. It matches ErrLocked.
type LockedError struct {
	Dir string
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("数据目录 %s 正被另一个 yishi 使用：请先关闭另一个窗口里的 yishi，再重试", e.Dir)
}

// Is makes errors.Is(err, ErrLocked) hold.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// NewerError reports that data was written with schema Version while this program knows only
// up to Known. It matches ErrNewer.
type NewerError struct {
	Version, Known int
}

func (e *NewerError) Error() string {
	return fmt.Sprintf("这个数据目录由更新版本的 yishi 写入（格式版本 %d，本程序只认识到 %d）：请升级 yishi 后再打开；数据没有被改动",
		e.Version, e.Known)
}

// Is makes errors.Is(err, ErrNewer) hold.
func (e *NewerError) Is(target error) bool { return target == ErrNewer }

// failure is an error from below (Badger, the file system) told in plain words: Error gives
// only the Chinese message, Unwrap gives the cause, and the Store writes both to yishi.log
// before handing the error back (see Store.report).
type failure struct {
	msg string
	err error
}

func (f *failure) Error() string { return f.msg }
func (f *failure) Unwrap() error { return f.err }

// Messages of failures.
const (
	msgRead     = "读取数据失败：请关闭 yishi 后重新打开；如果还不行，请用备份恢复（yishi restore）"
	msgWrite    = "保存失败：请检查磁盘是否已满、数据目录能否写入，然后再试一次"
	msgConflict = "保存失败：同一时间有别的修改，请再试一次"
	msgTooBig   = "这次要保存的内容太多，一次存不下：请分几次保存"
	msgCorrupt  = "记录已损坏：请用备份恢复（yishi restore），并把数据目录里的 yishi.log 交给维护人员"
	msgClosed   = "数据目录已经关闭：请重新打开 yishi"
)

// fail wraps err, a cause from below, into a failure with the message msg.
func fail(msg string, err error) error { return &failure{msg: msg, err: err} }
