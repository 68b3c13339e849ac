package app

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"yishi/export"
	"yishi/meeting"
)

// The records exports are made from, read in one place for the command line (export, verify)
// and the screens (the export preview), so a file written from either is checked against the
// same record.

// minutesRecord reads a meeting with everything its minutes show: the village, the statements,
// the amendments, the matters of its items and the assignments it made.
func minutesRecord(s Store, id meeting.ID) (export.MinutesRecord, error) {
	var r export.MinutesRecord
	var err error
	if r.Meeting, err = s.Meeting(id); err != nil {
		return r, fmt.Errorf("找不到第 %d 号会议（%w）：请用 yishi meetings 查看编号", id, err)
	}
	if r.Village, err = s.Village(r.Meeting.VillageID); err != nil {
		return r, err
	}
	if r.Statements, err = s.Statements(id); err != nil {
		return r, err
	}
	if r.Amendments, err = s.Amendments(id); err != nil {
		return r, err
	}
	r.Matters = map[meeting.ID]meeting.Matter{}
	for _, it := range r.Meeting.Items {
		if it.MatterID != 0 {
			x, err := s.Matter(it.MatterID)
			if err != nil {
				return r, err
			}
			r.Matters[x.ID] = x
		}
	}
	all, err := s.Assignments(r.Village.ID)
	if err != nil {
		return r, err
	}
	for _, a := range all {
		if a.From != nil && a.From.MeetingID == id {
			r.Assignments = append(r.Assignments, a)
		}
	}
	return r, nil
}

// noticeRecordOf reads what notice n states: its village, its matter, and the meetings behind
// the matter's steps (the same ones its seal covers).
func noticeRecordOf(s Store, n meeting.Notice) (export.NoticeRecord, error) {
	r := export.NoticeRecord{Notice: n}
	var err error
	if r.Matter, err = s.Matter(n.MatterID); err != nil {
		return r, err
	}
	if r.Village, err = s.Village(r.Matter.VillageID); err != nil {
		return r, err
	}
	r.Meetings, err = stepMeetings(r.Matter, s.Meeting)
	return r, err
}

// noticeRecord reads the notice of kind k of a matter, the latest if there are several; without
// one it says what to do.
func noticeRecord(s Store, matterID meeting.ID, k meeting.NoticeKind) (export.NoticeRecord, error) {
	x, err := s.Matter(matterID)
	if err != nil {
		return export.NoticeRecord{}, fmt.Errorf("找不到第 %d 号事项（%w）：请用 yishi matters 查看编号", matterID, err)
	}
	ns, err := s.Notices(x.VillageID)
	if err != nil {
		return export.NoticeRecord{}, err
	}
	mine := map[meeting.ID]meeting.Notice{}
	for _, n := range ns {
		if n.MatterID == x.ID {
			mine[n.ID] = n
		}
	}
	n, ok := noticeOf(mine, k)
	if !ok {
		todo := "决议通过后，在界面里打开这件事项按 F3 张贴决议公告"
		if k == meeting.ResultNotice {
			todo = "实施完成并验收后，在界面里打开这件事项按 F3 张贴实施结果公告"
		}
		return export.NoticeRecord{}, fmt.Errorf("事项 %d「%s」还没有%s（现处于「%s」）：%s", x.ID, x.Title, k.Label(), x.Stage().Label(), todo)
	}
	return noticeRecordOf(s, n)
}

// noticeKinds are the notice kinds as the command line names them.
var noticeKinds = map[string]meeting.NoticeKind{"resolution": meeting.ResolutionNotice, "result": meeting.ResultNotice}

// sealedBefore returns the seal of the village meeting sealed last before m ("" for none): the
// prev m's seal was chained to.
func sealedBefore(ms []meeting.Meeting, m meeting.Meeting) string {
	var earlier []meeting.Meeting
	for _, x := range ms {
		if x.ID != m.ID && x.Status == meeting.Final &&
			(x.SealedAt.Before(m.SealedAt) || (x.SealedAt.Equal(m.SealedAt) && x.ID < m.ID)) {
			earlier = append(earlier, x)
		}
	}
	last, ok := meeting.LastSealed(earlier)
	if !ok {
		return ""
	}
	return last.Seal
}

// openMeetingScreen reads a meeting with its village and the village's people and shows the
// screen build makes of them; a refusal in plain words goes to the status line.
func openMeetingScreen(c *Common, id meeting.ID, build func(v meeting.Village, m meeting.Meeting, people []meeting.Person) (Component, error)) tea.Cmd {
	s := c.Store
	return func() tea.Msg {
		m, err := s.Meeting(id)
		if err != nil {
			return errMsg{err}
		}
		v, err := s.Village(m.VillageID)
		if err != nil {
			return errMsg{err}
		}
		people, err := s.People(v.ID)
		if err != nil {
			return errMsg{err}
		}
		screen, err := build(v, m, people)
		if err != nil {
			return errMsg{err}
		}
		return showMsg{screen}
	}
}
