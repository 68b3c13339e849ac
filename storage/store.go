// Package storage keeps the records of package meeting in a Badger database: one data
// directory per archive, opened by one process at a time. Every write is one synced
// transaction; a statement typed live is one small key of its own, never a rewrite of its
// meeting. See keys.go for the key layout and codec.go for the stored form and its versions.
package storage

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/dgraph-io/badger/v4"
	boptions "github.com/dgraph-io/badger/v4/options"
)

// LogName is the file in the data directory the store and Badger write their log to.
const LogName = "yishi.log"

// Store is an open data directory. Its methods are safe for concurrent use.
type Store struct {
	db      *badger.DB
	dir     string
	log     *log.Logger
	logFile *os.File // nil in memory

	// mu is held shared by every read and write, and exclusively by Import and Close: Badger's
	// DropAll, which an unfinished import needs, must not run beside reads.
	mu     sync.RWMutex
	closed bool

	// posted remembers the grams already in the search index for the documents written last.
	posted postedCache
	// changed counts the writes since the store was opened (changes.go).
	changed changes

	// key and master are the key file and the master key of an encrypted archive (crypt.go);
	// nil for a plain one. encrypted says whether master is set, without waiting for mu (the
	// screens ask while an import holds it).
	key       *keyFile
	master    []byte
	encrypted atomic.Bool
	// readOnly says the directory could not be written (a write-protected stick, a copy on a
	// disc, no permission): Badger has it open read-only, and every write is refused with
	// ErrReadOnly.
	readOnly bool
}

// ErrReadOnly is reported for a change asked of an archive opened read-only.
var ErrReadOnly = errors.New("数据目录是只读的（写保护的 U 盘、光盘上的副本，或没有写入权限）：只能查看、查找、导出和核对，不能修改。要修改，请把整个数据目录复制到可以写入的地方再打开")

// ReadOnly reports whether the store was opened read-only, its directory not writable.
func (s *Store) ReadOnly() bool { return s.readOnly }

// options returns the Badger options of a data directory (ARCHITECTURE.md, "Badger"). dir is
// empty for a store in memory.
func options(dir string, l badger.Logger) badger.Options {
	return badger.DefaultOptions(dir).
		WithSyncWrites(true).
		WithLogger(l).
		WithMemTableSize(8 << 20).
		WithValueLogFileSize(16 << 20).
		WithBlockCacheSize(8 << 20).
		WithIndexCacheSize(4 << 20).
		WithNumMemtables(2).WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(4).
		WithBaseTableSize(1 << 20).WithBaseLevelSize(4 << 20).
		WithNumCompactors(2).WithMetricsEnabled(false).
		WithChecksumVerificationMode(boptions.OnBlockRead) // see damaged.go
}

// Open opens the data directory dir, creating it (mode 0700) if missing. It refuses a directory
// another process has open (*LockedError) or one written by a newer yishi (*NewerError, and
// then nothing is written); it migrates an older one, and clears out an import that was cut off.
func Open(dir string) (*Store, error) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if Encrypted(dir) {
		return nil, &EncryptedError{Dir: dir}
	}
	s, err := open(dir, nil)
	return s, keyMissing(dir, err)
}

// open is Open of an absolute dir, with Badger's encryption key (nil for a plain archive).
func open(dir string, master []byte) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fail(fmt.Sprintf("无法创建数据目录 %s：请检查路径和权限，或用 --data 指定别的目录", dir), err)
	}
	// Opening writes: Badger replays its log into a new table, through a file mapped into memory
	// that a full disk cannot back, and the process would die of SIGBUS.
	// The reserve file's space is there for this, and is taken back once there is room again.
	// Opening needs less room than a write; refusing below Reserve keeps the rule simple.
	// The log first: a directory yishi cannot write to (no permission, or no disk at all, as
	// /proc's, whose free space reads 0) is told as such, not as a full disk.
	f, err := os.OpenFile(filepath.Join(dir, LogName), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil && !errors.Is(err, syscall.ENOSPC) {
		if notWritable(err) && IsArchive(dir) == nil {
			return openReadOnly(dir, master, err)
		}
		return nil, fail(fmt.Sprintf("无法写入数据目录 %s：请检查目录的权限，或用 --data 指定别的目录", dir), err)
	}
	if free, ok := releaseReserve(dir); ok && free < Reserve {
		if f != nil {
			f.Close()
		}
		return nil, &DiskFullError{Dir: dir, Free: free, Open: true}
	}
	if err != nil {
		return nil, fail(fmt.Sprintf("无法写入数据目录 %s：请检查磁盘空间，或用 --data 指定别的目录", dir), err)
	}
	l := log.New(f, "", log.LstdFlags)
	if err := look(dir); err != nil {
		l.Printf("ERROR: %s: %v", dir, errors.Unwrap(err))
		f.Close()
		return nil, err
	}
	if err := peek(dir, l, master); err != nil {
		f.Close()
		return nil, err
	}
	db, err := openDB(options(dir, logger{l}).WithEncryptionKey(master))
	if err != nil {
		l.Printf("ERROR: open %s: %v", dir, err)
		f.Close()
		return nil, openError(dir, err)
	}
	s, err := start(db, dir, l, f, false)
	if err == nil {
		keepReserve(dir)
	}
	return s, err
}

// notWritable reports whether err says a file could not be written for want of the right to, or
// because the file system is read-only.
func notWritable(err error) bool {
	return errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// openReadOnly opens an archive whose directory cannot be written (why is the error that said
// so), for reading only: Badger read-only, no log (it cannot be written), nothing migrated. An
// archive that would need a change to open (an older schema, an import cut off, a log to
// replay after a crash) is refused with what to do.
func openReadOnly(dir string, master []byte, why error) (*Store, error) {
	l := log.New(io.Discard, "", 0)
	if err := look(dir); err != nil {
		return nil, err
	}
	db, err := openDB(options(dir, logger{l}).WithReadOnly(true).WithEncryptionKey(master))
	if err != nil {
		if isLocked(err) {
			return nil, &LockedError{Dir: dir}
		}
		if isDamage(err) {
			return nil, &DamagedError{Dir: dir, Cause: err, File: fileIn(err)}
		}
		return nil, fail(fmt.Sprintf("数据目录 %s 是只读的，而档案要先写入一次才能打开（例如上次没有正常关闭）：请把整个数据目录复制到可以写入的地方再打开", dir),
			errors.Join(why, err))
	}
	return start(db, dir, l, nil, true)
}

// errStaleReadOnly refuses an archive opened read-only that must be changed before it is read.
func errStaleReadOnly(dir string) error {
	return fmt.Errorf("数据目录 %s 是只读的，而这份档案要先更新（由旧版 yishi 写的，或上次导入没有完成）才能打开：请把整个数据目录复制到可以写入的地方再打开", dir)
}

// peek refuses a directory written by a newer yishi before it is opened for writing: opened
// read-write, Badger starts a new value log file and may compact its tables, and a newer
// archive must be left exactly as it is. peek opens the directory read-only and reads its
// schema version. Where a read-only open is not possible (a new directory, or one a crash left
// with a log Badger must replay first), peek says nothing, and prepare checks the version once
// the directory is open.
func peek(dir string, l *log.Logger, master []byte) error {
	if _, err := os.Stat(filepath.Join(dir, badger.ManifestFilename)); err != nil {
		return nil // nothing there yet
	}
	db, err := openDB(options(dir, logger{l}).WithReadOnly(true).WithEncryptionKey(master))
	if err != nil {
		if isLocked(err) {
			return &LockedError{Dir: dir}
		}
		l.Printf("INFO: %s: no read-only look before opening (%v)", dir, err)
		return nil
	}
	var (
		version int
		found   bool
	)
	err = db.View(func(txn *badger.Txn) error {
		var rerr error
		version, found, rerr = readSchema(txn)
		return rerr
	})
	if cerr := db.Close(); cerr != nil {
		l.Printf("WARNING: %s: closing the read-only look: %v", dir, cerr)
	}
	switch {
	case err != nil:
		l.Printf("ERROR: %s: reading the schema version: %v", dir, err)
		return err
	case found && version > SchemaVersion:
		l.Printf("ERROR: %s: schema version %d is newer than %d; not opened", dir, version, SchemaVersion)
		return &NewerError{Version: version, Known: SchemaVersion}
	}
	return nil
}

// lockWait is how long opening waits for the lock on a data directory to come free. Another
// yishi holds it for as long as it runs, and is reported after this wait. But the lock this
// process has just given back can outlive its release by moments: a child process being
// started (Bubble Tea runs "tmux info" to learn the colours, beside the archive opening) shares
// every open file until it runs its program, the directory the lock is on included.
const lockWait = 500 * time.Millisecond

// lockWaited, when set (by tests), is called each time opening finds the lock taken and waits.
var lockWaited func()

// whileLocked runs try until it returns anything but a lock taken, or lockWait has passed.
func whileLocked(try func() error) error {
	deadline := time.Now().Add(lockWait)
	pause := 2 * time.Millisecond
	for {
		err := try()
		if err == nil || !(isLocked(err) || errors.Is(err, ErrLocked)) || time.Now().After(deadline) {
			return err
		}
		if lockWaited != nil {
			lockWaited()
		}
		time.Sleep(pause) // a backoff, waiting for another process
		pause = min(2*pause, 64*time.Millisecond)
	}
}

// openDB is badger.Open, waiting out a lock that is about to come free (see lockWait).
func openDB(opts badger.Options) (db *badger.DB, err error) {
	err = whileLocked(func() error {
		db, err = badger.Open(opts)
		return err
	})
	return db, err
}

// isLocked reports whether Badger could not open a directory because another process has it.
func isLocked(err error) bool {
	return strings.Contains(err.Error(), "Cannot acquire directory lock")
}

// openError tells why Badger could not open dir.
func openError(dir string, err error) error {
	if isLocked(err) {
		return &LockedError{Dir: dir}
	}
	if isDamage(err) {
		return &DamagedError{Dir: dir, Cause: err, File: fileIn(err)}
	}
	return fail(fmt.Sprintf("打不开数据目录 %s：请确认它是 yishi 的数据目录、磁盘可以读写，详情见其中的 %s", dir, LogName), err)
}

// OpenInMemory opens an empty store kept in memory only, for tests.
func OpenInMemory() (*Store, error) {
	l := log.New(io.Discard, "", 0)
	db, err := badger.Open(options("", logger{l}).WithInMemory(true))
	if err != nil {
		return nil, fail("无法在内存中建立数据库：请检查可用内存", err)
	}
	return start(db, "", l, nil, false)
}

// start wraps an open database in a Store and brings its schema up to date.
func start(db *badger.DB, dir string, l *log.Logger, f *os.File, readOnly bool) (*Store, error) {
	s := &Store{db: db, dir: dir, log: l, logFile: f, readOnly: readOnly}
	if err := s.prepare(); err != nil {
		s.report(err)
		if cerr := s.Close(); cerr != nil {
			l.Printf("ERROR: close after failed open: %v", cerr)
		}
		return nil, err
	}
	return s, nil
}

// prepare checks the schema version of the directory: it refuses a newer one, clears out an
// import that was cut off, writes the version into a fresh directory and migrates an old one.
func (s *Store) prepare() error {
	var (
		version    int
		found      bool
		importing  bool
		collecting bool // a collecting import was cut off (collect.go)
		rebasing   bool // the migration to spaced IDs was cut off (rebase.go)
		leftUndo   bool
	)
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		version, found, err = readSchema(txn)
		if err != nil {
			return err
		}
		if importing, err = exists(txn, importingKey); err != nil {
			return err
		}
		if collecting, err = exists(txn, collectingKey); err != nil {
			return err
		}
		rebasing, err = exists(txn, rebasingKey)
		leftUndo = hasPrefix(txn, undoPrefix)
		return err
	})
	if err != nil {
		return err
	}
	// An import cut off while it wrote its keys left the file importingName (archive.go): the
	// keys it wrote before, meta/importing among them, may not all be there.
	marked := importMarked(s.dir)
	if importing && !marked && s.dir != "" {
		if streamed, err := s.streamedImport(); err != nil {
			return err
		} else if streamed {
			s.log.Printf("ERROR: %s: meta/importing of a finished stream without %s: the MANIFEST lost changes", s.dir, importingName)
			return &DamagedError{Dir: s.dir, File: badger.ManifestFilename,
				Cause: fmt.Errorf("meta/importing written by a streamed import is there without %s", importingName)}
		}
	}
	importing = importing || marked
	if !s.readOnly {
		dropSortDirs(s.dir, s.log)
	}
	switch {
	case found && version > SchemaVersion:
		return &NewerError{Version: version, Known: SchemaVersion}
	case s.readOnly && (importing || collecting || rebasing || !found || version < SchemaVersion):
		return errStaleReadOnly(s.dir)
	case importing:
		s.log.Printf("WARNING: %s: the last import was cut off; dropping everything it wrote", s.dir)
		return s.clear()
	case collecting:
		s.log.Printf("WARNING: %s: the last collecting import was cut off; putting back what it wrote", s.dir)
		if err := s.undoCollect(); err != nil {
			return err
		}
		return s.prepare()
	case !found:
		return s.writeSchema()
	case rebasing:
		// The migration to spaced IDs set meta/schema to 5 as it began: it goes on from its plan.
		return s.migrate(rebaseVersion - 1)
	case version < SchemaVersion:
		return s.migrate(version)
	case leftUndo && !s.readOnly:
		s.dropUndo() // of a collecting import that finished: nothing to put back
	}
	return nil
}

// streamedImport reports whether meta/importing was written by an import of this release
// (streamedMark), whose file importingName goes only after the key.
func (s *Store) streamedImport() (bool, error) {
	var streamed bool
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(importingKey)
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			streamed = strings.HasPrefix(string(v), streamedMark)
			return nil
		})
	})
	if err != nil {
		return false, fail(msgRead, err)
	}
	return streamed, nil
}

// readSchema returns the schema version in meta/schema, and whether there is one.
func readSchema(txn *badger.Txn) (version int, found bool, err error) {
	item, err := txn.Get(schemaKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fail(msgRead, err)
	}
	var v []byte
	if v, err = item.ValueCopy(nil); err != nil {
		return 0, false, fail(msgRead, err)
	}
	version, err = decodeSchema(v)
	return version, err == nil, err
}

// writeSchema records SchemaVersion in meta/schema.
func (s *Store) writeSchema() error {
	err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(schemaKey, encodeSchema(SchemaVersion))
	})
	if err != nil {
		return fail(msgWrite, err)
	}
	return nil
}

// MigrationNotice, when set, is told before a migration that takes a while on a large archive
// (to schema version 5, rebase.go) begins: the command line says so on its error stream.
var MigrationNotice func(from, to int)

// migrateHeap is the soft heap limit a long migration runs under, at least.
const migrateHeap = 256 << 20

// migrate brings the directory from schema version from up to SchemaVersion, in one
// transaction: either every step is done and meta/schema says so, or nothing changed. Before it,
// a directory older than indexVersion gets its search index built (buildIndex), one older than
// assignmentIndexVersion the postings of its assignments (indexAssignments), in batches too
// large for one transaction: meta/schema, written last, still names the old version if that is
// cut off, and the next Open builds them again.
func (s *Store) migrate(from int) error {
	if from < rebaseVersion {
		if MigrationNotice != nil {
			MigrationNotice(from, SchemaVersion)
		}
		// The migration's builders hold more than a read command's heap limit allows without
		// collecting all the time (it took twice as long on the township archive).
		if prev := debug.SetMemoryLimit(-1); prev < migrateHeap {
			debug.SetMemoryLimit(migrateHeap)
			defer debug.SetMemoryLimit(prev)
		}
	}
	var index func() error
	switch {
	case from < rebaseVersion:
		index = s.rebase // new keys for every record, then the whole index
	case from < indexVersion:
		index = s.buildIndex // the whole index, assignments included
	case from < assignmentIndexVersion:
		index = s.indexAssignments
	}
	if index != nil {
		if err := index(); err != nil {
			return fail(fmt.Sprintf("数据目录的格式（版本 %d）没能升级到版本 %d：请重新打开 yishi 再试一次；还不行，请把数据目录里的 %s 交给维护人员",
				from, SchemaVersion, LogName), err)
		}
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		for v := from; v < SchemaVersion; v++ {
			step, ok := migrations[v]
			if !ok {
				return fmt.Errorf("no migration from schema version %d", v)
			}
			if err := step(txn); err != nil {
				return fmt.Errorf("migration from schema version %d: %w", v, err)
			}
		}
		if err := txn.Delete(rebasingKey); err != nil {
			return err
		}
		return txn.Set(schemaKey, encodeSchema(SchemaVersion))
	})
	if err != nil && from < rebaseVersion {
		return fail(fmt.Sprintf("数据目录的格式（版本 %d）没能升级到版本 %d：请重新打开 yishi，会接着升级；还不行，请把数据目录里的 %s 交给维护人员",
			from, SchemaVersion, LogName), err)
	}
	if err != nil {
		return fail(fmt.Sprintf("数据目录的格式（版本 %d）没能升级到版本 %d，数据没有被改动：请用原来版本的 yishi 打开，或把数据目录里的 %s 交给维护人员",
			from, SchemaVersion, LogName), err)
	}
	s.log.Printf("INFO: %s: migrated schema version %d to %d", s.dir, from, SchemaVersion)
	return nil
}

// clear drops every key of the directory and writes meta/schema again: what an import that did
// not finish leaves behind is removed, and the directory is as new.
func (s *Store) clear() error {
	if err := s.db.DropAll(); err != nil {
		return fail(msgWrite, err)
	}
	s.posted.reset()
	if err := s.writeSchema(); err != nil {
		return err
	}
	return s.unmarkImport()
}

// Close closes the store. It waits for reads and writes under way; closing twice is harmless.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.dir != "" && !s.readOnly {
		releaseReserve(s.dir) // closing writes the last memtable out: give it the room
	}
	err := s.db.Close()
	if err != nil {
		s.log.Printf("ERROR: close %s: %v", s.dir, err)
		err = fail("关闭数据目录时出错：最近的修改已经保存；下次打开时如有问题，请用备份恢复", err)
	}
	if s.logFile != nil {
		if lerr := s.logFile.Close(); lerr != nil && err == nil {
			err = fail("关闭日志文件时出错：数据已经保存，可以忽略", lerr)
		}
	}
	return err
}

// Dir returns the absolute path of the data directory, or "" for a store in memory.
func (s *Store) Dir() string { return s.dir }

// Empty reports whether the store holds no village at all.
func (s *Store) Empty() (bool, error) {
	var found bool
	err := s.view(func(txn *badger.Txn) error {
		found = hasPrefix(txn, villages.prefix)
		return nil
	})
	return !found, err
}

// view runs fn in a read-only transaction.
func (s *Store) view(fn func(txn *badger.Txn) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errors.New(msgClosed)
	}
	return s.report(s.db.View(fn))
}

// report writes a failure's cause to the log, and returns err: the user reads the plain
// message, the log keeps what Badger or the system said.
func (s *Store) report(err error) error {
	if f, ok := errors.AsType[*failure](err); ok {
		s.log.Printf("ERROR: %v: %v", err, f.err)
		if isDamage(f.err) {
			return &DamagedError{Dir: s.dir, Cause: f.err} // a bad block met while reading: see damaged.go
		}
	}
	return err
}

// logger is the badger.Logger writing to the log file of the data directory, never to stderr
// (it would corrupt the screen). Debug messages are dropped.
type logger struct{ l *log.Logger }

func (l logger) Errorf(f string, v ...any)   { l.l.Printf("ERROR: "+f, v...) }
func (l logger) Warningf(f string, v ...any) { l.l.Printf("WARNING: "+f, v...) }
func (l logger) Infof(f string, v ...any)    { l.l.Printf("INFO: "+f, v...) }
func (l logger) Debugf(string, ...any)       {}

// exists reports whether key is present.
func exists(txn *badger.Txn, key []byte) (bool, error) {
	_, err := txn.Get(key)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, badger.ErrKeyNotFound):
		return false, nil
	}
	return false, fail(msgRead, err)
}

// hasPrefix reports whether any key starts with prefix.
func hasPrefix(txn *badger.Txn, prefix string) bool {
	p := []byte(prefix)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: p})
	defer it.Close()
	it.Seek(p)
	return it.ValidForPrefix(p)
}

// Errors of a data directory that holds no archive, for commands that only read one: opening it
// would create an empty archive there, and the user would read 「还没有会议记录」 of a typo.
var (
	// ErrNoDataDir is reported when the data directory does not exist.
	ErrNoDataDir = errors.New("数据目录不存在")
	// ErrNotArchive is reported when the directory exists but holds no yishi archive.
	ErrNotArchive = errors.New("不是 yishi 的数据目录")
)

// IsArchive reports nil when dir holds a yishi archive (Badger's manifest, or an encrypted
// archive's key file), ErrNoDataDir when dir does not exist, and ErrNotArchive when it is
// anything else: a file, an empty folder, another program's folder. It creates nothing.
func IsArchive(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return ErrNoDataDir
	case err != nil:
		return fmt.Errorf("%w（%v）", ErrNotArchive, err)
	case !fi.IsDir():
		return ErrNotArchive
	}
	if Encrypted(dir) {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, badger.ManifestFilename)); err != nil {
		return ErrNotArchive
	}
	return nil
}
