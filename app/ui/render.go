package ui

import (
	"fmt"
	"strings"

	"yishi/export"
	"yishi/meeting"
)

// stageStrip draws a matter's progress: 提议 ─ 商议 ─ 审议 ─ 决议 ─ 公开 ─ 结果, done steps in
// green, the next one in bold, the rest faint; a rejected or withdrawn matter says so at the end.
func stageStrip(st *Styles, m meeting.Matter) string {
	done := m.Strip()
	next := -1
	for i, d := range done {
		if !d {
			next = i
			break
		}
	}
	var b strings.Builder
	for i, label := range meeting.StripLabels {
		if i > 0 {
			b.WriteString(st.StageTodo.Render("─"))
		}
		switch {
		case done[i]:
			b.WriteString(st.StageDone.Render(label))
		case i == next && !m.Stage().Ended():
			b.WriteString(st.StageNow.Render(label))
		default:
			b.WriteString(st.StageTodo.Render(label))
		}
	}
	if s := m.Stage(); s == meeting.Rejected || s == meeting.Withdrawn {
		b.WriteString(" " + st.Error.Render(s.Label()))
	}
	return b.String()
}

func clock(m meeting.Meeting) string {
	s := m.Start.In(meeting.Beijing).Format("2006-01-02 15:04")
	if !m.End.IsZero() {
		s += "至" + m.End.In(meeting.Beijing).Format("15:04")
	}
	return s
}

func names(refs []meeting.Ref) string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Name
		if r.Post != "" {
			out[i] += "（" + r.Post + "）"
		}
	}
	return strings.Join(out, "、")
}

func absences(as []meeting.Absence) string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Who.Name
		if a.Reason != "" {
			out[i] += "（" + a.Reason + "）"
		}
	}
	return strings.Join(out, "、")
}

// anchor names a place of a record a spot can point at.
func (s spot) anchor() string {
	switch {
	case s.statement != 0:
		return fmt.Sprintf("s%d", s.statement)
	case s.amendment != 0:
		return fmt.Sprintf("a%d", s.amendment)
	case s.task != 0:
		return fmt.Sprintf("t%d", s.task)
	case s.item != 0:
		return fmt.Sprintf("i%d", s.item)
	case s.field != "":
		return "f" + s.field
	}
	return ""
}

// meetingDoc lays out a meeting record with the assignments made at it (tasks), and says on
// which line (of the text before wrapping) each place a spot can name begins.
func meetingDoc(st *Styles, v meeting.Village, m meeting.Meeting, stmts []meeting.Statement, amends []meeting.Amendment, matters map[meeting.ID]meeting.Matter, tasks []meeting.Assignment) (string, map[string]int) {
	var b strings.Builder
	anchors := map[string]int{}
	n := 0 // lines written
	line := func(format string, args ...any) {
		s := fmt.Sprintf(format+"\n", args...)
		n += strings.Count(s, "\n")
		b.WriteString(s)
	}
	mark := func(format string, args ...any) { anchors[fmt.Sprintf(format, args...)] = n }
	mark("f议题")
	mark("f名称")
	line("%s", st.Title.Render(m.Name()))
	status := "草稿"
	if m.Status == meeting.Final {
		status = "定稿，封存于 " + m.SealedAt.In(meeting.Beijing).Format("2006-01-02 15:04")
	}
	line("%s", st.Subtle.Render(fmt.Sprintf("%s，%s，%s", v.Name, m.KindLabel(), status)))
	line("")
	mark("f时间")
	line("时间：%s", clock(m))
	if m.Place != "" {
		mark("f地点")
		line("地点：%s", m.Place)
	}
	mark("f主持人")
	mark("f记录人")
	line("主持人：%s　记录人：%s", m.Host.Name, m.Recorder.Name)
	a := m.Attendance
	mark("f出席")
	if m.Kind == meeting.Consultation {
		// Nobody is expected at a consultation: who came, and how many.
		line("到会 %d 人", a.Present)
		if len(a.Attendees) > 0 {
			line("到会人员：%s", names(a.Attendees))
		}
	} else {
		line("应到 %d，实到 %d", a.Expected, a.Present)
	}
	if len(a.Absent) > 0 {
		line("缺席：%s", absences(a.Absent))
	}
	if len(a.Excused) > 0 {
		line("请假（不计入应到）：%s", absences(a.Excused))
	}
	if len(a.Observers) > 0 {
		line("列席：%s", names(a.Observers))
	}
	byItem := map[int][]meeting.Statement{}
	for _, s := range stmts {
		byItem[s.Item] = append(byItem[s.Item], s)
	}
	for _, it := range m.Items {
		line("")
		mark("i%d", it.N)
		line("%s", st.Heading.Render(fmt.Sprintf("议题 %d：%s", it.N, it.Title)))
		if mt, ok := matters[it.MatterID]; ok {
			step := ""
			if it.Step != "" {
				step = "，本次" + it.Step.Label()
			}
			line("%s", st.Subtle.Render("事项：「"+mt.Title+"」"+step))
		}
		itemText(st, line, mark, v, m, it, byItem[it.N], matters, tasks)
	}
	if len(amends) > 0 {
		line("")
		mark("f更正")
		line("%s", st.Heading.Render("更正"))
		for _, x := range amends {
			mark("a%d", x.ID)
			line("%s %s：%s（理由：%s）", x.At.In(meeting.Beijing).Format("2006-01-02 15:04"), x.Author.Name, x.Text, x.Reason)
		}
	}
	return b.String(), anchors
}

// itemText writes what an item of a meeting holds: its explanation, statements, votes with
// their verdicts, resolution and outcome, with the assignments of tasks made on it.
func itemText(st *Styles, line func(string, ...any), mark func(string, ...any), v meeting.Village, m meeting.Meeting, it meeting.Item, stmts []meeting.Statement, matters map[meeting.ID]meeting.Matter, tasks []meeting.Assignment) {
	if it.RaisedBy != nil && it.RaisedBy.Name != "" {
		line("反映人：%s", it.RaisedBy.Name)
	}
	if it.Explanation != "" {
		line("说明：%s", it.Explanation)
	}
	for _, s := range stmts {
		mark("s%d", s.ID)
		line("%s %s（%s）：%s", st.Subtle.Render(s.At.In(meeting.Beijing).Format("15:04")), s.Speaker.Name, s.Kind.Label(), s.Text)
	}
	var matter *meeting.Matter
	if x, ok := matters[it.MatterID]; ok {
		matter = &x
	}
	for _, pv := range it.PriorVotes {
		d := v.Settings.ItemVerdict(m, it.Step, pv, matter)
		line("%s", st.Subtle.Render(fmt.Sprintf("先前表决（%s，%s）：%s", pv.Method.Label(), pv.At.In(meeting.Beijing).Format("15:04"), d.Arithmetic())))
	}
	if vt := it.Vote; vt != nil {
		d := v.Settings.ItemVerdict(m, it.Step, *vt, matter)
		voters := vt.Counts(m.Attendance).Present
		line("表决：%s，赞成 %d（%s），反对 %d（%s），弃权 %d（%s）", vt.Method.Label(),
			vt.Ayes, meeting.Percent(vt.Ayes, voters), vt.Noes, meeting.Percent(vt.Noes, voters),
			vt.Abstentions, meeting.Percent(vt.Abstentions, voters))
		if len(vt.Recused) > 0 {
			line("回避：%s", absences(vt.Recused))
		}
		if len(vt.Tellers) > 0 {
			line("监票、计票：%s", names(vt.Tellers))
		}
		verdict := st.Saved
		if !d.Passed {
			verdict = st.Error
		}
		line("结果：%s", verdict.Render(d.Arithmetic()))
		line("%s", st.Subtle.Render("依据："+d.Basis()))
	}
	if it.Resolution != "" {
		line("决议：%s", it.Resolution)
	}
	outcomeText(line, mark, m, it, matters, tasks)
}

// outcomeText writes how a consultation item ended and the assignments made on it, with their
// results and feedback once recorded: what the minutes say (export.OutcomeOf), unmasked.
func outcomeText(line func(string, ...any), mark func(string, ...any), m meeting.Meeting, it meeting.Item, matters map[meeting.ID]meeting.Matter, tasks []meeting.Assignment) {
	r := export.MinutesRecord{Meeting: m, Matters: matters, Assignments: tasks}
	oc, ok := export.OutcomeOf(r, it, export.Options{Unmasked: true})
	if !ok {
		return
	}
	// The anchors of the assignments, in the order OutcomeOf states them.
	var mine []meeting.ID
	for _, x := range tasks {
		if x.From != nil && x.From.Item == it.N && (x.From.MeetingID == m.ID || x.From.MeetingID == 0) {
			mine = append(mine, x.ID)
		}
	}
	facts := func(fs []export.Fact) {
		for _, f := range fs {
			line("　%s：%s", f.Label, f.Text)
		}
	}
	if oc.Text != "" {
		if len(oc.Tasks) < len(mine) {
			mark("t%d", mine[0]) // the one assignment 处理 names
			mine = mine[1:]
		}
		line("处理：%s", oc.Text)
		facts(oc.Facts)
	}
	for i, x := range oc.Tasks {
		if i < len(mine) {
			mark("t%d", mine[i])
		}
		line("交办：%s", x.Text)
		facts(x.Facts)
	}
}

// matterText lays out the head of a matter's trail (trailText): its stage strip, then every
// step with its meeting, vote and verdict, or its notice.
func matterText(st *Styles, v meeting.Village, m meeting.Matter, meetings map[meeting.ID]meeting.Meeting, notices map[meeting.ID]meeting.Notice) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("%s", st.Title.Render(m.Title))
	meta := []string{v.Name}
	if m.Category != "" {
		meta = append(meta, m.Category)
	}
	if m.Amount != 0 {
		meta = append(meta, "约 "+m.Amount.String())
	}
	line("%s", st.Subtle.Render(strings.Join(meta, "，")))
	line("")
	line("%s", stageStrip(st, m))
	line("现处于「%s」，%s", m.Stage().Label(), v.Settings.Awaits(m.Stage()))
	if m.Description != "" {
		line("")
		line("%s", m.Description)
	}
	if m.Origin != nil {
		if o, ok := meetings[m.Origin.MeetingID]; ok {
			line("来源：%s %s", meeting.DateOf(o.Start), o.Name())
		}
	}
	if m.Threshold != nil {
		base := decidingRule(v.Settings, meeting.Date{}).PassOf.Label() // the base, the same under both texts
		line("特别通过比例：决议的赞成票%s（依据：%s）", m.Threshold.Of(base), m.ThresholdOwnBasis())
	}
	line("")
	line("%s", st.Heading.Render("经过"))
	for _, e := range m.History {
		text := fmt.Sprintf("%s　%s", e.On, e.Stage.Label())
		if e.By != nil {
			if mt, ok := meetings[e.By.MeetingID]; ok {
				text += "　" + mt.Body.Label()
				if it, ok := mt.Item(e.By.Item); ok && it.Vote != nil {
					d := v.Settings.ItemVerdict(mt, e.Stage, *it.Vote, &m)
					text += "\n　　" + d.Arithmetic()
				}
			}
		}
		if n, ok := notices[e.NoticeID]; ok && e.NoticeID != 0 {
			text += "　" + n.Kind.Label()
		}
		if e.Note != "" {
			text += "（" + e.Note + "）"
		}
		line("%s", text)
	}
	return b.String()
}

// implementationText writes what was done to carry out a matter: plan, dates, money, acceptance
// and the dated progress notes.
func implementationText(line func(string, ...any), im *meeting.Implementation) {
	if im.Plan != "" {
		line("方案：%s", im.Plan)
	}
	var when []string
	if !im.Started.IsZero() {
		when = append(when, "开工 "+im.Started.String())
	}
	if !im.Completed.IsZero() {
		when = append(when, "完成 "+im.Completed.String())
	} else {
		when = append(when, "尚未完成")
	}
	line("%s", strings.Join(when, "，"))
	var money []string
	for _, x := range []struct {
		label string
		m     meeting.Money
	}{{"预算", im.Budget}, {"补助", im.Subsidy}, {"自筹", im.SelfRaised}, {"实际支出", im.Spent}} {
		if x.m != 0 {
			money = append(money, x.label+" "+x.m.String())
		}
	}
	if len(money) > 0 {
		line("%s", strings.Join(money, "，"))
	}
	if im.Acceptance != "" {
		accepted := ""
		if !im.AcceptedOn.IsZero() {
			accepted = "（" + im.AcceptedOn.String() + "）"
		}
		line("验收%s：%s", accepted, im.Acceptance)
	}
	if len(im.Progress) > 0 {
		line("进展：")
		for _, p := range im.Progress {
			line("　%s　%s", p.On, p.Text)
		}
	}
}

// noticeText writes a notice as the archive keeps it: issue, text, where and how long it was
// posted, objections and their answers, the supervision committee's sign-off.
func noticeText(st *Styles, line func(string, ...any), n meeting.Notice) {
	line("发布 %s", n.Issued)
	if n.Text != "" {
		line("正文：%s", n.Text)
	}
	for _, p := range n.Postings {
		line("张贴：%s，%s至%s，共 %d 天", p.Where, p.From, p.To, p.Days())
	}
	if n.Contact != "" {
		line("异议联系：%s", n.Contact)
	}
	for _, o := range n.Objections {
		who := o.From
		if who == "" {
			who = "未署名"
		}
		line("异议（%s，%s）：%s", o.On, who, o.Text)
		if o.Answer != "" {
			line("　答复（%s）：%s", o.Answered, o.Answer)
		} else {
			line("　%s", st.Warning.Render("尚未答复（F5 写答复）"))
		}
	}
	if sv := n.Supervision; sv != nil {
		by := sv.By.Name
		if sv.By.Post != "" {
			by += "（" + sv.By.Post + "）"
		}
		text := fmt.Sprintf("监委签署：%s，%s", by, sv.On)
		if sv.Opinion != "" {
			text += "：" + sv.Opinion
		}
		line("%s", text)
	} else {
		line("%s", st.Warning.Render("村务监督委员会尚未签署（F6 签署）"))
	}
	if n.Seal != "" {
		line("%s", st.Subtle.Render("校验码："+export.Code(n.Seal)))
	}
}
