package storage

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"yishi/meeting"
)

// helperDir, set in the environment of a child test process, is the data directory
// TestHelperProcess writes to.
const helperDir = "YISHI_STORAGE_HELPER_DIR"

// crashText is the text of the i-th statement the helper process appends.
func crashText(i int) string {
	return fmt.Sprintf("第 %d 条发言：村口的路灯坏了三盏，晚上看不见路，请村里尽快修好。", i)
}

// TestHelperProcess is not a test: run as a child process by TestAppendSurvivesKill, it opens
// the directory named in its environment, creates a meeting and appends statements until it
// is killed, writing "meetingID" first, then "statementID i" for every append that returned.
func TestHelperProcess(t *testing.T) {
	dir := os.Getenv(helperDir)
	if dir == "" {
		t.Skip("only run as a child of TestAppendSurvivesKill")
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	s, err := Open(dir)
	if err != nil {
		fail(err)
	}
	v := village("阿北村")
	if err := s.PutVillage(&v); err != nil {
		fail(err)
	}
	m := consultation(v.ID, "夜话乡村：路灯", clock(11, 20, 19, 30))
	if err := s.PutMeeting(&m); err != nil {
		fail(err)
	}
	// os.Stdout is not buffered: each line is written before the next append starts.
	fmt.Println(m.ID)
	for i := 1; i <= 1_000_000; i++ {
		st := statement(m.ID, clock(11, 20, 19, 31), "王秀英", crashText(i))
		if err := s.AppendStatement(&st); err != nil {
			fail(err)
		}
		if _, err := fmt.Println(st.ID, i); err != nil {
			fail(err) // the parent is gone
		}
	}
	os.Exit(0)
}

// TestAppendSurvivesKill kills a process appending statements (SIGKILL, no chance to close the
// store) and checks that every statement whose append had returned is there after reopening.
func TestAppendSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperDir+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	next := func() []string {
		t.Helper()
		if !lines.Scan() {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child stopped early: %v", lines.Err())
		}
		return strings.Fields(lines.Text())
	}
	mid, err := strconv.ParseUint(next()[0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	const acknowledged = 300
	acked := map[meeting.ID]string{}
	for range acknowledged {
		f := next()
		id, err1 := strconv.ParseUint(f[0], 10, 64)
		i, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil {
			t.Fatalf("child wrote %q", f)
		}
		acked[meeting.ID(id)] = crashText(i)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait() // reports the kill

	s := openDir(t, dir)
	defer s.Close()
	got, err := s.Statements(meeting.ID(mid))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < acknowledged {
		t.Errorf("%d statements after the kill; %d were acknowledged", len(got), acknowledged)
	}
	found := map[meeting.ID]string{}
	for _, st := range got {
		found[st.ID] = st.Text
	}
	for id, text := range acked {
		if found[id] != text {
			t.Errorf("statement %d: %q after the kill; want %q", id, found[id], text)
		}
	}
	// The store goes on where it stopped.
	st := statement(meeting.ID(mid), clock(11, 20, 21, 0), "张建国", "散会。")
	if err := s.AppendStatement(&st); err != nil {
		t.Fatal(err)
	}
	if want := meeting.ID(len(got) + 1); st.ID != want {
		t.Errorf("next statement ID %d; want %d", st.ID, want)
	}
}
