package ui

import (
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"yishi/app/internal/testkit"
	"yishi/meeting"
)

// TestFirstMeetingDefaults: in a village with a roster and no meeting yet, the setup form
// proposes the party secretary as host and the roster's recorder, so F2 needs only a theme.
func TestFirstMeetingDefaults(t *testing.T) {
	s := testkit.OpenStore(t)
	data, err := os.ReadFile(testkit.RosterFile("roster-abei.csv"))
	if err != nil {
		t.Fatal(err)
	}
	people, err := meeting.ParseRoster(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importRoster(s, "东坡村", people); err != nil {
		t.Fatal(err)
	}
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "夜话乡村", "冬季防火")
	rc := front(m).(*rollCall)
	if rc.m.Host.Name != "金昌义" || rc.m.Recorder.Name != "何晓宇" || rc.m.Host.PersonID == 0 {
		t.Errorf("first meeting: host %+v, recorder %+v", rc.m.Host, rc.m.Recorder)
	}
}

// TestSetupFocusesMissingHost: a refused setup takes the focus to the field that is missing.
func TestSetupFocusesMissingHost(t *testing.T) {
	s := testkit.OpenStore(t)
	if _, err := importRoster(s, "东坡村", []meeting.Person{{Name: "张三"}}); err != nil {
		t.Fatal(err)
	}
	m := start(t, s, 100, 30)
	m = drive(t, m, typed("n"))
	su := front(m).(*setup)
	su.form.Focus(7)
	m = burst(t, m, "冬季防火")
	m = drive(t, m, press(tea.KeyF2))
	if su.err == "" || su.form.focus != 5 {
		t.Errorf("refused setup: err %q, focus on field %d (want the host, 5)", su.err, su.form.focus)
	}
}

// TestSetupNoticeDate: a 村民代表会议's notice date is recorded with the meeting; the form says
// how many days ahead that was against the setting, and warns (without refusing) when late.
func TestSetupNoticeDate(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 40)
	m = drive(t, m, typed("n"))
	su := front(m).(*setup)
	for su.chosen().body != meeting.RepresentativeAssembly {
		m = drive(t, m, press(tea.KeyRight))
	}
	su.date.SetValue("2026-11-23")
	su.title.SetValue("年终村务报告")
	su.notice.SetValue("2026-11-22")
	if v := plain(m); !strings.Contains(v, "提前 1 天通知；规定不少于 3 天") || !strings.Contains(v, "通知晚了") {
		t.Errorf("a late notice is not said:\n%s", v)
	}
	su.notice.SetValue("2026-11-18")
	if v := plain(m); !strings.Contains(v, "提前 5 天通知；规定不少于 3 天") || strings.Contains(v, "通知晚了") {
		t.Errorf("a timely notice:\n%s", v)
	}
	// A 村民会议 at short notice: late, unless the special case is written down.
	m = drive(t, m, press(tea.KeyRight))
	if su.chosen().body != meeting.VillagerAssembly {
		t.Fatalf("chose %s", su.chosen().label)
	}
	if v := plain(m); !strings.Contains(v, "规定不少于 10 天") || !strings.Contains(v, "通知晚了") || !strings.Contains(v, "临时通知原因") {
		t.Errorf("a 村民会议 announced 5 days ahead:\n%s", v)
	}
	su.noticeNote.SetValue("防汛需立即决定转移安置")
	if v := plain(m); strings.Contains(v, "通知晚了") || !strings.Contains(v, "特殊情况已写明") {
		t.Errorf("short notice with its special case:\n%s", v)
	}
	su.noticeNote.SetValue("")
	m = drive(t, m, press(tea.KeyLeft))
	m = drive(t, m, press(tea.KeyF2))
	rc, ok := front(m).(*rollCall)
	if !ok {
		t.Fatalf("the meeting was not opened: %q\n%s", su.err, plain(m))
	}
	if got, _ := s.Meeting(rc.m.ID); got.NoticeOn != meeting.NewDate(2026, 11, 18) {
		t.Errorf("notice stored as %v", got.NoticeOn)
	}
}
