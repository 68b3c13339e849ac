package core_test

import (
	"testing"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/meeting/demo"
	"yishi/storage"
)

// countingStore counts the reads of each village's meetings.
type countingStore struct {
	core.Store
	reads map[meeting.ID]int
}

func (c *countingStore) Meetings(village meeting.ID) ([]meeting.Meeting, error) {
	c.reads[village]++
	return c.Store.Meetings(village)
}

// TestFindingsReadAgainOnChange: what the checks found in a village is read once, and again
// only after a change of that village (a new overdue assignment, which then shows) or on
// another day; a change of another village leaves it as it is.
func TestFindingsReadAgainOnChange(t *testing.T) {
	s := testkit.OpenStore(t)
	if err := s.Import(demo.Synthetic(2, 1, nil), nil); err != nil {
		t.Fatal(err)
	}
	cs := &countingStore{Store: s, reads: map[meeting.ID]int{}}
	f := core.NewFindings(cs)
	vs, err := s.Villages()
	if err != nil || len(vs) != 2 {
		t.Fatalf("%d villages, %v", len(vs), err)
	}
	a, b := vs[0], vs[1]
	today := meeting.DateOf(testkit.FixedNow)
	attention := func(v meeting.Village, day meeting.Date) []meeting.Finding {
		t.Helper()
		found, err := f.Attention(v, day)
		if err != nil {
			t.Fatal(err)
		}
		return found
	}
	before := attention(a, today)
	attention(a, today)
	attention(b, today)
	if cs.reads[a.ID] != 1 || cs.reads[b.ID] != 1 {
		t.Fatalf("reads %v; want each village read once", cs.reads)
	}

	as, err := s.Assignments(a.ID)
	if err != nil || len(as) == 0 {
		t.Fatalf("%d assignments, %v", len(as), err)
	}
	late := as[0]
	late.ID, late.Task, late.Done, late.Result = 0, "修好三组的水渠", meeting.Date{}, ""
	late.Deadline = today.AddDays(-10)
	if err := s.Update(func(tx *storage.Tx) error { return tx.PutAssignment(&late) }); err != nil {
		t.Fatal(err)
	}
	after := attention(a, today)
	if cs.reads[a.ID] != 2 {
		t.Errorf("village %s read %d times after its change; want 2", a.Name, cs.reads[a.ID])
	}
	shown := false
	for _, x := range after {
		shown = shown || x.AssignmentID == late.ID && x.Code == meeting.CodeAssignmentOverdue
	}
	if !shown || len(after) != len(before)+1 {
		t.Errorf("after the change %d findings (the new overdue assignment among them: %v); %d before", len(after), shown, len(before))
	}
	attention(b, today)
	if cs.reads[b.ID] != 1 {
		t.Errorf("village %s read again after a change of %s only", b.Name, a.Name)
	}
	attention(a, today.AddDays(1))
	if cs.reads[a.ID] != 3 {
		t.Errorf("village %s read %d times by the next day; want 3", a.Name, cs.reads[a.ID])
	}
	// Warm reads what is not kept for the day, and only that.
	if err := f.Warm(vs, today.AddDays(1)); err != nil {
		t.Fatal(err)
	}
	if cs.reads[a.ID] != 3 || cs.reads[b.ID] != 2 {
		t.Errorf("reads after Warm %v; want %s 3, %s 2", cs.reads, a.Name, b.Name)
	}
}
