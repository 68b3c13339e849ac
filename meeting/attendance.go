package meeting

import (
	"slices"
	"strings"
)

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

// A consultation meeting (协商议事) is open to every villager and has no quorum: nobody is
// expected, so nobody is absent. Its attendance names who came where they are known (the
// cadres who answered, villagers by name) beside a head count, and lists those invited to sit
// in (列席: the township's cadre, experts; 2025 text art. 33) apart. A cadre not marked as there
// is simply not named: a consultation never lists anyone as absent.

// ConsultationRoll turns the marks of a consultation's roll call into its attendance: those
// marked present are named, in the order given; any other mark names nobody. The head count is
// what the recorder counted; it is never below the number named. Observers are kept as given.
func ConsultationRoll(marks []RollMark, headcount int, observers []Ref) Attendance {
	var a Attendance
	seen := map[string]bool{}
	for _, m := range marks {
		ref := m.Person.Ref()
		if m.Mark != MarkedPresent || seen[refKey(ref)] {
			continue
		}
		seen[refKey(ref)] = true
		a.Attendees = append(a.Attendees, ref)
	}
	a.Present = max(headcount, len(a.Attendees))
	a.Observers = append(a.Observers, observers...)
	return a
}

// ConsultationMarks reads back the marks of a consultation's roll call from its attendance: the
// cadres given first, each present when named; then everyone else named, present, with their
// roster entry where people has it (a guest villager keeps the name alone). The inverse of
// ConsultationRoll. An absence an older archive recorded at a consultation is not read back: a
// consultation lists nobody as absent.
func ConsultationMarks(cadres, people []Person, a Attendance) []RollMark {
	named := map[string]bool{}
	for _, r := range a.Attendees {
		named[refKey(r)] = true
	}
	out := make([]RollMark, 0, len(cadres)+len(a.Attendees))
	listed := map[string]bool{}
	for _, p := range cadres {
		key := refKey(p.Ref())
		listed[key] = true
		mark := MarkedAbsent
		if named[key] {
			mark = MarkedPresent
		}
		out = append(out, RollMark{Person: p, Mark: mark})
	}
	byID := make(map[ID]Person, len(people))
	for _, p := range people {
		byID[p.ID] = p
	}
	for _, r := range a.Attendees {
		key := refKey(r)
		if listed[key] {
			continue
		}
		listed[key] = true
		p, ok := byID[r.PersonID]
		if r.PersonID == 0 || !ok {
			p = Person{ID: r.PersonID, Name: r.Name, Guest: r.PersonID == 0}
		}
		out = append(out, RollMark{Person: p, Mark: MarkedPresent})
	}
	return out
}

// Named reports whether r is among the people the attendance names, attendees or observers: by
// roster ID, or by name where either side was typed without one (a guest, an invited cadre).
func (a Attendance) Named(r Ref) bool {
	return slices.ContainsFunc(a.Attendees, r.Same) || slices.ContainsFunc(a.Observers, r.Same)
}

// Same reports whether r and o name the same person: the same roster ID, or the same name where
// either was typed without one.
func (r Ref) Same(o Ref) bool {
	if r.PersonID != 0 && o.PersonID != 0 {
		return r.PersonID == o.PersonID
	}
	return r.Name == o.Name
}

// CountSpeakers completes a consultation's attendance with the people its record shows were
// there: the host, the recorder and everyone who spoke are named among those who came, unless
// the attendance names them already (an invited township cadre who spoke stays among the
// observers); the head count grows to the number named, and no one is left listed as absent.
// Formal meetings are roll-called, and
// are left as they are. It runs when a consultation is sealed (SealWith) and when its roll call
// opens, so that nobody who spoke is missing from the minutes.
func (m *Meeting) CountSpeakers(stmts []Statement) {
	if m.Kind != Consultation {
		return
	}
	a := m.Attendance
	a.Attendees = slices.Clone(a.Attendees)
	// Nobody is expected at a consultation, so nobody is absent: an older roll call listed the
	// cadres it was not told of as absent.
	a.Expected, a.Absent, a.Excused = 0, nil, nil
	add := func(r Ref) {
		if strings.TrimSpace(r.Name) == "" {
			return
		}
		r.Post = ""
		if !a.Named(r) {
			a.Attendees = append(a.Attendees, r)
		}
	}
	add(m.Host)
	add(m.Recorder)
	for _, s := range stmts {
		if s.MeetingID == m.ID {
			add(s.Speaker)
		}
	}
	a.Present = max(a.Present, len(a.Attendees))
	m.Attendance = a
}

// Raiser is who most likely raised item n of a consultation (反映人), for the recorder to
// confirm: the speaker of the item's first concern (诉求), else of its first remark. The second
// result is false when nobody has spoken to it.
func Raiser(n int, stmts []Statement) (Ref, bool) {
	var first *Statement
	for i := range stmts {
		s := &stmts[i]
		if s.Item != n {
			continue
		}
		if s.Kind == Concern {
			return s.Speaker, true
		}
		if first == nil {
			first = s
		}
	}
	if first == nil {
		return Ref{}, false
	}
	return first.Speaker, true
}

// Named returns the people a meeting's speaker may be picked from: the roster given, then
// everyone the meeting's own record names who is not on it (the host, the recorder, those
// named as present, the observers), as guests with their post for a title. A host not on the
// roster is found by initials like anyone else.
func (m Meeting) Named(roster []Person) []Person {
	out := slices.Clone(roster)
	add := func(r Ref) {
		if strings.TrimSpace(r.Name) == "" {
			return
		}
		for _, p := range out {
			if p.Ref().Same(r) {
				return
			}
		}
		out = append(out, Person{ID: r.PersonID, Name: r.Name, Title: r.Post, Guest: r.PersonID == 0})
	}
	add(m.Host)
	add(m.Recorder)
	for _, r := range m.Attendance.Attendees {
		add(r)
	}
	for _, r := range m.Attendance.Observers {
		add(r)
	}
	return out
}
