package meeting

import (
	"cmp"
	"fmt"
	"slices"
)

// Finding is one thing the compliance checks found: what is wrong (or, for an ongoing finding,
// what is under way), since when, and what to do next.
type Finding struct {
	Code         string   `json:"code"` // stable English name of the check
	Severity     Severity `json:"severity"`
	VillageID    ID       `json:"village_id"`
	MatterID     ID       `json:"matter_id,omitempty"`
	MeetingID    ID       `json:"meeting_id,omitempty"`
	NoticeID     ID       `json:"notice_id,omitempty"`
	AssignmentID ID       `json:"assignment_id,omitempty"`
	Since        Date     `json:"since,omitzero"`
	Text         string   `json:"text"`
	Todo         string   `json:"todo"`
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
	// CodePostingRunning is not a problem: a notice whose posting period has not ended yet.
	CodePostingRunning = "posting_running"

	// Checks of the law in force (2025 text, party rules) and of the village's settings.
	CodeSettingBelowStatute = "setting_below_statute" // a stored setting weaker than the statute
	CodeRepsQuarterly       = "reps_quarterly"        // a quarter without a 村民代表会议
	CodeAssemblyYearly      = "assembly_yearly"       // a year without a 村民会议
	CodePartyQuarterly      = "party_quarterly"       // a quarter without a 党员大会 (a reminder)
	CodeNoticeShort         = "notice_short"          // a meeting called at shorter notice than required
	CodeNoticeUnrecorded    = "notice_unrecorded"     // a draft meeting whose notice date is not recorded
	CodeDatesOutOfOrder     = "dates_out_of_order"    // a step's meeting held before the previous step's
	CodeNoticeUnsealed      = "notice_unsealed"       // a posted notice whose meetings are not sealed
	// CodePeriodDue is not a problem: this quarter's or year's meeting still to be held.
	CodePeriodDue = "period_due"
)

// Severity sorts findings: a broken rule of the procedure, something left undone past its time,
// or something under way that needs no action yet.
type Severity string

const (
	// Violation: the procedure was not followed (a step skipped, the wrong body, no quorum, a
	// failed vote recorded as passed, a posting too short or too late). Needs a remedy.
	Violation Severity = "violation"
	// Overdue: something not done within the village's time limit (a notice not posted, a result
	// not disclosed, an assignment past its deadline). Needs doing now.
	Overdue Severity = "overdue"
	// Reminder: what the rules ask as usual practice rather than as a duty (the party branch's
	// quarterly 党员大会), or a record worth completing. Not a problem.
	Reminder Severity = "reminder"
	// Ongoing: under way and in order (a posting period still running). Shown so the secretary
	// knows what comes next; never a problem: `yishi check` does not fail on it.
	Ongoing Severity = "ongoing"
)

var severityLabels = map[Severity]string{Violation: "程序问题", Overdue: "超期", Reminder: "提醒", Ongoing: "进行中"}

// Label is the severity's Chinese name.
func (s Severity) Label() string { return severityLabels[s] }

// Severities are the severities in the order findings are listed: violations first, then
// overdue, reminders, and what is under way.
var Severities = []Severity{Violation, Overdue, Reminder, Ongoing}

// rank orders severities as Severities lists them.
func (s Severity) rank() int {
	if i := slices.Index(Severities, s); i >= 0 {
		return i
	}
	return len(Severities)
}

// CompareFindings orders findings as Attention lists them: by severity, then oldest first, then
// by matter and assignment.
func CompareFindings(a, b Finding) int {
	if c := cmp.Compare(a.Severity.rank(), b.Severity.rank()); c != 0 {
		return c
	}
	if c := a.Since.Time().Compare(b.Since.Time()); c != 0 {
		return c
	}
	if c := cmp.Compare(a.MatterID, b.MatterID); c != 0 {
		return c
	}
	return cmp.Compare(a.AssignmentID, b.AssignmentID)
}

// Problem reports whether the finding is something wrong (a violation or overdue), as opposed
// to something under way or a reminder.
func (f Finding) Problem() bool { return f.Severity == Violation || f.Severity == Overdue }

// severityOf is the severity of each check.
func severityOf(code string) Severity {
	switch code {
	case CodeNotPosted, CodeResultNotDisclosed, CodeAssignmentOverdue:
		return Overdue
	case CodePostingRunning, CodePeriodDue:
		return Ongoing
	case CodePartyQuarterly, CodeNoticeUnrecorded:
		return Reminder
	}
	return Violation
}

// Ledger is what the checks read of one village.
type Ledger struct {
	Village     Village
	Meetings    []Meeting
	Matters     []Matter
	Notices     []Notice
	Assignments []Assignment
}

// Check runs every compliance check over the ledger as of today and returns the problems found
// (violations and overdue items), in the order of Attention. A healthy archive has none.
func (l Ledger) Check(today Date) []Finding { return ProblemsOf(l.Attention(today)) }

// ProblemsOf returns the problems among findings (Finding.Problem), in their order.
func ProblemsOf(findings []Finding) []Finding {
	var out []Finding
	for _, f := range findings {
		if f.Problem() {
			out = append(out, f)
		}
	}
	return out
}

// Attention returns everything the secretary should look at as of today: the problems Check
// reports and what is under way (postings still running), each with what to do next. Sorted by
// severity (violations, overdue, ongoing), then oldest first, then by matter and assignment.
func (l Ledger) Attention(today Date) []Finding {
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
		if a.Overdue(today) {
			out = append(out, Finding{Code: CodeAssignmentOverdue, VillageID: l.Village.ID, AssignmentID: a.ID,
				Since: a.Deadline.AddDays(1),
				Text:  fmt.Sprintf("交办事项「%s」（承办人 %s）时限 %s，已超期 %d 天", a.Task, a.Owner.Name, a.Deadline, today.Sub(a.Deadline)),
				Todo:  "督促承办人办理；办好后登记办理结果，并向提出人反馈"})
		}
	}
	out = append(out, l.checkLaw(today)...)
	for i := range out {
		out[i].Severity = severityOf(out[i].Code)
	}
	slices.SortStableFunc(out, CompareFindings)
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
		skipped := e.Stage.Step() != prev.Step()+1
		if skipped {
			text := fmt.Sprintf("在「%s」之后直接到了「%s」，跳过了中间步骤", prev.Label(), e.Stage.Label())
			if t := StatuteOn(e.On); t.Art.PartyFirst != "" && e.Stage.Step() >= Resolved.Step() && prev == Raised {
				text += "；" + t.Art.PartyFirst + "规定，需由村民会议或者村民代表会议决定的事项，应当先经村党组织研究讨论"
			}
			add(CodeStageSkipped, e.On, text, "补开缺少步骤的会议并如实记录；不得以后补记录代替程序")
		}
		if e.By != nil {
			// A skipped step is reported once, as skipped: the vote is still held against its
			// rule, but not also called the wrong body for the step that is missing.
			out = append(out, l.checkVote(m, prev, e, meetings, votesSeen, skipped)...)
		}
		if e.NoticeID != 0 {
			if n, ok := notices[e.NoticeID]; ok && len(n.Postings) > 0 {
				if err := NoticeReady(n, m, meetings); err != nil {
					out = append(out, Finding{Code: CodeNoticeUnsealed, VillageID: l.Village.ID, MatterID: m.ID, NoticeID: n.ID,
						Since: e.On, Text: fmt.Sprintf("事项「%s」的%s已张贴，但%s", m.Title, n.Kind.Label(), err.Error()),
						Todo: "把公告依据的会议记录定稿封存，再重新导出、张贴公告"})
				}
				longest := n.Postings[0]
				for _, p := range n.Postings {
					if p.Days() > longest.Days() {
						longest = p
					}
				}
				if need, basis := s.PostingDays(longest.From); longest.Days() < need {
					out = append(out, Finding{Code: CodePostingShort, VillageID: l.Village.ID, MatterID: m.ID, NoticeID: n.ID,
						Since: e.On, Text: fmt.Sprintf("事项「%s」的%s只公示了 %s，少于规定的 %d 天（%s）", m.Title, n.Kind.Label(), longest.Range(), need, basis),
						Todo: fmt.Sprintf("重新张贴公告，公示 %d 天以上（如 %s 起至 %s）", need, today, s.PostingEnd(today))})
				}
			}
		}
		switch e.Stage {
		case ResolutionPosted:
			if r, ok := m.Reached(Resolved); ok && e.On.Sub(r.On) > s.PostWithinDays {
				add(CodePostedLate, e.On, fmt.Sprintf("决议 %s 形成，%s 才公开，超过本村规定的 %d 天", r.On, e.On, s.PostWithinDays),
					"今后决议形成后及时张贴决议公告")
			}
		case ResultPosted:
			if r, ok := m.Reached(Implemented); ok && e.On.Sub(r.On) > s.ResultWithinDays {
				add(CodePostedLate, e.On, fmt.Sprintf("实施 %s 完成，%s 才公开实施结果，超过本村规定的 %d 天", r.On, e.On, s.ResultWithinDays),
					"今后实施完成后及时公开实施结果")
			}
		}
		prev = e.Stage
	}
	// A notice the history names but the archive lacks (or that was never posted anywhere) does
	// not count as posted: the matter waits for it as if it had never been.
	posted := func(st Stage) (Notice, bool) {
		e, ok := m.Reached(st)
		if !ok {
			return Notice{}, false
		}
		n, ok := notices[e.NoticeID]
		return n, ok && len(n.Postings) > 0
	}
	if r, ok := m.Reached(Resolved); ok && m.Stage() != Rejected && m.Stage() != Withdrawn {
		_, reached := m.Reached(ResolutionPosted)
		if _, ok := posted(ResolutionPosted); !ok {
			if late := today.Sub(r.On); late > s.PostWithinDays {
				text := fmt.Sprintf("%s 形成决议，已 %d 天未张贴决议公告（本村规定 %d 天内）", r.On, late, s.PostWithinDays)
				if reached {
					text = fmt.Sprintf("记为决议已公开，档案里却没有张贴过的决议公告（%s 形成决议，已 %d 天）", r.On, late)
				}
				add(CodeNotPosted, r.On.AddDays(s.PostWithinDays+1), text, "导出决议公告，张贴到村务公开栏并登记公示期")
			}
		}
	}
	if e, ok := m.Reached(Implemented); ok {
		_, reached := m.Reached(ResultPosted)
		if _, ok := posted(ResultPosted); !ok {
			if late := today.Sub(e.On); late > s.ResultWithinDays {
				text := fmt.Sprintf("%s 实施完成，已 %d 天未公开实施结果（本村规定 %d 天内）", e.On, late, s.ResultWithinDays)
				if reached {
					text = fmt.Sprintf("记为实施结果已公开，档案里却没有张贴过的实施结果公告（%s 实施完成，已 %d 天）", e.On, late)
				}
				add(CodeResultNotDisclosed, e.On.AddDays(s.ResultWithinDays+1), text, "导出实施结果公告，经村务监督委员会签署意见后张贴")
			}
		}
	}
	for _, st := range []Stage{ResolutionPosted, ResultPosted} {
		n, ok := posted(st)
		if !ok {
			continue
		}
		from, to := n.Postings[0].From, n.Postings[0].To
		for _, p := range n.Postings {
			if p.From.Before(from) {
				from = p.From
			}
			if p.To.After(to) {
				to = p.To
			}
		}
		if today.After(to) {
			continue
		}
		left := fmt.Sprintf("还有 %d 天期满", to.Sub(today))
		if to.Sub(today) == 0 {
			left = "今天期满"
		}
		todo := fmt.Sprintf("公示期满（%s）后组织实施；公示期间收到的异议请登记并答复", to)
		if st == ResultPosted {
			todo = fmt.Sprintf("公示期满（%s）后事项办结，公告和记录归档；收到的异议请登记并答复", to)
		}
		out = append(out, Finding{Code: CodePostingRunning, VillageID: l.Village.ID, MatterID: m.ID, NoticeID: n.ID, Since: from,
			Text: fmt.Sprintf("事项「%s」的%s公示中：%s 至 %s，%s", m.Title, n.Kind.Label(), from, to, left), Todo: todo})
	}
	return out
}

// checkVote holds the vote behind a stage against the rule: the right body, a quorum, a pass.
func (l Ledger) checkVote(m Matter, prev Stage, e Event, meetings map[ID]Meeting, seen map[ItemRef]bool, skipped bool) []Finding {
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
	// A skipped step is reported as skipped: the body is held against the step it took, from
	// the step just before it, not against the missing one.
	from := prev
	if skipped && e.Stage.Step() > 0 {
		from = Stages[e.Stage.Step()-1]
	}
	to, err := s.StepBy(from, mt.Body)
	merged := e.Stage == Proposed && from == Raised && mt.Body == TwoCommittees && s.MergeFirstSteps
	if !merged && (err != nil || to != e.Stage) {
		return []Finding{f(CodeWrongBody, fmt.Sprintf("的「%s」由%s作出，这一步应由%s", e.Stage.Label(), mt.Body.Label(), bodiesText(s.BodiesFor(from))),
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
