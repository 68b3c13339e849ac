package meeting

import "strings"

// Mark is a member's mark at a roll call.
type Mark int

const (
	MarkedAbsent  Mark = iota // not there (the default until marked: nobody is present by accident)
	MarkedPresent             // there
	MarkedExcused             // excused: ill, abroad, suspended, detained, approved 流动党员 …
)

// ProbationaryPost is how a probationary party member present at a party meeting is listed: among
// those who sit in (列席), without a vote.
const ProbationaryPost = "预备党员，无表决权"

// RollMark is one member's mark at a roll call, with the reason for an absence or excuse.
type RollMark struct {
	Person Person
	Mark   Mark
	Reason string
}

// Votes reports whether p votes at a meeting of body b: a probationary party member (预备党员) has
// no vote at a party meeting, and counts neither among those expected nor those present.
func Votes(p Person, b Body) bool {
	if b != PartyAssembly && b != PartyRepAssembly {
		return true
	}
	for _, ms := range p.Memberships {
		if ms.Body == PartyAssembly && ms.Probationary {
			return false
		}
	}
	return true
}

// Excusable reports whether excused members leave the count of those expected at a meeting of
// body b: at the party members' assembly (and its representatives' meeting) those who should
// attend are the members with a vote less those excused (支部工作条例 art. 11); every other body
// counts all its members, and a member on leave is absent with leave.
func Excusable(b Body) bool { return b == PartyAssembly || b == PartyRepAssembly }

// leaveMark starts the reason of an absence on leave, so Marks can read the mark back.
const leaveMark = "请假"

func leave(reason string) string {
	if reason == "" {
		return leaveMark
	}
	return leaveMark + "：" + reason
}

// TakeRoll turns the marks of a body's members into the attendance the minutes record and the
// rules count: members with a vote count among those expected unless excused, and among those
// present when present; absent members are listed with their reasons, excused ones apart. A
// member without a vote who is present sits in among the observers (ProbationaryPost); absent,
// they are not listed. Observers given are kept, after those.
func TakeRoll(b Body, marks []RollMark, observers []Ref) Attendance {
	var a Attendance
	for _, m := range marks {
		ref := m.Person.Ref()
		if !Votes(m.Person, b) {
			if m.Mark == MarkedPresent {
				ref.Post = ProbationaryPost
				a.Observers = append(a.Observers, ref)
			}
			continue
		}
		switch m.Mark {
		case MarkedPresent:
			a.Attendees = append(a.Attendees, ref)
			a.Present++
			a.Expected++
		case MarkedExcused:
			if Excusable(b) {
				a.Excused = append(a.Excused, Absence{Who: ref, Reason: m.Reason})
				break
			}
			// Elsewhere leave excuses an absence, not a seat: the member still counts as expected.
			a.Absent = append(a.Absent, Absence{Who: ref, Reason: leave(m.Reason)})
			a.Expected++
		default:
			a.Absent = append(a.Absent, Absence{Who: ref, Reason: m.Reason})
			a.Expected++
		}
	}
	for _, o := range observers {
		if o.Post != ProbationaryPost {
			a.Observers = append(a.Observers, o)
		}
	}
	return a
}

// Marks reads back the marks of a roll call from its attendance, for the members given: the
// inverse of TakeRoll, so a roll call can be taken again when latecomers arrive.
func Marks(b Body, members []Person, a Attendance) []RollMark {
	marks := make(map[ID]RollMark)
	for _, r := range a.Attendees {
		marks[r.PersonID] = RollMark{Mark: MarkedPresent}
	}
	for _, r := range a.Observers {
		if r.Post == ProbationaryPost {
			marks[r.PersonID] = RollMark{Mark: MarkedPresent}
		}
	}
	for _, x := range a.Absent {
		if rest, ok := strings.CutPrefix(x.Reason, leaveMark); ok && !Excusable(b) {
			marks[x.Who.PersonID] = RollMark{Mark: MarkedExcused, Reason: strings.TrimPrefix(rest, "：")}
			continue
		}
		marks[x.Who.PersonID] = RollMark{Mark: MarkedAbsent, Reason: x.Reason}
	}
	for _, x := range a.Excused {
		marks[x.Who.PersonID] = RollMark{Mark: MarkedExcused, Reason: x.Reason}
	}
	out := make([]RollMark, len(members))
	for i, p := range members {
		m := marks[p.ID]
		m.Person = p
		out[i] = m
	}
	return out
}

// Chair is who usually hosts a village's meetings: the party branch secretary (党支部书记), who
// also chairs the consultation evenings; the second return is false when the roster names none.
func Chair(people []Person) (Person, bool) {
	for _, p := range people {
		for _, m := range p.Memberships {
			if m.Body == BranchCommittee && strings.Contains(m.Role, "书记") && !strings.Contains(m.Role, "副书记") {
				return p, true
			}
		}
	}
	return Person{}, false
}

// Recorder is who the roster names as the recorder (记录人, often the graduate appointed to the
// village); the second return is false when it names none.
func Recorder(people []Person) (Person, bool) {
	for _, p := range people {
		if strings.Contains(p.Title, "记录") {
			return p, true
		}
	}
	return Person{}, false
}
