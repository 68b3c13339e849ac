package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/meeting/demo"
)

// openTrail starts the program and opens the trail of matter id from the home screen's matters.
func openTrail(t *testing.T, s core.Store, id meeting.ID, w, h int) tea.Model {
	t.Helper()
	m := start(t, s, w, h)
	m = drive(t, m, press(tea.KeyTab))
	h0 := m.(*model).home
	for i := 0; i < 20 && h0.matters.SelectedRow()[0] != id.String(); i++ {
		m = drive(t, m, press(tea.KeyDown))
	}
	m = drive(t, m, press(tea.KeyEnter))
	r := m.(*model).reader
	if front(m) != r || r.matter == nil || r.matter.matter.ID != id {
		t.Fatalf("the trail of matter %d is not open:\n%s", id, plain(m))
	}
	return m
}

// setField puts text in input i of the form of the screen in front, as typed: focus, clear, type.
func setField(t *testing.T, m tea.Model, i int, text string) tea.Model {
	t.Helper()
	f := formOf(t, m)
	f.Focus(i)
	m = clearField(t, m)
	if formOf(t, m).Focused().Multiline() {
		// Ctrl+U clears one line of a text area: clear it all.
		if tf, ok := formOf(t, m).Focused().(*textField); ok {
			tf.SetValue("")
		}
	}
	return burst(t, m, text)
}

func formOf(t *testing.T, m tea.Model) *form {
	t.Helper()
	return matterFormOf(t, m).form
}

func matterFormOf(t *testing.T, m tea.Model) *matterForm {
	t.Helper()
	switch s := front(m).(type) {
	case *implement:
		return &s.matterForm
	case *issue:
		return &s.matterForm
	case *postingScreen:
		return &s.matterForm
	case *objectionScreen:
		return &s.matterForm
	case *signOff:
		return &s.matterForm
	case *withdraw:
		return &s.matterForm
	}
	t.Fatalf("no form of a matter in front: %T\n%s", front(m), plain(m))
	return nil
}

// fieldIndex finds the input labelled label in the form in front.
func fieldIndex(t *testing.T, m tea.Model, label string) int {
	t.Helper()
	for i, in := range formOf(t, m).inputs {
		if in.Label() == label {
			return i
		}
	}
	t.Fatalf("no field %s", label)
	return -1
}

func set(t *testing.T, m tea.Model, label, text string) tea.Model {
	t.Helper()
	return setField(t, m, fieldIndex(t, m, label), text)
}

// TestMatterThroughBothNotices walks the street-light matter from 决议 to 结果公开 through the
// matter's keys: a 6-day posting refused with nothing written, the resolution notice posted for
// 7 days, a WeChat posting, an objection and its answer, work in progress, completion, the
// result notice with the supervision committee's sign-off.
func TestMatterThroughBothNotices(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, func(a *meeting.Archive) { testkit.ResolveStreetLights(t, a) })
	m := openTrail(t, s, testkit.StreetLights, 100, 30)
	if v := plain(m); !strings.Contains(v, "F3 公告") {
		t.Errorf("the help line does not offer the notice:\n%s", v)
	}

	// Nothing to implement before the resolution is posted: said on the status line.
	m = drive(t, m, press(tea.KeyF2))
	if front(m) != m.(*model).reader || !strings.Contains(plain(m), "决议公告张贴后才能登记实施") {
		t.Errorf("F2 at 决议 was not refused in words:\n%s", plain(m))
	}

	m = drive(t, m, press(tea.KeyF3))
	is, ok := front(m).(*issue)
	if !ok {
		t.Fatalf("F3 did not open the notice screen: %T\n%s", front(m), plain(m))
	}
	if is.kind != meeting.ResolutionNotice || is.heading.Value() != "关于更换村内主干道路灯的决议公告" {
		t.Errorf("notice kind %s, title %q", is.kind, is.heading.Value())
	}
	if is.period.from.Value() != "2026-11-23" || is.period.toField().Value() != "2026-12-07" {
		t.Errorf("posting defaults %s to %s, want 2026-11-23 to 2026-12-07", is.period.from.Value(), is.period.toField().Value())
	}
	if !strings.Contains(is.text.Value(), "太阳能路灯") || !strings.Contains(is.contact.Value(), "董建国") {
		t.Errorf("defaults: text %q, contact %q", is.text.Value(), is.contact.Value())
	}

	// A 14-day posting: refused beside the dates, nothing written.
	m = set(t, m, "公示结束", "2026-12-06")
	if v := plain(m); !strings.Contains(v, "（共 14 天），短于规定的 15 天") {
		t.Errorf("the short period is not shown beside the dates:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyF2))
	if front(m) != is || !strings.Contains(is.err, "短于规定的 15 天") {
		t.Errorf("a 14-day posting was not refused: %q", is.err)
	}
	if ns := testkit.NoticesOfMatter(t, s, testkit.StreetLights); len(ns) != 0 {
		t.Errorf("a refused notice was written: %+v", ns)
	}
	if st := testkit.MatterOf(t, s, testkit.StreetLights).Stage(); st != meeting.Resolved {
		t.Errorf("a refused notice moved the matter to %s", st)
	}

	// The start moves, the derived end follows it; then 15 days from the 23rd.
	m = set(t, m, "公示开始", "2026-11-24")
	if is.period.toField().Value() != "2026-12-06" { // typed over: it stays
		t.Errorf("a typed end date moved: %s", is.period.toField().Value())
	}
	m = set(t, m, "公示开始", "2026-11-23")
	m = set(t, m, "公示结束", "2026-12-07")
	text := is.text.Value()
	m = set(t, m, "正文", "")
	m = drive(t, m, press(tea.KeyF2))
	if !strings.Contains(is.err, "请填写正文") {
		t.Errorf("a resolution notice without text: %q", is.err)
	}
	m = set(t, m, "正文", text)
	m = drive(t, m, press(tea.KeyF2))
	if front(m) != m.(*model).reader {
		t.Fatalf("the notice was not saved: %q\n%s", is.err, plain(m))
	}
	x := testkit.MatterOf(t, s, testkit.StreetLights)
	ns := testkit.NoticesOfMatter(t, s, testkit.StreetLights)
	if x.Stage() != meeting.ResolutionPosted || len(ns) != 1 {
		t.Fatalf("after posting: stage %s, %d notices", x.Stage(), len(ns))
	}
	n := ns[0]
	last := x.History[len(x.History)-1]
	if last.NoticeID != n.ID || n.ID == 0 || last.On != meeting.NewDate(2026, 11, 23) {
		t.Errorf("the history does not name the notice: %+v, notice %d", last, n.ID)
	}
	if len(n.Postings) != 1 || n.Postings[0].Days() != 15 || n.Postings[0].Where != "村务公开栏" || n.Kind != meeting.ResolutionNotice {
		t.Errorf("notice: %+v", n)
	}
	if v := plain(m); !strings.Contains(v, "决议公告已张贴") || !strings.Contains(v, "已保存") {
		t.Errorf("the status line does not say it was posted:\n%s", v)
	}

	// The same notice in the WeChat group.
	m = drive(t, m, press(tea.KeyF4))
	ps, ok := front(m).(*postingScreen)
	if !ok {
		t.Fatalf("F4 did not open the posting screen: %T\n%s", front(m), plain(m))
	}
	if ps.period.where.Value() != "村民微信群" {
		t.Errorf("second place defaults to %q", ps.period.where.Value())
	}
	m = set(t, m, "公示结束", "2026-11-25")
	m = drive(t, m, press(tea.KeyF2))
	if front(m) != ps || !strings.Contains(ps.err, "短于") {
		t.Errorf("a short second posting was not refused: %q", ps.err)
	}
	m = set(t, m, "公示结束", "2026-12-08")
	m = drive(t, m, press(tea.KeyF2))
	if n := testkit.NoticesOfMatter(t, s, testkit.StreetLights)[0]; len(n.Postings) != 2 || n.Postings[1].Where != "村民微信群" || n.Postings[1].Days() != 16 {
		t.Errorf("postings: %+v", n.Postings)
	}

	// An objection, then its answer.
	m = drive(t, m, press(tea.KeyF5))
	if _, ok := front(m).(*objectionScreen); !ok {
		t.Fatalf("F5 did not open the objection screen: %T", front(m))
	}
	m = set(t, m, "提出人", "二组村民")
	m = set(t, m, "异议内容", "学校门口那段能不能先装？")
	m = drive(t, m, press(tea.KeyF2))
	if o := testkit.NoticesOfMatter(t, s, testkit.StreetLights)[0].Objections; len(o) != 1 || o[0].From != "二组村民" || o[0].Answer != "" || o[0].On != meeting.NewDate(2026, 11, 23) {
		t.Errorf("objection: %+v", o)
	}
	if v := m.(*model).reader.text; !strings.Contains(v, "学校门口那段能不能先装") || !strings.Contains(v, "尚未答复") {
		t.Errorf("the trail does not show the open objection:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyF5))
	ob := front(m).(*objectionScreen)
	if !ob.answering() || !strings.Contains(plain(m), "学校门口那段能不能先装") {
		t.Fatalf("F5 on an unanswered objection does not answer it:\n%s", plain(m))
	}
	m = set(t, m, "答复", "学校门口和村部广场两段先装。")
	m = drive(t, m, press(tea.KeyF2))
	if o := testkit.NoticesOfMatter(t, s, testkit.StreetLights)[0].Objections; len(o) != 1 || o[0].Answer != "学校门口和村部广场两段先装。" || o[0].Answered != meeting.NewDate(2026, 11, 23) {
		t.Errorf("answer: %+v", o)
	}

	// The sign-off, after issue.
	m = drive(t, m, press(tea.KeyF6))
	if _, ok := front(m).(*signOff); !ok {
		t.Fatalf("F6 did not open the sign-off: %T", front(m))
	}
	m = set(t, m, "监委签署人", "李四") // not a member
	m = drive(t, m, press(tea.KeyF2))
	if so := front(m).(*signOff); !strings.Contains(so.err, "不是村务监督委员会成员") {
		t.Errorf("a non-member signed: %q", so.err)
	}
	m = set(t, m, "监委签署人", "djg")
	m = drive(t, m, press(tea.KeyEnter))
	m = set(t, m, "监委意见", "程序符合规定，同意公开。")
	m = drive(t, m, press(tea.KeyF2))
	if sv := testkit.NoticesOfMatter(t, s, testkit.StreetLights)[0].Supervision; sv == nil || sv.By.Name != "董建国" || sv.By.PersonID == 0 || sv.Opinion != "程序符合规定，同意公开。" {
		t.Errorf("sign-off: %+v", sv)
	}

	// Work in progress: a note and money, the stage stays.
	m = drive(t, m, press(tea.KeyF2))
	if _, ok := front(m).(*implement); !ok {
		t.Fatalf("F2 did not open the implementation: %T\n%s", front(m), plain(m))
	}
	m = set(t, m, "新的进展", "公开比选，选定县城一家供货安装单位。")
	m = set(t, m, "开工日期", "2026-11-25")
	m = set(t, m, "补助（元）", "9000")
	m = drive(t, m, press(tea.KeyF2))
	x = testkit.MatterOf(t, s, testkit.StreetLights)
	if x.Stage() != meeting.ResolutionPosted || x.Implementation == nil || len(x.Implementation.Progress) != 1 ||
		x.Implementation.Budget != meeting.Yuan(36000) || x.Implementation.Subsidy != meeting.Yuan(9000) {
		t.Fatalf("in progress: stage %s, %+v", x.Stage(), x.Implementation)
	}
	// Completed and accepted: 实施.
	m = drive(t, m, press(tea.KeyF2))
	m = set(t, m, "完成日期", "2026-11-20")
	m = set(t, m, "实际支出（元）", "35120.5")
	m = set(t, m, "验收结果", "验收合格：80 盏全部点亮")
	m = set(t, m, "验收日期", "2026-12-10")
	m = drive(t, m, press(tea.KeyF2))
	if im := front(m).(*implement); !strings.Contains(im.err, "早于开工日期") {
		t.Errorf("completion before the start was not refused: %q", im.err)
	}
	m = set(t, m, "完成日期", "2026-12-08")
	m = drive(t, m, press(tea.KeyF2))
	x = testkit.MatterOf(t, s, testkit.StreetLights)
	if x.Stage() != meeting.Implemented || x.Implementation.Spent != 3512050 || x.Implementation.Completed != meeting.NewDate(2026, 12, 8) ||
		len(x.Implementation.Progress) != 1 {
		t.Fatalf("completed: stage %s, %+v", x.Stage(), x.Implementation)
	}
	v := plain(m)
	for _, want := range []string{"实际支出 35120.50 元", "补助 9000 元", "验收（2026-12-10）：验收合格", "公开比选，选定县城"} {
		if !strings.Contains(v, want) && !strings.Contains(m.(*model).reader.text, want) {
			t.Errorf("the trail lacks %q", want)
		}
	}

	// The result notice, with the sign-off at issue.
	m = drive(t, m, press(tea.KeyF3))
	is, ok = front(m).(*issue)
	if !ok || is.kind != meeting.ResultNotice || is.sign == nil {
		t.Fatalf("F3 at 实施 did not open the result notice: %T\n%s", front(m), plain(m))
	}
	if !strings.Contains(is.text.Value(), "实际支出 35120.50 元") {
		t.Errorf("result text default: %q", is.text.Value())
	}
	m = set(t, m, "发布日期", "2026-12-12")
	m = set(t, m, "公示开始", "2026-12-12")
	if is.period.toField().Value() != "2026-12-26" {
		t.Errorf("the end did not follow the start: %s", is.period.toField().Value())
	}
	m = set(t, m, "监委签署人", "djg")
	m = drive(t, m, press(tea.KeyEnter))
	m = drive(t, m, press(tea.KeyF2))
	x = testkit.MatterOf(t, s, testkit.StreetLights)
	ns = testkit.NoticesOfMatter(t, s, testkit.StreetLights)
	if x.Stage() != meeting.ResultPosted || len(ns) != 2 || ns[1].Kind != meeting.ResultNotice || ns[1].Supervision == nil {
		t.Fatalf("after the result notice: stage %s, notices %+v", x.Stage(), ns)
	}
	text = m.(*model).reader.text
	for _, want := range []string{"实施结果公告：关于更换村内主干道路灯的实施结果公告", "张贴：村民微信群，2026-11-23至2026-12-08，共 16 天",
		"答复（2026-11-23）：学校门口和村部广场两段先装。", "监委签署：董建国"} {
		if !strings.Contains(text, want) {
			t.Errorf("the trail lacks %q:\n%s", want, text)
		}
	}
	// Nothing more to post.
	m = drive(t, m, press(tea.KeyF3))
	if front(m) != m.(*model).reader || !strings.Contains(plain(m), "现在没有要张贴的公告") {
		t.Errorf("F3 after 结果公开 was not refused:\n%s", plain(m))
	}
}

func TestWithdrawMatter(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := openTrail(t, s, testkit.StreetLights, 100, 30)
	m = drive(t, m, press(tea.KeyF7))
	w, ok := front(m).(*withdraw)
	if !ok {
		t.Fatalf("F7 did not open the withdrawal: %T", front(m))
	}
	m = drive(t, m, press(tea.KeyF2))
	if !strings.Contains(w.err, "撤回事项须写明理由") {
		t.Errorf("no reason was accepted: %q", w.err)
	}
	m = burst(t, m, "县里已统一安排路灯改造")
	m = drive(t, m, press(tea.KeyF2))
	if !w.confirm || testkit.MatterOf(t, s, testkit.StreetLights).Stage() == meeting.Withdrawn {
		t.Fatal("withdrawn without confirmation")
	}
	m = drive(t, m, press(tea.KeyF2))
	x := testkit.MatterOf(t, s, testkit.StreetLights)
	if x.Stage() != meeting.Withdrawn || x.History[len(x.History)-1].Note != "县里已统一安排路灯改造" {
		t.Fatalf("not withdrawn: %+v", x.History)
	}
	if !strings.Contains(plain(m), "事项已撤回") {
		t.Errorf("status:\n%s", plain(m))
	}
	// Ended: F7 and F3 are refused in words.
	m = drive(t, m, press(tea.KeyF7))
	if front(m) != m.(*model).reader || !strings.Contains(plain(m), "已经结束") {
		t.Errorf("F7 on a withdrawn matter:\n%s", plain(m))
	}
}

// TestMatterScreensFit renders every screen of a matter at 60×20, 80×24 and 120×40 with long
// Chinese text.
func TestMatterScreensFit(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, func(a *meeting.Archive) {
		testkit.ResolveStreetLights(t, a)
		for i := range a.Matters {
			a.Matters[i].Title = long
			if im := a.Matters[i].Implementation; im != nil {
				im.Plan = long
				im.Progress = append(im.Progress, meeting.Progress{On: im.Started, Text: long})
			}
		}
		// The drainage waits for its result notice, the service centre for its completion.
		a.Matters[0].History = a.Matters[0].History[:len(a.Matters[0].History)-1]
		a.Matters[1].History = a.Matters[1].History[:len(a.Matters[1].History)-2]
		for i := range a.Notices {
			a.Notices[i].Title = long
			a.Notices[i].Objections = append(a.Notices[i].Objections, meeting.Objection{On: a.Notices[i].Issued, From: long, Text: long})
		}
	})
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		for _, id := range []meeting.ID{demo.AbeiID(1), demo.AbeiID(2), testkit.StreetLights} {
			m := openTrail(t, s, id, w, h)
			checkFits(t, "trail", plain(m), w, h)
			for i, k := range []rune{tea.KeyF2, tea.KeyF3, tea.KeyF4, tea.KeyF5, tea.KeyF6, tea.KeyF7} {
				name := fmt.Sprintf("matter %d F%d", id, i+2)
				m2 := drive(t, m, press(k))
				checkFits(t, name, plain(m2), w, h)
				if front(m2) == m2.(*model).reader {
					m = m2 // refused: the trail stays, the reason on the status line
					continue
				}
				matterFormOf(t, m2).err = strings.Repeat(long, 2)
				checkFits(t, name+" with an error", plain(m2), w, h)
				m2 = drive(t, m2, press(tea.KeyF1))
				checkFits(t, name+" with full help", plain(m2), w, h)
				m2 = drive(t, m2, press(tea.KeyF1))
				m = drive(t, m2, press(tea.KeyEscape))
			}
		}
	}
}
