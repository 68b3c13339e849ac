package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/storage"
)

// TestIssueRefusedWhileDecidingMeetingIsDraft: the vote of a meeting still a draft moves its
// matter at once, but the notice's seal covers the seal of that meeting. Posting is refused,
// beside the form, with nothing written, until the meeting is sealed; then the notice posts and
// holds against the archive.
func TestIssueRefusedWhileDecidingMeetingIsDraft(t *testing.T) {
	dir := t.TempDir()
	st, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var deciding meeting.ID
	testkit.SeedDemo(t, st, func(a *meeting.Archive) {
		testkit.ResolveStreetLights(t, a)
		// The resolving meeting, the last one, back to a draft: its vote has moved the matter.
		last := &a.Meetings[len(a.Meetings)-1]
		last.Status, last.Seal, last.SealedAt = meeting.Draft, "", time.Time{}
		deciding = last.ID
	})
	mt, err := st.Meeting(deciding)
	if err != nil {
		t.Fatal(err)
	}
	if mt.Status != meeting.Draft || testkit.MatterOf(t, st, testkit.StreetLights).Stage() != meeting.Resolved {
		t.Fatalf("setup: meeting %d is %s, the matter at %s", deciding, mt.Status, testkit.MatterOf(t, st, testkit.StreetLights).Stage())
	}

	m := openTrail(t, st, testkit.StreetLights, 100, 30)
	m = drive(t, m, press(tea.KeyF3))
	is, ok := front(m).(*issue)
	if !ok {
		t.Fatalf("F3 did not open the notice screen: %T\n%s", front(m), plain(m))
	}
	m = drive(t, m, press(tea.KeyF2))
	want := fmt.Sprintf("没有张贴：请先把第 %d 号会议（村民代表会议，2026-11-20）定稿封存，再张贴公告：公告要引用定稿的记录", deciding)
	if front(m) != is || is.err != want {
		t.Fatalf("posting over a draft meeting: front %T, err %q, want %q", front(m), is.err, want)
	}
	if v := plain(m); !strings.Contains(strings.ReplaceAll(v, "\n", ""), "定稿封存") {
		t.Errorf("the refusal is not shown beside the form:\n%s", v)
	}
	if ns := testkit.NoticesOfMatter(t, st, testkit.StreetLights); len(ns) != 0 {
		t.Errorf("a refused notice was written: %+v", ns)
	}
	if stage := testkit.MatterOf(t, st, testkit.StreetLights).Stage(); stage != meeting.Resolved {
		t.Errorf("a refused notice moved the matter to %s", stage)
	}

	// The meeting sealed, as closing it would (chained to the village's last seal).
	if err := st.Update(func(tx *storage.Tx) error {
		mt, err := tx.Meeting(deciding)
		if err != nil {
			return err
		}
		prev, err := tx.PrevSeal(mt.VillageID)
		if err != nil {
			return err
		}
		if err := mt.SealWith(nil, prev, testkit.FixedNow); err != nil {
			return err
		}
		return tx.PutMeeting(&mt)
	}); err != nil {
		t.Fatal(err)
	}

	m = drive(t, m, press(tea.KeyEscape))
	m = drive(t, m, press(tea.KeyF3))
	is, ok = front(m).(*issue)
	if !ok {
		t.Fatalf("F3 did not open the notice screen again: %T\n%s", front(m), plain(m))
	}
	m = drive(t, m, press(tea.KeyF2))
	if front(m) != m.(*model).reader {
		t.Fatalf("the notice was not posted after sealing: %q\n%s", is.err, plain(m))
	}
	x := testkit.MatterOf(t, st, testkit.StreetLights)
	ns := testkit.NoticesOfMatter(t, st, testkit.StreetLights)
	if x.Stage() != meeting.ResolutionPosted || len(ns) != 1 || ns[0].Seal == "" {
		t.Fatalf("after posting: stage %s, notices %+v", x.Stage(), ns)
	}
	ms, err := core.StepMeetings(x, st.Meeting)
	if err != nil {
		t.Fatal(err)
	}
	if !meeting.VerifyNotice(ns[0], x, ms) {
		t.Error("the posted notice does not verify against the sealed meetings")
	}

	// What yishi verify --archive checks: every block, every seal and chain, every posted notice.
	sealsHold(t, st, 1)
}

// sealsHold asserts what yishi verify --archive checks on the store: every block against its
// checksum, every sealed meeting and its chain, and at least notices posted notices against
// their records, none posted over an unsealed record.
func sealsHold(t *testing.T, s core.Store, notices int) {
	t.Helper()
	if err := s.Verify(); err != nil {
		t.Fatal(err)
	}
	a, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	r := meeting.CheckSeals(a)
	if len(r.Faults) > 0 || len(r.Unsealed) > 0 || r.Notices < notices {
		t.Errorf("the seals do not hold: faults %+v, unsealed %v, %d notices", r.Faults, r.Unsealed, r.Notices)
	}
}
