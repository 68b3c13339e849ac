package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrDiskFull is reported (as a *DiskFullError) when the disk of the data directory is too
// full to write safely: nothing was written, and what was saved before is all there.
var ErrDiskFull = errors.New("磁盘空间不足，这次没有保存：请删除不需要的文件腾出空间后再试一次，已保存的内容都在")

// Reserve is the free space a write needs on the data directory's disk. Badger maps its log
// files into memory at their full size (a memtable's log is 2×8 MB, a value log 16 MB) and
// fills them later: on a disk with less room than that, a write would not fail with an error,
// the process would die of SIGBUS. So the store refuses to write well before the disk is full.
const Reserve = 64 << 20

// DiskFullError reports that the disk holding Dir has only Free bytes left, too few to open
// the directory (Open) or to write.
type DiskFullError struct {
	Dir  string
	Free uint64
	Open bool // the directory could not be opened (else a write was refused)
}

func (e *DiskFullError) Error() string {
	if e.Open {
		return fmt.Sprintf("磁盘空间不足（%s 所在的磁盘只剩 %.1f MB），打不开数据目录：请删除不需要的文件腾出至少 %d MB 后再打开，数据没有被改动",
			e.Dir, float64(e.Free)/(1<<20), Reserve>>20)
	}
	return fmt.Sprintf("磁盘空间不足（%s 所在的磁盘只剩 %.1f MB，至少要留 %d MB），这次没有保存：请删除不需要的文件腾出空间后再试一次，已保存的内容都在",
		e.Dir, float64(e.Free)/(1<<20), Reserve>>20)
}

// Is makes errors.Is(err, ErrDiskFull) hold.
func (e *DiskFullError) Is(target error) bool { return target == ErrDiskFull }

// roomToWrite reports a *DiskFullError when the data directory's disk has less than Reserve
// free; an in-memory store, or a system that cannot tell, always has room.
func (s *Store) roomToWrite() error {
	if s.dir == "" {
		return nil
	}
	free, ok := freeBytes(s.dir)
	if !ok || free >= Reserve {
		return nil
	}
	return &DiskFullError{Dir: s.dir, Free: free}
}

// ReserveName is the file in the data directory that holds disk space back for closing and
// opening: Badger writes its last memtable out as a table when it closes, and replays its log
// into one when it opens after a crash, through files mapped into memory. On a full disk either
// would kill the process with SIGBUS. The store keeps this much space taken while it runs and
// gives it back to Badger at those two moments.
const ReserveName = "yishi.reserve"

// reserveSize is the size of the reserve file: more than a memtable's table (8 MB) with room.
const reserveSize = 32 << 20

// keepReserve takes reserveSize bytes in dir's reserve file when it is missing and the disk has
// room beyond Reserve for it. Failing that is not an error: the reserve is a precaution.
func keepReserve(dir string) {
	path := filepath.Join(dir, ReserveName)
	if fi, err := os.Stat(path); err == nil && fi.Size() >= reserveSize {
		return
	}
	if free, ok := freeBytes(dir); !ok || free < Reserve+reserveSize {
		return
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	err = allocate(f, reserveSize)
	if cerr := f.Close(); err != nil || cerr != nil {
		os.Remove(path)
	}
}

// releaseReserve gives the reserve file's space back, when the disk has less than Reserve free.
// It returns the free space then.
func releaseReserve(dir string) (free uint64, known bool) {
	free, known = freeBytes(dir)
	if !known || free >= Reserve {
		return free, known
	}
	if os.Remove(filepath.Join(dir, ReserveName)) == nil {
		free, known = freeBytes(dir)
	}
	return free, known
}
