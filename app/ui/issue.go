package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the notice screen: none of its own; it ends by reading the matter again.

// defaultBoard is where a notice is posted first: the village notice board.
const defaultBoard = "村务公开栏"

// issue issues and posts the notice a matter waits for: the resolution notice (决议公告) of a
// resolved matter, the result notice (实施结果公告) of an implemented one. Posting it moves the
// matter on, as the engine says; a posting shorter than the village's minimum, or one while a
// meeting behind the matter's steps is still a draft (meeting.NoticeReady), is refused, with the
// reason beside the form, and nothing is written.
type issue struct {
	matterForm
	kind    meeting.NoticeKind
	people  []meeting.Person
	heading *textField
	issued  *textField
	text    *textField
	contact *textField
	period  *periodFields
	sign    *signFields // the result notice's sign-off, nil for a resolution notice
}

// openIssue reads the matter and shows the notice screen for the notice it waits for, or says
// in plain words why there is none to post.
func openIssue(c *Common, id meeting.ID) tea.Cmd {
	return openMatterScreen(c, id, func(d matterDataMsg, people []meeting.Person) (Component, error) {
		k, err := d.village.Settings.AwaitedNotice(d.matter)
		if err != nil {
			return nil, err
		}
		return newIssue(c, d, k, people), nil
	})
}

func newIssue(c *Common, d matterDataMsg, k meeting.NoticeKind, people []meeting.Person) *issue {
	st := c.Styles
	today := meeting.DateOf(c.Now())
	set := d.village.Settings
	_, posted := k.Discloses()
	days, basis := set.PostingDays(today)
	s := &issue{matterForm: matterForm{c: c, d: d, title: k.Label(), submit: "张贴公告",
		note: fmt.Sprintf("公示期不少于 %d 天，起止两天都算（%s）。张贴后事项进入「%s」。", days, basis, posted.Label())},
		kind: k, people: people}
	s.heading = newTextField(st, "标题", "关于"+d.matter.Title+"的"+k.Label(), "")
	s.issued = newTextField(st, "发布日期", today.String(), "2026-11-23")
	s.text = newTextArea(st, "正文", defaultNoticeText(d, k), "决议和实施安排，或实施情况", 3)
	s.contact = newTextField(st, "异议联系", set.ObjectionContact, "例如 村务监督委员会主任 某某，电话……")
	s.period = newPeriodFields(st, set, defaultBoard, today)
	inputs := append([]input{s.heading, s.issued, s.text, s.contact}, s.period.inputs()...)
	if k == meeting.ResultNotice {
		s.sign = newSignFields(st, people, nil, today)
		inputs = append(inputs, s.sign.inputs()...)
	}
	s.form = newForm(inputs...)
	s.form.Focus(0)
	return s
}

// defaultNoticeText is what a new notice says beyond the record: the resolution and its plan,
// or what was done.
func defaultNoticeText(d matterDataMsg, k meeting.NoticeKind) string {
	x := d.matter
	im := x.Implementation
	if k == meeting.ResultNotice && im != nil {
		var b strings.Builder
		if !im.Started.IsZero() {
			fmt.Fprintf(&b, "于 %s 开工，", im.Started.Chinese())
		}
		if !im.Completed.IsZero() {
			fmt.Fprintf(&b, "%s 完成", im.Completed.Chinese())
		}
		if im.Acceptance != "" {
			fmt.Fprintf(&b, "，%s 验收：%s", im.AcceptedOn.Chinese(), im.Acceptance)
		}
		b.WriteString("。")
		if im.Spent != 0 {
			fmt.Fprintf(&b, "实际支出 %s", im.Spent)
			var parts []string
			if im.Subsidy != 0 {
				parts = append(parts, "上级补助 "+im.Subsidy.String())
			}
			if im.SelfRaised != 0 {
				parts = append(parts, "村民自筹 "+im.SelfRaised.String())
			}
			if len(parts) > 0 {
				b.WriteString("，其中" + strings.Join(parts, "，"))
			}
			b.WriteString("。")
		}
		return strings.TrimPrefix(b.String(), "。")
	}
	if im != nil && im.Plan != "" {
		return "实施安排：" + im.Plan
	}
	if e, ok := x.Reached(meeting.Resolved); ok && e.By != nil {
		if mt, ok := d.meetings[e.By.MeetingID]; ok {
			if it, ok := mt.Item(e.By.Item); ok {
				return it.Resolution
			}
		}
	}
	return ""
}

func (s *issue) Update(msg tea.Msg) (Component, tea.Cmd) {
	from := s.period.from.Value()
	return s, s.handle(msg, s.save, func() { s.period.changed(from) })
}

// notice is the notice as typed, with its first posting.
func (s *issue) notice() (meeting.Notice, error) {
	n := meeting.Notice{VillageID: s.d.village.ID, MatterID: s.d.matter.ID, Kind: s.kind, Title: s.heading.Value(),
		Text: s.text.Value(), Contact: s.contact.Value()}
	if n.Title == "" {
		return n, fmt.Errorf("请填写公告标题")
	}
	if n.Text == "" && n.Kind == meeting.ResolutionNotice {
		// Without a text of its own a resolution notice states the matter's implementation
		// plan as it stands, and the plan is written later: the posted notice would change.
		return n, fmt.Errorf("请填写正文：决议内容和实施安排")
	}
	var err error
	if n.Issued, err = dateIn(s.issued, true); err != nil {
		return n, err
	}
	p, err := s.period.posting()
	if err != nil {
		return n, err
	}
	n.Postings = []meeting.Posting{p}
	if s.sign != nil {
		if n.Supervision, err = s.sign.supervision(false); err != nil {
			return n, err
		}
	}
	return n, n.Validate()
}

// save issues the notice and posts it, moving the matter on: one transaction. The notice's ID
// is allocated first, so the matter's history can name it, then it is sealed over the record.
func (s *issue) save() tea.Cmd {
	n, err := s.notice()
	if err != nil {
		s.err = "没有张贴：" + err.Error()
		return nil
	}
	x, err := core.PostNotice(s.c.Store, s.d.village.Settings, n)
	if err != nil {
		s.err = "没有张贴：" + err.Error()
		return nil
	}
	return savedMatter(s.c, x.ID, fmt.Sprintf("%s已张贴，事项进入「%s」，", s.kind.Label(), x.Stage().Label()))
}
