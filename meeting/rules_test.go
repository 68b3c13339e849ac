package meeting

import (
	"strings"
	"testing"
	"time"
)

func TestThresholdMin(t *testing.T) {
	tests := []struct {
		th   Threshold
		n    int
		want int
	}{
		// More than half: floor(n/2)+1, odd and even.
		{MoreThanHalf, 20, 11}, {MoreThanHalf, 21, 11}, {MoreThanHalf, 1, 1}, {MoreThanHalf, 2, 2},
		{MoreThanHalf, 0, 1}, {MoreThanHalf, 860, 431}, {MoreThanHalf, 25, 13},
		// Half or more.
		{HalfOrMore, 19, 10}, {HalfOrMore, 20, 10}, {HalfOrMore, 1, 1},
		// Two thirds or more: 30 → 20, 31 → 21, 29 → 20, 312 households → 208.
		{TwoThirdsOrMore, 30, 20}, {TwoThirdsOrMore, 31, 21}, {TwoThirdsOrMore, 29, 20}, {TwoThirdsOrMore, 312, 208},
		// More than two thirds.
		{Threshold{MoreThan, 2, 3}, 30, 21}, {Threshold{MoreThan, 2, 3}, 31, 21},
	}
	for _, tt := range tests {
		if got := tt.th.Min(tt.n); got != tt.want {
			t.Errorf("%v of %d: Min = %d, want %d", tt.th, tt.n, got, tt.want)
		}
	}
}

// TestThresholdMinIsSmallest checks Min against its definition by cross-multiplication for many
// totals: Min(n) meets the fraction and Min(n)-1 does not.
func TestThresholdMinIsSmallest(t *testing.T) {
	meets := func(th Threshold, k, n int) bool {
		if th.Cmp == MoreThan {
			return k*th.Den > n*th.Num
		}
		return k*th.Den >= n*th.Num
	}
	for _, th := range []Threshold{MoreThanHalf, HalfOrMore, TwoThirdsOrMore, {MoreThan, 2, 3}, {AtLeast, 3, 5}, {MoreThan, 3, 4}} {
		for n := 1; n <= 400; n++ {
			k := th.Min(n)
			if !meets(th, k, n) || meets(th, k-1, n) {
				t.Fatalf("%v of %d: Min = %d is not the smallest count meeting it", th, n, k)
			}
		}
	}
}

func TestThresholdBoundAndString(t *testing.T) {
	tests := []struct {
		th         Threshold
		n          int
		bound, str string
	}{
		{MoreThanHalf, 21, "10.5", "过半数"},
		{MoreThanHalf, 20, "10", "过半数"},
		{TwoThirdsOrMore, 30, "20", "三分之二以上"},
		{TwoThirdsOrMore, 31, "20.67", "三分之二以上"},
		{TwoThirdsOrMore, 29, "19.33", "三分之二以上"},
		{HalfOrMore, 19, "9.5", "半数以上"},
		{Threshold{MoreThan, 3, 5}, 7, "4.2", "超过五分之三"},
	}
	for _, tt := range tests {
		if got := tt.th.Bound(tt.n); got != tt.bound {
			t.Errorf("%v of %d: Bound = %q, want %q", tt.th, tt.n, got, tt.bound)
		}
		if got := tt.th.String(); got != tt.str {
			t.Errorf("%v: String = %q, want %q", tt.th, got, tt.str)
		}
	}
}

func TestThresholdStricter(t *testing.T) {
	if !TwoThirdsOrMore.Stricter(MoreThanHalf) || MoreThanHalf.Stricter(TwoThirdsOrMore) {
		t.Error("2/3 should be stricter than more than half, not the reverse")
	}
	if !MoreThanHalf.Stricter(HalfOrMore) || HalfOrMore.Stricter(MoreThanHalf) {
		t.Error("more than half should be stricter than half or more")
	}
	if MoreThanHalf.Stricter(MoreThanHalf) {
		t.Error("a threshold is not stricter than itself")
	}
}

// attend returns an attendance of expected and present counts.
func attend(expected, present int) Attendance {
	return Attendance{Expected: expected, Present: present}
}

// TestQuorumBoundaries holds every body's default quorum at n-1, n and n+1 of its minimum, for an
// odd and an even membership.
func TestQuorumBoundaries(t *testing.T) {
	s := Defaults()
	tests := []struct {
		body      Body
		household bool
		expected  int
		min       int
	}{
		{BranchCommittee, false, 5, 3}, {BranchCommittee, false, 6, 4},
		{TwoCommittees, false, 5, 3}, {TwoCommittees, false, 8, 5},
		{PartyAssembly, false, 19, 10}, {PartyAssembly, false, 20, 10},
		{PartyRepAssembly, false, 31, 16}, {PartyRepAssembly, false, 30, 15},
		{RepresentativeAssembly, false, 30, 20}, {RepresentativeAssembly, false, 31, 21},
		{VillagerAssembly, false, 860, 431}, {VillagerAssembly, false, 861, 431},
		{VillagerAssembly, true, 312, 208}, {VillagerAssembly, true, 313, 209},
	}
	for _, tt := range tests {
		s.AssemblyByHousehold = tt.household
		for _, present := range []int{tt.min - 1, tt.min, tt.min + 1} {
			d := s.Verdict(tt.body, testDay, attend(tt.expected, present), Vote{Method: ShowOfHands, Ayes: present}, nil)
			if d.QuorumMin != tt.min {
				t.Errorf("%s (household %v) of %d: quorum min %d, want %d", tt.body, tt.household, tt.expected, d.QuorumMin, tt.min)
			}
			if want := present >= tt.min; d.Quorate != want {
				t.Errorf("%s of %d with %d present: quorate %v, want %v", tt.body, tt.expected, present, d.Quorate, want)
			}
			if !d.Quorate && d.Passed {
				t.Errorf("%s: a vote without quorum passed", tt.body)
			}
		}
	}
}

// TestPassingBoundaries holds every body's passing rule at n-1, n and n+1 ayes, with its base:
// those present, or (party members' assembly) those who should attend.
func TestPassingBoundaries(t *testing.T) {
	s := Defaults()
	tests := []struct {
		body              Body
		expected, present int
		min               int // smallest passing count of ayes
	}{
		{BranchCommittee, 5, 5, 3}, {BranchCommittee, 5, 4, 3},
		{TwoCommittees, 6, 6, 4}, {TwoCommittees, 6, 5, 3},
		{PartyAssembly, 19, 17, 10}, {PartyAssembly, 20, 17, 11}, // of those who should attend
		{RepresentativeAssembly, 30, 25, 13}, {RepresentativeAssembly, 30, 24, 13}, {RepresentativeAssembly, 30, 21, 11},
		{VillagerAssembly, 860, 500, 251}, {VillagerAssembly, 860, 501, 251},
	}
	for _, tt := range tests {
		for _, ayes := range []int{tt.min - 1, tt.min, tt.min + 1} {
			d := s.Verdict(tt.body, testDay, attend(tt.expected, tt.present), Vote{Method: ShowOfHands, Ayes: ayes}, nil)
			if d.PassMin != tt.min {
				t.Errorf("%s %d/%d: pass min %d, want %d", tt.body, tt.present, tt.expected, d.PassMin, tt.min)
			}
			if want := ayes >= tt.min; d.Passed != want {
				t.Errorf("%s %d/%d with %d ayes: passed %v, want %v", tt.body, tt.present, tt.expected, ayes, d.Passed, want)
			}
		}
	}
}

func TestVerdictStricterMatterThreshold(t *testing.T) {
	s := Defaults()
	a := attend(30, 24)
	// 2/3 of 24 present is 16: 15 ayes pass the ordinary rule (> 12) but not the matter's.
	d := s.Verdict(RepresentativeAssembly, testDay, a, Vote{Method: SecretBallot, Ayes: 15}, &TwoThirdsOrMore)
	if d.Passed || d.PassMin != 16 {
		t.Errorf("stricter threshold: passed %v, min %d; want false, 16", d.Passed, d.PassMin)
	}
	if d := s.Verdict(RepresentativeAssembly, testDay, a, Vote{Method: SecretBallot, Ayes: 16}, &TwoThirdsOrMore); !d.Passed {
		t.Error("16 of 24 should pass two thirds")
	}
	// A laxer matter threshold never loosens the body's rule.
	lax := HalfOrMore
	if d := s.Verdict(RepresentativeAssembly, testDay, a, Vote{Method: SecretBallot, Ayes: 12}, &lax); d.Passed || d.Stricter != nil {
		t.Error("a laxer matter threshold replaced the body's rule")
	}
}

func TestVerdictRecusal(t *testing.T) {
	s := Defaults()
	a := attend(9, 9)
	v := Vote{Method: ShowOfHands, Ayes: 4, Recused: []Absence{{Who: Ref{Name: "关天文"}, Reason: "亲属承包"}}}
	if d := s.Verdict(TwoCommittees, testDay, a, v, nil); d.Passed || d.Base != 9 {
		t.Errorf("recused kept in base: base %d passed %v, want 9 false", d.Base, d.Passed)
	}
	s.RecusedLeaveBase = true
	d := s.Verdict(TwoCommittees, testDay, a, v, nil)
	if d.Base != 8 || d.PassMin != 5 || d.Passed {
		t.Errorf("recused out of base: base %d min %d passed %v, want 8 5 false", d.Base, d.PassMin, d.Passed)
	}
	v.Ayes = 5
	if d := s.Verdict(TwoCommittees, testDay, a, v, nil); !d.Passed {
		t.Error("5 of 8 should pass once the recused member leaves the base")
	}
}

func TestVerdictArithmetic(t *testing.T) {
	s := Defaults()
	d := s.Verdict(RepresentativeAssembly, testDay, attend(30, 21), Vote{Method: ShowOfHands, Ayes: 12}, nil)
	want := "应到 30 人，实到 21 人（须不少于 20，有效）；赞成 12 票（须超过 10.5），通过"
	if got := d.Arithmetic(); got != want {
		t.Errorf("Arithmetic:\n got %s\nwant %s", got, want)
	}
	if b := d.Basis(); !strings.Contains(b, "（2025）第三十条") || !strings.Contains(b, "三分之二以上") {
		t.Errorf("Basis lacks the article or the fraction: %s", b)
	}
	d = s.Verdict(RepresentativeAssembly, testDay, attend(30, 19), Vote{Method: ShowOfHands, Ayes: 19}, nil)
	if got := d.Arithmetic(); !strings.Contains(got, "不足法定人数") || d.Passed {
		t.Errorf("no quorum not said: %s", got)
	}
	s.AssemblyByHousehold = true
	d = s.Verdict(VillagerAssembly, testDay, attend(312, 210), Vote{Method: ShowOfHands, Ayes: 150}, nil)
	if got := d.Arithmetic(); !strings.HasPrefix(got, "应到 312 户，实到 210 户") {
		t.Errorf("household unit not shown: %s", got)
	}
	// No ambiguous-width symbols: they misalign in terminals set to wide ambiguous characters.
	for _, r := range d.Arithmetic() + d.Basis() {
		if strings.ContainsRune("·…—≥≤“”①○★", r) {
			t.Errorf("ambiguous-width symbol %q in verdict text", r)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		k, n int
		want string
	}{{21, 25, "84.0%"}, {16, 17, "94.1%"}, {1, 3, "33.3%"}, {2, 3, "66.7%"}, {0, 5, "0.0%"}, {1, 0, "0%"}}
	for _, tt := range tests {
		if got := Percent(tt.k, tt.n); got != tt.want {
			t.Errorf("Percent(%d, %d) = %s, want %s", tt.k, tt.n, got, tt.want)
		}
	}
}

func TestSettingsRuleOverride(t *testing.T) {
	s := Defaults()
	// Many local 四议 rules ask two thirds of party members.
	own := DefaultRuleOn(PartyAssembly, Persons, testDay)
	own.Quorum, own.Basis = TwoThirdsOrMore, BasisLocal
	s.Rules = append(s.Rules, own)
	if d := s.Verdict(PartyAssembly, testDay, attend(19, 12), Vote{Method: ShowOfHands, Ayes: 12}, nil); d.Quorate {
		t.Error("12 of 19 met a two-thirds quorum")
	}
	if d := s.Verdict(PartyAssembly, testDay, attend(19, 13), Vote{Method: ShowOfHands, Ayes: 12}, nil); !d.Quorate || !d.Passed {
		t.Error("13 of 19 present, 12 ayes should be quorate and pass")
	}
	// A village with no rule of its own for a body falls back to the default.
	s.Rules = nil
	if r := s.RuleOn(RepresentativeAssembly, testDay); r.Quorum != TwoThirdsOrMore {
		t.Errorf("fallback rule: %+v", r)
	}
}

// TestVerdictUsesCountsAtVote: latecomers change the meeting's attendance after a vote; the vote
// is still judged by who was there when it was taken.
func TestVerdictUsesCountsAtVote(t *testing.T) {
	s := Defaults()
	now := attend(30, 25)
	early := Vote{Method: ShowOfHands, Ayes: 6, Expected: 30, Present: 6}
	d := s.Verdict(RepresentativeAssembly, testDay, now, early, nil)
	if d.Quorate || d.Present != 6 || d.Result() != "不足法定人数，表决无效" {
		t.Errorf("the early vote judged by today's attendance: %+v", d)
	}
	// A vote recorded without counts is judged by the meeting's attendance.
	old := Vote{Method: ShowOfHands, Ayes: 21}
	if d := s.Verdict(RepresentativeAssembly, testDay, now, old, nil); !d.Quorate || d.Present != 25 || !d.Passed {
		t.Errorf("a vote without counts: %+v", d)
	}
	// Validation holds the count against those present at the vote.
	if err := (Vote{Method: ShowOfHands, Ayes: 7, Expected: 30, Present: 6}).Validate(now); err == nil {
		t.Error("7 votes of 6 present at the vote were accepted")
	}
}

// TestPinnedVoteKeepsRecusalBase: whether recused members left the base is part of the rule a
// vote records, so turning the setting over later does not change the verdict.
func TestPinnedVoteKeepsRecusalBase(t *testing.T) {
	s := Defaults()
	s.RecusedLeaveBase = true
	// 10 present, 1 recused: 5 ayes pass over a base of 9 (more than 4.5), not over 10.
	mt := Meeting{Kind: Formal, Body: TwoCommittees, Attendance: attend(10, 10)}
	v := s.Pin(Vote{Method: ShowOfHands, Ayes: 5, Recused: []Absence{{Who: Ref{Name: "关天文"}, Reason: "亲属承包"}}}, mt, Deliberated, nil)
	before := s.ItemVerdict(mt, Deliberated, v, nil)
	if !before.Passed || before.Base != 9 {
		t.Fatalf("with recused members out of the base, 5 of 9 should pass: %+v", before)
	}
	s.RecusedLeaveBase = false
	if after := s.ItemVerdict(mt, Deliberated, v, nil); after.Arithmetic() != before.Arithmetic() || !after.Passed {
		t.Errorf("the recorded vote changed with the setting:\n before %s\n after  %s", before.Arithmetic(), after.Arithmetic())
	}
	// An unrecorded vote follows the setting.
	plain := Vote{Method: ShowOfHands, Ayes: 5, Recused: v.Recused}
	if d := s.ItemVerdict(mt, Deliberated, plain, nil); d.Base != 10 || d.Passed {
		t.Errorf("an unrecorded vote ignored the setting: %+v", d)
	}
}

// testDay is a meeting day under the 2025 text, for tests that do not turn on the date.
var testDay = NewDate(2026, time.March, 1)
