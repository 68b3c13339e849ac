package app

import (
	"os"
	"testing"

	tea "charm.land/bubbletea/v2"

	"yishi/meeting"
)

// TestFirstMeetingDefaults: in a village with a roster and no meeting yet, the setup form
// proposes the party secretary as host and the roster's recorder, so F2 needs only a theme.
func TestFirstMeetingDefaults(t *testing.T) {
	s := openStore(t)
	data, err := os.ReadFile(rosterFile("roster-abei.csv"))
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
	s := openStore(t)
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
