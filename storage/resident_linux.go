package storage

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// Badger reads its tables and value logs through shared read mappings of the files. A page of a
// mapping read once stays resident in the process until the system needs the memory, so a
// command that reads the whole archive (export, verify, a listing across villages) would show a
// resident size that grows with the archive, up to its size on disk, although the pages are the
// system's file cache and cost nothing to drop. trimResident has them reclaimed (they come back
// from the file when read again) every trimEvery records read,
// so what reading holds is the records in hand, whatever the archive's size.

// trimEvery is how many records are read between two trims: some megabytes of values.
const trimEvery = 2048

var (
	readSinceTrim atomic.Int64
	trimMu        sync.Mutex
)

// readRecord counts a record read, and trims the mapped files every trimEvery of them.
func readRecord() {
	if readSinceTrim.Add(1)%trimEvery == 0 {
		trimResident()
	}
}

// trimResident asks the system to reclaim the pages of the shared mappings of Badger's table
// and value-log files (MADV_PAGEOUT, Linux 5.4): the process's pages go, the files' data stays
// (written back first when dirty). It is reclaim, never discard: a range that was unmapped and
// reused after /proc/self/maps was read (a table dropped by a compaction) loses nothing either,
// where MADV_DONTNEED would zero what the heap had put there. Mappings of anything else (the
// memtables' .mem files among them) are left alone; an older kernel or a failure only leaves
// pages resident.
func trimResident() {
	if !trimMu.TryLock() {
		return // another read is trimming: once is enough
	}
	defer trimMu.Unlock()
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 7f2c1c000000-7f2c1d000000 r--s 00000000 08:01 1234 /data/000001.sst
		fields := bytes.Fields(sc.Bytes())
		if len(fields) < 6 || len(fields[1]) < 4 || fields[1][3] != 's' {
			continue
		}
		path := fields[len(fields)-1]
		if !bytes.HasSuffix(path, []byte(".sst")) && !bytes.HasSuffix(path, []byte(".vlog")) {
			continue
		}
		from, to, ok := bytes.Cut(fields[0], []byte("-"))
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(string(from), 16, 64)
		end, err2 := strconv.ParseUint(string(to), 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		// The range is the mapping's own, as the kernel lists it: no Go memory is touched.
		_, _, _ = unix.Syscall(unix.SYS_MADVISE, uintptr(start), uintptr(end-start), unix.MADV_PAGEOUT)
	}
}

// whileTrimming runs fn, trimming the mapped files every trimPeriod until it returns: for reads
// inside Badger (its checksum pass, its backup stream) that do not go through readRecord.
func whileTrimming(fn func() error) error {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(trimPeriod)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				trimResident()
			}
		}
	}()
	err := fn()
	close(done)
	<-stopped
	return err
}

// trimPeriod is how often whileTrimming trims: Badger reads some tens of megabytes in it.
const trimPeriod = 20 * time.Millisecond
