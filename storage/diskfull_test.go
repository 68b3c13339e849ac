package storage

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"yishi/meeting"
)

// smallDisk mounts a tmpfs of size (as mount's size option: 96m) at a new directory and
// returns it; it skips the test where mounting is not allowed (not root, no tmpfs).
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("mounts a file system")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small disk here (needs root): %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file in dir until the disk has about leave bytes free, and returns its path.
func fill(t *testing.T, dir string, leave uint64) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 1<<20)
	for {
		free, ok := freeBytes(dir)
		if !ok {
			t.Fatal("cannot tell free space")
		}
		if free <= leave {
			return path
		}
		n := min(uint64(len(chunk)), free-leave)
		if _, err := f.Write(chunk[:n]); err != nil {
			if errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "no space") {
				t.Fatal(err)
			}
			return path
		}
	}
}

// TestDiskFull records on a small disk, fills it, and checks that a write is refused with a
// plain message and writes nothing, that what was saved stays readable, and that recording goes
// on once space is freed, also after reopening.
func TestDiskFull(t *testing.T) {
	disk := smallDisk(t, "160m")
	dir := filepath.Join(disk, "yishi")
	s := openDir(t, dir)
	t.Cleanup(func() { s.Close() }) // before the disk is unmounted, also when the test fails
	v := village("阿北村")
	if err := s.PutVillage(&v); err != nil {
		t.Fatal(err)
	}
	m := consultation(v.ID, "夜话乡村：东头排水", clock(11, 20, 19, 30))
	if err := s.PutMeeting(&m); err != nil {
		t.Fatal(err)
	}
	var want []string
	say := func(text string) error {
		st := statement(m.ID, clock(11, 20, 19, 40), "王秀英", text)
		err := s.AppendStatement(&st)
		if err == nil {
			want = append(want, text)
		}
		return err
	}
	for i := range 20 {
		if err := say(killText(0, i, false)); err != nil {
			t.Fatal(err)
		}
	}

	filler := fill(t, disk, Reserve/2)
	err := say("这一句在磁盘满的时候说")
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("append on a full disk: %v; want ErrDiskFull", err)
	}
	if !strings.Contains(err.Error(), "磁盘空间不足") || !strings.Contains(err.Error(), "腾出空间") {
		t.Errorf("message %q does not say what to do", err)
	}
	d := meeting.StatementDraft{MeetingID: m.ID, Item: 1, Speaker: meeting.Ref{Name: "王秀英"}, Text: "半句", Step: "text"}
	if err := s.PutDraft(d); !errors.Is(err, ErrDiskFull) {
		t.Errorf("draft on a full disk: %v; want ErrDiskFull", err)
	}
	if got := texts(t, s, m.ID); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("on a full disk the meeting has %d statements; want the %d saved before", len(got), len(want))
	}

	// The disk fills right up (another program); the store still refuses, and does not crash.
	fill(t, disk, 0)
	if err := say("磁盘一点都不剩了"); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("append on a disk with no room: %v; want ErrDiskFull", err)
	}

	// Closed on the full disk (Badger writes its memtable out: the reserve file gives it room)
	// and opened again: a plain message, not Badger's, nor SIGBUS.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err == nil || !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "腾出") {
		t.Errorf("open on a full disk: %v; want a plain ErrDiskFull", err)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openDir(t, dir)
	if err := say("腾出空间以后接着记"); err != nil {
		t.Fatalf("append after space was freed: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openDir(t, dir)
	if err := say("重新打开以后也能记"); err != nil {
		t.Fatal(err)
	}
	if got := texts(t, s, m.ID); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("after freeing space and reopening: %d statements; want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
}

// texts returns the texts of the statements of meeting id, in order.
func texts(t *testing.T, s *Store, id meeting.ID) []string {
	t.Helper()
	stmts, err := s.Statements(id)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(stmts))
	for i, st := range stmts {
		out[i] = st.Text
	}
	return out
}
