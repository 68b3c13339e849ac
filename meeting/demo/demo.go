// Package demo builds archives in memory: the 阿北村 sample village of the walkthrough (Abei),
// and a deterministic synthetic archive of many villages for benchmarks (Synthetic). It is pure
// code: no clock, no randomness beyond a fixed seed, no I/O. Every matter is moved through the
// procedure engine of package meeting, so its history is exactly what the engine produces.
package demo

import (
	"fmt"
	"sort"
	"time"

	"yishi/meeting"
)

// builder appends records to an archive, giving each kind of record IDs 1, 2, 3 … in the order
// the records are added, which is the order they happened in.
type builder struct {
	a   *meeting.Archive
	err error
}

func newBuilder() *builder {
	return &builder{a: &meeting.Archive{
		Format:      meeting.ArchiveFormat,
		Version:     meeting.ArchiveVersion,
		Villages:    []meeting.Village{},
		People:      []meeting.Person{},
		Meetings:    []meeting.Meeting{},
		Statements:  []meeting.Statement{},
		Matters:     []meeting.Matter{},
		Notices:     []meeting.Notice{},
		Assignments: []meeting.Assignment{},
		Amendments:  []meeting.Amendment{},
	}}
}

// fail records the first error met while building.
func (b *builder) fail(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *builder) addVillage(v meeting.Village) meeting.ID {
	v.ID = meeting.ID(len(b.a.Villages) + 1)
	b.a.Villages = append(b.a.Villages, v)
	return v.ID
}

func (b *builder) village(id meeting.ID) *meeting.Village { return &b.a.Villages[id-1] }

func (b *builder) addPerson(p meeting.Person) meeting.Person {
	p.ID = meeting.ID(len(b.a.People) + 1)
	b.a.People = append(b.a.People, p)
	return p
}

// newMeeting returns a meeting with the next meeting ID, not yet added: statements can be
// recorded against it, then add appends it.
func (b *builder) newMeeting(village meeting.ID, kind meeting.Kind, start, end time.Time) meeting.Meeting {
	return meeting.Meeting{
		ID:        meeting.ID(len(b.a.Meetings) + 1),
		VillageID: village,
		Kind:      kind,
		Start:     start,
		End:       end,
		Status:    meeting.Final,
	}
}

// add appends meeting m. A final meeting is sealed ten minutes after it closes; seal computes the
// seals once every statement is in.
func (b *builder) add(m meeting.Meeting) {
	if want := meeting.ID(len(b.a.Meetings) + 1); m.ID != want {
		b.fail(fmt.Errorf("demo: meeting %d added out of order (want %d)", m.ID, want))
	}
	if m.Status == meeting.Final && m.SealedAt.IsZero() {
		m.SealedAt = m.End.Add(10 * time.Minute)
	}
	b.a.Meetings = append(b.a.Meetings, m)
}

// seal computes the seals of the demo, as Reseal does.
func (b *builder) seal() { Reseal(b.a) }

// rebase gives the archive's villages the spaces draw gives, in order (see meeting.Rebase): the
// builder numbers records archive-wide, as the store did before IDs had spaces.
func (b *builder) rebase(draw func(i int) uint32) {
	r := &meeting.Rebase{Spaces: map[meeting.ID]uint32{}}
	for i, v := range b.a.Villages {
		r.Spaces[v.ID] = draw(i)
	}
	b.fail(meeting.RebaseArchive(b.a, r))
}

// Reseal computes the seal of every final meeting of a, chained per village in the order they
// were sealed, as sealing them one by one would have, then the seal of every posted notice: the
// archive verifies like a real one. Tests that change a demo archive before importing it reseal
// it, since an import refuses seals that do not hold.
func Reseal(a *meeting.Archive) {
	stmts := map[meeting.ID][]meeting.Statement{}
	for _, s := range a.Statements {
		stmts[s.MeetingID] = append(stmts[s.MeetingID], s)
	}
	order := make([]int, 0, len(a.Meetings))
	for i, m := range a.Meetings {
		if m.Status == meeting.Final {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		x, y := a.Meetings[order[i]], a.Meetings[order[j]]
		if !x.SealedAt.Equal(y.SealedAt) {
			return x.SealedAt.Before(y.SealedAt)
		}
		return x.ID < y.ID
	})
	prev := map[meeting.ID]string{}
	for _, i := range order {
		m := &a.Meetings[i]
		// Who raised each item of a consultation, as the recorder confirms it at F7.
		for j := range m.Items {
			if it := &m.Items[j]; m.Kind == meeting.Consultation && it.RaisedBy == nil {
				if r, ok := meeting.Raiser(it.N, stmts[m.ID]); ok {
					it.RaisedBy = &r
				}
			}
		}
		m.Seal = meeting.SealOf(*m, stmts[m.ID], prev[m.VillageID])
		prev[m.VillageID] = m.Seal
	}
	// A posted notice is sealed over what it states, which includes the seals of its meetings.
	meetings := make(map[meeting.ID]meeting.Meeting, len(a.Meetings))
	for _, m := range a.Meetings {
		meetings[m.ID] = m
	}
	matters := make(map[meeting.ID]meeting.Matter, len(a.Matters))
	for _, x := range a.Matters {
		matters[x.ID] = x
	}
	for i := range a.Notices {
		n := &a.Notices[i]
		if len(n.Postings) > 0 {
			meeting.SealNotice(n, matters[n.MatterID], meetings)
		}
	}
}

// say records a statement at item n of meeting m, at the given clock time of the meeting's day.
func (b *builder) say(m *meeting.Meeting, n int, who meeting.Ref, hour, minute int, kind meeting.StatementKind, text string) {
	b.a.Statements = append(b.a.Statements, meeting.Statement{
		ID:        meeting.ID(len(b.a.Statements) + 1),
		MeetingID: m.ID,
		Item:      n,
		Speaker:   who,
		At:        clock(meeting.DateOf(m.Start), hour, minute),
		Kind:      kind,
		Text:      text,
	})
}

func (b *builder) addMatter(m meeting.Matter) meeting.ID {
	m.ID = meeting.ID(len(b.a.Matters) + 1)
	b.a.Matters = append(b.a.Matters, m)
	return m.ID
}

func (b *builder) matter(id meeting.ID) *meeting.Matter { return &b.a.Matters[id-1] }

func (b *builder) addAssignment(x meeting.Assignment) meeting.ID {
	x.ID = meeting.ID(len(b.a.Assignments) + 1)
	b.a.Assignments = append(b.a.Assignments, x)
	return x.ID
}

func (b *builder) nextAssignment() meeting.ID { return meeting.ID(len(b.a.Assignments) + 1) }

func (b *builder) nextMatter() meeting.ID { return meeting.ID(len(b.a.Matters) + 1) }

func (b *builder) addAmendment(x meeting.Amendment) {
	x.ID = meeting.ID(len(b.a.Amendments) + 1)
	b.a.Amendments = append(b.a.Amendments, x)
}

// advance moves matter id through the engine by the vote of item n of meeting m.
func (b *builder) advance(s meeting.Settings, id meeting.ID, m meeting.Meeting, n int) {
	if _, err := s.Advance(b.matter(id), m, n); err != nil {
		b.fail(fmt.Errorf("demo: meeting %d item %d, matter %d: %w", m.ID, n, id, err))
	}
}

// post adds notice n and posts it for its matter through the engine.
func (b *builder) post(s meeting.Settings, n meeting.Notice) meeting.ID {
	n.ID = meeting.ID(len(b.a.Notices) + 1)
	b.a.Notices = append(b.a.Notices, n)
	if err := s.Post(b.matter(n.MatterID), n); err != nil {
		b.fail(fmt.Errorf("demo: notice %d, matter %d: %w", n.ID, n.MatterID, err))
	}
	return n.ID
}

// complete records the implementation of matter id through the engine.
func (b *builder) complete(id meeting.ID, impl meeting.Implementation) {
	if err := meeting.Complete(b.matter(id), impl); err != nil {
		b.fail(fmt.Errorf("demo: matter %d: %w", id, err))
	}
}

// clock returns the given time of day d in Beijing time.
func clock(d meeting.Date, hour, minute int) time.Time {
	t := d.Time()
	return time.Date(t.Year(), t.Month(), t.Day(), hour, minute, 0, 0, meeting.Beijing)
}

// absence is a member who did not come, or was excused, and why.
type absence struct{ name, reason string }

// attendance takes the members of a body, less the excused (out of the count of those expected)
// and the absent, and lists who came.
func attendance(ms []meeting.Person, excused, absent []absence) (meeting.Attendance, error) {
	byName := map[string]meeting.Person{}
	for _, p := range ms {
		byName[p.Name] = p
	}
	out := map[string]bool{}
	var a meeting.Attendance
	for _, list := range []struct {
		from []absence
		to   *[]meeting.Absence
	}{{excused, &a.Excused}, {absent, &a.Absent}} {
		for _, x := range list.from {
			p, ok := byName[x.name]
			if !ok {
				return a, fmt.Errorf("demo: %s is not a member", x.name)
			}
			out[x.name] = true
			*list.to = append(*list.to, meeting.Absence{Who: p.Ref(), Reason: x.reason})
		}
	}
	for _, p := range ms {
		if !out[p.Name] {
			a.Attendees = append(a.Attendees, p.Ref())
		}
	}
	a.Expected = len(ms) - len(excused)
	a.Present = len(a.Attendees)
	return a, nil
}
