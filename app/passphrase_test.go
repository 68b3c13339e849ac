package app

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/meeting/demo"
	"yishi/storage"
)

const testPass = "北坡路灯-2026"

// Key files of these tests are cheap to open; storage's tests cover the real parameters' code.
func init() { storage.CheapKeysForTests() }

// yishiWith runs the program with environment variables and the passphrases typed at the
// "terminal", in order; a prompt beyond them fails the test. With typed nil there is no
// terminal.
func yishiWith(t *testing.T, env map[string]string, typed []string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(Env{
		Args: args, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return testkit.FixedNow },
		Open:   func(dir string) (core.Store, error) { return storage.Open(dir) },
		ReadPassword: func(prompt string) (string, error) {
			if typed == nil {
				return "", errNoTerminal
			}
			if len(typed) == 0 {
				t.Errorf("asked %q with nothing left to type", prompt)
				return "", errNoTerminal
			}
			p := typed[0]
			typed = typed[1:]
			return p, nil
		},
	})
	return result{code, out.String(), errOut.String()}
}

var withPass = map[string]string{envPassphrase: testPass}

func TestInitEncryptAndOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	// Asked twice at the terminal; a mismatch changes nothing.
	r := yishiWith(t, nil, []string{testPass, testPass + "x"}, "init", "--encrypt", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "两次输入的口令不一样") || storage.Encrypted(dir) {
		t.Fatalf("a mismatched second entry: exit %d, %q, encrypted %v", r.code, r.stderr, storage.Encrypted(dir))
	}
	r = yishiWith(t, nil, []string{"短口令"}, "init", "--encrypt", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "口令太短") {
		t.Fatalf("a short passphrase: exit %d, %q", r.code, r.stderr)
	}
	mustOK(t, yishiWith(t, nil, []string{testPass, testPass}, "init", "--encrypt", "--data", dir))
	if !storage.Encrypted(dir) {
		t.Fatal("init --encrypt wrote no key file")
	}
	mustOK(t, yishiWith(t, withPass, nil, "demo", "--data", dir))

	// Without a passphrase and no terminal: a plain message, exit 1.
	r = yishiWith(t, nil, nil, "meetings", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, envPassphrase) || strings.Contains(strings.ToLower(r.stderr), "badger") {
		t.Errorf("an encrypted directory without passphrase: exit %d, %q", r.code, r.stderr)
	}
	// A wrong one in the environment is not asked again.
	r = yishiWith(t, map[string]string{envPassphrase: "不对的口令不对的口令"}, nil, "meetings", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "口令不对") || strings.Contains(strings.ToLower(r.stderr), "cipher") {
		t.Errorf("a wrong passphrase: exit %d, %q", r.code, r.stderr)
	}
	// At the terminal: three tries.
	r = yishiWith(t, nil, []string{"错一次的口令", testPass}, "meetings", "--data", dir)
	if r.code != 0 || !strings.Contains(r.stderr, "口令不对，请再输入一次") || !strings.Contains(r.stdout, "阿北村") {
		t.Errorf("a second try: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	r = yishiWith(t, nil, []string{"a1234567", "b1234567", "c1234567"}, "meetings", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "口令不对") {
		t.Errorf("three wrong tries: exit %d, %q", r.code, r.stderr)
	}
	// init --encrypt again refuses.
	r = yishiWith(t, withPass, nil, "init", "--encrypt", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "yishi passphrase") {
		t.Errorf("init --encrypt of an encrypted directory: exit %d, %q", r.code, r.stderr)
	}
}

// TestBusyBeforePassphrase: an encrypted archive another yishi has open is refused before the
// passphrase is asked (yishiWith fails the test on a prompt with nothing to type).
func TestBusyBeforePassphrase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	mustOK(t, yishiWith(t, withPass, nil, "init", "--encrypt", "--data", dir))
	s, err := storage.OpenEncrypted(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := yishiWith(t, nil, []string{}, "meetings", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "正被另一个 yishi 使用") {
		t.Errorf("a busy encrypted archive: exit %d, %q", r.code, r.stderr)
	}
}

func TestPassphraseOnPlainArchive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	mustOK(t, yishi(t, "", "demo", "--data", dir))
	r := yishiWith(t, withPass, nil, "meetings", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "没有加密") || !strings.Contains(r.stderr, envPassphrase) {
		t.Errorf("a passphrase for a plain archive: exit %d, %q", r.code, r.stderr)
	}
	r = yishiWith(t, withPass, nil, "init", "--encrypt", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "yishi backup") || storage.Encrypted(dir) {
		t.Errorf("init --encrypt of an archive with records: exit %d, %q", r.code, r.stderr)
	}
	r = yishi(t, "", "passphrase", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "没有加密") {
		t.Errorf("passphrase of a plain archive: exit %d, %q", r.code, r.stderr)
	}
	// The way the refusal names: backup, then restore --encrypt into a new directory.
	file := filepath.Join(t.TempDir(), "plain.yishi-backup")
	mustOK(t, yishi(t, "", "backup", file, "--data", dir))
	enc := filepath.Join(t.TempDir(), "enc")
	mustOK(t, yishiWith(t, nil, []string{testPass, testPass}, "restore", file, "--encrypt", "--data", enc))
	if !storage.Encrypted(enc) {
		t.Fatal("restore --encrypt made no encrypted archive")
	}
	r = mustOK(t, yishiWith(t, withPass, nil, "meetings", "--data", enc))
	if !strings.Contains(r.stdout, "阿北村") {
		t.Errorf("the archive restored encrypted lists %q", r.stdout)
	}
}

func TestChangePassphraseCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	mustOK(t, yishiWith(t, withPass, nil, "init", "--encrypt", "--data", dir))
	mustOK(t, yishiWith(t, withPass, nil, "demo", "--data", dir))
	const newPass = "新的口令 2027"
	mustOK(t, yishiWith(t, nil, []string{testPass, newPass, newPass}, "passphrase", "--data", dir))
	if r := yishiWith(t, withPass, nil, "meetings", "--data", dir); r.code != 1 {
		t.Errorf("the old passphrase still opens: %q", r.stdout)
	}
	mustOK(t, yishiWith(t, map[string]string{envPassphrase: newPass}, nil, "meetings", "--data", dir))
	// From the environment.
	mustOK(t, yishiWith(t, map[string]string{envPassphrase: newPass, envNewPassphrase: testPass}, nil, "passphrase", "--data", dir))
	mustOK(t, yishiWith(t, withPass, nil, "meetings", "--data", dir))
}

// TestEncryptedLeaksNothing is the test: after the demo village is recorded into an
// encrypted directory, no file in it, its automatic backup or a manual backup holds a roster
// name or ID number, in UTF-8 or GBK.
func TestEncryptedLeaksNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	mustOK(t, yishiWith(t, withPass, nil, "init", "--encrypt", "--data", dir))
	mustOK(t, yishiWith(t, withPass, nil, "demo", "--data", dir))

	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	// Something recorded after: a statement, a draft, the current meeting; then the day's
	// automatic backup, as a clean exit of the screens writes it.
	s, err := storage.OpenEncrypted(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	m := a.Meetings[0]
	m.ID, m.Status, m.End, m.Title = 0, meeting.Draft, time.Time{}, "夜话：路灯电费"
	if err := s.PutMeeting(&m); err != nil {
		t.Fatal(err)
	}
	p := a.People[1]
	st := meeting.Statement{MeetingID: m.ID, Item: 1, At: m.Start.Add(time.Minute), Speaker: meeting.Ref{PersonID: p.ID, Name: p.Name},
		Text: p.Name + "说：身份证 " + p.IDCard + " 电话 " + p.Phone}
	if err := s.AppendStatement(&st); err != nil {
		t.Fatal(err)
	}
	if err := s.PutDraft(meeting.StatementDraft{MeetingID: m.ID, Item: 1, Speaker: meeting.Ref{Name: p.Name}, Text: p.Name + "半句话"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCurrent(m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteAutoBackup(testkit.FixedNow, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "enc.yishi-backup")
	mustOK(t, yishiWith(t, withPass, nil, "backup", backup, "--data", dir))

	var needles [][]byte
	gbk := simplifiedchinese.GBK.NewEncoder()
	for _, p := range a.People {
		needles = append(needles, []byte(p.Name))
		// Two characters in GBK are four bytes, which a megabyte of ciphertext holds by
		// chance once in a few thousand runs: names of three characters or more only.
		if g, err := gbk.Bytes([]byte(p.Name)); err == nil && len(g) >= 6 {
			needles = append(needles, g)
		}
		if len(p.IDCard) == 18 {
			needles = append(needles, []byte(p.IDCard))
		}
		if p.Phone != "" {
			needles = append(needles, []byte(p.Phone))
		}
	}
	if len(needles) < 40 {
		t.Fatalf("only %d needles from the demo roster", len(needles))
	}
	files := []string{backup}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return err
	})
	var autos int
	for _, f := range files {
		if strings.HasSuffix(f, ".yishi-backup") && f != backup {
			autos++
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			if bytes.Contains(b, n) {
				t.Errorf("%s holds %q", f, n)
			}
		}
	}
	if autos != 1 {
		t.Errorf("%d automatic backups in %s, want 1", autos, dir)
	}

	// The check finds what is there: the same records in a plain directory show names.
	plain := filepath.Join(t.TempDir(), "plain")
	mustOK(t, yishi(t, "", "demo", "--data", plain))
	var found bool
	filepath.WalkDir(plain, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			found = found || bytes.Contains(b, []byte(a.People[0].Name))
		}
		return err
	})
	if !found {
		t.Error("the plain directory shows no roster name either: the test proves nothing")
	}

	// And the backup restores with the passphrase to the same records.
	restored := filepath.Join(t.TempDir(), "restored")
	mustOK(t, yishiWith(t, withPass, nil, "restore", backup, "--data", restored))
	want := mustOK(t, yishiWith(t, withPass, nil, "export", "json", "--data", dir)).stdout
	got := mustOK(t, yishiWith(t, withPass, nil, "export", "json", "--data", restored)).stdout
	if got != want {
		t.Error("the encrypted backup restores different records")
	}
	if r := yishiWith(t, nil, nil, "restore", backup, "--data", filepath.Join(t.TempDir(), "x")); r.code != 1 || !strings.Contains(r.stderr, "口令") {
		t.Errorf("restore of an encrypted backup without passphrase: exit %d, %q", r.code, r.stderr)
	}
}
