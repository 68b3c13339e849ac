package storage

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"

	"yishi/meeting"
)

// Export returns the whole archive in the interchange form, read from one snapshot (Walk): every
// list in ID order, and empty lists as [] rather than null, so that its JSON is stable. It holds
// the whole archive: what reads a large one streams with Walk instead.
func (s *Store) Export() (*meeting.Archive, error) {
	a := &meeting.Archive{Format: meeting.ArchiveFormat, Version: meeting.ArchiveVersion,
		Villages: []meeting.Village{}, People: []meeting.Person{}, Meetings: []meeting.Meeting{},
		Statements: []meeting.Statement{}, Matters: []meeting.Matter{}, Notices: []meeting.Notice{},
		Assignments: []meeting.Assignment{}, Amendments: []meeting.Amendment{}}
	if err := s.Walk(0, a.Add); err != nil {
		return nil, err
	}
	return a, nil
}

// testHookImport, when a test sets it, runs before each record Import writes; an error from it
// stops the import there, as a failing disk would.
var testHookImport func(done int) error

// Import writes a whole archive into a store that holds no records (else ErrNotEmpty), keeping
// every ID as it is (an archive of an interchange version before meeting.ArchiveVersionSpaced
// is given its villages' spaces, in a itself): all of it, or nothing. It is ImportFrom of a's records, with progress
// called now and then with the number of records written so far and their total.
func (s *Store) Import(a *meeting.Archive, progress func(done, total int)) error {
	if a == nil {
		return errors.New("导入的档案是空的：请检查导入文件后重新导入")
	}
	total := records(a)
	var report func(done int)
	if progress != nil {
		step := max(1, total/100)
		report = func(done int) {
			if done%step == 0 || done == total {
				progress(done, total)
			}
		}
	}
	_, err := s.ImportFrom(a.Format, a.Version, a.EachRecord, report)
	return err
}

// Imported counts what an import wrote.
type Imported struct {
	Villages, People, Meetings, Statements, Matters, Notices, Assignments, Amendments int
}

// Records is the number of records imported.
func (n Imported) Records() int {
	return n.Villages + n.People + n.Meetings + n.Statements + n.Matters + n.Notices + n.Assignments + n.Amendments
}

// ImportFrom writes an archive of the given format and version into a store that holds no
// records (else ErrNotEmpty), keeping every ID as it is: all of it, or nothing. read hands on
// the archive's records, list by list in the format's order, as export.ReadArchiveFrom does,
// to the function it is given; progress, if not nil, is called with the number of records
// read so far after each one. Memory stays bounded whatever the archive's size: a record at a
// time, the buffer of a sorter, the tables being built, and the largest village for the check
// of its seals.
//
// Each record is validated as it comes (meeting.ArchiveCheck) and its keys, with those of its
// postings in the search index, go to a sorter (sorter.go), whose runs are files of their own
// beside the archive: nothing of the archive changes while the file is read, so a file refused
// for what it holds (or a kill meanwhile) leaves the archive as it was. Once the whole file has
// been read and checked, the sorted keys are written with Badger's StreamWriter, which builds
// the tables of the last level directly (importStream), where writing through transactions had
// the compactions hold some hundreds of megabytes on a township's archive. The seals are then
// checked on what was written: an archive with a sealed meeting or a posted notice whose seal
// does not hold was altered after it was exported, and is refused (a *SealsBrokenError). A
// record missing altogether is what yishi check and verify --archive report of an archive; it
// does not stop an import.
//
// While the keys are written the directory is marked twice, by the file importingName (synced
// before the first table) and by meta/importing among the keys (which an older release reads);
// both are removed last. If the program stops in between, the next Open finds a mark and drops
// everything; if anything fails, ImportFrom drops everything itself and returns an error
// (wrapping ErrIncompleteImport when a write failed).
//
// ImportFrom has the store to itself while it runs: progress must not call the Store.
func (s *Store) ImportFrom(format string, version int, read func(fn func(list string, r any) error) error, progress func(done int)) (Imported, error) {
	var n Imported
	check := meeting.NewArchiveCheck(format, version)
	if err := check.Err(); err != nil {
		return n, fmt.Errorf("导入文件有问题，没有导入任何内容：%w。请改正导入文件后重新导入", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(); err != nil {
		return n, err
	}
	defer s.changed.bumpAll() // whatever it leaves, readers read again
	var found bool
	if err := s.db.View(func(txn *badger.Txn) error {
		found = hasRecords(txn)
		return nil
	}); err != nil {
		return n, s.report(fail(msgRead, err))
	}
	if found {
		return n, ErrNotEmpty
	}
	if err := s.roomToWrite(); err != nil {
		return n, s.report(err)
	}
	srt, err := newSorter(s.dir, mergeImported)
	if err != nil {
		return n, s.report(fail(msgWrite, err))
	}
	defer srt.close()
	s.posted.reset()
	im := &importer{set: srt.add, room: s.roomToWrite, last: map[string]uint32{}}
	im.index = newBuilder(srt.add)
	var writing error // the error of a write, told apart from one of the file read
	// A file of an older version numbers its records archive-wide: they are given their
	// villages' spaces as they come (meeting.Rebase), and each village its Legacy once its
	// meetings are in (written again then: the later of two values of a key is kept).
	var rb *meeting.Rebase
	var spaced []*meeting.Village
	locals := legacyCount{}
	if version < meeting.ArchiveVersionSpaced {
		rb = &meeting.Rebase{}
	}
	err = read(func(list string, r any) error {
		if rb != nil {
			if m, ok := r.(*meeting.Meeting); ok {
				locals.meeting(rb, m)
			}
			if err := rb.Record(r); err != nil {
				check.Add(list, r) // a record of no village: the check names it
				return nil
			}
			if v, ok := r.(*meeting.Village); ok {
				c := *v
				spaced = append(spaced, &c)
			}
		}
		check.Add(list, r)
		if check.Failed() {
			return nil // nothing more is written; the file is read on for its other problems
		}
		if err := im.write(list, r); err != nil {
			writing = err
			return err
		}
		n.add(list)
		if progress != nil {
			progress(n.Records())
		}
		return nil
	})
	switch {
	case err != nil && writing == nil:
		// The file itself is at fault (a broken line, a value of the wrong kind): refused.
		return n, s.report(err)
	case err != nil:
		return n, s.report(fmt.Errorf("%w（%w）", ErrIncompleteImport, err))
	}
	if cerr := check.Err(); cerr != nil {
		return n, s.report(fmt.Errorf("导入文件有问题，没有导入任何内容：%w。请改正导入文件后重新导入", cerr))
	}
	for _, v := range spaced {
		v.Legacy = locals.of(v.ID.Space())
		if err = im.write(meeting.ListVillages, v); err != nil {
			break
		}
	}
	if err == nil {
		err = im.finish()
	}
	if err == nil {
		err = s.carryKeys(srt)
	}
	if err != nil {
		return n, s.report(fmt.Errorf("%w（%w）", ErrIncompleteImport, err))
	}
	// From here on the archive changes. The tables are written through shared mappings, and the
	// database opened again after the stream and the check of the seals read every table: their
	// pages, which would stay resident, are trimmed as they go (resident_linux.go), as a
	// restore's are.
	err = whileTrimming(func() error {
		if err := s.importStream(srt); err != nil {
			return err
		}
		return s.importedSeals()
	})
	if err != nil {
		if _, ok := errors.AsType[*SealsBrokenError](err); ok {
			return n, s.report(s.dropImport(err))
		}
	}
	if err == nil {
		if err = s.db.Update(func(txn *badger.Txn) error { return txn.Delete(importingKey) }); err != nil {
			err = fail(msgWrite, err)
		}
	}
	if err == nil {
		err = s.unmarkImport()
	}
	if err != nil {
		return n, s.report(s.abortImport(err))
	}
	s.log.Printf("INFO: %s: imported %d records (%d postings)", s.dir, n.Records(), im.index.keys)
	return n, nil
}

// mergeImported keeps one value of a key an import was given twice: a posting's documents are
// the union of both (the postings of a chunk written in two goes, when the records of a file
// are not in key order), anything else the later value (a village of an older version written
// again with its Legacy).
func mergeImported(k, a, b []byte) []byte {
	if !bytes.HasPrefix(k, []byte(gramPrefix)) || len(k) < 8 {
		return b
	}
	chunk := binary.BigEndian.Uint64(k[len(k)-8:])
	ea, err1 := decodePosting(nil, chunk, a)
	eb, err2 := decodePosting(nil, chunk, b)
	if err1 != nil || err2 != nil {
		return b
	}
	es := append(ea, eb...)
	slices.SortFunc(es, func(x, y entry) int { return cmp.Compare(x.id, y.id) })
	return encodePosting(chunk, slices.Compact(es))
}

// carryKeys adds to srt the keys the empty store already holds (its schema version, a setting),
// and the mark of an import under way: StreamWriter writes into an emptied database.
func (s *Store) carryKeys(srt *sorter) error {
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			if err := srt.add(item.Key(), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := srt.add(schemaKey, encodeSchema(SchemaVersion)); err != nil {
		return err
	}
	return srt.add(importingKey, []byte(streamedMark+time.Now().Format(time.RFC3339)))
}

// importingName is the file in a data directory that says an import is writing its keys (see
// ImportFrom). StreamWriter starts by emptying the database, the mark meta/importing too, so
// the mark of the directory itself is a file: synced before the first table is written, removed
// after the last key of the import is in.
const importingName = "IMPORTING"

// streamedMark starts the value of meta/importing an import of this release writes among its
// sorted keys. Its file importingName is there for as long as that key is (the key is deleted
// first, the file after): the key without the file means the change that deleted it was lost, a
// MANIFEST cut back, and the directory is damaged, not an import to drop (prepare).
const streamedMark = "stream "

// testHookStream, when a test sets it, runs before each batch importStream hands StreamWriter
// but the last; an error from it stops the import there, as a failing disk would.
var testHookStream func(batch int) error

// streamBatch is how many bytes of keys and values importStream hands StreamWriter at a time.
const streamBatch = 1 << 20

// importStream writes the sorted keys of srt into the store, emptied first, with a StreamWriter,
// the directory marked meanwhile (importingName). Its tables are built a base table's size
// each, as a restore builds them (load): at the last level's table size every table in flight
// holds twice that while it is built. The database is opened again with its own options after.
func (s *Store) importStream(srt *sorter) (err error) {
	if s.dir != "" {
		if err := markImport(s.dir); err != nil {
			return err
		}
		if err := s.db.Close(); err != nil {
			return fail(msgWrite, err)
		}
		opt := options(s.dir, logger{s.log}).WithEncryptionKey(s.master)
		opt.TableSizeMultiplier = 1
		if s.db, err = openDB(opt); err != nil {
			return s.reopen(fail(msgWrite, err))
		}
		defer func() {
			if cerr := s.db.Close(); cerr != nil && err == nil {
				err = fail(msgWrite, cerr)
			}
			err = s.reopen(err)
		}()
	}
	sw := s.db.NewStreamWriter()
	if err := sw.Prepare(); err != nil {
		sw.Cancel()
		return fail(msgWrite, err)
	}
	buf := z.NewBuffer(2*streamBatch, "yishi.import")
	defer func() { buf.Release() }()
	written := 0
	put := func() error {
		if buf.LenNoPadding() == 0 {
			return nil
		}
		if err := sw.Write(buf); err != nil {
			return err
		}
		buf.Reset()
		return nil
	}
	err = srt.each(func(k, v []byte) error {
		badger.KVToBuffer(&pb.KV{Key: k, Value: v, Version: 1}, buf)
		if buf.LenNoPadding() < streamBatch {
			return nil
		}
		if testHookStream != nil {
			if err := testHookStream(written); err != nil {
				return err
			}
		}
		if written++; written%64 == 0 {
			if err := s.roomToWrite(); err != nil {
				return err
			}
		}
		return put()
	})
	if err == nil {
		err = put()
	}
	if err != nil {
		sw.Cancel()
		return writeError(err)
	}
	if err := sw.Flush(); err != nil {
		return fail(msgWrite, err)
	}
	return nil
}

// reopen opens the database of the store again with its own options, after importStream had it
// opened otherwise and closed it; cause is what went wrong before, if anything.
func (s *Store) reopen(cause error) error {
	db, err := openDB(options(s.dir, logger{s.log}).WithEncryptionKey(s.master))
	if err != nil {
		s.closed = true // nothing to read or write through any more
		return errors.Join(cause, fail(msgWrite, err))
	}
	s.db = db
	return cause
}

// markImport writes the file importingName into dir, durably.
func markImport(dir string) error {
	f, err := os.OpenFile(filepath.Join(dir, importingName), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err == nil {
		_, err = f.WriteString(time.Now().Format(time.RFC3339) + "\n")
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fail(msgWrite, err)
	}
	syncDir(dir)
	return nil
}

// unmarkImport removes the file importingName, durably: the import is in.
func (s *Store) unmarkImport() error {
	if s.dir == "" {
		return nil
	}
	if err := os.Remove(filepath.Join(s.dir, importingName)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fail(msgWrite, err)
	}
	syncDir(s.dir)
	return nil
}

// importMarked reports whether dir has the file importingName: an import was cut off.
func importMarked(dir string) bool {
	if dir == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(dir, importingName))
	return err == nil
}

// dropSortDirs removes the directories of runs an import cut off left in dir.
func dropSortDirs(dir string, l *log.Logger) {
	if dir == "" {
		return
	}
	left, _ := filepath.Glob(filepath.Join(dir, sortDirPattern))
	for _, d := range left {
		if err := os.RemoveAll(d); err != nil {
			l.Printf("WARNING: %s: removing what an import cut off left (%s): %v", dir, filepath.Base(d), err)
		}
	}
}

// writable refuses a write to a store opened read-only or closed; the caller holds s.mu.
func (s *Store) writable() error {
	if s.readOnly {
		return ErrReadOnly
	}
	if s.closed {
		return errors.New(msgClosed)
	}
	return nil
}

// importedSeals checks the seals of what an import wrote, one village at a time.
func (s *Store) importedSeals() error {
	var c meeting.SealCheck
	err := s.db.View(func(txn *badger.Txn) error {
		return eachVillage(txn, func(a *meeting.Archive) error {
			c.Add(a)
			return nil
		})
	})
	if err != nil {
		return err
	}
	var broken []meeting.SealFault
	for _, f := range c.Report().Faults {
		if !f.Missing {
			broken = append(broken, f)
		}
	}
	if len(broken) > 0 {
		return &SealsBrokenError{Faults: broken}
	}
	return nil
}

func (n *Imported) add(list string) {
	switch list {
	case meeting.ListVillages:
		n.Villages++
	case meeting.ListPeople:
		n.People++
	case meeting.ListMeetings:
		n.Meetings++
	case meeting.ListStatements:
		n.Statements++
	case meeting.ListMatters:
		n.Matters++
	case meeting.ListNotices:
		n.Notices++
	case meeting.ListAssignments:
		n.Assignments++
	case meeting.ListAmendments:
		n.Amendments++
	}
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
	set  func(k, v []byte) error
	done int
	// room is asked every roomEvery records whether the disk still has room (Store.roomToWrite):
	// Badger must never write on a full disk.
	room  func() error
	last  map[string]uint32 // the largest local number of each counter (seqKey)
	index *builder          // the postings of the records, when set
}

// roomEvery is how many records an import writes between two looks at the free disk space.
const roomEvery = 500

// write writes record r of list with its index entry, and adds its text to the postings.
func (im *importer) write(list string, r any) error {
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
	var err error
	switch x := r.(type) {
	case *meeting.Village:
		// A village exported by an older release has its settings in the older model: they
		// come in as the current one, as a migrated data directory has them.
		v := *x
		v.Settings = meeting.UpgradeSettings(v.Settings, time.Now())
		err = importOne(im, villages, &v)
	case *meeting.Person:
		err = importOne(im, people, x)
	case *meeting.Meeting:
		err = importOne(im, meetings, x)
	case *meeting.Statement:
		err = importOne(im, statements, x)
	case *meeting.Matter:
		err = importOne(im, matters, x)
	case *meeting.Notice:
		err = importOne(im, notices, x)
	case *meeting.Assignment:
		err = importOne(im, assignments, x)
	case *meeting.Amendment:
		err = importOne(im, amendments, x)
	default:
		err = fmt.Errorf("archive list %q: a %T", list, r)
	}
	if err == nil && im.index != nil {
		if d, ok := docOf(r); ok {
			err = im.index.add(d.kind, d)
		}
	}
	im.done++
	return err
}

// importOne writes record r of t with its index entry.
func importOne[T any](im *importer, t *table[T], r *T) error {
	v, err := encode(r)
	if err != nil {
		return fmt.Errorf("%s %d：%w", t.name, *t.id(r), err)
	}
	if err := im.set(t.keyOf(r), v); err != nil {
		return writeError(err)
	}
	if t.index != "" {
		if err := im.set(t.indexKey(t.owner(r), *t.id(r)), nil); err != nil {
			return writeError(err)
		}
	}
	if t.owner != nil {
		id := *t.id(r)
		k := string(t.seqKey(id.Space()))
		im.last[k] = max(im.last[k], id.Local())
	}
	return nil
}

// finish sets the ID counters to the largest local number of each kind in each village, and
// writes the last postings.
func (im *importer) finish() error {
	for seq, last := range im.last {
		if err := im.set([]byte(seq), binary.BigEndian.AppendUint64(nil, uint64(last))); err != nil {
			return writeError(err)
		}
	}
	if im.index != nil {
		return writeError(im.index.flush())
	}
	return nil
}

// dropImport removes what an import refused for what its file holds has written, and returns
// cause, the refusal, as it is.
func (s *Store) dropImport(cause error) error {
	s.log.Printf("WARNING: %s: import refused (%v); dropping what it wrote", s.dir, cause)
	if err := s.clear(); err != nil {
		return fail("导入没有完成，写了一半的数据也没能清掉：请关闭 yishi 再重新打开（打开时会清掉它们），然后重新导入",
			errors.Join(cause, err))
	}
	return cause
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
