package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the withdrawal screen: none of its own; it ends by reading the matter again.

// withdraw ends a matter as withdrawn (撤回), with the day and the reason; F2 twice, since it
// cannot be undone.
type withdraw struct {
	matterForm
	on      *textField
	reason  *textField
	confirm bool
}

// openWithdraw reads the matter and shows the withdrawal, or says why it cannot be withdrawn.
func openWithdraw(c *Common, id meeting.ID) tea.Cmd {
	return openMatterScreen(c, id, func(d matterDataMsg, _ []meeting.Person) (Component, error) {
		if d.matter.Stage().Ended() {
			// The engine's refusal, in its words.
			y := d.matter
			return nil, meeting.Withdraw(&y, meeting.DateOf(c.Now()), "-")
		}
		return newWithdraw(c, d), nil
	})
}

func newWithdraw(c *Common, d matterDataMsg) *withdraw {
	st := c.Styles
	s := &withdraw{matterForm: matterForm{c: c, d: d, title: "撤回事项", submit: "撤回",
		note: "撤回后事项结束，不能再推进；理由写进事项的经过。"}}
	s.on = newTextField(st, "撤回日期", meeting.DateOf(c.Now()).String(), "2026-11-23")
	s.reason = newTextArea(st, "理由", "", "例如 上级已安排专项资金，不再使用集体收入", 2)
	s.form = newForm(s.reason, s.on)
	s.form.Focus(0)
	return s
}

func (s *withdraw) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && !key.Matches(k, s.c.Keys.Form.Submit) && s.confirm {
		s.confirm, s.err = false, ""
	}
	return s, s.handle(msg, s.save, nil)
}

func (s *withdraw) save() tea.Cmd {
	on, err := dateIn(s.on, true)
	if err != nil {
		s.err = err.Error()
		return nil
	}
	x := s.d.matter
	x.History = append([]meeting.Event(nil), x.History...)
	if err := meeting.Withdraw(&x, on, s.reason.Value()); err != nil {
		s.err = err.Error()
		return nil
	}
	if err := x.Validate(); err != nil {
		s.err = err.Error()
		return nil
	}
	if !s.confirm {
		s.confirm = true
		s.err = "再按 F2 撤回「" + x.Title + "」：撤回后不能恢复。按其他键取消。"
		return nil
	}
	s.confirm = false
	if err := core.SaveMatter(s.c.Store, &x); err != nil {
		s.err = err.Error()
		return nil
	}
	return savedMatter(s.c, x.ID, "事项已撤回，")
}
