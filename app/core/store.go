package core

import (
	"sync"
	"time"

	"yishi/meeting"
	"yishi/storage"
)

// Store is what the program needs of the archive. storage.Store satisfies it; the screens and
// commands talk to this interface, never to Badger.
type Store interface {
	Dir() string
	Empty() (bool, error)
	Villages() ([]meeting.Village, error)
	Village(id meeting.ID) (meeting.Village, error)
	PutVillage(v *meeting.Village) error
	People(village meeting.ID) ([]meeting.Person, error)
	PutPeople(ps []meeting.Person) error
	PutPerson(p *meeting.Person) error
	Meetings(village meeting.ID) ([]meeting.Meeting, error)
	Meeting(id meeting.ID) (meeting.Meeting, error)
	PutMeeting(m *meeting.Meeting) error
	Statements(meetingID meeting.ID) ([]meeting.Statement, error)
	AppendStatement(st *meeting.Statement) error
	PutStatement(st meeting.Statement) error
	DeleteStatement(meetingID, id meeting.ID) error
	// Draft is the half-typed statement of a meeting being recorded.
	Draft(meetingID meeting.ID) (meeting.StatementDraft, bool, error)
	PutDraft(d meeting.StatementDraft) error
	DeleteDraft(meetingID meeting.ID) error
	// Current is the meeting being recorded, to reopen at start (0 for none).
	Current() (meeting.ID, error)
	SetCurrent(id meeting.ID) error
	Matters(village meeting.ID) ([]meeting.Matter, error)
	Matter(id meeting.ID) (meeting.Matter, error)
	Notices(village meeting.ID) ([]meeting.Notice, error)
	Notice(id meeting.ID) (meeting.Notice, error)
	Assignments(village meeting.ID) ([]meeting.Assignment, error)
	Amendments(meetingID meeting.ID) ([]meeting.Amendment, error)
	PutAmendment(a *meeting.Amendment) error
	// Update runs fn as one transaction: every change in it is kept, or none.
	Update(fn func(tx *storage.Tx) error) error
	// Search finds a query in every kind of record and people by pinyin (see storage.Search).
	Search(query string, opt storage.SearchOptions) (storage.Results, error)
	Export() (*meeting.Archive, error)
	// Walk and EachVillage read the whole archive (or a village) a record or a village at a
	// time, from one snapshot, for what must not hold it all.
	Walk(village meeting.ID, fn func(list string, r any) error) error
	EachVillage(fn func(a *meeting.Archive) error) error
	Import(a *meeting.Archive, progress func(done, total int)) error
	// Collect brings a file's villages into an archive that may hold records (collect.go):
	// new villages as copies, held ones brought up to date; Copies names the copies.
	Collect(format string, version int, read func(fn func(list string, r any) error) error, progress func(done int), opt storage.CollectOptions) (storage.Collected, error)
	Copies() (map[uint32]storage.CopyMark, error)
	ImportFrom(format string, version int, read func(fn func(list string, r any) error) error, progress func(done int)) (storage.Imported, error)
	// BackupFile writes the whole archive to the file path as one backup (see storage.Restore),
	// renamed into place once complete.
	BackupFile(path string, progress func(done, total int64)) (int64, error)
	// WriteAutoBackup writes the day's automatic backup into the data directory's backups
	// folder, unless there is one, and prunes the older ones (see storage.AutoBackups).
	WriteAutoBackup(now time.Time, progress func(done, total int64)) (storage.AutoBackup, error)
	// Verify reads every block of the archive's files against its checksum (storage.ErrDamaged).
	Verify() error
	// Generation changes whenever a record of the village does, while the archive is open:
	// what was read of it under one generation still holds while it is the same (Findings).
	Generation(village meeting.ID) uint64
	Close() error
}

// Ledger reads what the compliance checks need of one village. The four lists are read side by
// side: decoding them is most of the home screen's wait, and a laptop has more than one core.
func Ledger(s Store, v meeting.Village) (meeting.Ledger, error) {
	l := meeting.Ledger{Village: v}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	wg.Go(func() { l.Meetings, errs[0] = s.Meetings(v.ID) })
	wg.Go(func() { l.Matters, errs[1] = s.Matters(v.ID) })
	wg.Go(func() { l.Notices, errs[2] = s.Notices(v.ID) })
	wg.Go(func() { l.Assignments, errs[3] = s.Assignments(v.ID) })
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return l, err
		}
	}
	return l, nil
}

// Encrypter is a store that can be encrypted in place while it holds no record.
type Encrypter interface {
	Encrypt(passphrase string) error
	IsEncrypted() bool
}
