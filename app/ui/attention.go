package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the attention screen: none of its own. The screen is built in the command that
// reads the findings (openAttention), and built again where the secretary left it on return
// from a follow-up.

// attentionRow is one finding with the name of its village.
type attentionRow struct {
	f       meeting.Finding
	village string
}

// attentionView is what the list shows and where the secretary is in it.
type attentionView struct {
	all    bool // every village, not only this one
	cursor int
}

// attention lists what needs the secretary's attention: the problems the compliance checks find
// (the same list as `yishi check`) and what is under way, each with since when and what to do
// next; Enter opens the record concerned.
type attention struct {
	c        *Common
	village  meeting.Village // the village the screen was opened for
	villages int             // how many villages were read
	today    meeting.Date
	rows     []attentionRow
	view     attentionView
	width    int
	height   int
}

// openAttention reads the findings of a village and shows them.
func openAttention(c *Common, village meeting.ID) tea.Cmd {
	return openAttentionAt(c, village, attentionView{})
}

// openAttentionAt reads the findings of a village, or of every village (one ledger at a time,
// keeping only the findings), and shows them.
func openAttentionAt(c *Common, village meeting.ID, v attentionView) tea.Cmd {
	s, f, today := c.Store, c.Findings(), meeting.DateOf(c.Now())
	return func() tea.Msg {
		home, err := s.Village(village)
		if err != nil {
			return errMsg{err}
		}
		vs := []meeting.Village{home}
		if v.all {
			if vs, err = s.Villages(); err != nil {
				return errMsg{err}
			}
		}
		var rows []attentionRow
		for _, vil := range vs {
			found, err := f.Attention(vil, today)
			if err != nil {
				return errMsg{err}
			}
			for _, x := range found {
				rows = append(rows, attentionRow{f: x, village: vil.Name})
			}
		}
		if v.all {
			// Across villages, as within one.
			slices.SortStableFunc(rows, func(a, b attentionRow) int { return meeting.CompareFindings(a.f, b.f) })
		}
		return built(func() Component {
			a := &attention{c: c, village: home, villages: len(vs), today: today, rows: rows, view: v}
			a.view.cursor = max(min(a.view.cursor, len(rows)-1), 0)
			return a
		})
	}
}

func (a *attention) SetSize(width, height int) { a.width, a.height = width, height }

func (a *attention) Update(msg tea.Msg) (Component, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return a, nil
	}
	km := a.c.Keys.Attention
	switch {
	case key.Matches(k, km.Up):
		a.view.cursor = max(a.view.cursor-1, 0)
	case key.Matches(k, km.Down):
		a.view.cursor = max(min(a.view.cursor+1, len(a.rows)-1), 0)
	case key.Matches(k, km.All):
		return a, openAttentionAt(a.c, a.village.ID, attentionView{all: !a.view.all})
	case key.Matches(k, km.Open):
		return a, a.open()
	case key.Matches(k, km.Back):
		return a, goHome("")
	}
	return a, nil
}

// open opens the record the selected finding concerns: the village's settings for a setting
// below the statute, the assignment's follow-up form, the meeting in question, or the matter.
func (a *attention) open() tea.Cmd {
	if a.view.cursor >= len(a.rows) {
		return nil
	}
	f := a.rows[a.view.cursor].f
	switch {
	case f.Code == meeting.CodeSettingBelowStatute:
		// Built here, in Update: the settings screen reads the village as stored.
		return show(newSettingsScreen(a.c, meeting.Village{ID: f.VillageID}))
	case f.AssignmentID != 0:
		return openFinish(a.c, f.VillageID, f.AssignmentID, openAttentionAt(a.c, a.village.ID, a.view))
	case f.MeetingID != 0:
		id := f.MeetingID
		return func() tea.Msg { return openMeetingMsg{id: id} }
	case f.MatterID != 0:
		id := f.MatterID
		return func() tea.Msg { return openMatterMsg{id: id} }
	}
	return nil
}

// sinceLine says since when, in the screen's words.
func sinceLine(f meeting.Finding, today meeting.Date) string {
	if f.Since.IsZero() {
		return ""
	}
	if f.Severity == meeting.Ongoing {
		return "公示自 " + f.Since.String() + " 起"
	}
	return core.SinceText(f, today)
}

func (a *attention) header() string {
	st := a.c.Styles
	where := a.village.Name
	if a.view.all {
		where = fmt.Sprintf("全部 %d 个村", a.villages)
	}
	head := st.Title.Render("需关注") + st.Subtle.Render("　"+where+"　截至 "+a.today.String())
	counts := map[meeting.Severity]int{}
	for _, r := range a.rows {
		counts[r.f.Severity]++
	}
	var parts []string
	for _, s := range meeting.Severities {
		style := st.Subtle
		if counts[s] > 0 && (s == meeting.Violation || s == meeting.Overdue) {
			style = st.Warning
		}
		parts = append(parts, style.Render(fmt.Sprintf("%s %d", s.Label(), counts[s])))
	}
	return wrap(head, a.width) + "\n" + wrap(strings.Join(parts, "　"), a.width)
}

func (a *attention) View() string {
	head := a.header()
	h := max(a.height-strings.Count(head, "\n")-2, 1)
	// Only the rows about the cursor are drawn: the window fit keeps shows a third of the
	// screen above the cursor's line and the rest below, and every row is two lines at least,
	// so h rows on either side fill it as all the rows would (a township's list has hundreds,
	// and wrapping them all took 50 ms a frame).
	lo, hi := max(a.view.cursor-h, 0), min(a.view.cursor+h+1, len(a.rows))
	lines, keep := a.lines(lo, hi)
	body, _ := fit(strings.Join(lines, "\n"), h, nil, keep)
	return head + "\n\n" + body
}

// lines draws rows lo to hi (not included) and returns them with the index of the cursor's line.
func (a *attention) lines(lo, hi int) (lines []string, keep int) {
	st := a.c.Styles
	if len(a.rows) == 0 {
		msg := "没有发现问题，也没有正在公示的公告。"
		lines = append(lines, st.Saved.Render(wrap(msg, a.width)))
	}
	var group meeting.Severity
	for i := lo; i < hi; i++ {
		r := a.rows[i]
		if r.f.Severity != group {
			group = r.f.Severity
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, st.Heading.Render(group.Label()))
		}
		sel := i == a.view.cursor
		if sel {
			keep = len(lines)
		}
		text := r.f.Text
		if a.view.all {
			text = "【" + r.village + "】" + text
		}
		mark := "  "
		if sel {
			mark = "> "
			text = st.Chosen.Render(text)
		}
		lines = append(lines, strings.Split(indent(wrap(text, a.width-2), mark, "  "), "\n")...)
		if s := sinceLine(r.f, a.today); s != "" {
			lines = append(lines, strings.Split(indent(wrap(st.Subtle.Render(s), a.width-4), "    ", "    "), "\n")...)
		}
		lines = append(lines, strings.Split(indent(wrap(st.Subtle.Render("下一步：")+r.f.Todo, a.width-4), "    ", "    "), "\n")...)
	}
	return lines, keep
}

func (a *attention) ShortHelp() []key.Binding {
	k := a.c.Keys.Attention
	open := k.Open
	if a.view.cursor < len(a.rows) {
		switch f := a.rows[a.view.cursor].f; {
		case f.Code == meeting.CodeSettingBelowStatute:
			open = relabel(k.Open, "打开本村设置")
		case f.AssignmentID != 0:
			open = relabel(k.Open, "登记办结")
		case f.MeetingID != 0:
			open = relabel(k.Open, "打开会议")
		case f.MatterID != 0:
			open = relabel(k.Open, "打开事项")
		default: // a village's quarter or year: nothing to open, the finding says what to do
			open.SetEnabled(false)
		}
	} else {
		open.SetEnabled(false)
	}
	return []key.Binding{k.Up, open, k.All, k.Back}
}

func (a *attention) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }
