package storage

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"yishi/meeting"
)

// The recording loop of TestRecordingSurvivesKills runs in a child process (TestRecordingChild)
// that writes through the calls the recording screen makes, printing a line for every write
// that returned; the parent kills it with SIGKILL after a random number of them, reopens the
// archive and checks it against what was acknowledged, again and again on the same directory.
const (
	childDir = "YISHI_STORAGE_RECORDING_DIR"
	childRun = "YISHI_STORAGE_RECORDING_RUN"
)

// killText is the text of statement i of child run r; edited, it gains a mark.
func killText(r, i int, edited bool) string {
	s := fmt.Sprintf("第 %d-%d 条：东头那段路一下雨就积水，老人孩子出门不方便，建议先把排水沟疏通。", r, i)
	if edited {
		s += "（已更正）"
	}
	return s
}

// TestRecordingChild is not a test: TestRecordingSurvivesKills runs it as a child. It records
// into the archive named in its environment as the recording screen does, forever: the draft as
// it is typed, the statement and the draft's removal in one transaction, now and then an edit or
// a deletion of the statement just written, and an item added with its first statement in one
// transaction. Each acknowledged write prints a line:
//
//	m <meeting>                 the meeting being recorded
//	d <run> <i> <n>             draft of statement i, first n runes
//	s <id> <run> <i> <item>     statement appended
//	e <id> <run> <i>            statement edited
//	x <id>                      statement deleted
func TestRecordingChild(t *testing.T) {
	dir := os.Getenv(childDir)
	if dir == "" {
		t.Skip("only run as a child of TestRecordingSurvivesKills")
	}
	run, _ := strconv.Atoi(os.Getenv(childRun))
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ack := func(f string, a ...any) {
		if _, err := fmt.Printf(f+"\n", a...); err != nil {
			os.Exit(3) // the parent is gone
		}
	}
	s, err := Open(dir)
	if err != nil {
		fail(err)
	}
	vs, err := s.Villages()
	if err != nil {
		fail(err)
	}
	var m meeting.Meeting
	if len(vs) == 0 {
		v := village("阿北村")
		if err := s.PutVillage(&v); err != nil {
			fail(err)
		}
		m = consultation(v.ID, "夜话乡村：东头排水", clock(11, 20, 19, 30))
		if err := s.Update(func(tx *Tx) error {
			if err := tx.PutMeeting(&m); err != nil {
				return err
			}
			return tx.SetCurrent(m.ID)
		}); err != nil {
			fail(err)
		}
	} else {
		ms, err := s.Meetings(vs[0].ID)
		if err != nil || len(ms) != 1 {
			fail(fmt.Errorf("meetings: %d, %v", len(ms), err))
		}
		m = ms[0]
	}
	ack("m %d", uint64(m.ID))
	at := clock(11, 20, 19, 31)
	for i := 1; ; i++ {
		text := []rune(killText(run, i, false))
		for _, n := range []int{len(text) / 3, len(text)} {
			d := meeting.StatementDraft{MeetingID: m.ID, Item: len(m.Items), Speaker: meeting.Ref{Name: "王秀英"},
				Kind: meeting.Concern, Text: string(text[:n]), Step: "text", Updated: at}
			if err := s.PutDraft(d); err != nil {
				fail(err)
			}
			ack("d %d %d %d", run, i, n)
		}
		st := statement(m.ID, at, "王秀英", string(text))
		newItem := i%7 == 0
		if err := s.Update(func(tx *Tx) error {
			st.ID = 0
			cur, err := tx.Meeting(m.ID)
			if err != nil {
				return err
			}
			if newItem {
				cur.Items = append(cur.Items, meeting.Item{N: len(cur.Items) + 1, Title: fmt.Sprintf("临时动议 %d-%d", run, i)})
				if err := tx.PutMeeting(&cur); err != nil {
					return err
				}
			}
			st.Item = len(cur.Items)
			if err := tx.AppendStatement(&st); err != nil {
				return err
			}
			m = cur
			return tx.DeleteDraft(m.ID)
		}); err != nil {
			fail(err)
		}
		ack("s %d %d %d %d", uint64(st.ID), run, i, st.Item)
		switch {
		case edits(i):
			st.Text = killText(run, i, true)
			if err := s.PutStatement(st); err != nil {
				fail(err)
			}
			ack("e %d %d %d", uint64(st.ID), run, i)
		case deletes(i):
			if err := s.DeleteStatement(m.ID, st.ID); err != nil {
				fail(err)
			}
			ack("x %d", uint64(st.ID))
		}
	}
}

// edits and deletes are what the child does to statement i once it is written: it edits every
// fifth, and deletes every ninth that it does not edit.
func edits(i int) bool   { return i%5 == 0 }
func deletes(i int) bool { return i%9 == 0 && !edits(i) }

// acked is what the children acknowledged, across every run.
type acked struct {
	meeting meeting.ID
	texts   map[meeting.ID]string // statements: their last acknowledged text
	deleted map[meeting.ID]bool
	items   map[meeting.ID]int // statements: their item
	writes  int
	draft   string // the last draft acknowledged, "" once its statement was
	draftOf int    // the i of that draft's statement
	// The statement the last acknowledgement read was of, when the child deletes it next (every
	// ninth): the delete may have landed before the kill, its acknowledgement unread.
	mayBeDeleted meeting.ID
}

// TestRecordingSurvivesKills kills a recording process with SIGKILL at random moments, reopening
// the archive each time: every acknowledged write is there, nothing half-written is visible, and
// the archive always opens and validates. make test runs a few kills; make soak (YISHI_SOAK=1)
// runs 200.
func TestRecordingSurvivesKills(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	kills := 4
	if os.Getenv("YISHI_SOAK") != "" {
		kills = 200
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("seed %d", seed)
	dir := t.TempDir()
	a := &acked{texts: map[meeting.ID]string{}, deleted: map[meeting.ID]bool{}, items: map[meeting.ID]int{}}
	for run := 1; run <= kills; run++ {
		// Sometimes kill while the child is still opening the archive, mostly mid-recording.
		n := rng.IntN(60)
		if rng.IntN(10) == 0 {
			n = 0
		}
		recordUntilKilled(t, dir, run, n, a)
		checkAfterKill(t, dir, run, a)
		if t.Failed() {
			t.Fatalf("after kill %d (seed %d)", run, seed)
		}
	}
	t.Logf("%d kills survived, %d acknowledged writes checked", kills, a.writes)
}

// recordUntilKilled runs child run on dir, reads n of its acknowledgements into a, and kills it.
func recordUntilKilled(t *testing.T, dir string, run, n int, a *acked) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRecordingChild$")
	cmd.Env = append(os.Environ(), childDir+"="+dir, childRun+"="+strconv.Itoa(run))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	for range n {
		if !lines.Scan() {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("run %d: the child stopped early: %v", run, lines.Err())
		}
		a.read(t, lines.Text())
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
}

// read records one acknowledgement line.
func (a *acked) read(t *testing.T, line string) {
	t.Helper()
	f := strings.Fields(line)
	num := func(i int) int {
		n, err := strconv.Atoi(f[i])
		if err != nil {
			t.Fatalf("child wrote %q", line)
		}
		return n
	}
	// idAt reads the full ID (space and number) at field i.
	idAt := func(i int) meeting.ID {
		n, err := strconv.ParseUint(f[i], 10, 64)
		if err != nil {
			t.Fatalf("child wrote %q", line)
		}
		return meeting.ID(n)
	}
	a.writes++
	a.mayBeDeleted = 0
	switch f[0] {
	case "m":
		a.meeting = idAt(1)
		a.writes--
	case "d":
		a.draft = string([]rune(killText(num(1), num(2), false))[:num(3)])
		a.draftOf = num(2)
	case "s":
		id := idAt(1)
		a.texts[id] = killText(num(2), num(3), false)
		a.items[id] = num(4)
		a.draft = ""
		if deletes(num(3)) {
			a.mayBeDeleted = id
		}
	case "e":
		a.texts[idAt(1)] = killText(num(2), num(3), true)
	case "x":
		a.deleted[idAt(1)] = true
	default:
		t.Fatalf("child wrote %q", line)
	}
}

// checkAfterKill reopens dir and checks it against what was acknowledged before kill run.
func checkAfterKill(t *testing.T, dir string, run int, a *acked) {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("kill %d: the archive does not open: %v", run, err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}()
	if a.meeting == 0 {
		return // killed before it had a meeting
	}
	m, err := s.Meeting(a.meeting)
	if err != nil {
		t.Fatalf("kill %d: %v", run, err)
	}
	stmts, err := s.Statements(a.meeting)
	if err != nil {
		t.Fatalf("kill %d: %v", run, err)
	}
	found := map[meeting.ID]meeting.Statement{}
	for _, st := range stmts {
		found[st.ID] = st
		// Whole, and of an item that exists: the item and its first statement are one write.
		var r, i int
		if _, err := fmt.Sscanf(st.Text, "第 %d-%d 条", &r, &i); err != nil ||
			(st.Text != killText(r, i, false) && st.Text != killText(r, i, true)) {
			t.Errorf("kill %d: statement %d reads %q", run, st.ID, st.Text)
		}
		if st.Item < 1 || st.Item > len(m.Items) {
			t.Errorf("kill %d: statement %d is on item %d of %d", run, st.ID, st.Item, len(m.Items))
		}
	}
	for id, text := range a.texts {
		st, ok := found[id]
		switch {
		case a.deleted[id]:
			if ok {
				t.Errorf("kill %d: statement %d was deleted and is back", run, id)
			}
		case !ok && id == a.mayBeDeleted:
			a.deleted[id] = true // after the last acknowledgement read, and for good
		case !ok:
			t.Errorf("kill %d: acknowledged statement %d is lost", run, id)
		case st.Text != text && st.Text != strings.TrimSuffix(text, "（已更正）")+"（已更正）":
			// An edit after the last acknowledgement may have landed; an acknowledged one must have.
			t.Errorf("kill %d: statement %d reads %q; want %q", run, id, st.Text, text)
		case st.Item != a.items[id]:
			t.Errorf("kill %d: statement %d on item %d; want %d", run, id, st.Item, a.items[id])
		}
	}
	// The acknowledged draft is there, or a later one, or its statement was written.
	if a.draft != "" {
		d, ok, err := s.Draft(a.meeting)
		if err != nil {
			t.Fatalf("kill %d: %v", run, err)
		}
		if ok && !strings.HasPrefix(d.Text, "第 ") {
			t.Errorf("kill %d: draft reads %q", run, d.Text)
		}
		// Writes after the last acknowledgement read may have landed: the statement written
		// (and the draft removed with it), and, for every ninth, the statement deleted again.
		if !ok && !hasText(stmts, a.draft) && !deletes(a.draftOf) {
			t.Errorf("kill %d: acknowledged draft %q is lost", run, a.draft)
		}
	}
	if cur, err := s.Current(); err != nil || cur != a.meeting {
		t.Errorf("kill %d: current meeting %d, %v; want %d", run, cur, err, a.meeting)
	}
	x, err := s.Export()
	if err != nil {
		t.Fatalf("kill %d: export: %v", run, err)
	}
	if err := x.Validate(); err != nil {
		t.Errorf("kill %d: the archive does not validate: %v", run, err)
	}
}

// hasText reports whether a statement's text starts with prefix.
func hasText(stmts []meeting.Statement, prefix string) bool {
	for _, st := range stmts {
		if strings.HasPrefix(st.Text, prefix) {
			return true
		}
	}
	return false
}
