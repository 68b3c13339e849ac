package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"yishi/meeting"
)

// Messages of the objection screen: none of its own; it ends by reading the matter again.

// objectionScreen records an objection received against the matter's latest notice (when, from
// whom, what), or, while one is unanswered, its answer and the day it was answered.
type objectionScreen struct {
	matterForm
	n        meeting.Notice
	open     int // the index of the first unanswered objection, -1 for none
	mode     *choiceField
	on       *textField
	from     *textField
	text     *textField
	answer   *textField
	answered *textField
}

// openObjection reads the matter and shows the objections of its latest notice.
func openObjection(c *Common, id meeting.ID) tea.Cmd {
	return openMatterScreen(c, id, func(d matterDataMsg, _ []meeting.Person) (Component, error) {
		n, ok := latestNotice(d.notices)
		if !ok {
			return nil, errNoNotice
		}
		return newObjectionScreen(c, d, n), nil
	})
}

func newObjectionScreen(c *Common, d matterDataMsg, n meeting.Notice) *objectionScreen {
	st := c.Styles
	today := meeting.DateOf(c.Now()).String()
	s := &objectionScreen{matterForm: matterForm{c: c, d: d, title: "异议", submit: "保存"}, n: n, open: -1}
	for i, o := range n.Objections {
		if o.Answer == "" {
			s.open = i
			break
		}
	}
	s.on = newTextField(st, "收到日期", today, "2026-11-23")
	s.from = newTextField(st, "提出人", "", "姓名，或 三组村民 这样的说法")
	s.text = newTextArea(st, "异议内容", "", "对公告提出的意见或异议", 2)
	s.answer = newTextArea(st, "答复", "", "怎么答复的", 2)
	s.answered = newTextField(st, "答复日期", today, "2026-11-23")
	if s.open >= 0 {
		s.mode = newChoiceField("登记", []string{"答复这条异议", "新的异议"}, 0)
	}
	s.layout()
	s.form.FocusFirstEmpty()
	return s
}

// answering reports whether the screen answers the open objection rather than taking a new one.
func (s *objectionScreen) answering() bool { return s.mode != nil && s.mode.index == 0 }

// layout shows the fields of what is being recorded, and the objection being answered.
func (s *objectionScreen) layout() {
	st := s.c.Styles
	s.note = "「" + s.n.Title + "」"
	s.extra = ""
	var inputs []input
	if s.mode != nil {
		inputs = append(inputs, s.mode)
	}
	if s.answering() {
		o := s.n.Objections[s.open]
		s.note += "收到的异议，写上答复："
		who := o.From
		if who == "" {
			who = "未署名"
		}
		s.extra = st.Heading.Render(fmt.Sprintf("%s　%s：", o.On, who)) + o.Text
		inputs = append(inputs, s.answer, s.answered)
	} else {
		s.note += "收到的异议；答复可以以后再写（再按 F5）。"
		inputs = append(inputs, s.from, s.text, s.on) // the date, today unless told, last
	}
	focus := 0
	if s.form != nil {
		focus = s.form.focus
	}
	s.form = newForm(inputs...)
	s.form.focus = min(focus, len(inputs)-1)
}

func (s *objectionScreen) Update(msg tea.Msg) (Component, tea.Cmd) {
	before := s.answering()
	return s, s.handle(msg, s.save, func() {
		if s.answering() != before {
			s.layout()
		}
	})
}

func (s *objectionScreen) save() tea.Cmd {
	if s.answering() {
		answer := s.answer.Value()
		if answer == "" {
			s.err = "请写上怎么答复的"
			return nil
		}
		on, err := dateIn(s.answered, true)
		if err != nil {
			s.err = err.Error()
			return nil
		}
		asked := s.n.Objections[s.open]
		answered := asked
		answered.Answer, answered.Answered = answer, on
		if err := answered.Validate(); err != nil {
			s.err = err.Error()
			return nil
		}
		return saveNotice(s.c, &s.matterForm, s.n.ID, "异议答复", func(n *meeting.Notice) error {
			if s.open >= len(n.Objections) || !sameObjection(n.Objections[s.open], asked) {
				return fmt.Errorf("这条异议刚被改过，请按 Esc 返回后重新打开")
			}
			n.Objections = append([]meeting.Objection(nil), n.Objections...)
			n.Objections[s.open].Answer, n.Objections[s.open].Answered = answer, on
			return nil
		})
	}
	text := s.text.Value()
	if text == "" {
		s.err = "请写上异议的内容"
		return nil
	}
	on, err := dateIn(s.on, true)
	if err != nil {
		s.err = err.Error()
		return nil
	}
	o := meeting.Objection{On: on, From: s.from.Value(), Text: text}
	if err := o.Validate(); err != nil {
		s.err = err.Error()
		return nil
	}
	return saveNotice(s.c, &s.matterForm, s.n.ID, "异议", func(n *meeting.Notice) error {
		n.Objections = append(append([]meeting.Objection(nil), n.Objections...), o)
		return nil
	})
}

// sameObjection reports whether a and b are the same objection as received.
func sameObjection(a, b meeting.Objection) bool {
	return a.On.String() == b.On.String() && a.From == b.From && a.Text == b.Text && a.Answer == b.Answer
}
