package ui

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the roll call: none of its own; it writes the attendance as it changes and ends
// with buildMsg (the recording screen) or homeMsg.

// markLabels name the marks of a roll call; a consultation expects nobody, so nobody there is
// absent, only not (yet) there.
var (
	markLabels         = map[meeting.Mark]string{meeting.MarkedAbsent: "缺席", meeting.MarkedPresent: "出席", meeting.MarkedExcused: "请假"}
	consultationLabels = map[meeting.Mark]string{meeting.MarkedAbsent: "未到", meeting.MarkedPresent: "到场"}
)

// rollCall marks who came. A body's meeting lists its members; a villagers' meeting is counted
// instead. A consultation is counted too, and names who came where they are known: the cadres
// who answer (marked as they come), and villagers named with F4.
type rollCall struct {
	c       *Common
	village meeting.Village
	m       meeting.Meeting
	body    meeting.Body // whose members are called: the meeting's body, or the cadres at a consultation
	entries []meeting.RollMark
	people  []meeting.Person // the village's people, to name who came to a consultation
	cursor  int
	top     int // first entry shown
	// text is the field being typed into, if any: a reason, an observer, or a count.
	text *textField
	// person is the person being named as come to a consultation (editing "attendee").
	person  *personField
	editing string // "reason", "observer", "attendee", or ""
	counts  *form  // expected and present, for counted meetings
	// recording says the meeting is already being recorded (F9 for latecomers): Esc goes back
	// to the recording, not home.
	recording bool
	width     int
	height    int
	err       string
}

// openRollCall shows the roll call of a meeting being recorded.
func openRollCall(c *Common, id meeting.ID) tea.Cmd {
	return openMeetingScreen(c, id, func(v meeting.Village, m meeting.Meeting, people []meeting.Person) (Component, error) {
		if m.Kind == meeting.Consultation {
			// Whoever has spoken was there: named before the roll is shown.
			stmts, err := c.Store.Statements(id)
			if err != nil {
				return nil, err
			}
			m.CountSpeakers(stmts)
		}
		r := newRollCall(c, v, m, people)
		r.recording = true
		return r, nil
	})
}

// counted reports whether the meeting is counted rather than roll-called.
func counted(m meeting.Meeting) bool {
	return m.Kind == meeting.Consultation || m.Body == meeting.VillagerAssembly
}

func newRollCall(c *Common, v meeting.Village, m meeting.Meeting, people []meeting.Person) *rollCall {
	r := &rollCall{c: c, village: v, m: m, people: people}
	r.body = m.Body
	switch {
	case m.Kind == meeting.Consultation:
		r.body = meeting.TwoCommittees // the cadres who answer
		r.entries = meeting.ConsultationMarks(meeting.Members(people, r.body), people, m.Attendance)
	case r.body != meeting.VillagerAssembly:
		r.entries = meeting.Marks(r.body, meeting.Members(people, r.body), m.Attendance)
	}
	if counted(m) {
		expected, present := m.Attendance.Expected, m.Attendance.Present
		if m.Body == meeting.VillagerAssembly && expected == 0 {
			expected = v.Adults
			if v.Settings.AssemblyByHousehold {
				expected = v.Households
			}
		}
		var inputs []input
		if m.Body == meeting.VillagerAssembly {
			inputs = append(inputs, newTextField(c.Styles, "应到", itoa(expected), "人数或户数"))
		}
		inputs = append(inputs, newTextField(c.Styles, "实到", itoa(present), "到场人数（含村民）"))
		r.counts = newForm(inputs...)
		r.counts.Focus(0)
	}
	return r
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// attendance is the roll call as the meeting records it (meeting.TakeRoll counts it).
func (r *rollCall) attendance() (meeting.Attendance, error) {
	return r.attendanceOf(r.entries)
}

func (r *rollCall) attendanceOf(entries []meeting.RollMark) (meeting.Attendance, error) {
	var vals []int
	if r.counts != nil {
		for _, in := range r.counts.inputs {
			f := in.(*textField)
			n := 0
			if v := f.Value(); v != "" {
				var err error
				if n, err = strconv.Atoi(v); err != nil || n < 0 {
					return r.m.Attendance, fmt.Errorf("「%s」要填人数（整数），现在是「%s」", f.label, v)
				}
			}
			vals = append(vals, n)
		}
	}
	if r.m.Kind == meeting.Consultation {
		a := meeting.ConsultationRoll(entries, vals[0], r.m.Attendance.Observers)
		return a, a.Validate()
	}
	a := meeting.TakeRoll(r.body, entries, r.m.Attendance.Observers)
	if r.m.Body == meeting.VillagerAssembly {
		a.Expected, a.Present = vals[0], vals[1]
	}
	return a, a.Validate()
}

// persist writes the attendance at once: every mark is durable as it is made.
func (r *rollCall) persist() tea.Cmd { return r.persistWith(r.entries) }

// persistWith writes the roll call with the given marks and, only once that is written, shows them:
// the screen never shows a mark the archive does not hold.
func (r *rollCall) persistWith(entries []meeting.RollMark) tea.Cmd {
	a, err := r.attendanceOf(entries)
	if err != nil {
		r.err = err.Error()
		return nil
	}
	if err := core.TakeRoll(r.c.Store, &r.m, a); err != nil {
		r.err = err.Error()
		return nil
	}
	r.entries, r.err = entries, ""
	return saved("点名")
}

func (r *rollCall) SetSize(width, height int) { r.width, r.height = width, height }

func (r *rollCall) Update(msg tea.Msg) (Component, tea.Cmd) {
	k, isKey := msg.(tea.KeyPressMsg)
	keys := r.c.Keys.RollCall
	if r.editing != "" {
		if isKey && key.Matches(k, keys.Back) {
			r.editing, r.text, r.person, r.err = "", nil, nil, ""
			return r, nil
		}
		if r.person != nil {
			if isKey && key.Matches(k, r.c.Keys.Form.Accept) {
				r.person.accept() // the highlighted match, as a form's Enter takes it
				return r, r.nameAttendee()
			}
			return r, r.person.Update(msg)
		}
		if isKey && key.Matches(k, r.c.Keys.Form.Accept) {
			cmd := r.finishText()
			r.editing, r.text = "", nil
			return r, cmd
		}
		return r, r.text.Update(msg)
	}
	if !isKey {
		if r.counts != nil {
			cmd, _ := r.counts.Update(msg)
			return r, cmd
		}
		return r, nil
	}
	switch {
	case key.Matches(k, keys.Back):
		if r.recording {
			return r, openRecording(r.c, r.m.ID)
		}
		return r, goHome("")
	case key.Matches(k, keys.Next):
		cmd := r.persist()
		if r.err != "" {
			return r, nil
		}
		return r, tea.Batch(cmd, openRecording(r.c, r.m.ID))
	case key.Matches(k, keys.AddObserver):
		r.editing = "observer"
		r.text = newTextField(r.c.Styles, "列席", "", "姓名 职务，例如 周立平 镇联络干部")
		return r, r.text.Focus()
	case key.Matches(k, keys.AddAttendee) && r.m.Kind == meeting.Consultation:
		r.editing = "attendee"
		r.person = newPersonField(r.c.Styles, "到会", meeting.NewIndex(r.people), meeting.Ref{})
		return r, r.person.Focus()
	}
	if r.counts != nil && len(r.entries) == 0 {
		before := r.countValues()
		cmd, _ := r.counts.Update(msg)
		if r.countValues() != before {
			return r, tea.Batch(cmd, r.persist())
		}
		return r, cmd
	}
	switch {
	case key.Matches(k, keys.Up):
		r.cursor = max(r.cursor-1, 0)
	case key.Matches(k, keys.Down):
		r.cursor = min(r.cursor+1, len(r.entries)-1)
	case key.Matches(k, keys.Toggle):
		if len(r.entries) > 0 {
			entries := append([]meeting.RollMark(nil), r.entries...)
			e := &entries[r.cursor]
			switch {
			case r.m.Kind == meeting.Consultation && e.Mark == meeting.MarkedPresent:
				e.Mark = meeting.MarkedAbsent // not there: named nowhere
			case r.m.Kind == meeting.Consultation:
				e.Mark = meeting.MarkedPresent
			default:
				e.Mark = (e.Mark + 1) % 3
			}
			if e.Mark == meeting.MarkedPresent {
				e.Reason = ""
			}
			return r, r.persistWith(entries)
		}
	case key.Matches(k, keys.Reason) && r.m.Kind != meeting.Consultation:
		if len(r.entries) > 0 && r.entries[r.cursor].Mark != meeting.MarkedPresent {
			r.editing = "reason"
			r.text = newTextField(r.c.Styles, "原因", r.entries[r.cursor].Reason, "例如 外出务工、生病住院")
			return r, r.text.Focus()
		}
	case r.counts != nil:
		before := r.countValues()
		cmd, _ := r.counts.Update(msg)
		if r.countValues() != before {
			return r, tea.Batch(cmd, r.persist())
		}
		return r, cmd
	}
	return r, nil
}

func (r *rollCall) countValues() string {
	var vs []string
	for _, in := range r.counts.inputs {
		vs = append(vs, in.(*textField).ta.Value())
	}
	return strings.Join(vs, "/")
}

// nameAttendee names the person typed as come to a consultation: a roster entry (or a
// remembered guest) found by name or initials, or a villager's name typed in full. Initials
// that match nobody are no name: the field stays open and says so. A cadre already listed is
// marked as come; anyone named twice is listed once.
func (r *rollCall) nameAttendee() tea.Cmd {
	typed := strings.TrimSpace(r.person.text.Value())
	if typed == "" {
		r.editing, r.person, r.err = "", nil, ""
		return nil
	}
	p, ok := r.person.Person()
	if !ok {
		if meeting.LatinQuery(typed) != "" {
			r.err = "「" + typed + "」对不上花名册上的人：请检查拼音首字母，或直接输入姓名"
			return nil
		}
		if msg := meeting.NameProblem(typed); msg != "" {
			r.err = msg
			return nil
		}
		p = meeting.Person{Name: typed, Guest: true}
	}
	entries := append([]meeting.RollMark(nil), r.entries...)
	at := -1
	for i, e := range entries {
		if e.Person.Ref().Same(p.Ref()) {
			at = i
		}
	}
	if at < 0 {
		entries = append(entries, meeting.RollMark{Person: p})
		at = len(entries) - 1
	}
	entries[at].Mark = meeting.MarkedPresent
	cmd := r.persistWith(entries)
	if r.err == "" {
		r.cursor = at
		r.editing, r.person = "", nil
	}
	return cmd
}

// finishText takes what was typed into the reason or observer field.
func (r *rollCall) finishText() tea.Cmd {
	v := r.text.Value()
	switch r.editing {
	case "reason":
		entries := append([]meeting.RollMark(nil), r.entries...)
		entries[r.cursor].Reason = v
		return r.persistWith(entries)
	case "observer":
		if v == "" {
			return nil
		}
		// Name, then post after any white space: an input method types the full-width space.
		name, post := v, ""
		if i := strings.IndexFunc(v, unicode.IsSpace); i > 0 {
			_, size := utf8.DecodeRuneInString(v[i:])
			name, post = v[:i], strings.TrimSpace(v[i+size:])
		}
		before := r.m.Attendance.Observers
		r.m.Attendance.Observers = append(append([]meeting.Ref(nil), before...), meeting.Ref{Name: name, Post: post})
		cmd := r.persist()
		if r.err != "" {
			r.m.Attendance.Observers = before // not written: not shown
		}
		return cmd
	}
	return r.persist()
}

// gauge draws 应到 / 实到 against the body's quorum, with the rule and its basis.
func (r *rollCall) gauge(width int) string {
	st := r.c.Styles
	a, _ := r.attendance()
	if r.m.Kind == meeting.Consultation {
		return st.Subtle.Render(fmt.Sprintf("协商议事会不计法定人数，也不记缺席：到场 %d 人，其中列名 %d 人；列席 %d 人。发言的人定稿时自动列名。",
			a.Present, len(a.Attendees), len(a.Observers)))
	}
	// The engine's verdict on an empty vote is the quorum part of the rule, as any vote will see it.
	d := r.village.Settings.Verdict(r.m.Body, meeting.DateOf(r.m.Start), a, meeting.Vote{}, nil)
	rule, need := d.Rule, d.QuorumMin
	verdict := st.Saved.Render("已达法定人数")
	if !d.Quorate {
		verdict = st.Error.Render(fmt.Sprintf("还差 %d 人", max(need-a.Present, 0)))
	}
	line := fmt.Sprintf("应到 %d　实到 %d　法定人数 %d　", a.Expected, a.Present, need) + verdict
	return line + "\n" + bar(st, a.Present, a.Expected, need, min(width, 40)) + "\n" +
		st.Subtle.Render(rule.Body.Label()+"："+rule.Describe()+"。依据："+rule.Basis)
}

// bar draws count out of total as coloured cells, with the threshold's cell marked: plain
// spaces on a background, since block characters are ambiguous-width in CJK terminals.
func bar(st *Styles, count, total, threshold, width int) string {
	if total <= 0 || width < 4 {
		return ""
	}
	filled := count * width / total
	mark := threshold * width / total
	var b strings.Builder
	for i := 0; i < width; i++ {
		style := st.BarEmpty
		if i < filled {
			style = st.BarFull
			if count < threshold {
				style = st.BarShort
			}
		}
		cell := " "
		if i == mark && mark < width {
			cell = "|"
		}
		b.WriteString(style.Render(cell))
	}
	return b.String()
}

func (r *rollCall) View() string {
	st := r.c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render("点名") + st.Subtle.Render("　"+r.m.Name()) + "\n")
	gauge := wrap(r.gauge(r.width), r.width)
	b.WriteString(gauge + "\n\n")
	used := 2 + lipgloss.Height(gauge) + 1
	if r.counts != nil {
		v, _ := r.counts.View(st, r.width)
		b.WriteString(v + "\n")
		used += lipgloss.Height(v)
		if len(r.entries) > 0 {
			b.WriteString(st.Subtle.Render("两委干部和列名到会的人：") + "\n")
			used++
		}
	}
	rows := max(r.height-used-3, 1)
	if r.cursor < r.top {
		r.top = r.cursor
	}
	if r.cursor >= r.top+rows {
		r.top = r.cursor - rows + 1
	}
	for i := r.top; i < len(r.entries) && i < r.top+rows; i++ {
		e := r.entries[i]
		style := st.Subtle
		switch e.Mark {
		case meeting.MarkedPresent:
			style = st.Saved
		case meeting.MarkedAbsent:
			style = st.Warning
		}
		label := markLabels[e.Mark]
		if r.m.Kind == meeting.Consultation {
			label = consultationLabels[e.Mark]
		}
		line := fmt.Sprintf("%s %s", style.Render("【"+label+"】"), e.Person.Name)
		if e.Person.Title != "" {
			line += st.Subtle.Render(" " + e.Person.Title)
		}
		if !meeting.Votes(e.Person, r.body) {
			line += st.Subtle.Render("（预备党员，无表决权）")
		}
		if e.Reason != "" {
			line += "：" + e.Reason
		}
		if i == r.cursor {
			line = st.ActiveTab.Render("›") + line
		} else {
			line = " " + line
		}
		b.WriteString(ansi.Truncate(line, r.width, core.CutMark) + "\n")
	}
	if obs := r.m.Attendance.Observers; len(obs) > 0 {
		b.WriteString(st.Subtle.Render("列席："+names(obs)) + "\n")
	}
	if r.text != nil {
		b.WriteString(r.text.label + "：" + r.text.View(st, r.width-lipgloss.Width(r.text.label)-2) + "\n")
	}
	if r.person != nil {
		b.WriteString(r.person.Label() + "：" + r.person.View(st, r.width-lipgloss.Width(r.person.Label())-2) + "\n")
	}
	if r.err != "" {
		b.WriteString(st.Error.Render(r.err))
	}
	return b.String()
}

// Cursor is the caret of the reason, observer or count field being typed into.
func (r *rollCall) Cursor() *tea.Cursor {
	if r.text != nil || r.person != nil {
		label, c := "", (*tea.Cursor)(nil)
		if r.text != nil {
			label, c = r.text.label, r.text.Cursor()
		} else {
			label, c = r.person.Label(), r.person.text.Cursor()
		}
		if c == nil {
			return nil
		}
		lines := strings.Split(r.View(), "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, label+"：") {
				c.Position.X += lipgloss.Width(label) + 2
				c.Position.Y += i
				return c
			}
		}
		return nil
	}
	if r.counts != nil {
		// Digits typed go to the count, list or no list: its caret shows where they land.
		_, c := r.counts.View(r.c.Styles, r.width)
		if c != nil {
			c.Position.Y += 1 + lipgloss.Height(wrap(r.gauge(r.width), r.width)) + 1
		}
		return c
	}
	return nil
}

func (r *rollCall) ShortHelp() []key.Binding {
	k := r.c.Keys.RollCall
	if r.editing != "" {
		return []key.Binding{r.c.Keys.Form.Accept, k.Back}
	}
	if r.m.Kind == meeting.Consultation {
		return []key.Binding{k.Up, k.Came, k.AddAttendee, k.AddObserver, k.Next, k.Back}
	}
	if len(r.entries) == 0 {
		return []key.Binding{r.c.Keys.Form.Next, k.AddObserver, k.Next, k.Back}
	}
	return []key.Binding{k.Up, k.Toggle, k.Reason, k.AddObserver, k.Next, k.Back}
}

func (r *rollCall) FullHelp() [][]key.Binding { return [][]key.Binding{r.ShortHelp()} }
