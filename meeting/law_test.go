package meeting

import (
	"fmt"
	"strings"
	"testing"
)

// TestRuleSetsByDate holds every rule of both statutes, and the local defaults, at n-1, n and
// n+1 of its quorum and of its passing count, on the last day of the 2018 text and the first of
// the 2025 text: the arithmetic is the same (the amendment kept the fractions), the article
// cited is the one in force on the meeting's day. The figures are written out by hand from the
// texts (LAW.md), not computed from the rules under test.
func TestRuleSetsByDate(t *testing.T) {
	before, after := NewDate(2025, 12, 31), NewDate(2026, 1, 1)
	for _, c := range []struct {
		body       Body
		households bool
		expected   int
		quorum     int // the smallest quorate attendance
		present    int // attendance for the passing test
		pass       int // the smallest passing count at that attendance
		cite2018   string
		cite2025   string
	}{
		// 村民代表会议: 三分之二以上的组成人员参加, 到会人员的过半数同意 (2018 art. 26, 2025 art. 30).
		{RepresentativeAssembly, false, 30, 20, 21, 11, "（2018）第二十六条", "（2025）第三十条"},
		// 村民会议: 过半数 of villagers 18+, or 三分之二以上 of households; 到会人员的过半数 (22 → 26).
		{VillagerAssembly, false, 860, 431, 500, 251, "（2018）第二十二条", "（2025）第二十六条"},
		{VillagerAssembly, true, 312, 208, 210, 106, "（2018）第二十二条", "（2025）第二十六条"},
		// 党员大会: 半数以上 present; 超过应到会 members' half (支部工作条例 art. 11, both sets).
		{PartyAssembly, false, 19, 10, 12, 10, "第十一条", "第十一条"},
		{PartyRepAssembly, false, 25, 13, 15, 13, "第十一条", "第十一条"},
		// 支委会 and the two committees: the local default, more than half present and voting.
		{BranchCommittee, false, 5, 3, 4, 3, BasisLocal, BasisLocal},
		{TwoCommittees, false, 8, 5, 6, 4, BasisLocal, BasisLocal},
	} {
		s := Defaults()
		s.AssemblyByHousehold = c.households
		for _, day := range []Date{before, after} {
			cite := c.cite2018
			if day == after {
				cite = c.cite2025
			}
			name := string(c.body) + map[bool]string{true: "/households"}[c.households] + " " + day.String()
			for _, present := range []int{c.quorum - 1, c.quorum, c.quorum + 1} {
				d := s.Verdict(c.body, day, attend(c.expected, present), Vote{Method: ShowOfHands, Ayes: present}, nil)
				if d.Quorate != (present >= c.quorum) {
					t.Errorf("%s: %d of %d present: quorate %v", name, present, c.expected, d.Quorate)
				}
			}
			for _, ayes := range []int{c.pass - 1, c.pass, c.pass + 1} {
				d := s.Verdict(c.body, day, attend(c.expected, c.present), Vote{Method: ShowOfHands, Ayes: ayes}, nil)
				if d.Passed != (ayes >= c.pass) {
					t.Errorf("%s: %d ayes of %d present: passed %v (%s)", name, ayes, c.present, d.Passed, d.Arithmetic())
				}
				if !strings.Contains(d.Basis(), cite) {
					t.Errorf("%s: basis %q does not cite %s", name, d.Basis(), cite)
				}
			}
		}
	}
}

// TestFiguresByDate: each figure's statutory floor and basis either side of 2026-01-01, at n-1,
// n and n+1 of the floor: below it is a shortfall, refused on entry; at it and above it is not.
func TestFiguresByDate(t *testing.T) {
	before, after := NewDate(2025, 12, 31), NewDate(2026, 1, 1)
	for _, c := range []struct {
		key   string
		day   Date
		floor int
		cite  string
	}{
		{FigPostingDays, after, 15, "（2025）第三十五条"},
		{FigAssemblyNotice, before, 10, "（2018）第二十一条"},
		{FigAssemblyNotice, after, 10, "（2025）第二十五条"},
		{FigRepsPerQuarter, before, 1, "（2018）第二十六条"},
		{FigRepsPerQuarter, after, 1, "（2025）第三十条"},
		{FigAssembliesPerYear, after, 1, "（2025）第二十五条"},
	} {
		for _, n := range []int{c.floor - 1, c.floor, c.floor + 1} {
			s := Defaults()
			s.SetFigure(c.key, n)
			f := s.Figure(c.key, c.day)
			if f.Minimum != c.floor || !strings.Contains(f.MinimumBasis, c.cite) || f.Value != max(n, c.floor) || f.Below != (n < c.floor) {
				t.Errorf("%s = %d on %s: %+v", c.key, n, c.day, f)
			}
			if err := s.ValidateOn(c.day); (err != nil) != (n < c.floor) || err != nil && !strings.Contains(err.Error(), c.cite) {
				t.Errorf("%s = %d on %s: ValidateOn %v", c.key, n, c.day, err)
			}
		}
	}
	// What the 2018 text did not fix has no floor before 2026: a 7-day posting period, no yearly
	// 村民会议.
	s := Defaults()
	s.MinPostingDays, s.AssembliesPerYear = 7, 0
	if short := s.Shortfalls(before); len(short) != 0 {
		t.Errorf("shortfalls under the 2018 text: %+v", short)
	}
	if short := s.Shortfalls(after); len(short) != 2 {
		t.Errorf("shortfalls under the 2025 text: %+v", short)
	}
	// A rule weaker than the statute's is a shortfall too, and is not applied.
	weak := DefaultRuleOn(RepresentativeAssembly, Persons, after)
	weak.Quorum, weak.Basis = MoreThanHalf, BasisLocal
	s = Defaults()
	s.Rules = []Rule{weak}
	if short := s.Shortfalls(after); len(short) != 1 || !strings.Contains(short[0].Text(), "第三十条") {
		t.Errorf("a 代表会议 quorum under 2/3: %+v", short)
	}
	if r := s.RuleOn(RepresentativeAssembly, after); r.Quorum != TwoThirdsOrMore {
		t.Errorf("a weaker rule was applied: %+v", r)
	}
}

// TestPresets: every preset named by the issue is there; none lowers a statutory minimum, and
// each figure it sets shows its source.
func TestPresets(t *testing.T) {
	day := NewDate(2026, 3, 1)
	for _, key := range []string{"national", "hainan-2025", "shandong", "zhejiang", "chongqing", "sichuan"} {
		p, ok := PresetOf(key)
		if !ok {
			t.Errorf("no preset %s", key)
			continue
		}
		s := Defaults()
		s.MinPostingDays = 7
		s = p.Apply(s, day)
		if short := s.Shortfalls(day); len(short) != 0 {
			t.Errorf("%s leaves shortfalls: %+v", key, short)
		}
		if len(p.Sources()) == 0 {
			t.Errorf("%s has no sources", key)
		}
		for _, f := range s.Figures(day) {
			if _, set := p.figures[f.Key]; set && !strings.HasPrefix(f.Basis, p.Label) && f.Basis != f.MinimumBasis {
				t.Errorf("%s: %s shows %q, not the preset's source", key, f.Key, f.Basis)
			}
		}
	}
	sd, _ := PresetOf("shandong")
	if s := sd.Apply(Defaults(), day); s.RepNoticeDays != 5 || s.MinPostingDays != 15 {
		t.Errorf("山东: %+v", s)
	}
}

// TestLegacyRulesForSealedVotes: a vote sealed before the settings moved to the dated model,
// and that recorded no rule, keeps the rule the village had stored (and its 2018 citation);
// a draft, or a meeting sealed after, gets the set in force on its date.
func TestLegacyRulesForSealedVotes(t *testing.T) {
	old := DefaultRuleOn(RepresentativeAssembly, Persons, NewDate(2025, 6, 1))
	s := Defaults()
	moved := NewDate(2026, 12, 1).Time()
	s.Legacy = &LegacyRules{Rules: []Rule{old}, Before: moved}
	mt := formal(1, RepresentativeAssembly, NewDate(2026, 9, 29), 30, 25, 21)
	mt.Status, mt.SealedAt = Final, mt.Start.Add(2*60*60*1e9)
	if d := s.ItemVerdict(mt, Resolved, *mt.Items[0].Vote, nil); d.Rule.Basis != BasisRepresentatives {
		t.Errorf("sealed before the move: %s", d.Basis())
	}
	mt.SealedAt = moved.Add(1)
	if d := s.ItemVerdict(mt, Resolved, *mt.Items[0].Vote, nil); !strings.Contains(d.Rule.Basis, "（2025）第三十条") {
		t.Errorf("sealed after the move: %s", d.Basis())
	}
	mt.Status = Draft
	if d := s.ItemVerdict(mt, Resolved, *mt.Items[0].Vote, nil); !strings.Contains(d.Rule.Basis, "（2025）第三十条") {
		t.Errorf("a draft: %s", d.Basis())
	}
}

// TestExplanationsMatchArithmetic: a matter's own threshold is cited with its own basis, never
// the body's article; recused members out of the base are said, and (by default) those left
// must form a quorum themselves; a vote pinned before these explanations keeps its old words.
func TestExplanationsMatchArithmetic(t *testing.T) {
	day := NewDate(2026, 9, 29)
	mt := formal(1, RepresentativeAssembly, day, 30, 25, 17)
	x := &Matter{ID: 1, Title: "土地承包方案调整", Threshold: &TwoThirdsOrMore, ThresholdBasis: "村规民约第十二条"}
	s := Defaults()
	v := s.Pin(*mt.Items[0].Vote, mt, Resolved, x)
	d := s.ItemVerdict(mt, Resolved, v, x)
	if b := d.Basis(); !strings.Contains(b, "依据：村规民约第十二条") || !strings.Contains(b, "赞成票须达到到会人数的三分之二以上，依据：村规民约") ||
		strings.Contains(b, "赞成票须达到到会人数的三分之二以上。依据：《村民委员会组织法》") {
		t.Errorf("the matter's threshold is not cited with its own basis: %s", b)
	}
	if !d.Passed || d.PassMin != 17 {
		t.Errorf("17 of 25 against two thirds: %s", d.Arithmetic())
	}
	// The matter's basis changed after the vote: the pinned vote keeps the one it had.
	x.ThresholdBasis = "别的依据"
	if b := s.ItemVerdict(mt, Resolved, v, x).Basis(); !strings.Contains(b, "村规民约第十二条") {
		t.Errorf("a pinned vote took the matter's new basis: %s", b)
	}
	// A vote pinned before (Wording 0) reads as it was exported.
	old := v
	old.Wording, old.ThresholdBasis = 0, ""
	if b := s.ItemVerdict(mt, Resolved, old, x).Basis(); b != "村民代表会议：到会须达到应到人数的三分之二以上，赞成票须达到到会人数的三分之二以上。依据：《村民委员会组织法》（2025）第三十条" {
		t.Errorf("an older vote's words changed: %s", b)
	}

	// Recused members out of the base: 30 expected, 22 present, 4 recused. The quorum of those
	// left is two thirds of 26 = 18: 18 voting is quorate, 17 is not.
	s.RecusedLeaveBase = true
	recused := []Absence{{Who: Ref{Name: "甲"}}, {Who: Ref{Name: "乙"}}, {Who: Ref{Name: "丙"}}, {Who: Ref{Name: "丁"}}}
	for _, c := range []struct {
		present int
		quorate bool
	}{{21, false}, {22, true}, {23, true}} {
		m := formal(2, RepresentativeAssembly, day, 30, c.present, 10)
		vote := *m.Items[0].Vote
		vote.Recused = recused
		vote = s.Pin(vote, m, Resolved, nil)
		d := s.ItemVerdict(m, Resolved, vote, nil)
		if d.Quorate != c.quorate || d.QuorumMin != 18 {
			t.Errorf("%d present, 4 recused: quorate %v (min %d): %s", c.present, d.Quorate, d.QuorumMin, d.Arithmetic())
		}
		if b := d.Basis(); !strings.Contains(b, "回避的 4 人不计入表决基数") || !strings.Contains(b, "须自行达到法定人数") {
			t.Errorf("the basis does not say the recused left the base: %s", b)
		}
		if a := d.Arithmetic(); !strings.Contains(a, fmt.Sprintf("参加表决 %d 人（须不少于 18", c.present-4)) {
			t.Errorf("arithmetic: %s", a)
		}
	}
	// The setting off: the quorum is of the whole attendance again.
	s.RecusedQuorumOff = true
	m := formal(2, RepresentativeAssembly, day, 30, 21, 10)
	vote := *m.Items[0].Vote
	vote.Recused = recused
	if d := s.ItemVerdict(m, Resolved, s.Pin(vote, m, Resolved, nil), nil); !d.Quorate || d.QuorumMin != 20 ||
		strings.Contains(d.Basis(), "须自行达到法定人数") {
		t.Errorf("with the quorum of those left off: %s %s", d.Arithmetic(), d.Basis())
	}
}

// TestLegacyVotesAsSealed: after the move to the dated model, a vote sealed before it without a
// rule of its own is held as the older model held it: the matter's stricter threshold at its
// deciding step still applies; a body the village had stored no rule for gets the older
// default with its 2018 basis; the quorum of those left after recusals is not asked of it.
func TestLegacyVotesAsSealed(t *testing.T) {
	old := Settings{MinPostingDays: 7, PostWithinDays: 7, ResultWithinDays: 30, RecusedLeaveBase: true,
		Rules: []Rule{{Body: PartyAssembly, Quorum: HalfOrMore, Pass: MoreThanHalf, PassOf: OfExpected, Basis: BasisPartyAssembly}}}
	moved := NewDate(2026, 12, 1).Time()
	s := UpgradeSettings(old, moved)
	mt := formal(1, RepresentativeAssembly, NewDate(2025, 11, 20), 30, 25, 14)
	mt.Status, mt.SealedAt = Final, mt.Start.Add(3*60*60*1e9)
	x := &Matter{ID: 1, Threshold: &TwoThirdsOrMore}
	if d := s.ItemVerdict(mt, Resolved, *mt.Items[0].Vote, x); d.Passed || d.Stricter == nil || d.Rule.Basis != BasisRepresentatives {
		t.Errorf("a sealed legacy vote lost the matter's threshold or its basis: %s %s", d.Arithmetic(), d.Basis())
	}
	mt = formal(2, RepresentativeAssembly, NewDate(2025, 11, 20), 30, 20, 15)
	mt.Status, mt.SealedAt = Final, mt.Start.Add(3*60*60*1e9)
	v := *mt.Items[0].Vote
	v.Recused = []Absence{{Who: Ref{Name: "甲"}}, {Who: Ref{Name: "乙"}}}
	if d := s.ItemVerdict(mt, Resolved, v, nil); !d.Quorate || !d.Passed || strings.Contains(d.Arithmetic(), "参加表决") {
		t.Errorf("a sealed legacy vote with recusals: %s", d.Arithmetic())
	}
}

// TestNewVillageEarlierDays: a village created now holds meetings entered from before 2026 to
// the figures of their day: 7 posting days by the old common practice, no yearly 村民会议.
func TestNewVillageEarlierDays(t *testing.T) {
	s := Defaults()
	if n := s.Value(FigPostingDays, NewDate(2025, 6, 1)); n != 7 {
		t.Errorf("posting days in 2025: %d", n)
	}
	if n := s.Value(FigAssembliesPerYear, NewDate(2025, 6, 1)); n != 0 {
		t.Errorf("assemblies a year in 2025: %d", n)
	}
	if n := s.Value(FigPostingDays, Law2025From); n != 15 {
		t.Errorf("posting days from 2026: %d", n)
	}
}
