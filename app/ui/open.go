package ui

import (
	"yishi/meeting"

	tea "charm.land/bubbletea/v2"
)

// openMeetingScreen reads a meeting with its village and the village's people and shows the
// screen build makes of them; a refusal in plain words goes to the status line.
func openMeetingScreen(c *Common, id meeting.ID, build func(v meeting.Village, m meeting.Meeting, people []meeting.Person) (Component, error)) tea.Cmd {
	s := c.Store
	return func() tea.Msg {
		m, err := s.Meeting(id)
		if err != nil {
			return errMsg{err}
		}
		v, err := s.Village(m.VillageID)
		if err != nil {
			return errMsg{err}
		}
		people, err := s.People(v.ID)
		if err != nil {
			return errMsg{err}
		}
		return buildMsg{func() (Component, error) { return build(v, m, people) }}
	}
}
