package meeting

import (
	"errors"
	"testing"
)

// TestVerdictKeepsRecordedRule: a vote that recorded its rule keeps its verdict, arithmetic and
// basis after the village changes its rule for that body; a vote without a recorded rule follows
// the settings, as records made before votes kept their rules read.
func TestVerdictKeepsRecordedRule(t *testing.T) {
	s := Defaults()
	mt := formal(1, RepresentativeAssembly, NewDate(2026, 3, 1), 30, 21, 12)
	v := *mt.Items[0].Vote
	pinned := s.Pin(v, mt, Resolved, nil)
	if pinned.Rule == nil || pinned.Rule.Basis != StatuteOn(NewDate(2026, 3, 1)).Art.Representatives || pinned.Threshold != nil {
		t.Fatalf("Pin: rule %+v threshold %+v", pinned.Rule, pinned.Threshold)
	}
	before := s.ItemVerdict(mt, Resolved, pinned, nil)
	if !before.Passed {
		t.Fatalf("12 of 21 present should pass: %s", before.Arithmetic())
	}

	// The village later asks two thirds of those present, under a local rule of its own.
	changed := Defaults()
	own := DefaultRuleOn(RepresentativeAssembly, Persons, testDay)
	own.Pass, own.Basis = TwoThirdsOrMore, "本村新规"
	changed.Rules = append(changed.Rules, own)
	after := changed.ItemVerdict(mt, Resolved, pinned, nil)
	if after.Passed != before.Passed || after.Arithmetic() != before.Arithmetic() || after.Basis() != before.Basis() {
		t.Errorf("a pinned vote changed with the rule:\n before %s %s\n after  %s %s",
			before.Arithmetic(), before.Basis(), after.Arithmetic(), after.Basis())
	}
	// Without a recorded rule the vote follows the settings.
	loose := changed.ItemVerdict(mt, Resolved, v, nil)
	if loose.Passed || loose.Rule.Basis != "本村新规" {
		t.Errorf("a vote without a recorded rule ignored the settings: %s %s", loose.Arithmetic(), loose.Basis())
	}
	if d := changed.Verdict(RepresentativeAssembly, testDay, mt.Attendance, pinned, nil); !d.Passed {
		t.Errorf("Verdict ignored the recorded rule: %s", d.Arithmetic())
	}
}

// TestPinMatterThreshold: a matter's stricter threshold at its deciding vote is recorded in the
// vote, and a later change of the matter's threshold does not change the verdict.
func TestPinMatterThreshold(t *testing.T) {
	s := Defaults()
	x := &Matter{ID: 1, Threshold: &TwoThirdsOrMore}
	mt := formal(1, RepresentativeAssembly, NewDate(2026, 3, 1), 30, 24, 16)
	v := s.Pin(*mt.Items[0].Vote, mt, Resolved, x)
	if v.Threshold == nil || *v.Threshold != TwoThirdsOrMore {
		t.Fatalf("threshold not recorded: %+v", v.Threshold)
	}
	x.Threshold = &Threshold{AtLeast, 3, 4} // 18 of 24
	if d := s.ItemVerdict(mt, Resolved, v, x); !d.Passed || d.PassMin != 16 {
		t.Errorf("the matter's new threshold changed a recorded vote: %s", d.Arithmetic())
	}
	// At another step no threshold is recorded, and a later one is not applied.
	v = s.Pin(*mt.Items[0].Vote, mt, Reviewed, x)
	if v.Threshold != nil {
		t.Errorf("a threshold recorded at a step that does not decide: %+v", v.Threshold)
	}
	if d := s.ItemVerdict(mt, Resolved, v, x); d.Stricter != nil || !d.Passed {
		t.Errorf("a recorded vote took the matter's threshold: %s", d.Arithmetic())
	}
}

func TestRevise(t *testing.T) {
	day := NewDate(2026, 3, 1)
	mergedS := Defaults()
	mergedS.MergeFirstSteps = true
	reviewed := []Event{{Stage: Proposed, On: day}, {Stage: Deliberated, On: day}}
	by := func(meeting ID, n int) *ItemRef { return &ItemRef{meeting, n} }
	tests := []struct {
		name    string
		s       Settings
		history []Event
		mt      Meeting
		want    Stage
		events  int
		err     error // nil, ErrNotPassed, or errAny
	}{
		{"a failed vote corrected to pass moves the matter", Defaults(), reviewed,
			formal(5, PartyAssembly, day, 19, 17, 12), Reviewed, 3, nil},
		{"a passing vote corrected to pass moves it once", Defaults(),
			append(clone(reviewed), Event{Stage: Reviewed, On: day, By: by(5, 1)}),
			formal(5, PartyAssembly, day, 19, 17, 13), Reviewed, 3, nil},
		{"a passing vote corrected to fail leaves it where it was", Defaults(),
			append(clone(reviewed), Event{Stage: Reviewed, On: day, By: by(5, 1)}),
			formal(5, PartyAssembly, day, 19, 17, 9), Deliberated, 2, ErrNotPassed},
		{"a rejection corrected to pass moves the matter", Defaults(),
			append(clone(reviewed), Event{Stage: Rejected, On: day, By: by(5, 1), Note: "表决未通过"}),
			formal(5, PartyAssembly, day, 19, 17, 12), Reviewed, 3, nil},
		{"a rejection corrected to fail leaves it before the rejection", Defaults(),
			append(clone(reviewed), Event{Stage: Rejected, On: day, By: by(5, 1)}),
			formal(5, PartyAssembly, day, 19, 17, 5), Deliberated, 2, ErrNotPassed},
		{"merged steps corrected to fail remove both events", mergedS,
			[]Event{{Stage: Proposed, On: day, By: by(2, 1), Note: "提议、商议合并召开"}, {Stage: Deliberated, On: day, By: by(2, 1)}},
			formal(2, TwoCommittees, day, 9, 9, 3), Raised, 0, ErrNotPassed},
		{"merged steps corrected to pass are made again", mergedS,
			[]Event{{Stage: Proposed, On: day, By: by(2, 1), Note: "提议、商议合并召开"}, {Stage: Deliberated, On: day, By: by(2, 1)}},
			formal(2, TwoCommittees, day, 9, 9, 6), Deliberated, 2, nil},
		{"another item's events stay", Defaults(),
			append(clone(reviewed), Event{Stage: Reviewed, On: day, By: by(5, 2)}),
			formal(5, PartyAssembly, day, 19, 17, 12), Reviewed, 3, errAny},
		{"events followed by a later step are not undone", Defaults(),
			append(clone(reviewed), Event{Stage: Reviewed, On: day, By: by(5, 1)}, Event{Stage: Resolved, On: day, By: by(6, 1)}),
			formal(5, PartyAssembly, day, 19, 17, 9), Resolved, 4, errAny},
	}
	for _, tt := range tests {
		m := Matter{ID: 1, Title: "修路", History: clone(tt.history)}
		backing := m.History
		d, err := tt.s.Revise(&m, tt.mt, 1)
		switch {
		case tt.err == errAny && err == nil, tt.err != errAny && !errors.Is(err, tt.err) && !(tt.err == nil && err == nil):
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.err)
		}
		if m.Stage() != tt.want || len(m.History) != tt.events {
			t.Errorf("%s: stage %s with %d events, want %s with %d: %+v", tt.name, m.Stage(), len(m.History), tt.want, tt.events, m.History)
		}
		if tt.err == nil && !d.Passed {
			t.Errorf("%s: verdict %s", tt.name, d.Arithmetic())
		}
		for i, e := range tt.history {
			if backing[i].Stage != e.Stage || backing[i].Note != e.Note {
				t.Errorf("%s: Revise wrote over the caller's history at %d: %+v", tt.name, i, backing[i])
			}
		}
	}
}

var errAny = errors.New("any error")

func clone(h []Event) []Event { return append([]Event(nil), h...) }

func TestVoteStepAndMovedBy(t *testing.T) {
	s := Defaults()
	day := NewDate(2026, 3, 1)
	m := Matter{ID: 1, History: []Event{{Stage: Proposed, On: day}, {Stage: Deliberated, On: day}}}
	mt := formal(5, PartyAssembly, day, 19, 17, 12)
	if st, err := s.VoteStep(m, mt, 1); st != Reviewed || err != nil {
		t.Errorf("VoteStep before the vote: %s %v", st, err)
	}
	if m.MovedBy(5, 1) {
		t.Error("MovedBy before the vote")
	}
	if _, err := s.Advance(&m, mt, 1); err != nil {
		t.Fatal(err)
	}
	if !m.MovedBy(5, 1) || m.MovedBy(5, 2) || m.MovedBy(4, 1) {
		t.Error("MovedBy after the vote")
	}
	// The item's own step is still the one a corrected vote takes, not the next.
	if st, err := s.VoteStep(m, mt, 1); st != Reviewed || err != nil {
		t.Errorf("VoteStep after the vote: %s %v", st, err)
	}
	// Another party assembly cannot take a reviewed matter further.
	if _, err := s.VoteStep(m, formal(6, PartyAssembly, day, 19, 17, 12), 1); err == nil {
		t.Error("VoteStep let a second party assembly move a reviewed matter")
	}
}

func TestConclude(t *testing.T) {
	it := Item{N: 1, Title: "路灯", MatterID: 7}
	if err := it.Conclude(Outcome{Kind: Assigned, AssignmentID: 3}); err != nil {
		t.Fatal(err)
	}
	if it.MatterID != 0 || it.Outcome == nil || it.Outcome.AssignmentID != 3 {
		t.Errorf("assigned item: %+v", it)
	}
	if err := it.Conclude(Outcome{Kind: ToMatter, MatterID: 9}); !errors.Is(err, ErrHasOutcome) || it.Outcome.Kind != Assigned || it.MatterID != 0 {
		t.Errorf("a second outcome: %v, %+v", err, it)
	}
	m := Item{N: 2}
	if err := m.Conclude(Outcome{Kind: ToMatter, MatterID: 9}); err != nil || m.MatterID != 9 {
		t.Errorf("to matter: %v %+v", err, m)
	}
}
