package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"yishi/meeting"
)

// boardReadMsg carries what the board read of villages not read before: their matters, and
// (when 需关注 asked for it) which of their matters have compliance findings.
type boardReadMsg struct {
	matters   map[meeting.ID][]meeting.Matter    // by village
	attention map[meeting.ID]map[meeting.ID]bool // village → matter → has findings
	read      []meeting.Village                  // the villages asked for
	err       error
}

// stageFilter is one choice of the board's stage filter.
type stageFilter struct {
	label string
	keep  func(meeting.Stage) bool
}

// stageFilters are the board's stage choices: all, each stage of the procedure, the two ends.
var stageFilters = func() []stageFilter {
	fs := []stageFilter{{"全部", func(meeting.Stage) bool { return true }},
		{"未办结", func(s meeting.Stage) bool { return !s.Ended() }}}
	fs = append(fs, stageFilter{meeting.Raised.Label(), func(t meeting.Stage) bool { return t == meeting.Raised }})
	for _, s := range meeting.Stages[1:7] {
		fs = append(fs, stageFilter{"现处" + s.Label(), func(t meeting.Stage) bool { return t == s }})
	}
	return append(fs,
		stageFilter{"已办结", func(s meeting.Stage) bool { return s == meeting.ResultPosted }},
		stageFilter{"已否决或撤回", func(s meeting.Stage) bool { return s == meeting.Rejected || s == meeting.Withdrawn }})
}()

// boardRow is one matter of the board with what its row shows, worked out once.
type boardRow struct {
	village *meeting.Village
	matter  meeting.Matter
	since   meeting.Date
	days    int
	waits   bool
	cells   table.Row // without the strip, which depends on the window's width
}

// board lists the matters of a village, or of every village, with their stage strips, the date
// of their last step, what they wait for and for how long; filtered by stage, year (raised),
// village and findings, sorted by waiting time. Enter opens a matter's trail.
type board struct {
	c        *Common
	villages []meeting.Village
	loaded   map[meeting.ID][]boardRow // by village, read when first shown
	checked  map[meeting.ID]map[meeting.ID]bool
	today    meeting.Date

	stage     int // index in stageFilters
	year      int // 0 for every year
	village   int // index in villages; len(villages) for every village
	attention bool
	newest    bool // newest step first, instead of longest waiting first
	// The read under way, by village: matters, findings. One at a time: filter keys pressed
	// quickly (F4 through twenty villages) would otherwise read many villages' meetings at once
	// and double the program's peak memory; what is still missing is asked when it comes back.
	reading, checking map[meeting.ID]bool

	shown  []*boardRow
	table  table.Model
	width  int
	height int
	strip  map[meeting.ID]string // stage strips drawn, by matter
}

// openBoard returns a command that shows the board of village v.
func openBoard(c *Common, v meeting.ID) tea.Cmd {
	s, today := c.Store, meeting.DateOf(c.Now())
	return func() tea.Msg {
		vs, err := s.Villages()
		if err != nil {
			return errMsg{err}
		}
		at := 0
		for i, x := range vs {
			if x.ID == v {
				at = i
			}
		}
		var ms []meeting.Matter
		if at < len(vs) {
			if ms, err = s.Matters(vs[at].ID); err != nil {
				return errMsg{err}
			}
		}
		return built(func() Component {
			b := newBoard(c, vs, today)
			b.village = at
			if at < len(vs) {
				b.add(map[meeting.ID][]meeting.Matter{vs[at].ID: ms})
			}
			return b // laid out when shown, at the window's size
		})
	}
}

func newBoard(c *Common, vs []meeting.Village, today meeting.Date) *board {
	b := &board{c: c, villages: vs, today: today, loaded: map[meeting.ID][]boardRow{},
		checked: map[meeting.ID]map[meeting.ID]bool{}, strip: map[meeting.ID]string{},
		reading: map[meeting.ID]bool{}, checking: map[meeting.ID]bool{}}
	b.table = table.New(table.WithKeyMap(c.Keys.Board.tableKeys()), table.WithFocused(true))
	return b
}

// add keeps the matters read of some villages, with what their rows show.
func (b *board) add(ms map[meeting.ID][]meeting.Matter) {
	for i := range b.villages {
		v := &b.villages[i]
		xs, ok := ms[v.ID]
		if !ok {
			continue
		}
		rows := make([]boardRow, len(xs))
		for j, x := range xs {
			since, days, waits := x.Waiting(b.today)
			r := boardRow{village: v, matter: x, since: since, days: days, waits: waits}
			wait := ""
			if waits {
				wait = strconv.Itoa(days) + "天"
			}
			last := ""
			if !since.IsZero() {
				last = since.String()
			}
			r.cells = table.Row{x.ID.String(), x.Title, "", last, v.Settings.Awaits(x.Stage()), wait}
			rows[j] = r
		}
		b.loaded[v.ID] = rows
	}
}

// inView are the villages the village filter shows.
func (b *board) inView() []meeting.Village {
	if b.village >= len(b.villages) {
		return b.villages
	}
	return b.villages[b.village : b.village+1]
}

// need reads what the filters need and has not been read: the matters of the villages shown,
// and their findings while 需关注 is on (that reads every meeting of those villages).
func (b *board) need() tea.Cmd {
	if len(b.reading)+len(b.checking) > 0 {
		return nil // one read at a time: asked again when it comes back
	}
	s, f := b.c.Store, b.c.Findings()
	var read, check []meeting.Village
	for _, v := range b.inView() {
		if _, ok := b.loaded[v.ID]; !ok && !b.reading[v.ID] {
			read = append(read, v)
			b.reading[v.ID] = true
		}
		if _, ok := b.checked[v.ID]; b.attention && !ok && !b.checking[v.ID] {
			check = append(check, v)
			b.checking[v.ID] = true
		}
	}
	if len(read) == 0 && len(check) == 0 {
		return nil
	}
	today := b.today
	return func() tea.Msg {
		out := boardReadMsg{matters: map[meeting.ID][]meeting.Matter{}, attention: map[meeting.ID]map[meeting.ID]bool{},
			read: append(read, check...)}
		for _, v := range read {
			ms, err := s.Matters(v.ID)
			if err != nil {
				return boardReadMsg{read: out.read, err: err}
			}
			out.matters[v.ID] = ms
		}
		// Findings read what is not kept yet a village at a time, collecting between villages
		// (Findings.Warm); what the background read after the home screen is there at once.
		if err := f.Warm(check, today); err != nil {
			return boardReadMsg{read: out.read, err: err}
		}
		for _, v := range check {
			found, err := f.Check(v, today)
			if err != nil {
				return boardReadMsg{read: out.read, err: err}
			}
			out.attention[v.ID] = attentionOf(found)
		}
		return out
	}
}

// attentionOf is which matters of a village have compliance findings among found.
func attentionOf(found []meeting.Finding) map[meeting.ID]bool {
	out := map[meeting.ID]bool{}
	for _, f := range found {
		if f.MatterID != 0 {
			out[f.MatterID] = true
		}
	}
	return out
}

// years are the years matters were raised in, among the villages shown, newest first.
func (b *board) years() []int {
	seen := map[int]bool{}
	for _, v := range b.inView() {
		for _, r := range b.loaded[v.ID] {
			if !r.matter.Created.IsZero() {
				seen[r.matter.Created.Time().Year()] = true
			}
		}
	}
	ys := make([]int, 0, len(seen))
	for y := range seen {
		ys = append(ys, y)
	}
	slices.SortFunc(ys, func(a, b int) int { return b - a })
	return ys
}

// refill applies the filters and the order, keeping the cursor on the same matter if it is
// still shown.
func (b *board) refill() {
	var keep meeting.ID
	if r := b.selected(); r != nil {
		keep = r.matter.ID
	}
	keepStage := stageFilters[b.stage].keep
	b.shown = b.shown[:0]
	for _, v := range b.inView() {
		marks, checked := b.checked[v.ID]
		for i := range b.loaded[v.ID] {
			r := &b.loaded[v.ID][i]
			x := r.matter
			if !keepStage(x.Stage()) {
				continue
			}
			if b.year != 0 && (x.Created.IsZero() || x.Created.Time().Year() != b.year) {
				continue
			}
			if b.attention && checked && !marks[x.ID] {
				continue
			}
			b.shown = append(b.shown, r)
		}
	}
	if b.newest {
		slices.SortStableFunc(b.shown, func(p, q *boardRow) int {
			if c := q.since.Time().Compare(p.since.Time()); c != 0 {
				return c
			}
			return cmp.Compare(q.matter.ID, p.matter.ID)
		})
	} else {
		// Longest waiting first; the matters that wait for nothing last, latest ended first.
		slices.SortStableFunc(b.shown, func(p, q *boardRow) int {
			if p.waits != q.waits {
				if p.waits {
					return -1
				}
				return 1
			}
			if !p.waits {
				return q.since.Time().Compare(p.since.Time())
			}
			if c := cmp.Compare(q.days, p.days); c != 0 {
				return c
			}
			return cmp.Compare(p.matter.ID, q.matter.ID)
		})
	}
	b.layout()
	cur := 0
	for i, r := range b.shown {
		if r.matter.ID == keep {
			cur = i
			break
		}
	}
	if len(b.shown) > 0 {
		b.table.SetCursor(cur)
	}
}

// wide is whether the window has room for the whole stage strip; narrower, the stage's name.
func (b *board) wide() bool { return b.width >= 100 }

// all is whether every village is shown: the rows then say whose matter it is.
func (b *board) all() bool { return b.village >= len(b.villages) && len(b.villages) > 1 }

// layout sizes the columns to the window and lays the shown rows into the table.
func (b *board) layout() {
	const strip = 6*4 + 5
	stageW := strip
	if !b.wide() {
		stageW = 8
	}
	villageW := 0
	if b.all() {
		villageW = 6
		if b.wide() {
			villageW = 10
		}
	}
	// Below 80 columns what a matter waits for is left to its trail: the stage says where it is.
	awaits := b.width >= 80
	fixed := (4 + 2) + (stageW + 2) + (10 + 2) + (5 + 2)
	if villageW > 0 {
		fixed += villageW + 2
	}
	flex := 1
	if awaits {
		flex = 2
	}
	rest := max(b.width-fixed-2*flex-2, 8*flex)
	titleW, awaitsW := rest, 0
	if awaits {
		titleW, awaitsW = rest*11/20, rest-rest*11/20
	}
	cols := []table.Column{{Title: "编号", Width: 4}}
	if villageW > 0 {
		cols = append(cols, table.Column{Title: "村", Width: villageW})
	}
	cols = append(cols, table.Column{Title: "事项", Width: titleW}, table.Column{Title: "进度", Width: stageW},
		table.Column{Title: "最近一步", Width: 10})
	if awaits {
		cols = append(cols, table.Column{Title: "下一步", Width: awaitsW})
	}
	cols = append(cols, table.Column{Title: "已等", Width: 5})
	// Columns first, with no rows: the table renders its rows against the columns it has.
	b.table.SetRows(nil)
	b.table.SetColumns(cols)
	rows := make([]table.Row, len(b.shown))
	for i, r := range b.shown {
		c := r.cells
		row := make(table.Row, 0, len(cols))
		row = append(row, c[0])
		if villageW > 0 {
			row = append(row, r.village.Name)
		}
		row = append(row, c[1], b.stageCell(r.matter), c[3])
		if awaits {
			row = append(row, c[4])
		}
		rows[i] = append(row, c[5])
	}
	b.table.SetRows(fitCells(rows, cols))
}

// stageCell is the strip of a matter, or on a narrow window its stage's name, styled.
func (b *board) stageCell(x meeting.Matter) string {
	if !b.wide() {
		st := b.c.Styles
		switch s := x.Stage(); {
		case s == meeting.Rejected || s == meeting.Withdrawn:
			return st.Error.Render(s.Label())
		case s.Ended():
			return st.StageDone.Render(s.Label())
		default:
			return st.StageNow.Render(s.Label())
		}
	}
	if s, ok := b.strip[x.ID]; ok {
		return s
	}
	s := stageStrip(b.c.Styles, x)
	b.strip[x.ID] = s
	return s
}

func (b *board) selected() *boardRow {
	i := b.table.Cursor()
	if i < 0 || i >= len(b.shown) {
		return nil
	}
	return b.shown[i]
}

// header is the board's title and its filter bar, wrapped to the window.
func (b *board) header() string {
	st := b.c.Styles
	where := "全部村"
	if b.village < len(b.villages) {
		where = b.villages[b.village].Name
	}
	total := 0
	for _, v := range b.inView() {
		total += len(b.loaded[v.ID])
	}
	head := st.Title.Render("事项看板") + st.Subtle.Render(fmt.Sprintf("　%s，共 %d 件，显示 %d 件", where, total, len(b.shown)))
	if len(b.reading)+len(b.checking) > 0 {
		head += st.Subtle.Render("　正在读取……")
	}
	choice := func(label, value string, set bool) string {
		if set {
			return st.Subtle.Render(label+"：") + st.Chosen.Render(value)
		}
		return st.Subtle.Render(label + "：" + value)
	}
	year := "全部"
	if b.year != 0 {
		year = strconv.Itoa(b.year) + "年提出"
	}
	attention := "不限"
	if b.attention {
		attention = "只看需关注"
	}
	order := "等得最久在前"
	if b.newest {
		order = "最近一步在前"
	}
	bar := strings.Join([]string{
		choice("阶段", stageFilters[b.stage].label, b.stage != 0),
		choice("年份", year, b.year != 0),
		choice("村", where, b.all()),
		choice("需关注", attention, b.attention),
		choice("排序", order, b.newest),
	}, "　")
	return head + "\n" + wrap(bar, max(b.width-1, 10))
}

func (b *board) SetSize(width, height int) {
	b.width, b.height = width, height
	b.table.SetStyles(b.c.Styles.Table)
	b.table.SetWidth(width)
	b.refill()
	b.table.SetHeight(max(height-lipgloss.Height(b.header())-1, 3))
}

func (b *board) Update(msg tea.Msg) (Component, tea.Cmd) {
	switch msg := msg.(type) {
	case boardReadMsg:
		if msg.err != nil {
			for _, v := range msg.read { // asked again at the next key
				delete(b.reading, v.ID)
				delete(b.checking, v.ID)
			}
			return b, func() tea.Msg { return errMsg{msg.err} }
		}
		b.add(msg.matters)
		for id := range msg.matters {
			delete(b.reading, id)
		}
		for id, m := range msg.attention {
			b.checked[id] = m
			delete(b.checking, id)
		}
		b.SetSize(b.width, b.height)
		return b, b.need()
	case tea.KeyPressMsg:
		k := b.c.Keys.Board
		switch {
		case key.Matches(msg, k.Stage):
			b.stage = (b.stage + 1) % len(stageFilters)
		case key.Matches(msg, k.Year):
			ys := b.years()
			i := slices.Index(ys, b.year) // -1 for every year: then the newest
			if i+1 < len(ys) {
				b.year = ys[i+1]
			} else {
				b.year = 0
			}
		case key.Matches(msg, k.Village):
			b.village = (b.village + 1) % (len(b.villages) + 1)
			if len(b.villages) == 1 {
				b.village = 0
			}
		case key.Matches(msg, k.Attention):
			b.attention = !b.attention
		case key.Matches(msg, k.Order):
			b.newest = !b.newest
		case key.Matches(msg, k.Open):
			if r := b.selected(); r != nil {
				return b, openMatter(r.matter.ID, "")
			}
			return b, nil
		default:
			var cmd tea.Cmd
			b.table, cmd = b.table.Update(msg)
			return b, cmd
		}
		cmd := b.need()
		b.SetSize(b.width, b.height) // the bar may wrap anew
		return b, cmd
	}
	return b, nil
}

// backKey leaves the board: the root goes back at once.
func (b *board) backKey() key.Binding { return b.c.Keys.Board.Back }

func (b *board) View() string {
	return b.header() + "\n" + b.table.View()
}

func (b *board) ShortHelp() []key.Binding {
	k := b.c.Keys.Board
	return []key.Binding{k.Up, k.Open, k.Stage, k.Year, k.Village, k.Attention, k.Order, k.Back}
}

func (b *board) FullHelp() [][]key.Binding {
	k := b.c.Keys.Board
	return [][]key.Binding{{k.Up, k.Open, k.Back}, {k.Stage, k.Year, k.Village, k.Attention, k.Order}}
}
