package ui

import (
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/storage"
)

// commitCounter is an archive that counts its commits: every write method is one synced
// transaction of its own, and Update is one.
type commitCounter struct {
	core.Store
	n atomic.Int64
}

func (c *commitCounter) Update(fn func(tx *storage.Tx) error) error {
	c.n.Add(1)
	return c.Store.Update(fn)
}
func (c *commitCounter) PutDraft(d meeting.StatementDraft) error {
	c.n.Add(1)
	return c.Store.PutDraft(d)
}
func (c *commitCounter) DeleteDraft(id meeting.ID) error { c.n.Add(1); return c.Store.DeleteDraft(id) }
func (c *commitCounter) SetCurrent(id meeting.ID) error  { c.n.Add(1); return c.Store.SetCurrent(id) }
func (c *commitCounter) PutMeeting(m *meeting.Meeting) error {
	c.n.Add(1)
	return c.Store.PutMeeting(m)
}
func (c *commitCounter) PutPerson(p *meeting.Person) error { c.n.Add(1); return c.Store.PutPerson(p) }
func (c *commitCounter) AppendStatement(st *meeting.Statement) error {
	c.n.Add(1)
	return c.Store.AppendStatement(st)
}
func (c *commitCounter) PutStatement(st meeting.Statement) error {
	c.n.Add(1)
	return c.Store.PutStatement(st)
}
func (c *commitCounter) DeleteStatement(m, id meeting.ID) error {
	c.n.Add(1)
	return c.Store.DeleteStatement(m, id)
}

// recording opens a new consultation of the demo village on a counting archive, the speaker
// chosen and the draft delay zero, so every pending draft save runs inside drive.
func countedRecording(tb testing.TB) (tea.Model, *commitCounter) {
	s := testkit.OpenStore(tb)
	testkit.SeedDemo(tb, s, nil)
	cs := &commitCounter{Store: s}
	m := start(tb, cs, 100, 30)
	m = newMeeting(tb, m, "庭院说事", "三组卫生")
	m = drive(tb, m, press(tea.KeyF2))
	if _, ok := front(m).(*record); !ok {
		tb.Fatalf("F2 did not open the recording screen: %T", front(m))
	}
	return m, cs
}

// TestOneCommitPerStatement: Enter on a typed statement writes it and drops its draft in one
// synced commit; clearing the fields afterwards does not schedule a second one.
func TestOneCommitPerStatement(t *testing.T) {
	m, cs := countedRecording(t)
	m = burst(t, m, "jcy")
	m = drive(t, m, press(tea.KeyEnter))
	m = burst(t, m, "垃圾车两天才来一次")
	r := front(m).(*record)
	if _, ok, _ := cs.Draft(r.m.ID); !ok {
		t.Fatal("the typed text was not kept as a draft: the test does not see draft saves")
	}
	before := cs.n.Load()
	m = drive(t, m, press(tea.KeyEnter))
	if got := cs.n.Load() - before; got != 1 {
		t.Errorf("Enter on a statement made %d commits, want 1", got)
	}
	if st := statements(t, cs, r.m.ID); len(st) != 1 || st[0].Text != "垃圾车两天才来一次" {
		t.Errorf("statements after Enter: %+v", st)
	}
	if _, ok, _ := cs.Draft(r.m.ID); ok {
		t.Error("the draft is still stored after the statement was saved")
	}
	// Moving to the next item with nothing typed writes nothing either.
	before = cs.n.Load()
	m = drive(t, m, press(tea.KeyTab))
	if got := cs.n.Load() - before; got != 0 {
		t.Errorf("moving focus with empty fields made %d commits", got)
	}
	_ = m
}

// BenchmarkCommitsPerStatement reports the synced commits one Enter costs on the recording
// screen (commits/enter: 1), and what one statement typed in bursts costs in all (its draft saves
// included, at a zero draft delay: the worst case).
func BenchmarkCommitsPerStatement(b *testing.B) {
	m, cs := countedRecording(b)
	var enter, all int64
	for b.Loop() {
		start := cs.n.Load()
		m = burst(b, m, "jcy")
		m = drive(b, m, press(tea.KeyEnter))
		m = burst(b, m, "秋收以后场院边上的秸秆")
		before := cs.n.Load()
		m = drive(b, m, press(tea.KeyEnter))
		enter += cs.n.Load() - before
		all += cs.n.Load() - start
	}
	b.ReportMetric(float64(enter)/float64(b.N), "commits/enter")
	b.ReportMetric(float64(all)/float64(b.N), "commits/statement")
}
