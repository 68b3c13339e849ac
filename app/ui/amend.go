package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the amendment screen: none of its own; it ends by reading the meeting again.

// amend writes a correction to a sealed meeting record (更正): who, why, what. The sealed record
// itself never changes; every reader and export shows the amendments with it.
type amend struct {
	c      *Common
	m      meeting.Meeting
	author *personField
	reason *textField
	text   *textField
	form   *form
	err    string
	width  int
	height int
}

// openAmend shows the amendment form of a sealed meeting.
func openAmend(c *Common, id meeting.ID) tea.Cmd {
	return openMeetingScreen(c, id, func(_ meeting.Village, m meeting.Meeting, people []meeting.Person) (Component, error) {
		return newAmend(c, m, people), nil
	})
}

func newAmend(c *Common, m meeting.Meeting, people []meeting.Person) *amend {
	st := c.Styles
	a := &amend{c: c, m: m}
	a.author = newPersonField(st, "更正人", meeting.NewIndex(people), m.Recorder)
	a.reason = newTextField(st, "理由", "", "例如 记录时把反对票数记错")
	a.text = newTextArea(st, "更正内容", "", "例如 第 2 项议题反对票应为 3 票", 3)
	// The reason and the correction first; the author, the recorder unless told otherwise, after.
	a.form = newForm(a.reason, a.text, a.author)
	a.form.FocusFirstEmpty()
	return a
}

func (a *amend) SetSize(width, height int) { a.width, a.height = width, height }

func (a *amend) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, a.c.Keys.Form.Cancel):
			if !a.form.Leave() {
				a.err = leaveAsk
				return a, nil
			}
			return a, readMeeting(a.c.Store, a.m.ID)
		case key.Matches(k, a.c.Keys.Form.Submit):
			a.form.settle()
			x := meeting.Amendment{MeetingID: a.m.ID, At: a.c.Now().In(meeting.Beijing), Author: a.author.Ref(),
				Reason: a.reason.Value(), Text: a.text.Value()}
			if err := core.Amend(a.c.Store, &x); err != nil {
				a.err = err.Error()
				return a, nil
			}
			return a, tea.Batch(saved("更正"), readMeeting(a.c.Store, a.m.ID))
		}
	}
	cmd, _ := a.form.Update(msg)
	return a, cmd
}

func (a *amend) content() (string, *tea.Cursor) {
	st := a.c.Styles
	head := wrap(st.Title.Render("更正：")+a.m.Name()+"\n"+st.Subtle.Render("记录已定稿封存，原文不变；更正连同时间、更正人和理由附在记录后面。"), a.width)
	body, c := a.form.View(st, a.width)
	if c != nil {
		c.Position.Y += strings.Count(head, "\n") + 2
	}
	text := head + "\n\n" + body
	if a.err != "" {
		text += "\n\n" + st.Error.Render(wrap(a.err, a.width))
	}
	return text, c
}

func (a *amend) View() string {
	text, c := a.content()
	out, _ := fit(text, a.height, c, 0)
	return out
}

func (a *amend) Cursor() *tea.Cursor {
	text, c := a.content()
	_, c = fit(text, a.height, c, 0)
	return c
}

func (a *amend) ShortHelp() []key.Binding {
	k := a.c.Keys.Form
	return []key.Binding{k.Next, relabel(k.Submit, "保存更正"), k.Cancel}
}

func (a *amend) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }
