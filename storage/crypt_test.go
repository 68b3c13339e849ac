package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yishi/meeting/demo"
)

// Key derivation made cheap: the tests derive keys dozens of times. A key file carries its own
// parameters, so what is tested is the same code.
func init() { CheapKeysForTests() }

const pass = "北坡路灯-2026"

// openCrypt opens the encrypted store in dir; the test closes it.
func openCrypt(t testing.TB, dir, passphrase string) *Store {
	t.Helper()
	s, err := OpenEncrypted(dir, passphrase)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// demoCryptStore is demoStore, encrypted under pass.
func demoCryptStore(t testing.TB) *Store {
	t.Helper()
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	s, err := CreateEncrypted(t.TempDir(), pass)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

func exportOf(t testing.TB, s *Store) []byte {
	t.Helper()
	a, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func TestEncryptedOpen(t *testing.T) {
	s := demoCryptStore(t)
	dir := s.Dir()
	want := exportOf(t, s)
	if !s.IsEncrypted() || !Encrypted(dir) {
		t.Fatal("a store made by CreateEncrypted does not say it is encrypted")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	if _, err := Open(dir); !errors.Is(err, ErrEncrypted) {
		t.Errorf("Open of an encrypted directory: %v, want ErrEncrypted", err)
	}
	if _, err := OpenEncrypted(dir, pass+"x"); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("a wrong passphrase: %v, want ErrWrongPassphrase", err)
	} else if strings.Contains(err.Error(), "cipher") || strings.Contains(err.Error(), "badger") {
		t.Errorf("a wrong passphrase tells the user %q", err)
	}
	s = openCrypt(t, dir, pass)
	if got := exportOf(t, s); !bytes.Equal(got, want) {
		t.Error("the encrypted archive reads back different records")
	}
	s.Close()

	plain := openDir(t, t.TempDir())
	plainDir := plain.Dir()
	plain.Close()
	if _, err := OpenEncrypted(plainDir, pass); !errors.Is(err, ErrNotEncrypted) {
		t.Errorf("OpenEncrypted of a plain directory: %v, want ErrNotEncrypted", err)
	}
	if _, err := CreateEncrypted(dir, pass); err == nil {
		t.Error("CreateEncrypted of an encrypted directory did not refuse")
	}
}

func TestEncryptRefusesRecords(t *testing.T) {
	s := demoStore(t)
	defer s.Close()
	if err := s.Encrypt(pass); err == nil || !strings.Contains(err.Error(), "yishi backup") {
		t.Fatalf("Encrypt of a store with records: %v, want a refusal saying how", err)
	}
	if Encrypted(s.Dir()) || s.IsEncrypted() {
		t.Error("a refused Encrypt left a key file")
	}
	if _, err := s.Villages(); err != nil {
		t.Errorf("the store is unusable after a refused Encrypt: %v", err)
	}
}

func TestEncryptEmptyStoreInPlace(t *testing.T) {
	s := openDir(t, t.TempDir())
	dir := s.Dir()
	if err := s.Encrypt(pass); err != nil {
		t.Fatal(err)
	}
	// The same Store goes on, encrypted.
	a, _ := demo.Abei()
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	want := exportOf(t, s)
	s.Close()
	if _, err := Open(dir); !errors.Is(err, ErrEncrypted) {
		t.Fatalf("after Encrypt, Open: %v, want ErrEncrypted", err)
	}
	s = openCrypt(t, dir, pass)
	defer s.Close()
	if !bytes.Equal(exportOf(t, s), want) {
		t.Error("records written after Encrypt read back different")
	}
}

func TestChangePassphrase(t *testing.T) {
	s := demoCryptStore(t)
	dir := s.Dir()
	want := exportOf(t, s)
	if err := s.ChangePassphrase("新口令 abc"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := OpenEncrypted(dir, pass); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("the old passphrase after a change: %v, want ErrWrongPassphrase", err)
	}
	s = openCrypt(t, dir, "新口令 abc")
	defer s.Close()
	if !bytes.Equal(exportOf(t, s), want) {
		t.Error("records differ after a change of passphrase")
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, ".yishi-key-*")); len(entries) > 0 {
		t.Errorf("a change of passphrase left %v", entries)
	}
}

func TestKeyFileDamaged(t *testing.T) {
	s := demoCryptStore(t)
	dir := s.Dir()
	s.Close()
	if err := os.WriteFile(filepath.Join(dir, KeyName), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := OpenEncrypted(dir, pass)
	if err == nil || errors.Is(err, ErrWrongPassphrase) || !strings.Contains(err.Error(), KeyName) {
		t.Errorf("a damaged key file: %v, want a message naming %s", err, KeyName)
	}
}

func TestKeyFileMissing(t *testing.T) {
	s := demoCryptStore(t)
	dir := s.Dir()
	s.Close()
	if err := os.Rename(filepath.Join(dir, KeyName), filepath.Join(t.TempDir(), KeyName)); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir)
	if err == nil || !strings.Contains(err.Error(), KeyName) || strings.Contains(err.Error(), "mismatch") {
		t.Errorf("an encrypted archive without its key file: %v, want a message naming %s", err, KeyName)
	}
}

func TestEncryptedBackupRoundTrip(t *testing.T) {
	s := demoCryptStore(t)
	want := exportOf(t, s)
	b := backupOf(t, s)
	s.Close()
	if !bytes.HasPrefix(b, []byte("yishi-backup 2\nencrypted {")) {
		t.Fatalf("an encrypted archive's backup starts %q", b[:min(len(b), 40)])
	}
	ask := func(p string) func() (string, error) { return func() (string, error) { return p, nil } }

	target := filepath.Join(t.TempDir(), "restored")
	if err := Restore(target, bytes.NewReader(b), false); !errors.Is(err, ErrEncryptedBackup) {
		t.Errorf("restore without a passphrase: %v, want ErrEncryptedBackup", err)
	}
	assertEmptyDir(t, target)
	err := RestoreWith(target, bytes.NewReader(b), RestoreOptions{Passphrase: ask("wrong")})
	if !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("restore with a wrong passphrase: %v, want ErrWrongPassphrase", err)
	}
	assertEmptyDir(t, target)

	if err := RestoreWith(target, bytes.NewReader(b), RestoreOptions{Passphrase: ask(pass)}); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(target); !errors.Is(err, ErrEncrypted) {
		t.Errorf("the archive restored from an encrypted backup: Open says %v, want ErrEncrypted", err)
	}
	r := openCrypt(t, target, pass)
	defer r.Close()
	if got := exportOf(t, r); !bytes.Equal(got, want) {
		t.Error("the restored archive differs from the original")
	}
}

// TestEncryptedBackupTampered cuts and reorders the encrypted stream and writes a matching
// checksum, so that only the authenticated encryption can notice.
func TestEncryptedBackupTampered(t *testing.T) {
	s := demoCryptStore(t)
	b := backupOf(t, s)
	s.Close()
	head := bytes.Index(b, []byte("}\n")) + 2
	body := b[head : len(b)-trailerLen]
	resum := func(body []byte) []byte {
		out := append(append([]byte{}, b[:head]...), body...)
		sum := sha256.Sum256(out)
		return append(out, trailerPrefix+hex.EncodeToString(sum[:])+"\n"...)
	}
	flipped := append([]byte{}, body...)
	flipped[len(flipped)/2] ^= 1
	cases := map[string][]byte{
		"cut":     resum(body[:len(body)-100]),
		"flipped": resum(flipped),
		"empty":   resum(nil),
	}
	// Packages swapped: a larger archive, for a stream of several DARE packages (64 KiB of
	// plaintext each, 32 bytes of header and tag around it).
	big, err := CreateEncrypted(t.TempDir(), pass)
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Import(demo.Synthetic(1, 3, nil), nil); err != nil {
		t.Fatal(err)
	}
	bb := backupOf(t, big)
	big.Close()
	const pkg = 32 + 64<<10
	bhead := bytes.Index(bb, []byte("}\n")) + 2
	bbody := bb[bhead : len(bb)-trailerLen]
	if len(bbody) < 3*pkg {
		t.Fatalf("the larger backup's stream is %d bytes, fewer than 3 packages", len(bbody))
	}
	swapped := append(append(append([]byte{}, bbody[pkg:2*pkg]...), bbody[:pkg]...), bbody[2*pkg:]...)
	b, head = bb, bhead // resum builds on the larger file's header
	cases["swapped"] = resum(swapped)
	cases["last package dropped"] = resum(bbody[:(len(bbody)-1)/pkg*pkg])
	for name, file := range cases {
		target := filepath.Join(t.TempDir(), name)
		err := RestoreWith(target, bytes.NewReader(file), RestoreOptions{Passphrase: func() (string, error) { return pass, nil }})
		if !errors.Is(err, ErrDamagedBackup) {
			t.Errorf("%s: %v, want ErrDamagedBackup", name, err)
		}
		assertEmptyDir(t, target)
	}
}

func TestPlainBackupStaysVersion1(t *testing.T) {
	s := demoStore(t)
	want := exportOf(t, s)
	b := backupOf(t, s)
	s.Close()
	if !bytes.HasPrefix(b, []byte("yishi-backup 1\n\x1f\x8b")) {
		t.Fatalf("a plain archive's backup starts %q, want version 1", b[:20])
	}
	// A plain backup restored with a new passphrase becomes an encrypted archive.
	target := filepath.Join(t.TempDir(), "encrypted")
	err := RestoreWith(target, bytes.NewReader(b), RestoreOptions{
		Passphrase:    func() (string, error) { t.Error("asked a passphrase for a plain backup"); return "", nil },
		NewPassphrase: func() (string, error) { return pass, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	r := openCrypt(t, target, pass)
	defer r.Close()
	if !bytes.Equal(exportOf(t, r), want) {
		t.Error("the plain backup restored encrypted differs")
	}
}

// TestRealKeyParams seals and opens a key file with the program's own Argon2id parameters,
// through the file's text, as the tests' cheap ones do not.
func TestRealKeyParams(t *testing.T) {
	k := new(keyFile)
	master := bytes.Repeat([]byte{7}, masterLen)
	if err := k.seal(pass, master); err != nil {
		t.Fatal(err)
	}
	k.Time, k.Memory = 3, 64<<10 // as a key file written by the program says
	aead, err := k.gcm(pass)
	if err != nil {
		t.Fatal(err)
	}
	k.Wrapped = aead.Seal(nil, k.Nonce, master, k.aad())
	b, err := json.Marshal(k)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := parseKeyFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := parsed.open(pass); err != nil || !bytes.Equal(got, master) {
		t.Errorf("open: %v", err)
	}
	if _, err := parsed.open(pass + " "); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("a wrong passphrase: %v", err)
	}
}
