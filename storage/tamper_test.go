package storage

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// sealedDemo returns the demo archive with every posted notice sealed, as posting does now.
func sealedDemo(t *testing.T) *meeting.Archive {
	t.Helper()
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[meeting.ID]meeting.Meeting{}
	for _, m := range a.Meetings {
		byID[m.ID] = m
	}
	for i := range a.Notices {
		n := &a.Notices[i]
		for _, x := range a.Matters {
			if x.ID == n.MatterID && slices.ContainsFunc(x.History, func(e meeting.Event) bool { return e.NoticeID == n.ID }) {
				meeting.SealNotice(n, x, byID)
			}
		}
	}
	return a
}

// checkDir opens dir, reads the whole archive and checks its seals, as yishi verify --archive does.
func checkDir(t *testing.T, dir string) meeting.SealReport {
	t.Helper()
	s := openDir(t, dir)
	defer s.Close()
	if err := s.Verify(); err != nil {
		t.Fatal(err)
	}
	a, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	return meeting.CheckSeals(a)
}

// rawPut writes record r of t under its key, bypassing every rule of the store.
func rawPut[T any](t *testing.T, txn *badger.Txn, tb *table[T], r *T) {
	t.Helper()
	v, err := encode(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := txn.Set(tb.keyOf(r), v); err != nil {
		t.Fatal(err)
	}
}

// TestTamper changes a closed archive through Badger directly, in each way a sealed record can
// be tampered with, and checks that the seals name exactly the record touched (and what rests on
// it), and nothing in an untouched archive.
func TestTamper(t *testing.T) {
	a := sealedDemo(t)
	src := filepath.Join(t.TempDir(), "src")
	s := openDir(t, src)
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	clean := checkDir(t, src)
	if len(clean.Faults) != 0 || clean.Meetings != 24 || clean.Notices == 0 || len(clean.Unsealed) != 0 {
		t.Fatalf("the untouched archive: %+v", clean)
	}

	// The chain of the demo village, and a posted notice with the matter it is about.
	var ms []meeting.Meeting
	for _, m := range a.Meetings {
		if m.VillageID == a.Villages[0].ID {
			ms = append(ms, m)
		}
	}
	chain := meeting.SealedInOrder(ms)
	mid := len(chain) / 2
	before, victim, after := chain[mid-1], chain[mid], chain[mid+1]
	var notice meeting.Notice
	for _, n := range a.Notices {
		if n.Seal != "" {
			notice = n
			break
		}
	}
	// The posted notices resting on a meeting: their seals cover its seal.
	restsOn := func(id meeting.ID) []meeting.ID {
		var out []meeting.ID
		for _, n := range a.Notices {
			for _, x := range a.Matters {
				if x.ID != n.MatterID || n.Seal == "" {
					continue
				}
				for _, e := range meeting.NoticeHistory(n, x) {
					if e.By != nil && e.By.MeetingID == id && !slices.Contains(out, n.ID) {
						out = append(out, n.ID)
					}
				}
			}
		}
		return out
	}
	statementOf := func(id meeting.ID) meeting.Statement {
		for _, st := range a.Statements {
			if st.MeetingID == id {
				return st
			}
		}
		t.Fatalf("meeting %d has no statement", id)
		return meeting.Statement{}
	}
	voted := func() (meeting.Meeting, int) {
		for _, m := range chain {
			for i, it := range m.Items {
				if it.Vote != nil {
					return m, i
				}
			}
		}
		t.Fatal("no sealed meeting with a vote")
		return meeting.Meeting{}, 0
	}

	type want struct {
		meetings, notices []meeting.ID
		text              []string // each fault's text, in order, contains these
	}
	cases := []struct {
		name   string
		tamper func(txn *badger.Txn)
		want   want
	}{
		{"a statement of a sealed meeting rewritten", func(txn *badger.Txn) {
			st := statementOf(after.ID)
			st.Text += "（补一句）"
			rawPut(t, txn, statements, &st)
		}, want{meetings: []meeting.ID{after.ID}}},
		{"a vote count of a sealed meeting changed", func(txn *badger.Txn) {
			m, i := voted()
			v := *m.Items[i].Vote
			v.Ayes++
			m.Items = slices.Clone(m.Items)
			m.Items[i].Vote = &v
			rawPut(t, txn, meetings, &m)
		}, want{meetings: []meeting.ID{func() meeting.ID { m, _ := voted(); return m.ID }()}}},
		{"a sealed meeting removed with its statements", func(txn *badger.Txn) {
			for _, st := range a.Statements {
				if st.MeetingID == victim.ID {
					if err := txn.Delete(statements.keyOf(&st)); err != nil {
						t.Fatal(err)
					}
				}
			}
			for _, k := range [][]byte{meetings.keyOf(&victim), meetings.indexKey(victim.VillageID, victim.ID)} {
				if err := txn.Delete(k); err != nil {
					t.Fatal(err)
				}
			}
		}, want{meetings: []meeting.ID{after.ID, victim.ID}, notices: restsOn(victim.ID),
			text: []string{fmt.Sprintf("会议 %d（", after.ID), fmt.Sprintf("前一份封存记录（会议 %d）", before.ID)}}},
		{"a posted notice's text changed", func(txn *badger.Txn) {
			n := notice
			n.Text += "另加一句。"
			rawPut(t, txn, notices, &n)
		}, want{notices: []meeting.ID{notice.ID}}},
		{"a posted notice removed", func(txn *badger.Txn) {
			for _, k := range [][]byte{notices.keyOf(&notice), notices.indexKey(notice.VillageID, notice.ID)} {
				if err := txn.Delete(k); err != nil {
					t.Fatal(err)
				}
			}
		}, want{notices: []meeting.ID{notice.ID}, text: []string{fmt.Sprintf("公告 %d：", notice.ID)}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "数据")
			if err := copyTree(src, dir); err != nil {
				t.Fatal(err)
			}
			rawUpdate(t, dir, func(txn *badger.Txn) error { c.tamper(txn); return nil })
			r := checkDir(t, dir)
			var gotM, gotN []meeting.ID
			var texts []string
			for _, f := range r.Faults {
				if f.Meeting != 0 {
					gotM = append(gotM, f.Meeting)
				}
				if f.Notice != 0 {
					gotN = append(gotN, f.Notice)
				}
				texts = append(texts, f.Text)
			}
			slices.Sort(gotM)
			slices.Sort(gotN)
			wantM, wantN := slices.Sorted(slices.Values(c.want.meetings)), slices.Sorted(slices.Values(c.want.notices))
			if !slices.Equal(gotM, wantM) || !slices.Equal(gotN, wantN) {
				t.Errorf("faults name meetings %v and notices %v; want %v and %v:\n%s", gotM, gotN, wantM, wantN, strings.Join(texts, "\n"))
			}
			all := strings.Join(texts, "\n")
			t.Logf("verify --archive says:\n%s", all)
			for _, w := range c.want.text {
				if !strings.Contains(all, w) {
					t.Errorf("no fault says %q:\n%s", w, all)
				}
			}
		})
	}
}

// TestImportRefusesSealedChange tries to change a sealed meeting and a posted notice by
// importing an archive where they differ: an import only goes into an empty store, so it is
// refused and both stay as they were.
func TestImportRefusesSealedChange(t *testing.T) {
	a := sealedDemo(t)
	s := openMem(t)
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	b := sealedDemo(t)
	for i := range b.Meetings {
		if b.Meetings[i].Status == meeting.Final {
			b.Meetings[i].Place += "（改）"
		}
	}
	for i := range b.Notices {
		b.Notices[i].Text += "另加一句。"
	}
	if err := s.Import(b, nil); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("importing changed sealed records over them: %v; want ErrNotEmpty", err)
	}
	got, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got.Meetings, a.Meetings)
	sameJSON(t, got.Notices, a.Notices)
	if r := meeting.CheckSeals(got); len(r.Faults) != 0 {
		t.Errorf("faults after the refused import: %+v", r.Faults)
	}
}

// TestImportRefusesBrokenSeals imports, into an empty store, an export whose sealed records were
// edited in the file: refused, naming them, and nothing written.
func TestImportRefusesBrokenSeals(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(a *meeting.Archive) (want string)
	}{
		{"a sealed meeting's statement", func(a *meeting.Archive) string {
			for i, st := range a.Statements {
				if m := meetingOf(a, st.MeetingID); m.Status == meeting.Final {
					a.Statements[i].Text += "（改）"
					return fmt.Sprintf("%d", m.ID)
				}
			}
			t.Fatal("no statement of a sealed meeting")
			return ""
		}},
		{"a posted notice", func(a *meeting.Archive) string {
			a.Notices[0].Text += "另加一句。"
			return fmt.Sprintf("%d", a.Notices[0].ID)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := sealedDemo(t)
			want := c.edit(a)
			s := openMem(t)
			err := s.Import(a, nil)
			var sb *SealsBrokenError
			if !errors.As(err, &sb) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "什么也没有写入") {
				t.Fatalf("import of an archive with a broken seal: %v", err)
			}
			if err := s.db.View(func(txn *badger.Txn) error {
				if hasRecords(txn) {
					t.Error("the refused import wrote records")
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		})
	}
	// The same archive untouched imports.
	if err := openMem(t).Import(sealedDemo(t), nil); err != nil {
		t.Errorf("import of the untouched archive: %v", err)
	}
}

func meetingOf(a *meeting.Archive, id meeting.ID) meeting.Meeting {
	for _, m := range a.Meetings {
		if m.ID == id {
			return m
		}
	}
	return meeting.Meeting{}
}

// TestPostedNoticeKept: a posted notice written again through the store keeps what it states;
// an objection is added, and the refused change leaves the stored notice as it was.
func TestPostedNoticeKept(t *testing.T) {
	s := openMem(t)
	if err := s.Import(sealedDemo(t), nil); err != nil {
		t.Fatal(err)
	}
	vs, _ := s.Villages()
	ns, err := s.Notices(vs[0].ID)
	if err != nil || len(ns) == 0 || ns[0].Seal == "" {
		t.Fatalf("no posted notice in the demo: %v", err)
	}
	n := ns[0]
	changed := n
	changed.Text += "另加一句。"
	if err := s.PutNotice(&changed); !errors.Is(err, meeting.ErrPosted) {
		t.Fatalf("changing a posted notice's text: %v; want ErrPosted", err)
	}
	if got, _ := s.Notice(n.ID); got.Text != n.Text {
		t.Errorf("the refused change was written: %q", got.Text)
	}
	objected := n
	objected.Objections = append(slices.Clone(n.Objections), meeting.Objection{On: n.Issued.AddDays(1), From: "村民", Text: "公示期里再议"})
	if err := s.PutNotice(&objected); err != nil {
		t.Fatalf("adding an objection: %v", err)
	}
	if got, _ := s.Notice(n.ID); len(got.Objections) != len(n.Objections)+1 {
		t.Errorf("the objection was not added: %+v", got.Objections)
	}
}
