package storage

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"google.golang.org/protobuf/proto"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// demoStore opens a store in a temporary directory holding the demo village, a draft and a
// current meeting; the test closes it.
func demoStore(t testing.TB) *Store {
	t.Helper()
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	s := openDir(t, t.TempDir())
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	m := a.Meetings[0]
	if err := s.PutDraft(meeting.StatementDraft{MeetingID: m.ID, Item: 1, Speaker: meeting.Ref{Name: "金昌义"}, Text: "半句话"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCurrent(m.ID); err != nil {
		t.Fatal(err)
	}
	return s
}

// backupOf returns a backup of s.
func backupOf(t testing.TB, s *Store) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := s.Backup(&b, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exportJSON returns the archive of the data directory dir as JSON.
func exportJSON(t testing.TB, dir string) []byte {
	t.Helper()
	s := openDir(t, dir)
	defer s.Close()
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

// assertEmptyDir fails unless dir is missing or holds nothing.
func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		t.Errorf("%s holds %d entries after a failed restore", dir, len(entries))
	}
	// Nothing left beside it either: no temporary file or directory.
	siblings, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range siblings {
		if strings.HasPrefix(e.Name(), ".yishi-restore-") {
			t.Errorf("a failed restore left %s behind", e.Name())
		}
	}
}

func TestBackupRestore(t *testing.T) {
	s := demoStore(t)
	var progress [][2]int64
	var b bytes.Buffer
	if err := s.Backup(&b, func(done, total int64) { progress = append(progress, [2]int64{done, total}) }); err != nil {
		t.Fatal(err)
	}
	src := s.Dir()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("yishi-backup 1\n\x1f\x8b")) {
		t.Errorf("the backup does not start with its header and a gzip stream: %q", b.Bytes()[:20])
	}
	if len(progress) < 2 || progress[0][0] != 0 || progress[len(progress)-1][0] != progress[len(progress)-1][1] || progress[0][1] == 0 {
		t.Errorf("progress: %v", progress)
	}
	for _, p := range progress {
		if p[0] > p[1] {
			t.Errorf("progress %d of %d", p[0], p[1])
		}
	}

	// Into a directory that does not exist yet, and into an empty one.
	for _, dir := range []string{filepath.Join(t.TempDir(), "new", "yishi"), t.TempDir()} {
		if err := Restore(dir, bytes.NewReader(b.Bytes()), false); err != nil {
			t.Fatal(err)
		}
		if got, want := exportJSON(t, dir), exportJSON(t, src); !bytes.Equal(got, want) {
			t.Fatalf("the restored archive exports differently (%d bytes, want %d)", len(got), len(want))
		}
		r := openDir(t, dir)
		d, found, err := r.Draft(demo.AbeiID(1))
		if err != nil || !found || d.Text != "半句话" {
			t.Errorf("the draft was not restored: %v %v %+v", err, found, d)
		}
		if cur, err := r.Current(); err != nil || cur != demo.AbeiID(1) {
			t.Errorf("the current meeting was not restored: %v %v", cur, err)
		}
		// The restored archive takes new records after the old ones.
		v := village("新村")
		if err := r.PutVillage(&v); err != nil || v.ID.Local() != 1 || v.ID.Space() == demo.AbeiSpace {
			t.Errorf("a new village after restore: ID %#x, %v", uint64(v.ID), err)
		}
		r.Close()
	}
}

func TestRestoreDamaged(t *testing.T) {
	s := demoStore(t)
	good := backupOf(t, s)
	s.Close()
	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x01
		return b
	}
	for name, b := range map[string][]byte{
		"a byte of the data":     flip(len(good) / 2),
		"a byte of the gzip end": flip(len(good) - trailerLen - 3),
		"a byte of the checksum": flip(len(good) - 5),
		"cut short":              good[:len(good)-100],
		"cut in the trailer":     good[:len(good)-1],
		"only the header":        []byte("yishi-backup 1\n"),
		"no checksum at all":     append(bytes.Clone(good[:len(good)-trailerLen]), strings.Repeat("x", trailerLen)...),
	} {
		dir := filepath.Join(t.TempDir(), "yishi")
		err := Restore(dir, bytes.NewReader(b), false)
		if !errors.Is(err, ErrDamagedBackup) {
			t.Errorf("%s: %v, want ErrDamagedBackup", name, err)
		}
		assertEmptyDir(t, dir)
		empty := t.TempDir()
		if err := Restore(empty, bytes.NewReader(b), false); !errors.Is(err, ErrDamagedBackup) {
			t.Errorf("%s into an empty directory: %v", name, err)
		}
		assertEmptyDir(t, empty)
	}
}

func TestRestoreRefusesOtherFiles(t *testing.T) {
	s := demoStore(t)
	good := backupOf(t, s)
	s.Close()
	for name, c := range map[string]struct {
		data []byte
		want error
	}{
		"newer format":       {append([]byte("yishi-backup 3\n"), good[len("yishi-backup 1\n"):]...), ErrNewer},
		"not a backup":       {[]byte(`{"format":"yishi-archive","version":1}`), ErrNotBackup},
		"empty":              {nil, ErrNotBackup},
		"another magic":      {append([]byte("yishi-backop 1\n"), good[15:]...), ErrNotBackup},
		"version zero":       {append([]byte("yishi-backup 0\n"), good[15:]...), ErrNotBackup},
		"a very long header": {bytes.Repeat([]byte("y"), 1<<20), ErrNotBackup},
	} {
		dir := t.TempDir()
		err := Restore(dir, bytes.NewReader(c.data), false)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
		if err != nil && strings.ContainsAny(err.Error(), "abcdefghijklmnopqrstuvwxyz") && !strings.Contains(err.Error(), "yishi") {
			t.Errorf("%s: not a plain message: %v", name, err)
		}
		assertEmptyDir(t, dir)
	}
}

// TestRestoreNewerSchema restores a backup of an archive whose schema is newer than this program's.
func TestRestoreNewerSchema(t *testing.T) {
	s := demoStore(t)
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(schemaKey, encodeSchema(SchemaVersion+1))
	}); err != nil {
		t.Fatal(err)
	}
	b := backupOf(t, s)
	s.Close()
	dir := t.TempDir()
	if err := Restore(dir, bytes.NewReader(b), false); !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), "升级") {
		t.Errorf("restore of a newer archive: %v", err)
	}
	assertEmptyDir(t, dir)
}

func TestRestoreNotEmpty(t *testing.T) {
	s := demoStore(t)
	good := backupOf(t, s)
	full := s.Dir()
	s.Close()

	// An archive with records is refused, forced or not, and left as it was.
	before := exportJSON(t, full)
	for _, force := range []bool{false, true} {
		err := Restore(full, bytes.NewReader(good), force)
		var ne *NotEmptyError
		if !errors.Is(err, ErrNotEmpty) || !errors.As(err, &ne) || !ne.Records || !strings.Contains(err.Error(), "已经有数据") {
			t.Errorf("force %v: %v", force, err)
		}
	}
	if after := exportJSON(t, full); !bytes.Equal(before, after) {
		t.Error("a refused restore changed the archive")
	}

	// A folder with other files is refused, forced or not.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "记账.xlsx"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, force := range []bool{false, true} {
		if err := Restore(other, bytes.NewReader(good), force); !errors.Is(err, ErrNotEmpty) {
			t.Errorf("other files, force %v: %v", force, err)
		}
	}
	if entries, _ := os.ReadDir(other); len(entries) != 1 {
		t.Errorf("a refused restore changed a folder: %v", entries)
	}

	// An archive without records: refused unless forced, then replaced.
	bare := t.TempDir()
	openDir(t, bare).Close()
	if err := Restore(bare, bytes.NewReader(good), false); !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("an empty archive, not forced: %v", err)
	}
	if err := Restore(bare, bytes.NewReader(good), true); err != nil {
		t.Fatalf("an empty archive, forced: %v", err)
	}
	if got := exportJSON(t, bare); !bytes.Equal(got, before) {
		t.Error("the forced restore exports differently")
	}

	// An archive open in another process is not touched.
	s = openDir(t, t.TempDir())
	defer s.Close()
	if err := Restore(s.Dir(), bytes.NewReader(good), true); !errors.Is(err, ErrLocked) {
		t.Errorf("a locked archive: %v", err)
	}
}

// backupFile wraps the backup stream body writes in a backup file: its header, gzip and trailer.
func backupFile(t *testing.T, body func(w io.Writer) error) []byte {
	t.Helper()
	var file bytes.Buffer
	sum := sha256.New()
	out := io.MultiWriter(&file, sum)
	fmt.Fprintf(out, "%s %d\n", backupMagic, 1)
	gz := gzip.NewWriter(out)
	if err := body(gz); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	file.WriteString(trailerPrefix + hex.EncodeToString(sum.Sum(nil)) + "\n")
	return file.Bytes()
}

// badgerBackup returns a backup of s as releases before this one wrote it: Badger's own stream
// (DB.Backup), which holds every version of a key still in the tables, its ranges read in
// parallel.
func badgerBackup(t *testing.T, s *Store) []byte {
	t.Helper()
	return backupFile(t, func(w io.Writer) error { _, err := s.db.Backup(w, 0); return err })
}

// listsOf writes lists of keys in Badger's backup format.
func listsOf(w io.Writer, lists ...[]*pb.KV) error {
	for _, kvs := range lists {
		buf, err := proto.Marshal(&pb.KVList{Kv: kvs})
		if err != nil {
			return err
		}
		if err := binary.Write(w, binary.LittleEndian, uint64(len(buf))); err != nil {
			return err
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// TestRestoreTakesNoKeyItCannotWrite: a backup whose key carries a meta byte (here Badger's
// value-pointer bit on a value held inline, which the stream writer would decode as a pointer
// and panic on) is loaded through transactions, which clear it; one with an empty key, which
// no backup holds, is refused as damaged.
func TestRestoreTakesNoKeyItCannotWrite(t *testing.T) {
	schema := &pb.KV{Key: schemaKey, Value: encodeSchema(SchemaVersion), Version: 1, UserMeta: []byte{0}, Meta: []byte{0}}
	pointer := &pb.KV{Key: []byte("zz"), Value: []byte("abc"), Version: 2, UserMeta: []byte{0}, Meta: []byte{2}}
	b := backupFile(t, func(w io.Writer) error { return listsOf(w, []*pb.KV{schema, pointer}) })
	dir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(dir, bytes.NewReader(b), false); err != nil {
		t.Fatal(err)
	}
	s := openDir(t, dir)
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte("zz"))
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if err != nil || string(v) != "abc" {
			t.Errorf("the key was restored as %q (%v)", v, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	empty := &pb.KV{Key: []byte{}, Value: []byte("x"), Version: 3, UserMeta: []byte{0}, Meta: []byte{0}}
	b = backupFile(t, func(w io.Writer) error { return listsOf(w, []*pb.KV{schema}, []*pb.KV{empty}) })
	if err := Restore(filepath.Join(t.TempDir(), "restored"), bytes.NewReader(b), false); !errors.Is(err, ErrDamagedBackup) {
		t.Errorf("a backup with an empty key: %v; want ErrDamagedBackup", err)
	}
}

// TestRestoreBadgerBackup: a backup written by Badger's own stream, with keys out of order and
// in several versions, is restored (through transactions) to the same archive as one written
// now (with the stream writer); both continue where the archive stopped.
func TestRestoreBadgerBackup(t *testing.T) {
	s := demoStore(t)
	// The same key in several versions, as a draft saved while typing leaves it.
	for _, text := range []string{"半", "半句", "半句话"} {
		if err := s.PutDraft(meeting.StatementDraft{MeetingID: demo.AbeiID(1), Item: 1, Speaker: meeting.Ref{Name: "金昌义"}, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	old, now := badgerBackup(t, s), backupOf(t, s)
	src := s.Dir()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"badger's stream": old, "this release": now} {
		dir := filepath.Join(t.TempDir(), "restored")
		if err := Restore(dir, bytes.NewReader(b), false); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got, want := exportJSON(t, dir), exportJSON(t, src); !bytes.Equal(got, want) {
			t.Errorf("%s: the restored archive exports differently", name)
		}
		logged, err := os.ReadFile(filepath.Join(dir, LogName))
		if err != nil {
			t.Fatal(err)
		}
		if through := bytes.Contains(logged, []byte("loading it through transactions")); through != (name == "badger's stream") {
			t.Errorf("%s: loaded through transactions %v; want it only for Badger's stream", name, through)
		}
		r := openDir(t, dir)
		if d, found, err := r.Draft(demo.AbeiID(1)); err != nil || !found || d.Text != "半句话" {
			t.Errorf("%s: draft %+v %v %v", name, d, found, err)
		}
		v := village("新村")
		if err := r.PutVillage(&v); err != nil || v.ID.Local() != 1 || v.ID.Space() == demo.AbeiSpace {
			t.Errorf("%s: a new village after restore: ID %#x, %v", name, uint64(v.ID), err)
		}
		r.Close()
	}
}
