package meeting

import "testing"

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
	if d := Defaults().Verdict(RepresentativeAssembly, reps, Vote{Method: ShowOfHands, Ayes: 8}, nil); d.Quorate {
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
