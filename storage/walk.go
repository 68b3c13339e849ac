package storage

import (
	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// Streaming reads of the whole archive, for what reads all of it (export json, verify
// --archive, import's seal check): each record is handed on as it is read, so memory stays
// that of one record (Walk) or of one village (EachVillage), whatever the archive's size.

// Walk reads the records of the archive from one snapshot, list by list in the order of the
// interchange format (meeting.ArchiveLists), and calls fn with the list's name and a pointer
// to each record (*meeting.Village, *meeting.Person, …), which fn may keep. With village 0 it
// reads every record; else only those of that village (ErrNotFound when there is none).
// Records come in key order: by ID, and statements and amendments by meeting, then by ID. It
// stops at fn's first error and returns it.
func (s *Store) Walk(village meeting.ID, fn func(list string, r any) error) error {
	return s.view(func(txn *badger.Txn) error { return walk(txn, village, fn) })
}

// EachVillage reads the archive from one snapshot, one village at a time, and calls fn with an
// archive holding that village and its records (in Walk's order); fn must not keep it past the
// call if memory is to stay that of one village. It stops at fn's first error.
func (s *Store) EachVillage(fn func(a *meeting.Archive) error) error {
	return s.view(func(txn *badger.Txn) error { return eachVillage(txn, fn) })
}

// eachVillage is EachVillage within txn.
func eachVillage(txn *badger.Txn, fn func(a *meeting.Archive) error) error {
	var ids []meeting.ID
	prefix := []byte(villages.prefix)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		ids = append(ids, lastID(it.Item().Key()))
	}
	it.Close()
	for _, id := range ids {
		a := &meeting.Archive{Format: meeting.ArchiveFormat, Version: meeting.ArchiveVersion}
		if err := walk(txn, id, a.Add); err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// walk is Walk within txn.
func walk(txn *badger.Txn, village meeting.ID, fn func(list string, r any) error) error {
	if village == 0 {
		for _, step := range []func() error{
			every(txn, villages, meeting.ListVillages, fn),
			every(txn, people, meeting.ListPeople, fn),
			every(txn, meetings, meeting.ListMeetings, fn),
			every(txn, statements, meeting.ListStatements, fn),
			every(txn, matters, meeting.ListMatters, fn),
			every(txn, notices, meeting.ListNotices, fn),
			every(txn, assignments, meeting.ListAssignments, fn),
			every(txn, amendments, meeting.ListAmendments, fn),
		} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	}
	v, err := get(txn, villages, 0, village)
	if err != nil {
		return err
	}
	if err := fn(meeting.ListVillages, &v); err != nil {
		return err
	}
	// The meetings' IDs are held to read their statements and amendments after them.
	var ms []meeting.ID
	keep := func(list string, r any) error {
		if m, ok := r.(*meeting.Meeting); ok {
			ms = append(ms, m.ID)
		}
		return fn(list, r)
	}
	if err := owned(txn, people, village, meeting.ListPeople, fn)(); err != nil {
		return err
	}
	if err := owned(txn, meetings, village, meeting.ListMeetings, keep)(); err != nil {
		return err
	}
	for _, m := range ms {
		if err := owned(txn, statements, m, meeting.ListStatements, fn)(); err != nil {
			return err
		}
	}
	for _, step := range []func() error{
		owned(txn, matters, village, meeting.ListMatters, fn),
		owned(txn, notices, village, meeting.ListNotices, fn),
		owned(txn, assignments, village, meeting.ListAssignments, fn),
	} {
		if err := step(); err != nil {
			return err
		}
	}
	for _, m := range ms {
		if err := owned(txn, amendments, m, meeting.ListAmendments, fn)(); err != nil {
			return err
		}
	}
	return nil
}

// every is the step of walk handing on every record of t, in key order.
func every[T any](txn *badger.Txn, t *table[T], list string, fn func(string, any) error) func() error {
	return func() error {
		return eachRecord(txn, t, []byte(t.prefix), func(r *T) error { return fn(list, r) })
	}
}

// owned is the step of walk handing on the records of t belonging to owner, in ID order.
func owned[T any](txn *badger.Txn, t *table[T], owner meeting.ID, list string, fn func(string, any) error) func() error {
	return func() error {
		return eachOwned(txn, t, owner, func(r *T) error { return fn(list, r) })
	}
}
