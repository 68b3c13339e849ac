package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
)

// TestRollCallProbationaryMember: a party meeting with a probationary member (no vote) takes
// its roll call and reaches the recording screen; the member sits in without counting.
func TestRollCallProbationaryMember(t *testing.T) {
	s := testkit.OpenStore(t)
	var prob string
	testkit.SeedDemo(t, s, func(a *meeting.Archive) {
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
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
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
		s := testkit.OpenStore(t)
		testkit.SeedDemo(t, s, nil)
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
			if strings.HasPrefix(strings.TrimLeft(ansi.Strip(l), "› "), "实到") {
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
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
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

// TestConsultationRollCall: at a consultation the cadres who came are marked present one by one
// (Space did nothing: 「出席 1 人加缺席 4 人，多于应到 0 人」), villagers are named with F4 by
// name or initials, initials that match nobody are refused, and nobody is stored as absent.
func TestConsultationRollCall(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = newMeeting(t, m, "夜话乡村", "秋收帮工")
	rc := front(m).(*rollCall)
	if len(rc.entries) == 0 {
		t.Fatal("no cadres listed at the consultation's roll call")
	}
	cadres := len(rc.entries)
	m = drive(t, m, press(tea.KeySpace))
	m = drive(t, m, press(tea.KeyDown))
	m = drive(t, m, press(tea.KeySpace))
	if rc.err != "" {
		t.Fatalf("marking a cadre present refused: %s", rc.err)
	}
	m = burst(t, m, "18")
	name := func(typed string) {
		t.Helper()
		m = drive(t, m, press(tea.KeyF4))
		if rc.person == nil {
			t.Fatalf("F4 did not open the field to name who came:\n%s", view(m))
		}
		m = burst(t, m, typed)
		m = drive(t, m, press(tea.KeyEnter))
	}
	name("ljg") // 卢建国, by initials
	name("王泽林")
	name("wzq") // nobody
	if rc.person == nil || !strings.Contains(rc.err, "wzq") {
		t.Errorf("initials that match nobody were taken as a name: err %q", rc.err)
	}
	m = drive(t, m, press(tea.KeyEscape))
	m = drive(t, m, press(tea.KeyF3))
	m = burst(t, m, "周立平　镇联络干部")
	m = drive(t, m, press(tea.KeyEnter))

	stored, err := s.Meeting(rc.m.ID)
	if err != nil {
		t.Fatal(err)
	}
	a := stored.Attendance
	var named []string
	for _, r := range a.Attendees {
		named = append(named, r.Name)
	}
	if len(a.Absent) != 0 || a.Expected != 0 {
		t.Errorf("a consultation stored absences or an expected count: %+v", a)
	}
	got := strings.Join(named, " ")
	if len(named) != 4 || !strings.Contains(got, "卢建国") || !strings.Contains(got, "王泽林") || strings.Contains(got, "wzq") {
		t.Errorf("named as come: %s", got)
	}
	if a.Present != 18 {
		t.Errorf("head count %d, typed 18", a.Present)
	}
	if len(a.Observers) != 1 || a.Observers[0].Name != "周立平" || a.Observers[0].Post != "镇联络干部" {
		t.Errorf("observers: %+v", a.Observers)
	}
	// The named villagers are listed below the cadres, marked as come; unmarking one unnames them.
	if len(rc.entries) != cadres+2 {
		t.Errorf("%d entries, want the %d cadres and 2 villagers", len(rc.entries), cadres)
	}
	v := ansi.Strip(view(m))
	if strings.Contains(v, "【缺席】") || !strings.Contains(v, "【到场】 卢建国") {
		t.Errorf("the consultation's roll call reads:\n%s", v)
	}
	for rc.cursor < len(rc.entries)-1 {
		m = drive(t, m, press(tea.KeyDown))
	}
	m = drive(t, m, press(tea.KeySpace))
	if stored, _ := s.Meeting(rc.m.ID); len(stored.Attendance.Attendees) != 3 {
		t.Errorf("unmarked, 王泽林 is still named: %+v", stored.Attendance.Attendees)
	}
	// Taken up again (F9 from the recording), the roll reads the same.
	m = drive(t, m, press(tea.KeyF2))
	m = drive(t, m, press(tea.KeyF9))
	again, ok := front(m).(*rollCall)
	if !ok {
		t.Fatalf("F9 did not reopen the roll call: %T", front(m))
	}
	var came []string
	for _, e := range again.entries {
		if e.Mark == meeting.MarkedPresent {
			came = append(came, e.Person.Name)
		}
	}
	// The recorder was there too: the reopened roll names them.
	if got := strings.Join(came, " "); len(came) != 4 || !strings.Contains(got, "卢建国") || !strings.Contains(got, "何晓宇") {
		t.Errorf("reopened, marked as come: %s", got)
	}
}

// TestRollCallCutMark: a person's line too long for a narrow window ends in the cut mark, not
// cut off silently.
func TestRollCallCutMark(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, longTitle)
	m := start(t, s, 60, 20)
	m = newMeeting(t, m, "党员大会", "审议")
	checkFits(t, "roll call", view(m), 60, 20)
	endsCut(t, view(m), "金昌义")
}

// longTitle gives 金昌义 a post too long for a narrow window.
func longTitle(a *meeting.Archive) {
	for i := range a.People {
		if a.People[i].Name == "金昌义" {
			a.People[i].Title = "党支部书记、村委会主任、村集体经济合作社理事长、网格长、调解委员会主任"
		}
	}
}

// endsCut checks that the first line of screen holding want is there and ends in the cut mark.
func endsCut(t *testing.T, screen, want string) {
	t.Helper()
	v := ansi.Strip(screen)
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, want) {
			if !strings.HasSuffix(strings.TrimRight(l, " "), core.CutMark) {
				t.Errorf("the line with %s is cut without %s: %q", want, core.CutMark, l)
			}
			return
		}
	}
	t.Errorf("no line with %s:\n%s", want, v)
}
