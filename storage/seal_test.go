package storage

import (
	"errors"
	"sync"
	"testing"
	"time"

	"yishi/meeting"
)

// seal seals meeting id as the app does: reads it, its statements and the village's previous
// seal, and writes it sealed, all in one transaction.
func seal(s *Store, id meeting.ID, at time.Time) (m meeting.Meeting, prev string, err error) {
	err = s.Update(func(tx *Tx) error {
		if m, err = tx.Meeting(id); err != nil {
			return err
		}
		sts, err := tx.Statements(id)
		if err != nil {
			return err
		}
		if prev, err = tx.PrevSeal(m.VillageID); err != nil {
			return err
		}
		if err := m.SealWith(sts, prev, at); err != nil {
			return err
		}
		return tx.PutMeeting(&m)
	})
	return m, prev, err
}

// sealedMeeting returns a store with a village, a meeting with two statements, sealed, and a
// draft meeting.
func sealedMeeting(t *testing.T) (s *Store, sealed, draft meeting.Meeting, sts []meeting.Statement) {
	t.Helper()
	s = openMem(t)
	sealed, draft = twoMeetings(t, s)
	for i, text := range []string{"路灯坏了三盏。", "下周修好。"} {
		st := statement(sealed.ID, clock(11, 20, 19, 31+i), "王秀英", text)
		if err := s.AppendStatement(&st); err != nil {
			t.Fatal(err)
		}
		sts = append(sts, st)
	}
	sealed.End = clock(11, 20, 21, 0)
	if err := s.PutMeeting(&sealed); err != nil {
		t.Fatal(err)
	}
	var err error
	if sealed, _, err = seal(s, sealed.ID, clock(11, 20, 21, 10)); err != nil {
		t.Fatal(err)
	}
	return s, sealed, draft, sts
}

// TestSealedMeetingRefused tries every change of a sealed meeting, through the Store and through
// a Tx: each is refused with meeting.ErrSealed and changes nothing; the same changes of a draft
// meeting go through.
func TestSealedMeetingRefused(t *testing.T) {
	s, sealed, draft, sts := sealedMeeting(t)
	stored, err := s.Meeting(sealed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Status != meeting.Final || !meeting.VerifySeal(stored, sts, "") {
		t.Fatalf("the sealed meeting read back: %s, verifies %v", stored.Status, meeting.VerifySeal(stored, sts, ""))
	}

	changes := []struct {
		name   string
		change func(s *Store, m meeting.Meeting, st meeting.Statement) error
	}{
		{"append a statement", func(s *Store, m meeting.Meeting, st meeting.Statement) error {
			n := statement(m.ID, clock(11, 20, 21, 20), "张建国", "补一句。")
			return s.AppendStatement(&n)
		}},
		{"edit a statement", func(s *Store, m meeting.Meeting, st meeting.Statement) error {
			st.Text = "路灯坏了四盏。"
			return s.PutStatement(st)
		}},
		{"delete a statement", func(s *Store, m meeting.Meeting, st meeting.Statement) error {
			return s.DeleteStatement(m.ID, st.ID)
		}},
		{"edit the meeting", func(s *Store, m meeting.Meeting, st meeting.Statement) error {
			m.Title += "（改）"
			return s.PutMeeting(&m)
		}},
		{"unseal the meeting", func(s *Store, m meeting.Meeting, st meeting.Statement) error {
			m.Status, m.Seal = meeting.Draft, ""
			return s.PutMeeting(&m)
		}},
		{"write the meeting unchanged", func(s *Store, m meeting.Meeting, st meeting.Statement) error {
			return s.PutMeeting(&m)
		}},
		{"append in a transaction", func(s *Store, m meeting.Meeting, st meeting.Statement) error {
			return s.Update(func(tx *Tx) error {
				n := statement(m.ID, clock(11, 20, 21, 20), "张建国", "补一句。")
				return tx.AppendStatement(&n)
			})
		}},
		{"edit in a transaction", func(s *Store, m meeting.Meeting, st meeting.Statement) error {
			return s.Update(func(tx *Tx) error { st.Kind = meeting.Answer; return tx.PutStatement(st) })
		}},
		{"delete in a transaction", func(s *Store, m meeting.Meeting, st meeting.Statement) error {
			return s.Update(func(tx *Tx) error { return tx.DeleteStatement(m.ID, st.ID) })
		}},
		{"edit the meeting in a transaction", func(s *Store, m meeting.Meeting, st meeting.Statement) error {
			return s.Update(func(tx *Tx) error { m.Place = "别处"; return tx.PutMeeting(&m) })
		}},
	}
	for _, c := range changes {
		err := c.change(s, stored, sts[0])
		if !errors.Is(err, meeting.ErrSealed) {
			t.Errorf("%s of a sealed meeting: %v; want ErrSealed", c.name, err)
		}
		if err != nil && err.Error() != meeting.ErrSealed.Error() {
			t.Errorf("%s: message %q", c.name, err)
		}
	}
	got, err := s.Meeting(sealed.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got, stored)
	gotSts, err := s.Statements(sealed.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, gotSts, sts)
	if !meeting.VerifySeal(got, gotSts, "") {
		t.Error("the sealed meeting no longer verifies")
	}

	// The same changes of a draft meeting are allowed.
	st := statement(draft.ID, clock(11, 21, 19, 31), "王秀英", "排水沟堵了。")
	if err := s.AppendStatement(&st); err != nil {
		t.Fatal(err)
	}
	draft.End = clock(11, 21, 21, 0)
	for _, c := range changes {
		if err := c.change(s, draft, st); err != nil && !errors.Is(err, ErrNotFound) {
			// A statement deleted by an earlier change is not found by a later one.
			t.Errorf("%s of a draft meeting: %v", c.name, err)
		}
	}
}

// TestSealingWrite checks that the write sealing a draft is allowed, once.
func TestSealingWrite(t *testing.T) {
	s := openMem(t)
	m, _ := twoMeetings(t, s)
	m.End = clock(11, 20, 21, 0)
	if err := m.SealWith(nil, "", clock(11, 20, 21, 5)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutMeeting(&m); err != nil {
		t.Fatalf("sealing a draft: %v", err)
	}
	if err := s.PutMeeting(&m); !errors.Is(err, meeting.ErrSealed) {
		t.Errorf("writing it again: %v; want ErrSealed", err)
	}
	// Sealing twice through the store is refused by meeting itself.
	if _, _, err := seal(s, m.ID, clock(11, 20, 22, 0)); !errors.Is(err, meeting.ErrSealed) {
		t.Errorf("sealing twice: %v; want ErrSealed", err)
	}
	// A meeting written new as final (as a bulk path may) is sealed from then on.
	n := consultation(m.VillageID, "补录", clock(11, 19, 19, 0))
	n.Status = meeting.Final
	if err := s.PutMeeting(&n); err != nil {
		t.Fatal(err)
	}
	n.Title = "补录（改）"
	if err := s.PutMeeting(&n); !errors.Is(err, meeting.ErrSealed) {
		t.Errorf("rewriting a meeting written final: %v; want ErrSealed", err)
	}
	// A missing meeting is not found, as before.
	ghost := consultation(m.VillageID, "无此会", clock(11, 19, 19, 0))
	ghost.ID = 99
	if err := s.PutMeeting(&ghost); !errors.Is(err, ErrNotFound) || err.Error() != "会议 99：找不到这条记录" {
		t.Errorf("PutMeeting of a missing meeting: %v", err)
	}
}

func TestAmendmentsOnlyOnSealed(t *testing.T) {
	s, sealed, draft, _ := sealedMeeting(t)
	amend := func(id meeting.ID) meeting.Amendment {
		return meeting.Amendment{MeetingID: id, At: clock(11, 22, 8, 0), Author: meeting.Ref{Name: "李晓梅"},
			Reason: "票数记错", Text: "反对应为 1 票"}
	}
	a := amend(draft.ID)
	err := s.PutAmendment(&a)
	if !errors.Is(err, meeting.ErrNotSealed) || err.Error() != "会议记录还是草稿，可以直接修改，不需要更正说明" || a.ID != 0 {
		t.Errorf("amending a draft: %v, ID %d", err, a.ID)
	}
	err = s.Update(func(tx *Tx) error { b := amend(draft.ID); return tx.PutAmendment(&b) })
	if !errors.Is(err, meeting.ErrNotSealed) {
		t.Errorf("amending a draft in a transaction: %v", err)
	}
	if got, err := s.Amendments(draft.ID); err != nil || len(got) != 0 {
		t.Errorf("amendments of the draft: %v, %v", got, err)
	}
	a = amend(sealed.ID.Sibling(99))
	if err := s.PutAmendment(&a); !errors.Is(err, ErrNotFound) || err.Error() != "会议 99：找不到这条记录" {
		t.Errorf("amending a missing meeting: %v", err)
	}

	a = amend(sealed.ID)
	if err := s.PutAmendment(&a); err != nil || a.ID.Local() != 1 {
		t.Fatalf("amending a sealed meeting: %v, ID %d", err, a.ID)
	}
	got, err := s.Amendments(sealed.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got, []meeting.Amendment{a})
	// An amendment leaves the seal intact: it is kept beside the record, not in it.
	m, err := s.Meeting(sealed.ID)
	if err != nil {
		t.Fatal(err)
	}
	sts, err := s.Statements(sealed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !meeting.VerifySeal(m, sts, "") {
		t.Error("the amended meeting no longer verifies")
	}
}

// TestPrevSeal checks which meeting's seal the next one chains to: the latest SealedAt, then the
// larger ID, among the final meetings of the village only.
func TestPrevSeal(t *testing.T) {
	a := sampleArchive()
	base := a.Meetings[0]
	a.Meetings = nil
	add := func(village meeting.ID, status meeting.Status, sealedAt time.Time, seal string) {
		m := base
		m.ID, m.VillageID, m.Status, m.SealedAt, m.Seal = meeting.ID(len(a.Meetings)+1), village, status, sealedAt, seal
		a.Meetings = append(a.Meetings, m)
	}
	add(1, meeting.Final, clock(11, 20, 21, 0), "a")  // 1
	add(1, meeting.Final, clock(11, 27, 11, 0), "b")  // 2: latest
	add(1, meeting.Final, clock(11, 22, 11, 0), "c")  // 3: later ID, earlier seal
	add(1, meeting.Draft, clock(12, 30, 11, 0), "")   // 4: a draft does not count
	add(2, meeting.Final, clock(12, 31, 23, 0), "z")  // 5: another village
	add(1, meeting.Final, clock(11, 27, 11, 0), "b2") // 6: same time as 2, larger ID
	// Seals that are only names here: written as an import writes, without its check of them.
	s := openMem(t)
	writeRaw(t, s, a)
	for _, tt := range []struct {
		village meeting.ID
		want    string
	}{{1, "b2"}, {2, "z"}, {99, ""}} {
		if got, err := s.PrevSeal(tt.village); err != nil || got != tt.want {
			t.Errorf("PrevSeal(%d) = %q, %v; want %q", tt.village, got, err, tt.want)
		}
		var got string
		if err := s.Update(func(tx *Tx) (err error) { got, err = tx.PrevSeal(tt.village); return err }); err != nil || got != tt.want {
			t.Errorf("Tx.PrevSeal(%d) = %q, %v; want %q", tt.village, got, err, tt.want)
		}
	}

	// A village with meetings, none sealed: "".
	empty := openMem(t)
	twoMeetings(t, empty)
	if got, err := empty.PrevSeal(1); err != nil || got != "" {
		t.Errorf("PrevSeal of a village without sealed meetings = %q, %v", got, err)
	}
}

// TestSealChain seals two meetings of a village one after the other: the second chains to the
// first, and each verifies with the statements read back and the seal before it.
func TestSealChain(t *testing.T) {
	s, first, second, _ := sealedMeeting(t)
	second.End = clock(11, 21, 21, 0)
	if err := s.PutMeeting(&second); err != nil {
		t.Fatal(err)
	}
	got, prev, err := seal(s, second.ID, clock(11, 21, 21, 10))
	if err != nil {
		t.Fatal(err)
	}
	if prev != first.Seal || prev == "" {
		t.Errorf("second meeting sealed with prev %q; want the first's seal %q", prev, first.Seal)
	}
	for _, c := range []struct {
		id   meeting.ID
		prev string
	}{{first.ID, ""}, {second.ID, first.Seal}} {
		m, err1 := s.Meeting(c.id)
		sts, err2 := s.Statements(c.id)
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		if !meeting.VerifySeal(m, sts, c.prev) {
			t.Errorf("meeting %d does not verify after reading back", c.id)
		}
	}
	if s, _ := s.PrevSeal(first.VillageID); s != got.Seal {
		t.Errorf("PrevSeal after the second seal = %q; want %q", s, got.Seal)
	}
}

// TestSealRace seals two meetings of a village at once: the transaction that read the previous
// seal before the other committed conflicts, runs again, and chains to the other's seal, so the
// chain never forks.
func TestSealRace(t *testing.T) {
	s := openMem(t)
	m1, m2 := twoMeetings(t, s)
	for _, m := range []*meeting.Meeting{&m1, &m2} {
		m.End = m.Start.Add(time.Hour)
		if err := s.PutMeeting(m); err != nil {
			t.Fatal(err)
		}
	}
	var (
		attempts int
		prevs    []string
		other    meeting.Meeting
		once     sync.Once
	)
	err := s.Update(func(tx *Tx) error {
		attempts++
		m, err := tx.Meeting(m1.ID)
		if err != nil {
			return err
		}
		prev, err := tx.PrevSeal(m.VillageID)
		if err != nil {
			return err
		}
		prevs = append(prevs, prev)
		// Meanwhile, the other meeting is sealed and committed.
		once.Do(func() {
			var wg sync.WaitGroup
			wg.Go(func() {
				var err error
				if other, _, err = seal(s, m2.ID, clock(11, 21, 21, 0)); err != nil {
					t.Error(err)
				}
			})
			wg.Wait()
		})
		if err := m.SealWith(nil, prev, clock(11, 21, 21, 1)); err != nil {
			return err
		}
		return tx.PutMeeting(&m)
	})
	if err != nil {
		t.Fatal(err)
	}
	if attempts != 2 || len(prevs) != 2 || prevs[0] != "" || prevs[1] != other.Seal {
		t.Errorf("%d attempts, prevs %q; want 2, then the other meeting's seal %q", attempts, prevs, other.Seal)
	}
	m, err := s.Meeting(m1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !meeting.VerifySeal(m, nil, other.Seal) {
		t.Error("the meeting sealed second does not chain to the first")
	}
}
