package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// maxAttempts is how many times Update runs a transaction that keeps conflicting with others.
// With the backoff below, the last attempt comes about a second after the first: writers racing
// for the same keys on a loaded machine (4 writers with the race detector on 2 busy cores lost
// with 8 attempts and a linear backoff) fall apart well before.
const maxAttempts = 20

// Tx is a write transaction: every change made through it is kept together, or none is. It is
// valid only inside the function given to Store.Update.
type Tx struct {
	txn *badger.Txn
	// allocated are the IDs this transaction set on new records; they are reset to zero when it
	// does not commit, so a retry allocates them afresh.
	allocated []*meeting.ID
	// cache holds the grams already posted for recent documents; posted are the grams this
	// transaction posted, added to cache once it commits (see index.go).
	cache  *postedCache
	posted map[docKey][]string
	// sealed are the meetings this transaction made final: their live postings are folded once
	// it commits.
	sealed []meeting.ID
	// spaces are the villages whose records the transaction wrote (changes.go).
	spaces []uint32
}

// Update runs fn in one write transaction and commits it, synced to disk. A change that touches
// several records at once (a vote that updates a meeting and moves a matter) is one Update.
//
// When the transaction conflicts with another, Update runs fn again on fresh data, a few times:
// fn must read what it needs through tx and may run more than once; it must not call the
// Store's own methods. New records written through tx get their IDs at once; if the
// transaction does not commit, those IDs are set back to zero.
func (s *Store) Update(fn func(tx *Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errors.New(msgClosed)
	}
	if s.readOnly {
		return ErrReadOnly
	}
	if err := s.roomToWrite(); err != nil {
		return s.report(err)
	}
	for attempt := 1; ; attempt++ {
		tx := &Tx{txn: s.db.NewTransaction(true), cache: &s.posted}
		err := fn(tx)
		if err == nil {
			if err = tx.txn.Commit(); err != nil && !errors.Is(err, badger.ErrConflict) {
				err = fail(msgWrite, err)
			}
		}
		tx.txn.Discard()
		if err == nil {
			s.changed.bump(tx.spaces)
			s.posted.add(tx.posted)
			for _, id := range tx.sealed {
				s.foldLive(id)
			}
			return nil
		}
		for _, id := range tx.allocated {
			*id = 0
		}
		if !errors.Is(err, badger.ErrConflict) {
			return s.report(err)
		}
		if attempt == maxAttempts {
			return s.report(fail(msgConflict, err))
		}
		// Back off a little, at random and longer each time (up to 64 ms), so that writers racing
		// for the same keys fall apart.
		time.Sleep(rand.N(time.Duration(1<<min(attempt, 6)) * time.Millisecond))
	}
}

// PutVillage writes a village: a new one (ID 0) gets the next ID, set in v.
func (tx *Tx) PutVillage(v *meeting.Village) error { return put(tx, villages, v) }

// PutPerson writes a person of an existing village: a new one (ID 0) gets the next ID, set in p.
func (tx *Tx) PutPerson(p *meeting.Person) error { return put(tx, people, p) }

// PutMeeting writes a meeting's header, attendance and agenda (not its statements): a new one
// (ID 0) gets the next ID, set in m. A meeting whose stored record is final is refused with
// meeting.ErrSealed; the write that makes a draft final (see meeting.SealWith) is the last one.
func (tx *Tx) PutMeeting(m *meeting.Meeting) error {
	if m.ID != 0 {
		if err := tx.editable(m.ID); err != nil {
			return err
		}
	}
	if err := put(tx, meetings, m); err != nil {
		return err
	}
	if m.Editable() != nil {
		tx.sealed = append(tx.sealed, m.ID)
	}
	return nil
}

// editable reads meeting id and tells whether its record may change: ErrNotFound when there is
// no such meeting, meeting.ErrSealed when its stored record is final.
func (tx *Tx) editable(id meeting.ID) error {
	m, err := tx.Meeting(id)
	if err != nil {
		return err
	}
	return m.Editable()
}

// AppendStatement writes a new statement (ID 0) of an existing meeting under a key of its own,
// and sets its ID. The meeting record is not touched. A final meeting takes no more statements
// (meeting.ErrSealed).
func (tx *Tx) AppendStatement(st *meeting.Statement) error {
	if st.ID != 0 {
		return fmt.Errorf("发言 %d 已经记下了，不能再追加一次：要修改它，请在发言列表里编辑", st.ID)
	}
	if err := tx.editable(st.MeetingID); err != nil {
		return err
	}
	return putOwned(tx, statements, st, true)
}

// PutStatement replaces an existing statement, found by its meeting and ID, of a meeting whose
// record is not final (else meeting.ErrSealed).
func (tx *Tx) PutStatement(st meeting.Statement) error {
	if st.ID == 0 {
		return fmt.Errorf("%s 0：%w", statements.name, ErrNotFound)
	}
	if err := tx.editable(st.MeetingID); err != nil {
		return err
	}
	return putOwned(tx, statements, &st, true)
}

// DeleteStatement removes statement id of meeting meetingID, a meeting whose record is not
// final (else meeting.ErrSealed).
func (tx *Tx) DeleteStatement(meetingID, id meeting.ID) error {
	if err := tx.notCopy(meetingID.Space()); err != nil {
		return err
	}
	if err := tx.editable(meetingID); err != nil {
		return err
	}
	k := statements.key(meetingID, id)
	ok, err := exists(tx.txn, k)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s %d：%w", statements.name, id, ErrNotFound)
	}
	return tx.delete(k)
}

// PutMatter writes a matter: a new one (ID 0) gets the next ID, set in m.
func (tx *Tx) PutMatter(m *meeting.Matter) error { return put(tx, matters, m) }

// PutNotice writes a notice: a new one (ID 0) gets the next ID, set in n.
// A posted notice keeps what it states (meeting.NoticeChange).
func (tx *Tx) PutNotice(n *meeting.Notice) error {
	if n.ID != 0 {
		old, err := get(tx.txn, notices, 0, n.ID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if err == nil {
			if err := meeting.NoticeChange(old, *n); err != nil {
				return err
			}
		}
	}
	return put(tx, notices, n)
}

// PutAssignment writes an assignment: a new one (ID 0) gets the next ID, set in a.
func (tx *Tx) PutAssignment(a *meeting.Assignment) error { return put(tx, assignments, a) }

// PutAmendment writes an amendment of an existing meeting whose record is final: a new one
// (ID 0) gets the next ID, set in a. A draft record is edited, not amended
// (meeting.ErrNotSealed).
func (tx *Tx) PutAmendment(a *meeting.Amendment) error {
	m, err := tx.Meeting(a.MeetingID)
	if err != nil {
		return err
	}
	if err := m.Amendable(); err != nil {
		return err
	}
	return put(tx, amendments, a)
}

// Village reads a village inside the transaction.
func (tx *Tx) Village(id meeting.ID) (meeting.Village, error) { return get(tx.txn, villages, 0, id) }

// Person reads a person inside the transaction.
func (tx *Tx) Person(id meeting.ID) (meeting.Person, error) { return get(tx.txn, people, 0, id) }

// Meeting reads a meeting inside the transaction.
func (tx *Tx) Meeting(id meeting.ID) (meeting.Meeting, error) { return get(tx.txn, meetings, 0, id) }

// Statements reads the statements of a meeting inside the transaction, in ID order.
func (tx *Tx) Statements(meetingID meeting.ID) ([]meeting.Statement, error) {
	return list(tx.txn, statements, meetingID)
}

// Matter reads a matter inside the transaction.
func (tx *Tx) Matter(id meeting.ID) (meeting.Matter, error) { return get(tx.txn, matters, 0, id) }

// Notice reads a notice inside the transaction.
func (tx *Tx) Notice(id meeting.ID) (meeting.Notice, error) { return get(tx.txn, notices, 0, id) }

// Assignment reads an assignment inside the transaction.
func (tx *Tx) Assignment(id meeting.ID) (meeting.Assignment, error) {
	return get(tx.txn, assignments, 0, id)
}

// put writes r, a record of t. A new record (ID 0) gets the next ID of its kind, set in r; an
// existing one is replaced, and its index entry moves if it changed village. The record's
// village or meeting must exist.
func put[T any](tx *Tx, t *table[T], r *T) error { return putOwned(tx, t, r, false) }

// putOwned is put for a caller that has just read the record's owner in this transaction (a
// statement's meeting, read to see that it is not sealed): the owner's key is not read again.
func putOwned[T any](tx *Tx, t *table[T], r *T, ownerRead bool) error {
	var owner meeting.ID
	if t.owner != nil {
		owner = t.owner(r)
	}
	if t.owner != nil && !ownerRead {
		name, prefix := t.ownerTable()
		ok, err := exists(tx.txn, appendIDs([]byte(prefix), owner))
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%s %d：%w", name, owner, ErrNotFound)
		}
	}
	id := t.id(r)
	space := id.Space()
	if *id == 0 {
		space = owner.Space()
	}
	if err := tx.notCopy(space); err != nil {
		return err
	}
	if *id != 0 && t.owner != nil && id.Space() != owner.Space() {
		// A record stays in the space of the village it was made in (see meeting.ID).
		return fmt.Errorf("%s %d 是别的村的记录，不能改到这里：请在这个村新建一条", t.name, *id)
	}
	switch {
	case *id == 0:
		n, err := next(tx, t, owner)
		if err != nil {
			return err
		}
		*id = n
		tx.allocated = append(tx.allocated, id)
	case t.index != "":
		old, err := get(tx.txn, t, owner, *id)
		if err != nil {
			return err
		}
		if was := t.owner(&old); was != owner {
			if err := tx.delete(t.indexKey(was, *id)); err != nil {
				return err
			}
		}
	default:
		ok, err := exists(tx.txn, t.key(owner, *id))
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%s %d：%w", t.name, *id, ErrNotFound)
		}
	}
	v, err := encode(r)
	if err != nil {
		return err
	}
	if err := tx.set(t.key(owner, *id), v); err != nil {
		return err
	}
	if err := tx.post(r); err != nil {
		return err
	}
	if t.index != "" {
		return tx.set(t.indexKey(owner, *id), nil)
	}
	return nil
}

// notCopy refuses a write to the village of space when the archive holds only a copy of it
// (collect.go): its records are made at the village, and come here in its bundles.
func (tx *Tx) notCopy(space uint32) error {
	if space == 0 {
		return nil
	}
	copied, err := exists(tx.txn, copyKey(space))
	if err != nil {
		return err
	}
	if copied {
		return ErrCopy
	}
	return nil
}

// next allocates the ID of a new record of t belonging to owner, within the transaction: a new
// village is given a space no village of the archive has (and local number 1); any other record
// the next local number of its kind in its village's space, without gaps. Two transactions
// allocating at once conflict, so one of them is retried.
func next[T any](tx *Tx, t *table[T], owner meeting.ID) (meeting.ID, error) {
	if t.owner == nil {
		space := meeting.NewSpace(func(s uint32) bool {
			return hasPrefix(tx.txn, string(binary.BigEndian.AppendUint32([]byte(t.prefix), s)))
		})
		return meeting.InSpace(space, 1), nil
	}
	if owner.Space() == 0 {
		return 0, fmt.Errorf("%s：所属记录的编号 %d 没有村的编号空间", t.name, uint64(owner))
	}
	k := t.seqKey(owner.Space())
	var n uint64
	item, err := tx.txn.Get(k)
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
	case err != nil:
		return 0, fail(msgRead, err)
	default:
		v, err := item.ValueCopy(nil)
		if err != nil {
			return 0, fail(msgRead, err)
		}
		if len(v) != 8 {
			return 0, fail(msgCorrupt, fmt.Errorf("%s holds %d bytes", k, len(v)))
		}
		n = binary.BigEndian.Uint64(v)
	}
	n++
	if n > math.MaxUint32 {
		return 0, fail(msgCorrupt, fmt.Errorf("%s: the village's numbers are used up", k))
	}
	return owner.Sibling(uint32(n)), tx.set(k, binary.BigEndian.AppendUint64(nil, n))
}

func (tx *Tx) set(k, v []byte) error {
	tx.wrote(k)
	return writeError(tx.txn.Set(k, v))
}

func (tx *Tx) delete(k []byte) error {
	tx.wrote(k)
	return writeError(tx.txn.Delete(k))
}

// writeError tells what went wrong when Badger refused a write to a transaction.
func writeError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, badger.ErrTxnTooBig):
		return fail(msgTooBig, err)
	}
	return fail(msgWrite, err)
}

// get reads record id of t; owner is the meeting of a nested record, and ignored otherwise.
func get[T any](txn *badger.Txn, t *table[T], owner, id meeting.ID) (T, error) {
	var r T
	item, err := txn.Get(t.key(owner, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return r, fmt.Errorf("%s %d：%w", t.name, id, ErrNotFound)
	}
	if err != nil {
		return r, fail(msgRead, err)
	}
	return r, value(item, t, &r)
}

// value decodes item, a record of t, into r.
func value[T any](item *badger.Item, t *table[T], r *T) error {
	readRecord()
	var derr error
	if err := item.Value(func(v []byte) error { derr = decode(v, r); return nil }); err != nil {
		return fail(msgRead, err)
	}
	if derr != nil {
		return fmt.Errorf("%s %d：%w", t.name, lastID(item.Key()), derr)
	}
	return nil
}

// list returns the records of t belonging to owner (a village, or a meeting for nested kinds;
// every record for villages), in ID order (see eachOwned).
func list[T any](txn *badger.Txn, t *table[T], owner meeting.ID) ([]T, error) {
	out := make([]T, 0)
	err := eachOwned(txn, t, owner, func(r *T) error {
		out = append(out, *r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachOwned calls fn with each record of t belonging to owner, in ID order, and stops at the
// first error; fn's record is its own. Indexed kinds are found by a key-only scan of their
// index, then read with one iterator over the records in ID order: a village's records are
// mostly neighbours, so it steps from one to the next and seeks only past other villages',
// which costs less than a lookup through every level for each record. Only the IDs are held,
// never the records, so a caller that streams keeps the memory of one record.
func eachOwned[T any](txn *badger.Txn, t *table[T], owner meeting.ID, fn func(*T) error) error {
	if t.index == "" {
		prefix := []byte(t.prefix)
		if t.nested {
			prefix = appendIDs(prefix, owner)
		}
		return eachRecord(txn, t, prefix, fn)
	}
	ids := keyIDs(txn, appendIDs([]byte(t.index), owner))
	if len(ids) == 0 {
		return nil
	}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(t.prefix), PrefetchValues: false})
	defer it.Close()
	for i, id := range ids {
		k := t.key(owner, id)
		if i == 0 || !it.Valid() || !bytes.Equal(it.Item().Key(), k) {
			it.Seek(k)
		}
		if !it.Valid() || !bytes.Equal(it.Item().Key(), k) {
			return fmt.Errorf("%s %d：%w", t.name, id, ErrNotFound)
		}
		var r T
		if err := value(it.Item(), t, &r); err != nil {
			return err
		}
		if err := fn(&r); err != nil {
			return err
		}
		it.Next()
	}
	return nil
}

// keyIDs returns the IDs the keys starting with prefix end with, in key order, by a key-only
// scan (an index's entries, or the records of a kind). Its iterator is closed when it returns:
// a read-write transaction takes one iterator at a time.
func keyIDs(txn *badger.Txn, prefix []byte) []meeting.ID {
	var ids []meeting.ID
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
	defer it.Close()
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		ids = append(ids, lastID(it.Item().Key()))
	}
	return ids
}

// scan returns the records of t whose keys start with prefix, in key order.
func scan[T any](txn *badger.Txn, t *table[T], prefix []byte) ([]T, error) {
	out := make([]T, 0)
	opts := badger.DefaultIteratorOptions
	opts.Prefix = prefix
	it := txn.NewIterator(opts)
	defer it.Close()
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		var r T
		if err := value(it.Item(), t, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
