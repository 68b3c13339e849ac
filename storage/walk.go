package storage

import (
	"cmp"
	"container/heap"
	"encoding/binary"
	"slices"

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
// Records come in ID order, statements and amendments too, though their keys put them by meeting
// first (inIDOrder merges the meetings' runs), so that the file reads as older releases wrote it and
// they can import it. It stops at fn's first error and returns it.
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
	for _, id := range keyIDs(txn, []byte(villages.prefix)) {
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
			inIDOrder(txn, statements, nil, meeting.ListStatements, fn),
			every(txn, matters, meeting.ListMatters, fn),
			every(txn, notices, meeting.ListNotices, fn),
			every(txn, assignments, meeting.ListAssignments, fn),
			inIDOrder(txn, amendments, nil, meeting.ListAmendments, fn),
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
	if err := inIDOrder(txn, statements, ms, meeting.ListStatements, fn)(); err != nil {
		return err
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
	return inIDOrder(txn, amendments, ms, meeting.ListAmendments, fn)()
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

// inIDOrder is the step of walk handing on the nested records (statements, amendments) of the
// meetings owners (every meeting when nil) in ID order. Their keys hold them by meeting, and
// IDs are allocated across meetings in time order, so the meetings' runs mostly follow one
// another; where two meetings were recorded at once, their runs are merged. It keeps one
// iterator open per meeting whose run is under way, and the first ID of each run.
func inIDOrder[T any](txn *badger.Txn, t *table[T], owners []meeting.ID, list string, fn func(string, any) error) func() error {
	return func() error {
		// Where each meeting's run starts, and at which ID: for every meeting, by one key-only
		// pass over the kind's keys; for some, by a seek to each.
		var starts []nestedRun
		probe := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(t.prefix), PrefetchValues: false})
		if owners == nil {
			var owner meeting.ID
			for probe.Rewind(); probe.Valid(); probe.Next() {
				readRecord() // the pages a key scan reads are trimmed as a record's
				k := probe.Item().Key()
				if o := meeting.ID(binary.BigEndian.Uint64(k[len(t.prefix):])); o != owner || len(starts) == 0 {
					owner = o
					starts = append(starts, nestedRun{prefix: appendIDs([]byte(t.prefix), o), id: lastID(k)})
				}
			}
		} else {
			for _, o := range owners {
				readRecord() // the seeks read the tables' pages too: they are trimmed alike
				p := appendIDs([]byte(t.prefix), o)
				if probe.Seek(p); probe.ValidForPrefix(p) {
					starts = append(starts, nestedRun{prefix: p, id: lastID(probe.Item().Key())})
				}
			}
		}
		probe.Close()
		slices.SortFunc(starts, func(a, b nestedRun) int { return cmp.Compare(a.id, b.id) })
		// Iterators are costly to make (one merges every table): a run that ends leaves its
		// iterator to the next run, so there are as many as runs are under way at once.
		var (
			open nestedRuns
			free []*badger.Iterator
		)
		defer func() {
			for _, r := range open {
				r.it.Close()
			}
			for _, it := range free {
				it.Close()
			}
		}()
		for next := 0; next < len(starts) || len(open) > 0; {
			if next < len(starts) && (len(open) == 0 || starts[next].id < open[0].id) {
				r := starts[next]
				next++
				if n := len(free); n > 0 {
					r.it, free = free[n-1], free[:n-1]
				} else {
					r.it = txn.NewIterator(badger.IteratorOptions{Prefix: []byte(t.prefix), PrefetchValues: false})
				}
				// Runs that follow one another in ID order mostly follow in key order too: the
				// iterator the last run left is then at this one's first key already.
				if !r.it.ValidForPrefix(r.prefix) {
					r.it.Seek(r.prefix)
				}
				heap.Push(&open, &r)
				continue
			}
			r := open[0]
			var rec T
			if err := value(r.it.Item(), t, &rec); err != nil {
				return err
			}
			if err := fn(list, &rec); err != nil {
				return err
			}
			if r.it.Next(); r.it.ValidForPrefix(r.prefix) {
				r.id = lastID(r.it.Item().Key())
				heap.Fix(&open, 0)
			} else {
				free = append(free, r.it)
				heap.Pop(&open)
			}
		}
		return nil
	}
}

// nestedRun is the run of one meeting's statements or amendments that inIDOrder is reading.
type nestedRun struct {
	prefix []byte
	id     meeting.ID // of the record the run is at
	it     *badger.Iterator
}

// nestedRuns is a heap of runs by the ID they are at (container/heap).
type nestedRuns []*nestedRun

func (h nestedRuns) Len() int           { return len(h) }
func (h nestedRuns) Less(i, j int) bool { return h[i].id < h[j].id }
func (h nestedRuns) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *nestedRuns) Push(x any)        { *h = append(*h, x.(*nestedRun)) }
func (h *nestedRuns) Pop() any {
	old := *h
	r := old[len(old)-1]
	*h = old[:len(old)-1]
	return r
}
