package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// Export returns the whole archive in the interchange form, read from one snapshot: every list
// in ID order, and empty lists as [] rather than null, so that its JSON is stable.
func (s *Store) Export() (*meeting.Archive, error) {
	a := &meeting.Archive{Format: meeting.ArchiveFormat, Version: meeting.ArchiveVersion}
	err := s.view(func(txn *badger.Txn) error {
		var err error
		if a.Villages, err = all(txn, villages); err != nil {
			return err
		}
		if a.People, err = all(txn, people); err != nil {
			return err
		}
		if a.Meetings, err = all(txn, meetings); err != nil {
			return err
		}
		if a.Statements, err = all(txn, statements); err != nil {
			return err
		}
		if a.Matters, err = all(txn, matters); err != nil {
			return err
		}
		if a.Notices, err = all(txn, notices); err != nil {
			return err
		}
		if a.Assignments, err = all(txn, assignments); err != nil {
			return err
		}
		a.Amendments, err = all(txn, amendments)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// all returns every record of t in ID order.
func all[T any](txn *badger.Txn, t *table[T]) ([]T, error) {
	rs, err := scan(txn, t, []byte(t.prefix))
	if err != nil {
		return nil, err
	}
	if t.nested {
		// Keys put nested records in meeting order first; the archive wants ID order.
		slices.SortFunc(rs, byID(t))
	}
	return rs, nil
}

// testHookImport, when a test sets it, runs before each record Import writes; an error from it
// stops the import there, as a failing disk would.
var testHookImport func(done int) error

// Import writes a whole archive into a store that holds no records (else ErrNotEmpty), keeping
// every ID as it is: all of it, or nothing. The archive is validated first. progress, if not
// nil, is called now and then with the number of records written so far and the total.
//
// An archive can be larger than one Badger transaction, so Import marks the directory
// (meta/importing) in a synced transaction, writes the records in batches, and removes the mark
// last. If the program stops in between, the next Open finds the mark and drops everything; if
// a write fails, Import drops everything itself and returns an error wrapping
// ErrIncompleteImport.
//
// Import has the store to itself while it runs: progress must not call the Store.
func (s *Store) Import(a *meeting.Archive, progress func(done, total int)) error {
	if a == nil {
		return errors.New("导入的档案是空的：请检查导入文件后重新导入")
	}
	if err := a.Validate(); err != nil {
		return fmt.Errorf("导入文件有问题，什么也没有写入：%w。请改正导入文件后重新导入", err)
	}
	// An archive exported by an older release has its villages' settings in the older model:
	// they come in as the current one, as a migrated data directory has them.
	up := *a
	up.Villages = slices.Clone(a.Villages)
	for i := range up.Villages {
		up.Villages[i].Settings = meeting.UpgradeSettings(up.Villages[i].Settings, time.Now())
	}
	a = &up
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.readOnly {
		return ErrReadOnly
	}
	if s.closed {
		return errors.New(msgClosed)
	}
	var found bool
	if err := s.db.View(func(txn *badger.Txn) error {
		found = hasRecords(txn)
		return nil
	}); err != nil {
		return s.report(fail(msgRead, err))
	}
	if found {
		return ErrNotEmpty
	}
	// A sealed record cannot be changed on the way through a file either: an archive with a
	// sealed meeting or posted notice whose seal does not hold was altered after it was
	// exported, and is not taken in. A record missing altogether is what yishi check and
	// verify --archive report of an archive; it does not stop an import.
	var broken []meeting.SealFault
	for _, f := range meeting.CheckSeals(a).Faults {
		if !f.Missing {
			broken = append(broken, f)
		}
	}
	if len(broken) > 0 {
		return &SealsBrokenError{Faults: broken}
	}
	if err := s.roomToWrite(); err != nil {
		return s.report(err)
	}

	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(importingKey, []byte(time.Now().Format(time.RFC3339)))
	}); err != nil {
		return s.report(fail(msgWrite, err))
	}
	s.posted.reset()
	total := records(a)
	im := &importer{total: total, step: max(1, total/100), progress: progress, room: s.roomToWrite}
	err := s.writeArchive(im, a)
	if err == nil {
		if err = s.db.Update(func(txn *badger.Txn) error { return txn.Delete(importingKey) }); err != nil {
			err = fail(msgWrite, err)
		}
	}
	if err != nil {
		return s.report(s.abortImport(err))
	}
	if progress != nil {
		progress(im.total, im.total)
	}
	s.log.Printf("INFO: %s: imported %d records", s.dir, im.total)
	return nil
}

// records returns the number of records of a.
func records(a *meeting.Archive) int {
	return len(a.Villages) + len(a.People) + len(a.Meetings) + len(a.Statements) +
		len(a.Matters) + len(a.Notices) + len(a.Assignments) + len(a.Amendments)
}

// hasRecords reports whether the store holds any record at all.
func hasRecords(txn *badger.Txn) bool {
	return slices.ContainsFunc(recordPrefixes, func(p string) bool { return hasPrefix(txn, p) })
}

// importer writes the records of an archive through a WriteBatch, which commits them in
// transactions of the largest size Badger takes.
type importer struct {
	wb          *badger.WriteBatch
	done, total int
	step        int // progress is called every step records
	progress    func(done, total int)
	// room is asked every roomEvery records whether the disk still has room (Store.roomToWrite):
	// a WriteBatch commits about that much at a time, and Badger must never write on a full disk.
	room func() error
}

// roomEvery is how many records an import writes between two looks at the free disk space.
const roomEvery = 500

// writeArchive writes every record of a and sets the ID counters to the largest ID of each kind.
func (s *Store) writeArchive(im *importer, a *meeting.Archive) error {
	im.wb = s.db.NewWriteBatch()
	if im.progress != nil {
		im.progress(0, im.total)
	}
	err := importAll(im, villages, a.Villages)
	if err == nil {
		err = importAll(im, people, a.People)
	}
	if err == nil {
		err = importAll(im, meetings, a.Meetings)
	}
	if err == nil {
		err = importAll(im, statements, a.Statements)
	}
	if err == nil {
		err = importAll(im, matters, a.Matters)
	}
	if err == nil {
		err = importAll(im, notices, a.Notices)
	}
	if err == nil {
		err = importAll(im, assignments, a.Assignments)
	}
	if err == nil {
		err = importAll(im, amendments, a.Amendments)
	}
	if err == nil {
		err = indexArchive(newBuilder(func(k, v []byte) error { return writeError(im.wb.Set(k, v)) }), a)
	}
	if err != nil {
		im.wb.Cancel()
		return err
	}
	return writeError(im.wb.Flush())
}

// importAll writes the records rs of t with their index entries, and the counter of t.
func importAll[T any](im *importer, t *table[T], rs []T) error {
	var last meeting.ID
	for i := range rs {
		if testHookImport != nil {
			if err := testHookImport(im.done); err != nil {
				return err
			}
		}
		if im.done%roomEvery == 0 && im.done > 0 && im.room != nil {
			if err := im.room(); err != nil {
				return err
			}
		}
		r := &rs[i]
		v, err := encode(r)
		if err != nil {
			return fmt.Errorf("%s %d：%w", t.name, *t.id(r), err)
		}
		if err := im.wb.Set(t.keyOf(r), v); err != nil {
			return writeError(err)
		}
		if t.index != "" {
			if err := im.wb.Set(t.indexKey(t.owner(r), *t.id(r)), nil); err != nil {
				return writeError(err)
			}
		}
		last = max(last, *t.id(r))
		im.done++
		if im.progress != nil && im.done%im.step == 0 && im.done < im.total {
			im.progress(im.done, im.total)
		}
	}
	if last == 0 {
		return nil
	}
	return writeError(im.wb.Set([]byte(t.seq), binary.BigEndian.AppendUint64(nil, uint64(last))))
}

// abortImport removes what an import that failed with cause has written, and says so.
func (s *Store) abortImport(cause error) error {
	s.log.Printf("WARNING: %s: import stopped (%v); dropping what it wrote", s.dir, cause)
	if err := s.clear(); err != nil {
		// The mark stays if the drop failed: the next Open clears the directory.
		return fail("导入没有完成，写了一半的数据也没能清掉：请关闭 yishi 再重新打开（打开时会清掉它们），然后重新导入",
			errors.Join(cause, err))
	}
	return fmt.Errorf("%w（%w）", ErrIncompleteImport, cause)
}

// SealsBrokenError refuses an archive to import whose seals do not hold (meeting.CheckSeals):
// a sealed meeting or a posted notice in it was changed or removed after it was sealed.
type SealsBrokenError struct{ Faults []meeting.SealFault }

func (e *SealsBrokenError) Error() string {
	const most = 3
	var b strings.Builder
	b.WriteString("导入文件里的封存记录被改动过，什么也没有写入：")
	for i, f := range e.Faults[:min(len(e.Faults), most)] {
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(f.Text)
	}
	if len(e.Faults) > most {
		fmt.Fprintf(&b, "；另有 %d 处", len(e.Faults)-most)
	}
	b.WriteString("。请改用原始的导出文件或备份")
	return b.String()
}
