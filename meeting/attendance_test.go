package meeting

import (
	"strings"
	"testing"
	"time"
)

func TestTakeRollProbationary(t *testing.T) {
	full := func(id ID, name string) Person {
		return Person{ID: id, Name: name, Memberships: []Membership{{Body: PartyAssembly}}}
	}
	prob := Person{ID: 9, Name: "新党员", Memberships: []Membership{{Body: PartyAssembly, Probationary: true}}}
	marks := []RollMark{
		{Person: full(1, "甲"), Mark: MarkedPresent},
		{Person: full(2, "乙"), Mark: MarkedAbsent, Reason: "外出务工"},
		{Person: full(3, "丙"), Mark: MarkedExcused, Reason: "生病住院"},
		{Person: prob, Mark: MarkedPresent},
	}
	a := TakeRoll(PartyAssembly, marks, []Ref{{Name: "周立平", Post: "镇联络干部"}})
	if a.Expected != 2 || a.Present != 1 || len(a.Attendees) != 1 || len(a.Absent) != 1 || len(a.Excused) != 1 {
		t.Errorf("counts: %+v", a)
	}
	if len(a.Observers) != 2 || a.Observers[0].Post != ProbationaryPost || a.Observers[1].Name != "周立平" {
		t.Errorf("observers: %+v", a.Observers)
	}
	// The attendance a roll call gives always validates: the defect was a probationary member
	// counted in the lists but not in the numbers.
	if err := a.Validate(); err != nil {
		t.Errorf("TakeRoll gave an attendance that does not validate: %v", err)
	}
	// Absent, a probationary member is not listed and not expected.
	marks[3].Mark = MarkedAbsent
	if a := TakeRoll(PartyAssembly, marks, nil); a.Expected != 2 || len(a.Absent) != 1 || a.Validate() != nil {
		t.Errorf("absent probationary member: %+v", a)
	}
	// At another body the same person votes.
	if a := TakeRoll(RepresentativeAssembly, []RollMark{{Person: prob, Mark: MarkedPresent}}, nil); a.Present != 1 {
		t.Errorf("a probationary party member lost a vote outside the party: %+v", a)
	}
	// Marks reads the roll back, taking it again gives the same attendance.
	members := []Person{full(1, "甲"), full(2, "乙"), full(3, "丙"), prob}
	again := TakeRoll(PartyAssembly, Marks(PartyAssembly, members, a), a.Observers)
	if again.Present != a.Present || again.Expected != a.Expected || len(again.Observers) != len(a.Observers) {
		t.Errorf("taken again: %+v, first %+v", again, a)
	}
}

func TestChairAndRecorder(t *testing.T) {
	people := []Person{
		{ID: 1, Name: "侯晓春", Memberships: []Membership{{Body: BranchCommittee, Role: "党支部副书记"}}},
		{ID: 2, Name: "金昌义", Memberships: []Membership{{Body: BranchCommittee, Role: "党支部书记"}, {Body: VillagersCommittee, Role: "村委会主任"}}},
		{ID: 3, Name: "何晓宇", Title: "到村任职大学生（记录人）"},
	}
	if p, ok := Chair(people); !ok || p.Name != "金昌义" {
		t.Errorf("chair: %v %v (the deputy secretary is not the chair)", p.Name, ok)
	}
	if p, ok := Recorder(people); !ok || p.Name != "何晓宇" {
		t.Errorf("recorder: %v %v", p.Name, ok)
	}
	if _, ok := Chair(people[2:]); ok {
		t.Error("a roster without a secretary named a chair")
	}
}

// TestTakeRollLeaveCountsElsewhere: excused members leave the count of those expected only at a
// party meeting; at the representatives' meeting they are absent on leave and still expected.
func TestTakeRollLeaveCountsElsewhere(t *testing.T) {
	var marks []RollMark
	for i := 1; i <= 30; i++ {
		mark := MarkedAbsent
		switch {
		case i <= 14:
			mark = MarkedPresent
		case i <= 24:
			mark = MarkedExcused
		}
		marks = append(marks, RollMark{Person: Person{ID: ID(i), Name: string(rune('甲' + i))}, Mark: mark, Reason: "外出"})
	}
	reps := TakeRoll(RepresentativeAssembly, marks, nil)
	if reps.Expected != 30 || reps.Present != 14 || len(reps.Excused) != 0 || len(reps.Absent) != 16 {
		t.Errorf("representatives: expected %d present %d excused %d absent %d", reps.Expected, reps.Present, len(reps.Excused), len(reps.Absent))
	}
	if d := Defaults().Verdict(RepresentativeAssembly, testDay, reps, Vote{Method: ShowOfHands, Ayes: 8}, nil); d.Quorate {
		t.Errorf("14 of 30 representatives met the quorum: %s", d.Arithmetic())
	}
	party := TakeRoll(PartyAssembly, marks, nil)
	if party.Expected != 20 || len(party.Excused) != 10 {
		t.Errorf("party: expected %d excused %d", party.Expected, len(party.Excused))
	}
	// The leave is read back as a leave.
	members := make([]Person, len(marks))
	for i, m := range marks {
		members[i] = m.Person
	}
	back := Marks(RepresentativeAssembly, members, reps)
	if back[20].Mark != MarkedExcused || back[20].Reason != "外出" || back[27].Mark != MarkedAbsent {
		t.Errorf("marks read back: %+v, %+v", back[20], back[27])
	}
}

// The defect: a consultation's roll call listed every cadre not marked as absent, with 应到 0,
// so marking one present gave 「出席 1 人加缺席 4 人，多于应到 0 人」 and the sealed minutes
// listed cadres who spoke as absent.
func TestConsultationRoll(t *testing.T) {
	cadre := func(id ID, name string) Person {
		return Person{ID: id, Name: name, Memberships: []Membership{{Body: VillagersCommittee}}}
	}
	cadres := []Person{cadre(1, "金昌义"), cadre(2, "侯晓春"), cadre(3, "刘恒军")}
	villager := Person{ID: 7, Name: "卢建国"}
	guest := Person{Name: "王泽林", Guest: true}
	marks := []RollMark{
		{Person: cadres[0], Mark: MarkedPresent},
		{Person: cadres[1], Mark: MarkedAbsent},
		{Person: cadres[2], Mark: MarkedPresent},
		{Person: villager, Mark: MarkedPresent},
		{Person: guest, Mark: MarkedPresent},
		{Person: villager, Mark: MarkedPresent}, // named twice: counted once
	}
	township := Ref{Name: "周立平", Post: "镇联络干部"}
	a := ConsultationRoll(marks, 18, []Ref{township})
	if a.Expected != 0 || len(a.Absent) != 0 || len(a.Excused) != 0 {
		t.Errorf("a consultation expects nobody and lists nobody absent: %+v", a)
	}
	if got := refNames(a.Attendees); got != "金昌义 刘恒军 卢建国 王泽林" {
		t.Errorf("named: %s", got)
	}
	if a.Present != 18 || len(a.Observers) != 1 || a.Observers[0] != township {
		t.Errorf("head count %d, observers %+v", a.Present, a.Observers)
	}
	if err := a.Validate(); err != nil {
		t.Errorf("a consultation's roll call does not validate: %v", err)
	}
	// The head count is never below the number named.
	if a := ConsultationRoll(marks, 2, nil); a.Present != 4 {
		t.Errorf("head count 2 with 4 named gave %d", a.Present)
	}
	// Read back, the roll gives the same marks: cadres first, then everyone else named.
	back := ConsultationMarks(cadres, append(cadres, villager), a)
	want := []Mark{MarkedPresent, MarkedAbsent, MarkedPresent, MarkedPresent, MarkedPresent}
	if len(back) != len(want) {
		t.Fatalf("read back %d marks, want %d: %+v", len(back), len(want), back)
	}
	for i, m := range back {
		if m.Mark != want[i] {
			t.Errorf("mark %d (%s): %v, want %v", i, m.Person.Name, m.Mark, want[i])
		}
	}
	if back[4].Person.Name != "王泽林" || !back[4].Person.Guest || back[3].Person.ID != 7 {
		t.Errorf("others read back: %+v %+v", back[3].Person, back[4].Person)
	}
	again := ConsultationRoll(back, a.Present, a.Observers)
	if refNames(again.Attendees) != refNames(a.Attendees) || again.Present != a.Present {
		t.Errorf("taken again: %+v, first %+v", again, a)
	}
	// An older archive's consultation listed cadres as absent: they are not read back as such.
	old := Attendance{Present: 18, Attendees: []Ref{cadres[0].Ref()}, Absent: []Absence{{Who: cadres[1].Ref()}}}
	if back := ConsultationMarks(cadres, cadres, old); len(back) != 3 || back[0].Mark != MarkedPresent || back[1].Mark != MarkedAbsent {
		t.Errorf("older roll read back: %+v", back)
	}
	if err := old.Validate(); err != nil {
		t.Errorf("an older consultation's attendance no longer validates: %v", err)
	}
}

func TestCountSpeakers(t *testing.T) {
	host := Ref{PersonID: 1, Name: "金昌义"}
	m := Meeting{ID: 5, Kind: Consultation, Host: host, Recorder: Ref{Name: "何晓宇"},
		Attendance: Attendance{Present: 3, Attendees: []Ref{host},
			Absent:    []Absence{{Who: Ref{PersonID: 2, Name: "侯晓春"}}},
			Observers: []Ref{{Name: "周立平", Post: "镇联络干部"}}}}
	stmts := []Statement{
		{MeetingID: 5, Speaker: Ref{PersonID: 2, Name: "侯晓春"}},
		{MeetingID: 5, Speaker: Ref{PersonID: 7, Name: "卢建国"}},
		{MeetingID: 5, Speaker: Ref{Name: "周立平"}},              // invited: stays among the observers
		{MeetingID: 5, Speaker: Ref{PersonID: 7, Name: "卢建国"}}, // twice: named once
		{MeetingID: 6, Speaker: Ref{Name: "别的会"}},              // another meeting's
		{MeetingID: 5, Speaker: Ref{Name: "王泽林"}},
	}
	m.CountSpeakers(stmts)
	a := m.Attendance
	if got := refNames(a.Attendees); got != "金昌义 何晓宇 侯晓春 卢建国 王泽林" {
		t.Errorf("named after counting speakers: %s", got)
	}
	if a.Present != 5 || len(a.Absent) != 0 || len(a.Observers) != 1 {
		t.Errorf("counts: %+v", a)
	}
	// A formal meeting is roll-called: its attendance is left as it is.
	f := Meeting{ID: 5, Kind: Formal, Body: TwoCommittees, Host: host, Attendance: Attendance{Expected: 2, Present: 1, Attendees: []Ref{host}}}
	f.CountSpeakers(stmts)
	if len(f.Attendance.Attendees) != 1 || f.Attendance.Present != 1 || f.Attendance.Expected != 2 {
		t.Errorf("a formal meeting's attendance changed: %+v", f.Attendance)
	}
}

// Sealing a consultation names everyone who spoke, and lists no one as absent.
func TestSealConsultationCountsSpeakers(t *testing.T) {
	start := time.Date(2026, 9, 8, 19, 30, 0, 0, Beijing)
	m := Meeting{ID: 5, Kind: Consultation, Form: "夜话乡村", Title: "装修", Status: Draft,
		Start: start, End: start.Add(time.Hour), Host: Ref{PersonID: 1, Name: "金昌义"}, Recorder: Ref{PersonID: 3, Name: "何晓宇"},
		Attendance: Attendance{Present: 10, Absent: []Absence{{Who: Ref{PersonID: 2, Name: "侯晓春"}}}}}
	stmts := []Statement{{ID: 1, MeetingID: 5, Speaker: Ref{PersonID: 2, Name: "侯晓春"}, Kind: Answer, Text: "好", At: start}}
	if err := m.SealWith(stmts, "", start.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := refNames(m.Attendance.Attendees); got != "金昌义 何晓宇 侯晓春" || len(m.Attendance.Absent) != 0 || m.Attendance.Present != 10 {
		t.Errorf("sealed attendance: %+v", m.Attendance)
	}
	if !VerifySeal(m, stmts, "") {
		t.Error("the seal does not cover the completed attendance")
	}
	// Refused, the meeting is left as it was.
	bad := Meeting{ID: 5, Kind: Consultation, Status: Draft, Start: start, End: start.Add(time.Hour), Host: Ref{Name: "金昌义"}}
	if err := bad.SealWith(stmts, "", start); err == nil || len(bad.Attendance.Attendees) != 0 {
		t.Errorf("a refused seal changed the meeting: %v %+v", err, bad.Attendance)
	}
}

func refNames(refs []Ref) string {
	var out []string
	for _, r := range refs {
		out = append(out, r.Name)
	}
	return strings.Join(out, " ")
}

func TestRaiser(t *testing.T) {
	stmts := []Statement{
		{Item: 1, Speaker: Ref{Name: "金昌义"}, Kind: Opinion},
		{Item: 2, Speaker: Ref{Name: "侯晓春"}, Kind: Answer},
		{Item: 1, Speaker: Ref{PersonID: 7, Name: "卢建国"}, Kind: Concern},
		{Item: 1, Speaker: Ref{Name: "孙秀兰"}, Kind: Concern},
	}
	if r, ok := Raiser(1, stmts); !ok || r.Name != "卢建国" {
		t.Errorf("item 1 raised by %v %v, want the first concern's speaker 卢建国", r, ok)
	}
	if r, ok := Raiser(2, stmts); !ok || r.Name != "侯晓春" {
		t.Errorf("item 2, no concern: %v %v, want the first speaker", r, ok)
	}
	if _, ok := Raiser(3, stmts); ok {
		t.Error("an item nobody spoke to has a raiser")
	}
}
