package storage

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// This file keeps the working state of a meeting being recorded, which the interchange format
// does not carry: the half-typed statement of each meeting (d/<meeting>) and the meeting to
// reopen at start (meta/current).

// PutDraft saves the half-typed statement of an existing meeting, replacing the one saved
// before, synced before it returns: a closed lid or a killed program loses nothing typed.
func (s *Store) PutDraft(d meeting.StatementDraft) error {
	return s.Update(func(tx *Tx) error { return tx.PutDraft(d) })
}

// Draft returns the half-typed statement saved for a meeting, and whether there is one.
func (s *Store) Draft(meetingID meeting.ID) (d meeting.StatementDraft, found bool, err error) {
	err = s.view(func(txn *badger.Txn) error {
		d, found, err = readDraft(txn, meetingID)
		return err
	})
	return d, found, err
}

// DeleteDraft removes the half-typed statement of a meeting, if there is one.
func (s *Store) DeleteDraft(meetingID meeting.ID) error {
	return s.Update(func(tx *Tx) error { return tx.DeleteDraft(meetingID) })
}

// SetCurrent records id as the meeting being recorded, to reopen at start; 0 clears it.
func (s *Store) SetCurrent(id meeting.ID) error {
	return s.Update(func(tx *Tx) error { return tx.SetCurrent(id) })
}

// Current returns the meeting being recorded, or 0 when there is none.
func (s *Store) Current() (id meeting.ID, err error) {
	err = s.view(func(txn *badger.Txn) error {
		id, err = readCurrent(txn)
		return err
	})
	return id, err
}

// PrevSeal returns the seal of the village's meeting sealed last (meeting.LastSealed: the latest
// SealedAt, then the larger ID), or "" when none is: the prev a meeting of the village is sealed
// with. To seal, read it through Tx.PrevSeal in the transaction that writes the sealed meeting.
func (s *Store) PrevSeal(villageID meeting.ID) (seal string, err error) {
	err = s.view(func(txn *badger.Txn) error {
		seal, err = prevSeal(txn, villageID)
		return err
	})
	return seal, err
}

// PutDraft saves the half-typed statement of an existing meeting, replacing the one saved before.
func (tx *Tx) PutDraft(d meeting.StatementDraft) error {
	if err := tx.notCopy(d.MeetingID.Space()); err != nil {
		return err
	}
	if err := tx.meetingExists(d.MeetingID); err != nil {
		return err
	}
	v, err := encode(&d)
	if err != nil {
		return err
	}
	return tx.set(draftKey(d.MeetingID), v)
}

// Draft reads the half-typed statement of a meeting inside the transaction, and whether there is one.
func (tx *Tx) Draft(meetingID meeting.ID) (meeting.StatementDraft, bool, error) {
	return readDraft(tx.txn, meetingID)
}

// DeleteDraft removes the half-typed statement of a meeting, if there is one: in the same
// transaction as the statement it became, so that the text is never lost nor kept twice.
func (tx *Tx) DeleteDraft(meetingID meeting.ID) error { return tx.delete(draftKey(meetingID)) }

// SetCurrent records id, an existing meeting, as the meeting being recorded; 0 clears it.
func (tx *Tx) SetCurrent(id meeting.ID) error {
	if err := tx.notCopy(id.Space()); err != nil {
		return err
	}
	if id == 0 {
		return tx.delete(currentKey)
	}
	if err := tx.meetingExists(id); err != nil {
		return err
	}
	v, err := encode(id)
	if err != nil {
		return err
	}
	return tx.set(currentKey, v)
}

// Current reads the meeting being recorded inside the transaction, or 0 when there is none.
func (tx *Tx) Current() (meeting.ID, error) { return readCurrent(tx.txn) }

// PrevSeal returns, inside the transaction, the seal a meeting of the village is sealed with
// (see Store.PrevSeal). Sealing reads it here, with the meeting and its statements, and writes
// the sealed meeting in the same transaction: two meetings sealed at once cannot both chain to
// the same predecessor, as one of the transactions conflicts and is run again.
func (tx *Tx) PrevSeal(villageID meeting.ID) (string, error) { return prevSeal(tx.txn, villageID) }

// meetingExists returns ErrNotFound, naming the meeting, unless meeting id exists.
func (tx *Tx) meetingExists(id meeting.ID) error {
	ok, err := exists(tx.txn, meetings.key(0, id))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s %d：%w", meetings.name, id, ErrNotFound)
	}
	return nil
}

// readDraft reads the draft statement of meeting id, and whether there is one.
func readDraft(txn *badger.Txn, id meeting.ID) (meeting.StatementDraft, bool, error) {
	var d meeting.StatementDraft
	found, err := readValue(txn, draftKey(id), &d)
	if err != nil {
		return d, false, fmt.Errorf("会议 %d 未保存的发言：%w", id, err)
	}
	return d, found, nil
}

// readCurrent reads meta/current: the meeting being recorded, or 0.
func readCurrent(txn *badger.Txn) (meeting.ID, error) {
	var id meeting.ID
	if _, err := readValue(txn, currentKey, &id); err != nil {
		return 0, fmt.Errorf("正在记录的会议：%w", err)
	}
	return id, nil
}

// readValue decodes the stored value of key into r, and reports whether there is one.
func readValue(txn *badger.Txn, key []byte, r any) (bool, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fail(msgRead, err)
	}
	var derr error
	if err := item.Value(func(v []byte) error { derr = decode(v, r); return nil }); err != nil {
		return false, fail(msgRead, err)
	}
	return derr == nil, derr
}

// prevSeal returns the seal of the village's meeting sealed last, or "".
func prevSeal(txn *badger.Txn, villageID meeting.ID) (string, error) {
	ms, err := list(txn, meetings, villageID)
	if err != nil {
		return "", err
	}
	if last, ok := meeting.LastSealed(ms); ok {
		return last.Seal, nil
	}
	return "", nil
}
