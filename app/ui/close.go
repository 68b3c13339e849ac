package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the closing screen: none of its own; it ends with homeMsg (sealed) or by
// reopening the recording screen.

// closing ends a meeting: the closing time, the whole record on one page to read over, and the
// seal that makes it final. A sealed record is read-only; corrections become amendments.
type closing struct {
	c       *Common
	village meeting.Village
	m       meeting.Meeting
	stmts   []meeting.Statement
	// draft is the half-typed statement left on the recording screen, when it has text: sealing
	// would drop it, so it is shown, and dropped only when the recorder says so.
	draft   *meeting.StatementDraft
	end     *textField
	reader  *reader
	confirm int // F2 presses confirmed so far: 1 asked to seal; with a draft, 2 asked to drop it
	err     string
	width   int
	height  int
}

// openClose reads the meeting, its statements and its draft, and shows the closing screen.
func openClose(c *Common, id meeting.ID) tea.Cmd {
	s := c.Store
	return func() tea.Msg {
		d, ok := readMeeting(s, id)().(meetingDataMsg)
		if !ok {
			return readMeeting(s, id)()
		}
		draft, has, err := s.Draft(id)
		if err != nil {
			return errMsg{err}
		}
		return built(func() Component {
			cl := newClosing(c, d)
			if has && strings.TrimSpace(draft.Text) != "" {
				cl.draft = &draft
			}
			return cl
		})
	}
}

func newClosing(c *Common, d meetingDataMsg) *closing {
	end := c.Now().In(meeting.Beijing)
	if !d.meeting.End.IsZero() {
		end = d.meeting.End.In(meeting.Beijing)
	}
	s := &closing{c: c, village: d.village, m: d.meeting, stmts: d.stmts, reader: newReader(c)}
	s.end = newTextField(c.Styles, "散会时间", end.Format("15:04"), "21:10")
	s.end.Focus()
	text, _ := meetingDoc(c.Styles, d.village, d.meeting, d.stmts, d.amends, d.matters, d.tasks)
	s.reader.open(text)
	return s
}

func (s *closing) SetSize(width, height int) {
	s.width, s.height = width, height
	s.reader.SetSize(width, max(height-6, 1))
}

// draftLine says what the unsaved draft is: 还有一句没记下：金昌义「……」.
func (s *closing) draftLine() string {
	d := s.draft
	who := d.Speaker.Name
	if who == "" {
		who = "（未填发言人）"
	}
	what := "还有一句没记下："
	if d.Editing != 0 {
		what = "还有一句修改没保存："
	}
	return what + who + "「" + short(strings.TrimSpace(d.Text), 20) + "」"
}

// endTime is the closing time on the meeting's day; a meeting past midnight ends the next day.
func (s *closing) endTime() (time.Time, error) {
	clock, err := time.ParseInLocation("15:04", s.end.Value(), meeting.Beijing)
	if err != nil {
		return time.Time{}, fmt.Errorf("散会时间「%s」不对，请写成 21:10 这样", s.end.Value())
	}
	start := s.m.Start.In(meeting.Beijing)
	end := time.Date(start.Year(), start.Month(), start.Day(), clock.Hour(), clock.Minute(), 0, 0, meeting.Beijing)
	if end.Before(start) {
		end = end.AddDate(0, 0, 1) // past midnight
	}
	if end.Sub(start) > 12*time.Hour {
		return time.Time{}, fmt.Errorf("散会时间 %s 比开始时间 %s 晚了 %d 个多小时，请检查（开会到次日凌晨的，照实写即可）",
			end.Format("15:04"), start.Format("15:04"), int(end.Sub(start).Hours()))
	}
	return end, nil
}

func (s *closing) Update(msg tea.Msg) (Component, tea.Cmd) {
	k, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		return s, s.end.Update(msg)
	}
	switch {
	case key.Matches(k, s.c.Keys.Form.Cancel):
		return s, openRecording(s.c, s.m.ID)
	case key.Matches(k, s.c.Keys.Form.Submit):
		if s.confirm == 0 {
			if _, err := s.endTime(); err != nil {
				s.err = err.Error()
				return s, nil
			}
		}
		s.confirm++
		switch {
		case s.draft != nil && s.confirm == 1:
			s.err = "上面这句还没记下，封存会丢掉它：请按 Esc 回到记录界面把它记下；确实不要这句，再按 F2。"
			return s, nil
		case s.draft != nil && s.confirm == 2:
			s.err = "再按 F2 放弃这句并定稿封存：封存后记录不能再改，只能添加更正说明。按其他键取消。"
			return s, nil
		case s.draft == nil && s.confirm == 1:
			s.err = "再按 F2 定稿封存：封存后记录不能再改，只能添加更正说明。按其他键取消。"
			return s, nil
		}
		return s, s.seal()
	case key.Matches(k, s.c.Keys.Reader.Up, s.c.Keys.Reader.Down, s.c.Keys.Reader.PageUp, s.c.Keys.Reader.PageDown):
		s.reader.Update(msg)
		return s, nil
	}
	s.confirm, s.err = 0, ""
	return s, s.end.Update(msg)
}

// seal writes the meeting as final, sealed and chained to the village's previous seal
// (core.SealMeeting), and goes home.
func (s *closing) seal() tea.Cmd {
	s.confirm = 0
	end, err := s.endTime()
	if err != nil {
		s.err = err.Error()
		return nil
	}
	now := s.c.Now()
	m, err := core.SealMeeting(s.c.Store, s.m, end, s.draft, now)
	if err != nil {
		s.err = "没有封存：" + err.Error()
		return nil
	}
	return goHome(fmt.Sprintf("「%s」已定稿封存 %s", m.Name(), now.In(meeting.Beijing).Format("15:04:05")))
}

func (s *closing) View() string {
	st := s.c.Styles
	head := s.head()
	line := st.Heading.Render(endLabel) + s.end.View(st, 8)
	// Two lines for a message, so a warning is never cut short.
	msg := []string{"", ""}
	if s.err != "" {
		copy(msg, strings.Split(wrap(st.Warning.Render(s.err), s.width), "\n"))
	}
	// One line for the unsaved draft, always in view while there is one.
	draft := ""
	if s.draft != nil {
		draft = lipgloss.NewStyle().MaxWidth(s.width).Render(st.Error.Render(s.draftLine() + "（Esc 回去记下）"))
	}
	return head + "\n" + line + "\n" + draft + "\n" + strings.Join(msg, "\n") + "\n" + s.reader.View()
}

// endLabel names the end-time field, the line under the head.
const endLabel = "散会时间："

func (s *closing) head() string {
	return s.c.Styles.Title.Render("散会") + s.c.Styles.Subtle.Render("　核对全部记录，然后定稿封存")
}

func (s *closing) Cursor() *tea.Cursor {
	c := s.end.Cursor()
	if c != nil {
		c.Position.X += lipgloss.Width(endLabel)
		c.Position.Y += lipgloss.Height(s.head())
	}
	return c
}

func (s *closing) ShortHelp() []key.Binding {
	k := s.c.Keys.Close
	return []key.Binding{k.Seal, k.Scroll, k.Back}
}

func (s *closing) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
