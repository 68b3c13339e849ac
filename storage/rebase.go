package storage

// The migration to schema version 5: every record is given its village's space (meeting.ID,
// meeting.Rebase). Up to version 4 IDs were counted archive-wide from 1; from 5 each is the
// village's space (high 32 bits) and the record's number in its village (low 32 bits), which is
// the old ID, so documents, reference lines and seals read as before.
//
// An archive is too large for one transaction, so the migration goes in stages that can each be
// cut off and done again, with meta/rebasing holding the plan (the space drawn for each village):
//
//  1. copy: each record (and index key, draft, meta/current) of an old ID is written again under
//     its new key, through a WriteBatch. Old keys are exactly those whose first ID starts with
//     four zero bytes (no village has space 0), so old and new never meet, and copying again
//     after a cut writes the same values;
//  2. drop: the plan is marked dropping, then every old key and the archive-wide counters go,
//     and the search index is built again (its chunks are of the new IDs);
//  3. meta/schema says 5 and meta/rebasing goes, in one transaction (Store.migrate).
//
// An Open that finds meta/schema older than 5 runs the stages from the one the plan names.

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// rebaseVersion is the first schema version whose IDs have their village's space.
const rebaseVersion = 5

var rebasingKey = []byte("meta/rebasing")

// rebasePlan is the value of meta/rebasing.
type rebasePlan struct {
	Spaces   map[meeting.ID]uint32 `json:"spaces"` // by the village's old ID
	Dropping bool                  `json:"dropping"`
	// Copied is how many records the copy wrote: the drop deletes as many old ones, or stops.
	Copied int `json:"copied,omitempty"`
}

// oldPrefix returns the prefix of the keys under prefix whose first ID has no space.
func oldPrefix(prefix string) []byte { return append([]byte(prefix), 0, 0, 0, 0) }

// indexPrefixes are the prefixes of the index keys by village.
var indexPrefixes = []string{people.index, meetings.index, matters.index, notices.index, assignments.index}

// testHookRebase, when a test sets it, runs before each record the migration copies (stage
// "copy") and before the old keys are dropped ("drop"); an error from it stops the migration
// there, as a power cut would.
var testHookRebase func(stage string, done int) error

// rebase runs the stages of the migration to version 5 that are still to do (see above).
func (s *Store) rebase() error {
	var plan rebasePlan
	found, err := s.readPlan(&plan)
	if err != nil {
		return err
	}
	if !found {
		// Every block is read against its checksum first: an iterator stops at a bad one without
		// an error, and the records after it would not be copied, then dropped.
		if err := verifyBlocks(s.dir, s.db); err != nil {
			return err
		}
		plan.Spaces = map[meeting.ID]uint32{}
		taken := map[uint32]bool{}
		err := s.db.View(func(txn *badger.Txn) error {
			return eachRecord(txn, villages, oldPrefix(villages.prefix), func(v *meeting.Village) error {
				sp := meeting.NewSpace(func(sp uint32) bool { return taken[sp] })
				plan.Spaces[v.ID], taken[sp] = sp, true
				return nil
			})
		})
		if err != nil {
			return err
		}
		// With the plan, meta/schema says 5 already: an older yishi refuses the directory as
		// newer instead of writing under old keys the drop would take away; Open resumes the
		// migration while meta/rebasing is there (Store.prepare).
		if err := s.writePlan(plan, encodeSchema(SchemaVersion)); err != nil {
			return err
		}
	}
	if !plan.Dropping {
		began := time.Now()
		copied, err := s.rebaseCopy(plan)
		if err != nil {
			return err
		}
		plan.Copied = copied
		s.log.Printf("INFO: %s: gave the records of %d villages their spaces (%s)", s.dir, len(plan.Spaces), time.Since(began).Round(time.Millisecond))
		plan.Dropping = true
		if err := s.writePlan(plan, nil); err != nil {
			return err
		}
	}
	return s.rebaseDrop(plan.Copied)
}

func (s *Store) readPlan(plan *rebasePlan) (bool, error) {
	var found bool
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(rebasingKey)
		if err == badger.ErrKeyNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		return item.Value(func(v []byte) error { return json.Unmarshal(v, plan) })
	})
	return found, err
}

// writePlan writes the plan, and meta/schema when schema is not nil, in one transaction.
func (s *Store) writePlan(plan rebasePlan, schema []byte) error {
	v, err := json.Marshal(plan)
	if err != nil {
		return err
	}
	return s.db.Update(func(txn *badger.Txn) error {
		if schema != nil {
			if err := txn.Set(schemaKey, schema); err != nil {
				return err
			}
		}
		return txn.Set(rebasingKey, v)
	})
}

// rebaseCopy writes every record of an old ID again under its new one (stage 1), and returns how
// many it wrote.
func (s *Store) rebaseCopy(plan rebasePlan) (int, error) {
	rb := &meeting.Rebase{Spaces: plan.Spaces}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	last := map[string]uint32{} // the counters of the villages (seqKey)
	done := 0
	// put writes record r of t, rebased, with its index key, and counts its local number.
	put := func(t func(r any) ([]byte, meeting.ID, meeting.ID, string, string), r any) error {
		if testHookRebase != nil {
			if err := testHookRebase("copy", done); err != nil {
				return err
			}
		}
		done++
		if err := rb.Record(r); err != nil {
			return err
		}
		key, owner, id, index, seq := t(r)
		if id.Space() == 0 {
			return fmt.Errorf("rebase: %T %d has no village", r, uint64(id))
		}
		v, err := encode(r)
		if err != nil {
			return err
		}
		if err := wb.Set(key, v); err != nil {
			return writeError(err)
		}
		if index != "" {
			if err := wb.Set(appendIDs([]byte(index), owner, id), nil); err != nil {
				return writeError(err)
			}
		}
		if seq != "" {
			last[seq] = max(last[seq], id.Local())
		}
		return nil
	}
	err := s.db.View(func(txn *badger.Txn) error {
		// Each village's meetings, for its Legacy: as many as it had, all below its next number.
		locals := map[meeting.ID][]uint32{}
		err := eachRecord(txn, meetings, oldPrefix(meetings.prefix), func(m *meeting.Meeting) error {
			locals[m.VillageID] = append(locals[m.VillageID], uint32(m.ID))
			return nil
		})
		if err != nil {
			return err
		}
		if err := copyTable(txn, villages, put, func(v *meeting.Village) {
			ls := slices.Compact(slices.Sorted(slices.Values(locals[v.ID])))
			v.Legacy = meeting.LegacyOf(ls)
		}); err != nil {
			return err
		}
		if err := copyTable(txn, people, put, nil); err != nil {
			return err
		}
		if err := copyTable(txn, meetings, put, nil); err != nil {
			return err
		}
		for _, t := range []func() error{
			func() error { return copyTable(txn, statements, put, nil) },
			func() error { return copyTable(txn, matters, put, nil) },
			func() error { return copyTable(txn, notices, put, nil) },
			func() error { return copyTable(txn, assignments, put, nil) },
			func() error { return copyTable(txn, amendments, put, nil) },
		} {
			if err := t(); err != nil {
				return err
			}
		}
		// Drafts and the meeting being recorded: working state, of the meetings just rebased.
		err = eachValue(txn, oldPrefix(draftPrefix), func(_ []byte, v []byte) error {
			var d meeting.StatementDraft
			if err := decode(v, &d); err != nil {
				return err
			}
			if _, ok := rb.MeetingSpace(d.MeetingID); !ok {
				return nil // a draft of no meeting: nothing to keep
			}
			if err := rb.Record(&d); err != nil {
				return err
			}
			b, err := encode(&d)
			if err != nil {
				return err
			}
			return writeError(wb.Set(draftKey(d.MeetingID), b))
		})
		if err != nil {
			return err
		}
		var cur meeting.ID
		if ok, err := readValue(txn, currentKey, &cur); err != nil {
			return err
		} else if ok && cur.Space() == 0 {
			if sp, known := rb.MeetingSpace(cur); known {
				b, err := encode(meeting.InSpace(sp, uint32(cur)))
				if err != nil {
					return err
				}
				return writeError(wb.Set(currentKey, b))
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for k, n := range last {
		if err := wb.Set([]byte(k), binary.BigEndian.AppendUint64(nil, uint64(n))); err != nil {
			return 0, writeError(err)
		}
	}
	return done, writeError(wb.Flush())
}

// copyTable hands each record of t with an old ID to put, after fix if it is not nil.
func copyTable[T any](txn *badger.Txn, t *table[T], put func(func(any) ([]byte, meeting.ID, meeting.ID, string, string), any) error, fix func(*T)) error {
	keyOf := func(r any) ([]byte, meeting.ID, meeting.ID, string, string) {
		x := r.(*T)
		var owner meeting.ID
		seq := ""
		if t.owner != nil {
			owner = t.owner(x)
			seq = string(t.seqKey(t.id(x).Space()))
		}
		return t.keyOf(x), owner, *t.id(x), t.index, seq
	}
	return eachRecord(txn, t, oldPrefix(t.prefix), func(r *T) error {
		if fix != nil {
			fix(r)
		}
		return put(keyOf, r)
	})
}

// eachValue calls fn with each key and value under prefix.
func eachValue(txn *badger.Txn, prefix []byte, fn func(k, v []byte) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			return fail(msgRead, err)
		}
		if err := fn(it.Item().KeyCopy(nil), v); err != nil {
			return err
		}
	}
	return nil
}

// rebaseDrop removes every key of an old ID and the archive-wide counters, and builds the search
// index again (stage 2).
func (s *Store) rebaseDrop(copied int) error {
	began := time.Now()
	if testHookRebase != nil {
		if err := testHookRebase("drop", 0); err != nil {
			return err
		}
	}
	// As many old records as the copy wrote, or something was not copied: nothing is dropped.
	if copied > 0 {
		old := 0
		err := s.db.View(func(txn *badger.Txn) error {
			for _, p := range recordPrefixes {
				old += len(keyIDs(txn, oldPrefix(p)))
			}
			return nil
		})
		if err != nil {
			return err
		}
		if old != copied {
			return fail(msgCorrupt, fmt.Errorf("rebase: %d records of old IDs, %d copied", old, copied))
		}
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	// The keys of old IDs, and every posting of the index (its chunks were of 4 bytes): deleted
	// through the batch, which is many times faster here than Badger's DropPrefix.
	prefixes := slices.Concat(recordPrefixes, indexPrefixes, []string{draftPrefix})
	err := s.db.View(func(txn *badger.Txn) error {
		olds := make([][]byte, 0, len(prefixes)+1)
		for _, p := range prefixes {
			olds = append(olds, oldPrefix(p))
		}
		for _, prefix := range append(olds, []byte(gramPrefix)) {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
			for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
				if err := wb.Delete(it.Item().KeyCopy(nil)); err != nil {
					it.Close()
					return writeError(err)
				}
			}
			it.Close()
		}
		for _, seq := range []string{villages.seq, people.seq, meetings.seq, statements.seq, matters.seq, notices.seq, assignments.seq, amendments.seq} {
			if err := wb.Delete([]byte(seq)); err != nil {
				return writeError(err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return writeError(err)
	}
	s.log.Printf("INFO: %s: dropped the keys of the old IDs (%s)", s.dir, time.Since(began).Round(time.Millisecond))
	began = time.Now()
	defer func() {
		s.log.Printf("INFO: %s: rebuilt the search index (%s)", s.dir, time.Since(began).Round(time.Millisecond))
	}()
	if err := s.writeIndex(); err != nil {
		return fmt.Errorf("the search index: %w", err)
	}
	// The old keys are gone, but their tables stay until compactions reach them, and every
	// read steps over them (a township's listing took four times as long): compact them away.
	flat := time.Now()
	if err := whileTrimming(func() error { return s.db.Flatten(2) }); err != nil {
		// Only for speed: the compactions get there in time.
		s.log.Printf("WARNING: %s: tables not compacted after the migration: %v", s.dir, err)
		return nil
	}
	s.log.Printf("INFO: %s: compacted the tables (%s)", s.dir, time.Since(flat).Round(time.Millisecond))
	return nil
}

// legacyCount gathers the archive-wide numbers of the meetings of a file being rebased as it is
// read (import, collect), by their village's space, for the villages' Legacy.
type legacyCount map[uint32][]uint32

// meeting counts meeting m, before rb rebases it.
func (l legacyCount) meeting(rb *meeting.Rebase, m *meeting.Meeting) {
	sp := rb.Spaces[m.VillageID]
	l[sp] = append(l[sp], uint32(m.ID))
}

// of returns the Legacy of the village of space.
func (l legacyCount) of(space uint32) *meeting.Legacy {
	ls := l[space]
	slices.Sort(ls)
	return meeting.LegacyOf(slices.Compact(ls))
}
