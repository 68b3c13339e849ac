//go:build unix

package storage

import (
	"os"
	"os/exec"
	"testing"

	"golang.org/x/sys/unix"
)

// TestOpenWaitsForAChildsLock is the screens opening the archive while Bubble Tea starts a child
// process ("tmux info"): the child shares the lock this process took on the data directory (for
// its read-only look) until it runs its program, for moments after this process let go. Open
// waits for it, and does not report the archive as used by another yishi.
func TestOpenWaitsForAChildsLock(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep program to stand for the child process")
	}
	dir := t.TempDir()
	if err := openDir(t, dir).Close(); err != nil {
		t.Fatal(err)
	}
	d, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(d.Fd()), unix.LOCK_SH|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	child := exec.Command(sleep, "3600")
	child.ExtraFiles = []*os.File{d} // what a child has between fork and exec
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	d.Close() // this process lets go; the child still holds the lock
	ended := false
	end := func() {
		if !ended {
			ended = true
			child.Process.Kill()
			child.Wait()
		}
	}
	t.Cleanup(end)
	waits := 0
	lockWaited = func() { waits++; end() } // the child runs its program: the lock is free
	t.Cleanup(func() { lockWaited = nil })

	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open while a child held the lock for moments: %v", err)
	}
	defer s.Close()
	if waits == 0 {
		t.Error("Open never found the lock taken: the test did not test the wait")
	}
}
