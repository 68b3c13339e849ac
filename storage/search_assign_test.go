package storage

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// TestSearchAssignments: an assignment is found by its task, its owner, its result and its
// feedback, the hit pointing at the meeting item it was made on; a result recorded later is
// found, the village filter holds.
func TestSearchAssignments(t *testing.T) {
	s := openMem(t)
	v1, v2, m1, _ := searchFixture(t, s)
	x := meeting.Assignment{VillageID: v1, From: &meeting.ItemRef{MeetingID: m1, Item: 1}, Task: "修好村口的三盏路灯",
		Owner: meeting.Ref{Name: "刘恒军"}, Assigned: meeting.NewDate(2026, 11, 20), Deadline: meeting.NewDate(2026, 11, 30)}
	if err := s.PutAssignment(&x); err != nil {
		t.Fatal(err)
	}
	if got := marked(search(t, s, "三盏路灯", SearchOptions{}), HitAssignment); !slices.Equal(got, []string{"交办事项:三盏路灯"}) {
		t.Errorf("by task: %v", got)
	}
	if got := marked(search(t, s, "恒军", SearchOptions{}), HitAssignment); !slices.Equal(got, []string{"承办人:恒军"}) {
		t.Errorf("by owner: %v", got)
	}
	// The result and feedback, recorded after the meeting.
	x.Result, x.Done = "换了 3 盏 LED 灯，花费 850 元", meeting.NewDate(2026, 11, 25)
	x.Feedback, x.FedBack = "在三组微信群告知", meeting.NewDate(2026, 11, 26)
	if err := s.PutAssignment(&x); err != nil {
		t.Fatal(err)
	}
	r := search(t, s, "850", SearchOptions{})
	if got := marked(r, HitAssignment); !slices.Equal(got, []string{"办理结果:850"}) {
		t.Fatalf("by result: %v", got)
	}
	h := r.Hits[0]
	if h.Kind != HitAssignment || h.AssignmentID != x.ID || h.MeetingID != m1 || h.Item != 1 || h.VillageID != v1 || h.Date != x.Assigned {
		t.Errorf("the hit does not point at its item: %+v", h)
	}
	if got := marked(search(t, s, "微信群", SearchOptions{}), HitAssignment); !slices.Equal(got, []string{"反馈:微信群"}) {
		t.Errorf("by feedback: %v", got)
	}
	if HitAssignment.Label() != "交办" {
		t.Errorf("label %q", HitAssignment.Label())
	}
	if r := search(t, s, "850", SearchOptions{Village: v2}); len(r.Hits) != 0 {
		t.Errorf("village filter: %+v", r.Hits)
	}
}

// TestMigrationIndexesAssignments: an archive of schema version 2, whose index has no postings
// of assignments, gets them when it is opened: its assignments are found, the index is the one
// a full build makes, and the version is raised. Adding the postings again (a migration cut
// off before meta/schema was written is run again) writes the same index.
func TestMigrationIndexesAssignments(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	want := indexDump(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Back to version 2: no postings of assignments, every value of version 2.
	rawUpdate(t, dir, func(txn *badger.Txn) error {
		type kv struct{ k, v []byte }
		var sets []kv
		var dels [][]byte
		it := txn.NewIterator(badger.IteratorOptions{})
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			switch n := len(k); {
			case string(k[:min(n, len(gramPrefix))]) == gramPrefix && n > 10 && k[n-10] == 0xff && k[n-9] == docAssignment:
				dels = append(dels, k)
			case len(v) > 0 && v[0] == SchemaVersion && slices.ContainsFunc(recordPrefixes, func(p string) bool { return bytes.HasPrefix(k, []byte(p)) }):
				v[0] = 2
				sets = append(sets, kv{k, v})
			}
		}
		it.Close()
		if len(dels) == 0 {
			t.Fatal("the index has no postings of assignments to take away")
		}
		for _, k := range dels {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		for _, x := range sets {
			if err := txn.Set(x.k, x.v); err != nil {
				return err
			}
		}
		return txn.Set(schemaKey, encodeSchema(2))
	})
	s = openDir(t, dir)
	defer s.Close()
	if got, _ := rawSchemaOpen(s); got != SchemaVersion {
		t.Errorf("schema after migration: %d; want %d", got, SchemaVersion)
	}
	if got := marked(search(t, s, "疏通", SearchOptions{}), HitAssignment); !slices.Equal(got, []string{"交办事项:疏通", "办理结果:疏通"}) {
		t.Errorf("an assignment of the migrated archive: %v", got)
	}
	if got := indexDump(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("the migrated index has %d postings, the imported one %d, and they differ", len(got), len(want))
	}
	if err := s.indexAssignments(); err != nil {
		t.Fatal(err)
	}
	if got := indexDump(t, s); !reflect.DeepEqual(got, want) {
		t.Error("adding the postings of the assignments again changed the index")
	}
	// The records of version 2 read as they were.
	if a, err := s.Assignment(inA(1)); err != nil || a.Result != "已疏通" {
		t.Errorf("assignment 1 after migration: %+v, %v", a, err)
	}
}
