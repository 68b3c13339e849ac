package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/meeting"
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
	raiser  *personField // 反映人: whom the answer or feedback is owed to
	answer  *textField
	owner   *personField
	due     *textField
	urgency *choiceField
	task    *textField
	title   *textField
	cat     *textField
	amount  *textField
	form    *form
	// prior says how the item already ended, when it has an outcome: an item ends once, and
	// the screen then only says so.
	prior  string
	err    string
	width  int
	height int
}

// openOutcome shows how item n of a consultation meeting ends, or how it already ended.
func openOutcome(c *Common, id meeting.ID, n int) tea.Cmd {
	return openMeetingScreen(c, id, func(v meeting.Village, m meeting.Meeting, people []meeting.Person) (Component, error) {
		it, _ := m.Item(n)
		stmts, err := c.Store.Statements(id)
		if err != nil {
			return nil, err
		}
		o := newOutcome(c, v, m, it, people)
		if it.RaisedBy == nil {
			if r, ok := meeting.Raiser(n, stmts); ok {
				o.raiser.Set(r)
			}
		}
		if it.Outcome != nil {
			prior, err := priorOutcome(c.Store, v, *it.Outcome)
			if err != nil {
				return nil, err
			}
			o.prior = prior
		}
		return o, nil
	})
}

// priorOutcome says how an item ended: 已当场答复, 已经交办给刘恒军，时限 …, 已转入四议：事项「…」.
func priorOutcome(s core.Store, v meeting.Village, o meeting.Outcome) (string, error) {
	switch o.Kind {
	case meeting.Answered:
		return "这个议题已当场答复：" + o.Answer, nil
	case meeting.Assigned:
		asg, err := s.Assignments(v.ID)
		if err != nil {
			return "", err
		}
		for _, a := range asg {
			if a.ID == o.AssignmentID {
				return fmt.Sprintf("这个议题已经交办给%s，时限 %s（%s）：%s", a.Owner.Name, a.Deadline, a.Urgency.Label(), a.Task), nil
			}
		}
		return "这个议题已经交办", nil
	case meeting.ToMatter:
		x, err := s.Matter(o.MatterID)
		if err != nil {
			return "这个议题已转入四议", nil
		}
		return "这个议题已转入四议：事项「" + x.Title + "」，" + v.Settings.Awaits(x.Stage()), nil
	}
	return "这个议题已经有处理结果：" + o.Kind.Label(), nil
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
	var raised meeting.Ref
	if it.RaisedBy != nil {
		raised = *it.RaisedBy
	}
	o.raiser = newPersonField(st, "反映人", meeting.NewIndex(people), raised)
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
	inputs = append(inputs, o.raiser) // last: what the recorder types first stays where it was
	focus, changed := 0, false
	if o.form != nil {
		focus, changed = o.form.focus, o.form.Changed()
	}
	o.form = newForm(inputs...)
	o.form.changed = changed
	o.form.focus = min(focus, len(inputs)-1)
}

func (o *outcome) SetSize(width, height int) { o.width, o.height = width, height }

func (o *outcome) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, o.c.Keys.Form.Cancel):
			if o.prior == "" && !o.form.Leave() {
				o.err = leaveAsk
				return o, nil
			}
			return o, openRecording(o.c, o.m.ID)
		case key.Matches(k, o.c.Keys.Form.Submit):
			o.form.settle()
			return o, o.save()
		}
	}
	if o.prior != "" {
		return o, nil // nothing to fill in: the item has its outcome
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
	if o.prior != "" {
		o.err = meeting.ErrHasOutcome.Error()
		return nil
	}
	today := meeting.DateOf(o.c.Now())
	ref := &meeting.ItemRef{MeetingID: o.m.ID, Item: o.item.N}
	out := meeting.Outcome{Kind: outcomeKinds[o.kind.index]}
	var raiser *meeting.Ref
	if r := o.raiser.Ref(); r.Name != "" {
		if _, ok := o.raiser.Person(); !ok && meeting.LatinQuery(r.Name) != "" {
			o.err = "反映人「" + r.Name + "」对不上花名册上的人：请检查拼音首字母，或直接输入姓名"
			return nil
		}
		raiser = &r
	}
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
		if o.amount.Value() != "" {
			amount, err := parseYuan(o.amount.label, o.amount.Value())
			if err != nil {
				o.err = err.Error()
				return nil
			}
			x.Amount = amount
		}
		if err := x.Validate(); err != nil {
			o.err = err.Error()
			return nil
		}
	}
	err := core.RecordOutcome(o.c.Store, o.m.ID, o.item.N, out, asg, x, raiser)
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
	if o.prior != "" {
		text := head + "\n\n" + st.Saved.Render(wrap(o.prior, o.width)) + "\n\n" +
			st.Subtle.Render(wrap("一个议题只记一次处理结果。要提出别的事，请按 Esc 回到记录界面，按 F2 新建议题。", o.width))
		if o.err != "" {
			text += "\n\n" + st.Error.Render(wrap(o.err, o.width))
		}
		return text, nil
	}
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
	if o.prior != "" {
		return []key.Binding{k.Cancel}
	}
	return []key.Binding{k.Next, o.c.Keys.Form.Choose, k.Submit, k.Cancel}
}

func (o *outcome) FullHelp() [][]key.Binding { return [][]key.Binding{o.ShortHelp()} }
