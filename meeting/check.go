package meeting

import (
	"fmt"
	"sort"
)

// Finding is one thing the compliance checks found: what is wrong, since when, and what to do.
type Finding struct {
	Code         string `json:"code"` // stable English name of the check
	VillageID    ID     `json:"village_id"`
	MatterID     ID     `json:"matter_id,omitempty"`
	MeetingID    ID     `json:"meeting_id,omitempty"`
	NoticeID     ID     `json:"notice_id,omitempty"`
	AssignmentID ID     `json:"assignment_id,omitempty"`
	Since        Date   `json:"since,omitzero"`
	Text         string `json:"text"`
	Todo         string `json:"todo"`
}

// Codes of the compliance checks.
const (
	CodeStageSkipped       = "stage_skipped"
	CodeWrongBody          = "wrong_body"
	CodeNoQuorum           = "no_quorum"
	CodeNotPassed          = "not_passed"
	CodePostingShort       = "posting_short"
	CodeNotPosted          = "not_posted"
	CodePostedLate         = "posted_late"
	CodeResultNotDisclosed = "result_not_disclosed"
	CodeAssignmentOverdue  = "assignment_overdue"
)

// Ledger is what the checks read of one village.
type Ledger struct {
	Village     Village
	Meetings    []Meeting
	Matters     []Matter
	Notices     []Notice
	Assignments []Assignment
}

// Check runs every compliance check over the ledger as of today, and returns the findings in a
// stable order: by matter, then assignment, then date.
func (l Ledger) Check(today Date) []Finding {
	meetings := make(map[ID]Meeting, len(l.Meetings))
	for _, m := range l.Meetings {
		meetings[m.ID] = m
	}
	notices := make(map[ID]Notice, len(l.Notices))
	for _, n := range l.Notices {
		notices[n.ID] = n
	}
	var out []Finding
	for _, m := range l.Matters {
		out = append(out, l.checkMatter(m, meetings, notices, today)...)
	}
	for _, a := range l.Assignments {
		if a.Done.IsZero() && !a.Deadline.IsZero() && today.After(a.Deadline) {
			out = append(out, Finding{Code: CodeAssignmentOverdue, VillageID: l.Village.ID, AssignmentID: a.ID,
				Since: a.Deadline.AddDays(1),
				Text:  fmt.Sprintf("交办事项「%s」（承办人 %s）时限 %s，已超期 %d 天", a.Task, a.Owner.Name, a.Deadline, today.Sub(a.Deadline)),
				Todo:  "督促承办人办理，或登记办理结果并向提出人反馈"})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.MatterID != b.MatterID {
			return a.MatterID < b.MatterID
		}
		if a.AssignmentID != b.AssignmentID {
			return a.AssignmentID < b.AssignmentID
		}
		return a.Since.Before(b.Since)
	})
	return out
}

func (l Ledger) checkMatter(m Matter, meetings map[ID]Meeting, notices map[ID]Notice, today Date) []Finding {
	s := l.Village.Settings
	var out []Finding
	add := func(code string, since Date, text, todo string) {
		out = append(out, Finding{Code: code, VillageID: l.Village.ID, MatterID: m.ID, Since: since,
			Text: "事项「" + m.Title + "」" + text, Todo: todo})
	}
	prev := Raised
	votesSeen := map[ItemRef]bool{}
	for _, e := range m.History {
		if e.Stage == Rejected || e.Stage == Withdrawn {
			prev = e.Stage
			continue
		}
		if e.Stage.Step() != prev.Step()+1 {
			add(CodeStageSkipped, e.On, fmt.Sprintf("在「%s」之后直接到了「%s」，跳过了中间步骤", prev.Label(), e.Stage.Label()),
				"补开缺少步骤的会议并如实记录；不得以后补记录代替程序")
		}
		if e.By != nil {
			out = append(out, l.checkVote(m, prev, e, meetings, votesSeen)...)
		}
		if e.NoticeID != 0 {
			if n, ok := notices[e.NoticeID]; ok && len(n.Postings) > 0 {
				longest := 0
				for _, p := range n.Postings {
					longest = max(longest, p.Days())
				}
				if longest < s.MinPostingDays {
					out = append(out, Finding{Code: CodePostingShort, VillageID: l.Village.ID, MatterID: m.ID, NoticeID: n.ID,
						Since: e.On, Text: fmt.Sprintf("事项「%s」的%s只公示了 %d 天，少于本村规定的 %d 天", m.Title, n.Kind.Label(), longest, s.MinPostingDays),
						Todo: "重新张贴公告，公示期不少于规定天数"})
				}
			}
		}
		if e.Stage == ResolutionPosted {
			if r, ok := m.Reached(Resolved); ok && e.On.Sub(r.On) > s.PostWithinDays {
				add(CodePostedLate, e.On, fmt.Sprintf("决议 %s 形成，%s 才公开，超过本村规定的 %d 天", r.On, e.On, s.PostWithinDays),
					"今后决议形成后及时张贴决议公告")
			}
		}
		prev = e.Stage
	}
	switch st := m.Stage(); st {
	case Resolved:
		r, _ := m.Reached(Resolved)
		if late := today.Sub(r.On); late > s.PostWithinDays {
			add(CodeNotPosted, r.On.AddDays(s.PostWithinDays+1), fmt.Sprintf("%s 形成决议，已 %d 天未张贴决议公告（本村规定 %d 天内）", r.On, late, s.PostWithinDays),
				"导出决议公告，张贴到村务公开栏并登记公示期")
		}
	case Implemented:
		e, _ := m.Reached(Implemented)
		if late := today.Sub(e.On); late > s.ResultWithinDays {
			add(CodeResultNotDisclosed, e.On.AddDays(s.ResultWithinDays+1), fmt.Sprintf("%s 实施完成，已 %d 天未公开实施结果（本村规定 %d 天内）", e.On, late, s.ResultWithinDays),
				"导出实施结果公告，经村务监督委员会签署意见后张贴")
		}
	}
	return out
}

// checkVote holds the vote behind a stage against the rule: the right body, a quorum, a pass.
func (l Ledger) checkVote(m Matter, prev Stage, e Event, meetings map[ID]Meeting, seen map[ItemRef]bool) []Finding {
	s := l.Village.Settings
	mt, ok := meetings[e.By.MeetingID]
	if !ok || seen[*e.By] {
		return nil
	}
	seen[*e.By] = true
	f := func(code, text, todo string) Finding {
		return Finding{Code: code, VillageID: l.Village.ID, MatterID: m.ID, MeetingID: mt.ID, Since: e.On,
			Text: "事项「" + m.Title + "」" + text, Todo: todo}
	}
	if mt.Kind != Formal {
		return []Finding{f(CodeWrongBody, fmt.Sprintf("的「%s」记在协商议事会（%s）上，协商议事会不能作出决定", e.Stage.Label(), mt.Name()),
			"由相应组织召开正式会议并表决")}
	}
	to, err := s.StepBy(prev, mt.Body)
	merged := e.Stage == Proposed && prev == Raised && mt.Body == TwoCommittees && s.MergeFirstSteps
	if !merged && (err != nil || to != e.Stage) {
		return []Finding{f(CodeWrongBody, fmt.Sprintf("的「%s」由%s作出，这一步应由%s", e.Stage.Label(), mt.Body.Label(), bodiesText(s.BodiesFor(prev))),
			"由正确的组织召开会议重新"+e.Stage.Label())}
	}
	it, ok := mt.Item(e.By.Item)
	if !ok || it.Vote == nil {
		return nil
	}
	d := s.ItemVerdict(mt, e.Stage, *it.Vote, &m)
	switch {
	case !d.Quorate:
		return []Finding{f(CodeNoQuorum, fmt.Sprintf("的「%s」在会议人数不足时记为通过：%s", e.Stage.Label(), d.Arithmetic()),
			"重新召开达到法定人数的会议表决")}
	case !d.Passed:
		return []Finding{f(CodeNotPassed, fmt.Sprintf("的「%s」所依据的表决没有通过：%s", e.Stage.Label(), d.Arithmetic()),
			"核对表决票数；未通过的事项应修改后重新表决或记为否决")}
	}
	return nil
}

func bodiesText(bs []Body) string {
	if len(bs) == 0 {
		return "（无）"
	}
	s := ""
	for i, b := range bs {
		if i > 0 {
			s += "或"
		}
		s += b.Label()
	}
	return s
}
