package storage

import (
	"bytes"
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// twoMeetings returns a store with one village and two draft meetings.
func twoMeetings(t *testing.T, s *Store) (m1, m2 meeting.Meeting) {
	t.Helper()
	v := village("阿北村")
	if err := s.PutVillage(&v); err != nil {
		t.Fatal(err)
	}
	m1 = consultation(v.ID, "路灯", clock(11, 20, 19, 30))
	m2 = consultation(v.ID, "排水沟", clock(11, 21, 19, 30))
	for _, m := range []*meeting.Meeting{&m1, &m2} {
		if err := s.PutMeeting(m); err != nil {
			t.Fatal(err)
		}
	}
	return m1, m2
}

func draftOf(m meeting.ID, text string) meeting.StatementDraft {
	return meeting.StatementDraft{MeetingID: m, Item: 1, Speaker: meeting.Ref{PersonID: 3, Name: "王秀英"},
		Kind: meeting.Concern, Text: text, Step: "text", Updated: clock(11, 20, 19, 45)}
}

func TestDrafts(t *testing.T) {
	s := openMem(t)
	m1, m2 := twoMeetings(t, s)
	noDraft := func(id meeting.ID) {
		t.Helper()
		if d, found, err := s.Draft(id); err != nil || found || d != (meeting.StatementDraft{}) {
			t.Errorf("Draft(%d) = %+v, %v, %v; want none", id, d, found, err)
		}
	}
	noDraft(m1.ID)

	d1 := draftOf(m1.ID, "村口的路灯坏了")
	d1.Editing = 0
	if err := s.PutDraft(d1); err != nil {
		t.Fatal(err)
	}
	got, found, err := s.Draft(m1.ID)
	if err != nil || !found {
		t.Fatalf("Draft = %v, %v", found, err)
	}
	sameJSON(t, got, d1)
	noDraft(m2.ID)

	// Saved again as typed: the later text replaces the earlier one.
	d1.Text = "村口的路灯坏了三盏，晚上看不见路"
	d1.Editing = 7
	d1.Step = "kind"
	if err := s.PutDraft(d1); err != nil {
		t.Fatal(err)
	}
	d2 := draftOf(m2.ID, "排水沟")
	if err := s.PutDraft(d2); err != nil {
		t.Fatal(err)
	}
	got, _, err = s.Draft(m1.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got, d1)

	if err := s.DeleteDraft(m1.ID); err != nil {
		t.Fatal(err)
	}
	noDraft(m1.ID)
	if err := s.DeleteDraft(m1.ID); err != nil {
		t.Errorf("deleting a draft that is not there: %v", err)
	}
	if got, found, err := s.Draft(m2.ID); err != nil || !found || got.Text != "排水沟" {
		t.Errorf("the other meeting's draft: %+v, %v, %v", got, found, err)
	}

	// A draft belongs to a meeting that exists.
	if err := s.PutDraft(draftOf(99, "没有这个会")); !errors.Is(err, ErrNotFound) || err.Error() != "会议 99：找不到这条记录" {
		t.Errorf("draft of a missing meeting: %v", err)
	}
	noDraft(99)
}

// TestDraftBecomesStatement appends a statement and deletes its draft in one transaction: both or
// neither.
func TestDraftBecomesStatement(t *testing.T) {
	s := openMem(t)
	m1, _ := twoMeetings(t, s)
	d := draftOf(m1.ID, "路灯坏了三盏。")
	if err := s.PutDraft(d); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	st := statement(m1.ID, clock(11, 20, 19, 46), "王秀英", d.Text)
	err := s.Update(func(tx *Tx) error {
		got, found, err := tx.Draft(m1.ID)
		if err != nil || !found || got.Text != d.Text {
			t.Errorf("Tx.Draft = %+v, %v, %v", got, found, err)
		}
		if err := tx.AppendStatement(&st); err != nil {
			return err
		}
		if err := tx.DeleteDraft(m1.ID); err != nil {
			return err
		}
		if _, found, _ := tx.Draft(m1.ID); found {
			t.Error("the transaction still sees the draft it deleted")
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v", err)
	}
	if got, found, err := s.Draft(m1.ID); err != nil || !found || got.Text != d.Text {
		t.Errorf("a failed transaction lost the draft: %+v, %v, %v", got, found, err)
	}
	if sts, err := s.Statements(m1.ID); err != nil || len(sts) != 0 {
		t.Errorf("a failed transaction wrote %d statements, %v", len(sts), err)
	}

	err = s.Update(func(tx *Tx) error {
		if err := tx.AppendStatement(&st); err != nil {
			return err
		}
		return tx.DeleteDraft(m1.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, found, err := s.Draft(m1.ID); err != nil || found {
		t.Errorf("draft after its statement was saved: found %v, %v", found, err)
	}
	if sts, err := s.Statements(m1.ID); err != nil || len(sts) != 1 || sts[0].Text != d.Text {
		t.Errorf("statement from the draft: %v, %v", sts, err)
	}
}

func TestCurrent(t *testing.T) {
	s := openMem(t)
	current := func(want meeting.ID) {
		t.Helper()
		if id, err := s.Current(); err != nil || id != want {
			t.Errorf("Current() = %d, %v; want %d", id, err, want)
		}
	}
	current(0)
	if err := s.SetCurrent(0); err != nil {
		t.Errorf("clearing what is not set: %v", err)
	}
	m1, m2 := twoMeetings(t, s)
	if err := s.SetCurrent(m2.ID); err != nil {
		t.Fatal(err)
	}
	current(m2.ID)
	if err := s.SetCurrent(99); !errors.Is(err, ErrNotFound) || err.Error() != "会议 99：找不到这条记录" {
		t.Errorf("SetCurrent(99) = %v; want ErrNotFound", err)
	}
	current(m2.ID)

	// In a transaction: with the meeting it starts, or not at all.
	m3 := consultation(m1.VillageID, "垃圾清运", clock(11, 22, 19, 0))
	boom := errors.New("boom")
	err := s.Update(func(tx *Tx) error {
		if err := tx.PutMeeting(&m3); err != nil {
			return err
		}
		if err := tx.SetCurrent(m3.ID); err != nil {
			return err
		}
		if id, err := tx.Current(); err != nil || id != m3.ID {
			t.Errorf("Tx.Current() = %d, %v; want %d", id, err, m3.ID)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v", err)
	}
	current(m2.ID)
	if err := s.Update(func(tx *Tx) error {
		if err := tx.PutMeeting(&m3); err != nil {
			return err
		}
		return tx.SetCurrent(m3.ID)
	}); err != nil {
		t.Fatal(err)
	}
	current(m3.ID)
	if err := s.SetCurrent(0); err != nil {
		t.Fatal(err)
	}
	current(0)
}

// TestDraftSurvivesReopen closes and reopens a data directory: the draft and the meeting being
// recorded are there.
func TestDraftSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	m1, _ := twoMeetings(t, s)
	d := draftOf(m1.ID, "村口的路灯坏了三盏，晚上看不")
	if err := s.PutDraft(d); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCurrent(m1.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openDir(t, dir)
	defer s.Close()
	got, found, err := s.Draft(m1.ID)
	if err != nil || !found {
		t.Fatalf("Draft after reopening: %v, %v", found, err)
	}
	sameJSON(t, got, d)
	if id, err := s.Current(); err != nil || id != m1.ID {
		t.Errorf("Current() after reopening = %d, %v; want %d", id, err, m1.ID)
	}
}

// TestDraftsNotExported checks that drafts and the current meeting stay out of the interchange
// format: the export of a store with them is the export without them, byte for byte, and an
// import brings none.
func TestDraftsNotExported(t *testing.T) {
	a := openMem(t)
	if err := a.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	if err := a.PutDraft(draftOf(inA(1), "还没说完")); err != nil {
		t.Fatal(err)
	}
	if err := a.SetCurrent(inB(3)); err != nil {
		t.Fatal(err)
	}
	exported, err := a.Export()
	if err != nil {
		t.Fatal(err)
	}
	first := marshal(t, exported)
	if want := marshal(t, sampleArchive()); !bytes.Equal(first, want) {
		t.Errorf("export with a draft differs from the archive imported:\n got  %s\n want %s", first, want)
	}

	b := openMem(t)
	if empty, err := b.Empty(); err != nil || !empty {
		t.Fatalf("Empty() = %v, %v", empty, err)
	}
	if err := b.Import(exported, nil); err != nil {
		t.Fatal(err)
	}
	second, err := b.Export()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(marshal(t, second), first) {
		t.Error("second export differs")
	}
	if _, found, err := b.Draft(inA(1)); err != nil || found {
		t.Errorf("an import brought a draft: %v, %v", found, err)
	}
	if id, err := b.Current(); err != nil || id != 0 {
		t.Errorf("an import brought a current meeting: %d, %v", id, err)
	}
}

// TestWorkingStateNotRecords checks that drafts and meta/current do not count as data: a store
// holding only them (as none can through the API; written here by hand) is empty, and takes an
// import.
func TestWorkingStateNotRecords(t *testing.T) {
	s := openMem(t)
	v, err := encode(meeting.StatementDraft{MeetingID: 5, Text: "孤儿草稿"})
	if err != nil {
		t.Fatal(err)
	}
	cur, err := encode(meeting.ID(5))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(txn *badger.Txn) error {
		return errors.Join(txn.Set(draftKey(5), v), txn.Set(currentKey, cur))
	}); err != nil {
		t.Fatal(err)
	}
	if empty, err := s.Empty(); err != nil || !empty {
		t.Errorf("Empty() = %v, %v; want true", empty, err)
	}
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Errorf("import into a store holding only working state: %v", err)
	}
}

func TestCorruptDraft(t *testing.T) {
	s := openMem(t)
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(draftKey(1), append([]byte{SchemaVersion}, `{"text":`...))
	}); err != nil {
		t.Fatal(err)
	}
	_, found, err := s.Draft(1)
	var f *failure
	if !errors.As(err, &f) || found || err.Error() != "会议 1 未保存的发言："+msgCorrupt {
		t.Errorf("reading a corrupt draft: %v, found %v", err, found)
	}
}
