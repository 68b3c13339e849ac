package storage

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// smallRuns has sorters write runs of n bytes for the rest of the test.
func smallRuns(t *testing.T, n int) {
	old := runBytes
	runBytes = n
	t.Cleanup(func() { runBytes = old })
}

// TestSorterMergesRuns adds pairs in random order, some keys more than once, through runs of a
// few kilobytes: each gives every key once, in order, its values merged in the order added; the
// runs on disk do not hold the values in plain; close removes them.
func TestSorterMergesRuns(t *testing.T) {
	smallRuns(t, 4<<10)
	concat := func(k, a, b []byte) []byte { return append(append(slices.Clone(a), '+'), b...) }
	s, err := newSorter(t.TempDir(), concat)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	want := map[string]string{}
	for i := range 3000 {
		k := fmt.Sprintf("k%05d", rng.IntN(2000))
		v := fmt.Sprintf("路灯%d", i)
		if old, ok := want[k]; ok {
			v = old + "+" + v
			want[k] = v
		} else {
			want[k] = v
		}
		if err := s.add([]byte(k), []byte(fmt.Sprintf("路灯%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.runs) < 10 {
		t.Fatalf("%d runs; the test wants many", len(s.runs))
	}
	for _, name := range s.runs {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("路灯")) {
			t.Fatalf("run %s holds pairs in plain", filepath.Base(name))
		}
	}
	var keys []string
	err = s.each(func(k, v []byte) error {
		keys = append(keys, string(k))
		if want[string(k)] != string(v) {
			t.Errorf("%s = %q; want %q", k, v, want[string(k)])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(keys) || len(keys) != len(want) {
		t.Errorf("%d keys, sorted %v; want %d", len(keys), slices.IsSorted(keys), len(want))
	}
	dir := s.dir
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("close left %s (%v)", dir, err)
	}
}

// TestMergeImportedPostings: two postings of a chunk become one naming the documents of both,
// once each; two values of any other key, the later.
func TestMergeImportedPostings(t *testing.T) {
	chunk := chunkOf(inA(300))
	key := postingKey("路灯", docStatements, chunk)
	a := encodePosting(chunk, []entry{{inA(257)}, {inA(300)}})
	b := encodePosting(chunk, []entry{{inA(260)}, {inA(300)}, {inA(500)}})
	got, err := decodePosting(nil, chunk, mergeImported(key, a, b))
	if err != nil {
		t.Fatal(err)
	}
	want := []entry{{inA(257)}, {inA(260)}, {inA(300)}, {inA(500)}}
	if !slices.Equal(got, want) {
		t.Errorf("merged posting %v; want %v", got, want)
	}
	if v := mergeImported(villages.key(0, inA(1)), []byte("old"), []byte("new")); string(v) != "new" {
		t.Errorf("a record given twice keeps %q", v)
	}
}

// TestImportIndexAsBuilt imports two villages whose parts of each list come in the opposite
// order to their keys, through runs small enough that every list spans several: the archive
// holds exactly the keys an import of the same records in key order writes, and its search index
// is the one built from the records afterwards (buildIndex).
func TestImportIndexAsBuilt(t *testing.T) {
	smallRuns(t, 64<<10)
	a := demo.Synthetic(2, 1, nil)
	inOrder := openDir(t, t.TempDir())
	defer inOrder.Close()
	if err := inOrder.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	want := keysOf(t, inOrder)

	r := reversedVillages(a)
	s := openDir(t, t.TempDir())
	defer s.Close()
	if err := s.Import(r, nil); err != nil {
		t.Fatal(err)
	}
	got := keysOf(t, s)
	compareKeys(t, "reversed villages", got, want)
	if err := s.buildIndex(); err != nil {
		t.Fatal(err)
	}
	compareKeys(t, "index built again", keysOf(t, s), got)
}

// reversedVillages returns a with the villages' parts of every list in the opposite order, each
// part as it was.
func reversedVillages(a *meeting.Archive) *meeting.Archive {
	r := *a
	rev := func(n int, space func(i int) uint32) []int {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(x, y int) int { return -cmpU(space(x), space(y)) })
		return idx
	}
	r.Villages = pick(a.Villages, rev(len(a.Villages), func(i int) uint32 { return a.Villages[i].ID.Space() }))
	r.People = pick(a.People, rev(len(a.People), func(i int) uint32 { return a.People[i].ID.Space() }))
	r.Meetings = pick(a.Meetings, rev(len(a.Meetings), func(i int) uint32 { return a.Meetings[i].ID.Space() }))
	r.Statements = pick(a.Statements, rev(len(a.Statements), func(i int) uint32 { return a.Statements[i].ID.Space() }))
	r.Matters = pick(a.Matters, rev(len(a.Matters), func(i int) uint32 { return a.Matters[i].ID.Space() }))
	r.Notices = pick(a.Notices, rev(len(a.Notices), func(i int) uint32 { return a.Notices[i].ID.Space() }))
	r.Assignments = pick(a.Assignments, rev(len(a.Assignments), func(i int) uint32 { return a.Assignments[i].ID.Space() }))
	r.Amendments = pick(a.Amendments, rev(len(a.Amendments), func(i int) uint32 { return a.Amendments[i].ID.Space() }))
	return &r
}

func cmpU(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func pick[T any](xs []T, idx []int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

// compareKeys reports the keys got and want do not share, and those whose values differ.
func compareKeys(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	bad := 0
	for k, v := range want {
		if g, ok := got[k]; !ok || !bytes.Equal(g, v) {
			if bad++; bad <= 3 {
				t.Errorf("%s: key %q: %d bytes (there %v); want %d", what, k, len(g), ok, len(v))
			}
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			if bad++; bad <= 3 {
				t.Errorf("%s: key %q not wanted", what, k)
			}
		}
	}
	if bad > 0 || len(want) == 0 {
		t.Fatalf("%s: %d keys differ of %d", what, bad, len(want))
	}
}

// TestImportStreamFails makes an import fail while it writes its sorted keys, as a full disk
// would: the archive is empty again, with its schema version and without the marks, and what the
// sort wrote is gone; the same file then imports.
func TestImportStreamFails(t *testing.T) {
	smallRuns(t, 64<<10)
	dir := t.TempDir()
	s := openDir(t, dir)
	defer s.Close()
	disk := errors.New("no space left on device")
	testHookStream = func(batch int) error {
		if batch == 2 {
			if _, err := os.Stat(filepath.Join(dir, importingName)); err != nil {
				t.Errorf("no mark while the keys are written: %v", err)
			}
			return disk
		}
		return nil
	}
	t.Cleanup(func() { testHookStream = nil })
	a := bigArchive(12000)
	err := s.Import(a, nil)
	if !errors.Is(err, ErrIncompleteImport) || !errors.Is(err, disk) {
		t.Fatalf("Import = %v; want ErrIncompleteImport and the cause", err)
	}
	isEmptyArchive(t, s)
	left, _ := filepath.Glob(filepath.Join(dir, sortDirPattern))
	if _, err := os.Stat(filepath.Join(dir, importingName)); err == nil || len(left) > 0 {
		t.Errorf("a failed import left its mark (%v) or its runs %v", err, left)
	}
	testHookStream = nil
	if err := s.Import(a, nil); err != nil {
		t.Fatalf("importing after a failed import: %v", err)
	}
	if n := countStatements(t, s); n != len(a.Statements) {
		t.Errorf("%d statements after importing again; want %d", n, len(a.Statements))
	}
}

// TestImportMarkAtOpen: a directory whose import was cut off while it wrote its keys (the file
// importingName beside them, the runs of its sort) opens empty, the mark and the runs gone.
func TestImportMarkAtOpen(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := markImport(dir); err != nil {
		t.Fatal(err)
	}
	runs := filepath.Join(dir, ".import-12345")
	if err := os.MkdirAll(runs, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(runs, "run-1"), []byte("x"), 0o600)
	s = openDir(t, dir)
	defer s.Close()
	if err := s.db.View(func(txn *badger.Txn) error {
		if hasRecords(txn) {
			t.Error("the records of an import cut off are still there")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, importingName)); err == nil {
		t.Error("the mark is still there")
	}
	if _, err := os.Stat(runs); err == nil {
		t.Error("the runs of the sort are still there")
	}
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatalf("importing again: %v", err)
	}
}

func countStatements(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	if err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(statements.prefix)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStreamedMarkWithoutFile: meta/importing as an import of this release writes it, without
// its file IMPORTING (the change that deleted the key lost, as a MANIFEST cut back on a change
// leaves it): Open refuses the directory as damaged instead of dropping every record.
func TestStreamedMarkWithoutFile(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	rawUpdate(t, dir, func(txn *badger.Txn) error { return txn.Set(importingKey, []byte(streamedMark+"2026-12-05T00:00:00Z")) })
	_, err := Open(dir)
	var de *DamagedError
	if !errors.As(err, &de) || de.File != badger.ManifestFilename {
		t.Fatalf("Open = %v; want a *DamagedError naming the MANIFEST", err)
	}
	db, err := badger.Open(options(dir, quiet).WithReadOnly(true))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(func(txn *badger.Txn) error {
		if !hasRecords(txn) {
			t.Error("the records are gone")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
