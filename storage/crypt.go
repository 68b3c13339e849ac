package storage

// Encryption at rest.
//
// An encrypted data directory holds, beside Badger's files, the key file yishi.key: one line of
// JSON (format "yishi-key", version 1) with the Argon2id parameters (time, memory in KiB,
// threads), a random 16-byte salt, and the archive's random 32-byte master key sealed with
// AES-256-GCM under the key Argon2id derives from the passphrase (nonce beside it; the format,
// version and parameters are the additional data, so they cannot be changed unnoticed). Badger
// encrypts its tables, value log and write-ahead log with the master key (WithEncryptionKey).
// A wrong passphrase is a GCM open that fails. Changing the passphrase seals the same master key
// again under a new salt and rewrites only the key file (a temporary file, synced, renamed).
//
// The key file is what makes a directory encrypted: Open refuses a directory that has one
// (*EncryptedError) and OpenEncrypted one that has none (*NotEncryptedError).

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/argon2"
)

// KeyName is the key file of an encrypted data directory.
const KeyName = "yishi.key"

const (
	keyFormat  = "yishi-key"
	keyVersion = 1
	masterLen  = 32 // AES-256
)

// kdfParams are the Argon2id parameters of new key files: RFC 9106's second recommendation
// (t=3, 64 MiB) with 4 lanes, about a fifth of a second on a laptop. A variable so that tests
// can make it cheap; a key file carries its own parameters.
var kdfParams = struct{ time, memory uint32 }{3, 64 << 10}

// CheapKeysForTests makes the key files written from now on cheap to open (Argon2id with one
// pass over 64 KiB), for the tests of other packages, which open encrypted archives dozens of
// times. A key file carries its own parameters: nothing else changes. Never call it in the
// program.
func CheapKeysForTests() { kdfParams.time, kdfParams.memory = 1, 64 }

// Errors of encrypted archives. Their text is what the user reads.
var (
	// ErrWrongPassphrase is reported when a passphrase does not open a key file: nothing has
	// been opened or changed.
	ErrWrongPassphrase = errors.New("口令不对，什么也没有打开：请检查口令（区分大小写、全角半角）后再试")

	// ErrEncrypted is reported (as an *EncryptedError) when an encrypted directory is opened
	// without a passphrase.
	ErrEncrypted = errors.New("数据目录已加密，需要口令")

	// ErrNotEncrypted is reported (as a *NotEncryptedError) when a passphrase is given for a
	// directory that is not encrypted.
	ErrNotEncrypted = errors.New("数据目录没有加密，用不着口令")

	// ErrEncryptedBackup is reported when an encrypted backup is restored without a passphrase.
	ErrEncryptedBackup = errors.New("这份备份是加密的，需要口令才能恢复：请在终端里运行 yishi restore 输入口令，或设置环境变量 YISHI_PASSPHRASE")

	errBadKeyFile = errors.New("数据目录里的口令文件 " + KeyName + " 已损坏，档案打不开：请用备份恢复（yishi restore）")
)

// EncryptedError reports that Dir is encrypted and was opened without a passphrase. It matches
// ErrEncrypted.
type EncryptedError struct{ Dir string }

func (e *EncryptedError) Error() string {
	return fmt.Sprintf("数据目录 %s 已加密，需要口令：请在终端里运行 yishi 输入口令，或设置环境变量 YISHI_PASSPHRASE", e.Dir)
}

// Is makes errors.Is(err, ErrEncrypted) hold.
func (e *EncryptedError) Is(target error) bool { return target == ErrEncrypted }

// NotEncryptedError reports that a passphrase was given for Dir, which is not encrypted (or
// holds no archive yet). It matches ErrNotEncrypted.
type NotEncryptedError struct{ Dir string }

func (e *NotEncryptedError) Error() string {
	return fmt.Sprintf("数据目录 %s 没有加密，用不着口令：要建立加密档案请先运行 yishi init --encrypt；不加密的话，请取消环境变量 YISHI_PASSPHRASE", e.Dir)
}

// Is makes errors.Is(err, ErrNotEncrypted) hold.
func (e *NotEncryptedError) Is(target error) bool { return target == ErrNotEncrypted }

// keyFile is the content of yishi.key.
type keyFile struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	KDF     string `json:"kdf"`
	Time    uint32 `json:"time"`
	Memory  uint32 `json:"memory_kib"`
	Threads uint8  `json:"threads"`
	Salt    []byte `json:"salt"`
	Nonce   []byte `json:"nonce"`
	Wrapped []byte `json:"wrapped"` // the master key sealed with AES-256-GCM
}

// aad is the additional data of the seal: everything in the file but the salt and the seal.
func (k *keyFile) aad() []byte {
	return fmt.Appendf(nil, "%s %d %s t=%d m=%d p=%d", k.Format, k.Version, k.KDF, k.Time, k.Memory, k.Threads)
}

// gcm returns the AES-256-GCM of the key derived from passphrase with the file's parameters.
func (k *keyFile) gcm(passphrase string) (cipher.AEAD, error) {
	key := argon2.IDKey([]byte(passphrase), k.Salt, k.Time, k.Memory, k.Threads, 32)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal (re)wraps master under passphrase with a new salt and the current parameters.
func (k *keyFile) seal(passphrase string, master []byte) error {
	*k = keyFile{Format: keyFormat, Version: keyVersion, KDF: "argon2id",
		Time: kdfParams.time, Memory: kdfParams.memory, Threads: 4,
		Salt: make([]byte, 16), Nonce: make([]byte, 12)}
	rand.Read(k.Salt)
	rand.Read(k.Nonce)
	aead, err := k.gcm(passphrase)
	if err != nil {
		return err
	}
	k.Wrapped = aead.Seal(nil, k.Nonce, master, k.aad())
	return nil
}

// open returns the master key, or ErrWrongPassphrase.
func (k *keyFile) open(passphrase string) ([]byte, error) {
	aead, err := k.gcm(passphrase)
	if err != nil || len(k.Nonce) != aead.NonceSize() {
		return nil, errBadKeyFile
	}
	master, err := aead.Open(nil, k.Nonce, k.Wrapped, k.aad())
	if err != nil || len(master) != masterLen {
		return nil, ErrWrongPassphrase
	}
	return master, nil
}

// parseKeyFile reads a key file's content and checks its form.
func parseKeyFile(b []byte) (*keyFile, error) {
	var k keyFile
	if err := json.Unmarshal(b, &k); err != nil || k.Format != keyFormat || k.KDF != "argon2id" ||
		len(k.Salt) < 8 || k.Time == 0 || k.Threads == 0 || k.Memory < 8*uint32(k.Threads) || k.Memory > 4<<20 {
		return nil, errBadKeyFile
	}
	if k.Version > keyVersion {
		return nil, &NewerError{Version: k.Version, Known: keyVersion}
	}
	return &k, nil
}

// newKey returns a key file sealing a new random master key under passphrase, and the key.
func newKey(passphrase string) (*keyFile, []byte, error) {
	if passphrase == "" {
		return nil, nil, errors.New("口令不能是空的：请设一个口令")
	}
	master := make([]byte, masterLen)
	rand.Read(master)
	k := new(keyFile)
	if err := k.seal(passphrase, master); err != nil {
		return nil, nil, err
	}
	return k, master, nil
}

// Encrypted reports whether the data directory dir is encrypted (holds a key file).
func Encrypted(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, KeyName))
	return err == nil
}

// readKeyFile reads the key file of dir.
func readKeyFile(dir string) (*keyFile, error) {
	b, err := os.ReadFile(filepath.Join(dir, KeyName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, &NotEncryptedError{Dir: dir}
	}
	if err != nil {
		return nil, fail(fmt.Sprintf("读不了数据目录 %s 里的口令文件 %s：请检查文件的权限", dir, KeyName), err)
	}
	return parseKeyFile(b)
}

// writeKeyFile writes k as dir's key file: a temporary file, synced, renamed into place, and
// the directory synced, so a power cut leaves the old key file or the new one.
func writeKeyFile(dir string, k *keyFile) error {
	b, err := json.Marshal(k)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".yishi-key-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, KeyName))
	}
	if err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// keyMissing tells of an encrypted archive whose key file is gone, where Badger says only that
// the key does not match: the user may still have the file somewhere.
func keyMissing(dir string, err error) error {
	if errors.Is(err, badger.ErrEncryptionKeyMismatch) {
		return fmt.Errorf("数据目录 %s 是加密的，但其中的口令文件 %s 不见了，打不开：请把原来的 %s 放回这个目录，或用备份恢复（yishi restore）", dir, KeyName, KeyName)
	}
	return err
}

// Unlocked is an encrypted data directory whose passphrase has been checked: Open opens it
// without deriving the key again. A program asks the passphrase (and again, if it was wrong)
// before it starts its screens, and opens the archive beside the first frame.
type Unlocked struct {
	dir    string
	key    *keyFile
	master []byte
}

// Unlock checks passphrase against the key file of the encrypted data directory dir. It refuses
// a directory without a key file (*NotEncryptedError) and a wrong passphrase
// (ErrWrongPassphrase).
func Unlock(dir, passphrase string) (*Unlocked, error) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	k, err := readKeyFile(dir)
	if err != nil {
		return nil, err
	}
	master, err := k.open(passphrase)
	if err != nil {
		return nil, err
	}
	return &Unlocked{dir: dir, key: k, master: master}, nil
}

// Open opens the unlocked directory, as Open does a plain one.
func (u *Unlocked) Open() (*Store, error) {
	s, err := open(u.dir, u.master)
	if err != nil {
		return nil, err
	}
	s.key, s.master = u.key, u.master
	s.encrypted.Store(true)
	return s, nil
}

// OpenEncrypted opens the encrypted data directory dir with passphrase: Unlock, then Open.
func OpenEncrypted(dir, passphrase string) (*Store, error) {
	u, err := Unlock(dir, passphrase)
	if err != nil {
		return nil, err
	}
	return u.Open()
}

// CreateEncrypted makes dir, new or holding an archive without any record, an encrypted
// archive under passphrase, and returns it open. A directory with records is refused: it is
// encrypted through a backup restored with a passphrase (see RestoreOptions.NewPassphrase).
func CreateEncrypted(dir, passphrase string) (*Store, error) {
	if Encrypted(dir) {
		return nil, fmt.Errorf("数据目录 %s 已经加密了：要换口令请运行 yishi passphrase", dir)
	}
	s, err := Open(dir)
	if err != nil {
		return nil, err
	}
	if err := s.Encrypt(passphrase); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Encrypt turns the open store, which must hold no record, into an encrypted archive under
// passphrase: it closes Badger, removes its files, writes the key file and opens Badger again
// with the new master key, as the same Store. The log, the disk reserve and the backups folder
// stay.
func (s *Store) Encrypt(passphrase string) error {
	k, master, err := newKey(passphrase)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.readOnly:
		return ErrReadOnly
	case s.closed:
		return errors.New(msgClosed)
	case s.dir == "":
		return errors.New("内存中的档案不能加密")
	case s.master != nil:
		return fmt.Errorf("数据目录 %s 已经加密了：要换口令请运行 yishi passphrase", s.dir)
	}
	var found bool
	if err := s.db.View(func(txn *badger.Txn) error { found = hasRecords(txn); return nil }); err != nil {
		return s.report(fail(msgRead, err))
	}
	if found {
		return fmt.Errorf("数据目录 %s 里已经有记录，不能就地加密：请先用 yishi backup 文件 备份，再用 yishi restore 文件 --encrypt --data 新目录，恢复成加密的档案", s.dir)
	}
	releaseReserve(s.dir)
	if err := s.db.Close(); err != nil {
		s.closed = true
		return s.report(fail("加密没有完成：关闭数据目录时出错，请重新打开 yishi 再试", err))
	}
	s.closed = true // until Badger is open again
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return s.report(fail(msgWrite, err))
	}
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && archiveFile(n) && n != LogName && n != ReserveName && n != KeyName {
			if err := os.Remove(filepath.Join(s.dir, n)); err != nil {
				return s.report(fail(msgWrite, err))
			}
		}
	}
	if err := writeKeyFile(s.dir, k); err != nil {
		return s.report(fail(msgWrite, err))
	}
	db, err := openDB(options(s.dir, logger{s.log}).WithEncryptionKey(master))
	if err != nil {
		s.log.Printf("ERROR: open %s encrypted: %v", s.dir, err)
		return openError(s.dir, err)
	}
	s.db, s.key, s.master, s.closed = db, k, master, false
	s.encrypted.Store(true)
	s.posted.reset()
	if err := s.writeSchema(); err != nil {
		return s.report(err)
	}
	keepReserve(s.dir)
	s.log.Printf("INFO: %s: encrypted", s.dir)
	return nil
}

// IsEncrypted reports whether the store is an encrypted archive. It does not wait for reads
// and writes under way.
func (s *Store) IsEncrypted() bool { return s.encrypted.Load() }

// ChangePassphrase seals the master key of the open encrypted store under a new passphrase and
// rewrites the key file; the data is not touched. Backups written before keep the old
// passphrase.
func (s *Store) ChangePassphrase(passphrase string) error {
	if passphrase == "" {
		return errors.New("口令不能是空的：请设一个口令")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.readOnly:
		return ErrReadOnly
	case s.closed:
		return errors.New(msgClosed)
	case s.master == nil:
		return &NotEncryptedError{Dir: s.dir}
	}
	k := new(keyFile)
	if err := k.seal(passphrase, s.master); err != nil {
		return err
	}
	if err := writeKeyFile(s.dir, k); err != nil {
		return s.report(fail("口令没有改成，原来的口令仍然有效：请检查数据目录能否写入、磁盘是否已满", err))
	}
	s.key = k
	s.log.Printf("INFO: %s: passphrase changed", s.dir)
	return nil
}
