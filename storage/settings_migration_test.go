package storage

import (
	"bytes"
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
// the migration's one transaction: the stored default rules go (each meeting gets the statute in
// force on its date), the new figures get their defaults, the 7 days are kept and flagged, not
// silently changed; no other record is touched.
func TestMigrationSettingsV4(t *testing.T) {
	legacy, err := os.ReadFile("testdata/village-v3.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := openDir(t, dir)
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rawUpdate(t, dir, func(txn *badger.Txn) error {
		if err := txn.Set(villages.key(0, 1), append([]byte{3}, legacy...)); err != nil {
			return err
		}
		return txn.Set(schemaKey, encodeSchema(3))
	})
	before := dumpRaw(t, dir)

	s = openDir(t, dir)
	v, err := s.Village(1)
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

	after := dumpRaw(t, dir)
	for k, b := range before {
		if k == string(schemaKey) || k == string(villages.key(0, 1)) {
			continue
		}
		if !bytes.Equal(after[k], b) {
			t.Errorf("migration changed %q", k)
		}
	}
	if got, _ := rawSchema(t, dir); got != SchemaVersion {
		t.Errorf("meta/schema = %d", got)
	}
	// Opening again changes nothing.
	s = openDir(t, dir)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if again := dumpRaw(t, dir); !bytes.Equal(again[string(villages.key(0, 1))], after[string(villages.key(0, 1))]) {
		t.Error("a second open rewrote the village")
	}
}
