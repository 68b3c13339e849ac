package app

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"yishi/meeting"
)

// Messages of the home screen.
type (
	// homeDataMsg carries one village's records, read for the home screen.
	homeDataMsg struct {
		villages []meeting.Village
		index    int
		ledger   meeting.Ledger
		findings []meeting.Finding
	}
)

// pane is which list of the home screen has focus.
type pane int

const (
	meetingsPane pane = iota
	mattersPane
)

// home shows a village: its meetings, newest first, and its matters with their stage strips.
type home struct {
	c        *Common
	data     homeDataMsg
	pane     pane
	meetings table.Model
	matters  table.Model
}

func newHome(c *Common) *home {
	h := &home{c: c}
	for _, t := range []*table.Model{&h.meetings, &h.matters} {
		*t = table.New(table.WithKeyMap(c.Keys.Home.tableKeys()), table.WithStyles(c.Styles.Table))
	}
	h.meetings.Focus()
	return h
}

// loadHome reads village number index of the archive, with everything the home screen shows.
func loadHome(s Store, index int, today meeting.Date) tea.Cmd {
	return func() tea.Msg {
		vs, err := s.Villages()
		if err != nil {
			return errMsg{err}
		}
		if len(vs) == 0 {
			return homeDataMsg{}
		}
		index = ((index % len(vs)) + len(vs)) % len(vs)
		l, err := ledger(s, vs[index])
		if err != nil {
			return errMsg{err}
		}
		return homeDataMsg{villages: vs, index: index, ledger: l, findings: l.Check(today)}
	}
}

func (h *home) village() meeting.Village { return h.data.ledger.Village }

func (h *home) setData(d homeDataMsg) {
	h.data = d
	h.restyle()
	h.fill()
}

// restyle applies the current styles (they change when the terminal reports its background).
func (h *home) restyle() {
	h.meetings.SetStyles(h.c.Styles.Table)
	h.matters.SetStyles(h.c.Styles.Table)
}

// fill lays the records into the two tables, sized to the window.
func (h *home) fill() {
	w := h.c.Width
	flex := max(w-(4+2)-(10+2)-(12+2)-(4+2)-2, 8)
	h.meetings.SetColumns([]table.Column{{Title: "编号", Width: 4}, {Title: "日期", Width: 10}, {Title: "类别", Width: 12}, {Title: "议题", Width: flex}, {Title: "状态", Width: 4}})
	ms := h.data.ledger.Meetings
	rows := make([]table.Row, 0, len(ms))
	for i := len(ms) - 1; i >= 0; i-- { // newest first
		m := ms[i]
		rows = append(rows, table.Row{strconv.FormatUint(uint64(m.ID), 10), meeting.DateOf(m.Start).String(), m.KindLabel(), m.Title, statusLabel(m.Status)})
	}
	h.meetings.SetRows(rows)

	const strip = 6*4 + 5 // six two-character stages and five joins
	rest := max(w-(4+2)-(strip+2)-2*2-2, 12)
	title, awaits := rest*11/20, rest-rest*11/20
	h.matters.SetColumns([]table.Column{{Title: "编号", Width: 4}, {Title: "事项", Width: title}, {Title: "进度", Width: strip}, {Title: "下一步", Width: awaits}})
	mrows := make([]table.Row, 0, len(h.data.ledger.Matters))
	for _, m := range h.data.ledger.Matters {
		mrows = append(mrows, table.Row{strconv.FormatUint(uint64(m.ID), 10), m.Title, stageStrip(h.c.Styles, m), h.village().Settings.Awaits(m.Stage())})
	}
	h.matters.SetRows(mrows)
	// The table leaves its cursor at -1 after it was once empty: point it at the first row.
	for _, t := range []*table.Model{&h.meetings, &h.matters} {
		if t.Cursor() < 0 && len(t.Rows()) > 0 {
			t.SetCursor(0)
		}
	}
}

func (h *home) SetSize(width, height int) {
	// Three lines of header above the lists.
	for _, t := range []*table.Model{&h.meetings, &h.matters} {
		t.SetWidth(width)
		t.SetHeight(max(height-3, 3))
	}
	h.fill()
}

func (h *home) Update(msg tea.Msg) (Component, tea.Cmd) {
	switch msg := msg.(type) {
	case homeDataMsg:
		h.setData(msg)
		return h, nil
	case tea.KeyPressMsg:
		k := h.c.Keys.Home
		switch {
		case key.Matches(msg, k.SwitchPane):
			h.pane = 1 - h.pane
			if h.pane == meetingsPane {
				h.meetings.Focus()
				h.matters.Blur()
			} else {
				h.matters.Focus()
				h.meetings.Blur()
			}
			return h, nil
		case key.Matches(msg, k.NewMeeting):
			if h.village().ID == 0 {
				return h, nil
			}
			return h, openSetup(h.c, h.village())
		case key.Matches(msg, k.Roster):
			if h.village().ID == 0 {
				return h, nil
			}
			return h, show(newRosterScreen(h.c, h.village()))
		case key.Matches(msg, k.NextVillage):
			return h, loadHome(h.c.Store, h.data.index+1, meeting.DateOf(h.c.Now()))
		case key.Matches(msg, k.Open):
			return h, h.open()
		case key.Matches(msg, k.Quit):
			return h, tea.Quit
		}
	}
	var cmd tea.Cmd
	if h.pane == meetingsPane {
		h.meetings, cmd = h.meetings.Update(msg)
	} else {
		h.matters, cmd = h.matters.Update(msg)
	}
	return h, cmd
}

func (h *home) open() tea.Cmd {
	t := h.meetings
	if h.pane == mattersPane {
		t = h.matters
	}
	row := t.SelectedRow()
	if len(row) == 0 {
		return nil
	}
	id, err := strconv.ParseUint(row[0], 10, 64)
	if err != nil {
		return nil
	}
	if h.pane == mattersPane {
		return func() tea.Msg { return openMatterMsg{id: meeting.ID(id)} }
	}
	for _, m := range h.data.ledger.Meetings {
		if m.ID == meeting.ID(id) && m.Status == meeting.Draft {
			return openRecording(h.c, m.ID) // a draft is still being recorded: carry on
		}
	}
	return func() tea.Msg { return openMeetingMsg{id: meeting.ID(id)} }
}

func (h *home) View() string {
	st := h.c.Styles
	v := h.village()
	head := st.Title.Render(v.Name)
	if v.Township != "" {
		head += st.Subtle.Render("　" + v.Township)
	}
	head += st.Subtle.Render(fmt.Sprintf("　%d 户，成年村民 %d 人", v.Households, v.Adults))
	if n := len(h.data.villages); n > 1 {
		head += st.Subtle.Render(fmt.Sprintf("　（第 %d 村，共 %d 村）", h.data.index+1, n))
	}
	tabs := []string{
		fmt.Sprintf("会议 %d", len(h.data.ledger.Meetings)),
		fmt.Sprintf("事项 %d", len(h.data.ledger.Matters)),
	}
	for i := range tabs {
		if pane(i) == h.pane {
			tabs[i] = st.ActiveTab.Render(tabs[i])
		} else {
			tabs[i] = st.Tab.Render(tabs[i])
		}
	}
	bar := lipgloss.JoinHorizontal(lipgloss.Top, tabs...)
	if n := len(h.data.findings); n > 0 {
		bar += "  " + st.Warning.Render(fmt.Sprintf("需关注 %d 项（yishi check 查看）", n))
	}
	list := h.meetings.View()
	if h.pane == mattersPane {
		list = h.matters.View()
	}
	return lipgloss.JoinVertical(lipgloss.Left, lipgloss.NewStyle().MaxWidth(h.c.Width).Render(head), lipgloss.NewStyle().MaxWidth(h.c.Width).Render(bar), "", list)
}

func (h *home) ShortHelp() []key.Binding {
	k := h.c.Keys.Home
	b := []key.Binding{k.Up, k.SwitchPane, k.Open, k.NewMeeting, k.Roster}
	if len(h.data.villages) > 1 {
		b = append(b, k.NextVillage)
	}
	return append(b, k.Quit)
}

func (h *home) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }
