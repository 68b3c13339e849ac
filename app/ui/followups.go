package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the follow-ups screen: none of its own. The screen is built in the command that
// reads the village (openFollowups), and built again, where the secretary left it, after a
// follow-up is saved.

// followFilter is which follow-ups the list shows.
type followFilter int

const (
	followAll        followFilter = iota // 全部
	followOpen                           // 办理中: assigned, not done, in time
	followLate                           // 逾期: assigned, not done, past the deadline
	followDone                           // 已办结
	followNoFeedback                     // 未反馈: done, whoever raised it not yet told
)

var followFilterLabels = []string{"全部", "办理中", "逾期", "已办结", "未反馈"}

// followup is one item raised at a consultation meeting, with how it ended: the assignment it
// was handed on as, or the matter it became. An assignment no item names has a zero meeting.
type followup struct {
	meeting meeting.Meeting
	item    meeting.Item
	asg     *meeting.Assignment
	matter  *meeting.Matter
}

// ref is the item the follow-up is, or the assignment's own item reference.
func (f followup) ref() meeting.ItemRef {
	if f.meeting.ID == 0 && f.asg != nil {
		return meeting.ItemRef{Item: -int(f.asg.ID)}
	}
	return meeting.ItemRef{MeetingID: f.meeting.ID, Item: f.item.N}
}

func (f followup) shows(filter followFilter, today meeting.Date) bool {
	if filter == followAll {
		return true
	}
	if f.asg == nil {
		return false
	}
	switch filter {
	case followOpen:
		return f.asg.Status(today) == meeting.InProgress
	case followLate:
		return f.asg.Status(today) == meeting.Late
	case followDone:
		return f.asg.Status(today) == meeting.Finished
	case followNoFeedback:
		return f.asg.AwaitsFeedback()
	}
	return false
}

// followupsView is where the secretary is in the list: kept across a save.
type followupsView struct {
	filter     followFilter
	byDeadline bool
	selected   meeting.ItemRef
}

// followups lists every item raised at the village's consultation meetings with its outcome:
// answered, assigned (owner, deadline, urgency, in progress, overdue or done, result, feedback),
// or turned into a matter. Enter on an assignment marks it done; on a matter, opens its trail.
type followups struct {
	c       *Common
	village meeting.Village
	today   meeting.Date
	all     []followup
	rows    []followup // filtered and sorted
	view    followupsView
	cursor  int
	width   int
	height  int
}

// openFollowups reads the follow-ups of a village and shows them.
func openFollowups(c *Common, village meeting.ID) tea.Cmd {
	return openFollowupsAt(c, village, followupsView{})
}

func openFollowupsAt(c *Common, village meeting.ID, v followupsView) tea.Cmd {
	s, today := c.Store, meeting.DateOf(c.Now())
	return func() tea.Msg {
		vil, fs, err := loadFollowups(s, village)
		if err != nil {
			return errMsg{err}
		}
		return built(func() Component { return newFollowups(c, vil, fs, today, v) })
	}
}

// loadFollowups reads the items of a village's consultation meetings with their assignments
// and matters.
func loadFollowups(s core.Store, village meeting.ID) (meeting.Village, []followup, error) {
	v, err := s.Village(village)
	if err != nil {
		return v, nil, err
	}
	ms, err := s.Meetings(village)
	if err != nil {
		return v, nil, err
	}
	asg, err := s.Assignments(village)
	if err != nil {
		return v, nil, err
	}
	xs, err := s.Matters(village)
	if err != nil {
		return v, nil, err
	}
	byID := make(map[meeting.ID]*meeting.Assignment, len(asg))
	for i := range asg {
		byID[asg[i].ID] = &asg[i]
	}
	matters := make(map[meeting.ID]*meeting.Matter, len(xs))
	for i := range xs {
		matters[xs[i].ID] = &xs[i]
	}
	named := map[meeting.ID]bool{}
	var out []followup
	for _, m := range ms {
		if m.Kind != meeting.Consultation {
			continue
		}
		head := m
		head.Items = nil
		for _, it := range m.Items {
			f := followup{meeting: head, item: it}
			if o := it.Outcome; o != nil {
				switch o.Kind {
				case meeting.Assigned:
					f.asg = byID[o.AssignmentID]
					named[o.AssignmentID] = true
				case meeting.ToMatter:
					f.matter = matters[o.MatterID]
				}
			}
			out = append(out, f)
		}
	}
	for i := range asg {
		if !named[asg[i].ID] {
			out = append(out, followup{item: meeting.Item{Title: asg[i].Task, Outcome: &meeting.Outcome{Kind: meeting.Assigned, AssignmentID: asg[i].ID}}, asg: &asg[i]})
		}
	}
	return v, out, nil
}

func newFollowups(c *Common, v meeting.Village, all []followup, today meeting.Date, view followupsView) *followups {
	s := &followups{c: c, village: v, all: all, today: today, view: view}
	s.refill()
	return s
}

// refill filters and sorts the list, keeping the selected item selected when it still shows.
func (s *followups) refill() {
	s.rows = s.rows[:0]
	for _, f := range s.all {
		if f.shows(s.view.filter, s.today) {
			s.rows = append(s.rows, f)
		}
	}
	byDate := func(a, b followup) int {
		if c := b.meeting.Start.Compare(a.meeting.Start); c != 0 {
			return c // newest meeting first
		}
		return cmp.Compare(a.item.N, b.item.N)
	}
	if s.view.byDeadline {
		slices.SortStableFunc(s.rows, func(a, b followup) int {
			switch {
			case a.asg != nil && b.asg != nil:
				if c := a.asg.Deadline.Time().Compare(b.asg.Deadline.Time()); c != 0 {
					return c
				}
			case a.asg != nil:
				return -1
			case b.asg != nil:
				return 1
			}
			return byDate(a, b)
		})
	} else {
		slices.SortStableFunc(s.rows, byDate)
	}
	s.cursor = 0
	for i, f := range s.rows {
		if f.ref() == s.view.selected {
			s.cursor = i
		}
	}
	s.pick()
}

// pick remembers the selected item.
func (s *followups) pick() {
	if s.cursor < len(s.rows) {
		s.view.selected = s.rows[s.cursor].ref()
	}
}

func (s *followups) SetSize(width, height int) { s.width, s.height = width, height }

func (s *followups) Update(msg tea.Msg) (Component, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	km := s.c.Keys.Followups
	switch {
	case key.Matches(k, km.Up):
		s.cursor = max(s.cursor-1, 0)
		s.pick()
	case key.Matches(k, km.Down):
		s.cursor = max(min(s.cursor+1, len(s.rows)-1), 0)
		s.pick()
	case key.Matches(k, km.Filter):
		s.view.filter = (s.view.filter + 1) % followFilter(len(followFilterLabels))
		s.refill()
	case key.Matches(k, km.FilterBack):
		s.view.filter = (s.view.filter + followFilter(len(followFilterLabels)) - 1) % followFilter(len(followFilterLabels))
		s.refill()
	case key.Matches(k, km.Sort):
		s.view.byDeadline = !s.view.byDeadline
		s.refill()
	case key.Matches(k, km.Open):
		return s, s.open()
	case key.Matches(k, km.Back):
		return s, goHome("")
	}
	return s, nil
}

// open marks the selected assignment done (or corrects it, or adds its feedback), or opens the
// matter the item became.
func (s *followups) open() tea.Cmd {
	if s.cursor >= len(s.rows) {
		return nil
	}
	f := s.rows[s.cursor]
	switch {
	case f.asg != nil:
		back := openFollowupsAt(s.c, s.village.ID, s.view)
		return show(newFinishForm(s.c, *f.asg, originText(f), back))
	case f.matter != nil:
		id := f.matter.ID
		return func() tea.Msg { return openMatterMsg{id: id} }
	}
	return nil
}

// originText says where an item was raised: 2026-09-08 夜话乡村：题目，第 2 项.
func originText(f followup) string {
	if f.meeting.ID == 0 {
		return ""
	}
	return fmt.Sprintf("%s %s，第 %d 项「%s」", meeting.DateOf(f.meeting.Start), f.meeting.Name(), f.item.N, f.item.Title)
}

// statusText says where an assignment stands, styled: 办理中, 逾期 3 天, 已办结 2026-09-12.
func statusText(st *Styles, a meeting.Assignment, today meeting.Date) string {
	switch a.Status(today) {
	case meeting.Late:
		return st.Error.Render(fmt.Sprintf("逾期 %d 天", today.Sub(a.Deadline)))
	case meeting.Finished:
		t := "已办结 " + a.Done.String()
		if a.DoneLate() {
			t += "（超期 " + fmt.Sprint(a.Done.Sub(a.Deadline)) + " 天）"
		}
		return st.Saved.Render(t)
	}
	return st.Warning.Render("办理中")
}

// outcomeLines are the lines under a follow-up's title: how it ended, and, for the selected one,
// the result and the feedback.
func (s *followups) outcomeLines(f followup, selected bool) []string {
	st := s.c.Styles
	o := f.item.Outcome
	switch {
	case o == nil:
		return []string{st.Warning.Render("未处理")}
	case o.Kind == meeting.Answered:
		return []string{st.Subtle.Render("已答复：") + o.Answer}
	case o.Kind == meeting.ToMatter:
		if f.matter == nil {
			return []string{st.Subtle.Render("转为事项")}
		}
		return []string{st.Subtle.Render("转为事项：") + "「" + f.matter.Title + "」" +
			st.Subtle.Render("，"+f.matter.Stage().Label()+"，"+s.village.Settings.Awaits(f.matter.Stage()))}
	case f.asg == nil:
		return []string{st.Subtle.Render("已交办")}
	}
	a := *f.asg
	line := st.Subtle.Render("已交办：") + a.Owner.Name + st.Subtle.Render("　时限 ") + a.Deadline.String()
	if a.Urgency != "" {
		line += st.Subtle.Render("（" + a.Urgency.Label() + "）")
	}
	line += "　" + statusText(st, a, s.today)
	if a.Status(s.today) == meeting.Finished {
		if a.AwaitsFeedback() {
			line += "　" + st.Warning.Render("未反馈")
		} else {
			line += "　" + st.Subtle.Render("已反馈")
		}
	}
	lines := []string{line}
	if selected {
		if f.meeting.ID != 0 && a.Task != f.item.Title {
			lines = append(lines, st.Subtle.Render("交办内容：")+a.Task)
		}
		if a.Result != "" {
			lines = append(lines, st.Subtle.Render("办理结果：")+a.Result)
		}
		if a.Feedback != "" {
			lines = append(lines, st.Subtle.Render("反馈（"+a.FedBack.String()+"）：")+a.Feedback)
		}
	}
	return lines
}

func (s *followups) header() string {
	st := s.c.Styles
	head := st.Title.Render("协商议事跟踪") + st.Subtle.Render("　"+s.village.Name)
	var tabs []string
	for i, l := range followFilterLabels {
		n := 0
		for _, f := range s.all {
			if f.shows(followFilter(i), s.today) {
				n++
			}
		}
		label := fmt.Sprintf("%s %d", l, n)
		if followFilter(i) == s.view.filter {
			tabs = append(tabs, st.Chosen.Render(label))
		} else {
			tabs = append(tabs, st.Subtle.Render(label))
		}
	}
	order := "按会议日期，新的在前"
	if s.view.byDeadline {
		order = "按办结时限，早的在前"
	}
	return wrap(head, s.width) + "\n" + wrap(strings.Join(tabs, "　"), s.width) + "\n" + st.Subtle.Render(wrap(order, s.width))
}

func (s *followups) View() string {
	st := s.c.Styles
	head := s.header()
	var lines []string
	keep := 0
	if len(s.rows) == 0 {
		msg := "这个村还没有协商议事会上提出的事项。"
		if s.view.filter != followAll {
			msg = "没有「" + followFilterLabels[s.view.filter] + "」的事项；按 Tab 换筛选。"
		}
		lines = append(lines, st.Subtle.Render(wrap(msg, s.width)))
	}
	for i, f := range s.rows {
		sel := i == s.cursor
		if sel {
			keep = len(lines)
		}
		title := f.item.Title
		if f.meeting.ID != 0 {
			title = meeting.DateOf(f.meeting.Start).String() + "　" + f.meeting.KindLabel() + "　" + title
		} else {
			title = "（未记来源）" + title
		}
		mark := "  "
		if sel {
			mark = "> "
			title = st.Chosen.Render(title)
		}
		lines = append(lines, strings.Split(indent(wrap(title, s.width-2), mark, "  "), "\n")...)
		for _, l := range s.outcomeLines(f, sel) {
			lines = append(lines, strings.Split(indent(wrap(l, s.width-4), "    ", "    "), "\n")...)
		}
	}
	h := max(s.height-strings.Count(head, "\n")-2, 1)
	body, _ := fit(strings.Join(lines, "\n"), h, nil, keep)
	return head + "\n\n" + body
}

// indent puts first before the first line of text and rest before the others.
func indent(text, first, rest string) string {
	lines := strings.Split(text, "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = rest + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

func (s *followups) ShortHelp() []key.Binding {
	k := s.c.Keys.Followups
	open := k.Open
	if s.cursor < len(s.rows) {
		switch f := s.rows[s.cursor]; {
		case f.asg != nil && f.asg.Status(s.today) == meeting.Finished:
			open = relabel(k.Open, "改办理结果／反馈")
		case f.asg != nil:
			open = relabel(k.Open, "登记办结")
		case f.matter != nil:
			open = relabel(k.Open, "打开事项")
		default:
			open.SetEnabled(false)
		}
	}
	return []key.Binding{k.Up, k.Filter, k.Sort, open, k.Back}
}

func (s *followups) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// finishForm marks an assignment done: the day, the result, and the feedback to whoever raised
// it with its day (which may come later: the form opens again on a done assignment). The rules
// are meeting.Assignment.Finish's; the change is one transaction.
type finishForm struct {
	c        *Common
	a        meeting.Assignment
	origin   string
	done     *textField
	result   *textField
	feedback *textField
	fedBack  *textField
	form     *form
	err      string
	back     tea.Cmd // reopens the list the form came from
	width    int
	height   int
}

func newFinishForm(c *Common, a meeting.Assignment, origin string, back tea.Cmd) *finishForm {
	st := c.Styles
	today := meeting.DateOf(c.Now())
	done := a.Done
	if done.IsZero() {
		done = today
	}
	f := &finishForm{c: c, a: a, origin: origin, back: back}
	f.done = newTextField(st, "办结日期", done.String(), "2026-11-23")
	f.result = newTextField(st, "办理结果", a.Result, "办了什么、办成什么样")
	f.feedback = newTextField(st, "反馈情况", a.Feedback, "怎么告诉提出人的（可以以后再补）")
	f.fedBack = newTextField(st, "反馈日期", a.FedBack.String(), "反馈后填写，例如 "+today.String())
	// What was done first, then its date (today unless told otherwise); the feedback after.
	f.form = newForm(f.result, f.done, f.feedback, f.fedBack)
	f.form.FocusFirstEmpty()
	return f
}

// openFinish reads assignment id of a village and shows the form that marks it done.
func openFinish(c *Common, village, id meeting.ID, back tea.Cmd) tea.Cmd {
	s := c.Store
	return func() tea.Msg {
		asg, err := s.Assignments(village)
		if err != nil {
			return errMsg{err}
		}
		for _, a := range asg {
			if a.ID != id {
				continue
			}
			origin := ""
			if a.From != nil {
				if m, err := s.Meeting(a.From.MeetingID); err == nil {
					it, _ := m.Item(a.From.Item)
					m.Items = nil
					origin = originText(followup{meeting: m, item: it})
				}
			}
			return built(func() Component { return newFinishForm(c, a, origin, back) })
		}
		return errMsg{fmt.Errorf("找不到第 %d 号交办事项", id)}
	}
}

func (f *finishForm) SetSize(width, height int) { f.width, f.height = width, height }

func (f *finishForm) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, f.c.Keys.Form.Cancel):
			if !f.form.Leave() {
				f.err = leaveAsk
				return f, nil
			}
			return f, f.back
		case key.Matches(k, f.c.Keys.Form.Submit):
			return f, f.save()
		}
	}
	cmd, _ := f.form.Update(msg)
	return f, cmd
}

// save asks the domain to accept what was typed, then writes the assignment in one transaction,
// refusing if it changed since the form opened.
func (f *finishForm) save() tea.Cmd {
	today := meeting.DateOf(f.c.Now())
	done, err := dateIn(f.done, false)
	if err != nil {
		f.err = err.Error()
		return nil
	}
	fed, err := dateIn(f.fedBack, false)
	if err != nil {
		f.err = err.Error()
		return nil
	}
	result, feedback := f.result.Value(), f.feedback.Value()
	was := f.a
	if err := core.FinishAssignment(f.c.Store, was, done, result, feedback, fed, today); err != nil {
		f.err = err.Error()
		return nil
	}
	what := "办理结果"
	switch {
	case !was.Done.IsZero() && was.Feedback == "" && feedback != "":
		what = "反馈情况"
	case feedback != "" && was.Done.IsZero():
		what = "办理结果和反馈"
	}
	return tea.Batch(saved(what), f.back)
}

func (f *finishForm) content() (string, *tea.Cursor) {
	st := f.c.Styles
	a := f.a
	today := meeting.DateOf(f.c.Now())
	head := st.Title.Render("交办事项办结：") + a.Task + "\n" +
		st.Subtle.Render("承办人 ") + a.Owner.Name + st.Subtle.Render("　交办 "+a.Assigned.String()+"　时限 "+a.Deadline.String())
	if a.Urgency != "" {
		head += st.Subtle.Render("（" + a.Urgency.Label() + "）")
	}
	head += "　" + statusText(st, a, today)
	if f.origin != "" {
		head += "\n" + st.Subtle.Render("来自 "+f.origin)
	}
	head += "\n" + st.Subtle.Render("填上办结日期和办理结果；向提出人反馈后，再填反馈情况和日期（可以以后补）。")
	head = wrap(head, f.width)
	body, c := f.form.View(st, f.width)
	if c != nil {
		c.Position.Y += strings.Count(head, "\n") + 2
	}
	return head + "\n\n" + body, c
}

func (f *finishForm) layout() (string, *tea.Cursor) {
	text, c := f.content()
	return fitAbove(f.c.Styles, text, c, f.err, f.width, f.height)
}

func (f *finishForm) View() string {
	out, _ := f.layout()
	return out
}

func (f *finishForm) Cursor() *tea.Cursor {
	_, c := f.layout()
	return c
}

func (f *finishForm) ShortHelp() []key.Binding {
	k := f.c.Keys.Form
	return []key.Binding{k.Next, k.Submit, k.Cancel}
}

func (f *finishForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }
