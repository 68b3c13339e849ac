package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"yishi/app/internal/testkit"
	"yishi/meeting"
)

// TestVoidVoteRejectsNothing: a vote without quorum, with 记为否决 chosen, leaves the matter.
func TestVoidVoteRejectsNothing(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "党员大会", "审议更换路灯方案")
	for i := 0; i < 3; i++ {
		m = drive(t, m, press(tea.KeySpace))
		m = drive(t, m, press(tea.KeyDown))
	}
	m = drive(t, m, press(tea.KeyF2))
	r := front(m).(*record)
	m = drive(t, m, press(tea.KeyF7))
	vs := front(m).(*voteScreen)
	vs.onFail.index = 1 // 记为否决
	m = drive(t, m, press(tea.KeyF2))
	x, _ := s.Matter(r.m.Items[0].MatterID)
	if x.Stage() != meeting.Deliberated {
		t.Errorf("a void vote moved the matter to %s", x.Stage())
	}
	if !strings.Contains(vs.err, "不足法定人数") {
		t.Errorf("the refusal is not said: %q", vs.err)
	}
}

// TestEditLastKeepsTyping: F5 while a new statement is being typed keeps it.
func TestEditLastKeepsTyping(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "夜话乡村", "秋收")
	m = drive(t, m, press(tea.KeyF2))
	m = say(t, m, "jcy", "第一句")
	m = burst(t, m, "jcy")
	m = drive(t, m, press(tea.KeyEnter))
	m = burst(t, m, "正在打的新的一句很重要")
	m = drive(t, m, press(tea.KeyF5))
	r := front(m).(*record)
	if r.text.ta.Value() != "正在打的新的一句很重要" || r.editing != 0 {
		t.Errorf("F5 replaced the line being typed: %q (editing %d)", r.text.ta.Value(), r.editing)
	}
}

// TestObserverFullWidthSpace: an input method separates name and post with U+3000.
func TestObserverFullWidthSpace(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "夜话乡村", "秋收")
	m = drive(t, m, press(tea.KeyF3))
	m = burst(t, m, "周立平　镇联络干部")
	m = drive(t, m, press(tea.KeyEnter))
	rc := front(m).(*rollCall)
	stored, _ := s.Meeting(rc.m.ID)
	obs := stored.Attendance.Observers
	if len(obs) != 1 || obs[0].Name != "周立平" || obs[0].Post != "镇联络干部" {
		t.Errorf("observer stored as %+v", obs)
	}
}

// TestCloseRefusesImplausibleEnd: a closing time that would make the meeting last most of a day
// (19:00 typed for a 19:30 start) is refused, not sealed.
func TestCloseRefusesImplausibleEnd(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "夜话乡村", "秋收")
	m = drive(t, m, press(tea.KeyF2))
	r := front(m).(*record)
	m = drive(t, m, press(tea.KeyF8))
	cl := front(m).(*closing)
	start := r.m.Start.In(meeting.Beijing).Add(-30 * 60 * 1e9)
	cl.end.SetValue(start.Format("15:04"))
	m = drive(t, m, press(tea.KeyF2))
	m = drive(t, m, press(tea.KeyF2))
	stored, _ := s.Meeting(r.m.ID)
	if stored.Status == meeting.Final || !strings.Contains(cl.err, "请检查") {
		t.Errorf("sealed with an end before the start: status %s, err %q", stored.Status, cl.err)
	}
}
