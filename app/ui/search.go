package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the search screen.
type (
	// searchTickMsg is the moment to search what has been typed, if nothing was typed since
	// (the sequence number of the text it was scheduled for is still the latest).
	searchTickMsg struct{ seq int }
	// searchResultsMsg carries what a search found for the text of sequence number seq.
	searchResultsMsg struct {
		seq     int
		results core.Results
		err     error
	}
	// searchPersonMsg carries a person found, to show their details under the hit.
	searchPersonMsg struct {
		person meeting.Person
		err    error
	}
)

// searchPrompt is the label before the search box.
const searchPrompt = "查找："

// search finds text in every kind of record of a village, or of every village, as it is typed:
// the results are grouped by kind, one line each, the match highlighted. Enter opens the hit's
// record at the matching line (Esc there comes back here as it was left); a person, who has no
// record to open, shows their roster details under the hit instead.
type search struct {
	c        *Common
	villages []meeting.Village
	names    map[meeting.ID]string
	village  meeting.ID // the village it was opened from
	all      bool       // every village instead

	box     *textField
	seq     int    // numbers the texts typed; a result for an older one is dropped
	typed   string // the text of seq
	query   string // the text the results shown were found for
	results core.Results
	busy    bool
	err     string

	cursor int // index of the selected hit in results.Hits
	offset int // first line of the list in view
	person *meeting.Person

	width, height int
}

// openSearch returns a command that shows the search screen over village v.
func openSearch(c *Common, v meeting.ID) tea.Cmd {
	s := c.Store
	return func() tea.Msg {
		vs, err := s.Villages()
		if err != nil {
			return errMsg{err}
		}
		return built(func() Component { return newSearch(c, vs, v) })
	}
}

func newSearch(c *Common, vs []meeting.Village, v meeting.ID) *search {
	s := &search{c: c, villages: vs, village: v, names: make(map[meeting.ID]string, len(vs)),
		width: c.Width, height: c.Height}
	for _, x := range vs {
		s.names[x.ID] = x.Name
	}
	s.box = newTextField(c.Styles, "查找", "", "要找的字词，或人名的拼音首字母")
	s.box.Focus()
	return s
}

// scope is the village searched, 0 for every village.
func (s *search) scope() meeting.ID {
	if s.all {
		return 0
	}
	return s.village
}

// run returns a command that searches text for sequence number seq.
func (s *search) run(seq int, text string) tea.Cmd {
	st, village := s.c.Store, s.scope()
	return func() tea.Msg {
		r, err := st.Search(text, core.SearchOptions{Village: village})
		return searchResultsMsg{seq: seq, results: r, err: err}
	}
}

// changed starts over after the text or the scope changed: the results are searched for after
// a pause in typing (an input method's burst of keys is one search), or at once when now.
func (s *search) changed(now bool) tea.Cmd {
	s.seq++
	s.typed = strings.TrimSpace(s.box.ta.Value())
	s.person = nil
	if s.typed == "" {
		s.busy, s.err, s.query, s.results, s.cursor, s.offset = false, "", "", core.Results{}, 0, 0
		return nil
	}
	s.busy = true
	seq := s.seq
	if now {
		return s.run(seq, s.typed)
	}
	if d := s.c.SearchDelay; d > 0 {
		return tea.Tick(d, func(time.Time) tea.Msg { return searchTickMsg{seq} })
	}
	return func() tea.Msg { return searchTickMsg{seq} }
}

func (s *search) Update(msg tea.Msg) (Component, tea.Cmd) {
	switch msg := msg.(type) {
	case searchTickMsg:
		if msg.seq != s.seq {
			return s, nil // more was typed since
		}
		return s, s.run(msg.seq, s.typed)
	case searchResultsMsg:
		if msg.seq != s.seq {
			return s, nil // stale: for text typed before
		}
		s.busy = false
		if msg.err != nil {
			s.err = "查找没有完成：" + msg.err.Error()
			return s, nil
		}
		s.err, s.query, s.results, s.cursor, s.offset = "", s.typed, msg.results, 0, 0
		return s, nil
	case searchPersonMsg:
		if msg.err != nil {
			s.err = "读不出此人的信息：" + msg.err.Error()
			return s, nil
		}
		s.person = &msg.person
		return s, nil
	case tea.KeyPressMsg:
		k := s.c.Keys.Search
		switch {
		case key.Matches(msg, k.Back):
			return s, goBack()
		case key.Matches(msg, k.Up):
			s.move(-1)
			return s, nil
		case key.Matches(msg, k.Down):
			s.move(1)
			return s, nil
		case key.Matches(msg, k.Open):
			return s, s.open()
		case key.Matches(msg, k.All):
			if len(s.villages) > 1 {
				s.all = !s.all
				return s, s.changed(true)
			}
			return s, nil
		}
	}
	before := s.box.ta.Value()
	cmd := s.box.Update(msg)
	if s.box.ta.Value() != before {
		cmd = tea.Batch(cmd, s.changed(false))
	}
	return s, cmd
}

// move selects the hit d after the selected one.
func (s *search) move(d int) {
	if n := len(s.results.Hits); n > 0 {
		s.cursor = min(max(s.cursor+d, 0), n-1)
		s.person = nil
	}
}

// selected is the hit selected, if any.
func (s *search) selected() (core.Hit, bool) {
	if s.cursor < 0 || s.cursor >= len(s.results.Hits) {
		return core.Hit{}, false
	}
	return s.results.Hits[s.cursor], true
}

// open opens the record of the selected hit at the matching line, the query highlighted.
func (s *search) open() tea.Cmd {
	h, ok := s.selected()
	if !ok {
		return nil
	}
	q := s.query
	switch h.Kind {
	case core.HitMeeting:
		return openMeeting(h.MeetingID, spot{field: h.Field, query: q})
	case core.HitItem, core.HitResolution:
		return openMeeting(h.MeetingID, spot{item: h.Item, query: q})
	case core.HitStatement:
		return openMeeting(h.MeetingID, spot{statement: h.StatementID, query: q})
	case core.HitAmendment:
		return openMeeting(h.MeetingID, spot{amendment: h.AmendmentID, query: q})
	case core.HitAssignment:
		if h.MeetingID != 0 {
			return openMeeting(h.MeetingID, spot{task: h.AssignmentID, item: h.Item, query: q})
		}
	case core.HitMatter, core.HitNotice:
		if h.MatterID != 0 {
			return openMatter(h.MatterID, q)
		}
	case core.HitPerson:
		if s.person != nil && s.person.ID == h.PersonID {
			s.person = nil // Enter again folds the details away
			return nil
		}
		st := s.c.Store
		return func() tea.Msg {
			ps, err := st.People(h.VillageID)
			if err != nil {
				return searchPersonMsg{err: err}
			}
			for _, p := range ps {
				if p.ID == h.PersonID {
					return searchPersonMsg{person: p}
				}
			}
			return searchPersonMsg{err: fmt.Errorf("花名册里没有编号 %d", h.PersonID)}
		}
	}
	return nil
}

func (s *search) SetSize(width, height int) { s.width, s.height = width, height }

// Cursor is the real cursor, at the caret of the search box.
func (s *search) Cursor() *tea.Cursor {
	c := s.box.Cursor()
	if c == nil {
		return nil
	}
	c.Position.X += lipgloss.Width(searchPrompt)
	c.Position.Y++
	return c
}

func (s *search) View() string {
	st := s.c.Styles
	w := max(s.width, 20)
	where := s.names[s.village]
	if s.all {
		where = "全部村"
	}
	head := st.Title.Render("查找") + st.Subtle.Render("　范围："+where)
	box := st.Heading.Render(searchPrompt) + s.box.View(st, w-lipgloss.Width(searchPrompt)-1)
	lines := []string{ansi.Truncate(head, w, core.CutMark), box}
	rows := max(s.height-3, 1)
	switch {
	case s.err != "":
		lines = append(lines, wrapLines(st.Error.Render(s.err), w)...)
	case s.typed == "":
		for _, l := range []string{
			"可以查找会议、议题、决议、交办、发言、更正、事项、公告和人员：",
			"输入任意字词，一个字也可以，例如「路灯」「修」。",
			"找人可输入拼音首字母，例如 jcy 找金昌义。",
			"↑↓ 选择，Enter 打开，记录里找到的字会标出来。",
		} {
			lines = append(lines, wrapLines(st.Subtle.Render(l), w)...)
		}
	case s.query == "" && s.busy:
		lines = append(lines, st.Subtle.Render("正在查找……"))
	case len(s.results.Hits) == 0:
		lines = append(lines, wrapLines(fmt.Sprintf("没有找到「%s」。", s.query), w)...)
		if s.busy {
			lines[len(lines)-1] += st.Subtle.Render("　正在查找……")
		}
	default:
		lines = append(lines, ansi.Truncate(s.summary(), w, core.CutMark))
		list, sel := s.list(w)
		s.scroll(sel, len(list), rows)
		lines = append(lines, list[s.offset:min(s.offset+rows, len(list))]...)
	}
	return strings.Join(lines, "\n")
}

// wrapLines is text wrapped to width, as lines.
func wrapLines(text string, width int) []string {
	return strings.Split(wrap(text, max(width-1, 10)), "\n")
}

// summary says how much was found, and that the list stops short when it does.
func (s *search) summary() string {
	st := s.c.Styles
	r := s.results
	out := fmt.Sprintf("「%s」：%d 条", s.query, len(r.Hits))
	if r.Meetings > 0 {
		at := "见于"
		if !r.Exact {
			at = "见于至少"
		}
		out += fmt.Sprintf("，%s %d 次会议", at, r.Meetings)
	}
	out = st.Subtle.Render(out)
	if r.More {
		out += st.Warning.Render(fmt.Sprintf("　仅显示最近的 %d 条", len(r.Hits)))
	}
	if s.busy {
		out += st.Subtle.Render("　正在查找……")
	}
	return out
}

// scroll keeps the selected line (and its group's heading, when it is the group's first) in a
// view of rows lines of a list of n.
func (s *search) scroll(sel, n, rows int) {
	top := sel
	if hs := s.results.Hits; s.cursor == 0 || hs[s.cursor-1].Kind != hs[s.cursor].Kind {
		top = sel - 1 // the heading above
	}
	if s.person != nil {
		sel++ // the details line below
	}
	if top < s.offset {
		s.offset = max(top, 0)
	}
	if sel >= s.offset+rows {
		s.offset = sel - rows + 1
	}
	s.offset = min(max(s.offset, 0), max(n-rows, 0))
}

// list is the lines of the results, each at most width cells: a heading per kind, a line per
// hit; and the number of the selected hit's line.
func (s *search) list(width int) ([]string, int) {
	st := s.c.Styles
	r := s.results
	lines := make([]string, 0, len(r.Hits)+8)
	sel := 0
	var kind core.HitKind
	for i, h := range r.Hits {
		if h.Kind != kind {
			kind = h.Kind
			lines = append(lines, st.Heading.Render(fmt.Sprintf("%s（%d）", kind.Label(), r.Count[kind])))
		}
		if i == s.cursor {
			sel = len(lines)
		}
		lines = append(lines, s.hitLine(h, i == s.cursor, width))
		if i == s.cursor && s.person != nil && s.person.ID == h.PersonID {
			lines = append(lines, ansi.Truncate("    "+st.Subtle.Render(personDetails(*s.person)), width, core.CutMark))
		}
	}
	return lines, sel
}

// hitLine is one hit on one line of width cells: where it is, then its text cut around the
// match, the match highlighted.
func (s *search) hitLine(h core.Hit, selected bool, width int) string {
	st := s.c.Styles
	village := ""
	if s.all {
		village = ansi.Truncate(s.names[h.VillageID], 8, core.CutMark)
	}
	lead := "  "
	if selected {
		lead = st.Chosen.Render("> ")
	}
	place := strings.Join(core.HitPlace(h, village), " ") + " " + h.Field + "："
	if h.Kind == core.HitPerson {
		place = village
		if place != "" {
			place += " "
		}
	}
	rest := width - 2 - lipgloss.Width(place)
	if rest < 12 {
		// Too narrow for the place in full: the date and field only.
		place = h.Field + "："
		if !h.Date.IsZero() {
			place = h.Date.String() + " " + place
		}
		rest = width - 2 - lipgloss.Width(place)
	}
	text := core.Snippet(h.Text, h.Spans, max(rest, 4), func(m string) string { return st.Match.Render(m) })
	return ansi.Truncate(lead+st.Subtle.Render(place)+text, width, core.CutMark)
}

// personDetails is what the roster says of a person, without phone or ID-card number.
func personDetails(p meeting.Person) string {
	var parts []string
	if p.Title != "" {
		parts = append(parts, "职务："+p.Title)
	}
	if p.Gender != "" {
		parts = append(parts, "性别："+p.Gender)
	}
	if p.Household != "" {
		parts = append(parts, "户号："+p.Household)
	}
	var in []string
	for _, m := range p.Memberships {
		x := m.Body.Label()
		if m.Role != "" {
			x += m.Role
		}
		in = append(in, x)
	}
	if len(in) > 0 {
		parts = append(parts, "所在："+strings.Join(in, "、"))
	}
	if p.Guest {
		parts = append(parts, "不在花名册上（会议中记下的村民）")
	}
	if len(parts) == 0 {
		return "花名册编号 " + p.ID.String() + "，没有更多信息"
	}
	return strings.Join(parts, "　")
}

func (s *search) ShortHelp() []key.Binding {
	k := s.c.Keys.Search
	b := []key.Binding{k.Up, k.Open}
	if len(s.villages) > 1 {
		b = append(b, k.All)
	}
	return append(b, k.Back)
}

func (s *search) FullHelp() [][]key.Binding {
	return [][]key.Binding{s.ShortHelp()}
}
