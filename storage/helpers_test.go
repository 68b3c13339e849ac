package storage

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"slices"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// openMem opens a store in memory, closed when the test ends.
func openMem(t testing.TB) *Store {
	t.Helper()
	s, err := OpenInMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openDir opens a store in dir; the test closes it.
func openDir(t testing.TB, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// clock returns a moment of 2026 in Beijing time.
func clock(month time.Month, day, hour, min int) time.Time {
	return time.Date(2026, month, day, hour, min, 0, 0, meeting.Beijing)
}

// sameJSON fails the test unless got and want marshal to the same JSON: records read back carry
// times in an unnamed +08:00 zone, equal to Beijing in every way JSON shows.
func sameJSON(t testing.TB, got, want any) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g, w) {
		t.Errorf("got  %s\nwant %s", g, w)
	}
}

// rawUpdate changes the keys of a closed data directory by hand, through Badger itself.
func rawUpdate(t testing.TB, dir string, fn func(txn *badger.Txn) error) {
	t.Helper()
	db, err := badger.Open(options(dir, quiet))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// rawSchema reads meta/schema of a closed data directory.
func rawSchema(t testing.TB, dir string) (version int, found bool) {
	t.Helper()
	db, err := badger.Open(options(dir, quiet).WithReadOnly(true))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(func(txn *badger.Txn) error {
		version, found, err = readSchema(txn)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return version, found
}

// village returns a new village named name, with the default settings.
func village(name string) meeting.Village {
	return meeting.Village{Name: name, Township: "清河镇", County: "青山县", Households: 120, Adults: 310,
		Settings: meeting.Defaults()}
}

// consultation returns a new consultation meeting of village v starting at start.
func consultation(v meeting.ID, title string, start time.Time) meeting.Meeting {
	return meeting.Meeting{
		VillageID: v, Kind: meeting.Consultation, Form: "夜话乡村", Title: title, Place: "村委会院子",
		Start: start, Host: meeting.Ref{Name: "张建国"}, Recorder: meeting.Ref{Name: "李晓梅"},
		Attendance: meeting.Attendance{Expected: 12, Present: 10},
		Items:      []meeting.Item{{N: 1, Title: "村口路灯"}},
		Status:     meeting.Draft,
	}
}

// statement returns a new statement of meeting m.
func statement(m meeting.ID, at time.Time, who, text string) meeting.Statement {
	return meeting.Statement{MeetingID: m, Item: 1, Speaker: meeting.Ref{Name: who}, At: at,
		Kind: meeting.Concern, Text: text}
}

// sampleArchive is a small archive of two villages with every kind of record, in ID order, as
// the interchange form has it. Statements and amendments of two meetings interleave, so ID
// order differs from key order.
func sampleArchive() *meeting.Archive {
	return sampleIn(map[meeting.ID]uint32{1: spaceA, 2: spaceB})
}

// sampleIn is sampleOld with its villages (by their old IDs) given spaces, in ID order as an
// export has it: what an archive of sampleOld holds once it is migrated or imported.
func sampleIn(spaces map[meeting.ID]uint32) *meeting.Archive {
	a := sampleOld()
	if err := meeting.RebaseArchive(a, &meeting.Rebase{Spaces: spaces}); err != nil {
		panic(err)
	}
	sortByID(a)
	return a
}

// sampleOld is sampleArchive as it was numbered before IDs had spaces (schema versions up to 4,
// interchange version 1): archive-wide, from 1.
func sampleOld() *meeting.Archive {
	zhang := meeting.Ref{PersonID: 1, Name: "张建国"}
	li := meeting.Ref{PersonID: 2, Name: "李晓梅"}
	wang := meeting.Ref{PersonID: 3, Name: "王秀英"}
	threshold := meeting.TwoThirdsOrMore
	abei, shiqiao := village("阿北村"), village("石桥村")
	abei.ID, shiqiao.ID = 1, 2
	shiqiao.Settings.MergeFirstSteps = true

	m1 := consultation(1, "村口路灯和排水沟", clock(11, 20, 19, 30))
	m1.ID = 1
	m1.End = clock(11, 20, 21, 5)
	m1.Attendance.Attendees = []meeting.Ref{zhang, li}
	m1.Attendance.Absent = []meeting.Absence{{Who: wang, Reason: "外出务工"}}
	m1.Attendance.Observers = []meeting.Ref{{Name: "赵志刚", Post: "镇联络干部"}}
	m1.Items[0].Outcome = &meeting.Outcome{Kind: meeting.ToMatter, MatterID: 1}

	m2 := meeting.Meeting{
		ID: 2, VillageID: 1, Kind: meeting.Formal, Body: meeting.TwoCommittees, Title: "村口路灯改造",
		Place: "党群服务中心", Start: clock(11, 27, 9, 0), End: clock(11, 27, 10, 30),
		Host: zhang, Recorder: li,
		Attendance: meeting.Attendance{Expected: 7, Present: 7},
		Items: []meeting.Item{{N: 1, Title: "村口路灯改造方案", MatterID: 1, Step: meeting.Deliberated,
			Explanation: "共 12 盏，预算 3.6 万元",
			Vote: &meeting.Vote{Method: meeting.ShowOfHands, Ayes: 6, Noes: 1,
				Tellers: []meeting.Ref{{PersonID: 2, Name: "李晓梅", Post: "计票人"}}, At: clock(11, 27, 10, 10)},
			Resolution: "同意按方案改造村口路灯"}},
		Status: meeting.Final, SealedAt: clock(11, 27, 11, 0), Seal: "c0ffee",
	}
	m3 := consultation(2, "板凳会：垃圾清运", clock(11, 21, 19, 0))
	m3.ID = 3
	m3.Form = "板凳会"

	a := &meeting.Archive{
		Format: meeting.ArchiveFormat, Version: meeting.ArchiveVersion,
		Villages: []meeting.Village{abei, shiqiao},
		People: []meeting.Person{
			{ID: 1, VillageID: 1, Name: "张建国", Gender: "男", Title: "党支部书记", Household: "001",
				Phone: "13800138000", IDCard: "11010519491231002X",
				Memberships: []meeting.Membership{{Body: meeting.BranchCommittee, Role: "书记"}, {Body: meeting.PartyAssembly}}},
			{ID: 2, VillageID: 1, Name: "李晓梅", Gender: "女", Title: "大学生村官",
				Memberships: []meeting.Membership{{Body: meeting.PartyAssembly, Probationary: true}}},
			{ID: 3, VillageID: 2, Name: "王秀英", Guest: true},
		},
		Meetings: []meeting.Meeting{m1, m2, m3},
		Statements: []meeting.Statement{
			{ID: 1, MeetingID: 1, Item: 1, Speaker: wang, At: clock(11, 20, 19, 35), Kind: meeting.Concern, Text: "村口的路灯坏了三盏，晚上看不见路。"},
			{ID: 2, MeetingID: 3, Item: 1, Speaker: meeting.Ref{Name: "刘大爷"}, At: clock(11, 21, 19, 5), Kind: meeting.Suggestion, Text: "垃圾车每周多来一趟。"},
			{ID: 3, MeetingID: 1, Item: 1, Speaker: zhang, At: clock(11, 20, 19, 40), Kind: meeting.Answer, Text: "这件事转入四议，下周两委会商议。"},
			{ID: 4, MeetingID: 2, Item: 1, Speaker: li, At: clock(11, 27, 9, 20), Kind: meeting.Opinion, Text: "建议用太阳能灯，省电费。"},
		},
		Matters: []meeting.Matter{{
			ID: 1, VillageID: 1, Title: "村口路灯改造", Category: "公益事业", Description: "更换 12 盏路灯",
			Amount: meeting.Yuan(36000), Origin: &meeting.ItemRef{MeetingID: 1, Item: 1},
			Threshold: &threshold, ThresholdBasis: "村规民约第 12 条",
			Created: meeting.NewDate(2026, 11, 20),
			History: []meeting.Event{
				{Stage: meeting.Proposed, On: meeting.NewDate(2026, 11, 24), Note: "支委会提议"},
				{Stage: meeting.Deliberated, On: meeting.NewDate(2026, 11, 27), By: &meeting.ItemRef{MeetingID: 2, Item: 1}},
			},
			Implementation: &meeting.Implementation{Plan: "分两批更换", Budget: meeting.Yuan(36000), Subsidy: meeting.Yuan(20000),
				Progress: []meeting.Progress{{On: meeting.NewDate(2026, 12, 1), Text: "第一批 6 盏已装好"}},
				Started:  meeting.NewDate(2026, 11, 30)},
		}},
		Notices: []meeting.Notice{{
			ID: 1, VillageID: 1, MatterID: 1, Kind: meeting.ResolutionNotice, Title: "关于村口路灯改造的决议公告",
			Contact: "村务监督委员会 王主任", Issued: meeting.NewDate(2026, 12, 5),
			Postings:    []meeting.Posting{{Where: "公开栏", From: meeting.NewDate(2026, 12, 5), To: meeting.NewDate(2026, 12, 11)}},
			Objections:  []meeting.Objection{{On: meeting.NewDate(2026, 12, 6), From: "村民", Text: "灯太亮", Answer: "可调光", Answered: meeting.NewDate(2026, 12, 7)}},
			Supervision: &meeting.Supervision{By: wang, On: meeting.NewDate(2026, 12, 5), Opinion: "程序合规"},
			Seal:        "beef",
		}},
		Assignments: []meeting.Assignment{{
			ID: 1, VillageID: 1, From: &meeting.ItemRef{MeetingID: 1, Item: 1}, Task: "疏通排水沟", Owner: li,
			Assigned: meeting.NewDate(2026, 11, 20), Deadline: meeting.NewDate(2026, 11, 30), Urgency: meeting.AtOnce,
			Result: "已疏通", Done: meeting.NewDate(2026, 11, 25), Feedback: "已告知王秀英", FedBack: meeting.NewDate(2026, 11, 26),
		}},
		Amendments: []meeting.Amendment{
			{ID: 1, MeetingID: 2, At: clock(11, 28, 8, 0), Author: li, Reason: "票数记错", Text: "反对应为 1 票"},
			{ID: 2, MeetingID: 1, At: clock(11, 28, 9, 0), Author: li, Reason: "漏记", Text: "补记观察员"},
			{ID: 3, MeetingID: 2, At: clock(11, 29, 8, 0), Author: zhang, Reason: "地点", Text: "地点为党群服务中心二楼"},
		},
	}
	reseal(a)
	a.Version = 1
	return a
}

// The spaces of sampleArchive's villages: 阿北村 (A) and 石桥村 (B).
const spaceA, spaceB = 0xA, 0xB

// inA and inB return the ID of local number n in 阿北村 and in 石桥村 of sampleArchive.
func inA(n uint32) meeting.ID { return meeting.InSpace(spaceA, n) }
func inB(n uint32) meeting.ID { return meeting.InSpace(spaceB, n) }

// reseal gives sampleArchive's sealed meeting (2) and posted notice (1) seals that hold over the
// archive's statements as they are, as an export has them: an import refuses broken ones.
func reseal(a *meeting.Archive) {
	a.Meetings[1].Seal = meeting.SealOf(a.Meetings[1], a.Statements, "")
	meeting.SealNotice(&a.Notices[0], a.Matters[0], map[meeting.ID]meeting.Meeting{a.Meetings[1].ID: a.Meetings[1]})
}

// quiet is the Badger logger of raw opens in tests.
var quiet = logger{log.New(io.Discard, "", 0)}

// writeRaw writes the records of a as an import writes them, without its checks.
func writeRaw(t *testing.T, s *Store, a *meeting.Archive) {
	t.Helper()
	wb := s.db.NewWriteBatch()
	im := &importer{set: wb.Set, last: map[string]uint32{}}
	if err := a.EachRecord(im.write); err != nil {
		t.Fatal(err)
	}
	if err := im.finish(); err != nil {
		t.Fatal(err)
	}
	if err := wb.Flush(); err != nil {
		t.Fatal(err)
	}
}

// writeOld writes archive a, numbered archive-wide, into the data directory dir as schema
// version (before 5) kept it: keys of 8-byte IDs without spaces, the index keys by village, the
// archive-wide counters seq/<k>, values of that version, and meta/schema. The search index is
// left out: the migration builds it again.
func writeOld(t *testing.T, dir string, a *meeting.Archive, version int) {
	t.Helper()
	rawUpdate(t, dir, func(txn *badger.Txn) error {
		last := map[string]meeting.ID{}
		put := func(key []byte, r any, seq string, id meeting.ID, index []byte) error {
			js, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if err := txn.Set(key, append([]byte{byte(version)}, js...)); err != nil {
				return err
			}
			if index != nil {
				if err := txn.Set(index, nil); err != nil {
					return err
				}
			}
			last[seq] = max(last[seq], id)
			return nil
		}
		old := func(prefix string, ids ...meeting.ID) []byte { return appendIDs([]byte(prefix), ids...) }
		err := a.EachRecord(func(_ string, r any) error {
			switch x := r.(type) {
			case *meeting.Village:
				return put(old("v/", x.ID), x, "seq/v", x.ID, nil)
			case *meeting.Person:
				return put(old("p/", x.ID), x, "seq/p", x.ID, old("ip/", x.VillageID, x.ID))
			case *meeting.Meeting:
				return put(old("m/", x.ID), x, "seq/m", x.ID, old("im/", x.VillageID, x.ID))
			case *meeting.Statement:
				return put(old("s/", x.MeetingID, x.ID), x, "seq/s", x.ID, nil)
			case *meeting.Matter:
				return put(old("t/", x.ID), x, "seq/t", x.ID, old("it/", x.VillageID, x.ID))
			case *meeting.Notice:
				return put(old("n/", x.ID), x, "seq/n", x.ID, old("in/", x.VillageID, x.ID))
			case *meeting.Assignment:
				return put(old("a/", x.ID), x, "seq/a", x.ID, old("ia/", x.VillageID, x.ID))
			case *meeting.Amendment:
				return put(old("x/", x.MeetingID, x.ID), x, "seq/x", x.ID, nil)
			}
			return fmt.Errorf("a %T", r)
		})
		if err != nil {
			return err
		}
		for seq, id := range last {
			if err := txn.Set([]byte(seq), binary.BigEndian.AppendUint64(nil, uint64(id))); err != nil {
				return err
			}
		}
		return txn.Set(schemaKey, encodeSchema(version))
	})
}

// sortByID sorts every list of a by ID, as an export has them (statements and amendments of
// one village by ID too, whatever their meeting).
func sortByID(a *meeting.Archive) {
	byID := func(x, y meeting.ID) int { return cmp.Compare(x, y) }
	slices.SortStableFunc(a.Villages, func(x, y meeting.Village) int { return byID(x.ID, y.ID) })
	slices.SortStableFunc(a.People, func(x, y meeting.Person) int { return byID(x.ID, y.ID) })
	slices.SortStableFunc(a.Meetings, func(x, y meeting.Meeting) int { return byID(x.ID, y.ID) })
	slices.SortStableFunc(a.Statements, func(x, y meeting.Statement) int { return byID(x.ID, y.ID) })
	slices.SortStableFunc(a.Matters, func(x, y meeting.Matter) int { return byID(x.ID, y.ID) })
	slices.SortStableFunc(a.Notices, func(x, y meeting.Notice) int { return byID(x.ID, y.ID) })
	slices.SortStableFunc(a.Assignments, func(x, y meeting.Assignment) int { return byID(x.ID, y.ID) })
	slices.SortStableFunc(a.Amendments, func(x, y meeting.Amendment) int { return byID(x.ID, y.ID) })
}

// isEmptyArchive checks that a failed import left s as new: no records, no meta/importing, the
// schema version in place.
func isEmptyArchive(t *testing.T, s *Store) {
	t.Helper()
	if err := s.db.View(func(txn *badger.Txn) error {
		if hasRecords(txn) {
			t.Error("a failed import left records behind")
		}
		if ok, _ := exists(txn, importingKey); ok {
			t.Error("a failed import left meta/importing")
		}
		if v, found, _ := readSchema(txn); !found || v != SchemaVersion {
			t.Errorf("meta/schema = %d (found %v) after a failed import", v, found)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
