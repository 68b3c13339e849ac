package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/meeting/demo"
)

var abei = demo.AbeiID(1)

// desk starts the program on s and puts the screen cmd shows in front (as the home screen's
// keys will).
func desk(t *testing.T, s core.Store, w, h int, open func(c *Common, village meeting.ID) tea.Cmd) tea.Model {
	t.Helper()
	m := start(t, s, w, h)
	return drive(t, m, open(m.(*model).c, abei)())
}

func assignmentOf(t *testing.T, s core.Store, id meeting.ID) meeting.Assignment {
	t.Helper()
	as, err := s.Assignments(abei)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no assignment %d", id)
	return meeting.Assignment{}
}

func finishOf(t *testing.T, m tea.Model) *finishForm {
	t.Helper()
	f, ok := front(m).(*finishForm)
	if !ok {
		t.Fatalf("the follow-up form is not in front: %T\n%s", front(m), plain(m))
	}
	return f
}

// typeInto focuses input i of the follow-up form, clears it and types text.
func typeInto(t *testing.T, m tea.Model, i int, text string) tea.Model {
	t.Helper()
	finishOf(t, m).form.Focus(i)
	m = clearField(t, m)
	if text == "" {
		return m
	}
	return burst(t, m, text)
}

func TestAttentionListsAndOpens(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, func(a *meeting.Archive) { testkit.DropResolutionNotice(a); testkit.ReopenDitch(a) })
	m := desk(t, s, 100, 30, openAttention)
	v := plain(m)
	for _, want := range []string{
		"需关注", "阿北村", "截至 2026-11-23", "程序问题 0", "超期 2", "进行中 0",
		"> 事项「为党群服务中心添置电脑和音响设备」记为决议已公开",
		"自 2026-10-07 起超期（48 天）", "下一步：导出决议公告",
		"交办事项「清理二组东头边沟杂草，疏通排水」（承办人 刘恒军）时限 2026-11-20，已超期 3 天",
		"下一步：督促承办人办理", "Enter 打开事项", "F4 本村／全部村",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("attention lacks %q:\n%s", want, v)
		}
	}
	if strings.Index(v, "添置电脑") > strings.Index(v, "清理二组") {
		t.Error("the older finding is not first")
	}

	// Every village: the same findings, each with its village's name.
	m = drive(t, m, press(tea.KeyF4))
	if v := plain(m); !strings.Contains(v, "全部 1 个村") || !strings.Contains(v, "【阿北村】事项「为党群服务中心") {
		t.Errorf("every village:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyF4))

	// Enter on the assignment: the follow-up form; done today, saved, back to the list.
	m = drive(t, m, press(tea.KeyDown))
	if !strings.Contains(plain(m), "Enter 登记办结") {
		t.Errorf("the help does not say Enter marks it done:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyEnter))
	f := finishOf(t, m)
	if f.a.ID != demo.AbeiID(3) || f.done.Value() != "2026-11-23" || !strings.Contains(plain(m), "来自 2026-10-20 板凳会") {
		t.Errorf("form for %d, done %q:\n%s", f.a.ID, f.done.Value(), plain(m))
	}
	m = burst(t, m, "10 月 30 日清理完毕")
	m = drive(t, m, press(tea.KeyF2))
	a, ok := front(m).(*attention)
	if !ok {
		t.Fatalf("not back at the list after saving: %T\n%s", front(m), plain(m))
	}
	if v := plain(m); !strings.Contains(v, "已保存") || strings.Contains(v, "清理二组") || !strings.Contains(v, "超期 1") {
		t.Errorf("after marking done:\n%s", v)
	}
	if x := assignmentOf(t, s, demo.AbeiID(3)); x.Done != meeting.DateOf(testkit.FixedNow) || x.Result != "10 月 30 日清理完毕" {
		t.Errorf("stored: %+v", x)
	}
	if a.view.cursor != 0 {
		t.Errorf("cursor %d after the row went", a.view.cursor)
	}

	// Enter on the matter: its trail.
	m = drive(t, m, press(tea.KeyEnter))
	r := m.(*model).reader
	if front(m) != r || r.matter == nil || r.matter.matter.ID != testkit.Computers {
		t.Errorf("Enter did not open the matter's trail: %T\n%s", front(m), plain(m))
	}
}

func TestAttentionOpensMeetingAndShowsOngoing(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, func(a *meeting.Archive) {
		for i := range a.Notices {
			if n := &a.Notices[i]; n.MatterID == testkit.Computers && n.Kind == meeting.ResultNotice {
				n.Postings[0].To = meeting.DateOf(testkit.FixedNow)
			}
		}
	})
	m := desk(t, s, 80, 24, openAttention)
	v := plain(m)
	if !strings.Contains(v, "进行中 1") || !strings.Contains(v, "今天期满") || !strings.Contains(v, "公示自 2026-11-02 起") ||
		!strings.Contains(v, "后事项办结") {
		t.Errorf("an ongoing posting:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyEscape))
	if front(m) != m.(*model).home {
		t.Errorf("Esc did not go home: %T", front(m))
	}

	// A clean village says so.
	s2 := testkit.OpenStore(t)
	testkit.SeedDemo(t, s2, nil)
	if v := plain(desk(t, s2, 80, 24, openAttention)); !strings.Contains(v, "没有发现问题") {
		t.Errorf("a clean village:\n%s", v)
	}
}

func TestFollowupsListFilterAndOpen(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := desk(t, s, 100, 40, openFollowups)
	v := plain(m)
	for _, want := range []string{
		"协商议事跟踪", "全部 8", "办理中 0", "逾期 0", "已办结 3", "未反馈 0", "按会议日期，新的在前",
		"2026-10-20　板凳会　村内主干道路灯损坏", "转为事项：「更换村内主干道路灯」",
		"已答复：镇里今年有秸秆打捆离田补贴",
		"已交办：刘恒军　时限 2026-10-27（马上办）　已办结 2026-10-24　已反馈",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("follow-ups lack %q:\n%s", want, v)
		}
	}
	// Enter on a matter: its trail.
	m = drive(t, m, press(tea.KeyEnter))
	if r := m.(*model).reader; front(m) != r || r.matter == nil || r.matter.matter.ID != testkit.StreetLights {
		t.Errorf("Enter on 转为事项 did not open the trail: %T\n%s", front(m), plain(m))
	}

	m = desk(t, s, 100, 40, openFollowups)
	m = drive(t, m, press(tea.KeyTab))
	if v := plain(m); !strings.Contains(v, "没有「办理中」的事项") {
		t.Errorf("filter 办理中:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyTab))
	m = drive(t, m, press(tea.KeyTab))
	v = plain(m)
	if strings.Contains(v, "已答复") || strings.Count(v, "已交办") != 3 {
		t.Errorf("filter 已办结 shows other outcomes:\n%s", v)
	}
	// By deadline: the earliest deadline first.
	m = drive(t, m, press(tea.KeyF3))
	v = plain(m)
	if !strings.Contains(v, "按办结时限") || strings.Index(v, "2025") > strings.Index(v, "2026-09-15") {
		t.Errorf("by deadline:\n%s", v)
	}
	if !strings.Contains(v, "办理结果：") || !strings.Contains(v, "Enter 改办理结果／反馈") {
		t.Errorf("the selected done assignment does not show its result:\n%s", v)
	}
}

// TestFollowupMarkDone marks an overdue assignment done from the follow-ups: bad input is
// refused with nothing written; then the result, then the feedback given later.
func TestFollowupMarkDone(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, testkit.ReopenDitch)
	m := desk(t, s, 80, 24, openFollowups)
	m = drive(t, m, press(tea.KeyTab))
	m = drive(t, m, press(tea.KeyTab))
	if v := plain(m); !strings.Contains(v, "逾期 1") || !strings.Contains(v, "逾期 3 天") || !strings.Contains(v, "二组边沟杂草堵塞") {
		t.Fatalf("filter 逾期:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyEnter))
	f := finishOf(t, m)
	before := assignmentOf(t, s, demo.AbeiID(3))

	for _, bad := range []struct {
		done, result, feedback, fedBack, want string
	}{
		{"2026-11-24", "已清理", "", "", "在今天（2026-11-23）之后"},
		{"2026-10-19", "已清理", "", "", "早于交办日期 2026-10-20"},
		{"2026-11-23", "", "", "", "请写上办理结果"},
		{"11月23日", "已清理", "", "", "请写成 2026-11-23 这样"},
		{"2026-11-22", "已清理", "告知武桂君", "", "请再填反馈日期"},
		{"2026-11-22", "已清理", "告知武桂君", "2026-11-21", "早于办结日期"},
	} {
		m = typeInto(t, m, 1, bad.done)
		m = typeInto(t, m, 0, bad.result)
		m = typeInto(t, m, 2, bad.feedback)
		m = typeInto(t, m, 3, bad.fedBack)
		m = drive(t, m, press(tea.KeyF2))
		if front(m) != f || !strings.Contains(f.err, bad.want) || !strings.Contains(plain(m), bad.want) {
			t.Errorf("%+v: error %q", bad, f.err)
		}
		if after := assignmentOf(t, s, demo.AbeiID(3)); after.Done != before.Done || after.Result != before.Result || after.Feedback != before.Feedback {
			t.Errorf("%+v: a refused form wrote %+v", bad, after)
		}
	}

	m = typeInto(t, m, 1, "2026-11-22")
	m = typeInto(t, m, 0, "公益岗 4 人清理边沟约 400 米")
	m = typeInto(t, m, 2, "")
	m = typeInto(t, m, 3, "")
	m = drive(t, m, press(tea.KeyF2))
	l, ok := front(m).(*followups)
	if !ok {
		t.Fatalf("not back at the follow-ups: %T %q\n%s", front(m), f.err, plain(m))
	}
	if v := plain(m); !strings.Contains(v, "办理结果已保存") || !strings.Contains(v, "没有「逾期」的事项") || l.view.filter != followLate {
		t.Errorf("after saving (filter kept):\n%s", v)
	}
	x := assignmentOf(t, s, demo.AbeiID(3))
	if x.Done != meeting.NewDate(2026, 11, 22) || x.Result != "公益岗 4 人清理边沟约 400 米" || x.Feedback != "" || !x.FedBack.IsZero() {
		t.Errorf("stored: %+v", x)
	}

	// The feedback comes later: 未反馈 lists it, the form opens at the feedback.
	m = drive(t, m, press(tea.KeyTab))
	m = drive(t, m, press(tea.KeyTab))
	if v := plain(m); !strings.Contains(v, "未反馈 1") || !strings.Contains(v, "二组边沟杂草堵塞") {
		t.Fatalf("filter 未反馈:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyEnter))
	f = finishOf(t, m)
	if f.form.focus != 2 || f.result.Value() != x.Result {
		t.Errorf("a done assignment's form: focus %d, result %q", f.form.focus, f.result.Value())
	}
	m = burst(t, m, "当面告知武桂君")
	m = drive(t, m, press(tea.KeyTab))
	m = burst(t, m, "2026-11-23")
	m = drive(t, m, press(tea.KeyF2))
	if v := plain(m); !strings.Contains(v, "反馈情况已保存") || !strings.Contains(v, "未反馈 0") {
		t.Errorf("after the feedback:\n%s", v)
	}
	if x := assignmentOf(t, s, demo.AbeiID(3)); x.Feedback != "当面告知武桂君" || x.FedBack != meeting.DateOf(testkit.FixedNow) || x.Done != meeting.NewDate(2026, 11, 22) {
		t.Errorf("stored: %+v", x)
	}

	// Esc from the form leaves it unsaved.
	m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}) // 已办结: the ditch is newest
	m = drive(t, m, press(tea.KeyEnter))
	if finishOf(t, m).a.ID != demo.AbeiID(3) {
		t.Fatalf("opened assignment %d", finishOf(t, m).a.ID)
	}
	// Esc over what was typed asks first (it threw the typing away), then leaves it unsaved;
	// a key in between takes the question back.
	m = typeInto(t, m, 0, "改了")
	m = drive(t, m, press(tea.KeyEscape))
	if f := finishOf(t, m); f.err != leaveAsk || !strings.Contains(plain(m), "再按 Esc 放弃") {
		t.Errorf("the first Esc over typed text did not ask: %q", f.err)
	}
	m = burst(t, m, "的")
	m = drive(t, m, press(tea.KeyEscape))
	if got := finishOf(t, m).result.Value(); got != "改了的" {
		t.Errorf("a key after the question did not take it back: the field holds %q", got)
	}
	m = drive(t, m, press(tea.KeyEscape))
	if _, ok := front(m).(*followups); !ok || assignmentOf(t, s, demo.AbeiID(3)).Result == "改了的" {
		t.Errorf("Esc: %T, %+v", front(m), assignmentOf(t, s, demo.AbeiID(3)))
	}
	// Untouched, one Esc leaves.
	m = drive(t, m, press(tea.KeyEnter))
	m = drive(t, m, press(tea.KeyEscape))
	if _, ok := front(m).(*followups); !ok {
		t.Errorf("Esc on an untouched form: %T", front(m))
	}
}

// TestFollowupFlow marks an assignment done through the whole program under teatest.
func TestFollowupFlow(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, testkit.ReopenDitch)
	c := newCommon(s, 0, 0)
	tm := teatest.NewTestModel(t, NewModel(c), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "夜话乡村")
	tm.Send(openFollowups(c, abei)())
	waitFor(t, tm, "协商议事跟踪")
	tm.Send(press(tea.KeyTab))
	tm.Send(press(tea.KeyTab))
	waitFor(t, tm, "逾期 3 天")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "交办事项办结")
	tm.Type("边沟已清理")
	tm.Send(press(tea.KeyF2))
	waitFor(t, tm, "办理结果已保存")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	if x := assignmentOf(t, s, demo.AbeiID(3)); x.Result != "边沟已清理" || x.Done != meeting.DateOf(testkit.FixedNow) {
		t.Errorf("stored: %+v", x)
	}
}

// TestDeskFitsTheWindow renders the attention list, the follow-ups and the follow-up form with
// long Chinese text at 80×24 and 60×20.
func TestDeskFitsTheWindow(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, func(a *meeting.Archive) {
		testkit.DropResolutionNotice(a)
		testkit.ReopenDitch(a)
		a.Villages[0].Name = "黑龙江省某某市某某县某某镇阿北村民委员会"
		for i := range a.Matters {
			a.Matters[i].Title = long
		}
		for i := range a.Meetings {
			a.Meetings[i].Title = long
			for j := range a.Meetings[i].Items {
				a.Meetings[i].Items[j].Title = long
				if o := a.Meetings[i].Items[j].Outcome; o != nil && o.Answer != "" {
					o.Answer = long
				}
			}
		}
		for i := range a.Assignments {
			a.Assignments[i].Task = long
			a.Assignments[i].Owner.Name = "欧阳某某某"
			if a.Assignments[i].Result != "" {
				a.Assignments[i].Result = long
				a.Assignments[i].Feedback = long
			}
		}
	})
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		w, h := size[0], size[1]
		m := desk(t, s, w, h, openAttention)
		checkFits(t, "attention", view(m), w, h)
		m = drive(t, m, press(tea.KeyF4))
		checkFits(t, "attention, every village", view(m), w, h)
		m = drive(t, m, press(tea.KeyF1))
		checkFits(t, "attention with full help", view(m), w, h)
		m = drive(t, m, press(tea.KeyF1))
		m = drive(t, m, press(tea.KeyDown))
		m = drive(t, m, press(tea.KeyEnter))
		finishOf(t, m)
		checkFits(t, "follow-up form", view(m), w, h)
		m = drive(t, m, press(tea.KeyF2)) // no result: refused, the error shown
		checkFits(t, "follow-up form with error", view(m), w, h)

		m = desk(t, s, w, h, openFollowups)
		checkFits(t, "follow-ups", view(m), w, h)
		for range 12 {
			m = drive(t, m, press(tea.KeyDown))
			checkFits(t, "follow-ups scrolled", view(m), w, h)
		}
		m = drive(t, m, press(tea.KeyF3))
		checkFits(t, "follow-ups by deadline", view(m), w, h)
	}
}

// TestAttentionOpensSettingsBelowStatute: a village still saying 7 days shows on the attention
// list with the statute's figure and article, and Enter opens its settings, where F4 fixes it.
func TestAttentionOpensSettingsBelowStatute(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, func(a *meeting.Archive) {
		a.Villages[0].Settings.MinPostingDays, a.Villages[0].Settings.Earlier = 7, nil
	})
	m := desk(t, s, 100, 30, openAttention)
	if v := strings.ReplaceAll(plain(m), "\n", ""); !strings.Contains(v, "「公告公示期」本村设定 7 天，低于法定的 15 天") ||
		!strings.Contains(v, "第三十五条") || !strings.Contains(v, "Enter 打开本村设置") {
		t.Errorf("the setting below the statute:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyEnter))
	settingsOf(t, m)
	m = drive(t, m, press(tea.KeyF4))
	if v, _ := s.Village(abei); v.Settings.MinPostingDays != 15 {
		t.Errorf("F4 from the attention list stored %d days", v.Settings.MinPostingDays)
	}
}

// TestAttentionWindowAsWhole: the list draws only the rows about the cursor, and shows what
// drawing every row would, wherever the cursor is, in a narrow window and a wide one.
func TestAttentionWindowAsWhole(t *testing.T) {
	c := newCommon(nil, 100, 30)
	var rows []attentionRow
	sev := []meeting.Severity{meeting.Violation, meeting.Overdue, meeting.Ongoing}
	for i := range 300 {
		rows = append(rows, attentionRow{village: fmt.Sprintf("村%d", i%20), f: meeting.Finding{
			Severity: sev[i*len(sev)/300], Since: meeting.DateOf(testkit.FixedNow).AddDays(-i),
			Text: strings.Repeat(fmt.Sprintf("第 %d 件事项的公告没有按时张贴，", i), 1+i%3),
			Todo: "导出决议公告，张贴后登记张贴地点和日期"}})
	}
	a := &attention{c: c, villages: 20, today: meeting.DateOf(testkit.FixedNow), rows: rows, view: attentionView{all: true}}
	for _, size := range [][2]int{{60, 20}, {100, 30}} {
		a.SetSize(size[0], size[1])
		for _, cur := range []int{0, 1, 5, 99, 100, 101, 150, 298, 299} {
			a.view.cursor = cur
			head := a.header()
			lines, keep := a.lines(0, len(rows))
			body, _ := fit(strings.Join(lines, "\n"), max(a.height-strings.Count(head, "\n")-2, 1), nil, keep)
			if got, want := a.View(), head+"\n\n"+body; got != want {
				t.Fatalf("%d×%d, cursor %d: the window drawn differs from the whole list's:\n%s\nwant\n%s", size[0], size[1], cur, got, want)
			}
		}
	}
}

// TestAttentionAcrossVillagesInOrder: every village's findings in one list, in the order of one
// village's (meeting.CompareFindings): reminders after the problems, what is under way last.
func TestAttentionAcrossVillagesInOrder(t *testing.T) {
	s := testkit.OpenStore(t)
	if err := s.Import(demo.Synthetic(2, 2, nil), nil); err != nil {
		t.Fatal(err)
	}
	vs, err := s.Villages()
	if err != nil {
		t.Fatal(err)
	}
	c := newCommon(s, 100, 30)
	var a *attention
	for _, msg := range runCmd(openAttentionAt(c, vs[0].ID, attentionView{all: true})) {
		if m, ok := msg.(buildMsg); ok {
			screen, err := m.build()
			if err != nil {
				t.Fatal(err)
			}
			a = screen.(*attention)
		}
	}
	if a == nil {
		t.Fatal("no attention screen built")
	}
	seen := map[meeting.Severity]bool{}
	villages := map[string]bool{}
	for i, r := range a.rows {
		seen[r.f.Severity], villages[r.village] = true, true
		if i > 0 && meeting.CompareFindings(a.rows[i-1].f, r.f) > 0 {
			t.Fatalf("row %d (%s %s) comes after %s %s", i, r.f.Severity, r.f.Since, a.rows[i-1].f.Severity, a.rows[i-1].f.Since)
		}
	}
	if !seen[meeting.Reminder] || !seen[meeting.Violation] || len(villages) != 2 {
		t.Fatalf("the list wants reminders and violations of both villages: %v, %v", seen, villages)
	}
	a.SetSize(100, 30)
	if v := a.View(); !strings.Contains(v, "提醒 ") {
		t.Errorf("the counts do not name the reminders:\n%s", v)
	}
}
