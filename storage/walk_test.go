package storage

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// villageOf returns the village of a record handed on by Walk, through its meeting for
// statements and amendments.
func villageOf(t *testing.T, meetingVillage map[meeting.ID]meeting.ID, r any) meeting.ID {
	switch x := r.(type) {
	case *meeting.Village:
		return x.ID
	case *meeting.Person:
		return x.VillageID
	case *meeting.Meeting:
		return x.VillageID
	case *meeting.Statement:
		return meetingVillage[x.MeetingID]
	case *meeting.Matter:
		return x.VillageID
	case *meeting.Notice:
		return x.VillageID
	case *meeting.Assignment:
		return x.VillageID
	case *meeting.Amendment:
		return meetingVillage[x.MeetingID]
	}
	t.Fatalf("Walk handed on a %T", r)
	return 0
}

// TestWalk: Walk hands on every record once, list by list in the format's order; with a
// village, exactly that village's records; EachVillage hands on each village whole.
func TestWalk(t *testing.T) {
	a := demo.Synthetic(3, 1, nil)
	s := openMem(t)
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	meetingVillage := map[meeting.ID]meeting.ID{}
	for _, m := range a.Meetings {
		meetingVillage[m.ID] = m.VillageID
	}
	walked := func(village meeting.ID) (n map[meeting.ID]int, lists []string) {
		n = map[meeting.ID]int{}
		err := s.Walk(village, func(list string, r any) error {
			if len(lists) == 0 || lists[len(lists)-1] != list {
				lists = append(lists, list)
			}
			n[villageOf(t, meetingVillage, r)]++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return n, lists
	}
	inOrder := func(lists []string) bool {
		return slices.IsSortedFunc(lists, func(a, b string) int {
			return slices.Index(meeting.ArchiveLists, a) - slices.Index(meeting.ArchiveLists, b)
		}) && len(slices.Compact(slices.Clone(lists))) == len(lists)
	}
	all, lists := walked(0)
	total := 0
	for _, k := range all {
		total += k
	}
	if total != records(a) || !inOrder(lists) {
		t.Errorf("Walk(0) handed on %d records in lists %v; the archive holds %d", total, lists, records(a))
	}
	for _, v := range a.Villages {
		got, lists := walked(v.ID)
		if len(got) != 1 || got[v.ID] != all[v.ID] || !inOrder(lists) {
			t.Errorf("Walk(%d) handed on %v in lists %v; the village holds %d records", v.ID, got, lists, all[v.ID])
		}
	}
	if err := s.Walk(99, func(string, any) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("Walk of a village there is not = %v", err)
	}
	seen := 0
	err := s.EachVillage(func(p *meeting.Archive) error {
		seen++
		if len(p.Villages) != 1 || records(p) != all[p.Villages[0].ID] {
			t.Errorf("EachVillage: a part of %d villages and %d records", len(p.Villages), records(p))
		}
		return nil
	})
	if err != nil || seen != len(a.Villages) {
		t.Errorf("EachVillage handed on %d villages (%v); want %d", seen, err, len(a.Villages))
	}
}

// TestImportFromRefusesLateProblem: a stream whose last record is wrong is refused whole,
// though most of it was written already, and the store is as empty as before; so is one whose
// reader fails part-way (a file cut short).
func TestImportFromRefusesLateProblem(t *testing.T) {
	a := demo.Synthetic(1, 1, nil)
	for name, read := range map[string]func(fn func(string, any) error) error{
		"last amendment of no meeting": func(fn func(string, any) error) error {
			if err := a.EachRecord(fn); err != nil {
				return err
			}
			return fn(meeting.ListAmendments, &meeting.Amendment{ID: 999999, MeetingID: 999999,
				Author: meeting.Ref{Name: "王"}, Reason: "r", Text: "t"})
		},
		"reader fails": func(fn func(string, any) error) error {
			if err := a.Each(meeting.ListVillages, fn); err != nil {
				return err
			}
			if err := a.Each(meeting.ListPeople, fn); err != nil {
				return err
			}
			return errors.New("文件不完整")
		},
		"a sealed statement changed": func(fn func(string, any) error) error {
			return a.EachRecord(func(list string, r any) error {
				if st, ok := r.(*meeting.Statement); ok && st.ID == a.Statements[10].ID {
					c := *st
					c.Text += "（改）"
					r = &c
				}
				return fn(list, r)
			})
		},
	} {
		t.Run(name, func(t *testing.T) {
			s := openDir(t, t.TempDir())
			defer s.Close()
			_, err := s.ImportFrom(meeting.ArchiveFormat, meeting.ArchiveVersion, read, nil)
			if err == nil {
				t.Fatal("the import was taken")
			}
			if err := s.db.View(func(txn *badger.Txn) error {
				if hasRecords(txn) || hasPrefix(txn, gramPrefix) {
					t.Error("a refused import left records or postings")
				}
				if ok, _ := exists(txn, importingKey); ok {
					t.Error("a refused import left its mark")
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestImportFromCounts: what ImportFrom says it wrote is what the archive held, and what is
// read back is the archive.
func TestImportFromCounts(t *testing.T) {
	a := demo.Synthetic(2, 1, nil)
	s := openMem(t)
	n, err := s.ImportFrom(a.Format, a.Version, a.EachRecord, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n.Records() != records(a) || n.Villages != 2 || n.Statements != len(a.Statements) {
		t.Errorf("ImportFrom counted %+v; the archive holds %d records", n, records(a))
	}
	back, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(a.Meetings)
	got, _ := json.Marshal(back.Meetings)
	if string(got) != string(want) {
		t.Error("the meetings read back differ from those imported")
	}
}

// TestSearchOfOneVillage: a search of one village finds what the search of every village finds
// in that village, no more and no less, though it drops the other villages' candidates by their
// indexes before reading any.
func TestSearchOfOneVillage(t *testing.T) {
	a := demo.Synthetic(3, 1, nil)
	s := openMem(t)
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"村民", "路", "会议", a.People[len(a.People)-1].Name} {
		all, err := s.Search(q, SearchOptions{Limit: 100000})
		if err != nil || len(all.Hits) == 0 {
			t.Fatalf("%q: %d hits, %v", q, len(all.Hits), err)
		}
		for _, v := range a.Villages {
			var want []Hit
			for _, h := range all.Hits {
				if h.VillageID == v.ID {
					want = append(want, h)
				}
			}
			got, err := s.Search(q, SearchOptions{Village: v.ID, Limit: 100000})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got.Hits, want, func(a, b Hit) bool {
				return a.Kind == b.Kind && a.MeetingID == b.MeetingID && a.StatementID == b.StatementID &&
					a.MatterID == b.MatterID && a.NoticeID == b.NoticeID && a.PersonID == b.PersonID &&
					a.AssignmentID == b.AssignmentID && a.AmendmentID == b.AmendmentID && a.Field == b.Field
			}) {
				t.Errorf("%q in village %d: %d hits; the search of every village has %d there", q, v.ID, len(got.Hits), len(want))
			}
		}
	}
}

// TestWalkStatementsInIDOrder: statements of two meetings recorded at once have interleaved IDs;
// Walk hands them on in ID order, for the whole archive and for the village, so the file reads
// as older releases wrote it (their import wants ID order), and it validates.
func TestWalkStatementsInIDOrder(t *testing.T) {
	s := openMem(t)
	m1, m2 := twoMeetings(t, s)
	for i := range 6 {
		m := m1.ID
		if i%2 == 1 {
			m = m2.ID
		}
		st := statement(m, clock(11, 20, 19, 40+i), "王秀英", fmt.Sprintf("第 %d 句", i))
		if err := s.AppendStatement(&st); err != nil {
			t.Fatal(err)
		}
	}
	for _, village := range []meeting.ID{0, m1.VillageID} {
		a := &meeting.Archive{Format: meeting.ArchiveFormat, Version: meeting.ArchiveVersion}
		if err := s.Walk(village, a.Add); err != nil {
			t.Fatal(err)
		}
		if len(a.Statements) != 6 || !slices.IsSortedFunc(a.Statements, func(x, y meeting.Statement) int { return cmp.Compare(x.ID, y.ID) }) {
			var ids []meeting.ID
			for _, st := range a.Statements {
				ids = append(ids, st.ID)
			}
			t.Errorf("Walk(%d) handed on statements %v; want 6 in ID order", village, ids)
		}
		if err := a.Validate(); err != nil {
			t.Errorf("Walk(%d): %v", village, err)
		}
	}
}
