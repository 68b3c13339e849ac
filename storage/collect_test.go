package storage

import (
	"bytes"
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// bundleOf returns village v of s as its bundle: the records `yishi export json --village`
// writes, in their order.
func bundleOf(t *testing.T, s *Store, v meeting.ID) *meeting.Archive {
	t.Helper()
	a := &meeting.Archive{Format: meeting.ArchiveFormat, Version: meeting.ArchiveVersion}
	if err := s.Walk(v, a.Add); err != nil {
		t.Fatal(err)
	}
	return a
}

// collect collects archive a into s, as `yishi import` does into a non-empty archive.
func collect(s *Store, a *meeting.Archive) (Collected, error) {
	return s.Collect(a.Format, a.Version, a.EachRecord, nil, CollectOptions{File: "bundle.json"})
}

// villageStore returns a store of its own holding archive a.
func villageStore(t *testing.T, a *meeting.Archive) *Store {
	t.Helper()
	s := openDir(t, t.TempDir())
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

// noticeCodes returns each posted notice's seal as the archive of s verifies it ("" when it
// does not verify), by ID, and each sealed meeting's seal when it holds.
func sealsOf(t *testing.T, s *Store) map[meeting.ID]string {
	t.Helper()
	out := map[meeting.ID]string{}
	err := s.EachVillage(func(a *meeting.Archive) error {
		ms := map[meeting.ID]meeting.Meeting{}
		for _, m := range a.Meetings {
			ms[m.ID] = m
		}
		for _, n := range a.Notices {
			for _, x := range a.Matters {
				if x.ID == n.MatterID && n.Seal != "" {
					out[n.ID] = ""
					if meeting.VerifyNotice(n, x, ms) {
						out[n.ID] = n.Seal
					}
				}
			}
		}
		if r := meeting.CheckSeals(a); len(r.Faults) > 0 {
			t.Errorf("%s: %v", a.Villages[0].Name, r.Faults)
		}
		for _, m := range a.Meetings {
			if m.Status == meeting.Final {
				out[m.ID] = m.Seal
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCollectVillagesMadeApart: two villages generated apart, each in its own archive, are
// exported and collected into a third: every record keeps its ID, every sealed meeting and
// posted notice verifies there exactly as at home, and the collected villages are copies.
func TestCollectVillagesMadeApart(t *testing.T) {
	abei, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	homes := []*Store{villageStore(t, abei), villageStore(t, demo.Synthetic(1, 1, nil))}
	township := openDir(t, t.TempDir())
	// The township has a village of its own already.
	own := village("镇直村")
	if err := township.PutVillage(&own); err != nil {
		t.Fatal(err)
	}
	want := map[meeting.ID]string{}
	for _, h := range homes {
		vs, _ := h.Villages()
		seals := sealsOf(t, h)
		maps.Copy(want, seals)
		b := bundleOf(t, h, vs[0].ID)
		got, err := collect(township, b)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.NewVillages) != 1 || got.NewVillages[0] != vs[0].Name || got.Updated.Records() != 0 || got.Added.Records() != len(b.Villages)+len(b.People)+len(b.Meetings)+len(b.Statements)+len(b.Matters)+len(b.Notices)+len(b.Assignments)+len(b.Amendments) {
			t.Errorf("collecting %s: %+v", vs[0].Name, got)
		}
		// The village reads in the township as at home, record for record.
		sameJSON(t, bundleOf(t, township, vs[0].ID), b)
	}
	got := sealsOf(t, township)
	for id, seal := range want {
		if seal == "" || got[id] != seal {
			t.Errorf("record %#x: seal %q at home, %q collected", uint64(id), seal, got[id])
		}
	}
	if len(want) < 20 {
		t.Errorf("only %d seals compared", len(want))
	}
	copies, err := township.Copies()
	if err != nil || len(copies) != 2 || copies[demo.AbeiSpace].File != "bundle.json" {
		t.Errorf("copies: %v, %v", copies, err)
	}
	if _, ok := copies[own.ID.Space()]; ok {
		t.Error("the township's own village is marked a copy")
	}
	// A copy is read here, not recorded.
	m := consultation(demo.AbeiID(1), "镇里补记的会", clock(12, 1, 19, 0))
	if err := township.PutMeeting(&m); !errors.Is(err, ErrCopy) {
		t.Errorf("recording in a copy: %v; want ErrCopy", err)
	}
	mine := consultation(own.ID, "镇直村的会", clock(12, 1, 19, 0))
	if err := township.PutMeeting(&mine); err != nil {
		t.Errorf("recording in the township's own village: %v", err)
	}
	// The index knows the collected villages: their words are found.
	if r := search(t, township, "路灯", SearchOptions{Village: demo.AbeiID(1)}); len(r.Hits) == 0 {
		t.Error("search does not find the collected village's records")
	}
}

// TestCollectUpdates: a village's bundle collected again after more was recorded at home brings
// the new records and the changes; the same bundle again changes nothing.
func TestCollectUpdates(t *testing.T) {
	abei, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	home := villageStore(t, abei)
	office := openDir(t, t.TempDir())
	v := demo.AbeiID(1)
	if _, err := collect(office, bundleOf(t, home, v)); err != nil {
		t.Fatal(err)
	}
	// More is recorded at home: a meeting with a statement, a matter moved on.
	m := consultation(v, "冬季防火", clock(12, 2, 19, 0))
	if err := home.PutMeeting(&m); err != nil {
		t.Fatal(err)
	}
	st := statement(m.ID, clock(12, 2, 19, 10), "金昌义", "冬天烧炕要注意防火。")
	if err := home.AppendStatement(&st); err != nil {
		t.Fatal(err)
	}
	b := bundleOf(t, home, v)
	got, err := collect(office, b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Added.Meetings != 1 || got.Added.Statements != 1 || len(got.NewVillages) != 0 || got.Updated.Records() != 0 {
		t.Errorf("the update: %+v", got)
	}
	if again, err := office.Meeting(m.ID); err != nil || again.Title != "冬季防火" {
		t.Errorf("the new meeting in the office: %+v, %v", again, err)
	}
	sameJSON(t, bundleOf(t, office, v), b)
	// The office's counters go on past what came: but it holds a copy, and records nothing.
	// The same bundle again: nothing changes, and Collect says so.
	got, err = collect(office, b)
	if err != nil || got.Changed() || got.Unchanged.Records() != len(b.Villages)+len(b.People)+len(b.Meetings)+len(b.Statements)+len(b.Matters)+len(b.Notices)+len(b.Assignments)+len(b.Amendments) {
		t.Errorf("the same bundle twice: %+v, %v", got, err)
	}
	sameJSON(t, bundleOf(t, office, v), b)
}

// keysOf returns every key and value of s but the undo entries (none should be left).
func keysOf(t *testing.T, s *Store) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[string(it.Item().KeyCopy(nil))] = v
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameSnapshot(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d keys, was %d", what, len(got), len(want))
	}
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Errorf("%s: %q changed", what, k)
			return
		}
	}
}

// TestCollectRefusesConflicts: a bundle whose sealed record was edited, or whose posted notice
// or a matter's past differs from the archive's, is refused naming the records, and the archive
// is left exactly as it was, though other records of the bundle were new.
func TestCollectRefusesConflicts(t *testing.T) {
	abei, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	home := villageStore(t, abei)
	v := demo.AbeiID(1)
	first := bundleOf(t, home, v)
	for _, c := range []struct {
		name  string
		spoil func(a *meeting.Archive)
		want  string
	}{
		{"a sealed meeting edited", func(a *meeting.Archive) { a.Meetings[9].Place = "别处" }, "会议 10（"},
		{"a statement of a sealed meeting edited", func(a *meeting.Archive) {
			for i := range a.Statements {
				if a.Statements[i].MeetingID == demo.AbeiID(10) {
					a.Statements[i].Text += "（改过）"
					return
				}
			}
		}, "发言"},
		{"a posted notice edited", func(a *meeting.Archive) { a.Notices[0].Title += "（改）" }, "公告 1"},
		{"a matter's past rewritten", func(a *meeting.Archive) { a.Matters[0].History[0].Note = "改了" }, "事项 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			office := openDir(t, t.TempDir())
			if _, err := collect(office, first); err != nil {
				t.Fatal(err)
			}
			before := keysOf(t, office)
			b := bundleOf(t, home, v)
			c.spoil(b)
			// And something new, which must not come in either.
			m := consultation(v, "新会", clock(12, 3, 19, 0))
			m.ID = v.Sibling(99)
			b.Meetings = append(b.Meetings, m)
			_, err := collect(office, b)
			var ce *ConflictError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "什么也没有写入") {
				t.Errorf("refusal: %v; want it to name %q", err, c.want)
			}
			sameSnapshot(t, "after the refusal", keysOf(t, office), before)
		})
	}
}

// TestCollectCutOff: a collecting import stopped part-way (a failing disk here; a killed
// process in app's TestCollectKilled) leaves the archive as it was, and the next Open finds
// nothing to put back; one cut off with its mark left is put back by the next Open.
func TestCollectCutOff(t *testing.T) {
	big := demo.Synthetic(2, 2, nil)
	dir := t.TempDir()
	s := openDir(t, dir)
	own := village("镇直村")
	if err := s.PutVillage(&own); err != nil {
		t.Fatal(err)
	}
	before := keysOf(t, s)
	disk := errors.New("no space left on device")
	testHookCollect = func(done int) error {
		if done == 9000 {
			return disk
		}
		return nil
	}
	_, err := collect(s, big)
	testHookCollect = nil
	if !errors.Is(err, ErrIncompleteImport) || !errors.Is(err, disk) {
		t.Errorf("a failing disk: %v", err)
	}
	sameSnapshot(t, "after the failure", keysOf(t, s), before)

	// Stopped with its mark and half its writes on disk, as a power cut leaves it.
	testHookCollect = func(done int) error {
		if done == 9000 {
			return errStop
		}
		return nil
	}
	stopAfterWrites = true
	_, err = collect(s, big)
	testHookCollect, stopAfterWrites = nil, false
	if !errors.Is(err, errStop) {
		t.Fatalf("the stop: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openDir(t, dir)
	defer s.Close()
	sameSnapshot(t, "after reopening", keysOf(t, s), before)
	if _, err := collect(s, big); err != nil {
		t.Fatalf("collecting again: %v", err)
	}
}

var errStop = errors.New("the power went")

// TestCollectOldVersion: a file of interchange version 1 (numbered archive-wide, two villages
// interleaved) is collected into an archive with a village: its villages get spaces of their
// own, the one numbered between others its Legacy, and their seals hold with no meeting missing.
func TestCollectOldVersion(t *testing.T) {
	s := openMem(t)
	own := village("镇直村")
	if err := s.PutVillage(&own); err != nil {
		t.Fatal(err)
	}
	got, err := collect(s, sampleOld())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.NewVillages) != 2 {
		t.Errorf("collected: %+v", got)
	}
	vs, _ := s.Villages()
	var shiqiao meeting.Village
	for _, v := range vs {
		if v.Name == "石桥村" {
			shiqiao = v
		}
	}
	if shiqiao.Legacy == nil || *shiqiao.Legacy != (meeting.Legacy{Below: 4, Meetings: 1}) || shiqiao.ID.Space() == 0 {
		t.Errorf("石桥村 collected from version 1: %+v", shiqiao)
	}
	a, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	if r := meeting.CheckSeals(a); len(r.Faults) != 0 {
		t.Errorf("seals: %+v", r.Faults)
	}
}
