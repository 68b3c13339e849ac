package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the sign-off screen: none of its own; it ends by reading the matter again.

// signFields are the supervision committee's sign-off of a notice: who signed (a member of the
// committee, found by name or pinyin initials), when, and the committee's opinion.
type signFields struct {
	members []meeting.Person
	by      *personField
	on      *textField
	opinion *textField
}

func newSignFields(st *Styles, people []meeting.Person, old *meeting.Supervision, today meeting.Date) *signFields {
	f := &signFields{members: meeting.Members(people, meeting.Supervisory)}
	index := f.members
	if len(index) == 0 {
		index = people // a roster without the committee: anyone may be named
	}
	var by meeting.Ref
	on, opinion := today.String(), ""
	if old != nil {
		by, on, opinion = old.By, old.On.String(), old.Opinion
	}
	f.by = newPersonField(st, "监委签署人", meeting.NewIndex(index), by)
	f.on = newTextField(st, "签署日期", on, "2026-11-23")
	f.opinion = newTextArea(st, "监委意见", opinion, "例如 经核查，程序符合规定，同意公开。", 2)
	return f
}

func (f *signFields) inputs() []input { return []input{f.by, f.on, f.opinion} }

// supervision is the sign-off as typed: nil when no one is named and it is not required.
func (f *signFields) supervision(required bool) (*meeting.Supervision, error) {
	by := f.by.Ref()
	if by.Name == "" {
		if required {
			return nil, fmt.Errorf("请填写%s（村务监督委员会成员）", f.by.Label())
		}
		return nil, nil
	}
	if len(f.members) > 0 {
		p, ok := f.by.Person()
		if !ok || !p.In(meeting.Supervisory) {
			return nil, fmt.Errorf("「%s」不是村务监督委员会成员：签署人请从监委会成员中选（输入姓名或拼音首字母）", by.Name)
		}
		by = p.Ref()
		by.Post = "村务监督委员会"
		for _, m := range p.Memberships {
			if m.Body == meeting.Supervisory && m.Role != "" {
				by.Post = "村务监督委员会" + m.Role
			}
		}
	}
	on, err := dateIn(f.on, true)
	if err != nil {
		return nil, err
	}
	return &meeting.Supervision{By: by, On: on, Opinion: f.opinion.Value()}, nil
}

// signOff records the supervision committee's sign-off of the matter's latest notice, when it
// was not given at issue (or corrects it).
type signOff struct {
	matterForm
	n    meeting.Notice
	sign *signFields
}

// openSignOff reads the matter and shows the sign-off of its latest notice.
func openSignOff(c *Common, id meeting.ID) tea.Cmd {
	return openMatterScreen(c, id, func(d matterDataMsg, people []meeting.Person) (Component, error) {
		n, ok := latestNotice(d.notices)
		if !ok {
			return nil, errNoNotice
		}
		return newSignOff(c, d, n, people), nil
	})
}

func newSignOff(c *Common, d matterDataMsg, n meeting.Notice, people []meeting.Person) *signOff {
	s := &signOff{matterForm: matterForm{c: c, d: d, title: "监委签署", submit: "保存签署",
		note: "村务监督委员会对「" + n.Title + "」的审核意见和签署。"}, n: n}
	if n.Supervision != nil {
		s.note += "已签署过，保存即更正。"
	}
	s.sign = newSignFields(c.Styles, people, n.Supervision, meeting.DateOf(c.Now()))
	s.form = newForm(s.sign.inputs()...)
	s.form.Focus(0)
	return s
}

func (s *signOff) Update(msg tea.Msg) (Component, tea.Cmd) {
	return s, s.handle(msg, s.save, nil)
}

func (s *signOff) save() tea.Cmd {
	sv, err := s.sign.supervision(true)
	if err != nil {
		s.err = err.Error()
		return nil
	}
	return saveNotice(s.c, &s.matterForm, s.n.ID, "监委签署", func(n *meeting.Notice) error {
		n.Supervision = sv
		return nil
	})
}

// saveNotice changes a notice of the form's matter in one transaction: it reads the notice
// afresh, applies change, validates it, seals it again over the matter's record and writes it.
// On an error it is shown on the form and nothing is written.
func saveNotice(c *Common, f *matterForm, id meeting.ID, what string, change func(n *meeting.Notice) error) tea.Cmd {
	err := core.ChangeNotice(c.Store, id, change)
	if err != nil {
		f.err = err.Error()
		return nil
	}
	return savedMatter(c, f.d.matter.ID, what)
}
