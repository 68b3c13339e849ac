package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the setup screen: none of its own; it ends with buildMsg (the roll call) or homeMsg.

// kindOption is one entry of the meeting kind choice: a consultation form or a body.
type kindOption struct {
	label string
	form  string       // consultation form; "" for a formal meeting
	body  meeting.Body // formal meeting's body
	other bool         // a consultation form typed by the recorder
}

// kindOptions lists what a meeting may be: the consultation forms, then the bodies whose
// meetings take a step of the procedure (the 党员代表会议 only where the village allows it).
func kindOptions(s meeting.Settings) []kindOption {
	var out []kindOption
	for _, f := range meeting.ConsultationForms {
		out = append(out, kindOption{label: f, form: f})
	}
	out = append(out, kindOption{label: "其他形式", other: true})
	for _, b := range meeting.MeetingBodies {
		if b == meeting.PartyRepAssembly && !s.PartyRepAssembly {
			continue
		}
		out = append(out, kindOption{label: b.Label(), body: b})
	}
	return out
}

// setup is the form that opens a new meeting: kind, date and time, place, host and recorder,
// theme, and the agenda (typed, or for a formal meeting the matters waiting for its body).
type setup struct {
	c        *Common
	village  meeting.Village
	people   []meeting.Person
	matters  []meeting.Matter
	kinds    []kindOption
	form     *form
	kind     *choiceField
	other    *textField
	date     *textField
	start    *textField
	place    *textField
	host     *personField
	recorder *personField
	title    *textField
	agenda   *textField
	// notice and noticeNote are the day a 村民会议 or 村民代表会议 was announced, and the special
	// case of a 村民会议 called at short notice.
	notice     *textField
	noticeNote *textField
	err        string
	width      int
	height     int
}

// setupData is what the setup form needs of the archive.
type setupData struct {
	village  meeting.Village
	people   []meeting.Person
	meetings []meeting.Meeting
	matters  []meeting.Matter
}

// openSetup reads the village's people, meetings and matters and shows the setup form.
func openSetup(c *Common, v meeting.Village) tea.Cmd {
	s := c.Store
	return func() tea.Msg {
		d := setupData{village: v}
		var err error
		if d.people, err = s.People(v.ID); err != nil {
			return errMsg{err}
		}
		if d.meetings, err = s.Meetings(v.ID); err != nil {
			return errMsg{err}
		}
		if d.matters, err = s.Matters(v.ID); err != nil {
			return errMsg{err}
		}
		return built(func() Component { return newSetup(c, d) })
	}
}

func newSetup(c *Common, d setupData) *setup {
	st := c.Styles
	now := c.Now().In(meeting.Beijing)
	s := &setup{c: c, village: d.village, people: d.people, matters: d.matters, kinds: kindOptions(d.village.Settings)}
	labels := make([]string, len(s.kinds))
	for i, k := range s.kinds {
		labels[i] = k.label
	}
	idx := meeting.NewIndex(d.people)
	var host, recorder meeting.Ref
	var places []string
	for i := len(d.meetings) - 1; i >= 0; i-- {
		m := d.meetings[i]
		if host.Name == "" {
			host, recorder = m.Host, m.Recorder
		}
		if m.Place != "" && !contains(places, m.Place) && len(places) < 3 {
			places = append(places, m.Place)
		}
	}
	// A village's first meeting: the party secretary chairs, the roster's recorder records.
	if p, ok := meeting.Chair(d.people); ok && host.Name == "" {
		host = p.Ref()
	}
	if p, ok := meeting.Recorder(d.people); ok && recorder.Name == "" {
		recorder = p.Ref()
	}
	place := ""
	placeHint := "例如 村委会议室"
	if len(places) > 0 {
		place = places[0]
		placeHint = "最近用过：" + strings.Join(places, "、")
	}
	s.kind = newChoiceField("会议", labels, 1) // 夜话乡村: the evening consultation is the common case
	s.other = newTextField(st, "自填形式", "", "选「其他形式」时填写，如 田间议事")
	s.date = newTextField(st, "日期", now.Format(time.DateOnly), "2026-11-23")
	s.start = newTextField(st, "开始时间", now.Format("15:04"), "19:30")
	s.place = newTextField(st, "地点", place, placeHint)
	s.host = newPersonField(st, "主持人", idx, host)
	s.recorder = newPersonField(st, "记录人", idx, recorder)
	s.title = newTextField(st, "主题", "", "今晚说什么，例如 党群服务中心添置什么")
	s.agenda = newTextArea(st, "议程", "", "每行一个议题；可留空，开会时再加", 3)
	s.notice = newTextField(st, "通知日期", "", "村民会议、村民代表会议：哪天通知的，如 2026-11-13")
	s.noticeNote = newTextField(st, "临时通知原因", "", "村民会议遇特殊情况临时通知时写明，如 防汛需立即决定")
	s.form = newForm(s.kind, s.other, s.date, s.start, s.place, s.host, s.recorder, s.title, s.agenda, s.notice, s.noticeNote)
	s.form.Focus(0)
	return s
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (s *setup) chosen() kindOption { return s.kinds[s.kind.index] }

// offered lists the matters waiting for the chosen body's step, in ID order.
func (s *setup) offered() []meeting.Matter {
	k := s.chosen()
	if k.body == "" {
		return nil
	}
	var out []meeting.Matter
	for _, m := range s.matters {
		if _, err := s.village.Settings.StepBy(m.Stage(), k.body); err == nil {
			out = append(out, m)
		}
	}
	return out
}

func (s *setup) SetSize(width, height int) { s.width, s.height = width, height }

func (s *setup) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.c.Keys.Form.Cancel):
			if !s.form.Leave() {
				s.err = leaveAsk
				return s, nil
			}
			return s, goHome("")
		case key.Matches(k, s.c.Keys.Form.Submit):
			s.form.settle()
			return s, s.save()
		}
	}
	cmd, done := s.form.Update(msg)
	if done {
		return s, s.save()
	}
	return s, cmd
}

// build makes the meeting the form describes, or says what is wrong.
func (s *setup) build() (meeting.Meeting, error) {
	k := s.chosen()
	m := meeting.Meeting{VillageID: s.village.ID, Status: meeting.Draft, Title: s.title.Value(), Place: s.place.Value(),
		Host: s.host.Ref(), Recorder: s.recorder.Ref()}
	if k.body != "" {
		m.Kind, m.Body = meeting.Formal, k.body
	} else {
		m.Kind, m.Form = meeting.Consultation, k.form
		if k.other {
			if m.Form = s.other.Value(); m.Form == "" {
				return m, errors.New("选了「其他形式」，请在「自填形式」里写上会议的名称")
			}
		}
	}
	day, err := meeting.ParseDate(s.date.Value())
	if err != nil {
		return m, err
	}
	clock, err := time.ParseInLocation("15:04", s.start.Value(), meeting.Beijing)
	if err != nil {
		return m, fmt.Errorf("开始时间「%s」不对，请写成 19:30 这样", s.start.Value())
	}
	m.Start = day.Time().Add(time.Duration(clock.Hour())*time.Hour + time.Duration(clock.Minute())*time.Minute)
	if meeting.NoticeFigure(m.Body) != "" && m.Kind == meeting.Formal {
		if v := strings.TrimSpace(s.notice.Value()); v != "" {
			if m.NoticeOn, err = meeting.ParseDate(v); err != nil {
				return m, fmt.Errorf("通知日期：%w", err)
			}
		}
		m.NoticeNote = strings.TrimSpace(s.noticeNote.Value())
	}
	n := 0
	for _, x := range s.offered() {
		n++
		step, _ := s.village.Settings.StepBy(x.Stage(), k.body)
		m.Items = append(m.Items, meeting.Item{N: n, Title: x.Title, MatterID: x.ID, Step: step})
	}
	for _, line := range strings.Split(s.agenda.ta.Value(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			n++
			m.Items = append(m.Items, meeting.Item{N: n, Title: line})
		}
	}
	if len(m.Items) == 0 && m.Title != "" {
		m.Items = []meeting.Item{{N: 1, Title: m.Title}}
	}
	if m.Title == "" && len(m.Items) > 0 {
		m.Title = m.Items[0].Title
	}
	if m.Title == "" {
		return m, errors.New("请填写主题或至少一个议题")
	}
	return m, m.Validate()
}

// save writes the new meeting and makes it the one being recorded, in one transaction, then
// opens the roll call.
func (s *setup) save() tea.Cmd {
	m, err := s.build()
	if err != nil {
		s.err = err.Error()
		// Take the recorder to the first field that is missing.
		switch {
		case m.Host.Name == "":
			return s.form.Focus(5)
		case m.Recorder.Name == "":
			return s.form.Focus(6)
		}
		return nil
	}
	s.err = ""
	store, c := s.c.Store, s.c
	people, village := s.people, s.village
	return func() tea.Msg {
		err := core.OpenMeeting(store, &m)
		if err != nil {
			return errMsg{err}
		}
		return built(func() Component { return newRollCall(c, village, m, people) })
	}
}

func (s *setup) View() string {
	st := s.c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render("开新会") + st.Subtle.Render("　"+s.village.Name) + "\n\n")
	body, _ := s.form.View(st, s.width)
	b.WriteString(body)
	if k := s.chosen(); k.body != "" {
		// The notice first: right under its fields, where a small window still shows it.
		m, _ := s.build() // the body and dates as typed, even while something else is missing
		if gave, need, basis, ok := s.village.Settings.NoticeDays(m); ok {
			text := fmt.Sprintf("提前 %d 天通知；规定不少于 %d 天（%s）。", gave, need, basis)
			if gave < need && !s.village.Settings.NoticeLate(m) {
				text += "临时通知的特殊情况已写明。"
			}
			style := st.Subtle
			if s.village.Settings.NoticeLate(m) {
				style = st.Warning
				text += "通知晚了：仍可记录，检查会列出；"
				if m.Body == meeting.VillagerAssembly && m.NoticeNote == "" {
					text += "特殊情况临时通知的，请在「临时通知原因」里写明。"
				}
			}
			b.WriteString("\n" + style.Render(text))
		} else if f := meeting.NoticeFigure(k.body); f != "" {
			b.WriteString("\n" + st.Subtle.Render(fmt.Sprintf("%s须提前 %d 天通知：请在「通知日期」里填写哪天通知的。",
				k.body.Label(), s.village.Settings.Value(f, setupDay(s)))))
		}
		b.WriteString("\n\n" + st.Heading.Render("等待"+k.body.Label()+"的事项（自动列入议程）") + "\n")
		offered := s.offered()
		if len(offered) == 0 {
			b.WriteString(st.Subtle.Render("没有等待" + k.body.Label() + "这一步的事项；议程可以直接写。"))
		}
		for _, x := range offered {
			step, _ := s.village.Settings.StepBy(x.Stage(), k.body)
			b.WriteString(fmt.Sprintf("・%s（本次%s）\n", x.Title, step.Label()))
		}
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(s.err))
	}
	return wrap(b.String(), s.width)
}

// setupDay is the meeting's day as typed, or today.
func setupDay(s *setup) meeting.Date {
	if d, err := meeting.ParseDate(s.date.Value()); err == nil {
		return d
	}
	return meeting.DateOf(s.c.Now())
}

// Cursor is the caret of the focused field, below the two title lines.
func (s *setup) Cursor() *tea.Cursor {
	_, c := s.form.View(s.c.Styles, s.width)
	if c != nil {
		c.Position.Y += 2
	}
	return c
}

func (s *setup) ShortHelp() []key.Binding {
	k := s.c.Keys.Form
	return []key.Binding{k.Next, k.Submit, k.Cancel}
}

func (s *setup) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
