package ui

import (
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

// burst types s as an input method sends it: one key event per character, all at once.
func burst(t testing.TB, m tea.Model, s string) tea.Model {
	t.Helper()
	for _, r := range s {
		m = drive(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func front(m tea.Model) Component { return m.(*model).front }

// newMeeting opens the setup form from the home screen, picks the kind by its label, types the
// theme, and saves: the roll call is in front.
func newMeeting(t testing.TB, m tea.Model, kind, theme string) tea.Model {
	t.Helper()
	m = drive(t, m, typed("n"))
	s, ok := front(m).(*setup)
	if !ok {
		t.Fatalf("n did not open the setup form: %T", front(m))
	}
	for i := 0; s.chosen().label != kind; i++ {
		if i > len(s.kinds) {
			t.Fatalf("no kind %q", kind)
		}
		m = drive(t, m, press(tea.KeyRight))
	}
	s.form.Focus(7) // the theme
	m = burst(t, m, theme)
	m = drive(t, m, press(tea.KeyF2))
	if _, ok := front(m).(*rollCall); !ok {
		t.Fatalf("F2 did not open the roll call: %T\n%s", front(m), view(m))
	}
	return m
}

// say records one statement: the speaker by initials, Enter, the text in a burst, Enter.
func say(t *testing.T, m tea.Model, who, text string) tea.Model {
	t.Helper()
	m = burst(t, m, who)
	m = drive(t, m, press(tea.KeyEnter))
	m = burst(t, m, text)
	return drive(t, m, press(tea.KeyEnter))
}

func statements(t *testing.T, s core.Store, id meeting.ID) []meeting.Statement {
	t.Helper()
	st, err := s.Statements(id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestConsultationEvening records a 夜话乡村 end to end: setup, roll call, statements typed in
// bursts with speakers found by pinyin initials, a villager not on the roster, an assignment,
// a matter raised, the close and the seal.
func TestConsultationEvening(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "夜话乡村", "村里的路灯和垃圾清运")
	m = burst(t, m, "23")
	m = drive(t, m, press(tea.KeyF2))
	r, ok := front(m).(*record)
	if !ok {
		t.Fatalf("F2 did not open the recording screen: %T\n%s", front(m), view(m))
	}
	if got := r.m.Attendance.Present; got != 23 {
		t.Errorf("present %d, want 23", got)
	}

	m = say(t, m, "lhj", "二组的路灯坏了三盏，晚上出门看不见。")
	m = say(t, m, "jcy", "明天让电工去看，这周修好。")
	// A villager not on the roster is typed in full and remembered.
	m = say(t, m, "孙大爷", "垃圾车两天才来一次，夏天味道大。")
	stmts := statements(t, s, r.m.ID)
	if len(stmts) != 3 {
		t.Fatalf("%d statements stored, want 3:\n%s", len(stmts), view(m))
	}
	if stmts[0].Speaker.Name != "刘恒军" || stmts[0].Kind != meeting.Answer {
		t.Errorf("lhj: %+v (a cadre at a consultation answers)", stmts[0])
	}
	if stmts[1].Speaker.Name != "金昌义" || stmts[1].Text != "明天让电工去看，这周修好。" {
		t.Errorf("jcy: %+v", stmts[1])
	}
	if stmts[2].Speaker.Name != "孙大爷" || stmts[2].Speaker.PersonID == 0 || stmts[2].Kind != meeting.Concern {
		t.Errorf("the villager was not remembered: %+v", stmts[2])
	}
	people, _ := s.People(r.m.VillageID)
	if found := meeting.NewIndex(people).Search("sdy"); len(found) == 0 || found[0].Name != "孙大爷" {
		t.Errorf("the remembered villager is not found by initials: %v", found)
	}
	// Same speaker again: Enter on the empty speaker field.
	m = drive(t, m, press(tea.KeyEnter))
	m = burst(t, m, "能不能改成每天一次？")
	m = drive(t, m, press(tea.KeyEnter))
	if stmts = statements(t, s, r.m.ID); stmts[3].Speaker.Name != "孙大爷" {
		t.Errorf("same speaker again: %+v", stmts[3])
	}
	if v := view(m); !strings.Contains(v, "能不能改成每天一次") || !strings.Contains(v, "已保存") {
		t.Errorf("the statement or the saved mark is not on screen:\n%s", v)
	}

	// Correct the last statement, then delete it.
	m = drive(t, m, press(tea.KeyF5))
	m = burst(t, m, "好吗")
	m = drive(t, m, press(tea.KeyEnter))
	if stmts = statements(t, s, r.m.ID); len(stmts) != 4 || !strings.HasSuffix(stmts[3].Text, "好吗") {
		t.Errorf("edit: %+v", stmts)
	}
	m = drive(t, m, press(tea.KeyF6))
	m = drive(t, m, press(tea.KeyF6))
	if stmts = statements(t, s, r.m.ID); len(stmts) != 3 {
		t.Errorf("delete: %d statements", len(stmts))
	}

	// The item ends as an assignment to 刘恒军.
	m, _ = assigning(t, m, "lhj")
	m = drive(t, m, press(tea.KeyEnter))
	m = drive(t, m, press(tea.KeyF2))
	asg, _ := s.Assignments(r.m.VillageID)
	last := asg[len(asg)-1]
	if last.Owner.Name != "刘恒军" || last.From == nil || last.From.MeetingID != r.m.ID || last.Deadline != meeting.DateOf(testkit.FixedNow).AddDays(7) {
		t.Errorf("assignment: %+v", last)
	}
	if _, ok := front(m).(*record); !ok {
		t.Fatalf("after the outcome the recording screen is not back: %T", front(m))
	}

	// A second item, turned into a matter.
	m = drive(t, m, press(tea.KeyF2))
	m = burst(t, m, "修村东便桥")
	m = drive(t, m, press(tea.KeyEnter))
	m = say(t, m, "gtw", "便桥护栏断了，孩子上学危险。")
	m = drive(t, m, press(tea.KeyF7))
	m = drive(t, m, press(tea.KeyRight))
	m = drive(t, m, press(tea.KeyRight)) // 转入四议
	m = drive(t, m, press(tea.KeyF2))
	ms, _ := s.Matters(r.m.VillageID)
	x := ms[len(ms)-1]
	if x.Title != "修村东便桥" || x.Stage() != meeting.Raised || x.Origin == nil || x.Origin.Item != 2 {
		t.Errorf("matter: %+v", x)
	}

	// Close and seal.
	m = drive(t, m, press(tea.KeyF8))
	if _, ok := front(m).(*closing); !ok {
		t.Fatalf("F8 did not open the closing screen: %T", front(m))
	}
	m = drive(t, m, press(tea.KeyF2))
	m = drive(t, m, press(tea.KeyF2))
	sealed, err := s.Meeting(r.m.ID)
	if err != nil || sealed.Status != meeting.Final || sealed.Seal == "" || sealed.End.IsZero() {
		t.Fatalf("not sealed: %+v %v", sealed, err)
	}
	if !meeting.VerifySeal(sealed, statements(t, s, r.m.ID), mustPrev(t, s, sealed)) {
		t.Error("the seal does not verify")
	}
	if front(m) != m.(*model).home || !strings.Contains(view(m), "已定稿封存") {
		t.Errorf("after sealing, home does not say so:\n%s", view(m))
	}
	if cur, _ := s.Current(); cur != 0 {
		t.Error("the sealed meeting would still reopen at start")
	}
}

// mustPrev finds the seal that preceded this meeting's in its village.
func mustPrev(t *testing.T, s core.Store, m meeting.Meeting) string {
	t.Helper()
	ms, _ := s.Meetings(m.VillageID)
	prev := ""
	var at meeting.Meeting
	for _, x := range ms {
		if x.Status == meeting.Final && x.ID != m.ID && (x.SealedAt.Before(m.SealedAt) || x.SealedAt.Equal(m.SealedAt) && x.ID < m.ID) {
			if at.ID == 0 || x.SealedAt.After(at.SealedAt) || (x.SealedAt.Equal(at.SealedAt) && x.ID > at.ID) {
				at, prev = x, x.Seal
			}
		}
	}
	return prev
}

// TestDraftSurvivesQuit: a half-typed statement is saved as a draft, and reopening the program
// opens the same meeting with the same speaker and text.
func TestDraftSurvivesQuit(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "庭院说事", "三组卫生")
	m = drive(t, m, press(tea.KeyF2))
	m = say(t, m, "hxc", "先说一句。")
	m = burst(t, m, "jcy")
	m = drive(t, m, press(tea.KeyEnter))
	m = burst(t, m, "这句话还没说完")
	if v := view(m); !strings.Contains(v, "草稿已存") {
		t.Fatalf("the draft is not said to be saved:\n%s", v)
	}
	// The program ends (a kill: nothing more runs) and starts again on the same archive.
	again := start(t, s, 100, 30)
	r, ok := front(again).(*record)
	if !ok {
		t.Fatalf("reopening did not return to the meeting: %T\n%s", front(again), view(again))
	}
	if r.text.ta.Value() != "这句话还没说完" || r.speaker.Ref().Name != "金昌义" {
		t.Errorf("draft not restored: speaker %q text %q", r.speaker.Ref().Name, r.text.ta.Value())
	}
	if len(r.stmts) != 1 {
		t.Errorf("%d statements after reopening, want 1", len(r.stmts))
	}
	// Leaving on purpose (Esc) keeps the draft but does not reopen the meeting at start.
	again = drive(t, again, press(tea.KeyEscape))
	if third := start(t, s, 100, 30); front(third) != third.(*model).home {
		t.Errorf("after Esc the meeting still reopens at start: %T", front(third))
	}
}

// TestLettersAreText: while the text field has focus, q and other letters are text.
func TestLettersAreText(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 80, 24)
	m = newMeeting(t, m, "板凳会", "秸秆")
	m = drive(t, m, press(tea.KeyF2))
	m = burst(t, m, "jcy")
	m = drive(t, m, press(tea.KeyEnter))
	m = burst(t, m, "qnrs WiFi")
	r := front(m).(*record)
	if r.text.ta.Value() != "qnrs WiFi" {
		t.Errorf("letters did not go to the text: %q", r.text.ta.Value())
	}
	if c := m.View().Cursor; c == nil || c.Position.X < 6 {
		t.Errorf("the real cursor is not at the caret: %+v", c)
	}
}

// TestFormalVotes runs a 党员大会 on the demo's street-light matter: a vote without quorum moves
// nothing and says so; a vote with quorum passes and moves the matter to 审议.
func TestFormalVotes(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "党员大会", "审议更换路灯方案")
	rc := front(m).(*rollCall)
	if len(rc.entries) != 21 {
		t.Fatalf("roll call lists %d party members, want 21", len(rc.entries))
	}
	// Five present of 21: short of the quorum (half or more: 11).
	for i := 0; i < 5; i++ {
		m = drive(t, m, press(tea.KeySpace))
		m = drive(t, m, press(tea.KeyDown))
	}
	if v := view(m); !strings.Contains(v, "还差 6 人") {
		t.Errorf("the gauge does not say the quorum is short:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyF2))
	r := front(m).(*record)
	it := r.m.Items[0]
	if it.MatterID == 0 || it.Step != meeting.Reviewed {
		t.Fatalf("the waiting matter is not on the agenda: %+v", r.m.Items)
	}
	m = drive(t, m, press(tea.KeyF7))
	if _, ok := front(m).(*voteScreen); !ok {
		t.Fatalf("F7 did not open the vote: %T", front(m))
	}
	if v := view(m); !strings.Contains(v, "不足法定人数") {
		t.Errorf("no quorum warning:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyF2))
	x, _ := s.Matter(it.MatterID)
	if x.Stage() != meeting.Deliberated {
		t.Errorf("a vote without quorum moved the matter to %s", x.Stage())
	}
	stored, _ := s.Meeting(r.m.ID)
	if v := stored.Items[0].Vote; v == nil || v.Ayes != 5 {
		t.Errorf("the failed vote is not recorded: %+v", v)
	}

	// Back to the roll call (a new meeting): 17 present, majority in favour with 1 abstaining.
	m = drive(t, m, press(tea.KeyEscape))
	m = newMeeting(t, m, "党员大会", "再次审议更换路灯方案")
	for i := 0; i < 17; i++ {
		m = drive(t, m, press(tea.KeySpace))
		m = drive(t, m, press(tea.KeyDown))
	}
	m = drive(t, m, press(tea.KeyF2))
	m = drive(t, m, press(tea.KeyF7))
	vs := front(m).(*voteScreen)
	vs.form.Focus(4) // 弃权
	m = drive(t, m, press(tea.KeyBackspace))
	m = burst(t, m, "1")
	if v := view(m); !strings.Contains(v, "赞成 16 票") || !strings.Contains(v, "通过") {
		t.Errorf("verdict not shown with its arithmetic:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyF2))
	if x, _ = s.Matter(it.MatterID); x.Stage() != meeting.Reviewed {
		t.Errorf("a passing vote left the matter at %s", x.Stage())
	}
	if v := view(m); !strings.Contains(v, "事项进入「审议」") {
		t.Errorf("the status line does not say the matter moved:\n%s", v)
	}
}

// TestRecordingScreensFit renders every new screen with long Chinese text at the three sizes.
func TestRecordingScreensFit(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		s := testkit.OpenStore(t)
		testkit.SeedDemo(t, s, nil)
		m := start(t, s, w, h)
		m = drive(t, m, typed("n"))
		checkFits(t, "setup", view(m), w, h)
		m = drive(t, m, press(tea.KeyEscape))
		m = newMeeting(t, m, "村民代表会议", long)
		checkFits(t, "roll call", view(m), w, h)
		for i := 0; i < 25; i++ {
			m = drive(t, m, press(tea.KeySpace))
			m = drive(t, m, press(tea.KeyDown))
		}
		checkFits(t, "roll call marked", view(m), w, h)
		m = drive(t, m, press(tea.KeyF2))
		for i := 0; i < 6; i++ {
			m = say(t, m, "jcy", strings.Repeat(long, 2))
		}
		m = burst(t, m, "gtw")
		checkFits(t, "record with suggestions", view(m), w, h)
		m = drive(t, m, press(tea.KeyEnter))
		m = burst(t, m, long)
		checkFits(t, "record", view(m), w, h)
		m = drive(t, m, press(tea.KeyF7))
		checkFits(t, "vote", view(m), w, h)
		m = drive(t, m, press(tea.KeyEscape))
		m = drive(t, m, press(tea.KeyF8))
		checkFits(t, "close", view(m), w, h)
		m = drive(t, m, press(tea.KeyF2))
		checkFits(t, "close confirm", view(m), w, h)
	}
}

// TestQuitWritesPendingDraft: Ctrl-C right after typing, before the draft's delay has passed,
// still writes the half-typed statement.
func TestQuitWritesPendingDraft(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "庭院说事", "三组卫生")
	m = drive(t, m, press(tea.KeyF2))
	r := front(m).(*record)
	r.c.DraftDelay = time.Hour // no draft save comes due during this test
	for _, k := range []tea.KeyPressMsg{typed("j"), typed("c"), typed("y"), press(tea.KeyEnter)} {
		m, _ = m.Update(k) // commands dropped: the delayed save never runs
	}
	for _, ch := range "垃圾车两天才来" {
		m, _ = m.Update(tea.KeyPressMsg{Code: ch, Text: string(ch)})
	}
	if _, ok, _ := s.Draft(r.m.ID); ok {
		t.Fatal("the draft was written before its delay: the test does not test the quit")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	d, ok, err := s.Draft(r.m.ID)
	if err != nil || !ok || d.Text != "垃圾车两天才来" || d.Speaker.Name != "金昌义" {
		t.Errorf("after Ctrl-C the draft is %+v (found %v, %v)", d, ok, err)
	}
}

// TestProgramWholeMeeting runs the whole program under teatest: a consultation from the home
// screen to its seal, typed as a recorder would.
func TestProgramWholeMeeting(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	tm := teatest.NewTestModel(t, NewModel(newCommon(s, 0, 0)), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "夜话乡村")
	tm.Type("n")
	waitFor(t, tm, "自填形式")
	for i := 0; i < 7; i++ {
		tm.Send(press(tea.KeyDown))
	}
	tm.Type("冬季取暖和防火")
	tm.Send(press(tea.KeyF2))
	waitFor(t, tm, "协商议事会不计法定人数")
	tm.Type("19")
	tm.Send(press(tea.KeyF2))
	waitFor(t, tm, "还没有发言")
	tm.Type("jcy")
	tm.Send(press(tea.KeyEnter))
	tm.Type("今冬各家烧炕注意通风，村里给每户发一个一氧化碳报警器。")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "发言已保存")
	tm.Send(press(tea.KeyF8))
	waitFor(t, tm, "定稿封存")
	tm.Send(press(tea.KeyF2))
	waitFor(t, tm, "再按 F2")
	tm.Send(press(tea.KeyF2))
	waitFor(t, tm, "已定稿封存")
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))

	ms, _ := s.Meetings(demo.AbeiID(1))
	last := ms[len(ms)-1]
	stmts, _ := s.Statements(last.ID)
	if last.Title != "冬季取暖和防火" || last.Status != meeting.Final || len(stmts) != 1 || stmts[0].Speaker.Name != "金昌义" {
		t.Errorf("the meeting as stored: %+v, %d statements", last, len(stmts))
	}
}

// TestRecordingOpensAtItsItem: a meeting with an agenda opens at its first item before anyone
// has spoken, and, reopened later, at the item of the latest statement.
func TestRecordingOpensAtItsItem(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	vs, _ := s.Villages()
	mt := meeting.Meeting{VillageID: vs[0].ID, Kind: meeting.Consultation, Form: "夜话乡村", Title: "冬季防火和村道扫雪",
		Place: "村委会会议室", Start: testkit.FixedNow, Host: meeting.Ref{Name: "金昌义"}, Recorder: meeting.Ref{Name: "何晓宇"},
		Items: []meeting.Item{{N: 1, Title: "冬季防火"}, {N: 2, Title: "村道扫雪安排"}}}
	if err := s.PutMeeting(&mt); err != nil {
		t.Fatal(err)
	}
	open := func() *record {
		t.Helper()
		m := start(t, s, 100, 30)
		for _, msg := range runCmd(openRecording(m.(*model).c, mt.ID)) {
			m = drive(t, m, msg)
		}
		r, ok := front(m).(*record)
		if !ok {
			t.Fatalf("the recording screen did not open: %T", front(m))
		}
		return r
	}
	if r := open(); r.item != 1 || !strings.Contains(r.View(), "议题 1/2") {
		t.Errorf("a meeting not yet spoken at opens at item %d, want 1:\n%s", r.item, r.View())
	}
	st := meeting.Statement{MeetingID: mt.ID, Item: 2, Speaker: meeting.Ref{Name: "王德福"}, At: testkit.FixedNow,
		Kind: meeting.Concern, Text: "村道上的雪谁来扫？"}
	if err := s.AppendStatement(&st); err != nil {
		t.Fatal(err)
	}
	if r := open(); r.item != 2 {
		t.Errorf("reopened after a statement on item 2, it opens at item %d", r.item)
	}
}
