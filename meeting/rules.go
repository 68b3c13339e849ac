package meeting

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Cmp is how a count is held against a fraction of a total.
type Cmp string

const (
	MoreThan Cmp = "gt"  // 超过 (过半数: more than half)
	AtLeast  Cmp = "gte" // 不少于 (…以上: the fraction itself counts)
)

// Threshold is a fraction of a total that a count must pass or reach: "> 1/2", "≥ 2/3".
type Threshold struct {
	Cmp Cmp `json:"cmp"`
	Num int `json:"num"`
	Den int `json:"den"`
}

// Common thresholds.
var (
	MoreThanHalf    = Threshold{MoreThan, 1, 2}
	HalfOrMore      = Threshold{AtLeast, 1, 2}
	TwoThirdsOrMore = Threshold{AtLeast, 2, 3}
)

// Min returns the smallest whole count k that meets t out of n: "> 1/2 of 20" is 11, "≥ 2/3 of
// 30" is 20. Integer arithmetic only.
func (t Threshold) Min(n int) int {
	if t.Den <= 0 || n < 0 {
		return 0
	}
	if t.Cmp == MoreThan {
		return n*t.Num/t.Den + 1
	}
	return (n*t.Num + t.Den - 1) / t.Den
}

// Met reports whether k meets t out of n.
func (t Threshold) Met(k, n int) bool { return k >= t.Min(n) }

// Stricter reports whether t demands at least as much as u for every total, and more for some.
func (t Threshold) Stricter(u Threshold) bool {
	// Compare num/den, with AtLeast counting as weaker than MoreThan at the same fraction.
	l, r := t.Num*u.Den, u.Num*t.Den
	if l != r {
		return l > r
	}
	return t.Cmp == MoreThan && u.Cmp == AtLeast
}

// Bound writes n·Num/Den as a decimal, to two places where it is not whole: 10.5, 20, 20.67.
func (t Threshold) Bound(n int) string {
	if t.Den <= 0 {
		return "?"
	}
	p := n * t.Num
	whole, rest := p/t.Den, p%t.Den
	if rest == 0 {
		return strconv.Itoa(whole)
	}
	hundredths := (rest*200 + t.Den) / (2 * t.Den) // rounded half up
	if hundredths == 100 {
		return strconv.Itoa(whole + 1)
	}
	s := fmt.Sprintf("%d.%02d", whole, hundredths)
	return strings.TrimRight(s, "0")
}

// Valid reports whether t is a usable fraction between 0 and 1.
func (t Threshold) Valid() bool {
	return (t.Cmp == MoreThan || t.Cmp == AtLeast) && t.Den > 0 && t.Num > 0 && t.Num <= t.Den
}

var chineseDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

func chineseFraction(num, den int) string {
	if num*2 == den {
		return "半数"
	}
	if den <= 10 && num <= 10 {
		return chineseDigits[den] + "分之" + chineseDigits[num]
	}
	return fmt.Sprintf("%d/%d", num, den)
}

// String writes t as the law does: 过半数, 半数以上, 三分之二以上, 超过五分之三.
func (t Threshold) String() string {
	f := chineseFraction(t.Num, t.Den)
	if t.Cmp == MoreThan {
		if f == "半数" {
			return "过半数"
		}
		return "超过" + f
	}
	return f + "以上"
}

// Unit is what a body's attendance counts: persons, or households.
type Unit string

const (
	Persons    Unit = ""
	Households Unit = "households"
)

func (u Unit) word() string {
	if u == Households {
		return "户"
	}
	return "人"
}

// Base is the total a passing count is held against.
type Base string

const (
	OfPresent  Base = "present"  // 到会人员
	OfExpected Base = "expected" // 应到会人员
)

func (b Base) label() string {
	if b == OfExpected {
		return "应到会人数"
	}
	return "到会人数"
}

// Rule is one body's quorum and passing rule, with its basis.
type Rule struct {
	Body   Body      `json:"body"`
	Unit   Unit      `json:"unit,omitempty"`
	Quorum Threshold `json:"quorum"` // of those expected
	Pass   Threshold `json:"pass"`
	PassOf Base      `json:"pass_of"`
	Basis  string    `json:"basis"`
	// RecusedOut takes recused members out of the base, as the village's RecusedLeaveBase
	// setting says: Settings.Rule fills it in, so a vote that records its rule keeps it.
	RecusedOut bool `json:"recused_out,omitempty"`
	// RecusedQuorum, with RecusedOut, asks those left to vote to form a quorum themselves: the
	// attendance less the recused against the quorum of the expected less the recused (the
	// village's RecusedQuorumOff setting turns it off).
	RecusedQuorum bool `json:"recused_quorum,omitempty"`
}

// WordingCurrent is the version of the verdicts' explanations this program writes (Vote.Wording).
const WordingCurrent = 1

// Describe writes the rule in words: 到会须达到应到人数的三分之二以上，赞成票须超过到会人数的半数.
func (r Rule) Describe() string { return r.describe(r.Pass) }

func (r Rule) describe(pass Threshold) string {
	return fmt.Sprintf("到会%s应到%s数的%s，赞成票%s%s的%s", mustWord(r.Quorum), r.Unit.word(),
		fractionText(r.Quorum), mustWord(pass), r.PassOf.label(), fractionText(pass))
}

// localRules are the program's default rules of the bodies whose rule is local practice, or
// stricter than the party rules by local practice: the branch committee (≥ 1/2 by 第十二条; most
// county rules ask more than half) and the two committees' joint meeting (no statute).
func localRules() []Rule {
	return []Rule{
		{Body: BranchCommittee, Quorum: MoreThanHalf, Pass: MoreThanHalf, PassOf: OfPresent, Basis: BasisLocal},
		{Body: TwoCommittees, Quorum: MoreThanHalf, Pass: MoreThanHalf, PassOf: OfPresent, Basis: BasisLocal},
	}
}

// DefaultRuleOn is the rule body b counted in unit u gets on day d when the village sets none:
// the local default where there is one, else the statute's minimum in force that day.
func DefaultRuleOn(b Body, u Unit, d Date) Rule {
	for _, r := range localRules() {
		if r.Body == b && r.Unit == u {
			return r
		}
	}
	if r, ok := StatuteOn(d).Minimum(b, u); ok {
		return r
	}
	return Rule{Body: b, Unit: u, Quorum: MoreThanHalf, Pass: MoreThanHalf, PassOf: OfPresent, Basis: BasisLocal}
}

// SettingsVersion is the version of the settings model this program writes. Version 0 is the
// model before the dated rule sets (every rule stored with its 2018 basis, a 7-day posting period
// and none of the notice and frequency figures); UpgradeSettings turns it into the current one.
const SettingsVersion = 1

// Settings are a village's rules and choices. Every number that looks legal is here, with its
// default and basis (see DefaultsOn and Figures); none may be weaker than the statute in force
// (ValidateOn), and where an archive holds one from before, the statute's figure applies.
type Settings struct {
	// Version is the settings model (SettingsVersion); 0 for settings written before it.
	Version int `json:"version,omitempty"`
	// Rules are the village's own rules, where they differ from the default (DefaultRuleOn).
	Rules []Rule `json:"rules"`
	// AssemblyByHousehold counts a villagers' meeting by household representatives (≥ 2/3 of
	// households) instead of adults (> 1/2 of villagers aged 18+).
	AssemblyByHousehold bool `json:"assembly_by_household,omitempty"`
	// MergeFirstSteps lets one meeting of the two committees take steps 1 and 2 together, where
	// one person is both party secretary and committee director (一肩挑).
	MergeFirstSteps bool `json:"merge_first_steps,omitempty"`
	// PartyRepAssembly lets a 党员代表会议 take step 3 in place of the 党员大会.
	PartyRepAssembly bool `json:"party_rep_assembly,omitempty"`
	// RecusedLeaveBase takes recused members out of the total a passing count is held against.
	RecusedLeaveBase bool `json:"recused_leave_base,omitempty"`
	// RecusedQuorumOff, when recused members leave the base, no longer asks those left to vote
	// to form a quorum themselves (asked by default).
	RecusedQuorumOff bool `json:"recused_quorum_off,omitempty"`
	// Preset is the province's preset the village took its figures from ("" none), see Presets.
	Preset string `json:"preset,omitempty"`
	// MinPostingDays is the shortest posting period of a notice, in days, both ends counted.
	MinPostingDays int `json:"min_posting_days"`
	// PostWithinDays is how many days after the resolution its notice must be posted.
	PostWithinDays int `json:"post_within_days"`
	// ResultWithinDays is how many days after completion the result must be disclosed.
	ResultWithinDays int `json:"result_within_days"`
	// AssemblyNoticeDays and RepNoticeDays are how many days ahead villagers are told of a
	// 村民会议 and representatives of a 村民代表会议.
	AssemblyNoticeDays int `json:"assembly_notice_days"`
	RepNoticeDays      int `json:"rep_notice_days"`
	// RepsPerQuarter, AssembliesPerYear and PartyPerQuarter are how often the 村民代表会议, the
	// 村民会议 and the 党员大会 meet at least; 0 checks nothing.
	RepsPerQuarter    int `json:"reps_per_quarter"`
	AssembliesPerYear int `json:"assemblies_per_year"`
	PartyPerQuarter   int `json:"party_assemblies_per_quarter"`
	// ObjectionContact says how villagers raise objections to a notice.
	ObjectionContact string `json:"objection_contact,omitempty"`
	// Earlier are the values figures had before the village changed them (Settings.Record):
	// a posting of 2025 is held against the period the village set then, not the one it set on
	// raising it to the 2025 text's.
	Earlier []EarlierFigure `json:"earlier,omitempty"`
	// Legacy are the rules the village had stored before the dated rule sets (UpgradeSettings):
	// a vote sealed before then that did not record its rule is still held against them, so that
	// its minutes read as they were sealed.
	Legacy *LegacyRules `json:"legacy,omitempty"`
}

// LegacyRules are the rules of an older settings model, for the votes sealed under it.
type LegacyRules struct {
	Rules []Rule `json:"rules"`
	// Before is when the settings were moved to the new model: meetings sealed before it keep
	// these rules for their votes that recorded none.
	Before time.Time `json:"before"`
}

// EarlierFigure is the value figure Key had up to and including day Until.
type EarlierFigure struct {
	Key   string `json:"key"`
	Until Date   `json:"until"`
	Value int    `json:"value"`
}

// DefaultsOn are the settings of a village created on day d: the statute's figures in force that
// day, or the program's where the statute sets none.
func DefaultsOn(d Date) Settings {
	s := Settings{Version: SettingsVersion, MinPostingDays: 15, PostWithinDays: 7, ResultWithinDays: 30,
		AssemblyNoticeDays: 10, RepNoticeDays: 3, RepsPerQuarter: 1, AssembliesPerYear: 1, PartyPerQuarter: 1}
	if StatuteOn(d).Key == "2018" {
		s.MinPostingDays, s.AssembliesPerYear = 7, 0
	}
	return s
}

// Defaults are the settings of a new village: those of the newest statute, with the figures the
// older text asked (a 7-day posting period by common practice, no yearly 村民会议) kept for the
// days before it, so that meetings entered from before are held to the law of their day.
func Defaults() Settings {
	from := statutes[len(statutes)-1].From
	return DefaultsOn(from).Record(DefaultsOn(from.AddDays(-1)), from)
}

// UpgradeSettings turns settings of an older model into the current one, at time at: the rules
// it had are kept as Legacy for the votes sealed before at that recorded none; rules
// stored only because they were the defaults (the 2018 ones, with their 2018 bases) are dropped,
// so that the rule set in force on each meeting's date applies; the new figures get their
// defaults. A figure the village had, even one now below the statute (the old 7-day posting
// period), is kept as it was: Shortfalls flags it and the village chooses to raise it.
func UpgradeSettings(s Settings, at time.Time) Settings {
	if s.Version >= SettingsVersion {
		return s
	}
	s.Legacy = &LegacyRules{Rules: slices.Clone(s.Rules), Before: at}
	old := oldDefaultRules()
	var rules []Rule
	for _, r := range s.Rules {
		if !slices.ContainsFunc(old, func(o Rule) bool {
			return o.Body == r.Body && o.Unit == r.Unit && sameNumbers(o, r)
		}) {
			rules = append(rules, r)
		}
	}
	s.Rules = rules
	// The new figures take the defaults; where the 2018 text asked less (no yearly 村民会议),
	// the days before 2026 keep what it asked.
	before := DefaultsOn(Law2025From.AddDays(-1))
	before.MinPostingDays, before.PostWithinDays, before.ResultWithinDays = s.MinPostingDays, s.PostWithinDays, s.ResultWithinDays
	def := Defaults()
	s.AssemblyNoticeDays, s.RepNoticeDays = def.AssemblyNoticeDays, def.RepNoticeDays
	s.RepsPerQuarter, s.AssembliesPerYear, s.PartyPerQuarter = def.RepsPerQuarter, def.AssembliesPerYear, def.PartyPerQuarter
	before.MinPostingDays, before.PostWithinDays, before.ResultWithinDays = s.MinPostingDays, s.PostWithinDays, s.ResultWithinDays
	s = s.Record(before, Law2025From)
	s.Version = SettingsVersion
	return s
}

// oldDefaultRules are the default rules of the settings model before the dated rule sets, with
// their bases word for word: a vote sealed under it was explained with them.
func oldDefaultRules() []Rule {
	return []Rule{
		{Body: BranchCommittee, Quorum: MoreThanHalf, Pass: MoreThanHalf, PassOf: OfPresent, Basis: BasisLocal},
		{Body: TwoCommittees, Quorum: MoreThanHalf, Pass: MoreThanHalf, PassOf: OfPresent, Basis: BasisLocal},
		{Body: PartyAssembly, Quorum: HalfOrMore, Pass: MoreThanHalf, PassOf: OfExpected, Basis: BasisPartyAssembly},
		{Body: PartyRepAssembly, Quorum: HalfOrMore, Pass: MoreThanHalf, PassOf: OfExpected, Basis: BasisPartyRep},
		{Body: RepresentativeAssembly, Quorum: TwoThirdsOrMore, Pass: MoreThanHalf, PassOf: OfPresent, Basis: BasisRepresentatives},
		{Body: VillagerAssembly, Quorum: MoreThanHalf, Pass: MoreThanHalf, PassOf: OfPresent, Basis: BasisVillagerAssembly},
		{Body: VillagerAssembly, Unit: Households, Quorum: TwoThirdsOrMore, Pass: MoreThanHalf, PassOf: OfPresent, Basis: BasisVillagerAssembly},
	}
}

// sameNumbers reports whether two rules ask the same: quorum, passing threshold and its base.
func sameNumbers(a, b Rule) bool {
	return a.Quorum == b.Quorum && a.Pass == b.Pass && a.PassOf == b.PassOf
}

// SettingBases says where each yes-or-no setting's default comes from, by JSON name.
var SettingBases = map[string]string{
	"assembly_by_household": "《村民委员会组织法》第二十二条（2018）、第二十六条（2025）：过半数成年村民，或三分之二以上户的代表",
	"merge_first_steps":     "一肩挑的村可将提议、商议合并召开（地方规程，默认关闭）",
	"party_rep_assembly":    "党员人数较多的支部可由党员代表会议审议（地方规程，默认关闭）",
	"recused_leave_base":    "回避人员是否从表决基数中扣除（本村设定，默认不扣除）",
	"recused_quorum_off":    "回避人员从基数中扣除时，其余参加表决的人员是否仍须自行达到法定人数（本村设定，默认须达到）",
}

// unitOf is how the village counts a meeting of body b.
func (s Settings) unitOf(b Body) Unit {
	if b == VillagerAssembly && s.AssemblyByHousehold {
		return Households
	}
	return Persons
}

// RuleOn returns the village's rule for body b at a meeting on day d: its own where it has one
// and it is not weaker than the statute in force that day, else the default (DefaultRuleOn). A
// rule of its own weaker than the statute (an archive may hold one from before) is not applied:
// Shortfalls reports it.
func (s Settings) RuleOn(b Body, d Date) Rule {
	u := s.unitOf(b)
	r := DefaultRuleOn(b, u, d)
	if own, ok := s.OwnRule(b, u); ok {
		if min, has := StatuteOn(d).Minimum(b, u); !has || own.NotWeaker(min) {
			r = own
		}
	}
	r.RecusedOut = s.RecusedLeaveBase
	r.RecusedQuorum = s.RecusedLeaveBase && !s.RecusedQuorumOff
	return r
}

// OwnRule returns the village's own rule for body b counted in unit u, if it set one.
func (s Settings) OwnRule(b Body, u Unit) (Rule, bool) {
	for _, r := range s.Rules {
		if r.Body == b && r.Unit == u {
			return r, true
		}
	}
	return Rule{}, false
}

// Verdict is a vote held against its rule, with the arithmetic shown.
type Verdict struct {
	Rule      Rule       `json:"rule"`
	Stricter  *Threshold `json:"stricter,omitempty"` // a matter's own passing threshold, when applied
	Expected  int        `json:"expected"`
	Present   int        `json:"present"`
	QuorumMin int        `json:"quorum_min"`
	Quorate   bool       `json:"quorate"`
	Ayes      int        `json:"ayes"`
	Noes      int        `json:"noes"`
	Abstained int        `json:"abstentions"`
	Recused   int        `json:"recused"`
	Base      int        `json:"base"` // the total the ayes are held against
	PassMin   int        `json:"pass_min"`
	Passed    bool       `json:"passed"`
	// StricterBasis is where the matter's stricter threshold comes from.
	StricterBasis string `json:"stricter_basis,omitempty"`
	// Wording is the version of the explanation (Vote.Wording) Basis and Arithmetic write.
	Wording int `json:"wording,omitempty"`
}

// Verdict holds a vote taken at a meeting of body b on day on against its rule, with the counts of the
// attendance when the vote was taken (Vote.Counts). The rule is the one the vote recorded when
// it was taken (Vote.Rule), or else the village's rule for b. A matter's stricter threshold,
// when given and stricter than the rule's, replaces the passing threshold.
func (s Settings) Verdict(b Body, on Date, a Attendance, v Vote, stricter *Threshold) Verdict {
	a = v.Counts(a)
	r := s.RuleOn(b, on)
	if v.Rule != nil {
		r = *v.Rule
	}
	d := Verdict{Rule: r, Expected: a.Expected, Present: a.Present, Ayes: v.Ayes, Noes: v.Noes,
		Abstained: v.Abstentions, Recused: len(v.Recused)}
	d.QuorumMin = r.Quorum.Min(a.Expected)
	d.Quorate = a.Expected > 0 && a.Present >= d.QuorumMin
	if r.RecusedOut && r.RecusedQuorum && d.Recused > 0 {
		// Those left to vote form a quorum of the expected less the recused by themselves.
		d.QuorumMin = r.Quorum.Min(a.Expected - d.Recused)
		d.Quorate = a.Expected > d.Recused && a.Present-d.Recused >= d.QuorumMin
	}
	pass := r.Pass
	if stricter != nil && stricter.Valid() && stricter.Stricter(pass) {
		pass = *stricter
		d.Stricter = stricter
	}
	d.Base = a.Present
	if r.PassOf == OfExpected {
		d.Base = a.Expected
	}
	if r.RecusedOut {
		d.Base -= d.Recused
	}
	d.PassMin = pass.Min(d.Base)
	d.Passed = d.Quorate && d.Ayes >= d.PassMin
	return d
}

// ItemVerdict holds vote v, taken at meeting mt on an item that moves matter x (nil when none) to
// step. A vote that recorded its rule (Vote.Rule) is held against that rule and the stricter
// threshold it recorded (Vote.Threshold, nil when none was applied), whatever the village's
// settings and the matter say now. Otherwise it is held against the village's rule, and a
// matter's stricter threshold applies at its deciding step (决议) only; the other steps keep their
// bodies' rules.
func (s Settings) ItemVerdict(mt Meeting, step Stage, v Vote, x *Matter) Verdict {
	if r, ok := s.legacyRule(mt, v); ok {
		// As the older model held it: the rule stored then, and the matter's stricter threshold
		// at its deciding step.
		v.Rule = &r
		if step == Resolved && x != nil {
			v.Threshold = x.Threshold
		}
	}
	if v.Rule != nil {
		d := s.Verdict(mt.Body, DateOf(mt.Start), mt.Attendance, v, v.Threshold)
		d.Wording = v.Wording
		if d.Stricter != nil {
			d.StricterBasis = v.ThresholdBasis
		}
		return d
	}
	var stricter *Threshold
	if step == Resolved && x != nil {
		stricter = x.Threshold
	}
	d := s.Verdict(mt.Body, DateOf(mt.Start), mt.Attendance, v, stricter)
	d.Wording = WordingCurrent
	if d.Stricter != nil {
		d.StricterBasis = x.ThresholdOwnBasis()
	}
	return d
}

// legacyRule is the rule a vote that recorded none is held against when its meeting was sealed
// under the older settings model: the body's rule as the village had stored it then.
func (s Settings) legacyRule(mt Meeting, v Vote) (Rule, bool) {
	if v.Rule != nil || s.Legacy == nil || mt.Status != Final || !mt.SealedAt.Before(s.Legacy.Before) {
		return Rule{}, false
	}
	u := s.unitOf(mt.Body)
	for _, rs := range [][]Rule{s.Legacy.Rules, oldDefaultRules()} {
		for _, r := range rs {
			if r.Body == mt.Body && r.Unit == u {
				r.RecusedOut, r.RecusedQuorum = s.RecusedLeaveBase, false
				return r, true
			}
		}
	}
	return Rule{}, false
}

// Pin records in vote v the rule it is held against now, as ItemVerdict applies it for a vote
// at meeting mt moving matter x (nil when none) to step: the body's rule with its basis, and the
// matter's stricter threshold when one applies. A vote keeps them, so that a later change of the
// village's rules does not change its verdict.
func (s Settings) Pin(v Vote, mt Meeting, step Stage, x *Matter) Vote {
	v.Rule, v.Threshold, v.ThresholdBasis = nil, nil, ""
	d := s.ItemVerdict(mt, step, v, x)
	r := d.Rule
	v.Rule = &r
	v.Wording = WordingCurrent
	if d.Stricter != nil {
		t := *d.Stricter
		v.Threshold = &t
		v.ThresholdBasis = d.StricterBasis
	}
	return v
}

func (d Verdict) pass() Threshold {
	if d.Stricter != nil {
		return *d.Stricter
	}
	return d.Rule.Pass
}

// Result is the verdict in one word: 通过, 未通过, or 不足法定人数.
func (d Verdict) Result() string {
	switch {
	case !d.Quorate:
		return "不足法定人数，表决无效"
	case d.Passed:
		return "通过"
	default:
		return "未通过"
	}
}

// Arithmetic writes the verdict with its sums, for screens and exports:
// 应到 30 人，实到 21 人（须不少于 20，有效）；赞成 12 票（须超过 10.5），通过.
func (d Verdict) Arithmetic() string {
	u := d.Rule.Unit.word()
	q := "有效"
	if !d.Quorate {
		q = "不足法定人数"
	}
	var b strings.Builder
	if d.Recused > 0 && d.Rule.RecusedOut && d.Rule.RecusedQuorum {
		fmt.Fprintf(&b, "应到 %d %s，实到 %d %s，回避 %d 人，参加表决 %d %s（须不少于 %d，%s）", d.Expected, u, d.Present, u,
			d.Recused, d.Present-d.Recused, u, d.QuorumMin, q)
	} else {
		fmt.Fprintf(&b, "应到 %d %s，实到 %d %s（须不少于 %d，%s）", d.Expected, u, d.Present, u, d.QuorumMin, q)
		if d.Recused > 0 {
			fmt.Fprintf(&b, "，回避 %d 人", d.Recused)
		}
	}
	p := d.pass()
	bound := p.Bound(d.Base)
	cmp := "须超过 " + bound
	if p.Cmp == AtLeast {
		cmp = "须不少于 " + bound
	}
	fmt.Fprintf(&b, "；赞成 %d 票（%s），%s", d.Ayes, cmp, d.Result())
	return b.String()
}

// Basis writes the rule applied and where it comes from. A matter's own stricter threshold is
// cited with its own basis, never the body's article; recused members taken out of the base are
// said. Votes taken before these explanations (Wording 0) keep the words they were exported
// with.
func (d Verdict) Basis() string {
	if d.Wording < WordingCurrent {
		return fmt.Sprintf("%s：%s。依据：%s", d.Rule.Body.Label(), d.Rule.describe(d.pass()), d.Rule.Basis)
	}
	text := fmt.Sprintf("%s：%s。依据：%s", d.Rule.Body.Label(), d.Rule.Describe(), d.Rule.Basis)
	if d.Stricter != nil {
		basis := d.StricterBasis
		if basis == "" {
			basis = "本事项设定"
		}
		text += fmt.Sprintf("。本事项的通过比例更严：赞成票%s%s的%s，依据：%s", mustWord(*d.Stricter), d.Rule.PassOf.label(),
			fractionText(*d.Stricter), basis)
	}
	if d.Rule.RecusedOut && d.Recused > 0 {
		text += fmt.Sprintf("。回避的 %d 人不计入表决基数（本村设定）", d.Recused)
		if d.Rule.RecusedQuorum {
			text += "，其余参加表决的人员须自行达到法定人数"
		}
	}
	return text
}

// Label is the total's Chinese name: 到会人数, 应到会人数.
func (b Base) Label() string { return b.label() }

// Of writes t held against a total named whole: 须达到到会人数的三分之二以上, 须超过到会人数的三分之二.
func (t Threshold) Of(whole string) string { return mustWord(t) + whole + "的" + fractionText(t) }

func mustWord(t Threshold) string {
	if t.Cmp == MoreThan {
		return "须超过"
	}
	return "须达到"
}

func fractionText(t Threshold) string {
	f := chineseFraction(t.Num, t.Den)
	if t.Cmp == AtLeast {
		return f + "以上"
	}
	return f
}

// Percent writes k out of n as a percentage with one decimal, rounded half up: 84.0%.
func Percent(k, n int) string {
	if n <= 0 {
		return "0%"
	}
	tenths := (k*2000 + n) / (2 * n)
	return fmt.Sprintf("%d.%d%%", tenths/10, tenths%10)
}
