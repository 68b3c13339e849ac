package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"yishi/meeting"
)

// TestVerifyArchiveRemoved removes records from a copy of the demo archive, through its JSON: a
// sealed meeting removed breaks the chain and no import takes the file; a posted notice removed
// imports (what yishi check reports as not posted), and verify --archive exits 1 naming it, and
// nothing else.
func TestVerifyArchiveRemoved(t *testing.T) {
	dir := demoDir(t)
	// A sealed meeting in the middle of the chain that no matter refers to (its amendments and
	// the assignments it made go with it), and the ones sealed just before and after it.
	var victim, before, after meeting.ID
	tamper(t, dir, func(a *meeting.Archive) {
		referred := map[meeting.ID]bool{}
		ref := func(r *meeting.ItemRef) {
			if r != nil {
				referred[r.MeetingID] = true
			}
		}
		for _, x := range a.Matters {
			ref(x.Origin)
			for _, e := range x.History {
				ref(e.By)
			}
		}
		chain := meeting.SealedInOrder(a.Meetings)
		for i := 1; i < len(chain)-1; i++ {
			if !referred[chain[i].ID] && chain[i].VillageID == chain[i-1].VillageID && chain[i].VillageID == chain[i+1].VillageID {
				before, victim, after = chain[i-1].ID, chain[i].ID, chain[i+1].ID
				return
			}
		}
	})
	if victim == 0 {
		t.Fatal("no sealed meeting in the demo that no matter refers to")
	}
	// No import takes it: the meeting sealed after it no longer chains (the gap itself is
	// what verify --archive names in an archive: storage's TestTamper).
	gone, r := tamperedImport(t, dir, func(a *meeting.Archive) {
		a.Meetings = slices.DeleteFunc(a.Meetings, func(m meeting.Meeting) bool { return m.ID == victim })
		a.Statements = slices.DeleteFunc(a.Statements, func(st meeting.Statement) bool { return st.MeetingID == victim })
		a.Amendments = slices.DeleteFunc(a.Amendments, func(x meeting.Amendment) bool { return x.MeetingID == victim })
		a.Assignments = slices.DeleteFunc(a.Assignments, func(x meeting.Assignment) bool { return x.From != nil && x.From.MeetingID == victim })
	})
	refusedSeals(t, "a sealed meeting removed", gone, r, fmt.Sprintf("会议 %d（", after), fmt.Sprintf("前一份封存记录（会议 %d）", before))

	// A posted notice removed: the posting its matter records names it.
	var notice meeting.ID
	bad := tamper(t, dir, func(a *meeting.Archive) {
		for _, x := range a.Matters {
			for _, e := range x.History {
				if e.NoticeID != 0 && notice == 0 {
					notice = e.NoticeID
				}
			}
		}
		a.Notices = slices.DeleteFunc(a.Notices, func(n meeting.Notice) bool { return n.ID == notice })
	})
	r = yishi(t, "", "--data", bad, "verify", "--archive")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 1 || len(lines) != 1 || !strings.Contains(lines[0], fmt.Sprintf("公告 %d：", notice)) || !strings.Contains(lines[0], "被删除过") {
		t.Errorf("a posted notice removed (%d): exit %d\n%s%s", notice, r.code, r.stdout, r.stderr)
	}
}
