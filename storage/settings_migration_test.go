package storage

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// dumpRaw returns every key and value of a closed data directory.
func dumpRaw(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	rawUpdate(t, dir, func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
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
	return out
}

// TestMigrationSettingsV4: a data directory of schema version 3 whose village holds the
// settings as the release before the dated rule sets wrote them (testdata/village-v3.json: every
// rule stored with its 2018 basis, a 7-day posting period) is opened into the current model in
// the migration: the stored default rules go (each meeting gets the statute in force on its
// date), the new figures get their defaults, the 7 days are kept and flagged, not silently
// changed; no other record is changed but for its IDs (rebase.go).
func TestMigrationSettingsV4(t *testing.T) {
	legacy, err := os.ReadFile("testdata/village-v3.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	old := sampleOld()
	old.Villages[0] = meeting.Village{}
	if err := json.Unmarshal(legacy, &old.Villages[0]); err != nil {
		t.Fatal(err)
	}
	writeOld(t, dir, old, 3)

	s := openDir(t, dir)
	vs, err := s.Villages()
	if err != nil || len(vs) != 2 {
		t.Fatalf("villages after migration: %d, %v", len(vs), err)
	}
	v := vs[0] // 阿北村, before 石桥村
	got, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	set := v.Settings
	if set.Version != meeting.SettingsVersion || len(set.Rules) != 0 || set.Legacy == nil || len(set.Legacy.Rules) != 7 {
		t.Errorf("settings not moved to the new model: version %d, rules %+v", set.Version, set.Rules)
	}
	if set.MinPostingDays != 7 || set.ObjectionContact == "" || set.AssemblyNoticeDays != 10 || set.RepNoticeDays != 3 || set.RepsPerQuarter != 1 {
		t.Errorf("figures after migration: %+v", set)
	}
	if got := set.Value(meeting.FigAssembliesPerYear, meeting.NewDate(2025, 6, 1)); got != 0 {
		t.Errorf("a yearly 村民会议 asked of 2025, which the 2018 text did not: %d", got)
	}
	short := set.Shortfalls(meeting.NewDate(2026, 3, 1))
	if len(short) != 1 || short[0].Key != meeting.FigPostingDays {
		t.Errorf("shortfalls after migration: %+v", short)
	}
	r := set.RuleOn(meeting.RepresentativeAssembly, meeting.NewDate(2025, 6, 1))
	r26 := set.RuleOn(meeting.RepresentativeAssembly, meeting.NewDate(2026, 6, 1))
	if r.Basis != meeting.BasisRepresentatives || r26.Basis != "《村民委员会组织法》（2025）第三十条" {
		t.Errorf("rules after migration cite %q and %q", r.Basis, r26.Basis)
	}

	// No other record is changed but for its IDs, given their villages' spaces.
	want := sampleIn(map[meeting.ID]uint32{1: v.ID.Space(), 2: vs[1].ID.Space()})
	for i := range want.Villages {
		if want.Villages[i].ID == v.ID {
			want.Villages[i] = v
		}
	}
	sameJSON(t, got, want)
	if got, _ := rawSchema(t, dir); got != SchemaVersion {
		t.Errorf("meta/schema = %d", got)
	}
	// Opening again changes nothing.
	after := dumpRaw(t, dir)
	s = openDir(t, dir)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if again := dumpRaw(t, dir); !bytes.Equal(again[string(villages.keyOf(&v))], after[string(villages.keyOf(&v))]) {
		t.Error("a second open rewrote the village")
	}
}
