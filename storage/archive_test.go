package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

func marshal(t *testing.T, a *meeting.Archive) []byte {
	t.Helper()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSampleArchiveValid(t *testing.T) {
	if err := sampleArchive().Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestExportImportExport imports the sample archive, exports it, imports that into a fresh store
// and exports again: both exports, and the sample itself, are the same bytes.
func TestExportImportExport(t *testing.T) {
	sample := sampleArchive()
	a := openMem(t)
	if err := a.Import(sample, nil); err != nil {
		t.Fatal(err)
	}
	first, err := a.Export()
	if err != nil {
		t.Fatal(err)
	}
	firstJSON := marshal(t, first)
	if want := marshal(t, sampleArchive()); !bytes.Equal(firstJSON, want) {
		t.Errorf("export differs from what was imported:\n got  %s\n want %s", firstJSON, want)
	}

	b := openMem(t)
	if err := b.Import(first, nil); err != nil {
		t.Fatal(err)
	}
	second, err := b.Export()
	if err != nil {
		t.Fatal(err)
	}
	if secondJSON := marshal(t, second); !bytes.Equal(secondJSON, firstJSON) {
		t.Errorf("second export differs:\n got  %s\n want %s", secondJSON, firstJSON)
	}

	// The lists of a meeting read back as imported.
	st, err := b.Statements(inA(1))
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, st, []meeting.Statement{sample.Statements[0], sample.Statements[1]})
	am, err := b.Amendments(inA(2))
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, am, []meeting.Amendment{sample.Amendments[0], sample.Amendments[2]})

	// The ID counters of each village go on from its largest imported number of each kind; a
	// new village has a space of its own.
	v := village("新村")
	if err := b.PutVillage(&v); err != nil || v.ID.Local() != 1 || v.ID.Space() == spaceA || v.ID.Space() == spaceB {
		t.Errorf("village after import: ID %#x, %v; want number 1 in a new space", uint64(v.ID), err)
	}
	s := statement(inA(1), clock(11, 20, 21, 0), "张建国", "散会。")
	if err := b.AppendStatement(&s); err != nil || s.ID != inA(5) {
		t.Errorf("statement after import: ID %#x, %v; want %#x", uint64(s.ID), err, uint64(inA(5)))
	}
	// Amendments correct sealed records: meeting 2 is final.
	x := meeting.Amendment{MeetingID: inA(2), At: clock(11, 30, 8, 0), Author: meeting.Ref{Name: "李晓梅"}, Reason: "错字", Text: "改正错字"}
	if err := b.PutAmendment(&x); err != nil || x.ID != inA(4) {
		t.Errorf("amendment after import: ID %#x, %v; want %#x", uint64(x.ID), err, uint64(inA(4)))
	}
	// 石桥村 counts its own: its next statement is its number 3, not the archive's next.
	s = statement(inB(3), clock(11, 21, 20, 0), "刘大爷", "好。")
	if err := b.AppendStatement(&s); err != nil || s.ID != inB(3) {
		t.Errorf("statement of 石桥村 after import: ID %#x, %v; want %#x", uint64(s.ID), err, uint64(inB(3)))
	}
}

func TestExportEmpty(t *testing.T) {
	a, err := openMem(t).Export()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"format":"yishi-archive","version":2,"villages":[],"people":[],"meetings":[],"statements":[],"matters":[],"notices":[],"assignments":[],"amendments":[]}`
	if got := marshal(t, a); string(got) != want {
		t.Errorf("empty export %s; want %s", got, want)
	}
}

func TestImportRefusals(t *testing.T) {
	s := openMem(t)
	bad := sampleArchive()
	bad.Statements[0].MeetingID = inA(99)
	err := s.Import(bad, nil)
	if err == nil || !strings.Contains(err.Error(), "会议 99 不存在") || !strings.Contains(err.Error(), "没有导入任何内容") {
		t.Errorf("importing an invalid archive: %v", err)
	}
	if err := s.Import(nil, nil); err == nil {
		t.Error("importing nil: no error")
	}
	if err := s.db.View(func(txn *badger.Txn) error {
		if hasRecords(txn) {
			t.Error("a refused import wrote records")
		}
		if ok, _ := exists(txn, importingKey); ok {
			t.Error("a refused import left its mark")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	v := village("阿北村")
	if err := s.PutVillage(&v); err != nil {
		t.Fatal(err)
	}
	if err := s.Import(sampleArchive(), nil); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("importing into a store with data: %v; want ErrNotEmpty", err)
	}
	if vs, err := s.Villages(); err != nil || len(vs) != 1 {
		t.Errorf("a refused import changed the store: %d villages, %v", len(vs), err)
	}
}

// bigArchive returns a valid archive of one village and one meeting with n statements, each
// of about a hundred bytes of Chinese text.
func bigArchive(n int) *meeting.Archive {
	a := sampleArchive()
	a.Statements = a.Statements[:0]
	for i := 1; i <= n; i++ {
		s := statement(inA(1), clock(11, 20, 19, 30), "王秀英",
			fmt.Sprintf("第 %d 条：村口的路灯坏了三盏，晚上看不见路，老人孩子出门不安全，希望村里尽快修好。", i))
		s.ID = inA(uint32(i))
		a.Statements = append(a.Statements, s)
	}
	reseal(a)
	return a
}

// TestImportLarge imports more than one Badger transaction holds (about 1.2 MB here), with
// progress reports.
func TestImportLarge(t *testing.T) {
	s := openMem(t)
	a := bigArchive(12000)
	total := records(a)
	var calls, last int
	err := s.Import(a, func(done, n int) {
		calls++
		if done < last || done > n {
			t.Errorf("progress went %d → %d of %d", last, done, n)
		}
		last = done
		if n != total {
			t.Errorf("progress total %d; want %d", n, total)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 10 || last != total {
		t.Errorf("%d progress reports, last %d", calls, last)
	}
	got, err := s.Statements(inA(1))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(a.Statements) || got[len(got)-1].Text != a.Statements[len(a.Statements)-1].Text {
		t.Errorf("%d statements read back; want %d", len(got), len(a.Statements))
	}
}

// TestImportFailure makes an import fail halfway, as a full disk would, on a real directory:
// what it wrote is removed again and the directory is empty and usable.
func TestImportFailure(t *testing.T) {
	s := openDir(t, t.TempDir())
	defer s.Close()
	disk := errors.New("no space left on device")
	testHookImport = func(done int) error {
		if done == 9000 {
			return disk
		}
		return nil
	}
	defer func() { testHookImport = nil }()

	err := s.Import(bigArchive(12000), nil)
	if !errors.Is(err, ErrIncompleteImport) || !errors.Is(err, disk) {
		t.Fatalf("Import = %v; want ErrIncompleteImport and the cause", err)
	}
	if !strings.HasPrefix(err.Error(), ErrIncompleteImport.Error()) {
		t.Errorf("message %q", err)
	}
	isEmptyArchive(t, s)

	testHookImport = nil
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatalf("importing after a failed import: %v", err)
	}
}
