package core

import (
	"cmp"
	"fmt"
	"slices"

	"yishi/export"
	"yishi/meeting"
)

// The records exports are made from, read in one place for the command line (export, verify)
// and the screens (the export preview), so a file written from either is checked against the
// same record.

// MinutesRecord reads a meeting with everything its minutes show: the village, the statements,
// the amendments, the matters of its items and the assignments it made.
func MinutesRecord(s Store, id meeting.ID) (export.MinutesRecord, error) {
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

// NoticeRecordOf reads what notice n states: its village, its matter, and the meetings behind
// the matter's steps (the same ones its seal covers).
func NoticeRecordOf(s Store, n meeting.Notice) (export.NoticeRecord, error) {
	r := export.NoticeRecord{Notice: n}
	var err error
	if r.Matter, err = s.Matter(n.MatterID); err != nil {
		return r, err
	}
	if r.Village, err = s.Village(r.Matter.VillageID); err != nil {
		return r, err
	}
	r.Meetings, err = StepMeetings(r.Matter, s.Meeting)
	return r, err
}

// NoticeRecord reads the notice of kind k of a matter, the latest if there are several; without
// one it says what to do.
func NoticeRecord(s Store, matterID meeting.ID, k meeting.NoticeKind) (export.NoticeRecord, error) {
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
	n, ok := NoticeOf(mine, k)
	if !ok {
		todo := "决议通过后，在界面里打开这件事项按 F3 张贴决议公告"
		if k == meeting.ResultNotice {
			todo = "实施完成并验收后，在界面里打开这件事项按 F3 张贴实施结果公告"
		}
		return export.NoticeRecord{}, fmt.Errorf("事项 %d「%s」还没有%s（现处于「%s」）：%s", x.ID, x.Title, k.Label(), x.Stage().Label(), todo)
	}
	return NoticeRecordOf(s, n)
}

// NoticeKinds are the notice kinds as the command line names them.
var NoticeKinds = map[string]meeting.NoticeKind{"resolution": meeting.ResolutionNotice, "result": meeting.ResultNotice}

// SealedBefore returns the seal of the village meeting sealed last before m ("" for none): the
// prev m's seal was chained to.
func SealedBefore(ms []meeting.Meeting, m meeting.Meeting) string {
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

// NoticeOf returns the matter's notice of kind k, the latest if there are several.
func NoticeOf(notices map[meeting.ID]meeting.Notice, k meeting.NoticeKind) (meeting.Notice, bool) {
	ns := NoticesOf(notices)
	for i := len(ns) - 1; i >= 0; i-- {
		if ns[i].Kind == k {
			return ns[i], true
		}
	}
	return meeting.Notice{}, false
}

// NoticesOf returns the notices of a matter in the order they were issued (ID order).
func NoticesOf(notices map[meeting.ID]meeting.Notice) []meeting.Notice {
	out := make([]meeting.Notice, 0, len(notices))
	for _, n := range notices {
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b meeting.Notice) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
