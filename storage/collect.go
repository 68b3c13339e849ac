package storage

// Collecting: the records of an interchange file (one village's bundle, or several villages)
// brought into an archive that may hold records already (Store.Collect). A village the archive
// does not hold is added, marked as a copy (copy/<space>: its owner is the village); a village
// it holds is brought up to date. Records keep their IDs: villages' spaces keep them apart.
//
// All or nothing over many transactions. Before the first write, meta/collecting marks the
// directory; every key written is preceded, in the same WriteBatch (whose transactions reach the
// log in order), by an undo entry holding what the key held before:
//
//	meta/collecting              present while a collecting import is under way
//	undo/<n>                     8-byte big-endian n: 1 byte (0 the key was absent, 1 it held
//	                             the value that follows), uvarint key length, key, old value
//	copy/<space>                 the village of space (4 bytes big-endian) is a copy (CopyMark)
//
// A refusal (a conflict, a broken seal, a bad file) or a failed write puts the old values back
// from the undo entries; so does the next Open when the program stopped in between. Removing
// meta/collecting is the commit; undo entries left after it are dropped.

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

var collectingKey = []byte("meta/collecting")

const (
	undoPrefix = "undo/"
	copyPrefix = "copy/"
)

// copyKey returns the key marking the village of space as a copy.
func copyKey(space uint32) []byte { return binary.BigEndian.AppendUint32([]byte(copyPrefix), space) }

// CopyMark is what the archive keeps of a village collected from elsewhere: it holds a copy,
// read here, recorded there.
type CopyMark struct {
	File string    `json:"file,omitempty"` // the file it came from, as named on the command line
	At   time.Time `json:"at"`             // when it was first collected
}

// CollectOptions say how Collect takes a file.
type CollectOptions struct {
	// File names the file, for the copy marks.
	File string
	// Owner adds the villages the archive does not hold as its own, not as copies (a village
	// moving to a new machine).
	Owner bool
}

// Collected counts what Collect did.
type Collected struct {
	Added, Updated, Unchanged Imported
	// NewVillages and UpdatedVillages name the villages added and those brought up to date;
	// Namesakes the villages added whose name and township a village of the archive has too
	// (another archive's record of the same village, or two villages of one name).
	NewVillages, UpdatedVillages, Namesakes []string
}

// Changed reports whether Collect wrote anything.
func (c Collected) Changed() bool { return c.Added.Records()+c.Updated.Records() > 0 }

// ConflictError refuses a file whose records disagree with the archive's where they may not: a
// sealed meeting or a statement of one, a posted notice, a matter's past, or a village's space
// taken by another village. Nothing is written.
type ConflictError struct{ Records []string }

func (e *ConflictError) Error() string {
	const most = 5
	var b strings.Builder
	b.WriteString("导入文件与档案里已有的记录不一致，什么也没有写入：")
	for i, r := range e.Records[:min(len(e.Records), most)] {
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(r)
	}
	if len(e.Records) > most {
		fmt.Fprintf(&b, "；另有 %d 处", len(e.Records)-most)
	}
	b.WriteString("。请用这个村最新的导出文件，或请村里核对这些记录")
	return b.String()
}

// testHookCollect, when a test sets it, runs before each record Collect writes; an error from it
// stops Collect there, as a failing disk would.
var testHookCollect func(done int) error

// stopAfterWrites, when a test sets it, makes a Collect stopped by testHookCollect leave what it
// wrote and its mark on disk, as a power cut would: the next Open puts it back.
var stopAfterWrites bool

// Collect brings the records of an interchange file into the store, which may hold records
// (see the top of this file). read hands on the file's records, as ReadArchiveFrom does;
// progress, if not nil, is called with the number of records read so far.
//
// A record the archive does not hold is added. One it holds the same is left. One it holds
// otherwise replaces it, except where the archive's may not change: a sealed meeting and its
// statements, a posted notice with its seal, and a matter's history, which the file's must
// extend; those, and a village in a space another village holds, are conflicts, refused with the
// records named (a *ConflictError). The villages touched must then validate and their seals
// hold (else a *SealsBrokenError). Memory stays that of one record and of the largest village
// touched, for its checks.
func (s *Store) Collect(format string, version int, read func(fn func(list string, r any) error) error, progress func(done int), opt CollectOptions) (Collected, error) {
	var out Collected
	check := meeting.NewArchiveCheck(format, version)
	if err := check.Err(); err != nil {
		return out, fmt.Errorf("导入文件有问题，没有导入任何内容：%w。请改正导入文件后重新导入", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(); err != nil {
		return out, err
	}
	defer s.changed.bumpAll() // whatever it leaves, readers read again
	if err := s.roomToWrite(); err != nil {
		return out, s.report(err)
	}
	// Undo entries of an import that finished, if dropping them failed then, must not be put
	// back with this one's.
	var left bool
	_ = s.db.View(func(txn *badger.Txn) error { left = hasPrefix(txn, undoPrefix); return nil })
	if left {
		s.dropUndo()
		_ = s.db.View(func(txn *badger.Txn) error { left = hasPrefix(txn, undoPrefix); return nil })
		if left {
			return out, s.report(fail(msgWrite, errors.New("undo entries of an earlier import could not be dropped")))
		}
	}
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(collectingKey, []byte(time.Now().Format(time.RFC3339)))
	}); err != nil {
		return out, s.report(fail(msgWrite, err))
	}
	held := s.db.NewTransaction(false) // the archive as it was, to compare with
	defer held.Discard()
	c := &collector{s: s, held: held, wb: s.db.NewWriteBatch(), out: &out, opt: opt,
		counters: map[string]uint32{}, touched: map[meeting.ID]bool{}, sealed: map[meeting.ID]bool{}}
	var rb *meeting.Rebase
	if version < meeting.ArchiveVersionSpaced {
		rb = &meeting.Rebase{Draw: func(taken func(uint32) bool) uint32 {
			return meeting.NewSpace(func(sp uint32) bool {
				return taken(sp) || hasPrefix(held, string(binary.BigEndian.AppendUint32([]byte(villages.prefix), sp)))
			})
		}}
	}
	var writing error
	n := 0
	locals := legacyCount{}
	// The held records compared are read through shared mappings of the tables, whose pages
	// would stay resident: trimmed as they go (resident_linux.go), here and in the checks after.
	err := whileTrimming(func() error {
		return read(func(list string, r any) error {
			n++
			if progress != nil {
				progress(n)
			}
			if rb != nil {
				c.rebased = true
				if m, ok := r.(*meeting.Meeting); ok {
					locals.meeting(rb, m)
				}
				if err := rb.Record(r); err != nil {
					check.Add(list, r)
					return nil
				}
			}
			check.Add(list, r)
			if check.Failed() {
				return nil
			}
			if err := c.take(list, r); err != nil {
				writing = err
				return err
			}
			return nil
		})
	})
	switch {
	case err != nil && writing == nil:
		err = c.refuse(err)
	case err == nil && check.Err() != nil:
		err = c.refuse(fmt.Errorf("导入文件有问题，没有导入任何内容：%w。请改正导入文件后重新导入", check.Err()))
	case err == nil && len(c.conflicts) > 0:
		err = c.refuse(&ConflictError{Records: c.conflicts})
	case err == nil:
		// A file numbered archive-wide: its villages learn their Legacy now their meetings are in.
		for _, v := range c.spacedVillages {
			v.Legacy = locals.of(v.ID.Space())
			b, eerr := encode(v)
			if err = eerr; err == nil {
				err = c.set(villages.keyOf(v), b, nil, false)
			}
			if err != nil {
				break
			}
		}
		if err == nil {
			err = c.finish()
		}
		if err == nil {
			err = whileTrimming(func() error { return s.collectedSeals(c.villagesTouched()) })
			if _, ok := errors.AsType[*SealsBrokenError](err); ok {
				err = c.refuse(err)
				break
			}
		}
		if err == nil {
			err = whileTrimming(func() error {
				for _, id := range c.villagesTouched() {
					if err := s.indexSpace(id.Space()); err != nil {
						return err
					}
				}
				return nil
			})
		}
		if err == nil {
			if err = s.db.Update(func(txn *badger.Txn) error { return txn.Delete(collectingKey) }); err != nil {
				err = fail(msgWrite, err)
			}
		}
		if err != nil {
			c.wb.Cancel()
			if uerr := s.undoCollect(); uerr != nil {
				return Collected{}, s.report(fail("导入没有完成，写了一半的数据也没能退回：请关闭 yishi 再重新打开（打开时会退回），档案会回到导入之前的样子", errors.Join(err, uerr)))
			}
			return Collected{}, s.report(fmt.Errorf("%w（%w）", ErrIncompleteImport, err))
		}
		s.dropUndo()
		s.posted.reset()
		s.log.Printf("INFO: %s: collected %d records (%d added, %d updated)", s.dir, n, out.Added.Records(), out.Updated.Records())
		return out, nil
	case stopAfterWrites:
		_ = c.wb.Flush()
		return Collected{}, err
	default:
		err = c.refuse(err) // a write failed
		if writing != nil {
			err = fmt.Errorf("%w（%w）", ErrIncompleteImport, writing)
		}
	}
	return Collected{}, s.report(err)
}

// collector is Collect under way.
type collector struct {
	s         *Store
	held      *badger.Txn
	wb        *badger.WriteBatch
	out       *Collected
	opt       CollectOptions
	undo      uint64
	conflicts []string
	// counters are the largest local numbers written, by counter key (seqKey).
	counters map[string]uint32
	// touched are the villages written to; sealed caches whether a held meeting is final.
	touched map[meeting.ID]bool
	sealed  map[meeting.ID]bool
	names   map[uint32]string // the villages' names by space, for messages
	done    int
	// rebased is set for a file numbered archive-wide; spacedVillages are its villages, added.
	rebased        bool
	spacedVillages []*meeting.Village
}

// refuse undoes what was written and returns cause.
func (c *collector) refuse(cause error) error {
	c.wb.Cancel()
	c.s.log.Printf("WARNING: %s: collecting import refused (%v); putting back what it wrote", c.s.dir, cause)
	if err := c.s.undoCollect(); err != nil {
		return fail("导入没有完成，写了一半的数据也没能退回：请关闭 yishi 再重新打开（打开时会退回），档案会回到导入之前的样子", errors.Join(cause, err))
	}
	return cause
}

// conflict notes a record that may not change.
func (c *collector) conflict(format string, a ...any) {
	c.conflicts = append(c.conflicts, fmt.Sprintf(format, a...))
}

// set writes v under k, after the undo entry of what k held (old, or nothing when absent).
func (c *collector) set(k, v, old []byte, had bool) error {
	u := make([]byte, 0, 1+binary.MaxVarintLen64+len(k)+len(old))
	if had {
		u = append(u, 1)
	} else {
		u = append(u, 0)
	}
	u = binary.AppendUvarint(u, uint64(len(k)))
	u = append(u, k...)
	u = append(u, old...)
	c.undo++
	if err := c.wb.Set(binary.BigEndian.AppendUint64([]byte(undoPrefix), c.undo), u); err != nil {
		return writeError(err)
	}
	return writeError(c.wb.Set(k, v))
}

// heldValue returns the value of k in the archive as it was, and whether there was one.
func (c *collector) heldValue(k []byte) ([]byte, bool, error) {
	item, err := c.held.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fail(msgRead, err)
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return nil, false, fail(msgRead, err)
	}
	return v, true, nil
}

// take compares record r of list with the archive's and writes it if it is new or may change.
func (c *collector) take(list string, r any) error {
	if testHookCollect != nil {
		if err := testHookCollect(c.done); err != nil {
			return err
		}
	}
	if c.done%roomEvery == 0 && c.done > 0 {
		if err := c.s.roomToWrite(); err != nil {
			return err
		}
	}
	c.done++
	switch x := r.(type) {
	case *meeting.Village:
		v := *x
		v.Settings = meeting.UpgradeSettings(v.Settings, time.Now())
		if c.names == nil {
			c.names = map[uint32]string{}
		}
		c.names[v.ID.Space()] = v.Name
		if c.rebased {
			c.spacedVillages = append(c.spacedVillages, &v)
		}
		return collectOne(c, villages, &v, list)
	case *meeting.Person:
		return collectOne(c, people, x, list)
	case *meeting.Meeting:
		return collectOne(c, meetings, x, list)
	case *meeting.Statement:
		return collectOne(c, statements, x, list)
	case *meeting.Matter:
		return collectOne(c, matters, x, list)
	case *meeting.Notice:
		return collectOne(c, notices, x, list)
	case *meeting.Assignment:
		return collectOne(c, assignments, x, list)
	case *meeting.Amendment:
		return collectOne(c, amendments, x, list)
	}
	return fmt.Errorf("archive list %q: a %T", list, r)
}

// collectOne is take of a record of t.
func collectOne[T any](c *collector, t *table[T], r *T, list string) error {
	id := *t.id(r)
	v, err := encode(r)
	if err != nil {
		return fmt.Errorf("%s %d：%w", t.name, id, err)
	}
	k := t.keyOf(r)
	old, had, err := c.heldValue(k)
	if err != nil {
		return err
	}
	village := meeting.InSpace(id.Space(), 0)
	what := fmt.Sprintf("【%s】%s %d", c.names[id.Space()], t.name, id)
	if had && bytes.Equal(old[1:], v[1:]) {
		c.out.Unchanged.add(list)
		return nil
	}
	if had {
		if !c.mayChange(r, old, what) {
			return nil
		}
	} else if x, ok := any(r).(*meeting.Village); ok {
		// A village the archive does not hold: its space must be free.
		if hasPrefix(c.held, string(binary.BigEndian.AppendUint32([]byte(villages.prefix), id.Space()))) {
			c.conflict("村「%s」的编号空间已被档案里的另一个村占用（两个村碰巧抽到同一编号的机会极小）：请把这份文件交给维护人员", x.Name)
			return nil
		}
		if len(c.conflicts) == 0 && !c.opt.Owner {
			mark, _ := json.Marshal(CopyMark{File: c.opt.File, At: time.Now().In(meeting.Beijing)})
			if err := c.set(copyKey(id.Space()), mark, nil, false); err != nil {
				return err
			}
		}
		c.out.NewVillages = append(c.out.NewVillages, x.Name)
		if vs, err := scan(c.held, villages, []byte(villages.prefix)); err == nil {
			for _, h := range vs {
				if h.Name == x.Name && h.Township == x.Township {
					c.out.Namesakes = append(c.out.Namesakes, x.Name)
					break
				}
			}
		}
	}
	if len(c.conflicts) > 0 {
		return nil // nothing more is written; the file is read on for its other conflicts
	}
	if err := c.set(k, v, old, had); err != nil {
		return err
	}
	if x, ok := any(r).(*meeting.Village); ok && had {
		c.out.UpdatedVillages = append(c.out.UpdatedVillages, x.Name)
	}
	if t.index != "" && !had {
		if err := c.set(t.indexKey(t.owner(r), id), nil, nil, false); err != nil {
			return err
		}
	}
	if t.owner != nil {
		sk := string(t.seqKey(id.Space()))
		c.counters[sk] = max(c.counters[sk], id.Local())
	}
	c.touched[village] = true
	if had {
		c.out.Updated.add(list)
	} else {
		c.out.Added.add(list)
	}
	return nil
}

// mayChange reports whether the archive's record (its stored value old) may become r, and notes
// a conflict when it may not.
func (c *collector) mayChange(r any, old []byte, what string) bool {
	switch x := r.(type) {
	case *meeting.Village:
		// Villages are number 1 of their space: another village that drew the same space has
		// the same ID. A village keeps its name; one of another name is another village.
		var h meeting.Village
		if decode(old, &h) == nil && h.Name != x.Name {
			c.conflict("档案里编号相同的村叫「%s」，文件里的叫「%s」：如果是同一个村改了名，请请村里用原名重新导出；不是同一个村的话，两个村碰巧抽到了同一个编号空间，请把文件交给维护人员", h.Name, x.Name)
			return false
		}
	case *meeting.Meeting:
		var h meeting.Meeting
		if decode(old, &h) == nil && h.Status == meeting.Final {
			c.conflict("%s（%s %s）已定稿封存，文件里的内容却不同", what, meeting.DateOf(h.Start), h.Name())
			return false
		}
	case *meeting.Statement:
		if c.heldFinal(x.MeetingID) {
			c.conflict("%s（会议 %d 已定稿封存）的内容与档案里的不同", what, x.MeetingID)
			return false
		}
	case *meeting.Amendment:
		c.conflict("%s（会议 %d 的更正说明）与档案里的不同：更正一经写入不再改动", what, x.MeetingID)
		return false
	case *meeting.Notice:
		// A posted notice gains postings, objections and their answers, the sign-off: what it
		// states stays (meeting.NoticeChange, the rule a change here is held to).
		var h meeting.Notice
		if decode(old, &h) == nil && h.Seal != "" && (meeting.NoticeChange(h, *x) != nil || x.Seal != h.Seal) {
			c.conflict("%s「%s」已张贴封存，文件里的内容却不同", what, h.Title)
			return false
		}
	case *meeting.Matter:
		var h meeting.Matter
		if decode(old, &h) == nil && (len(x.History) < len(h.History) || !sameEvents(h.History, x.History[:len(h.History)])) {
			c.conflict("%s「%s」的经过与档案里的对不上：文件里的不是档案里经过的延续", what, h.Title)
			return false
		}
	}
	return true
}

func sameEvents(a, b []meeting.Event) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// heldFinal reports whether the archive held meeting id sealed.
func (c *collector) heldFinal(id meeting.ID) bool {
	if f, ok := c.sealed[id]; ok {
		return f
	}
	var m meeting.Meeting
	v, had, err := c.heldValue(appendIDs([]byte(meetings.prefix), id))
	f := err == nil && had && decode(v, &m) == nil && m.Status == meeting.Final
	c.sealed[id] = f
	return f
}

// finish sets the counters of the villages written to past their largest numbers, and commits
// the last batch.
func (c *collector) finish() error {
	for k, n := range c.counters {
		old, had, err := c.heldValue([]byte(k))
		if err != nil {
			return err
		}
		if had && len(old) == 8 && binary.BigEndian.Uint64(old) >= uint64(n) {
			continue
		}
		if err := c.set([]byte(k), binary.BigEndian.AppendUint64(nil, uint64(n)), old, had); err != nil {
			return err
		}
	}
	return writeError(c.wb.Flush())
}

// villagesTouched returns the villages written to, by ID.
func (c *collector) villagesTouched() []meeting.ID {
	var out []meeting.ID
	for space := range c.touched {
		err := c.s.db.View(func(txn *badger.Txn) error {
			for _, id := range keyIDs(txn, binary.BigEndian.AppendUint32([]byte(villages.prefix), space.Space())) {
				out = append(out, id)
			}
			return nil
		})
		if err != nil {
			continue
		}
	}
	slices.Sort(out)
	return out
}

// collectedSeals checks the villages a collecting import wrote to, as they are now: each must
// validate as an archive of its own, and its seals hold with no meeting missing.
func (s *Store) collectedSeals(ids []meeting.ID) error {
	var sc meeting.SealCheck
	var problems error
	err := s.db.View(func(txn *badger.Txn) error {
		for _, id := range ids {
			a := &meeting.Archive{Format: meeting.ArchiveFormat, Version: meeting.ArchiveVersion}
			if err := walk(txn, id, a.Add); err != nil {
				return err
			}
			if err := a.Validate(); err != nil && problems == nil {
				problems = fmt.Errorf("导入后【%s】的记录对不上，什么也没有写入：%w", a.Villages[0].Name, err)
			}
			sc.Add(a)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if faults := sc.Report().Faults; len(faults) > 0 {
		return &SealsBrokenError{Faults: faults}
	}
	if problems != nil {
		return &SealsBrokenError{Faults: []meeting.SealFault{{Text: problems.Error()}}}
	}
	return nil
}

// undoCollect puts back what an unfinished collecting import wrote, from its undo entries, and
// removes its mark: the archive is as it was.
func (s *Store) undoCollect() error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	err := s.db.View(func(txn *badger.Txn) error {
		return eachValue(txn, []byte(undoPrefix), func(_, u []byte) error {
			if len(u) < 2 {
				return fail(msgCorrupt, fmt.Errorf("undo entry of %d bytes", len(u)))
			}
			n, w := binary.Uvarint(u[1:])
			if w <= 0 || uint64(len(u)-1-w) < n {
				return fail(msgCorrupt, errors.New("undo entry cut short"))
			}
			k, old := u[1+w:1+w+int(n)], u[1+w+int(n):]
			if u[0] == 0 {
				return writeError(wb.Delete(k))
			}
			return writeError(wb.Set(k, old))
		})
	})
	if err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return writeError(err)
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(collectingKey) }); err != nil {
		return fail(msgWrite, err)
	}
	s.posted.reset()
	s.dropUndo()
	return nil
}

// dropUndo removes the undo entries of a collecting import that is over.
func (s *Store) dropUndo() {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(undoPrefix)})
		defer it.Close()
		for it.Seek([]byte(undoPrefix)); it.ValidForPrefix([]byte(undoPrefix)); it.Next() {
			if err := wb.Delete(it.Item().KeyCopy(nil)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		// Left over, they are dropped at the next Open; they change nothing meanwhile.
		s.log.Printf("WARNING: %s: undo entries of a finished import not dropped: %v", s.dir, err)
	}
}

// Copies returns the villages of the archive that are copies, by space.
func (s *Store) Copies() (map[uint32]CopyMark, error) {
	out := map[uint32]CopyMark{}
	err := s.view(func(txn *badger.Txn) error {
		return eachValue(txn, []byte(copyPrefix), func(k, v []byte) error {
			var m CopyMark
			if len(k) != len(copyPrefix)+4 || json.Unmarshal(v, &m) != nil {
				return fail(msgCorrupt, fmt.Errorf("copy mark %q", k))
			}
			out[binary.BigEndian.Uint32(k[len(copyPrefix):])] = m
			return nil
		})
	})
	return out, err
}
