package meeting

import (
	"fmt"
	"time"
)

// checkLaw runs the village-wide checks of the law in force as of today: the village's settings
// against the statute, how often the bodies meet, the notice given before a meeting, and the
// order of the four steps' meetings.
func (l Ledger) checkLaw(today Date) []Finding {
	s := l.Village.Settings
	v := l.Village.ID
	var out []Finding
	for _, f := range s.Shortfalls(today) {
		out = append(out, Finding{Code: CodeSettingBelowStatute, VillageID: v, Since: StatuteOn(today).From,
			Text: "本村设置" + f.Text() + "；现按法定标准执行",
			Todo: "打开本村设置，按 F4 一键改为法定标准（yishi rules 可查看现行标准及依据）"})
	}
	out = append(out, l.checkFrequency(today)...)
	for _, m := range l.Meetings {
		out = append(out, l.checkNotice(m)...)
	}
	out = append(out, l.checkOrder()...)
	return out
}

// frequency is one body's duty to meet: at least n times a period, by a figure.
type frequency struct {
	body   Body
	fig    string
	code   string
	yearly bool
}

var frequencies = []frequency{
	{RepresentativeAssembly, FigRepsPerQuarter, CodeRepsQuarterly, false},
	{VillagerAssembly, FigAssembliesPerYear, CodeAssemblyYearly, true},
	{PartyAssembly, FigPartyPerQuarter, CodePartyQuarterly, false},
}

// periodOf is the first day of the quarter or year holding d, and the first day of the next.
func periodOf(d Date, yearly bool) (Date, Date) {
	if yearly {
		start := NewDate(d.Time().Year(), time.January, 1)
		return start, NewDate(d.Time().Year()+1, time.January, 1)
	}
	q := Quarter(d)
	return q, DateOf(q.Time().AddDate(0, 3, 0))
}

func periodLabel(start Date, yearly bool) string {
	if yearly {
		return fmt.Sprintf("%d 年", start.Time().Year())
	}
	return QuarterLabel(start)
}

// checkFrequency holds the meetings of each body against how often it must meet. The periods
// checked start after the one holding the village's first recorded meeting (what came before
// is not in the archive); a period is a finding once it is over, and the period under way is
// shown, as ongoing, in its last month (quarter of a year) while its meeting is still to be held.
func (l Ledger) checkFrequency(today Date) []Finding {
	var first Date
	for _, m := range l.Meetings {
		if d := DateOf(m.Start); first.IsZero() || d.Before(first) {
			first = d
		}
	}
	if first.IsZero() {
		return nil
	}
	s := l.Village.Settings
	var out []Finding
	for _, fq := range frequencies {
		held := map[Date]int{}
		for _, m := range l.Meetings {
			if m.Kind == Formal && (m.Body == fq.body || fq.body == PartyAssembly && m.Body == PartyRepAssembly) {
				start, _ := periodOf(DateOf(m.Start), fq.yearly)
				held[start]++
			}
		}
		_, start := periodOf(first, fq.yearly)
		for !start.After(today) {
			_, next := periodOf(start, fq.yearly)
			f := s.Figure(fq.fig, start)
			basis := f.Cite()
			n := held[start]
			if f.Value > 0 && n < f.Value {
				what := fmt.Sprintf("%s召开%s %d 次，少于每%s至少 %d 次（%s）", periodLabel(start, fq.yearly), fq.body.Label(), n,
					map[bool]string{true: "年", false: "季度"}[fq.yearly], f.Value, basis)
				// The period under way shows in its last month (a quarter) or quarter (a year),
				// when there is still time to hold the meeting.
				lead := map[bool]int{true: -3, false: -1}[fq.yearly]
				if next.After(today) {
					if today.Before(DateOf(next.Time().AddDate(0, lead, 0))) {
						break
					}
					out = append(out, Finding{Code: CodePeriodDue, VillageID: l.Village.ID, Since: start,
						Text: what + "，本期还没有结束",
						Todo: fmt.Sprintf("在 %s 前召开%s", next.AddDays(-1), fq.body.Label())})
				} else {
					todo := "按时召开" + fq.body.Label() + "；如已召开而没有录入，请补录会议记录"
					if fq.code == CodePartyQuarterly {
						todo = "党员大会一般每季度召开 1 次：请支部安排；如已召开而没有录入，请补录会议记录"
					}
					out = append(out, Finding{Code: fq.code, VillageID: l.Village.ID, Since: next, Text: what, Todo: todo})
				}
			}
			start = next
		}
	}
	return out
}

// NoticeFigure is the figure that says how many days ahead a meeting of body b is announced;
// "" for bodies with none.
func NoticeFigure(b Body) string {
	switch b {
	case VillagerAssembly:
		return FigAssemblyNotice
	case RepresentativeAssembly:
		return FigRepNotice
	}
	return ""
}

// NoticeDays is how many days ahead meeting m was announced, and how many the figure in force
// on its date asks, with its basis; ok is false when no notice is required of m's body or none
// was recorded.
func (s Settings) NoticeDays(m Meeting) (gave, need int, basis string, ok bool) {
	key := NoticeFigure(m.Body)
	if m.Kind != Formal || key == "" || m.NoticeOn.IsZero() {
		return 0, 0, "", false
	}
	day := DateOf(m.Start)
	f := s.Figure(key, day)
	basis = f.Cite()
	return day.Sub(m.NoticeOn), f.Value, basis, true
}

// NoticeLate reports whether meeting m was announced later than it had to be: fewer days ahead
// than the figure in force, and not a 村民会议 called at short notice in a special case recorded,
// where the text in force allows one (2025 art. 25).
func (s Settings) NoticeLate(m Meeting) bool {
	gave, need, _, ok := s.NoticeDays(m)
	if !ok || gave >= need {
		return false
	}
	return !(m.Body == VillagerAssembly && StatuteOn(DateOf(m.Start)).Art.UrgentNoticeOK && m.NoticeNote != "")
}

// checkNotice holds a 村民会议 or 村民代表会议 against the notice it must be called with. A
// 村民会议 called at short notice in a special case, under a text that allows it (2025 art. 25),
// is in order when the case is recorded (Meeting.NoticeNote).
func (l Ledger) checkNotice(m Meeting) []Finding {
	s := l.Village.Settings
	key := NoticeFigure(m.Body)
	if m.Kind != Formal || key == "" {
		return nil
	}
	day := DateOf(m.Start)
	if m.NoticeOn.IsZero() {
		if m.Status == Final || day.Before(Law2025From) {
			return nil // a sealed record cannot take it any more; before 2026 it was not asked
		}
		return []Finding{{Code: CodeNoticeUnrecorded, VillageID: l.Village.ID, MeetingID: m.ID, Since: day,
			Text: fmt.Sprintf("%s没有登记会议通知日期", m.Name()),
			Todo: "在会议信息里填写通知日期；临时通知的，写明特殊情况"}}
	}
	if !s.NoticeLate(m) {
		return nil
	}
	gave, need, basis, _ := s.NoticeDays(m)
	text := fmt.Sprintf("%s（%s）%s 才通知，只提前了 %d 天，少于规定的 %d 天（%s）", m.Name(), day, m.NoticeOn, gave, need, basis)
	todo := "今后按规定天数提前通知"
	if m.Body == VillagerAssembly && StatuteOn(day).Art.UrgentNoticeOK {
		text += "，也没有写明临时通知的特殊情况"
		todo += "；遇有特殊情况临时通知的，在会议信息里写明情况"
	}
	return []Finding{{Code: CodeNoticeShort, VillageID: l.Village.ID, MeetingID: m.ID, Since: day, Text: text, Todo: todo}}
}

// checkOrder holds the meetings of each matter's steps to the order of the steps: a step's
// meeting held before the previous step's is out of order, as auditors check.
func (l Ledger) checkOrder() []Finding {
	meetings := make(map[ID]Meeting, len(l.Meetings))
	for _, m := range l.Meetings {
		meetings[m.ID] = m
	}
	var out []Finding
	for _, x := range l.Matters {
		var prev *Meeting
		var prevStage Stage
		for _, e := range x.History {
			if e.By == nil {
				continue
			}
			mt, ok := meetings[e.By.MeetingID]
			if !ok {
				continue
			}
			if prev != nil && mt.Start.Before(prev.Start) {
				out = append(out, Finding{Code: CodeDatesOutOfOrder, VillageID: l.Village.ID, MatterID: x.ID, MeetingID: mt.ID,
					Since: DateOf(mt.Start),
					Text: fmt.Sprintf("事项「%s」的「%s」（%s，%s）早于上一步「%s」（%s，%s）", x.Title, e.Stage.Label(), mt.Name(),
						DateOf(mt.Start), prevStage.Label(), prev.Name(), DateOf(prev.Start)),
					Todo: "核对两次会议的日期；四个步骤的会议应依次召开"})
			}
			prev, prevStage = &mt, e.Stage
		}
	}
	return out
}
