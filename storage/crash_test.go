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
// TestHelperProcess writes to; helperMode says what it writes: statements ("" or "append") or
// the draft of one statement ("draft").
const (
	helperDir  = "YISHI_STORAGE_HELPER_DIR"
	helperMode = "YISHI_STORAGE_HELPER_MODE"
)

// crashText is the text of the i-th statement the helper process appends.
func crashText(i int) string {
	return fmt.Sprintf("第 %d 条发言：村口的路灯坏了三盏，晚上看不见路，请村里尽快修好。", i)
}

// TestHelperProcess is not a test: run as a child process by TestAppendSurvivesKill and
// TestDraftSurvivesKill, it opens the directory named in its environment, creates a meeting and
// writes until it is killed, writing "meetingID" first, then a line for every write that
// returned. It appends statements ("statementID i"), or, in draft mode, records the meeting as
// the current one and saves the draft of one statement again and again as if typed, its text
// crashText(i) ("i").
func TestHelperProcess(t *testing.T) {
	dir := os.Getenv(helperDir)
	if dir == "" {
		t.Skip("only run as a child of TestAppendSurvivesKill or TestDraftSurvivesKill")
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
	draft := os.Getenv(helperMode) == "draft"
	if draft {
		if err := s.SetCurrent(m.ID); err != nil {
			fail(err)
		}
	}
	// os.Stdout is not buffered: each line is written before the next write starts.
	fmt.Println(uint64(m.ID))
	for i := 1; i <= 1_000_000; i++ {
		if draft {
			d := meeting.StatementDraft{MeetingID: m.ID, Item: 1, Speaker: meeting.Ref{Name: "王秀英"},
				Kind: meeting.Concern, Text: crashText(i), Step: "text", Updated: clock(11, 20, 19, 31)}
			if err := s.PutDraft(d); err != nil {
				fail(err)
			}
			if _, err := fmt.Println(i); err != nil {
				fail(err) // the parent is gone
			}
			continue
		}
		st := statement(m.ID, clock(11, 20, 19, 31), "王秀英", crashText(i))
		if err := s.AppendStatement(&st); err != nil {
			fail(err)
		}
		if _, err := fmt.Println(uint64(st.ID), i); err != nil {
			fail(err) // the parent is gone
		}
	}
	os.Exit(0)
}

// helper starts TestHelperProcess in mode on dir. next returns the fields of the child's next
// line; kill kills the child with SIGKILL, giving it no chance to close the store.
func helper(t *testing.T, dir, mode string) (next func() []string, kill func()) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperDir+"="+dir, helperMode+"="+mode)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	kill = func() {
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait() // reports the kill
	}
	lines := bufio.NewScanner(out)
	next = func() []string {
		t.Helper()
		if !lines.Scan() {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child stopped early: %v", lines.Err())
		}
		return strings.Fields(lines.Text())
	}
	return next, kill
}

// TestAppendSurvivesKill kills a process appending statements (SIGKILL, no chance to close the
// store) and checks that every statement whose append had returned is there after reopening.
func TestAppendSurvivesKill(t *testing.T) {
	dir := t.TempDir()
	next, kill := helper(t, dir, "append")
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
	kill()

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
	if want := meeting.ID(mid).Sibling(uint32(len(got) + 1)); st.ID != want {
		t.Errorf("next statement ID %d; want %d", st.ID, want)
	}
}

// TestDraftSurvivesKill kills a process saving the draft of a statement as it is typed
// (SIGKILL) and checks that the draft after reopening is the last one acknowledged or a later
// one, never older, and that the meeting being recorded is still the current one.
func TestDraftSurvivesKill(t *testing.T) {
	dir := t.TempDir()
	next, kill := helper(t, dir, "draft")
	mid, err := strconv.ParseUint(next()[0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	last := 0
	for range 300 {
		f := next()
		i, err := strconv.Atoi(f[0])
		if err != nil || i != last+1 {
			t.Fatalf("child wrote %q after %d", f, last)
		}
		last = i
	}
	kill()

	s := openDir(t, dir)
	defer s.Close()
	d, found, err := s.Draft(meeting.ID(mid))
	if err != nil || !found {
		t.Fatalf("Draft after the kill: found %v, %v", found, err)
	}
	var i int
	if _, err := fmt.Sscanf(d.Text, "第 %d 条发言", &i); err != nil || d.Text != crashText(i) {
		t.Fatalf("draft text after the kill: %q", d.Text)
	}
	if i < last {
		t.Errorf("draft %d after the kill; %d was acknowledged", i, last)
	}
	if d.MeetingID != meeting.ID(mid) || d.Speaker.Name != "王秀英" || d.Kind != meeting.Concern || d.Step != "text" {
		t.Errorf("draft after the kill: %+v", d)
	}
	if cur, err := s.Current(); err != nil || cur != meeting.ID(mid) {
		t.Errorf("Current() after the kill = %d, %v; want %d", cur, err, mid)
	}
}
