package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"yishi/meeting"
	"yishi/storage"
)

// TestIssueRefusedWhileDecidingMeetingIsDraft: the vote of a meeting still a draft moves its
// matter at once, but the notice's seal covers the seal of that meeting. Posting is refused,
// beside the form, with nothing written, until the meeting is sealed; then the notice posts and
// holds against the archive (yishi verify --archive).
func TestIssueRefusedWhileDecidingMeetingIsDraft(t *testing.T) {
	dir := t.TempDir()
	st, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	t.Cleanup(func() {
		if !closed {
			st.Close()
		}
	})
	var deciding meeting.ID
	seedDemo(t, st, func(a *meeting.Archive) {
		resolveStreetLights(t, a)
		// The resolving meeting, the last one, back to a draft: its vote has moved the matter.
		last := &a.Meetings[len(a.Meetings)-1]
		last.Status, last.Seal, last.SealedAt = meeting.Draft, "", time.Time{}
		deciding = last.ID
	})
	mt, err := st.Meeting(deciding)
	if err != nil {
		t.Fatal(err)
	}
	if mt.Status != meeting.Draft || matterOf(t, st, streetLights).Stage() != meeting.Resolved {
		t.Fatalf("setup: meeting %d is %s, the matter at %s", deciding, mt.Status, matterOf(t, st, streetLights).Stage())
	}

	m := openTrail(t, st, streetLights, 100, 30)
	m = drive(t, m, press(tea.KeyF3))
	is, ok := front(m).(*issue)
	if !ok {
		t.Fatalf("F3 did not open the notice screen: %T\n%s", front(m), plain(m))
	}
	m = drive(t, m, press(tea.KeyF2))
	want := fmt.Sprintf("请先把第 %d 号会议（村民代表会议，2026-11-20）定稿封存，再张贴公告：公告要引用定稿的记录", deciding)
	if front(m) != is || is.err != want {
		t.Fatalf("posting over a draft meeting: front %T, err %q, want %q", front(m), is.err, want)
	}
	if v := plain(m); !strings.Contains(strings.ReplaceAll(v, "\n", ""), "定稿封存") {
		t.Errorf("the refusal is not shown beside the form:\n%s", v)
	}
	if ns := noticesOfMatter(t, st, streetLights); len(ns) != 0 {
		t.Errorf("a refused notice was written: %+v", ns)
	}
	if stage := matterOf(t, st, streetLights).Stage(); stage != meeting.Resolved {
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
		if err := mt.SealWith(nil, prev, fixedNow); err != nil {
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
	x := matterOf(t, st, streetLights)
	ns := noticesOfMatter(t, st, streetLights)
	if x.Stage() != meeting.ResolutionPosted || len(ns) != 1 || ns[0].Seal == "" {
		t.Fatalf("after posting: stage %s, notices %+v", x.Stage(), ns)
	}
	ms, err := stepMeetings(x, st.Meeting)
	if err != nil {
		t.Fatal(err)
	}
	if !meeting.VerifyNotice(ns[0], x, ms) {
		t.Error("the posted notice does not verify against the sealed meetings")
	}

	closed = true
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	r := mustOK(t, yishi(t, "", "--data", dir, "verify", "--archive"))
	if !strings.Contains(r.stdout, "校验通过") || !strings.Contains(r.stdout, "份已张贴的公告与记录相符") || strings.Contains(r.stdout, "无法核对") {
		t.Errorf("verify --archive:\n%s", r.stdout)
	}
}
