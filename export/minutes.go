package export

import (
	"fmt"
	"strings"
	"time"

	"yishi/meeting"
)

// MinutesRecord is what the minutes of one meeting are made from.
type MinutesRecord struct {
	Village    meeting.Village
	Meeting    meeting.Meeting
	Statements []meeting.Statement // of this meeting, in order
	Amendments []meeting.Amendment // of this meeting
	// Matters are the matters the meeting's items act on or raised.
	Matters map[meeting.ID]meeting.Matter
	// Assignments are those made at this meeting (Assignment.From.MeetingID is the meeting's).
	Assignments []meeting.Assignment
}

// Minutes writes the minutes (会议记录) of a meeting in format f, with the fields and in the
// order DOMAIN.md gives: heading, time, place, host and recorder; attendance; agenda; each item
// with its matter and step, explanation, statements, vote and verdict, resolution or outcome;
// closing time; signature lines; amendments. A sealed record carries its verification code near
// the top and at the bottom, a draft says it is one in the same places. Unless o.Unmasked, every
// text of the record is masked (Mask).
func Minutes(r MinutesRecord, f Format, o Options) ([]byte, error) {
	if err := f.valid(); err != nil {
		return nil, err
	}
	return render(buildMinutes(r, o), f)
}

// MinutesTitle is what a meeting's minutes are called, after the village's name: 村民代表会议记录,
// 党支部委员会会议记录, 夜话乡村会议记录, 板凳会记录.
func MinutesTitle(m meeting.Meeting) string {
	k := clean(strings.ReplaceAll(m.KindLabel(), "\n", " "))
	switch {
	case strings.HasSuffix(k, "委员会"):
		return k + "会议记录"
	case strings.HasSuffix(k, "会议"), strings.HasSuffix(k, "会"):
		return k + "记录"
	}
	return k + "会议记录"
}

// render writes a document in format f.
func render(d document, f Format) ([]byte, error) {
	switch f {
	case Text:
		return []byte(plainText(d)), nil
	case HTML:
		_, sections := markdown(d)
		return renderHTML(d, sections)
	}
	md, _ := markdown(d)
	return []byte(md), nil
}

func clock(t time.Time) string { return t.In(meeting.Beijing).Format("15:04") }

func day(t time.Time) string { return meeting.DateOf(t).Chinese() }

// moment is a date and time: 2026年9月29日 20:40.
func moment(t time.Time) string { return day(t) + " " + clock(t) }

// names lists people with their posts: 董建国（监票人）、郭春燕（计票人）.
func (b *builder) names(refs []meeting.Ref) string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = b.u1(r.Name)
		if r.Post != "" {
			out[i] += "（" + b.u1(r.Post) + "）"
		}
	}
	return strings.Join(out, "、")
}

// absences lists people with their reasons: 沈金凤（外出务工）、傅桂兰（请假：生病住院）.
func (b *builder) absences(as []meeting.Absence) string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = b.u1(a.Who.Name)
		if a.Reason != "" {
			out[i] += "（" + b.u1(a.Reason) + "）"
		}
	}
	return strings.Join(out, "、")
}

func unitWord(r meeting.Rule) string {
	if r.Unit == meeting.Households {
		return "户"
	}
	return "人"
}

func buildMinutes(r MinutesRecord, o Options) document {
	b := &builder{unmasked: o.Unmasked}
	m, v := r.Meeting, r.Village
	sealed := m.Status == meeting.Final
	heading := b.u1(v.Name) + MinutesTitle(m)
	if !sealed {
		heading += "（草稿）"
	}
	if o.Unmasked {
		heading += unmaskedNote
	}
	b.doc = document{kind: "minutes", title: heading}
	noCode := "草稿，未定稿，无校验码"
	if sealed {
		noCode = "已定稿，无校验码"
	}
	ref := referenceLine(KindMinutes, m.ID, Code(m.Seal), noCode, o.Unmasked)

	// Heading: what, when, where, who.
	b.section("head")
	b.h(1, txt(heading))
	b.p(txt(ref))
	var info []inline
	if m.Title != "" {
		info = append(info, label("会议名称", b.u1(m.Title)))
	}
	info = append(info, label("会议类型", b.kindText(m)))
	when := day(m.Start) + " " + clock(m.Start)
	switch {
	case m.End.IsZero():
		when += "开始"
	case meeting.DateOf(m.End) != meeting.DateOf(m.Start):
		when += "至" + moment(m.End)
	default:
		when += "至" + clock(m.End)
	}
	info = append(info, label("时间", when))
	if !m.NoticeOn.IsZero() {
		notice := fmt.Sprintf("%s通知，提前 %d 天", m.NoticeOn.Chinese(), meeting.DateOf(m.Start).Sub(m.NoticeOn))
		if m.NoticeNote != "" {
			notice += "（临时通知：" + b.u1(m.NoticeNote) + "）"
		}
		info = append(info, label("会议通知", notice))
	}
	if m.Place != "" {
		info = append(info, label("地点", b.u1(m.Place)))
	}
	info = append(info, label("主持人", b.u1(m.Host.Name)), label("记录人", b.u1(m.Recorder.Name)))
	if sealed {
		info = append(info, label("记录状态", "已定稿，于 "+moment(m.SealedAt)+" 封存"))
	} else {
		info = append(info, label("记录状态", "草稿，尚未定稿，内容可能还会修改"))
	}
	b.list(info...)

	// Attendance.
	b.section("body")
	b.h(2, txt("到会情况"))
	a := m.Attendance
	var att []inline
	if m.Kind == meeting.Formal {
		u := unitWord(v.Settings.RuleOn(m.Body, meeting.DateOf(m.Start)))
		att = append(att, label("应到", fmt.Sprintf("%d %s", a.Expected, u)), label("实到", fmt.Sprintf("%d %s", a.Present, u)))
		if len(a.Absent) > 0 {
			att = append(att, label("缺席", fmt.Sprintf("%d 人，%s", len(a.Absent), b.absences(a.Absent))))
		}
		if len(a.Excused) > 0 {
			att = append(att, label("请假（不计入应到）", fmt.Sprintf("%d 人，%s", len(a.Excused), b.absences(a.Excused))))
		}
	} else {
		// A consultation expects nobody: its head count, and how many of those are named.
		came := fmt.Sprintf("%d 人", a.Present)
		if n := len(a.Attendees); n > 0 && n < a.Present {
			came += fmt.Sprintf("，其中列名 %d 人", n)
		}
		att = append(att, label("到会", came))
		// An older roll call listed the cadres it was not told of as absent; what was sealed
		// is shown as it was sealed.
		if len(a.Absent) > 0 {
			att = append(att, label("缺席", b.absences(a.Absent)))
		}
	}
	if len(a.Attendees) > 0 {
		att = append(att, label("到会人员", b.names(a.Attendees)))
	}
	if len(a.Observers) > 0 {
		att = append(att, label("列席", b.names(a.Observers)))
	}
	b.list(att...)

	// Agenda.
	if len(m.Items) > 0 {
		b.h(2, txt("议程"))
		agenda := make([]inline, len(m.Items))
		for i, it := range m.Items {
			agenda[i] = txt(b.u1(it.Title))
		}
		b.ordered(agenda...)
	}

	// Items.
	byItem := map[int][]meeting.Statement{}
	for _, s := range r.Statements {
		if s.MeetingID == m.ID || s.MeetingID == 0 {
			byItem[s.Item] = append(byItem[s.Item], s)
		}
	}
	seen := map[int]bool{}
	for _, it := range m.Items {
		seen[it.N] = true
		b.item(r, it, byItem[it.N])
	}
	// Remarks recorded under no item of the agenda still belong to the record.
	var stray []meeting.Statement
	for _, s := range r.Statements {
		if !seen[s.Item] && (s.MeetingID == m.ID || s.MeetingID == 0) {
			stray = append(stray, s)
		}
	}
	if len(stray) > 0 {
		b.h(2, txt("其他发言"))
		b.statements(stray)
	}

	// Closing.
	if m.End.IsZero() {
		b.p(label("散会", "（尚未记录散会时间）"))
	} else {
		b.p(label("散会", clock(m.End)))
	}

	// Signatures: host, recorder, the township's cadre for a review or a resolution, attendees.
	b.section("sign")
	b.h(2, txt("签名"))
	rows := [][]inline{
		{txt("主持人"), txt(b.u1(m.Host.Name)), nil},
		{txt("记录人"), txt(b.u1(m.Recorder.Name)), nil},
	}
	lines := []inline{txt("主持人：" + b.u1(m.Host.Name) + "（签名）"), txt("记录人：" + b.u1(m.Recorder.Name) + "（签名）")}
	if needsTownship(m) {
		found := false
		for _, ob := range a.Observers {
			if isTownship(ob) {
				found = true
				role := "乡镇干部（" + b.u1(ob.Post) + "）"
				rows = append(rows, []inline{txt(role), txt(b.u1(ob.Name)), nil})
				lines = append(lines, txt(role+"："+b.u1(ob.Name)+"（签名）"))
			}
		}
		if !found {
			rows = append(rows, []inline{txt("乡镇干部（职务）"), nil, nil})
			lines = append(lines, txt("乡镇干部（职务）：（签名）"))
		}
	}
	// A row for each person named as present (the host and the recorder have theirs) and each
	// observer; those counted but not named sign the attendance sheet.
	signer := func(role string, r meeting.Ref) {
		name := b.u1(r.Name)
		if r.Post != "" {
			name += "（" + b.u1(r.Post) + "）"
		}
		rows = append(rows, []inline{txt(role), txt(name), nil})
		lines = append(lines, txt(role+"："+name+"（签名）"))
	}
	for _, r := range a.Attendees {
		if !r.Same(m.Host) && !r.Same(m.Recorder) {
			signer("参会人员", r)
		}
	}
	for _, ob := range a.Observers {
		if !(needsTownship(m) && isTownship(ob)) {
			signer("列席", ob)
		}
	}
	if rest := a.Present - len(a.Attendees); rest > 0 {
		role := "其他参会人员"
		if len(a.Attendees) == 0 {
			role = "参会人员"
		}
		rows = append(rows, []inline{txt(role), txt(fmt.Sprintf("%d 人，在签到表上逐一签名", rest)), nil})
		lines = append(lines, txt(fmt.Sprintf("%s：%d 人，在签到表上逐一签名", role, rest)))
	}
	b.table([]string{"签名项", "姓名", "签名"}, rows, lines)

	// Amendments, after the record was sealed.
	if len(r.Amendments) > 0 {
		b.section("amendments")
		b.h(2, txt("更正"))
		items := make([]inline, 0, len(r.Amendments))
		for _, x := range r.Amendments {
			items = append(items, inline{
				{text: moment(x.At) + "，" + b.u1(x.Author.Name) + "更正", strong: true},
				{text: "：" + b.u(x.Text) + "（理由：" + b.u1(x.Reason) + "）"},
			})
		}
		b.list(items...)
	}

	b.section("ref")
	b.p(txt(ref))
	return b.doc
}

// consultationLabel is what the minutes call a consultation meeting of any form.
const consultationLabel = "协商议事会"

// kindText says what kind of meeting m was: 村民代表会议（四议两公开：决议）, 协商议事会（夜话乡村）.
func (b *builder) kindText(m meeting.Meeting) string {
	if m.Kind != meeting.Formal {
		// A form that is itself 协商议事会 is said once, not 协商议事会（协商议事会）.
		if f := b.u1(m.Form); f != "" && f != consultationLabel {
			return consultationLabel + "（" + f + "）"
		}
		return consultationLabel
	}
	var steps []string
	have := map[meeting.Stage]bool{}
	for _, it := range m.Items {
		if it.Step != "" && !have[it.Step] {
			have[it.Step] = true
			steps = append(steps, it.Step.Label())
		}
	}
	if len(steps) == 0 {
		return m.Body.Label() + "（正式会议）"
	}
	return m.Body.Label() + "（四议两公开：" + strings.Join(steps, "、") + "）"
}

// needsTownship reports whether a meeting takes step 3 or 4 of a matter, where the township's
// attendee signs the minutes too.
func needsTownship(m meeting.Meeting) bool {
	for _, it := range m.Items {
		if it.Step == meeting.Reviewed || it.Step == meeting.Resolved {
			return true
		}
	}
	return false
}

// isTownship reports whether an observer came from the township (乡, 镇 or 街道 in the post).
func isTownship(r meeting.Ref) bool {
	return strings.Contains(r.Post, "镇") || strings.Contains(r.Post, "乡") || strings.Contains(r.Post, "街道")
}

// item writes one agenda item: its matter and step, explanation, statements, votes, resolution
// and outcome.
func (b *builder) item(r MinutesRecord, it meeting.Item, stmts []meeting.Statement) {
	m, v := r.Meeting, r.Village
	b.h(2, txt(fmt.Sprintf("议题 %d：%s", it.N, b.u1(it.Title))))
	var meta []inline
	mt, hasMatter := r.Matters[it.MatterID]
	if hasMatter && it.MatterID != 0 {
		s := "「" + b.u1(mt.Title) + "」"
		if it.Step != "" {
			s += "，本次" + it.Step.Label()
		}
		meta = append(meta, label("事项", s))
	}
	if it.RaisedBy != nil && it.RaisedBy.Name != "" {
		meta = append(meta, label("反映人", b.u1(it.RaisedBy.Name)))
	}
	if it.Explanation != "" {
		meta = append(meta, label("说明", b.u(it.Explanation)))
	}
	b.list(meta...)
	if len(stmts) > 0 {
		b.h(3, txt("发言"))
		b.statements(stmts)
	}

	var matter *meeting.Matter
	if hasMatter {
		matter = &mt
	}
	if it.Vote != nil || len(it.PriorVotes) > 0 {
		b.h(3, txt("表决"))
	}
	if len(it.PriorVotes) > 0 {
		b.p(txt("先前的表决（已由重新表决取代，留存备查）："))
		items := make([]inline, len(it.PriorVotes))
		for i, pv := range it.PriorVotes {
			d := v.Settings.ItemVerdict(m, it.Step, pv, matter)
			at := ""
			if !pv.At.IsZero() {
				at = clock(pv.At) + " "
			}
			items[i] = txt(fmt.Sprintf("%s%s，赞成 %d 票、反对 %d 票、弃权 %d 票：%s", at, pv.Method.Label(), pv.Ayes, pv.Noes, pv.Abstentions, d.Arithmetic()))
		}
		b.list(items...)
	}
	if vt := it.Vote; vt != nil {
		d := v.Settings.ItemVerdict(m, it.Step, *vt, matter)
		b.vote(*vt, m.Attendance, d)
	}
	if it.Resolution != "" {
		b.p(label("决议", dropLead(b.u(it.Resolution), "决议")))
	}
	b.outcome(r, it)
}

// statements lists remarks: 19:36 卢建国（诉求）：…
func (b *builder) statements(stmts []meeting.Statement) {
	items := make([]inline, len(stmts))
	for i, s := range stmts {
		who := b.u1(s.Speaker.Name)
		if s.Speaker.Post != "" {
			who += "（" + b.u1(s.Speaker.Post) + "）"
		}
		if k := s.Kind.Label(); k != "" {
			who += "（" + k + "）"
		}
		items[i] = txt(clock(s.At) + " " + who + "：" + b.u(s.Text))
	}
	b.list(items...)
}

// vote writes a vote: its counts with percentages of those present when it was taken, how it was
// taken, who stepped out and who counted, and the verdict with its arithmetic and basis.
func (b *builder) vote(vt meeting.Vote, a meeting.Attendance, d meeting.Verdict) {
	at := vt.Counts(a)
	voters := at.Present
	base := fmt.Sprintf("占表决时实到（%d %s）", voters, unitWord(d.Rule))
	rows := [][]inline{
		{txt("赞成"), txt(fmt.Sprintf("%d", vt.Ayes)), txt(meeting.Percent(vt.Ayes, voters))},
		{txt("反对"), txt(fmt.Sprintf("%d", vt.Noes)), txt(meeting.Percent(vt.Noes, voters))},
		{txt("弃权"), txt(fmt.Sprintf("%d", vt.Abstentions)), txt(meeting.Percent(vt.Abstentions, voters))},
	}
	line := fmt.Sprintf("赞成 %d 票（%s），反对 %d 票（%s），弃权 %d 票（%s），按表决时实到 %d %s计",
		vt.Ayes, meeting.Percent(vt.Ayes, voters), vt.Noes, meeting.Percent(vt.Noes, voters),
		vt.Abstentions, meeting.Percent(vt.Abstentions, voters), voters, unitWord(d.Rule))
	b.table([]string{"表决", "票数", base}, rows, []inline{txt(line)})
	method := vt.Method.Label()
	if method == "" {
		method = "（未记录）"
	}
	if !vt.At.IsZero() {
		method += "，" + clock(vt.At)
	}
	meta := []inline{label("表决方式", method)}
	if len(vt.Recused) > 0 {
		meta = append(meta, label("回避", b.absences(vt.Recused)))
	}
	if len(vt.Tellers) > 0 {
		meta = append(meta, label("监票、计票", b.names(vt.Tellers)))
	}
	meta = append(meta, label("结果", d.Arithmetic()), label("依据", d.Basis()))
	b.list(meta...)
}

// outcome writes how a consultation item ended, with the assignments made on it and, once
// recorded, their results and the feedback to whoever raised the item (OutcomeOf).
func (b *builder) outcome(r MinutesRecord, it meeting.Item) {
	oc, ok := b.outcomeOf(r, it)
	if !ok {
		return
	}
	if oc.Text != "" {
		b.p(label("处理", oc.Text))
		b.list(factLines(oc.Facts)...)
	}
	items := make([]inline, len(oc.Tasks))
	for i, x := range oc.Tasks {
		// One item a task: its facts on lines of their own within it.
		in := txt("交办：" + x.Text)
		for _, f := range x.Facts {
			in = append(in, span{text: "\n"})
			in = append(in, label(f.Label, f.Text)...)
		}
		items[i] = in
	}
	b.list(items...)
}

func factLines(fs []Fact) []inline {
	out := make([]inline, len(fs))
	for i, f := range fs {
		out[i] = label(f.Label, f.Text)
	}
	return out
}

// dropLead drops a lead-in the document already gives as a label: "决议：同意……" under the label
// 决议 reads "同意……".
func dropLead(text string, lead string) string {
	for _, colon := range []string{"：", ":"} {
		if rest, ok := strings.CutPrefix(text, lead+colon); ok && strings.TrimSpace(rest) != "" {
			return strings.TrimSpace(rest)
		}
	}
	return text
}
