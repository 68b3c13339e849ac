package storage

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

func TestVillageRoundTrip(t *testing.T) {
	s := openMem(t)
	if empty, err := s.Empty(); err != nil || !empty {
		t.Fatalf("new store: Empty() = %v, %v; want true", empty, err)
	}
	a, b := village("阿北村"), village("石桥村")
	for _, v := range []*meeting.Village{&a, &b} {
		if err := s.PutVillage(v); err != nil {
			t.Fatal(err)
		}
	}
	// Each village is number 1 of a space of its own.
	if a.ID.Local() != 1 || b.ID.Local() != 1 || a.ID.Space() == b.ID.Space() || a.ID.Space() == 0 {
		t.Fatalf("IDs %#x, %#x; want number 1 of two spaces", uint64(a.ID), uint64(b.ID))
	}
	if empty, err := s.Empty(); err != nil || empty {
		t.Fatalf("Empty() = %v, %v; want false", empty, err)
	}
	got, err := s.Village(b.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got, b)

	b.Name = "石桥新村"
	b.Settings.MinPostingDays = 10
	if err := s.PutVillage(&b); err != nil {
		t.Fatal(err)
	}
	if b.ID.Local() != 1 {
		t.Fatalf("update changed the ID to %d", b.ID)
	}
	vs, err := s.Villages()
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, vs, []meeting.Village{a, b})

	_, err = s.Village(99)
	if !errors.Is(err, ErrNotFound) || err.Error() != "村 99：找不到这条记录" {
		t.Errorf("Village(99) = %v; want 村 99：找不到这条记录", err)
	}
	ghost := village("无此村")
	ghost.ID = 99
	if err := s.PutVillage(&ghost); !errors.Is(err, ErrNotFound) {
		t.Errorf("PutVillage with an unknown ID = %v; want ErrNotFound", err)
	}
}

// TestRoundTrips writes, reads, lists and rewrites one record of every kind kept by village.
func TestRoundTrips(t *testing.T) {
	s := openMem(t)
	v := village("阿北村")
	if err := s.PutVillage(&v); err != nil {
		t.Fatal(err)
	}
	a := sampleArchive()

	p := a.People[0]
	p.ID, p.VillageID = 0, v.ID
	if err := s.PutPerson(&p); err != nil {
		t.Fatal(err)
	}
	// The meeting is written as a draft, rewritten, then sealed; its amendment comes after.
	m := a.Meetings[1]
	m.ID, m.VillageID = 0, v.ID
	m.Status, m.SealedAt, m.Seal = meeting.Draft, time.Time{}, ""
	if err := s.PutMeeting(&m); err != nil {
		t.Fatal(err)
	}
	mt := a.Matters[0]
	mt.ID, mt.VillageID = 0, v.ID
	if err := s.PutMatter(&mt); err != nil {
		t.Fatal(err)
	}
	n := a.Notices[0]
	n.ID, n.VillageID, n.MatterID = 0, v.ID, mt.ID
	if err := s.PutNotice(&n); err != nil {
		t.Fatal(err)
	}
	as := a.Assignments[0]
	as.ID, as.VillageID = 0, v.ID
	if err := s.PutAssignment(&as); err != nil {
		t.Fatal(err)
	}
	am := a.Amendments[0]
	am.ID, am.MeetingID = 0, m.ID
	for name, id := range map[string]meeting.ID{"person": p.ID, "meeting": m.ID, "matter": mt.ID,
		"notice": n.ID, "assignment": as.ID} {
		if id.Local() != 1 || id.Space() != v.ID.Space() {
			t.Errorf("first %s got ID %#x; want number 1 of the village's space", name, uint64(id))
		}
	}

	check := func() {
		t.Helper()
		gp, err := s.Person(p.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, gp, p)
		gm, err := s.Meeting(m.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, gm, m)
		gt, err := s.Matter(mt.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, gt, mt)
		gn, err := s.Notice(n.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, gn, n)
		ga, err := s.Assignment(as.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, ga, as)

		ps, err := s.People(v.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, ps, []meeting.Person{p})
		ms, err := s.Meetings(v.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, ms, []meeting.Meeting{m})
		ts, err := s.Matters(v.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, ts, []meeting.Matter{mt})
		ns, err := s.Notices(v.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, ns, []meeting.Notice{n})
		ass, err := s.Assignments(v.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, ass, []meeting.Assignment{as})
		ams, err := s.Amendments(m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []meeting.Amendment{}
		if am.ID != 0 {
			want = append(want, am)
		}
		sameJSON(t, ams, want)
	}
	check()

	// Rewrite each record in place.
	p.Phone = "13900139000"
	m.Title = "村口路灯改造（二）"
	mt.History = append(mt.History, meeting.Event{Stage: meeting.Reviewed, On: meeting.NewDate(2026, 12, 2)})
	n.Postings = append(n.Postings, meeting.Posting{Where: "村民微信群", From: meeting.NewDate(2026, 12, 5), To: meeting.NewDate(2026, 12, 12)})
	as.Result = "已完成"
	for _, err := range []error{s.PutPerson(&p), s.PutMeeting(&m), s.PutMatter(&mt), s.PutNotice(&n),
		s.PutAssignment(&as)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	check()

	// Seal the meeting; then it takes an amendment, which may be rewritten in turn.
	if err := m.SealWith(nil, "", clock(11, 27, 11, 0)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutMeeting(&m); err != nil {
		t.Fatal(err)
	}
	if err := s.PutAmendment(&am); err != nil {
		t.Fatal(err)
	}
	if am.ID.Local() != 1 {
		t.Errorf("first amendment got ID %d; want 1", am.ID)
	}
	check()
	am.Text = "反对票应为 1 票，弃权 0 票"
	if err := s.PutAmendment(&am); err != nil {
		t.Fatal(err)
	}
	check()

	for _, err := range []error{
		s.PutPerson(&meeting.Person{VillageID: 7, Name: "无村之人"}),
		s.PutMeeting(&meeting.Meeting{VillageID: 7}),
		s.PutAmendment(&meeting.Amendment{MeetingID: 7}),
	} {
		if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), " 7：") {
			t.Errorf("writing a record of a missing owner: %v; want ErrNotFound naming 7", err)
		}
	}
	// Lists of what does not exist are empty, not nil.
	if ps, err := s.People(42); err != nil || ps == nil || len(ps) != 0 {
		t.Errorf("People(42) = %#v, %v; want an empty list", ps, err)
	}
}

func TestMeetingsByStart(t *testing.T) {
	s := openMem(t)
	v := village("阿北村")
	if err := s.PutVillage(&v); err != nil {
		t.Fatal(err)
	}
	starts := []struct {
		day, hour int
	}{{25, 19}, {20, 19}, {25, 9}, {20, 19}, {1, 8}}
	for i, st := range starts {
		m := consultation(v.ID, fmt.Sprintf("第 %d 次", i+1), clock(11, st.day, st.hour, 0))
		if err := s.PutMeeting(&m); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := s.Meetings(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []meeting.ID
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	// 11-01 08:00 (5), 11-20 19:00 (2, then 4 by ID), 11-25 09:00 (3), 11-25 19:00 (1).
	if want := []meeting.ID{v.ID.Sibling(5), v.ID.Sibling(2), v.ID.Sibling(4), v.ID.Sibling(3), v.ID.Sibling(1)}; !slices.Equal(ids, want) {
		t.Errorf("meeting order %v; want %v", ids, want)
	}

	// Moving a meeting's start moves it in the list.
	ms[0].Start = clock(12, 1, 8, 0)
	if err := s.PutMeeting(&ms[0]); err != nil {
		t.Fatal(err)
	}
	ms, err = s.Meetings(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ms[len(ms)-1].ID.Local() != 5 {
		t.Errorf("after moving meeting 5 to December it is not last: %v", ms[len(ms)-1].ID)
	}
}

func TestStatements(t *testing.T) {
	s := openMem(t)
	v := village("阿北村")
	if err := s.PutVillage(&v); err != nil {
		t.Fatal(err)
	}
	m1 := consultation(v.ID, "路灯", clock(11, 20, 19, 30))
	m2 := consultation(v.ID, "排水沟", clock(11, 21, 19, 30))
	for _, m := range []*meeting.Meeting{&m1, &m2} {
		if err := s.PutMeeting(m); err != nil {
			t.Fatal(err)
		}
	}
	version := func() uint64 {
		var ver uint64
		if err := s.db.View(func(txn *badger.Txn) error {
			item, err := txn.Get(meetings.key(0, m1.ID))
			if err == nil {
				ver = item.Version()
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return ver
	}
	before := version()

	texts := []string{"路灯坏了三盏。", "排水沟堵了。", "下周修好。", "谢谢村里。"}
	var want1 []meeting.Statement
	for i, text := range texts {
		mid := m1.ID
		if i == 1 {
			mid = m2.ID
		}
		st := statement(mid, clock(11, 20, 19, 31+i), "王秀英", text)
		if err := s.AppendStatement(&st); err != nil {
			t.Fatal(err)
		}
		if st.ID.Local() != uint32(i+1) {
			t.Fatalf("statement %d got ID %d", i+1, st.ID)
		}
		if mid == m1.ID {
			want1 = append(want1, st)
		}
	}
	if after := version(); after != before {
		t.Errorf("appending statements rewrote the meeting (version %d → %d)", before, after)
	}
	got, err := s.Statements(m1.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got, want1)

	// Edit, then delete.
	want1[1].Text = "下周一修好。"
	want1[1].Kind = meeting.Answer
	if err := s.PutStatement(want1[1]); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteStatement(m1.ID, want1[0].ID); err != nil {
		t.Fatal(err)
	}
	got, err = s.Statements(m1.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got, want1[1:])
	if got, err := s.Statements(m2.ID); err != nil || len(got) != 1 || got[0].Text != "排水沟堵了。" {
		t.Errorf("Statements(m2) = %v, %v", got, err)
	}

	// What cannot be done.
	if err := s.DeleteStatement(m1.ID, want1[0].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: %v; want ErrNotFound", err)
	}
	if err := s.DeleteStatement(m2.ID, want1[1].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting through the wrong meeting: %v; want ErrNotFound", err)
	}
	ghost := want1[1]
	ghost.ID = ghost.ID.Sibling(77)
	if err := s.PutStatement(ghost); !errors.Is(err, ErrNotFound) || err.Error() != "发言 77：找不到这条记录" {
		t.Errorf("editing a missing statement: %v", err)
	}
	if err := s.PutStatement(statement(m1.ID, clock(11, 20, 20, 0), "王秀英", "新的")); !errors.Is(err, ErrNotFound) {
		t.Errorf("PutStatement without an ID: %v; want ErrNotFound", err)
	}
	again := want1[1]
	if err := s.AppendStatement(&again); err == nil || again.ID != want1[1].ID {
		t.Errorf("appending a statement that has an ID: %v, ID %d", err, again.ID)
	}
	orphan := statement(m1.ID.Sibling(99), clock(11, 20, 20, 0), "王秀英", "没有这个会")
	if err := s.AppendStatement(&orphan); !errors.Is(err, ErrNotFound) || err.Error() != "会议 99：找不到这条记录" || orphan.ID != 0 {
		t.Errorf("appending to a missing meeting: %v, ID %d", err, orphan.ID)
	}
	// Deleted and refused statements leave no gaps in the order of new ones.
	next := statement(m1.ID, clock(11, 20, 20, 1), "张建国", "散会。")
	if err := s.AppendStatement(&next); err != nil || next.ID.Local() != 5 {
		t.Errorf("next statement: %v, ID %d; want 5", err, next.ID)
	}
}

// TestVillageIsolation checks that each village lists only its own records, also after a
// person moves from one village to the other.
func TestVillageIsolation(t *testing.T) {
	s := openMem(t)
	a := sampleArchive()
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	// Give village 2 one record of each indexed kind, and village 1 a second person.
	m := consultation(inB(2), "第二次板凳会", clock(12, 1, 19, 0))
	mt := meeting.Matter{VillageID: inB(2), Title: "垃圾清运", Created: meeting.NewDate(2026, 12, 1)}
	n := meeting.Notice{VillageID: inB(2), MatterID: inB(1), Kind: meeting.ResultNotice, Title: "清运结果"}
	as := meeting.Assignment{VillageID: inB(2), Task: "联系清运公司", Owner: meeting.Ref{Name: "王秀英"}}
	p := meeting.Person{VillageID: inA(1), Name: "陈小红"}
	err := s.Update(func(tx *Tx) error {
		return errors.Join(tx.PutMeeting(&m), tx.PutMatter(&mt), tx.PutNotice(&n), tx.PutAssignment(&as), tx.PutPerson(&p))
	})
	if err != nil {
		t.Fatal(err)
	}

	ids := func(v meeting.ID) map[string][]meeting.ID {
		out := map[string][]meeting.ID{}
		ps, err1 := s.People(v)
		ms, err2 := s.Meetings(v)
		ts, err3 := s.Matters(v)
		ns, err4 := s.Notices(v)
		as, err5 := s.Assignments(v)
		if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
			t.Fatal(err)
		}
		for _, r := range ps {
			out["people"] = append(out["people"], r.ID)
		}
		for _, r := range ms {
			out["meetings"] = append(out["meetings"], r.ID)
		}
		for _, r := range ts {
			out["matters"] = append(out["matters"], r.ID)
		}
		for _, r := range ns {
			out["notices"] = append(out["notices"], r.ID)
		}
		for _, r := range as {
			out["assignments"] = append(out["assignments"], r.ID)
		}
		return out
	}
	want := map[meeting.ID]map[string][]meeting.ID{
		inA(1): {"people": {inA(1), inA(2), inA(3)}, "meetings": {inA(1), inA(2)}, "matters": {inA(1)}, "notices": {inA(1)}, "assignments": {inA(1)}},
		inB(2): {"people": {inB(3)}, "meetings": {inB(3), inB(4)}, "matters": {inB(1)}, "notices": {inB(1)}, "assignments": {inB(1)}},
	}
	for v, w := range want {
		sameJSON(t, ids(v), w)
	}

	// 王秀英 cannot be moved from village 2 to village 1: a record keeps its village's space.
	wang, err := s.Person(inB(3))
	if err != nil {
		t.Fatal(err)
	}
	wang.VillageID = inA(1)
	if err := s.PutPerson(&wang); err == nil || !strings.Contains(err.Error(), "别的村的记录") {
		t.Errorf("moving a person to another village: %v", err)
	}
	for v, w := range want {
		sameJSON(t, ids(v), w)
	}
}

func TestUpdateAtomic(t *testing.T) {
	s := openMem(t)
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	mt := meeting.Matter{VillageID: inA(1), Title: "修桥", Created: meeting.NewDate(2026, 12, 1)}
	err := s.Update(func(tx *Tx) error {
		m, err := tx.Meeting(inA(1))
		if err != nil {
			return err
		}
		if err := tx.PutMatter(&mt); err != nil {
			return err
		}
		m.Items = append(m.Items, meeting.Item{N: 2, Title: "修桥", MatterID: mt.ID})
		if err := tx.PutMeeting(&m); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v; want boom", err)
	}
	if mt.ID != 0 {
		t.Errorf("a failed transaction left ID %d on the new matter", mt.ID)
	}
	if m, err := s.Meeting(inA(1)); err != nil || len(m.Items) != 1 {
		t.Errorf("a failed transaction changed the meeting: %v, %d items", err, len(m.Items))
	}
	if ms, err := s.Matters(inA(1)); err != nil || len(ms) != 1 {
		t.Errorf("a failed transaction wrote a matter: %v, %d matters", err, len(ms))
	}

	err = s.Update(func(tx *Tx) error {
		m, err := tx.Meeting(inA(1))
		if err != nil {
			return err
		}
		if err := tx.PutMatter(&mt); err != nil {
			return err
		}
		m.Items = append(m.Items, meeting.Item{N: 2, Title: "修桥", MatterID: mt.ID})
		return tx.PutMeeting(&m)
	})
	if err != nil {
		t.Fatal(err)
	}
	if mt.ID != inA(2) {
		t.Errorf("new matter got ID %d; want 2", mt.ID)
	}
	m, err := s.Meeting(inA(1))
	if err != nil || len(m.Items) != 2 || m.Items[1].MatterID != inA(2) {
		t.Errorf("meeting after the vote: %v, %+v", err, m.Items)
	}
}

func TestPutPeople(t *testing.T) {
	s := openMem(t)
	v := village("阿北村")
	if err := s.PutVillage(&v); err != nil {
		t.Fatal(err)
	}
	ps := []meeting.Person{{VillageID: v.ID, Name: "张三"}, {VillageID: v.ID, Name: "李四"}, {VillageID: 9, Name: "外村人"}}
	if err := s.PutPeople(ps); !errors.Is(err, ErrNotFound) {
		t.Fatalf("PutPeople with a missing village = %v; want ErrNotFound", err)
	}
	if ps[0].ID != 0 || ps[1].ID != 0 {
		t.Errorf("a failed roster import left IDs %d, %d", ps[0].ID, ps[1].ID)
	}
	if got, err := s.People(v.ID); err != nil || len(got) != 0 {
		t.Errorf("a failed roster import wrote %d people (%v)", len(got), err)
	}
	ps[2].VillageID = v.ID
	if err := s.PutPeople(ps); err != nil {
		t.Fatal(err)
	}
	for i, p := range ps {
		if p.ID.Local() != uint32(i+1) {
			t.Errorf("person %d got ID %d", i, p.ID)
		}
	}
	got, err := s.People(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got, ps)
}

// TestConcurrentAppends appends from several goroutines at once: the transactions conflict on
// the ID counter and are retried, and the IDs come out without gaps or repeats.
func TestConcurrentAppends(t *testing.T) {
	s := openMem(t)
	v := village("阿北村")
	if err := s.PutVillage(&v); err != nil {
		t.Fatal(err)
	}
	m := consultation(v.ID, "路灯", clock(11, 20, 19, 30))
	if err := s.PutMeeting(&m); err != nil {
		t.Fatal(err)
	}
	const writers, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				st := statement(m.ID, clock(11, 20, 19, 31), fmt.Sprintf("村民%d", w), fmt.Sprintf("第 %d 句", i))
				errs <- s.AppendStatement(&st)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Statements(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != writers*each {
		t.Fatalf("%d statements; want %d", len(got), writers*each)
	}
	for i, st := range got {
		if st.ID.Local() != uint32(i+1) {
			t.Fatalf("statement %d has ID %d", i, st.ID)
		}
	}
}

func TestNewerValueRefused(t *testing.T) {
	s := openMem(t)
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(villages.key(0, 1), append([]byte{SchemaVersion + 1}, `{"id":1}`...))
	}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Village(1)
	if !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), fmt.Sprintf("格式版本 %d", SchemaVersion+1)) {
		t.Errorf("reading a value of a newer schema: %v; want ErrNewer", err)
	}
	if _, err := s.Villages(); !errors.Is(err, ErrNewer) {
		t.Errorf("listing a value of a newer schema: %v; want ErrNewer", err)
	}
}

func TestCorruptValue(t *testing.T) {
	s := openMem(t)
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(villages.key(0, 1), append([]byte{SchemaVersion}, `{"id":`...))
	}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Village(1)
	var f *failure
	if !errors.As(err, &f) || !strings.HasPrefix(err.Error(), "村 1：记录已损坏") {
		t.Errorf("reading a corrupt value: %v", err)
	}
}

func TestClosed(t *testing.T) {
	s, err := OpenInMemory()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("closing twice: %v", err)
	}
	if _, err := s.Villages(); err == nil || err.Error() != msgClosed {
		t.Errorf("reading a closed store: %v", err)
	}
	if err := s.PutVillage(&meeting.Village{Name: "阿北村"}); err == nil || err.Error() != msgClosed {
		t.Errorf("writing a closed store: %v", err)
	}
}
