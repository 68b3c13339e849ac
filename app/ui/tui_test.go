package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/meeting/demo"
)

func newCommon(s core.Store, w, h int) *Common {
	return &Common{Width: w, Height: h, Styles: NewStyles(true), Keys: DefaultKeyMap(), Store: s,
		Now: func() time.Time { return testkit.FixedNow }}
}

// drive delivers msg to the model and then, synchronously, every message its commands produce,
// as the Bubble Tea runtime would (quitting ends the chain).
func drive(t testing.TB, m tea.Model, msg tea.Msg) tea.Model {
	t.Helper()
	queue := []tea.Msg{msg}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100 {
			t.Fatal("the model keeps producing messages")
		}
		msg, queue = queue[0], queue[1:]
		var cmd tea.Cmd
		m, cmd = m.Update(msg)
		queue = append(queue, runCmd(cmd)...)
	}
	return m
}

func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	switch msg := msg.(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runCmd(c)...)
		}
		return out
	case tea.QuitMsg, nil:
		return nil
	}
	if _, internal := msg.(interface{ String() string }); internal && !isOurs(msg) {
		return nil // terminal queries such as RequestBackgroundColor
	}
	return []tea.Msg{msg}
}

func isOurs(msg tea.Msg) bool {
	switch msg.(type) {
	case errMsg, emptyMsg, demoLoadedMsg, homeDataMsg, openMeetingMsg, openMatterMsg, backMsg, boardReadMsg, meetingDataMsg, matterDataMsg, showMsg, buildMsg, homeMsg, savedMsg:
		return true
	}
	return false
}

func press(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code} }

func typed(s string) tea.KeyPressMsg { r := []rune(s); return tea.KeyPressMsg{Code: r[0], Text: s} }

func start(t testing.TB, s core.Store, w, h int) tea.Model {
	t.Helper()
	m := NewModel(newCommon(s, w, h))
	m = drive(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	for _, msg := range runCmd(m.Init()) {
		m = drive(t, m, msg)
	}
	return m
}

func view(m tea.Model) string { return m.View().Content }

func TestWelcomeOffersDemoAndLoadsIt(t *testing.T) {
	s := testkit.OpenStore(t)
	m := start(t, s, 80, 24)
	if v := view(m); !strings.Contains(v, "载入演示村") || !strings.Contains(v, s.Dir()) {
		t.Fatalf("empty archive does not offer the demo:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyEnter))
	v := view(m)
	if !strings.Contains(v, "阿北村") || !strings.Contains(v, "已保存") {
		t.Fatalf("after Enter the home screen does not show the demo village:\n%s", v)
	}
	if empty, _ := s.Empty(); empty {
		t.Error("the demo was not written to the archive")
	}
}

func TestHomeOpensMeetingAndMatter(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	if v := view(m); !strings.Contains(v, "夜话乡村") {
		t.Fatalf("home lacks the evening:\n%s", v)
	}
	// The newest meeting is first; walk down to the evening and open it.
	for i := 0; i < 10 && !strings.Contains(selectedRow(m), "夜话乡村"); i++ {
		m = drive(t, m, press(tea.KeyDown))
	}
	m = drive(t, m, press(tea.KeyEnter))
	if v := view(m); !strings.Contains(v, "主持人：金昌义") || !strings.Contains(v, "记录人：何晓宇") {
		t.Fatalf("meeting record not shown:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyEscape))
	m = drive(t, m, press(tea.KeyTab))
	if v := view(m); !strings.Contains(v, "提议") || !strings.Contains(v, "已办结") {
		t.Fatalf("matters pane lacks the strip or the stage:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyEnter))
	v := view(m)
	if !strings.Contains(v, "经过") || !strings.Contains(v, "党员大会") {
		t.Fatalf("matter trail not shown:\n%s", v)
	}
}

func selectedRow(m tea.Model) string {
	h := m.(*model).home
	return strings.Join(h.meetings.SelectedRow(), " ")
}

// TestQKeysAreSafe: q leaves the reader, and quits only from the home screen.
func TestReaderBackWithQ(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyEnter))
	if m.(*model).front != m.(*model).reader {
		t.Fatal("Enter did not open the reader")
	}
	m = drive(t, m, typed("q"))
	if m.(*model).front != m.(*model).home {
		t.Error("q in the reader did not go back")
	}
}

const long = "关于村党群服务中心添置第二台电脑、音响设备、饮水机和折叠椅以及配套线路改造的议题（含资金来源说明）"

// TestViewsFitTheWindow renders every screen with long Chinese names and statements at 60×20,
// 80×24 and 120×40 and finds no line wider than the window, and no more lines than it has.
func TestViewsFitTheWindow(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, func(a *meeting.Archive) {
		a.Villages[0].Name = "黑龙江省某某市某某县某某镇阿北村民委员会"
		a.Villages[0].Township = "某某镇人民政府驻村工作队联系点"
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
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		m := start(t, s, w, h)
		// The model is one value changed in place: keep each screen's view as it is drawn.
		screens := map[string]string{"home meetings": view(m)}
		step := func(name string, keys ...tea.Msg) {
			for _, k := range keys {
				m = drive(t, m, k)
			}
			if name != "" {
				screens[name] = view(m)
			}
		}
		step("meeting", press(tea.KeyEnter))
		step("home matters", press(tea.KeyEscape), press(tea.KeyTab))
		step("matter", press(tea.KeyEnter))
		step("matter with full help", press(tea.KeyF1))
		step("trail with a link selected", press(tea.KeyF1), press(tea.KeyTab), press(tea.KeyTab))
		step("meeting from the trail", press(tea.KeyEnter))
		step("trail again", press(tea.KeyEscape))
		step("home meetings filtered", press(tea.KeyEscape), press(tea.KeyTab), press(tea.KeyF6), press(tea.KeyF7), press(tea.KeyF8), press(tea.KeyF9))
		step("home with full help", press(tea.KeyF1))
		step("board", press(tea.KeyF1), press(tea.KeyF5))
		step("board filtered", press(tea.KeyF2), press(tea.KeyF3), press(tea.KeyF5), press(tea.KeyF6))
		step("board with full help", press(tea.KeyF1))
		step("meeting at a spot", press(tea.KeyF1), openMeetingMsg{id: demo.AbeiID(1), at: spot{field: "地点", query: "党群服务中心"}})
		for name, v := range screens {
			checkFits(t, name, v, w, h)
		}
		// Long titles are cut by us, with a mark of one cell on every terminal, not by the
		// table with its ambiguous-width one.
		for _, name := range []string{"home meetings", "home matters", "board"} {
			if v := ansi.Strip(screens[name]); strings.Contains(v, "…") || !strings.Contains(v, core.CutMark) {
				t.Errorf("%s at %d×%d: long titles should end in %s, not …:\n%s", name, w, h, core.CutMark, v)
			}
		}
		for name, want := range map[string]string{"board": "事项看板", "board filtered": "只看需关注",
			"trail with a link selected": "＞", "meeting from the trail": "议题", "home meetings filtered": "类别："} {
			if !strings.Contains(ansi.Strip(screens[name]), want) {
				t.Errorf("%s at %d×%d lacks %q:\n%s", name, w, h, want, ansi.Strip(screens[name]))
			}
		}
	}
	e := testkit.OpenStore(t)
	checkFits(t, "welcome", view(start(t, e, 60, 20)), 60, 20)
}

func checkFits(t *testing.T, name, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) > h {
		t.Errorf("%s at %d×%d: %d lines", name, w, h, len(lines))
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("%s at %d×%d: line %d is %d wide: %q", name, w, h, i+1, lw, l)
		}
	}
}

func TestTooSmall(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	for _, size := range [][2]int{{59, 24}, {80, 19}, {30, 10}} {
		m := start(t, s, size[0], size[1])
		v := view(m)
		if !strings.Contains(v, "窗口太小") {
			t.Errorf("%v: no too-small message:\n%s", size, v)
		}
		checkFits(t, "too small", v, size[0], size[1])
	}
	m := start(t, s, 60, 20)
	if strings.Contains(view(m), "窗口太小") {
		t.Error("60×20 called too small")
	}
}

// TestProgramFlow runs the whole program under teatest: the demo's home, the matters pane, a
// matter's trail, back, quit.
func TestProgramFlow(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	tm := teatest.NewTestModel(t, NewModel(newCommon(s, 0, 0)), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "夜话乡村")
	tm.Send(press(tea.KeyTab))
	waitFor(t, tm, "已办结")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "经过")
	tm.Send(press(tea.KeyEscape))
	tm.Send(typed("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
		teatest.WithDuration(10*time.Second))
}
