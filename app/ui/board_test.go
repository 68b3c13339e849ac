package ui

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/meeting/demo"
)

// seedTownship imports a small synthetic township: villages villages over years years.
func seedTownship(t testing.TB, s core.Store, villages, years int) {
	t.Helper()
	if err := s.Import(demo.Synthetic(villages, years, nil), nil); err != nil {
		t.Fatal(err)
	}
}

// boardOf is the board in front.
func boardOf(t *testing.T, m tea.Model) *board {
	t.Helper()
	b, ok := m.(*model).front.(*board)
	if !ok {
		t.Fatalf("the board is not in front: %T", m.(*model).front)
	}
	return b
}

func shownIDs(b *board) []meeting.ID {
	out := make([]meeting.ID, len(b.shown))
	for i, r := range b.shown {
		out[i] = r.matter.ID
	}
	return out
}

// TestBoardFilters cycles each filter of the board and checks what it shows against the archive.
func TestBoardFilters(t *testing.T) {
	s := testkit.OpenStore(t)
	seedTownship(t, s, 3, 3)
	vs, _ := s.Villages()
	m := start(t, s, 100, 30)
	m = drive(t, m, press(tea.KeyF5))
	b := boardOf(t, m)
	xs, _ := s.Matters(vs[0].ID)
	if len(b.shown) != len(xs) || len(xs) == 0 {
		t.Fatalf("the board shows %d matters, the village has %d", len(b.shown), len(xs))
	}
	if v := plain(m); !strings.Contains(v, "已等") {
		t.Errorf("the board lacks a matter or its columns:\n%s", v)
	}

	// Stage: 未办结 keeps the matters still in the procedure.
	m = drive(t, m, press(tea.KeyF2))
	if got := stageFilters[b.stage].label; got != "未办结" {
		t.Fatalf("first stage choice %q", got)
	}
	for _, r := range b.shown {
		if r.matter.Stage().Ended() {
			t.Errorf("未办结 shows matter %d at %s", r.matter.ID, r.matter.Stage())
		}
	}
	open := len(b.shown)
	for stageFilters[b.stage].label != "已办结" {
		m = drive(t, m, press(tea.KeyF2))
	}
	if open+len(b.shown) > len(xs) || len(b.shown) == 0 {
		t.Errorf("已办结 shows %d, 未办结 %d, of %d", len(b.shown), open, len(xs))
	}
	for b.stage != 0 {
		m = drive(t, m, press(tea.KeyF2))
	}

	// Year: the newest year first, then older, then every year.
	years := b.years()
	if len(years) < 2 {
		t.Fatalf("years %v", years)
	}
	m = drive(t, m, press(tea.KeyF3))
	if b.year != years[0] {
		t.Fatalf("year %d, want %d", b.year, years[0])
	}
	for _, r := range b.shown {
		if r.matter.Created.Time().Year() != years[0] {
			t.Errorf("year %d shows matter %d raised %s", years[0], r.matter.ID, r.matter.Created)
		}
	}
	if !strings.Contains(plain(m), strconv.Itoa(years[0])+"年提出") {
		t.Errorf("the filter bar does not say the year:\n%s", plain(m))
	}
	for range years {
		m = drive(t, m, press(tea.KeyF3))
	}
	if b.year != 0 || len(b.shown) != len(xs) {
		t.Fatalf("after every year: year %d, %d shown", b.year, len(b.shown))
	}

	// Village: the next village, then every village (read as asked), with a village column.
	m = drive(t, m, press(tea.KeyF4))
	xs1, _ := s.Matters(vs[1].ID)
	if len(b.shown) != len(xs1) || b.shown[0].village.ID != vs[1].ID {
		t.Fatalf("second village: %d shown, want %d", len(b.shown), len(xs1))
	}
	m = drive(t, m, press(tea.KeyF4))
	m = drive(t, m, press(tea.KeyF4))
	all := 0
	for _, v := range vs {
		x, _ := s.Matters(v.ID)
		all += len(x)
	}
	if len(b.shown) != all || !b.all() {
		t.Fatalf("every village: %d shown, want %d", len(b.shown), all)
	}
	if v := plain(m); !strings.Contains(v, "全部村") || !strings.Contains(v, vs[0].Name) {
		t.Errorf("every village: the bar or the village column is missing:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyF4))
	if b.village != 0 || len(b.shown) != len(xs) {
		t.Errorf("the village filter does not come round to the first village")
	}
}

// TestBoardAttention: 需关注 shows exactly the matters the compliance checks find something on.
func TestBoardAttention(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, func(a *meeting.Archive) {
		// A resolution notice posted for two days only.
		for i := range a.Notices {
			if a.Notices[i].Kind == meeting.ResolutionNotice && len(a.Notices[i].Postings) > 0 {
				p := &a.Notices[i].Postings[0]
				p.To = p.From.AddDays(1)
				a.Notices[i].Postings = a.Notices[i].Postings[:1]
				break
			}
		}
	})
	vs, _ := s.Villages()
	l, err := core.Ledger(s, vs[0])
	if err != nil {
		t.Fatal(err)
	}
	want := attentionOf(l.Check(meeting.DateOf(testkit.FixedNow)))
	if len(want) == 0 {
		t.Fatal("the spoilt demo has no findings on a matter")
	}
	m := start(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyF5))
	b := boardOf(t, m)
	all := len(b.shown)
	m = drive(t, m, press(tea.KeyF5))
	if !b.attention || len(b.shown) != len(want) || len(b.shown) == all {
		t.Fatalf("需关注 shows %v, want %v", shownIDs(b), want)
	}
	for _, r := range b.shown {
		if !want[r.matter.ID] {
			t.Errorf("需关注 shows matter %d without findings", r.matter.ID)
		}
	}
	m = drive(t, m, press(tea.KeyF5))
	if len(b.shown) != all {
		t.Errorf("需关注 off shows %d, want %d", len(b.shown), all)
	}
}

// TestBoardSort: longest waiting first (the finished last), then newest step first.
func TestBoardSort(t *testing.T) {
	a := testkit.OpenStore(t)
	testkit.SeedDemo(t, a, nil)
	m := start(t, a, 80, 24)
	m = drive(t, m, press(tea.KeyF5))
	if b := boardOf(t, m); len(b.shown) < 2 || !b.shown[0].waits || b.shown[len(b.shown)-1].waits {
		t.Errorf("the matter still waiting is not first")
	}
	s := testkit.OpenStore(t)
	seedTownship(t, s, 1, 3)
	m = start(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyF5))
	b := boardOf(t, m)
	for i := 1; i < len(b.shown); i++ {
		p, q := b.shown[i-1], b.shown[i]
		if !p.waits && q.waits || p.waits && q.waits && p.days < q.days {
			t.Fatalf("longest waiting first: row %d (%v, %d days) before row %d (%v, %d days)", i-1, p.waits, p.days, i, q.waits, q.days)
		}
	}
	m = drive(t, m, press(tea.KeyF6))
	if !b.newest {
		t.Fatal("F6 did not change the order")
	}
	for i := 1; i < len(b.shown); i++ {
		if b.shown[i-1].since.Before(b.shown[i].since) {
			t.Fatalf("newest first: %s before %s", b.shown[i-1].since, b.shown[i].since)
		}
	}
	if v := plain(m); !strings.Contains(v, "最近一步在前") {
		t.Errorf("the bar does not say the order:\n%s", v)
	}
}

// TestBoardOpensTrailAndComesBack: Enter opens the selected matter's trail; Esc comes back to
// the board with the same filter and the same matter selected; Esc again goes home.
func TestBoardOpensTrailAndComesBack(t *testing.T) {
	s := testkit.OpenStore(t)
	seedTownship(t, s, 2, 3)
	m := start(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyF5))
	b := boardOf(t, m)
	m = drive(t, m, press(tea.KeyF6))
	for range 3 {
		m = drive(t, m, press(tea.KeyDown))
	}
	cur, want := b.table.Cursor(), b.selected().matter
	m = drive(t, m, press(tea.KeyEnter))
	r := m.(*model).reader
	if m.(*model).front != r || r.matter == nil || r.matter.matter.ID != want.ID {
		t.Fatalf("Enter did not open the trail of %d", want.ID)
	}
	m = drive(t, m, press(tea.KeyEscape))
	if boardOf(t, m) != b || b.table.Cursor() != cur || b.selected().matter.ID != want.ID || !b.newest {
		t.Fatalf("back on the board at row %d (matter %d), want row %d (matter %d)", b.table.Cursor(), b.selected().matter.ID, cur, want.ID)
	}
	m = drive(t, m, press(tea.KeyEscape))
	if m.(*model).front != m.(*model).home {
		t.Fatalf("Esc on the board: %T in front, want home", m.(*model).front)
	}
}

// TestTrailLinks: Tab moves between the meetings of a trail, Enter opens the selected one at
// the item about the matter, Esc comes back to the trail at the same scroll and selection.
func TestTrailLinks(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	vs, _ := s.Villages()
	xs, _ := s.Matters(vs[0].ID)
	x := xs[0] // carried through every step
	m := openTrail(t, s, x.ID, 80, 24)
	r := m.(*model).reader
	if len(r.links) < 4 {
		t.Fatalf("the trail links %d meetings", len(r.links))
	}
	if v := plain(m); !strings.Contains(v, "Tab 选会议") {
		t.Errorf("the help line does not offer the links:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyTab))
	m = drive(t, m, press(tea.KeyTab))
	m = drive(t, m, press(tea.KeyTab))
	if r.link != 2 || !strings.Contains(view(m), "＞") {
		t.Fatalf("after three Tabs the link is %d (marker shown: %v)", r.link, strings.Contains(view(m), "＞"))
	}
	m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
	if r.link != 1 {
		t.Fatalf("Shift+Tab: link %d, want 1", r.link)
	}
	y := r.vp.YOffset()
	target := r.links[1]
	mt, err := s.Meeting(target.meeting)
	if err != nil {
		t.Fatal(err)
	}
	m = drive(t, m, press(tea.KeyEnter))
	mr := m.(*model).reader
	if mr == r || mr.meeting != target.meeting || m.(*model).front != mr {
		t.Fatalf("Enter did not open meeting %d", target.meeting)
	}
	it, _ := mt.Item(target.item)
	if v := plain(m); !strings.Contains(v, "议题 "+strconv.Itoa(it.N)) {
		t.Errorf("the meeting did not open at its item %d:\n%s", it.N, v)
	}
	// The meeting is amended while open (F5 there): the trail, back, shows the amendment, at
	// the same place.
	a := meeting.Amendment{MeetingID: mt.ID, At: testkit.FixedNow, Author: meeting.Ref{Name: "何晓宇"}, Reason: "笔误", Text: "第三条发言的日期应为十月二日"}
	if err := s.PutAmendment(&a); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ansi.Strip(r.text), a.Text) {
		t.Fatal("the trail shows the amendment before it is read again")
	}
	m = drive(t, m, press(tea.KeyEscape))
	if m.(*model).front != r || r.vp.YOffset() != y || r.link != 1 {
		t.Fatalf("Esc: front %T, scroll %d (want %d), link %d", m.(*model).front, r.vp.YOffset(), y, r.link)
	}
	if !strings.Contains(ansi.Strip(r.text), a.Text) {
		t.Error("back on the trail, the amendment made meanwhile is missing")
	}
	// The matter's keys still work on the trail.
	if v := plain(m); !strings.Contains(v, "Tab 选会议") {
		t.Errorf("help line lost:\n%s", v)
	}
}

// TestTrailShowsMeetingsNoticesAmendments: a trail holds each meeting's statements, vote and
// verdict, the notices with their posting windows, and the meetings' amendments.
func TestTrailShowsMeetingsNoticesAmendments(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	vs, _ := s.Villages()
	xs, _ := s.Matters(vs[0].ID)
	x := xs[0]
	d, err := loadMatter(s, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	ms := touching(d)
	a := meeting.Amendment{MeetingID: ms[0].ID, At: testkit.FixedNow, Author: meeting.Ref{Name: "何晓宇"}, Reason: "笔误", Text: "第二条发言人应为李桂君"}
	if err := s.PutAmendment(&a); err != nil {
		t.Fatal(err)
	}
	msg := readMatter(s, x.ID)().(matterDataMsg)
	text, links := trailText(NewStyles(true), msg, -1)
	if len(links) != len(ms) {
		t.Errorf("%d links for %d meetings", len(links), len(ms))
	}
	st, _ := s.Statements(ms[0].ID)
	for _, want := range []string{"会议（", st[0].Text, "表决：", "结果：", "张贴：", "第二条发言人应为李桂君", meeting.DateOf(ms[len(ms)-1].Start).String()} {
		if !strings.Contains(text, want) {
			t.Errorf("the trail lacks %q", want)
		}
	}
	// In order of time.
	if !slices.IsSortedFunc(ms, func(p, q meeting.Meeting) int { return p.Start.Compare(q.Start) }) {
		t.Error("meetings out of order")
	}
}

// TestMeetingFilters cycles the home meetings pane's filters.
func TestMeetingFilters(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	vs, _ := s.Villages()
	ms, _ := s.Meetings(vs[0].ID)
	m := start(t, s, 100, 30)
	h := m.(*model).home
	if len(h.meetings.Rows()) != len(ms) {
		t.Fatalf("%d rows of %d meetings", len(h.meetings.Rows()), len(ms))
	}
	count := func(keep func(meeting.Meeting) bool) int {
		n := 0
		for _, x := range ms {
			if keep(x) {
				n++
			}
		}
		return n
	}
	m = drive(t, m, press(tea.KeyF6))
	kind := h.filter.kind
	if kind == "" || len(h.meetings.Rows()) != count(func(x meeting.Meeting) bool { return x.KindLabel() == kind }) {
		t.Fatalf("kind %q: %d rows", kind, len(h.meetings.Rows()))
	}
	for _, row := range h.meetings.Rows() {
		if row[2] != kind {
			t.Errorf("kind %q shows %v", kind, row)
		}
	}
	if !strings.Contains(plain(m), "类别："+kind) {
		t.Errorf("the filter is not shown:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyF6))
	if h.filter.kind == kind {
		t.Error("F6 did not move to another kind")
	}
	for h.filter.kind != "" {
		m = drive(t, m, press(tea.KeyF6))
	}
	m = drive(t, m, press(tea.KeyF7))
	place := h.filter.place
	if place == "" || len(h.meetings.Rows()) != count(func(x meeting.Meeting) bool { return x.Place == place }) {
		t.Fatalf("place %q: %d rows", place, len(h.meetings.Rows()))
	}
	m = drive(t, m, press(tea.KeyF8))
	host := h.filter.host
	if host == "" || len(h.meetings.Rows()) != count(func(x meeting.Meeting) bool { return x.Place == place && x.Host.Name == host }) {
		t.Fatalf("place %q and host %q: %d rows", place, host, len(h.meetings.Rows()))
	}
	// Order: oldest first.
	h.filter = meetingFilter{}
	m = drive(t, m, press(tea.KeyF9))
	rows := h.meetings.Rows()
	if len(rows) != len(ms) || rows[0][1] > rows[len(rows)-1][1] {
		t.Fatalf("oldest first: first %v, last %v", rows[0], rows[len(rows)-1])
	}
	// Enter opens the selected meeting; Esc comes back with the filter kept.
	m = drive(t, m, press(tea.KeyDown))
	m = drive(t, m, press(tea.KeyEnter))
	m = drive(t, m, press(tea.KeyEscape))
	if m.(*model).front != h || !h.filter.oldest || h.meetings.Cursor() != 1 {
		t.Errorf("back home: filter %+v, cursor %d", h.filter, h.meetings.Cursor())
	}
}

// TestBoardFlow runs the program under teatest: home, the board, a trail, a meeting from it,
// back to the trail, back to the board.
func TestBoardFlow(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	tm := teatest.NewTestModel(t, NewModel(newCommon(s, 0, 0)), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "夜话乡村")
	tm.Send(press(tea.KeyF5))
	waitFor(t, tm, "事项看板")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "选会议")
	tm.Send(press(tea.KeyTab))
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "翻页")
	tm.Send(press(tea.KeyEscape))
	waitFor(t, tm, "选会议")
	tm.Send(press(tea.KeyEscape))
	waitFor(t, tm, "事项看板")
	tm.Send(press(tea.KeyEscape))
	tm.Send(typed("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

// TestBoardReadsOneAtATime: filter keys pressed faster than the archive answers ask for one
// read at a time; when it comes back, what the filters now show is read next.
func TestBoardReadsOneAtATime(t *testing.T) {
	s := testkit.OpenStore(t)
	seedTownship(t, s, 3, 1)
	m := start(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyF5))
	b := boardOf(t, m)
	_, first := b.Update(press(tea.KeyF4)) // the second village: not read yet
	if first == nil {
		t.Fatal("no read for the second village")
	}
	if _, cmd := b.Update(press(tea.KeyF4)); cmd != nil {
		t.Fatal("a second read while the first is under way")
	}
	if !strings.Contains(ansi.Strip(b.View()), "正在读取") {
		t.Error("the board does not say it is reading")
	}
	_, next := b.Update(first()) // the third village is shown now: read it
	if next == nil {
		t.Fatal("nothing read after the first read came back")
	}
	b.Update(next())
	vs, _ := s.Villages()
	xs, _ := s.Matters(vs[2].ID)
	if b.village != 2 || len(b.shown) != len(xs) || strings.Contains(ansi.Strip(b.View()), "正在读取") {
		t.Errorf("third village: %d shown, want %d", len(b.shown), len(xs))
	}
}
