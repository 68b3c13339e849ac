package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"yishi/app/core"
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
		copied   *core.Copy // set when the archive holds the village as a copy
		today    meeting.Date
	}
)

// warmFindings reads, in the background, the findings of the villages not read yet, when the
// archive has more than one: the desk's screens across villages (the attention list, the board's
// marks) then open at once. Nothing for a village's own laptop.
func warmFindings(f *core.Findings, vs []meeting.Village, today meeting.Date) tea.Cmd {
	if len(vs) < 2 {
		return nil
	}
	return func() tea.Msg {
		if err := f.Warm(vs, today); err != nil {
			return errMsg{err}
		}
		return nil
	}
}

// pane is which list of the home screen has focus.
type pane int

const (
	meetingsPane pane = iota
	mattersPane
)

// home shows a village: its meetings, newest first, and its matters with their stage strips.
// The meetings can be filtered by kind (consultation form or body), place and host.
type home struct {
	c        *Common
	data     homeDataMsg
	pane     pane
	meetings table.Model
	matters  table.Model
	filter   meetingFilter
	// quitAsked says Esc was pressed once: the status line asks whether to quit.
	quitAsked bool
}

// meetingFilter is what the meetings pane shows: the kind, place and host chosen ("" for all),
// oldest first instead of newest.
type meetingFilter struct {
	kind, place, host string
	oldest            bool
}

// keep reports whether the filter shows meeting m.
func (f meetingFilter) keep(m meeting.Meeting) bool {
	return (f.kind == "" || m.KindLabel() == f.kind) && (f.place == "" || m.Place == f.place) &&
		(f.host == "" || m.Host.Name == f.host)
}

// cycle returns the choice after cur among the values of the meetings (in their order, each
// once), then "" (all) after the last.
func cycle(ms []meeting.Meeting, of func(meeting.Meeting) string, cur string) string {
	var vals []string
	seen := map[string]bool{}
	for i := len(ms) - 1; i >= 0; i-- { // the newest meetings' values first
		if v := of(ms[i]); v != "" && !seen[v] {
			seen[v] = true
			vals = append(vals, v)
		}
	}
	if cur == "" {
		if len(vals) == 0 {
			return ""
		}
		return vals[0]
	}
	for i, v := range vals {
		if v == cur && i+1 < len(vals) {
			return vals[i+1]
		}
	}
	return ""
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
func loadHome(s core.Store, f *core.Findings, index int, today meeting.Date) tea.Cmd {
	return func() tea.Msg {
		vs, err := s.Villages()
		if err != nil {
			return errMsg{err}
		}
		if len(vs) == 0 {
			return homeDataMsg{}
		}
		index = ((index % len(vs)) + len(vs)) % len(vs)
		l, found, err := f.Ledger(vs[index], today)
		if err != nil {
			return errMsg{err}
		}
		copied, err := core.CopyOf(s, vs[index])
		if err != nil {
			return errMsg{err}
		}
		return homeDataMsg{villages: vs, index: index, ledger: l, findings: meeting.ProblemsOf(found), copied: copied, today: today}
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
	cols := []table.Column{{Title: "编号", Width: 4}, {Title: "日期", Width: 10}, {Title: "类别", Width: 12}, {Title: "议题", Width: flex}, {Title: "状态", Width: 4}}
	h.meetings.SetColumns(cols)
	ms := h.data.ledger.Meetings
	rows := make([]table.Row, 0, len(ms))
	for i := range ms {
		m := ms[len(ms)-1-i] // newest first
		if h.filter.oldest {
			m = ms[i]
		}
		if !h.filter.keep(m) {
			continue
		}
		rows = append(rows, table.Row{m.ID.String(), meeting.DateOf(m.Start).String(), m.KindLabel(), m.Title, core.StatusLabel(m.Status)})
	}
	h.meetings.SetRows(fitCells(rows, cols))

	// The whole strip of stages where it fits beside a readable title; in a narrow window the
	// stage reached alone, so that the title keeps its room.
	strip, progress := 6*4+5, "进度" // six two-character stages and five joins
	if w < 80 {
		strip, progress = 8, "所处步骤"
	}
	rest := max(w-(4+2)-(strip+2)-2*2-2, 12)
	title, awaits := rest*11/20, rest-rest*11/20
	cols = []table.Column{{Title: "编号", Width: 4}, {Title: "事项", Width: title}, {Title: progress, Width: strip}, {Title: "下一步", Width: awaits}}
	h.matters.SetColumns(cols)
	mrows := make([]table.Row, 0, len(h.data.ledger.Matters))
	for _, m := range h.data.ledger.Matters {
		stage := stageStrip(h.c.Styles, m)
		if w < 80 {
			stage = m.Stage().Label()
		}
		mrows = append(mrows, table.Row{m.ID.String(), m.Title, stage, h.village().Settings.Awaits(m.Stage())})
	}
	h.matters.SetRows(fitCells(mrows, cols))
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
		return h, warmFindings(h.c.Findings(), msg.villages, msg.today)
	case tea.KeyPressMsg:
		k := h.c.Keys.Home
		if h.quitAsked {
			// Asked whether to quit: Esc again quits; any other key cancels, and does its job.
			h.quitAsked = false
			if key.Matches(msg, k.Back) {
				return h, tea.Quit
			}
			cmd := note("")
			_, next := h.Update(msg)
			return h, tea.Batch(cmd, next)
		}
		switch {
		case key.Matches(msg, k.Back):
			h.quitAsked = true
			return h, note("要退出 yishi 吗？再按 Esc 退出，按其他键接着用（q 直接退出）")
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
			if h.data.copied != nil {
				return h, note("「" + h.village().Name + "」是" + h.data.copied.Note())
			}
			return h, openSetup(h.c, h.village())
		case key.Matches(msg, k.Roster):
			if h.village().ID == 0 {
				return h, nil
			}
			if h.data.copied != nil {
				return h, note("「" + h.village().Name + "」是" + h.data.copied.Note())
			}
			return h, show(newRosterScreen(h.c, h.village()))
		case key.Matches(msg, k.NextVillage):
			if len(h.data.villages) < 2 {
				return h, note(fmt.Sprintf("档案里只有「%s」一个村，没有别的村可换。要加一个村：yishi roster import 花名册.csv --village 村名 --new-village", h.village().Name))
			}
			h.filter = meetingFilter{} // another village's places and hosts
			return h, loadHome(h.c.Store, h.c.Findings(), h.data.index+1, meeting.DateOf(h.c.Now()))
		case key.Matches(msg, k.Board):
			if h.village().ID == 0 {
				return h, nil
			}
			return h, openBoard(h.c, h.village().ID)
		case key.Matches(msg, k.Attention):
			if h.village().ID == 0 {
				return h, nil
			}
			return h, openAttention(h.c, h.village().ID)
		case key.Matches(msg, k.Followups):
			if h.village().ID == 0 {
				return h, nil
			}
			return h, openFollowups(h.c, h.village().ID)
		case key.Matches(msg, k.Search):
			if h.village().ID == 0 {
				return h, nil
			}
			return h, openSearch(h.c, h.village().ID)
		case h.pane == meetingsPane && key.Matches(msg, k.Kind, k.Place, k.Host, k.Order):
			ms, f := h.data.ledger.Meetings, &h.filter
			switch {
			case key.Matches(msg, k.Kind):
				f.kind = cycle(ms, meeting.Meeting.KindLabel, f.kind)
			case key.Matches(msg, k.Place):
				f.place = cycle(ms, func(m meeting.Meeting) string { return m.Place }, f.place)
			case key.Matches(msg, k.Host):
				f.host = cycle(ms, func(m meeting.Meeting) string { return m.Host.Name }, f.host)
			default:
				f.oldest = !f.oldest
			}
			h.fill()
			h.meetings.SetCursor(0)
			return h, nil
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
	n, err := strconv.ParseUint(row[0], 10, 32)
	if err != nil {
		return nil
	}
	// The table shows numbers in the village (see meeting.ID).
	id := h.village().ID.Sibling(uint32(n))
	if h.pane == mattersPane {
		return func() tea.Msg { return openMatterMsg{id: meeting.ID(id)} }
	}
	for _, m := range h.data.ledger.Meetings {
		if m.ID == meeting.ID(id) && m.Status == meeting.Draft && h.data.copied == nil {
			return openRecording(h.c, m.ID) // a draft is still being recorded: carry on
		}
	}
	return func() tea.Msg { return openMeetingMsg{id: meeting.ID(id)} }
}

func (h *home) View() string {
	st := h.c.Styles
	v := h.village()
	head := st.Title.Render(v.Name)
	if h.data.copied != nil {
		head += st.Warning.Render("　副本·只读") // first, so that a narrow window shows it
	}
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
		bar += "  " + st.Warning.Render(fmt.Sprintf("需关注 %d 项（按 a 查看）", n))
	}
	list, filters := h.meetings.View(), h.filterBar()
	if h.pane == mattersPane {
		list, filters = h.matters.View(), ""
	}
	cut := lipgloss.NewStyle().MaxWidth(h.c.Width)
	return lipgloss.JoinVertical(lipgloss.Left, cut.Render(head), cut.Render(bar), cut.Render(filters), list)
}

// filterBar says which meetings the pane shows, when a filter or the order is chosen.
func (h *home) filterBar() string {
	f, st := h.filter, h.c.Styles
	if f == (meetingFilter{}) {
		return ""
	}
	var parts []string
	for _, x := range []struct{ label, value string }{{"类别", f.kind}, {"地点", f.place}, {"主持人", f.host}} {
		if x.value != "" {
			parts = append(parts, st.Subtle.Render(x.label+"：")+st.Chosen.Render(x.value))
		}
	}
	order := "最新在前"
	if f.oldest {
		order = "最早在前"
	}
	parts = append(parts, st.Subtle.Render(order), st.Subtle.Render(fmt.Sprintf("显示 %d 次", len(h.meetings.Rows()))))
	return " " + strings.Join(parts, "　")
}

func (h *home) ShortHelp() []key.Binding {
	k := h.c.Keys.Home
	// What a recorder comes for first: a new meeting, then finding and opening the old ones.
	b := []key.Binding{k.NewMeeting, k.Open, k.Up, k.SwitchPane, k.Search, k.Followups, k.Attention, k.Board, k.Roster}
	if len(h.data.villages) > 1 {
		b = append(b, k.NextVillage)
	}
	if h.pane == meetingsPane {
		b = append(b, k.Kind, k.Place, k.Host, k.Order)
	}
	return append(b, k.Quit)
}

func (h *home) FullHelp() [][]key.Binding {
	k := h.c.Keys.Home
	b := [][]key.Binding{{k.Up, k.SwitchPane, k.Open, k.Quit}, {k.NewMeeting, k.Roster, k.NextVillage}, {k.Search, k.Board, k.Attention, k.Followups}}
	if h.pane == meetingsPane {
		b = append(b, []key.Binding{k.Kind, k.Place, k.Host, k.Order})
	}
	return b
}
