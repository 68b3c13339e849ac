package meeting

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// formal returns a formal meeting of body b on the given day with one voted item.
func formal(id ID, b Body, day Date, expected, present, ayes int) Meeting {
	return Meeting{ID: id, Kind: Formal, Body: b, Title: "事项", Start: day.Time().Add(19 * time.Hour),
		Host: Ref{Name: "金昌义"}, Recorder: Ref{Name: "何晓宇"}, Status: Draft,
		Attendance: Attendance{Expected: expected, Present: present},
		Items:      []Item{{N: 1, Title: "购置电脑和音响", MatterID: 1, Vote: &Vote{Method: ShowOfHands, Ayes: ayes}}}}
}

func TestStepByGraph(t *testing.T) {
	plain := Defaults()
	merged := Defaults()
	merged.MergeFirstSteps = true
	reps := Defaults()
	reps.PartyRepAssembly = true
	tests := []struct {
		name string
		s    Settings
		from Stage
		body Body
		want Stage // "" when refused
	}{
		{"branch proposes", plain, Raised, BranchCommittee, Proposed},
		{"two committees cannot propose", plain, Raised, TwoCommittees, ""},
		{"merge lets two committees take both", merged, Raised, TwoCommittees, Deliberated},
		{"merge still lets branch propose", merged, Raised, BranchCommittee, Proposed},
		{"two committees deliberate", plain, Proposed, TwoCommittees, Deliberated},
		{"party assembly cannot deliberate", plain, Proposed, PartyAssembly, ""},
		{"party assembly reviews", plain, Deliberated, PartyAssembly, Reviewed},
		{"party reps refused by default", plain, Deliberated, PartyRepAssembly, ""},
		{"party reps when set", reps, Deliberated, PartyRepAssembly, Reviewed},
		{"representatives resolve", plain, Reviewed, RepresentativeAssembly, Resolved},
		{"villagers resolve", plain, Reviewed, VillagerAssembly, Resolved},
		{"representatives cannot skip review", plain, Deliberated, RepresentativeAssembly, ""},
		{"representatives cannot resolve from raised", plain, Raised, RepresentativeAssembly, ""},
		{"resolved matter needs a notice", plain, Resolved, RepresentativeAssembly, ""},
		{"rejected is ended", plain, Rejected, BranchCommittee, ""},
		{"withdrawn is ended", plain, Withdrawn, TwoCommittees, ""},
	}
	for _, tt := range tests {
		got, err := tt.s.StepBy(tt.from, tt.body)
		if got != tt.want || (tt.want == "") != (err != nil) {
			t.Errorf("%s: StepBy(%s, %s) = %q, %v; want %q", tt.name, tt.from, tt.body, got, err, tt.want)
		}
	}
	if _, err := plain.StepBy(Deliberated, RepresentativeAssembly); err == nil || !strings.Contains(err.Error(), "待党员大会审议") {
		t.Errorf("refusal does not say what the matter waits for: %v", err)
	}
}

func TestAdvanceWholeProcedure(t *testing.T) {
	s := Defaults()
	m := Matter{ID: 1, Title: "购置电脑和音响"}
	day := NewDate(2026, 9, 15)
	steps := []struct {
		body                    Body
		expected, present, ayes int
		want                    Stage
	}{
		{BranchCommittee, 3, 3, 3, Proposed},
		{TwoCommittees, 5, 5, 5, Deliberated},
		{PartyAssembly, 19, 17, 16, Reviewed},
		{RepresentativeAssembly, 30, 25, 21, Resolved},
	}
	for i, st := range steps {
		mt := formal(ID(i+1), st.body, day.AddDays(7*i), st.expected, st.present, st.ayes)
		d, err := s.Advance(&m, mt, 1)
		if err != nil || !d.Passed || m.Stage() != st.want {
			t.Fatalf("step %d (%s): err %v passed %v stage %s; want %s", i+1, st.body, err, d.Passed, m.Stage(), st.want)
		}
	}
	n := Notice{ID: 1, MatterID: 1, Kind: ResolutionNotice, Postings: []Posting{{Where: "村务公开栏", From: day.AddDays(23), To: day.AddDays(37)}}}
	if err := s.Post(&m, n); err != nil || m.Stage() != ResolutionPosted {
		t.Fatalf("post resolution: %v, stage %s", err, m.Stage())
	}
	// A result notice before implementation is refused.
	r := Notice{ID: 2, MatterID: 1, Kind: ResultNotice, Postings: []Posting{{Where: "村务公开栏", From: day.AddDays(60), To: day.AddDays(74)}}}
	if err := s.Post(&m, r); err == nil {
		t.Fatal("result notice accepted before implementation")
	}
	if err := Complete(&m, Implementation{Started: day.AddDays(35), Completed: day.AddDays(50)}); err != nil || m.Stage() != Implemented {
		t.Fatalf("complete: %v, stage %s", err, m.Stage())
	}
	if err := s.Post(&m, r); err != nil || m.Stage() != ResultPosted {
		t.Fatalf("post result: %v, stage %s", err, m.Stage())
	}
	if len(m.History) != 7 {
		t.Errorf("history has %d events, want 7", len(m.History))
	}
	if _, err := s.Advance(&m, formal(9, BranchCommittee, day.AddDays(90), 3, 3, 3), 1); !errors.Is(err, ErrEnded) {
		t.Errorf("advancing a finished matter: %v, want ErrEnded", err)
	}
}

func TestAdvanceFailedVoteLeavesMatter(t *testing.T) {
	s := Defaults()
	m := Matter{ID: 1, Title: "修路", History: []Event{{Stage: Proposed, On: NewDate(2026, 3, 1)}, {Stage: Deliberated, On: NewDate(2026, 3, 8)}}}
	// 9 ayes of 19 who should attend: not more than half.
	d, err := s.Advance(&m, formal(3, PartyAssembly, NewDate(2026, 3, 15), 19, 17, 9), 1)
	if !errors.Is(err, ErrNotPassed) || d.Passed || m.Stage() != Deliberated {
		t.Fatalf("failed vote: err %v passed %v stage %s", err, d.Passed, m.Stage())
	}
	// No quorum: 9 of 19 present (needs 10).
	if _, err := s.Advance(&m, formal(4, PartyAssembly, NewDate(2026, 3, 16), 19, 9, 9), 1); !errors.Is(err, ErrNotPassed) || m.Stage() != Deliberated {
		t.Fatalf("vote without quorum moved the matter: %v %s", err, m.Stage())
	}
	// Re-vote after revision passes.
	if _, err := s.Advance(&m, formal(5, PartyAssembly, NewDate(2026, 3, 22), 19, 17, 12), 1); err != nil || m.Stage() != Reviewed {
		t.Fatalf("re-vote: %v %s", err, m.Stage())
	}
	if err := Reject(&m, formal(6, RepresentativeAssembly, NewDate(2026, 3, 29), 30, 25, 5), 1, "多数代表反对"); err != nil || m.Stage() != Rejected {
		t.Fatalf("reject: %v %s", err, m.Stage())
	}
	if err := Withdraw(&m, NewDate(2026, 4, 1), "方案取消"); !errors.Is(err, ErrEnded) {
		t.Errorf("withdrawing a rejected matter: %v", err)
	}
}

func TestAdvanceRefusals(t *testing.T) {
	s := Defaults()
	m := Matter{ID: 1, Title: "修路"}
	c := formal(1, BranchCommittee, NewDate(2026, 3, 1), 3, 3, 3)
	c.Kind = Consultation
	if _, err := s.Advance(&m, c, 1); err == nil || m.Stage() != Raised {
		t.Error("a consultation meeting moved a matter")
	}
	noVote := formal(2, BranchCommittee, NewDate(2026, 3, 1), 3, 3, 3)
	noVote.Items[0].Vote = nil
	if _, err := s.Advance(&m, noVote, 1); !errors.Is(err, ErrNoVote) {
		t.Errorf("no vote: %v", err)
	}
	if _, err := s.Advance(&m, formal(3, BranchCommittee, NewDate(2026, 3, 1), 3, 3, 3), 2); err == nil {
		t.Error("a missing item was accepted")
	}
	if _, err := s.Advance(&m, formal(4, RepresentativeAssembly, NewDate(2026, 3, 1), 30, 25, 25), 1); err == nil || m.Stage() != Raised {
		t.Error("representatives resolved a raised matter")
	}
}

func TestAdvanceMergedFirstSteps(t *testing.T) {
	s := Defaults()
	s.MergeFirstSteps = true
	m := Matter{ID: 1, Title: "修路"}
	if _, err := s.Advance(&m, formal(1, TwoCommittees, NewDate(2026, 3, 1), 5, 5, 5), 1); err != nil {
		t.Fatal(err)
	}
	if len(m.History) != 2 || m.History[0].Stage != Proposed || m.Stage() != Deliberated {
		t.Fatalf("merged steps history: %+v", m.History)
	}
	l := Ledger{Village: Village{ID: 1, Settings: s}, Meetings: []Meeting{formal(1, TwoCommittees, NewDate(2026, 3, 1), 5, 5, 5)}, Matters: []Matter{m}}
	if f := l.Check(NewDate(2026, 3, 2)); len(f) != 0 {
		t.Errorf("merged steps flagged: %+v", f)
	}
}

// TestPostingPeriod: the shortest posting is the one in force on its first day, both ends
// counted: the village's own period under the 2018 text, which set none; never less than the
// 2025 text's 15 days from 2026-01-01, whatever an older village still says.
func TestPostingPeriod(t *testing.T) {
	legacy := Defaults()
	legacy.MinPostingDays = 7
	raised := legacy.Raise(NewDate(2026, 3, 1))
	for _, c := range []struct {
		name string
		s    Settings
		from Date
		n    int
	}{
		{"2018 defaults, 2025-12-25", DefaultsOn(NewDate(2025, 6, 1)), NewDate(2025, 12, 25), 7},
		{"old village, 2025-12-31", legacy, NewDate(2025, 12, 31), 7},
		{"old village, 2026-01-01", legacy, NewDate(2026, 1, 1), 15},
		{"new village, 2026-01-01", Defaults(), NewDate(2026, 1, 1), 15},
		{"raised 2026-03-01, posting of 2025", raised, NewDate(2025, 12, 31), 7},
		{"raised 2026-03-01, posting of 2026-02", raised, NewDate(2026, 2, 1), 15},
	} {
		for _, tt := range []struct {
			days int
			ok   bool
		}{{c.n - 1, false}, {c.n, true}, {c.n + 1, true}} {
			err := c.s.CheckPosting(Posting{Where: "村务公开栏", From: c.from, To: c.from.AddDays(tt.days - 1)})
			if (err == nil) != tt.ok {
				t.Errorf("%s: %d days: %v, want ok %v", c.name, tt.days, err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), c.from.AddDays(c.n-1).String()) {
				t.Errorf("%s: %d days: %v does not name the first end date that will do", c.name, tt.days, err)
			}
		}
	}
	s := Defaults()
	from := NewDate(2026, 10, 1)
	if err := s.CheckPosting(Posting{Where: "村务公开栏", From: from, To: from.AddDays(-1)}); err == nil || !strings.Contains(err.Error(), "早于") {
		t.Errorf("a period ending before it starts: %v", err)
	}
	m := Matter{ID: 1, History: []Event{{Stage: Resolved, On: from}}}
	short := Notice{ID: 1, MatterID: 1, Kind: ResolutionNotice, Postings: []Posting{{Where: "村务公开栏", From: from, To: from.AddDays(2)}}}
	if err := s.Post(&m, short); err == nil || m.Stage() != Resolved {
		t.Error("a short posting moved the matter")
	}
}

func TestWaiting(t *testing.T) {
	d := func(day int) Date { return NewDate(2025, time.April, day) }
	today := d(30)
	tests := []struct {
		name  string
		m     Matter
		since Date
		days  int
		waits bool
	}{
		{"raised, nothing since", Matter{Created: d(1)}, d(1), 29, true},
		{"waits since its last step", Matter{Created: d(1), History: []Event{{Stage: Proposed, On: d(8)}, {Stage: Deliberated, On: d(15)}}}, d(15), 15, true},
		{"a step today", Matter{Created: d(1), History: []Event{{Stage: Proposed, On: d(30)}}}, d(30), 0, true},
		{"a step dated after today counts no days", Matter{Created: d(1), History: []Event{{Stage: Proposed, On: NewDate(2025, time.May, 3)}}}, NewDate(2025, time.May, 3), 0, true},
		{"result posted waits for nothing", Matter{Created: d(1), History: []Event{{Stage: ResultPosted, On: d(20)}}}, d(20), 0, false},
		{"rejected", Matter{Created: d(1), History: []Event{{Stage: Rejected, On: d(9)}}}, d(9), 0, false},
		{"withdrawn", Matter{Created: d(1), History: []Event{{Stage: Withdrawn, On: d(10)}}}, d(10), 0, false},
		{"no date at all", Matter{}, Date{}, 0, false},
	}
	for _, tt := range tests {
		since, days, waits := tt.m.Waiting(today)
		if since != tt.since || days != tt.days || waits != tt.waits {
			t.Errorf("%s: Waiting = %s, %d, %v; want %s, %d, %v", tt.name, since, days, waits, tt.since, tt.days, tt.waits)
		}
	}
}
