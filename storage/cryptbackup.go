package storage

// Backups of encrypted archives (version 2, see backup.go).

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/minio/sio"
)

// backupKeyInfo is the HKDF info of a backup's stream key: the key of one backup is never the
// key of another (a new salt each time) nor Badger's.
const backupKeyInfo = "yishi-backup 2 stream"

// cryptHeader is the JSON of the second header line of an encrypted backup.
type cryptHeader struct {
	Key  *keyFile `json:"key"`  // the archive's key file at the time of the backup
	Salt []byte   `json:"salt"` // of the stream key
}

const cryptPrefix = "encrypted "

// streamKey derives the key of one backup's DARE stream.
func streamKey(master, salt []byte) ([]byte, error) {
	return hkdf.Key(sha256.New, master, salt, backupKeyInfo, 32)
}

// encryptBackup returns the second header line of an encrypted backup, and a writer encrypting
// into w what is written to it; it must be closed to write the last package.
func encryptBackup(w io.Writer, k *keyFile, master []byte) (string, io.WriteCloser, error) {
	h := cryptHeader{Key: k, Salt: make([]byte, 32)}
	rand.Read(h.Salt)
	line, err := json.Marshal(h)
	if err != nil {
		return "", nil, err
	}
	key, err := streamKey(master, h.Salt)
	if err != nil {
		return "", nil, err
	}
	// struct{ io.Writer }: sio closes its destination if it can.
	enc, err := sio.EncryptWriter(struct{ io.Writer }{w}, sio.Config{Key: key, MinVersion: sio.Version20, MaxVersion: sio.Version20})
	if err != nil {
		return "", nil, err
	}
	return cryptPrefix + string(line) + "\n", enc, nil
}

// parseCryptHeader reads the second header line of an encrypted backup (without its newline).
func parseCryptHeader(line string) (*cryptHeader, error) {
	rest, ok := strings.CutPrefix(line, cryptPrefix)
	if !ok {
		return nil, ErrDamagedBackup
	}
	var h struct {
		Key  json.RawMessage `json:"key"`
		Salt []byte          `json:"salt"`
	}
	if err := json.Unmarshal([]byte(rest), &h); err != nil || len(h.Salt) < 16 {
		return nil, ErrDamagedBackup
	}
	k, err := parseKeyFile(h.Key)
	if newer, ok := errors.AsType[*NewerError](err); ok {
		return nil, &newerBackupError{what: "口令文件格式", version: newer.Version, known: keyVersion}
	}
	if err != nil {
		return nil, ErrDamagedBackup
	}
	return &cryptHeader{Key: k, Salt: h.Salt}, nil
}

// errWrongBackupPassphrase is a wrong passphrase for an encrypted backup. It matches
// ErrWrongPassphrase.
type errWrongBackupPassphrase struct{}

func (errWrongBackupPassphrase) Error() string {
	return "备份的口令不对，什么也没有恢复：请输入写这份备份时档案所用的口令（区分大小写、全角半角）"
}

func (errWrongBackupPassphrase) Is(target error) bool { return target == ErrWrongPassphrase }

// decrypt opens the header's key file with passphrase and returns the master key and a
// reader of the plain gzip stream of body.
func (h *cryptHeader) decrypt(passphrase string, body io.Reader) ([]byte, io.Reader, error) {
	master, err := h.Key.open(passphrase)
	if err != nil {
		if errors.Is(err, errBadKeyFile) {
			return nil, nil, ErrDamagedBackup
		}
		return nil, nil, errWrongBackupPassphrase{}
	}
	key, err := streamKey(master, h.Salt)
	if err != nil {
		return nil, nil, err
	}
	r, err := sio.DecryptReader(body, sio.Config{Key: key, MinVersion: sio.Version20, MaxVersion: sio.Version20})
	if err != nil {
		return nil, nil, ErrDamagedBackup
	}
	return master, r, nil
}
