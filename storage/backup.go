package storage

// Backup files.
//
// A backup is one file, written by Store.Backup and read by Restore:
//
//	yishi-backup 1\n             the header: the format's name and version, one line of text
//	<gzip stream>                Badger's backup format of every key (what DB.Backup(w, 0)
//	                             writes, read back by DB.Load), written by backupKeys
//	sha256 <64 hex digits>\n     the trailer, 72 bytes: the SHA-256 of the header and the gzip
//	                             stream, every byte before the trailer
//
// Restore reads the whole file into a temporary file and checks the header, the version and the
// checksum before it loads anything; it loads into a new directory beside the target, checks the
// schema version of what it loaded, and only then moves the new directory into place. Whatever
// fails, the target is left as it was.
//
// The backup of an encrypted archive (crypt.go) is version 2, and version 1 is still written for
// a plain one, so that older programs read it:
//
//	yishi-backup 2\n             the header line
//	encrypted <JSON>\n           the archive's key file and a random salt (cryptbackup.go)
//	<DARE stream>                the gzip stream above, encrypted with github.com/minio/sio
//	                             (DARE 2.0: AES-256-GCM packages of 64 KiB, authenticated against
//	                             truncation and reordering) under a key derived from the
//	                             archive's master key and the salt
//	sha256 <64 hex digits>\n     the trailer, as in version 1
//
// Restoring it needs only the passphrase: it opens the key file of the header, and the restored
// archive is encrypted with the same master key and passphrase.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"
	"google.golang.org/protobuf/proto"
)

// restorePending is how many batches a restore lets Badger write at once: each holds up to a
// memtable's worth of records in memory, and 256 of them took 1.2 GB for a township's archive.
const restorePending = 4

// BackupVersion is the newest version of the backup file format this program reads, and the
// one it writes for an encrypted archive; a plain archive's backup is still version 1.
const BackupVersion = 2

// backupMagic starts the header line of a backup file.
const backupMagic = "yishi-backup"

// trailerPrefix starts the trailer; trailerLen is the trailer's length in bytes.
const (
	trailerPrefix = "sha256 "
	trailerLen    = len(trailerPrefix) + sha256.Size*2 + 1
)

// Errors of backup files. Their text is what the user reads.
var (
	// ErrNotBackup is reported when the file Restore reads is not a yishi backup.
	ErrNotBackup = errors.New("这不是 yishi 的备份文件（应是 yishi backup 写出的文件），什么也没有恢复：请检查文件名")

	// ErrDamagedBackup is reported when a backup file is cut short or its checksum does not
	// match: nothing has been restored.
	ErrDamagedBackup = errors.New("备份文件已损坏（不完整，或校验和对不上），什么也没有恢复：请换一份备份文件再试")
)

// NotEmptyError reports that Restore was asked to write into Dir, which already holds something.
// It matches ErrNotEmpty.
type NotEmptyError struct {
	Dir string
	// What Dir holds: an archive with records (Records), an archive without any record
	// (EmptyArchive, which Restore replaces when forced), or other files (neither).
	Records, EmptyArchive bool
}

func (e *NotEmptyError) Error() string {
	switch {
	case e.Records:
		return fmt.Sprintf("数据目录 %s 里已经有数据：请换一个空目录恢复，或先把现有目录改名保存", e.Dir)
	case e.EmptyArchive:
		return fmt.Sprintf("数据目录 %s 里有一个还没有任何村的空档案：确认不要它的话，加 --force 用备份替换它；否则请换一个空目录恢复", e.Dir)
	}
	return fmt.Sprintf("数据目录 %s 不是空的：请换一个空目录恢复，或先把现有目录改名保存", e.Dir)
}

// Is makes errors.Is(err, ErrNotEmpty) hold.
func (e *NotEmptyError) Is(target error) bool { return target == ErrNotEmpty }

// newerBackupError reports a backup file, or the archive in it, written by a newer yishi. It
// matches ErrNewer.
type newerBackupError struct {
	what           string // 备份格式 or 档案格式
	version, known int
}

func (e *newerBackupError) Error() string {
	return fmt.Sprintf("备份文件由更新版本的 yishi 写出（%s版本 %d，本程序只认识到 %d），什么也没有恢复：请升级 yishi 后再恢复",
		e.what, e.version, e.known)
}

func (e *newerBackupError) Is(target error) bool { return target == ErrNewer }

// Backup writes a backup of the whole data directory to w: the records, the drafts and the
// working state, read from one snapshot (what is written while it runs is not in it; an Import
// or Close waits). progress, if not nil, is called now and then with the number of keys written
// so far and the total. w is best a temporary file renamed into place once Backup returns nil.
func (s *Store) Backup(w io.Writer, progress func(done, total int64)) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errors.New(msgClosed)
	}
	if err := verifyBlocks(s.dir, s.db); err != nil { // a damaged block would be left out silently
		s.log.Printf("ERROR: %s: %v", s.dir, errors.Unwrap(err))
		return err
	}
	sum := sha256.New()
	out := io.MultiWriter(w, sum)
	header := fmt.Sprintf("%s %d\n", backupMagic, 1)
	var (
		body  io.Writer = out
		crypt io.WriteCloser
	)
	if s.master != nil {
		line, w, err := encryptBackup(out, s.key, s.master)
		if err != nil {
			return s.report(fail(msgBackupWrite, err))
		}
		header = fmt.Sprintf("%s %d\n%s", backupMagic, 2, line)
		body, crypt = w, w
		// The header goes out before the stream; encryptBackup writes nothing yet.
	}
	if _, err := io.WriteString(out, header); err != nil {
		return s.report(fail(msgBackupWrite, err))
	}
	gz, err := gzip.NewWriterLevel(body, gzip.BestSpeed)
	if err != nil {
		return err
	}
	var total int64
	if progress != nil {
		if total, err = s.countKeys(); err != nil {
			return s.report(err)
		}
		progress(0, total)
	}
	if err := whileTrimming(func() error { return backupKeys(s.db, gz, total, progress) }); err != nil {
		return s.report(err)
	}
	if err := gz.Close(); err != nil {
		return s.report(fail(msgBackupWrite, err))
	}
	if crypt != nil {
		if err := crypt.Close(); err != nil {
			return s.report(fail(msgBackupWrite, err))
		}
	}
	trailer := trailerPrefix + hex.EncodeToString(sum.Sum(nil)) + "\n"
	if _, err := io.WriteString(w, trailer); err != nil {
		return s.report(fail(msgBackupWrite, err))
	}
	if progress != nil {
		progress(total, total)
	}
	return nil
}

// backupList is the size at which backupKeys cuts its lists of keys.
const backupList = 1 << 20

// backupKeys writes every key of db, as one snapshot, to w in Badger's backup format, as
// DB.Backup(w, 0) does for an archive that keeps one version of each key and no expiring ones:
// lists of keys (pb.KVList), each preceded by its size as 8 bytes little-endian. Badger's own
// stream reads ahead in buffers of 16 MB, as many as 32 queued, which took a township's backup
// past 130 MB of memory; this holds one list of backupList bytes. The values' meta byte is
// left 0: Load sets whether a value lives in the value log itself. progress, if not nil, is
// called with the keys written and total.
func backupKeys(db *badger.DB, w io.Writer, total int64, progress func(done, total int64)) error {
	return db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false})
		defer it.Close()
		var (
			list pb.KVList
			size int
			done int64
		)
		flush := func() error {
			if len(list.Kv) == 0 {
				return nil
			}
			buf, err := proto.Marshal(&list)
			if err != nil {
				return fail(msgBackupWrite, err)
			}
			var n [8]byte
			binary.LittleEndian.PutUint64(n[:], uint64(len(buf)))
			if _, err := w.Write(n[:]); err != nil {
				return fail(msgBackupWrite, err)
			}
			if _, err := w.Write(buf); err != nil {
				return fail(msgBackupWrite, err)
			}
			list.Kv, size = list.Kv[:0], 0
			if progress != nil {
				progress(min(done, total), total)
			}
			return nil
		}
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			v, err := item.ValueCopy(nil)
			if err != nil {
				return fail(msgRead, err)
			}
			list.Kv = append(list.Kv, &pb.KV{Key: item.KeyCopy(nil), Value: v,
				UserMeta: []byte{item.UserMeta()}, Version: item.Version(), ExpiresAt: item.ExpiresAt(), Meta: []byte{0}})
			size += len(v) + len(item.Key())
			done++
			if size >= backupList {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	})
}

// countKeys returns the number of keys in the store (their latest versions).
func (s *Store) countKeys() (int64, error) {
	var n int64
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fail(msgRead, err)
	}
	return n, nil
}

// Messages of backup and restore failures.
const (
	msgBackupWrite = "备份没有写完：请检查目标磁盘是否已满、能否写入，然后再试一次；数据目录没有被改动"
	msgRestore     = "恢复没有完成，数据目录保持原样：请检查磁盘是否已满、目录能否写入，然后再试一次"
)

// Restore restores the backup file read from r into the data directory dir, which must not
// exist or be empty (else a *NotEmptyError). With force, dir may also hold an archive without
// any record, which the backup replaces; an archive with records is refused in every case.
//
// Restore reads the whole file first and checks its header, version and checksum before it
// loads anything (ErrNotBackup, ErrNewer, ErrDamagedBackup); it loads into a new directory
// beside dir, checks the schema version of what it loaded, and moves that directory into place
// last. On any failure dir is left as it was.
func Restore(dir string, r io.Reader, force bool) error {
	return RestoreWith(dir, r, RestoreOptions{Force: force})
}

// RestoreOptions are the choices of RestoreWith.
type RestoreOptions struct {
	// Force lets the backup replace an archive without any record (see Restore).
	Force bool
	// Passphrase is called, once the file is checked, when the backup is encrypted; the archive
	// restored is then encrypted with the same passphrase. Without it an encrypted backup is
	// refused (ErrEncryptedBackup).
	Passphrase func() (string, error)
	// NewPassphrase, if not nil, is called for a plain backup, which is then restored as an
	// encrypted archive under the passphrase it returns.
	NewPassphrase func() (string, error)
}

// RestoreWith is Restore, with the passphrases of encrypted backups and archives.
func RestoreWith(dir string, r io.Reader, opt RestoreOptions) error {
	force := opt.Force
	if dir == "" {
		return errors.New("没有指定要恢复到的数据目录：请用 --data 指定一个空目录")
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	existing, err := restoreTarget(dir, force)
	if err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return fail(fmt.Sprintf("无法创建目录 %s：请检查路径和权限，或用 --data 指定别的目录", parent), err)
	}
	// The whole file, checked, before anything is loaded. The partial file is made before the
	// free space is asked: a folder that takes no file (/proc's, whose free space reads 0) is
	// told as such, not as a full disk.
	tmp, err := createPartial(parent)
	if err != nil {
		return fail(fmt.Sprintf("无法在 %s 里写临时文件：请检查目录的权限和磁盘空间，或换一个位置", parent), err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := roomFor(parent, 0); err != nil {
		return err
	}
	body, crypt, err := readBackup(r, tmp)
	if err != nil {
		return err
	}
	if err := roomFor(parent, body.Size()); err != nil {
		return err
	}
	var (
		stream io.Reader = body
		key    *keyFile
		master []byte
		// again reads the stream once more from its start, for a second way of loading it.
		again = func() (io.Reader, error) { return io.NewSectionReader(body, 0, body.Size()), nil }
	)
	switch {
	case crypt != nil && opt.Passphrase == nil:
		return ErrEncryptedBackup
	case crypt != nil:
		p, err := opt.Passphrase()
		if err != nil {
			return err
		}
		if master, stream, err = crypt.decrypt(p, body); err != nil {
			return err
		}
		again = func() (io.Reader, error) {
			_, r, err := crypt.decrypt(p, io.NewSectionReader(body, 0, body.Size()))
			return r, err
		}
		key = crypt.Key
	case opt.NewPassphrase != nil:
		p, err := opt.NewPassphrase()
		if err != nil {
			return err
		}
		if key, master, err = newKey(p); err != nil {
			return err
		}
	}

	// Loaded into a new directory beside dir, then moved into place.
	staging, err := os.MkdirTemp(parent, ".yishi-restore-*")
	if err != nil {
		return fail(fmt.Sprintf("无法在 %s 里建立临时目录：请检查目录的权限和磁盘空间", parent), err)
	}
	moved := false
	defer func() {
		if !moved {
			os.RemoveAll(staging)
		}
	}()
	if key != nil {
		if err := writeKeyFile(staging, key); err != nil {
			return fail(msgRestore, err)
		}
	}
	if err := load(staging, stream, again, master); err != nil {
		return err
	}
	if err := replace(dir, staging, existing); err != nil {
		return err
	}
	moved = true
	syncDir(parent)
	return nil
}

// roomFor reports a *DiskFullError when the disk of dir has less than Reserve free beyond size
// bytes, what a restore of a backup of that size loads at least: Badger must never write on a
// full disk (see Reserve). A system that cannot tell always has room.
func roomFor(dir string, size int64) error {
	free, ok := freeBytes(dir)
	if !ok || free >= Reserve+uint64(size) {
		return nil
	}
	return &DiskFullError{Dir: dir, Free: free}
}

// restoreTarget checks that dir may receive a restore, and returns the files of the empty
// archive it holds, to be removed when the restore is in place.
func restoreTarget(dir string, force bool) (existing []string, err error) {
	list := func() ([]string, error) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, e := range entries {
			if e.IsDir() || !archiveFile(e.Name()) {
				return nil, &NotEmptyError{Dir: dir}
			}
			names = append(names, e.Name())
		}
		return names, nil
	}
	existing, err = list()
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, nil
	case errors.Is(err, ErrNotEmpty):
		return nil, err
	case err != nil:
		return nil, fail(fmt.Sprintf("读不了数据目录 %s：请检查路径和权限，或用 --data 指定别的目录", dir), err)
	case len(existing) == 0:
		return nil, nil
	}
	found, err := holdsRecords(dir)
	switch {
	case errors.Is(err, ErrNewer):
		return nil, &NotEmptyError{Dir: dir, Records: true}
	case err != nil:
		return nil, err
	case found:
		return nil, &NotEmptyError{Dir: dir, Records: true}
	case !force:
		return nil, &NotEmptyError{Dir: dir, EmptyArchive: true}
	}
	// Opening may have added files (a value log); list them again.
	if existing, err = list(); err != nil && !errors.Is(err, ErrNotEmpty) {
		return nil, fail(fmt.Sprintf("读不了数据目录 %s：请检查路径和权限", dir), err)
	}
	return existing, err
}

// holdsRecords reports whether the archive in dir holds any record. It looks read-only where it
// can, and opens the archive as Open does where it cannot (a log to replay first).
func holdsRecords(dir string) (bool, error) {
	if _, err := os.Stat(filepath.Join(dir, badger.ManifestFilename)); err != nil {
		return false, nil // no archive there yet
	}
	if err := look(dir); err != nil {
		return false, err // damaged: Badger would panic over it, or delete tables
	}
	var found bool
	has := func(txn *badger.Txn) error { found = hasRecords(txn); return nil }
	db, err := openDB(options(dir, logger{log.New(io.Discard, "", 0)}).WithReadOnly(true))
	if err == nil {
		err = db.View(has)
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return false, fail(msgRead, err)
		}
		return found, nil
	}
	if isLocked(err) {
		return false, &LockedError{Dir: dir}
	}
	s, err := Open(dir)
	if err != nil {
		return false, err
	}
	err = s.view(has)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return found, err
}

// archiveFile reports whether name is a file Badger or the store keeps in a data directory.
func archiveFile(name string) bool {
	switch name {
	case badger.ManifestFilename, "KEYREGISTRY", "DISCARD", "LOCK", LogName, ReserveName, importingName:
		return true
	}
	for _, ext := range []string{".sst", ".vlog", ".mem"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// readBackup copies a backup file from r into tmp and checks its header, version and checksum.
// It returns the body, read from tmp: the gzip stream, or for version 2 the encrypted stream
// and the header that opens it.
func readBackup(r io.Reader, tmp *os.File) (*io.SectionReader, *cryptHeader, error) {
	br := bufio.NewReader(r)
	head, err := br.ReadSlice('\n')
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, nil, fail("读不了备份文件：请检查文件能否打开", err)
	}
	line := strings.TrimSuffix(string(head), "\n")
	name, v, ok := strings.Cut(line, " ")
	version, verr := strconv.Atoi(v)
	if !ok || name != backupMagic || verr != nil || version < 1 || err != nil {
		return nil, nil, ErrNotBackup
	}
	if version > BackupVersion {
		return nil, nil, &newerBackupError{what: "备份格式", version: version, known: BackupVersion}
	}
	sum := sha256.New()
	sum.Write(head)
	var crypt *cryptHeader
	if version == 2 {
		line, err := br.ReadString('\n')
		if err != nil || len(line) > 1<<16 {
			return nil, nil, ErrDamagedBackup
		}
		sum.Write([]byte(line))
		if crypt, err = parseCryptHeader(strings.TrimSuffix(line, "\n")); err != nil {
			return nil, nil, err
		}
	}
	n, err := io.Copy(tmp, br)
	if err != nil {
		return nil, nil, fail("没能读完备份文件，什么也没有恢复：请检查文件和磁盘空间后再试", err)
	}
	if n < int64(trailerLen) {
		return nil, nil, ErrDamagedBackup
	}
	size := n - int64(trailerLen)
	trailer := make([]byte, trailerLen)
	if _, err := tmp.ReadAt(trailer, size); err != nil {
		return nil, nil, fail(msgRestore, err)
	}
	body := io.NewSectionReader(tmp, 0, size)
	if err := checksum(sum, body, trailer); err != nil {
		return nil, nil, err
	}
	return io.NewSectionReader(tmp, 0, size), crypt, nil
}

// checksum hashes body after what sum holds and compares it with the trailer.
func checksum(sum hash.Hash, body io.Reader, trailer []byte) error {
	if _, err := io.Copy(sum, body); err != nil {
		return fail(msgRestore, err)
	}
	want, ok := bytes.CutPrefix(trailer, []byte(trailerPrefix))
	if !ok || want[len(want)-1] != '\n' {
		return ErrDamagedBackup
	}
	got := hex.AppendEncode(nil, sum.Sum(nil))
	if !bytes.Equal(got, want[:len(want)-1]) {
		return ErrDamagedBackup
	}
	return nil
}

// load loads the gzip stream of a checked backup into the new directory dir, encrypted with
// master unless it is nil, and checks the schema version of what it loaded. A backup whose keys
// come in order, one version each (what Backup writes), is written with Badger's StreamWriter,
// which builds the tables of the last level directly: memory stays that of a table, where
// loading through transactions has the compactions hold hundreds of megabytes on a large
// archive. Older backups, written by Badger's parallel stream, are loaded through transactions
// (DB.Load), from again, the stream read once more, into the directory emptied again.
func load(dir string, body io.Reader, again func() (io.Reader, error), master []byte) error {
	f, err := os.OpenFile(filepath.Join(dir, LogName), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fail(msgRestore, err)
	}
	defer f.Close()
	l := log.New(f, "", log.LstdFlags)
	gz, err := gzip.NewReader(body)
	if err != nil {
		return ErrDamagedBackup
	}
	// The stream writer builds tables of the last level's size, BaseTableSize multiplied for
	// each level, up to 16 at once, each holding twice its size while it is built: tables of
	// BaseTableSize here keep that to some tens of megabytes.
	opt := options(dir, logger{l}).WithEncryptionKey(master)
	opt.TableSizeMultiplier = 1
	db, err := openDB(opt)
	if err != nil {
		return fail(msgRestore, err)
	}
	var sorted bool
	err = whileTrimming(func() (err error) { sorted, err = loadSorted(db, gz); return err })
	if err == nil && !sorted {
		l.Printf("INFO: restore: the backup's keys are not in order; loading it through transactions")
		db.Close()
		if db, err = emptied(dir, opt); err == nil {
			var r io.Reader
			if r, err = again(); err == nil {
				if gz, err = gzip.NewReader(r); err == nil {
					err = db.Load(gz, restorePending)
				}
			}
		}
		if db == nil {
			return fail(msgRestore, err)
		}
	}
	if err != nil {
		db.Close()
		l.Printf("ERROR: restore: %v", err)
		return ErrDamagedBackup
	}
	var (
		version          int
		found, importing bool
	)
	err = db.View(func(txn *badger.Txn) error {
		var err error
		if version, found, err = readSchema(txn); err != nil {
			return err
		}
		importing, err = exists(txn, importingKey)
		return err
	})
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fail(msgRestore, cerr)
	}
	switch {
	case err != nil:
		var fl *failure
		if errors.As(err, &fl) && fl.msg != msgRestore {
			return ErrDamagedBackup
		}
		return err
	case !found || importing:
		return ErrDamagedBackup
	case version > SchemaVersion:
		return &newerBackupError{what: "档案格式", version: version, known: SchemaVersion}
	}
	l.Printf("INFO: restored a backup of schema version %d", version)
	return nil
}

// loadSorted writes the lists of keys of a backup stream into the new db with a StreamWriter,
// as long as its keys come in strictly increasing order; sorted is false, and the stream
// writer cancelled, at the first that does not (db is then to be emptied and loaded otherwise).
func loadSorted(db *badger.DB, r io.Reader) (sorted bool, err error) {
	sw := db.NewStreamWriter()
	if err := sw.Prepare(); err != nil {
		return false, err
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		last []byte
		size [8]byte
		data []byte
	)
	for {
		if _, err := io.ReadFull(br, size[:]); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			sw.Cancel()
			return false, err
		}
		n := binary.LittleEndian.Uint64(size[:])
		if n > 1<<30 {
			sw.Cancel()
			return false, fmt.Errorf("a list of %d bytes", n)
		}
		data = slices.Grow(data[:0], int(n))[:n]
		if _, err := io.ReadFull(br, data); err != nil {
			sw.Cancel()
			return false, err
		}
		var list pb.KVList
		if err := proto.Unmarshal(data, &list); err != nil {
			sw.Cancel()
			return false, err
		}
		buf := z.NewBuffer(len(data)+len(list.Kv)*16, "yishi.restore")
		for _, kv := range list.Kv {
			if len(kv.Key) == 0 || bytes.HasPrefix(kv.Key, []byte("!badger!")) {
				// Never in a backup: a file made by hand (its checksum is its own).
				buf.Release()
				sw.Cancel()
				return false, fmt.Errorf("a key %q in the backup", kv.Key)
			}
			// The stream writer takes what it is given: a key out of order, a meta byte (a
			// deleted key, a value pointer) or a stream field would have it panic or store a
			// wrong value. Such a backup is loaded through transactions, which read them.
			if last != nil && bytes.Compare(kv.Key, last) <= 0 || slices.ContainsFunc(kv.Meta, func(b byte) bool { return b != 0 }) ||
				kv.StreamDone || kv.StreamId != 0 {
				buf.Release()
				sw.Cancel()
				return false, nil
			}
			last = append(last[:0], kv.Key...)
			badger.KVToBuffer(kv, buf)
		}
		err := sw.Write(buf)
		buf.Release()
		if err != nil {
			sw.Cancel()
			return false, err
		}
	}
	return true, sw.Flush()
}

// emptied removes what a load wrote into the restore directory dir, all but its key file and
// log, and opens it again.
func emptied(dir string, opt badger.Options) (*badger.DB, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.Name() == KeyName || e.Name() == LogName {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return nil, err
		}
	}
	return openDB(opt)
}

// replace moves the restored directory staging to dir, removing first the files of the empty
// archive dir held (existing) and dir itself.
func replace(dir, staging string, existing []string) error {
	for _, name := range existing {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return fail(fmt.Sprintf("清不掉数据目录 %s 里原来的空档案：请关闭别的 yishi 后再试", dir), err)
		}
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fail(fmt.Sprintf("数据目录 %s 在恢复期间有了别的文件，什么也没有恢复：请换一个空目录再试", dir), err)
	}
	if err := os.Rename(staging, dir); err != nil {
		return fail(msgRestore, err)
	}
	return nil
}

// syncDir makes the entries of directory dir durable, as far as the system allows.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// IsBackupFile reports whether the file at path starts as a yishi backup does (its header
// line), so that a command asked to write a backup over it can tell an older backup from some
// other file. An error means the file could not be read.
func IsBackupFile(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(backupMagic)+1)
	if _, err := io.ReadFull(f, head); err != nil {
		return false, nil // shorter than a header: not a backup
	}
	return string(head) == backupMagic+" ", nil
}
