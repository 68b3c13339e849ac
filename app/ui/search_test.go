package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/storage"
)

// openSearchScreen opens the search screen from the home screen.
func openSearchScreen(t *testing.T, m tea.Model) (tea.Model, *search) {
	t.Helper()
	m = drive(t, m, typed("/"))
	s, ok := front(m).(*search)
	if !ok {
		t.Fatalf("/ did not open the search screen: %T", front(m))
	}
	return m, s
}

// opened runs the command of pressing Enter on the search screen and returns its message.
func opened(t *testing.T, s *search) tea.Msg {
	t.Helper()
	_, cmd := s.Update(press(tea.KeyEnter))
	if cmd == nil {
		t.Fatal("Enter did nothing")
	}
	return cmd()
}

func TestSearchTypesGroupsAndOpens(t *testing.T) {
	st := testkit.OpenStore(t)
	testkit.SeedDemo(t, st, nil)
	m := start(t, st, 100, 30)
	m, s := openSearchScreen(t, m)
	if v := view(m); !strings.Contains(v, "拼音首字母") || !strings.Contains(v, "查找") {
		t.Fatalf("empty search shows no hint:\n%s", v)
	}
	m = burst(t, m, "路灯")
	if s.query != "路灯" || len(s.results.Hits) == 0 {
		t.Fatalf("no results for 路灯: query %q, %d hits", s.query, len(s.results.Hits))
	}
	v := view(m)
	first := s.results.Hits[0].Kind
	if head := first.Label() + "（"; !strings.Contains(v, head) {
		t.Errorf("no heading %q:\n%s", head, v)
	}
	if !strings.Contains(v, s.c.Styles.Match.Render("路灯")) {
		t.Errorf("the match is not highlighted:\n%s", v)
	}

	// Select the first statement and open it: the meeting at that statement, 路灯 highlighted.
	want := -1
	for i, h := range s.results.Hits {
		if h.Kind == storage.HitStatement {
			want = i
			break
		}
	}
	if want < 0 {
		t.Fatal("no statement mentions 路灯 in the demo")
	}
	for range want {
		m = drive(t, m, press(tea.KeyDown))
	}
	if s.cursor != want {
		t.Fatalf("cursor %d after %d downs", s.cursor, want)
	}
	h := s.results.Hits[want]
	msg, ok := opened(t, s).(openMeetingMsg)
	if !ok || msg.id != h.MeetingID || msg.at.statement != h.StatementID || msg.at.query != "路灯" {
		t.Fatalf("Enter on a statement: %#v, want meeting %d statement %d", msg, h.MeetingID, h.StatementID)
	}
	m = drive(t, m, msg)
	if _, ok := front(m).(*reader); !ok {
		t.Fatalf("the record did not open: %T", front(m))
	}
	if !strings.Contains(view(m), s.c.Styles.Match.Render("路灯")) {
		t.Errorf("the record does not highlight the query")
	}
	m = drive(t, m, press(tea.KeyEscape))
	if front(m) != s || s.query != "路灯" || s.box.Value() != "路灯" || s.cursor != want {
		t.Fatalf("Esc did not come back to the search as it was: %T query %q cursor %d", front(m), s.query, s.cursor)
	}
	// Up moves back; Ctrl-N moves down again, the box keeping its text.
	m = drive(t, m, press(tea.KeyUp))
	m = drive(t, m, tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl})
	if s.cursor != want || s.box.Value() != "路灯" {
		t.Errorf("Up, Ctrl-N: cursor %d, box %q", s.cursor, s.box.Value())
	}
	// Esc from the search goes home.
	m = drive(t, m, press(tea.KeyEscape))
	if front(m) != m.(*model).home {
		t.Errorf("Esc from the search: %T", front(m))
	}
}

func TestSearchOpensEachKind(t *testing.T) {
	st := testkit.OpenStore(t)
	testkit.SeedDemo(t, st, nil)
	vs, _ := st.Villages()
	s := newSearch(newCommon(st, 100, 30), vs, vs[0].ID)
	for _, tc := range []struct {
		kind  storage.HitKind
		check func(h storage.Hit, msg tea.Msg) bool
	}{
		{storage.HitMeeting, func(h storage.Hit, msg tea.Msg) bool {
			o, ok := msg.(openMeetingMsg)
			return ok && o.id == h.MeetingID && o.at.field == h.Field
		}},
		{storage.HitItem, func(h storage.Hit, msg tea.Msg) bool {
			o, ok := msg.(openMeetingMsg)
			return ok && o.id == h.MeetingID && o.at.item == h.Item && h.Item != 0
		}},
		{storage.HitMatter, func(h storage.Hit, msg tea.Msg) bool {
			o, ok := msg.(openMatterMsg)
			return ok && o.id == h.MatterID && o.query != ""
		}},
		{storage.HitNotice, func(h storage.Hit, msg tea.Msg) bool {
			o, ok := msg.(openMatterMsg)
			return ok && o.id == h.MatterID && h.MatterID != 0
		}},
	} {
		var r storage.Results
		s.cursor = -1
		for _, q := range []string{"路灯", "公示", "公告", "村民"} {
			var err error
			if r, err = st.Search(q, storage.SearchOptions{Village: vs[0].ID}); err != nil {
				t.Fatal(err)
			}
			s.query, s.typed, s.results = q, q, r
			for i, h := range r.Hits {
				if h.Kind == tc.kind {
					s.cursor = i
					break
				}
			}
			if s.cursor >= 0 {
				break
			}
		}
		if s.cursor < 0 {
			t.Errorf("no %s hit in the demo", tc.kind.Label())
			continue
		}
		if msg := opened(t, s); !tc.check(r.Hits[s.cursor], msg) {
			t.Errorf("Enter on a %s hit: %#v for %+v", tc.kind.Label(), msg, r.Hits[s.cursor])
		}
	}
}

func TestSearchPersonShowsDetails(t *testing.T) {
	st := testkit.OpenStore(t)
	testkit.SeedDemo(t, st, nil)
	m := start(t, st, 80, 24)
	m, s := openSearchScreen(t, m)
	m = drive(t, m, typed("jcy"))
	if len(s.results.Hits) == 0 || s.results.Hits[0].Kind != storage.HitPerson {
		t.Fatalf("jcy finds no person first: %+v", s.results.Hits)
	}
	v := view(m)
	if !strings.Contains(v, "人员（") || !strings.Contains(v, "金昌义") {
		t.Fatalf("jcy does not show 金昌义:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyEnter))
	v = view(m)
	if !strings.Contains(v, "党支部书记") {
		t.Errorf("Enter on a person shows no details:\n%s", v)
	}
	if strings.Contains(v, "15089450837") || strings.Contains(v, "230381199310129394") {
		t.Errorf("the details show a phone or ID-card number:\n%s", v)
	}
	checkFits(t, "person details", v, 80, 24)
}

// TestSearchDebounces types in two key events: the first's tick comes after the second key and
// is dropped, and so is a result for the older text.
func TestSearchDebounces(t *testing.T) {
	st := testkit.OpenStore(t)
	testkit.SeedDemo(t, st, nil)
	vs, _ := st.Villages()
	s := newSearch(newCommon(st, 80, 24), vs, vs[0].ID)
	_, c1 := s.Update(typed("路"))
	_, c2 := s.Update(typed("灯"))
	tick1, tick2 := runCmd(c1), runCmd(c2)
	if len(tick1) == 0 || len(tick2) == 0 {
		t.Fatal("typing schedules no search")
	}
	for _, msg := range tick1 {
		if _, cmd := s.Update(msg); cmd != nil {
			t.Fatalf("the stale tick %#v searched", msg)
		}
	}
	var found []tea.Msg
	for _, msg := range tick2 {
		_, cmd := s.Update(msg)
		found = append(found, runCmd(cmd)...)
	}
	if len(found) != 1 {
		t.Fatalf("the latest tick: %#v", found)
	}
	s.Update(searchResultsMsg{seq: s.seq - 1, results: storage.Results{Query: "路", Hits: []storage.Hit{{Kind: storage.HitMeeting}}}})
	if s.query != "" {
		t.Fatalf("a stale result was shown: %q", s.query)
	}
	s.Update(found[0])
	if s.query != "路灯" || len(s.results.Hits) == 0 {
		t.Fatalf("results: %q %d", s.query, len(s.results.Hits))
	}
	// An input method's burst as one key event with several runes is one change.
	seq := s.seq
	_, c := s.Update(typed("改造"))
	if s.box.Value() != "路灯改造" || s.seq != seq+1 {
		t.Fatalf("a multi-rune key: box %q, seq %d→%d", s.box.Value(), seq, s.seq)
	}
	for _, msg := range runCmd(c) {
		_, cmd := s.Update(msg)
		for _, r := range runCmd(cmd) {
			s.Update(r)
		}
	}
	if s.query != "路灯改造" {
		t.Errorf("query %q", s.query)
	}
}

func TestSearchNothingFoundAndVillages(t *testing.T) {
	st := testkit.OpenStore(t)
	testkit.SeedDemo(t, st, nil)
	m := start(t, st, 80, 24)
	m, s := openSearchScreen(t, m)
	m = burst(t, m, "喵喵喵")
	if v := view(m); !strings.Contains(v, "没有找到「喵喵喵」") {
		t.Errorf("no nothing-found message:\n%s", v)
	}
	// F4 with one village changes nothing; with two it searches every village.
	m = drive(t, m, press(tea.KeyF4))
	if s.all {
		t.Error("F4 with one village")
	}
	s.villages = append(s.villages, meeting.Village{ID: 999, Name: "阿南村"})
	s.names[999] = "阿南村"
	for range 3 {
		m = drive(t, m, press(tea.KeyBackspace))
	}
	m = burst(t, m, "路灯")
	m = drive(t, m, press(tea.KeyF4))
	if !s.all || s.scope() != 0 || !strings.Contains(view(m), "范围：全部村") || !strings.Contains(view(m), "阿北村") {
		t.Errorf("F4 did not search every village:\n%s", view(m))
	}
	if len(s.results.Hits) == 0 {
		t.Error("no results across villages")
	}
	m = drive(t, m, press(tea.KeyF4))
	if s.all || !strings.Contains(view(m), "范围：阿北村") {
		t.Errorf("F4 again did not come back to the village:\n%s", view(m))
	}
	// Emptied, the hint again.
	for range 2 {
		m = drive(t, m, press(tea.KeyBackspace))
	}
	if v := view(m); !strings.Contains(v, "拼音首字母") {
		t.Errorf("emptied search shows no hint:\n%s", v)
	}
}

// TestSearchHighlightsWhole finds a word in the middle of a long statement at 60 columns: the
// line shows it highlighted whole, and fits.
func TestSearchHighlightsWhole(t *testing.T) {
	st := testkit.OpenStore(t)
	const word = "独一无二的水泥"
	testkit.SeedDemo(t, st, func(a *meeting.Archive) {
		a.Statements[0].Text = strings.Repeat("前面说的话，", 30) + word + strings.Repeat("后面说的话。", 30)
	})
	m := start(t, st, 60, 20)
	m, s := openSearchScreen(t, m)
	m = burst(t, m, word)
	v := view(m)
	if len(s.results.Hits) != 1 || !strings.Contains(v, s.c.Styles.Match.Render(word)) {
		t.Errorf("%d hits; the match is not highlighted whole:\n%s", len(s.results.Hits), v)
	}
	for line := range strings.SplitSeq(v, "\n") {
		if strings.Contains(line, s.c.Styles.Match.Render(word)) && strings.Count(line, core.CutMark) != 2 {
			t.Errorf("the hit's line is not marked cut on both sides: %q", line)
		}
	}
	checkFits(t, "search highlight", v, 60, 20)
}

func TestSnippet(t *testing.T) {
	mark := func(s string) string { return "[" + s + "]" }
	text := strings.Repeat("前", 40) + "路灯" + strings.Repeat("后", 40)
	for _, w := range []int{10, 11, 20, 31, 60} {
		got := core.Snippet(text, [][2]int{{120, 126}}, w, mark)
		plain := strings.NewReplacer("[", "", "]", "").Replace(got)
		if !strings.Contains(got, "[路灯]") || lipgloss.Width(plain) > w {
			t.Errorf("width %d: %q is %d wide", w, got, lipgloss.Width(plain))
		}
	}
	// Spans off rune boundaries or out of range are left unmarked, never cut a character.
	if got := core.Snippet("路灯改造", [][2]int{{1, 4}, {9, 99}}, 20, mark); got != "路灯改造" {
		t.Errorf("bad spans: %q", got)
	}
	// A match at the end keeps the end in view.
	end := strings.Repeat("前", 40) + "路灯"
	if got := core.Snippet(end, [][2]int{{120, 126}}, 20, mark); !strings.HasSuffix(got, "[路灯]") || !strings.HasPrefix(got, core.CutMark) {
		t.Errorf("match at the end: %q", got)
	}
}

func TestSearchFitsTheWindow(t *testing.T) {
	st := testkit.OpenStore(t)
	testkit.SeedDemo(t, st, func(a *meeting.Archive) {
		a.Villages[0].Name = "黑龙江省某某市某某县某某镇阿北村民委员会"
		for i := range a.Meetings {
			a.Meetings[i].Title = long
			a.Meetings[i].Place = long
		}
		for i := range a.Matters {
			a.Matters[i].Title = long
		}
		for i := range a.Statements {
			a.Statements[i].Text = strings.Repeat(long, 3)
		}
	})
	for _, size := range [][2]int{{60, 20}, {80, 24}} {
		w, h := size[0], size[1]
		m := start(t, st, w, h)
		m, s := openSearchScreen(t, m)
		checkFits(t, "search hint", view(m), w, h)
		m = burst(t, m, "电脑")
		if len(s.results.Hits) == 0 {
			t.Fatal("no hits for 电脑")
		}
		checkFits(t, "search results", view(m), w, h)
		for range 30 {
			m = drive(t, m, press(tea.KeyDown))
		}
		checkFits(t, "search results scrolled", view(m), w, h)
		s.villages = append(s.villages, meeting.Village{ID: 999, Name: "另一个名字很长很长很长的村民委员会"})
		m = drive(t, m, press(tea.KeyF4))
		checkFits(t, "search every village", view(m), w, h)
		m = drive(t, m, press(tea.KeyF1))
		checkFits(t, "search full help", view(m), w, h)
	}
}

// TestSearchProgramFlow runs the program: home, the search, a query typed as an input method
// sends it, a hit opened, back to the search as it was.
func TestSearchProgramFlow(t *testing.T) {
	st := testkit.OpenStore(t)
	testkit.SeedDemo(t, st, nil)
	c := newCommon(st, 0, 0)
	c.SearchDelay = 20 * time.Millisecond
	tm := teatest.NewTestModel(t, NewModel(c), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "夜话乡村")
	tm.Send(tea.KeyPressMsg{Code: 'f', Mod: tea.ModCtrl})
	waitFor(t, tm, "拼音首字母")
	tm.Send(typed("路灯"))
	waitFor(t, tm, "「路灯」")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "导出")
	tm.Send(press(tea.KeyEscape))
	waitFor(t, tm, "范围：阿北村")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	s, ok := tm.FinalModel(t).(*model).front.(*search)
	if !ok || s.query != "路灯" || s.cursor != 0 {
		t.Fatalf("not back at the search: %T", tm.FinalModel(t).(*model).front)
	}
}

// TestSearchPersonDetailsCutMarked: at 60 columns the person's details line was cut at the
// window's edge with no mark, so the last item shown looked whole.
func TestSearchPersonDetailsCutMarked(t *testing.T) {
	st := testkit.OpenStore(t)
	testkit.SeedDemo(t, st, longTitle)
	m := start(t, st, 60, 20)
	m, _ = openSearchScreen(t, m)
	m = drive(t, m, typed("jcy"))
	m = drive(t, m, press(tea.KeyEnter))
	checkFits(t, "person details", view(m), 60, 20)
	endsCut(t, view(m), "村集体经济")
}
