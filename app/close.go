package app

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"yishi/meeting"
	"yishi/storage"
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
	end     *textField
	reader  *reader
	confirm bool
	err     string
	width   int
	height  int
}

// openClose reads the meeting and its statements and shows the closing screen.
func openClose(c *Common, id meeting.ID) tea.Cmd {
	s := c.Store
	return func() tea.Msg {
		d, ok := readMeeting(s, id)().(meetingDataMsg)
		if !ok {
			return readMeeting(s, id)()
		}
		return showMsg{newClosing(c, d)}
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
	s.reader.open(meetingText(c.Styles, d.village, d.meeting, d.stmts, d.amends, d.matters))
	return s
}

func (s *closing) SetSize(width, height int) {
	s.width, s.height = width, height
	s.reader.SetSize(width, max(height-5, 1))
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
		end = end.AddDate(0, 0, 1)
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
		if !s.confirm {
			if _, err := s.endTime(); err != nil {
				s.err = err.Error()
				return s, nil
			}
			s.confirm = true
			s.err = "再按 F2 定稿封存：封存后记录不能再改，只能添加更正说明。按其他键取消。"
			return s, nil
		}
		return s, s.seal()
	case k.String() == "pgup" || k.String() == "pgdown" || k.String() == "up" || k.String() == "down":
		s.reader.Update(msg)
		return s, nil
	}
	s.confirm, s.err = false, ""
	return s, s.end.Update(msg)
}

// seal writes the meeting as final, sealed and chained to the village's previous seal, stops
// reopening it at start, and drops its draft: one transaction.
func (s *closing) seal() tea.Cmd {
	s.confirm = false
	end, err := s.endTime()
	if err != nil {
		s.err = err.Error()
		return nil
	}
	m := s.m
	m.End = end
	now := s.c.Now()
	err = s.c.Store.Update(func(tx *storage.Tx) error {
		prev, err := tx.PrevSeal(m.VillageID)
		if err != nil {
			return err
		}
		if err := m.SealWith(s.stmts, prev, now); err != nil {
			return err
		}
		if err := tx.PutMeeting(&m); err != nil {
			return err
		}
		if err := tx.DeleteDraft(m.ID); err != nil {
			return err
		}
		return tx.SetCurrent(0)
	})
	if err != nil {
		s.err = "没有封存：" + err.Error()
		return nil
	}
	return goHome(fmt.Sprintf("「%s」已定稿封存 %s", m.Name(), now.In(meeting.Beijing).Format("15:04:05")))
}

func (s *closing) View() string {
	st := s.c.Styles
	head := st.Title.Render("散会") + st.Subtle.Render("　核对全部记录，然后定稿封存")
	line := st.Heading.Render("散会时间：") + s.end.View(st, 8)
	// Two lines for a message, so a warning is never cut short.
	msg := []string{"", ""}
	if s.err != "" {
		copy(msg, strings.Split(wrap(st.Warning.Render(s.err), s.width), "\n"))
	}
	return head + "\n" + line + "\n" + strings.Join(msg, "\n") + "\n" + s.reader.View()
}

func (s *closing) Cursor() *tea.Cursor {
	c := s.end.Cursor()
	if c != nil {
		c.Position.X += 10
		c.Position.Y += 1
	}
	return c
}

func (s *closing) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "定稿封存")),
		key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("PgUp/PgDn", "翻看记录")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "继续记录"))}
}

func (s *closing) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
