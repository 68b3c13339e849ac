package app

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/meeting"
)

// TestRollCallProbationaryMember: a party meeting with a probationary member (no vote) takes
// its roll call and reaches the recording screen; the member sits in without counting.
func TestRollCallProbationaryMember(t *testing.T) {
	s := openStore(t)
	var prob string
	seedDemo(t, s, func(a *meeting.Archive) {
		for i := range a.People {
			if a.People[i].Name == "冯明远" {
				a.People[i].Memberships = []meeting.Membership{{Body: meeting.PartyAssembly, Probationary: true}}
				prob = a.People[i].Name
			}
		}
	})
	if prob == "" {
		t.Fatal("no 冯明远 in the demo roster")
	}
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "党员大会", "审议更换路灯方案")
	rc := front(m).(*rollCall)
	for i := range rc.entries {
		m = drive(t, m, press(tea.KeySpace))
		if rc.err != "" {
			t.Fatalf("marking member %d present refused: %s", i+1, rc.err)
		}
		m = drive(t, m, press(tea.KeyDown))
	}
	if v := view(m); !strings.Contains(v, "应到 20") || !strings.Contains(v, "实到 20") {
		t.Errorf("the probationary member is counted:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyF2))
	r, ok := front(m).(*record)
	if !ok {
		t.Fatalf("F2 did not reach the recording screen: %T\n%s", front(m), view(m))
	}
	stored, _ := s.Meeting(r.m.ID)
	a := stored.Attendance
	if a.Expected != 20 || a.Present != 20 || len(a.Attendees) != 20 {
		t.Errorf("stored attendance: expected %d present %d attendees %d", a.Expected, a.Present, len(a.Attendees))
	}
	found := false
	for _, o := range a.Observers {
		found = found || (o.Name == prob && o.Post == meeting.ProbationaryPost)
	}
	if !found {
		t.Errorf("the probationary member does not sit in: %+v", a.Observers)
	}
}

// TestRollCallMarkShownOnlyWhenSaved: a mark the archive refuses is not shown as made.
func TestRollCallMarkShownOnlyWhenSaved(t *testing.T) {
	s := openStore(t)
	seedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "党员大会", "审议")
	rc := front(m).(*rollCall)
	rc.m.Status = meeting.Final // any write of this meeting is now refused by the store
	stored, _ := s.Meeting(rc.m.ID)
	stored.Status = meeting.Final
	if err := s.PutMeeting(&stored); err != nil {
		t.Fatal(err)
	}
	m = drive(t, m, press(tea.KeySpace))
	if rc.entries[0].Mark != meeting.MarkedAbsent || rc.err == "" {
		t.Errorf("a refused mark is shown: %v, err %q", rc.entries[0].Mark, rc.err)
	}
}

// TestRollCallCaret: the real cursor sits where the count field is drawn, at the end of what was
// typed, in a villagers' meeting and in a consultation with its cadres listed.
func TestRollCallCaret(t *testing.T) {
	for _, kind := range []string{"村民会议", "夜话乡村"} {
		s := openStore(t)
		seedDemo(t, s, nil)
		m := start(t, s, 100, 30)
		m = newMeeting(t, m, kind, "秋收")
		rc := front(m).(*rollCall)
		if kind == "村民会议" {
			m = drive(t, m, press(tea.KeyDown)) // to 实到
		}
		m = burst(t, m, "21")
		c := rc.Cursor()
		if c == nil {
			t.Fatalf("%s: no caret in the count field", kind)
		}
		lines := strings.Split(rc.View(), "\n")
		row := -1
		for i, l := range lines {
			if strings.HasPrefix(ansi.Strip(l), "实到") {
				row = i
			}
		}
		if c.Position.Y != row {
			t.Errorf("%s: caret on row %d, the field is drawn on row %d", kind, c.Position.Y, row)
		}
		if want := lipgloss.Width(strings.TrimRight(ansi.Strip(lines[row]), " ")); c.Position.X != want {
			t.Errorf("%s: caret at column %d, the typed text ends at %d", kind, c.Position.X, want)
		}
	}
}

// TestRollCallEscBackToRecording: the roll call reached with F9 mid-meeting returns to the
// recording on Esc.
func TestRollCallEscBackToRecording(t *testing.T) {
	s := openStore(t)
	seedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "夜话乡村", "秋收")
	m = drive(t, m, press(tea.KeyF2))
	m = drive(t, m, press(tea.KeyF9))
	if _, ok := front(m).(*rollCall); !ok {
		t.Fatalf("F9 did not open the roll call: %T", front(m))
	}
	m = drive(t, m, press(tea.KeyEscape))
	if _, ok := front(m).(*record); !ok {
		t.Errorf("Esc from the roll call went to %T, not back to the recording", front(m))
	}
}
