package export

import (
	"testing"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// The records the exports are handed, gathered from an archive as the store would.

func abei(t testing.TB) *meeting.Archive {
	t.Helper()
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func villageOf(a *meeting.Archive, id meeting.ID) meeting.Village {
	for _, v := range a.Villages {
		if v.ID == id {
			return v
		}
	}
	return meeting.Village{}
}

// inAbei takes a number of the demo village (6) for its ID (demo.AbeiID(6)); an ID as it is.
func inAbei(id meeting.ID) meeting.ID {
	if id.Space() == 0 {
		return demo.AbeiID(id.Local())
	}
	return id
}

func meetingOf(a *meeting.Archive, id meeting.ID) meeting.Meeting {
	id = inAbei(id)
	for _, m := range a.Meetings {
		if m.ID == id {
			return m
		}
	}
	return meeting.Meeting{}
}

func matterOf(a *meeting.Archive, id meeting.ID) meeting.Matter {
	id = inAbei(id)
	for _, m := range a.Matters {
		if m.ID == id {
			return m
		}
	}
	return meeting.Matter{}
}

func minutesRecord(a *meeting.Archive, id meeting.ID) MinutesRecord {
	id = inAbei(id)
	m := meetingOf(a, id)
	r := MinutesRecord{Village: villageOf(a, m.VillageID), Meeting: m, Matters: map[meeting.ID]meeting.Matter{}}
	for _, s := range a.Statements {
		if s.MeetingID == id {
			r.Statements = append(r.Statements, s)
		}
	}
	for _, x := range a.Amendments {
		if x.MeetingID == id {
			r.Amendments = append(r.Amendments, x)
		}
	}
	for _, it := range m.Items {
		for _, mid := range []meeting.ID{it.MatterID, outcomeMatter(it)} {
			if mid != 0 {
				r.Matters[mid] = matterOf(a, mid)
			}
		}
	}
	for _, x := range a.Assignments {
		if x.From != nil && x.From.MeetingID == id {
			r.Assignments = append(r.Assignments, x)
		}
	}
	return r
}

func outcomeMatter(it meeting.Item) meeting.ID {
	if it.Outcome == nil {
		return 0
	}
	return it.Outcome.MatterID
}

func noticeRecord(a *meeting.Archive, n meeting.Notice) NoticeRecord {
	mt := matterOf(a, n.MatterID)
	r := NoticeRecord{Village: villageOf(a, n.VillageID), Matter: mt, Notice: n, Meetings: map[meeting.ID]meeting.Meeting{}}
	for _, e := range mt.History {
		if e.By != nil {
			r.Meetings[e.By.MeetingID] = meetingOf(a, e.By.MeetingID)
		}
	}
	return r
}

func noticeOf(t testing.TB, a *meeting.Archive, matter meeting.ID, kind meeting.NoticeKind) meeting.Notice {
	t.Helper()
	matter = inAbei(matter)
	for _, n := range a.Notices {
		if n.MatterID == matter && n.Kind == kind {
			return n
		}
	}
	t.Fatalf("no %s of matter %d", kind, matter)
	return meeting.Notice{}
}
