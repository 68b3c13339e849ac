package storage

import (
	"slices"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// Villages returns every village, in the order lists show them (meeting.CompareVillages).
func (s *Store) Villages() ([]meeting.Village, error) {
	vs, err := listOf(s, villages, 0)
	slices.SortStableFunc(vs, meeting.CompareVillages)
	return vs, err
}

// Village returns village id.
func (s *Store) Village(id meeting.ID) (meeting.Village, error) { return getOf(s, villages, 0, id) }

// PutVillage writes a village: a new one (ID 0) gets the next ID, set in v.
func (s *Store) PutVillage(v *meeting.Village) error {
	return s.Update(func(tx *Tx) error { return tx.PutVillage(v) })
}

// People returns the people of a village, in ID order.
func (s *Store) People(village meeting.ID) ([]meeting.Person, error) {
	return listOf(s, people, village)
}

// Person returns person id.
func (s *Store) Person(id meeting.ID) (meeting.Person, error) { return getOf(s, people, 0, id) }

// PutPerson writes a person: a new one (ID 0) gets the next ID, set in p.
func (s *Store) PutPerson(p *meeting.Person) error {
	return s.Update(func(tx *Tx) error { return tx.PutPerson(p) })
}

// PutPeople writes several people in one transaction, as a roster import does: all of them or
// none. New ones (ID 0) get the next IDs, in slice order, set in ps.
func (s *Store) PutPeople(ps []meeting.Person) error {
	return s.Update(func(tx *Tx) error {
		for i := range ps {
			if err := tx.PutPerson(&ps[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// Meetings returns the meetings of a village, ordered by start time, then ID.
func (s *Store) Meetings(village meeting.ID) ([]meeting.Meeting, error) {
	ms, err := listOf(s, meetings, village)
	if err != nil {
		return nil, err
	}
	// The index gives ID order, which the stable sort keeps among equal start times.
	slices.SortStableFunc(ms, func(a, b meeting.Meeting) int { return a.Start.Compare(b.Start) })
	return ms, nil
}

// Meeting returns meeting id (its statements are read with Statements).
func (s *Store) Meeting(id meeting.ID) (meeting.Meeting, error) { return getOf(s, meetings, 0, id) }

// PutMeeting writes a meeting's header, attendance and agenda: a new one (ID 0) gets the next
// ID, set in m. A meeting whose stored record is final is refused (meeting.ErrSealed).
func (s *Store) PutMeeting(m *meeting.Meeting) error {
	return s.Update(func(tx *Tx) error { return tx.PutMeeting(m) })
}

// AppendStatement writes a new statement (ID 0) of an existing meeting as one small record of
// its own, synced before it returns, and sets its ID. The meeting record is not rewritten. A
// final meeting takes no more statements (meeting.ErrSealed).
func (s *Store) AppendStatement(st *meeting.Statement) error {
	return s.Update(func(tx *Tx) error { return tx.AppendStatement(st) })
}

// PutStatement replaces an existing statement, found by its meeting and ID, of a meeting whose
// record is not final (else meeting.ErrSealed).
func (s *Store) PutStatement(st meeting.Statement) error {
	return s.Update(func(tx *Tx) error { return tx.PutStatement(st) })
}

// DeleteStatement removes statement id of meeting meetingID, a meeting whose record is not
// final (else meeting.ErrSealed).
func (s *Store) DeleteStatement(meetingID, id meeting.ID) error {
	return s.Update(func(tx *Tx) error { return tx.DeleteStatement(meetingID, id) })
}

// Statements returns the statements of a meeting in ID order, which is the order they were
// recorded in.
func (s *Store) Statements(meetingID meeting.ID) ([]meeting.Statement, error) {
	return listOf(s, statements, meetingID)
}

// Matters returns the matters of a village, in ID order.
func (s *Store) Matters(village meeting.ID) ([]meeting.Matter, error) {
	return listOf(s, matters, village)
}

// Matter returns matter id.
func (s *Store) Matter(id meeting.ID) (meeting.Matter, error) { return getOf(s, matters, 0, id) }

// PutMatter writes a matter: a new one (ID 0) gets the next ID, set in m.
func (s *Store) PutMatter(m *meeting.Matter) error {
	return s.Update(func(tx *Tx) error { return tx.PutMatter(m) })
}

// Notices returns the notices of a village, in ID order.
func (s *Store) Notices(village meeting.ID) ([]meeting.Notice, error) {
	return listOf(s, notices, village)
}

// Notice returns notice id.
func (s *Store) Notice(id meeting.ID) (meeting.Notice, error) { return getOf(s, notices, 0, id) }

// PutNotice writes a notice: a new one (ID 0) gets the next ID, set in n.
func (s *Store) PutNotice(n *meeting.Notice) error {
	return s.Update(func(tx *Tx) error { return tx.PutNotice(n) })
}

// Assignments returns the assignments of a village, in ID order.
func (s *Store) Assignments(village meeting.ID) ([]meeting.Assignment, error) {
	return listOf(s, assignments, village)
}

// Assignment returns assignment id.
func (s *Store) Assignment(id meeting.ID) (meeting.Assignment, error) {
	return getOf(s, assignments, 0, id)
}

// PutAssignment writes an assignment: a new one (ID 0) gets the next ID, set in a.
func (s *Store) PutAssignment(a *meeting.Assignment) error {
	return s.Update(func(tx *Tx) error { return tx.PutAssignment(a) })
}

// Amendments returns the amendments of a meeting, in ID order.
func (s *Store) Amendments(meetingID meeting.ID) ([]meeting.Amendment, error) {
	return listOf(s, amendments, meetingID)
}

// PutAmendment writes an amendment of an existing meeting whose record is final: a new one
// (ID 0) gets the next ID, set in a. A draft record is edited, not amended
// (meeting.ErrNotSealed).
func (s *Store) PutAmendment(a *meeting.Amendment) error {
	return s.Update(func(tx *Tx) error { return tx.PutAmendment(a) })
}

// getOf reads one record of t in a read-only transaction.
func getOf[T any](s *Store, t *table[T], owner, id meeting.ID) (r T, err error) {
	err = s.view(func(txn *badger.Txn) error {
		r, err = get(txn, t, owner, id)
		return err
	})
	return r, err
}

// listOf lists the records of t belonging to owner in a read-only transaction.
func listOf[T any](s *Store, t *table[T], owner meeting.ID) (rs []T, err error) {
	err = s.view(func(txn *badger.Txn) error {
		rs, err = list(txn, t, owner)
		return err
	})
	return rs, err
}
