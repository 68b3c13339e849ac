package storage

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// oldWorkingState writes a draft of meeting 1 and meta/current (meeting 3) into dir as schema
// version 4 kept them.
func oldWorkingState(t *testing.T, dir string) {
	t.Helper()
	rawUpdate(t, dir, func(txn *badger.Txn) error {
		d, _ := json.Marshal(meeting.StatementDraft{MeetingID: 1, Item: 1, Speaker: meeting.Ref{Name: "王秀英"}, Text: "还没说完的话"})
		if err := txn.Set(appendIDs([]byte(draftPrefix), 1), append([]byte{4}, d...)); err != nil {
			return err
		}
		return txn.Set(currentKey, append([]byte{4}, '3'))
	})
}

// migrated checks what the migration to schema version 5 made of sampleOld with its working
// state (oldWorkingState): every record under its village's space with its number kept, the
// seals as they were and holding, the working state moved, no old key left, the index of the
// new IDs, and each village counting on from its own numbers. It returns the villages' spaces.
func migrated(t *testing.T, dir string) map[meeting.ID]uint32 {
	t.Helper()
	s := openDir(t, dir)
	defer s.Close()
	vs, err := s.Villages()
	if err != nil || len(vs) != 2 || vs[0].Name != "阿北村" || vs[1].Name != "石桥村" {
		t.Fatalf("villages after migration: %+v, %v", vs, err)
	}
	a, b := vs[0], vs[1]
	if a.ID.Space() == 0 || b.ID.Space() == 0 || a.ID.Space() == b.ID.Space() || a.ID.Local() != 1 || b.ID.Local() != 2 {
		t.Fatalf("village IDs %#x %#x", uint64(a.ID), uint64(b.ID))
	}
	spaces := map[meeting.ID]uint32{1: a.ID.Space(), 2: b.ID.Space()}

	// The records: sampleOld with every ID in its village's space, and 石桥村, whose meeting
	// was number 3 of the archive, knows it had one meeting below 4.
	want := sampleIn(spaces)
	got, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got, want)
	if a.Legacy != nil || b.Legacy == nil || *b.Legacy != (meeting.Legacy{Below: 4, Meetings: 1}) {
		t.Errorf("legacy: %+v, %+v", a.Legacy, b.Legacy)
	}
	// The seals are the strings printed before, and they hold.
	old := sampleOld()
	m2, err := s.Meeting(meeting.InSpace(spaces[1], 2))
	if err != nil || m2.Seal != old.Meetings[1].Seal {
		t.Errorf("the sealed meeting's seal: %q, want %q (%v)", m2.Seal, old.Meetings[1].Seal, err)
	}
	n1, err := s.Notice(meeting.InSpace(spaces[1], 1))
	if err != nil || n1.Seal != old.Notices[0].Seal {
		t.Errorf("the notice's seal: %q, want %q (%v)", n1.Seal, old.Notices[0].Seal, err)
	}
	if r := meeting.CheckSeals(got); len(r.Faults) != 0 || r.Meetings != 1 {
		t.Errorf("seals after migration: %+v", r)
	}
	mt, err := s.Matter(n1.MatterID)
	if err != nil || !meeting.VerifyNotice(n1, mt, map[meeting.ID]meeting.Meeting{m2.ID: m2}) {
		t.Errorf("the notice's seal does not hold after migration (%v)", err)
	}
	// The working state.
	if d, found, err := s.Draft(meeting.InSpace(spaces[1], 1)); err != nil || !found || d.Text != "还没说完的话" || d.MeetingID != meeting.InSpace(spaces[1], 1) {
		t.Errorf("draft after migration: %+v %v %v", d, found, err)
	}
	if cur, err := s.Current(); err != nil || cur != meeting.InSpace(spaces[2], 3) {
		t.Errorf("current meeting after migration: %#x %v", uint64(cur), err)
	}
	// No key of the old form, no archive-wide counter, no plan.
	err = s.db.View(func(txn *badger.Txn) error {
		for _, p := range slices.Concat(recordPrefixes, indexPrefixes, []string{draftPrefix}) {
			if hasPrefix(txn, string(oldPrefix(p))) {
				t.Errorf("a key of the old form is left under %s", p)
			}
		}
		for _, k := range []string{"seq/m", "seq/s", "seq/v", string(rebasingKey)} {
			if ok, _ := exists(txn, []byte(k)); ok {
				t.Errorf("%s is left", k)
			}
		}
		if v, _, _ := readSchema(txn); v != SchemaVersion {
			t.Errorf("meta/schema %d", v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The index names the new IDs.
	r := search(t, s, "路灯", SearchOptions{})
	if len(r.Hits) == 0 {
		t.Error("search finds nothing after migration")
	}
	for _, h := range r.Hits {
		if h.VillageID.Space() == 0 || h.MeetingID != 0 && h.MeetingID.Space() != h.VillageID.Space() {
			t.Errorf("a hit of old IDs: %+v", h)
		}
	}
	// Each village counts on from its own numbers.
	m := consultation(b.ID, "又一次板凳会", clock(12, 2, 19, 0))
	if err := s.PutMeeting(&m); err != nil || m.ID != meeting.InSpace(spaces[2], 4) {
		t.Errorf("next meeting of 石桥村: %#x, %v", uint64(m.ID), err)
	}
	st := statement(meeting.InSpace(spaces[1], 1), clock(11, 20, 21, 0), "张建国", "散会。")
	if err := s.AppendStatement(&st); err != nil || st.ID != meeting.InSpace(spaces[1], 5) {
		t.Errorf("next statement of 阿北村: %#x, %v", uint64(st.ID), err)
	}
	ex, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	if r := meeting.CheckSeals(ex); len(r.Faults) != 0 {
		t.Errorf("a meeting numbered after the migration reads as a gap: %+v", r.Faults)
	}
	return spaces
}

// TestRebaseMigration opens a data directory of schema version 4 (IDs counted archive-wide).
func TestRebaseMigration(t *testing.T) {
	dir := t.TempDir()
	writeOld(t, dir, sampleOld(), 4)
	oldWorkingState(t, dir)
	migrated(t, dir)
}

// TestRebaseCutOff cuts the migration off while it copies, and before it drops the old keys:
// the directory stays at version 4 with its plan, and the next Open finishes it with the
// spaces the plan drew, to the same archive an uncut migration makes.
func TestRebaseCutOff(t *testing.T) {
	for _, cut := range []struct {
		stage string
		at    int
	}{{"copy", 0}, {"copy", 7}, {"drop", 0}} {
		dir := t.TempDir()
		writeOld(t, dir, sampleOld(), 4)
		oldWorkingState(t, dir)
		power := errors.New("power cut")
		testHookRebase = func(stage string, done int) error {
			if stage == cut.stage && done == cut.at {
				return power
			}
			return nil
		}
		_, err := Open(dir)
		testHookRebase = nil
		if err == nil {
			t.Fatalf("%s %d: the cut migration opened", cut.stage, cut.at)
		}
		// meta/schema says 5 from the plan on, so that an older yishi refuses the directory
		// rather than writes under keys the drop takes away.
		if v, _ := rawSchema(t, dir); v != SchemaVersion {
			t.Errorf("%s %d: meta/schema %d after the cut", cut.stage, cut.at, v)
		}
		var plan rebasePlan
		rawUpdate(t, dir, func(txn *badger.Txn) error {
			item, err := txn.Get(rebasingKey)
			if err != nil {
				return err
			}
			return item.Value(func(v []byte) error { return json.Unmarshal(v, &plan) })
		})
		if plan.Dropping != (cut.stage == "drop") || len(plan.Spaces) != 2 {
			t.Errorf("%s %d: plan %+v", cut.stage, cut.at, plan)
		}
		if spaces := migrated(t, dir); !maps.Equal(spaces, plan.Spaces) {
			t.Errorf("%s %d: spaces %v; the plan drew %v", cut.stage, cut.at, spaces, plan.Spaces)
		}
	}
}

// TestImportOldVersion: a file of interchange version 1 (IDs archive-wide) is imported with its
// villages given spaces, each record its number kept, and the village numbered between
// others its Legacy, so its seals hold and no meeting reads as missing.
func TestImportOldVersion(t *testing.T) {
	s := openMem(t)
	if err := s.Import(sampleOld(), nil); err != nil {
		t.Fatal(err)
	}
	vs, err := s.Villages()
	if err != nil || len(vs) != 2 {
		t.Fatalf("%d villages, %v", len(vs), err)
	}
	spaces := map[meeting.ID]uint32{1: vs[0].ID.Space(), 2: vs[1].ID.Space()}
	want := sampleIn(spaces)
	got, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got, want)
	if vs[1].Legacy == nil || *vs[1].Legacy != (meeting.Legacy{Below: 4, Meetings: 1}) {
		t.Errorf("legacy of 石桥村: %+v", vs[1].Legacy)
	}
	if r := meeting.CheckSeals(got); len(r.Faults) != 0 {
		t.Errorf("seals: %+v", r.Faults)
	}
}
