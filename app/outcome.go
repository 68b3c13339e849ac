package app

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"yishi/meeting"
	"yishi/storage"
)

// Messages of the outcome screen: none of its own; it ends by reopening the recording screen.

var outcomeKinds = []meeting.OutcomeKind{meeting.Answered, meeting.Assigned, meeting.ToMatter}

var urgencies = []meeting.Urgency{meeting.AtOnce, meeting.Soon, meeting.Somehow}

// outcome ends a consultation item: answered on the spot, handed to someone with a deadline
// (交办), or turned into a matter for 四议两公开. A consultation collects and consults: it never
// decides a matter, it only starts one.
type outcome struct {
	c       *Common
	village meeting.Village
	m       meeting.Meeting
	item    meeting.Item
	kind    *choiceField
	answer  *textField
	owner   *personField
	due     *textField
	urgency *choiceField
	task    *textField
	title   *textField
	cat     *textField
	amount  *textField
	form    *form
	err     string
	width   int
	height  int
}

// openOutcome shows how item n of a consultation meeting ends.
func openOutcome(c *Common, id meeting.ID, n int) tea.Cmd {
	return openMeetingScreen(c, id, func(v meeting.Village, m meeting.Meeting, people []meeting.Person) (Component, error) {
		it, _ := m.Item(n)
		return newOutcome(c, v, m, it, people), nil
	})
}

func newOutcome(c *Common, v meeting.Village, m meeting.Meeting, it meeting.Item, people []meeting.Person) *outcome {
	st := c.Styles
	today := meeting.DateOf(c.Now())
	o := &outcome{c: c, village: v, m: m, item: it}
	labels := make([]string, len(outcomeKinds))
	for i, k := range outcomeKinds {
		labels[i] = k.Label()
	}
	ul := make([]string, len(urgencies))
	for i, u := range urgencies {
		ul[i] = u.Label()
	}
	o.kind = newChoiceField("处理", labels, 0)
	o.answer = newTextArea(st, "答复", "", "当场怎么答复的", 2)
	o.owner = newPersonField(st, "承办人", meeting.NewIndex(people), meeting.Ref{})
	o.due = newTextField(st, "办结时限", today.AddDays(7).String(), "2026-11-30")
	o.urgency = newChoiceField("紧急程度", ul, 0)
	o.task = newTextField(st, "交办内容", it.Title, "")
	o.title = newTextField(st, "事项名称", it.Title, "")
	o.cat = newTextField(st, "类别", "", "例如 集体收入使用、公益事业")
	o.amount = newTextField(st, "估算金额", "", "元，例如 23000")
	o.layout()
	o.form.Focus(0)
	return o
}

// layout shows the fields of the chosen way.
func (o *outcome) layout() {
	inputs := []input{o.kind}
	switch outcomeKinds[o.kind.index] {
	case meeting.Answered:
		inputs = append(inputs, o.answer)
	case meeting.Assigned:
		inputs = append(inputs, o.task, o.owner, o.due, o.urgency)
	case meeting.ToMatter:
		inputs = append(inputs, o.title, o.cat, o.amount)
	}
	focus := 0
	if o.form != nil {
		focus = o.form.focus
	}
	o.form = newForm(inputs...)
	o.form.focus = min(focus, len(inputs)-1)
}

func (o *outcome) SetSize(width, height int) { o.width, o.height = width, height }

func (o *outcome) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, o.c.Keys.Form.Cancel):
			return o, openRecording(o.c, o.m.ID)
		case key.Matches(k, o.c.Keys.Form.Submit):
			return o, o.save()
		}
	}
	before := o.kind.index
	cmd, _ := o.form.Update(msg)
	if o.kind.index != before {
		o.layout()
	}
	return o, cmd
}

// save writes the outcome on the item, and the assignment or the new matter, in one transaction.
func (o *outcome) save() tea.Cmd {
	today := meeting.DateOf(o.c.Now())
	ref := &meeting.ItemRef{MeetingID: o.m.ID, Item: o.item.N}
	out := meeting.Outcome{Kind: outcomeKinds[o.kind.index]}
	var asg *meeting.Assignment
	var x *meeting.Matter
	switch out.Kind {
	case meeting.Answered:
		if out.Answer = o.answer.Value(); out.Answer == "" {
			o.err = "请写上当场是怎么答复的"
			return nil
		}
	case meeting.Assigned:
		due, err := meeting.ParseDate(o.due.Value())
		if err != nil {
			o.err = err.Error()
			return nil
		}
		asg = &meeting.Assignment{VillageID: o.village.ID, From: ref, Task: o.task.Value(), Owner: o.owner.Ref(),
			Assigned: today, Deadline: due, Urgency: urgencies[o.urgency.index]}
		if err := asg.Validate(); err != nil {
			o.err = err.Error()
			return nil
		}
	case meeting.ToMatter:
		x = &meeting.Matter{VillageID: o.village.ID, Title: o.title.Value(), Category: o.cat.Value(), Origin: ref, Created: today}
		if v := strings.TrimSuffix(o.amount.Value(), "元"); v != "" {
			yuan, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || yuan < 0 {
				o.err = fmt.Sprintf("估算金额「%s」要写成数字，例如 23000", o.amount.Value())
				return nil
			}
			x.Amount = meeting.Money(yuan*100 + 0.5)
		}
		if err := x.Validate(); err != nil {
			o.err = err.Error()
			return nil
		}
	}
	m := o.m
	m.Items = append([]meeting.Item(nil), m.Items...)
	err := o.c.Store.Update(func(tx *storage.Tx) error {
		if asg != nil {
			if err := tx.PutAssignment(asg); err != nil {
				return err
			}
			out.AssignmentID = asg.ID
		}
		if x != nil {
			if err := tx.PutMatter(x); err != nil {
				return err
			}
			out.MatterID = x.ID
		}
		for i := range m.Items {
			if m.Items[i].N == o.item.N {
				oc := out
				m.Items[i].Outcome = &oc
				if x != nil {
					m.Items[i].MatterID = x.ID
				}
			}
		}
		return tx.PutMeeting(&m)
	})
	if err != nil {
		o.err = err.Error()
		return nil
	}
	return tea.Batch(saved(out.Kind.Label()), openRecording(o.c, o.m.ID))
}

func (o *outcome) content() (string, *tea.Cursor) {
	st := o.c.Styles
	head := st.Title.Render("处理议题："+o.item.Title) + "\n" +
		st.Subtle.Render("协商议事会只收集、协商，不作决定；需要决定的事转入四议两公开。")
	head = wrap(head, o.width)
	body, c := o.form.View(st, o.width)
	if c != nil {
		c.Position.Y += strings.Count(head, "\n") + 2
	}
	text := head + "\n\n" + body
	if o.err != "" {
		text += "\n\n" + st.Error.Render(wrap(o.err, o.width))
	}
	return text, c
}

func (o *outcome) View() string {
	text, c := o.content()
	out, _ := fit(text, o.height, c, 0)
	return out
}

func (o *outcome) Cursor() *tea.Cursor {
	text, c := o.content()
	_, c = fit(text, o.height, c, 0)
	return c
}

func (o *outcome) ShortHelp() []key.Binding {
	k := o.c.Keys.Form
	return []key.Binding{k.Next, key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←→", "选择")), k.Submit, k.Cancel}
}

func (o *outcome) FullHelp() [][]key.Binding { return [][]key.Binding{o.ShortHelp()} }
