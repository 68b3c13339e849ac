package storage

// Damaged data directories.
//
// Badger trusts its files: given a table cut short it panics in a goroutine of its own (the
// process dies, nothing can recover it), and given a MANIFEST cut short it replays what is left
// and deletes every table the rest named, silently. So Open looks at the files before Badger
// does (inspect): the MANIFEST must replay to its end, every table it names must be there with
// a footer and index whose checksum holds, and no table may be left out of a MANIFEST that did
// not replay to its end. What fails is a *DamagedError, and Badger never opens the directory:
// nothing in it is changed.
//
// The data blocks inside a table carry checksums too, but Badger's reads do not say when they
// meet a bad one: an iterator stops there, a Get finds nothing. Checking every block means
// reading and decompressing the whole archive (seconds for a township's ten years), too slow
// for Open; Verify does it, for yishi verify --archive, and Backup does it first, so that a
// backup never silently leaves records out. Blocks are checked as Badger reads them as well
// (ChecksumVerificationMode OnBlockRead in options), for what Badger does report.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	boptions "github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/pb"
	btable "github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/badger/v4/y"
	"github.com/dgraph-io/ristretto/v2/z"
)

// ErrDamaged is reported (as a *DamagedError naming the directory) when a file of the data
// directory is cut short, corrupted or missing.
var ErrDamaged = errors.New("数据目录已损坏：请用最近的备份恢复（yishi restore），损坏的文件不要删除")

// DamagedError reports that the data directory Dir is damaged: a file is cut short, corrupted or
// missing. Cause is what was found, for the log. It matches ErrDamaged.
type DamagedError struct {
	Dir   string
	Cause error
	// File is the damaged file, when it is known.
	File string
}

func (e *DamagedError) Error() string {
	what := "有文件不完整或内容出错"
	if e.File != "" {
		what = "文件 " + e.File + " 不完整或内容出错"
	}
	return fmt.Sprintf("数据目录 %s 已损坏（%s）：请关闭 yishi，用最近的备份恢复（yishi restore），损坏的文件不要删除", e.Dir, what)
}

// Is makes errors.Is(err, ErrDamaged) hold.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// Unwrap returns the cause.
func (e *DamagedError) Unwrap() error { return e.Cause }

// damaged returns a *DamagedError for dir with the cause told by format and args.
func damaged(dir, format string, args ...any) error {
	return &DamagedError{Dir: dir, Cause: fmt.Errorf(format, args...)}
}

// namedFile matches the name of a file of the data directory in a cause.
var namedFile = regexp.MustCompile(`\d{6}\.(?:sst|vlog|mem)|MANIFEST|KEYREGISTRY|` + regexp.QuoteMeta(KeyName))

// fileIn returns the first file of the data directory a cause names, or "".
func fileIn(err error) string {
	if err == nil {
		return ""
	}
	return namedFile.FindString(err.Error())
}

// isDamage reports whether err, from Badger, says a file is corrupted or missing.
func isDamage(err error) bool {
	if err == nil || isLocked(err) {
		return false
	}
	if errors.Is(err, y.ErrChecksumMismatch) {
		return true
	}
	s := err.Error()
	for _, m := range []string{"checksum mismatch", "failed to verify checksum", "file does not exist for table",
		"manifest has", "MANIFEST invalid", "MANIFEST file has invalid", "Manifest file might be corrupted", "Data corrupted",
		"failed to initialize table", "failed to read index"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// inspect checks the files of the data directory dir before Badger opens it, as the package
// comment says. A directory without a MANIFEST is new, and passes.
func inspect(dir string) error {
	path := filepath.Join(dir, badger.ManifestFilename)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return nil // unreadable: Badger says why, in openError
	}
	defer f.Close()
	opt := options(dir, logger{log.New(io.Discard, "", 0)})
	m, end, err := badger.ReplayManifestFile(f, opt.ExternalMagicVersion, opt)
	if err != nil {
		return &DamagedError{Dir: dir, Cause: fmt.Errorf("%s: %v", badger.ManifestFilename, err), File: badger.ManifestFilename}
	}
	fi, err := f.Stat()
	if err != nil {
		return nil
	}
	torn := end < fi.Size()
	for id := range m.Tables {
		if err := checkTable(btable.NewFilename(id, dir)); err != nil {
			return &DamagedError{Dir: dir, Cause: err, File: filepath.Base(btable.NewFilename(id, dir))}
		}
	}
	if torn {
		// Badger would cut the MANIFEST here and delete the tables it no longer names. A crash
		// can tear the last change (one small synced write, so hardly ever), and the table it
		// named holds nothing lost; a MANIFEST that lost more cannot be told from that, and
		// deleting its tables loses records for good: a table left out counts as damage.
		sst, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
		for _, p := range sst {
			if id, ok := btable.ParseFileID(p); ok {
				if _, named := m.Tables[id]; !named {
					return &DamagedError{Dir: dir, File: badger.ManifestFilename, Cause: fmt.Errorf(
						"%s ends in a broken change at %d of %d bytes, and table %s is not named before it",
						badger.ManifestFilename, end, fi.Size(), filepath.Base(p))}
				}
			}
		}
	}
	return nil
}

// checkTable checks that the table file path is there and ends in a footer whose index matches
// its checksum: what Badger reads first, and panics over when it is cut short. The layout, from
// the end: the checksum's length (4 bytes), the checksum (a pb.Checksum), the index's length
// (4 bytes), the index. Only the tail is read.
func checkTable(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("table %s: %w", filepath.Base(path), err)
	}
	if err != nil {
		return nil // unreadable (permissions): Badger says why, in openError
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil
	}
	size := fi.Size()
	bad := func(what string) error {
		return fmt.Errorf("table %s (%d bytes): %s", filepath.Base(path), size, what)
	}
	u32 := func(at int64) (int64, error) {
		var b [4]byte
		if at < 0 {
			return 0, bad("cut short")
		}
		if _, err := f.ReadAt(b[:], at); err != nil {
			return 0, bad(err.Error())
		}
		return int64(binary.BigEndian.Uint32(b[:])), nil
	}
	pos := size - 4
	chkLen, err := u32(pos)
	if err != nil {
		return err
	}
	if pos -= chkLen; chkLen > 64 || pos < 4 {
		return bad("no footer")
	}
	buf := make([]byte, chkLen)
	if _, err := f.ReadAt(buf, pos); err != nil {
		return bad(err.Error())
	}
	chk, ok := parseChecksum(buf)
	if !ok {
		return bad("footer unreadable")
	}
	pos -= 4
	indexLen, err := u32(pos)
	if err != nil {
		return err
	}
	if pos -= indexLen; pos < 0 {
		return bad("index longer than the file")
	}
	index := make([]byte, indexLen)
	if _, err := f.ReadAt(index, pos); err != nil {
		return bad(err.Error())
	}
	if err := y.VerifyChecksum(index, chk); err != nil {
		return bad("index: " + err.Error())
	}
	return nil
}

// parseChecksum reads a pb.Checksum from its wire form: field 1 the algorithm, field 2 the sum,
// both varints.
func parseChecksum(b []byte) (*pb.Checksum, bool) {
	var c pb.Checksum
	for len(b) > 0 {
		tag, n := binary.Uvarint(b)
		if n <= 0 || tag&7 != 0 {
			return nil, false
		}
		b = b[n:]
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, false
		}
		b = b[n:]
		switch tag >> 3 {
		case 1:
			c.Algo = pb.Checksum_Algorithm(v)
		case 2:
			c.Sum = v
		default:
			return nil, false
		}
	}
	return &c, true
}

// look inspects dir under the lock Badger takes, unless another process has it (then peek and
// Badger say so).
func look(dir string) error {
	var release func()
	if err := whileLocked(func() error {
		var ok bool
		if release, ok = sharedLock(dir); !ok {
			return &LockedError{Dir: dir}
		}
		return nil
	}); err != nil {
		return err
	}
	defer release()
	return inspect(dir)
}

// InUse returns a *LockedError when another process has the data directory dir open, and nil
// otherwise (or when that cannot be told here: Open then says). It changes nothing: it is asked
// before the user is, so that nobody types a passphrase only to hear the archive is busy.
func InUse(dir string) error {
	release, ok := sharedLock(dir)
	if !ok {
		return &LockedError{Dir: dir}
	}
	release()
	return nil
}

// copyTree copies the directory src, with every file and folder in it, to dst, which must not
// exist. Files are synced.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.Mkdir(to, 0o700)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		if err == nil {
			err = out.Sync()
		}
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// AsideSuffix starts the name RestoreDamaged gives a damaged data directory it sets aside: the
// directory's name, then this, then the time, as in 数据.damaged-20261123-210501.
const AsideSuffix = ".damaged-"

// RestoreDamaged restores the backup file backup into the data directory dir, which is damaged,
// without changing a byte of it: it renames dir to a sibling named with AsideSuffix and now,
// restores the backup (see Restore) into a new directory at dir, and copies the backups folder
// of the damaged directory into it. A backup inside dir is read from its place in the renamed
// directory. It returns where the damaged directory is now. If the restore fails, dir is
// renamed back and left as it was.
func RestoreDamaged(dir, backup string, now time.Time) (aside string, err error) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if abs, err := filepath.Abs(backup); err == nil {
		backup = abs
	}
	release, ok := sharedLock(dir)
	if !ok {
		return "", &LockedError{Dir: dir}
	}
	release()
	aside = dir + AsideSuffix + now.Format("20060102-150405")
	if _, err := os.Lstat(aside); err == nil {
		return "", fmt.Errorf("%s 已经存在：请稍等一秒再试", aside)
	}
	if rel, err := filepath.Rel(dir, backup); err == nil && !strings.HasPrefix(rel, "..") {
		backup = filepath.Join(aside, rel)
	}
	if err := os.Rename(dir, aside); err != nil {
		return "", fail(fmt.Sprintf("无法把损坏的数据目录 %s 改名保存，什么也没有恢复：请检查目录的权限", dir), err)
	}
	syncDir(filepath.Dir(dir))
	back := func(err error) (string, error) {
		if rerr := os.Rename(aside, dir); rerr != nil {
			return aside, fail(fmt.Sprintf("恢复没有完成，损坏的数据目录留在 %s：请把它改回原名 %s 后再试", aside, dir), errors.Join(err, rerr))
		}
		return "", err
	}
	f, err := os.Open(backup)
	if err != nil {
		return back(fmt.Errorf("读不到备份文件 %s，什么也没有恢复：%w", backup, err))
	}
	defer f.Close()
	if err := Restore(dir, f, false); err != nil {
		return back(err)
	}
	if _, err := os.Stat(filepath.Join(aside, BackupsDir)); err == nil {
		if err := copyTree(filepath.Join(aside, BackupsDir), filepath.Join(dir, BackupsDir)); err != nil {
			return aside, fail(fmt.Sprintf("备份已经恢复，但自动备份没能全部复制过来：它们都还在 %s", filepath.Join(aside, BackupsDir)), err)
		}
	}
	return aside, nil
}

// Verify checks every block of every table of the store against its checksum (see the package
// comment above), and reports a *DamagedError if one does not match.
func (s *Store) Verify() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errors.New(msgClosed)
	}
	if err := verifyBlocks(s.dir, s.db); err != nil {
		s.log.Printf("ERROR: %s: %v", s.dir, errors.Unwrap(err))
		return err
	}
	return nil
}

// verifyBlocks checks every block of every table of db against its checksum. Badger panics over
// some bad blocks; that is damage too.
func verifyBlocks(dir string, db *badger.DB) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = damaged(dir, "verifying tables: %v", r)
		}
		var de *DamagedError
		if errors.As(err, &de) && de.File == "" {
			if de.File = fileIn(de.Cause); de.File == "" && len(db.Opts().EncryptionKey) > 0 {
				return // an encrypted table is not read apart from Badger
			} else if de.File == "" {
				de.File = damagedTable(dir, db)
			}
		}
	}()
	if err := whileTrimming(db.VerifyChecksum); err != nil {
		return &DamagedError{Dir: dir, Cause: err}
	}
	return nil
}

// damagedTable finds the table of db whose blocks do not match their checksums, reading each
// table file on its own (Badger's own check says which table only when it does not panic); ""
// when none is found.
func damagedTable(dir string, db *badger.DB) string {
	opt := db.Opts()
	for _, ti := range db.Tables() {
		path := btable.NewFilename(ti.ID, dir)
		if bad := func() (bad bool) {
			defer func() {
				if recover() != nil {
					bad = true
				}
			}()
			mf, err := z.OpenMmapFile(path, os.O_RDONLY, 0)
			if err != nil && !errors.Is(err, z.NewFile) {
				return true
			}
			t, err := btable.OpenTable(mf, btable.Options{ReadOnly: true, ChkMode: boptions.OnTableAndBlockRead,
				BlockSize: opt.BlockSize, Compression: opt.Compression, ZSTDCompressionLevel: opt.ZSTDCompressionLevel})
			if err != nil {
				return true
			}
			defer t.DecrRef()
			return t.VerifyChecksum() != nil
		}(); bad {
			return filepath.Base(path)
		}
	}
	return ""
}
