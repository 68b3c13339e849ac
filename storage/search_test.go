package storage

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// searchFixture writes two villages: a meeting with statements in each, a person each.
func searchFixture(t *testing.T, s *Store) (v1, v2, m1, m2 meeting.ID) {
	t.Helper()
	a, b := village("阿北村"), village("河西村")
	for _, v := range []*meeting.Village{&a, &b} {
		if err := s.PutVillage(v); err != nil {
			t.Fatal(err)
		}
	}
	p := meeting.Person{VillageID: a.ID, Name: "金昌义", Phone: "13800001111", IDCard: "330102197001011234"}
	if err := s.PutPerson(&p); err != nil {
		t.Fatal(err)
	}
	ma := consultation(a.ID, "路灯和边沟", clock(11, 20, 19, 30))
	mb := consultation(b.ID, "垃圾清运", clock(11, 21, 19, 30))
	for _, m := range []*meeting.Meeting{&ma, &mb} {
		if err := s.PutMeeting(m); err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range []meeting.Statement{
		statement(ma.ID, clock(11, 20, 19, 31), "王秀英", "村口的路灯坏了三盏，晚上看不见。"),
		statement(ma.ID, clock(11, 20, 19, 32), "金昌义", "用ＬＥＤ灯，省电"),
		statement(mb.ID, clock(11, 21, 19, 31), "赵大海", "垃圾车一周来两次，路灯也要修"),
	} {
		if err := s.AppendStatement(&st); err != nil {
			t.Fatal(err)
		}
	}
	return a.ID, b.ID, ma.ID, mb.ID
}

func search(t *testing.T, s *Store, q string, opt SearchOptions) Results {
	t.Helper()
	r, err := s.Search(q, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range r.Hits {
		for _, sp := range h.Spans {
			if sp[0] < 0 || sp[1] > len(h.Text) || sp[0] >= sp[1] {
				t.Errorf("%q: span %v out of %q", q, sp, h.Text)
			}
		}
	}
	return r
}

// marked returns the matched text of each hit of kind, as "field:match".
func marked(r Results, kind HitKind) []string {
	var out []string
	for _, h := range r.Hits {
		if h.Kind == kind {
			for _, sp := range h.Spans {
				out = append(out, h.Field+":"+h.Text[sp[0]:sp[1]])
			}
		}
	}
	return out
}

func TestSearch(t *testing.T) {
	s := openMem(t)
	v1, _, m1, m2 := searchFixture(t, s)

	r := search(t, s, " 路灯 ", SearchOptions{})
	if r.Query != "路灯" || r.Meetings != 2 || !r.Exact || r.More {
		t.Errorf("路灯: query %q, meetings %d exact %v more %v", r.Query, r.Meetings, r.Exact, r.More)
	}
	if got := marked(r, HitStatement); len(got) != 2 {
		t.Errorf("路灯 statements: %v", got)
	}
	if got := marked(r, HitMeeting); !slices.Equal(got, []string{"主题:路灯"}) {
		t.Errorf("路灯 meeting hits: %v", got)
	}
	// Grouped by kind in order, newest first within a kind.
	for i := 1; i < len(r.Hits); i++ {
		a, b := r.Hits[i-1], r.Hits[i]
		if a.Kind > b.Kind || (a.Kind == b.Kind && a.Date.Before(b.Date)) {
			t.Errorf("hits out of order at %d: %v then %v", i, a, b)
		}
	}
	if sts := r.Hits[len(r.Hits)-1]; sts.Kind != HitStatement || sts.MeetingID != m1 {
		t.Errorf("last hit: %+v", sts)
	}

	// One character, the very first and last of a text.
	if got := marked(search(t, s, "村", SearchOptions{}), HitStatement); !slices.Equal(got, []string{"发言:村"}) {
		t.Errorf("村: %v", got)
	}
	if got := marked(search(t, s, "。", SearchOptions{}), HitStatement); len(got) != 1 {
		t.Errorf("。: %v", got)
	}
	// Four characters, across a gram boundary at the end.
	if got := marked(search(t, s, "看不见。", SearchOptions{}), HitStatement); len(got) != 1 {
		t.Errorf("看不见。: %v", got)
	}
	if r := search(t, s, "看不见了", SearchOptions{}); len(r.Hits) != 0 || r.Meetings != 0 {
		t.Errorf("看不见了 found %v", r.Hits)
	}
	// Latin letters in either case and full width.
	for _, q := range []string{"led", "LED", "ｌｅｄ", "Led灯"} {
		got := marked(search(t, s, q, SearchOptions{}), HitStatement)
		if len(got) != 1 || (got[0] != "发言:ＬＥＤ" && got[0] != "发言:ＬＥＤ灯") {
			t.Errorf("%s: %v", q, got)
		}
	}
	// People by name and by pinyin initials; never their phone or ID card.
	for _, q := range []string{"昌义", "jcy", "JC", "jinchang"} {
		r := search(t, s, q, SearchOptions{})
		if got := r.Hits; len(got) == 0 || got[len(got)-1].Kind != HitPerson || got[len(got)-1].Text != "金昌义" {
			t.Errorf("%s: %+v", q, got)
		}
	}
	if r := search(t, s, "13800001111", SearchOptions{}); len(r.Hits) != 0 {
		t.Errorf("phone number found: %+v", r.Hits)
	}
	if r := search(t, s, "cy", SearchOptions{}); len(marked(r, HitPerson)) != 0 {
		t.Errorf("cy is not the start of jcy: %+v", r.Hits)
	}
	// Empty.
	if r := search(t, s, "  ", SearchOptions{}); len(r.Hits) != 0 {
		t.Errorf("empty query: %+v", r.Hits)
	}
	// Village filter.
	r = search(t, s, "路灯", SearchOptions{Village: v1})
	for _, h := range r.Hits {
		if h.VillageID != v1 || h.MeetingID == m2 {
			t.Errorf("village filter let through %+v", h)
		}
	}
	// Limit.
	r = search(t, s, "路灯", SearchOptions{Limit: 1})
	if len(r.Hits) != 1 || !r.More {
		t.Errorf("limit 1: %d hits, more %v", len(r.Hits), r.More)
	}
}

func TestSearchLiveEdits(t *testing.T) {
	s := openMem(t)
	_, _, m1, _ := searchFixture(t, s)
	st := statement(m1, clock(11, 20, 19, 40), "王秀英", "水渠要清淤")
	if err := s.AppendStatement(&st); err != nil {
		t.Fatal(err)
	}
	if got := marked(search(t, s, "清淤", SearchOptions{}), HitStatement); len(got) != 1 {
		t.Errorf("a statement appended live is not found: %v", got)
	}
	st.Text = "水塘要加护栏"
	if err := s.PutStatement(st); err != nil {
		t.Fatal(err)
	}
	if r := search(t, s, "清淤", SearchOptions{}); len(r.Hits) != 0 {
		t.Errorf("the old text of an edited statement is found: %+v", r.Hits)
	}
	if got := marked(search(t, s, "加护栏", SearchOptions{}), HitStatement); len(got) != 1 {
		t.Errorf("the new text of an edited statement is not found: %v", got)
	}
	if err := s.DeleteStatement(m1, st.ID); err != nil {
		t.Fatal(err)
	}
	if r := search(t, s, "加护栏", SearchOptions{}); len(r.Hits) != 0 {
		t.Errorf("a deleted statement is found: %+v", r.Hits)
	}
	// A transaction that fails posts nothing to the cache: the retry-free path.
	m, _ := s.Meeting(m1)
	m.Title = "修桥"
	if err := s.PutMeeting(&m); err != nil {
		t.Fatal(err)
	}
	if got := marked(search(t, s, "修桥", SearchOptions{}), HitMeeting); len(got) != 1 {
		t.Errorf("edited title: %v", got)
	}
}

// TestSearchImportAndMigration checks the index Import builds, and the one the migration from
// schema version 1 builds for a directory without one.
func TestSearchImportAndMigration(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	want := search(t, s, "路灯", SearchOptions{})
	if len(want.Hits) == 0 {
		t.Fatal("nothing found after Import")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Back to version 1: no index, old schema.
	rawUpdate(t, dir, func(txn *badger.Txn) error {
		var keys [][]byte
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(gramPrefix)})
		for it.Rewind(); it.Valid(); it.Next() {
			keys = append(keys, it.Item().KeyCopy(nil))
		}
		it.Close()
		for _, k := range keys {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return txn.Set(schemaKey, encodeSchema(1))
	})
	s = openDir(t, dir)
	defer s.Close()
	if got, _ := rawSchemaOpen(s); got != SchemaVersion {
		t.Errorf("schema after migration: %d", got)
	}
	sameJSON(t, search(t, s, "路灯", SearchOptions{}), want)
}

func rawSchemaOpen(s *Store) (v int, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		v, _, err = readSchema(txn)
		return err
	})
	return v, err
}

// indexDump returns every posting of the index, as its key and the IDs it names, with the live
// postings of statements merged into the chunked ones they stand for.
func indexDump(t *testing.T, s *Store) map[string][]entry {
	t.Helper()
	out := make(map[string][]entry)
	err := s.db.View(func(txn *badger.Txn) error {
		prefix := []byte(gramPrefix)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
			k := it.Item().KeyCopy(nil)
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			if n := len(k); n > len(gramPrefix)+10 && k[n-10] == 0xff && k[n-9] == liveStatements {
				id := lastID(k)
				key := string(postingKey(string(k[len(gramPrefix):n-10]), docStatements, chunkOf(id)))
				out[key] = append(out[key], entry{id})
				continue
			}
			es, err := decodePosting(nil, binary.BigEndian.Uint64(k[len(k)-8:]), v)
			if err != nil {
				return err
			}
			out[string(k)] = append(out[string(k)], es...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, es := range out {
		slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.id, b.id) })
		out[k] = slices.Compact(es)
	}
	return out
}

// TestIndexBuiltAlike checks that the three ways the index is made agree: records written one
// transaction at a time (statements appended live), Import, and the build the migration runs.
func TestIndexBuiltAlike(t *testing.T) {
	s := openMem(t)
	_, _, m1, m2 := searchFixture(t, s)
	for i, text := range []string{"水渠要清淤", "路灯坏了三盏", "清淤的钱从哪里出"} {
		st := statement([]meeting.ID{m1, m2}[i%2], clock(11, 20, 19, 40+i), "王秀英", text)
		if err := s.AppendStatement(&st); err != nil {
			t.Fatal(err)
		}
	}
	if n := liveCount(t, s, m1); n == 0 {
		t.Fatal("statements appended live wrote no live postings")
	}
	if got := marked(search(t, s, "清淤", SearchOptions{}), HitStatement); len(got) != 2 {
		t.Errorf("statements of a draft, found by their live postings: %v", got)
	}
	// Sealing posts the statements of the meeting in the chunked postings and drops its live
	// ones: then the index is the one the migration builds.
	for _, id := range []meeting.ID{m1, m2} {
		m, err := s.Meeting(id)
		if err != nil {
			t.Fatal(err)
		}
		m.End = m.Start.Add(time.Hour)
		if err := s.PutMeeting(&m); err != nil {
			t.Fatal(err)
		}
		if _, _, err := seal(s, id, m.End.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if n := liveCount(t, s, id); n != 0 {
			t.Errorf("%d live postings left after sealing", n)
		}
	}
	if got := marked(search(t, s, "清淤", SearchOptions{}), HitStatement); len(got) != 2 {
		t.Errorf("statements of a sealed meeting: %v", got)
	}
	live := indexDump(t, s)
	if err := s.buildIndex(); err != nil {
		t.Fatal(err)
	}
	if built := indexDump(t, s); !reflect.DeepEqual(built, live) {
		t.Errorf("the migration builds %d postings, live writes made %d, and they differ", len(built), len(live))
	}

	a := sampleArchive()
	s = openMem(t)
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	imported := indexDump(t, s)
	if len(imported) == 0 {
		t.Fatal("Import built no index")
	}
	if err := s.buildIndex(); err != nil {
		t.Fatal(err)
	}
	if built := indexDump(t, s); !reflect.DeepEqual(built, imported) {
		t.Errorf("the migration builds %d postings, Import %d, and they differ", len(built), len(imported))
	}
}

// liveCount returns how many live postings name meeting id.
func liveCount(t *testing.T, s *Store, id meeting.ID) int {
	t.Helper()
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		prefix := []byte(gramPrefix)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
		defer it.Close()
		for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
			k := it.Item().Key()
			if l := len(k); l > len(gramPrefix)+10 && k[l-10] == 0xff && k[l-9] == liveStatements && lastID(k) == id {
				n++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDecodeHead holds the short read of a meeting's village and start, which stops once it has
// them, to the full decode: on every meeting of a synthetic village's three years, on fields in
// another order and missing, and on a value it must refuse as decode does.
func TestDecodeHead(t *testing.T) {
	check := func(name string, v []byte) {
		t.Helper()
		var want, got meetingHead
		werr, gerr := decode(v, &want), decodeHead(v, &got)
		if (werr == nil) != (gerr == nil) || (werr == nil && want != got) {
			t.Errorf("%s: decodeHead = %+v, %v; decode = %+v, %v", name, got, gerr, want, werr)
		}
	}
	a := demo.Synthetic(1, 3, nil)
	for _, m := range a.Meetings {
		v, err := encode(m)
		if err != nil {
			t.Fatal(err)
		}
		check(fmt.Sprintf("meeting %d", m.ID), v)
	}
	version := string(rune(SchemaVersion))
	for name, js := range map[string]string{
		"village last":     `{"attendance":{"expected":[{"id":1,"name":"甲"}]},"start":"2026-01-02T19:30:00+08:00","title":"x","village_id":7}`,
		"no start":         `{"village_id":7,"items":[]}`,
		"nothing":          `{}`,
		"a nested start":   `{"items":[{"start":"2020-01-01T00:00:00Z"}],"village_id":3}`,
		"cut":              `{"village_id":7,"attendance":{`,
		"start not time":   `{"village_id":7,"start":"昨天"}`,
		"not an object":    `[1,2]`,
		"village a string": `{"village_id":"七"}`,
	} {
		check(name, []byte(version+js))
	}
	check("no version", []byte(`{"village_id":7}`))
	check("newer version", append([]byte{SchemaVersion + 1}, `{"village_id":7}`...))
}
