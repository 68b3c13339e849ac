package meeting

import (
	"fmt"
	"slices"
	"time"
)

// The statutory rules as data. The Organic Law of Villagers' Committees was amended on
// 2025-10-28, in force from 2026-01-01, renumbering most articles (see LAW.md in the design
// notes): a verdict, a check or a notice applies, and cites, the text in force on the date of its
// own meeting or posting. The party rules (支部工作条例) did not change and are in both sets.

// Statute is one text of the law with the rules and figures it fixes.
type Statute struct {
	Key   string // stable English key: "2018", "2025"
	Title string // 《村民委员会组织法》（2018 年修正）
	From  Date   // first day in force; zero for the oldest set
	// rules are the statutory minimum rules of the bodies the statute or the party rules govern.
	rules []Rule
	// figures are the statutory floors of the figures in Figures, by key; a key absent has none.
	floors map[string]floor
	// Art names the articles the checks cite, by topic.
	Art Articles
}

// floor is a statutory minimum of a figure, with its basis.
type floor struct {
	min   int
	basis string
}

// Articles are the citations of one statute, by topic.
type Articles struct {
	AssemblyNotice   string // 村民会议 notice ahead
	AssemblyYearly   string // 村民会议 at least once a year ("" in 2018)
	RepQuarterly     string // 村民代表会议 each quarter
	PartyFirst       string // matters first discussed by the party organisation ("" in 2018)
	Disclosure       string // 村务公开
	Consultation     string // 协商 ("" in 2018)
	UrgentNoticeOK   bool   // a 村民会议 may be called at short notice in a special case
	PostingMinimum   string // basis of the posting period's floor
	VillagerAssembly string
	Representatives  string
}

// Bases of the party rules and local practice, the same under both statutes.
const (
	BasisPartyAssembly   = "《中国共产党支部工作条例（试行）》第十一条"
	BasisBranchCommittee = "《中国共产党支部工作条例（试行）》第十二条"
	BasisLocal           = "地方四议两公开工作规程（本村设定）"
	BasisPartyRep        = "参照党员大会（本村设定）"
	BasisVillageOwn      = "本村设定"
)

// Bases of the 2018 text, kept word for word: votes sealed under it cite them.
const (
	BasisVillagerAssembly = "《村民委员会组织法》（2018）第二十二条"
	BasisRepresentatives  = "《村民委员会组织法》（2018）第二十六条"
	BasisDisclosure       = "《村民委员会组织法》（2018）第三十条；公示期为本村设定"
)

// Law2025From is the day the 2025 amendment came into force.
var Law2025From = NewDate(2026, time.January, 1)

func lawRules(assembly, reps string) []Rule {
	return []Rule{
		{Body: BranchCommittee, Quorum: HalfOrMore, Pass: MoreThanHalf, PassOf: OfPresent, Basis: BasisBranchCommittee},
		{Body: PartyAssembly, Quorum: HalfOrMore, Pass: MoreThanHalf, PassOf: OfExpected, Basis: BasisPartyAssembly},
		{Body: PartyRepAssembly, Quorum: HalfOrMore, Pass: MoreThanHalf, PassOf: OfExpected, Basis: BasisPartyAssembly + "（参照）"},
		{Body: RepresentativeAssembly, Quorum: TwoThirdsOrMore, Pass: MoreThanHalf, PassOf: OfPresent, Basis: reps},
		{Body: VillagerAssembly, Quorum: MoreThanHalf, Pass: MoreThanHalf, PassOf: OfPresent, Basis: assembly},
		{Body: VillagerAssembly, Unit: Households, Quorum: TwoThirdsOrMore, Pass: MoreThanHalf, PassOf: OfPresent, Basis: assembly},
	}
}

// statutes are the texts in force, oldest first.
var statutes = []Statute{
	{
		Key: "2018", Title: "《村民委员会组织法》（2018 年修正）",
		rules: lawRules(BasisVillagerAssembly, BasisRepresentatives),
		floors: map[string]floor{
			FigAssemblyNotice: {10, "《村民委员会组织法》（2018）第二十一条：召开村民会议，应当提前十天通知村民"},
			FigRepsPerQuarter: {1, "《村民委员会组织法》（2018）第二十六条：村民代表会议每季度召开一次"},
		},
		Art: Articles{
			AssemblyNotice:   "《村民委员会组织法》（2018）第二十一条",
			RepQuarterly:     "《村民委员会组织法》（2018）第二十六条",
			Disclosure:       "《村民委员会组织法》（2018）第三十条",
			PostingMinimum:   "《村民委员会组织法》（2018）第三十条未规定公布期限",
			VillagerAssembly: BasisVillagerAssembly,
			Representatives:  BasisRepresentatives,
		},
	},
	{
		Key: "2025", Title: "《村民委员会组织法》（2025 年修订）", From: Law2025From,
		rules: lawRules("《村民委员会组织法》（2025）第二十六条", "《村民委员会组织法》（2025）第三十条"),
		floors: map[string]floor{
			FigAssemblyNotice:    {10, "《村民委员会组织法》（2025）第二十五条：召开村民会议，应当提前十天通知村民；遇有特殊情况的，可以临时通知村民"},
			FigAssembliesPerYear: {1, "《村民委员会组织法》（2025）第二十五条：村民会议每年至少召开一次"},
			FigRepsPerQuarter:    {1, "《村民委员会组织法》（2025）第三十条：村民代表会议每季度召开一次"},
			FigPostingDays:       {15, "《村民委员会组织法》（2025）第三十五条：公布的期限不得少于十五日"},
		},
		Art: Articles{
			AssemblyNotice:   "《村民委员会组织法》（2025）第二十五条",
			AssemblyYearly:   "《村民委员会组织法》（2025）第二十五条",
			RepQuarterly:     "《村民委员会组织法》（2025）第三十条",
			PartyFirst:       "《村民委员会组织法》（2025）第二十八条",
			Disclosure:       "《村民委员会组织法》（2025）第三十五条",
			Consultation:     "《村民委员会组织法》（2025）第三十三条",
			UrgentNoticeOK:   true,
			PostingMinimum:   "《村民委员会组织法》（2025）第三十五条",
			VillagerAssembly: "《村民委员会组织法》（2025）第二十六条",
			Representatives:  "《村民委员会组织法》（2025）第三十条",
		},
	},
}

// Statutes returns the texts the program knows, oldest first.
func Statutes() []Statute { return statutes }

// StatuteOn returns the text in force on day d. A zero day is taken as today's text is not
// known: it gets the newest.
func StatuteOn(d Date) Statute {
	if d.IsZero() {
		return statutes[len(statutes)-1]
	}
	s := statutes[0]
	for _, t := range statutes[1:] {
		if !d.Before(t.From) {
			s = t
		}
	}
	return s
}

// Minimum returns the statute's minimum rule for body b counted in unit u, and whether it has
// one (the two committees' joint meeting has none: its rule is local practice).
func (t Statute) Minimum(b Body, u Unit) (Rule, bool) {
	for _, r := range t.rules {
		if r.Body == b && r.Unit == u {
			return r, true
		}
	}
	return Rule{}, false
}

// Floor returns the statute's minimum of the figure key and its basis; 0 and "" when it sets
// none.
func (t Statute) Floor(key string) (int, string) {
	f := t.floors[key]
	return f.min, f.basis
}

// NotWeaker reports whether rule r demands at least what rule min does, for every count: its
// quorum is not lower, and its passing threshold is not lower against a total not smaller (the
// expected count is never below the present one).
func (r Rule) NotWeaker(min Rule) bool {
	atLeast := func(t, u Threshold) bool { return t == u || t.Stricter(u) }
	if !atLeast(r.Quorum, min.Quorum) || !atLeast(r.Pass, min.Pass) {
		return false
	}
	return r.PassOf == min.PassOf || r.PassOf == OfExpected
}

// The figures a village sets, by stable English key (the keys of `yishi rules --json`).
const (
	FigPostingDays       = "min_posting_days"
	FigPostWithin        = "post_within_days"
	FigResultWithin      = "result_within_days"
	FigAssemblyNotice    = "assembly_notice_days"
	FigRepNotice         = "rep_notice_days"
	FigRepsPerQuarter    = "reps_per_quarter"
	FigAssembliesPerYear = "assemblies_per_year"
	FigPartyPerQuarter   = "party_assemblies_per_quarter"
)

// Figure is one number the program applies for a village on a day: the village's own value,
// the statute's floor, and which of them is in force, each with its basis.
type Figure struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Unit  string `json:"unit"`
	// Set is the village's own value; Value is what applies: never below Minimum.
	Set          int    `json:"set"`
	Value        int    `json:"value"`
	Minimum      int    `json:"minimum"`
	MinimumBasis string `json:"minimum_basis,omitempty"`
	Default      int    `json:"default"`
	// Basis is where Value comes from: the statute when the village's value is below it, else
	// the village's setting (its preset or its own).
	Basis string `json:"basis"`
	// Below is set when the village's own value is below the statutory minimum: the archive
	// holds a setting the law does not allow (flagged by check and the settings screen).
	Below bool `json:"below_minimum,omitempty"`
	// Reminder marks a figure whose check reminds rather than finds a violation.
	Reminder bool `json:"reminder,omitempty"`
}

// figureSpec describes one figure: its label, unit, the field of Settings it lives in, the basis
// of its default.
type figureSpec struct {
	key, label, unit string
	get              func(Settings) int
	set              func(*Settings, int)
	basis            string // of the program's default
	reminder         bool
}

var figureSpecs = []figureSpec{
	{FigPostingDays, "公告公示期", "天", func(s Settings) int { return s.MinPostingDays },
		func(s *Settings, n int) { s.MinPostingDays = n },
		"许多县的规定为 7 天；2018 年法律未规定公布期限", false},
	{FigPostWithin, "决议公开时限（决议后几天内）", "天", func(s Settings) int { return s.PostWithinDays },
		func(s *Settings, n int) { s.PostWithinDays = n },
		"地方常见做法；重大事项应随时公布（2018 年第三十条，2025 年第三十五条）", false},
	{FigResultWithin, "结果公开时限（完成后几天内）", "天", func(s Settings) int { return s.ResultWithinDays },
		func(s *Settings, n int) { s.ResultWithinDays = n },
		"程序默认；一般事项至少每季度公布一次（2018 年第三十条，2025 年第三十五条）", false},
	{FigAssemblyNotice, "村民会议提前通知", "天", func(s Settings) int { return s.AssemblyNoticeDays },
		func(s *Settings, n int) { s.AssemblyNoticeDays = n },
		"法定提前十天通知村民", false},
	{FigRepNotice, "村民代表会议提前通知", "天", func(s Settings) int { return s.RepNoticeDays },
		func(s *Settings, n int) { s.RepNoticeDays = n },
		"地方规定：提前 3 天通知代表（浙江、重庆、北京、天津，海南 2025 年第十四条）", false},
	{FigRepsPerQuarter, "村民代表会议每季度至少", "次", func(s Settings) int { return s.RepsPerQuarter },
		func(s *Settings, n int) { s.RepsPerQuarter = n },
		"法定每季度召开一次", false},
	{FigAssembliesPerYear, "村民会议每年至少", "次", func(s Settings) int { return s.AssembliesPerYear },
		func(s *Settings, n int) { s.AssembliesPerYear = n },
		"2018 年法律未规定；2026 年起法定每年至少召开一次", false},
	{FigPartyPerQuarter, "党员大会每季度（提醒）", "次", func(s Settings) int { return s.PartyPerQuarter },
		func(s *Settings, n int) { s.PartyPerQuarter = n },
		BasisPartyAssembly + "：党员大会一般每季度召开 1 次（提醒，不算违规）", true},
}

// FigureKeys are the keys of the figures, in the order screens and `yishi rules` show them.
func FigureKeys() []string {
	out := make([]string, len(figureSpecs))
	for i, f := range figureSpecs {
		out[i] = f.key
	}
	return out
}

func specOf(key string) (figureSpec, bool) {
	for _, f := range figureSpecs {
		if f.key == key {
			return f, true
		}
	}
	return figureSpec{}, false
}

// Figures returns every figure the program applies for the village on day d, in FigureKeys
// order.
func (s Settings) Figures(d Date) []Figure {
	t := StatuteOn(d)
	def := DefaultsOn(d)
	out := make([]Figure, 0, len(figureSpecs))
	for _, sp := range figureSpecs {
		min, minBasis := t.Floor(sp.key)
		f := Figure{Key: sp.key, Label: sp.label, Unit: sp.unit, Set: s.setOn(sp, d), Minimum: min, MinimumBasis: minBasis,
			Default: sp.get(def), Reminder: sp.reminder}
		f.Value = max(f.Set, min)
		switch {
		case f.Set < min:
			f.Below = true
			f.Basis = minBasis
		case presetSets(s.Preset, sp.key, f.Set):
			p, _ := PresetOf(s.Preset)
			f.Basis = p.Label + "：" + p.figures[sp.key].source
		case f.Set == f.Default && min == f.Default && min > 0:
			f.Basis = minBasis
		case f.Set == f.Default:
			f.Basis = "默认值，" + sp.basis
		default:
			f.Basis = BasisVillageOwn
			if min > 0 {
				f.Basis += "（不低于" + minBasis + "）"
			}
		}
		out = append(out, f)
	}
	return out
}

// setOn is the village's own value of the figure on day d: the value it had then, when it has
// changed it since (Earlier), else its value now.
func (s Settings) setOn(sp figureSpec, d Date) int {
	best := -1
	for i, e := range s.Earlier {
		if e.Key == sp.key && !d.IsZero() && !d.After(e.Until) && (best < 0 || e.Until.Before(s.Earlier[best].Until)) {
			best = i
		}
	}
	if best >= 0 {
		return s.Earlier[best].Value
	}
	return sp.get(s)
}

// Record returns the settings now with, in Earlier, the value every figure changed since old had
// up to the day before on: what was held against the old value stays held against it.
func (s Settings) Record(old Settings, on Date) Settings {
	s.Earlier = slices.Clone(old.Earlier)
	for _, sp := range figureSpecs {
		if was := sp.get(old); was != sp.get(s) {
			s.Earlier = append(s.Earlier, EarlierFigure{Key: sp.key, Until: on.AddDays(-1), Value: was})
		}
	}
	return s
}

// Cite is the basis a finding or a refusal cites for the figure: the statute's when the figure
// applied is the statutory minimum, else where the village's figure comes from.
func (f Figure) Cite() string {
	if f.Minimum > 0 && f.Value == f.Minimum {
		return f.MinimumBasis
	}
	return f.Basis
}

// Figure returns the figure key for the village on day d.
func (s Settings) Figure(key string, d Date) Figure {
	for _, f := range s.Figures(d) {
		if f.Key == key {
			return f
		}
	}
	return Figure{Key: key}
}

// Value is the figure key in force for the village on day d: its own, or the statute's floor
// when its own is below it.
func (s Settings) Value(key string, d Date) int { return s.Figure(key, d).Value }

// Shortfall is a village setting below the statute in force on a day: a figure or a rule.
type Shortfall struct {
	Key   string `json:"key"` // a figure's key, or "rule:<body>[:households]"
	Label string `json:"label"`
	Set   string `json:"set"`
	Law   string `json:"law"`
	Basis string `json:"basis"`
}

// Text says what is wrong in one line: 「公告公示期」本村设定 7 天，低于法定的 15 天（…第三十五条…）.
func (f Shortfall) Text() string {
	return fmt.Sprintf("「%s」本村设定%s，低于法定的%s（%s）", f.Label, f.Set, f.Law, f.Basis)
}

func ruleKey(b Body, u Unit) string {
	if u == Households {
		return "rule:" + string(b) + ":households"
	}
	return "rule:" + string(b)
}

// ruleLabel names a body's rule: 村民会议（按户计）.
func ruleLabel(b Body, u Unit) string {
	if u == Households {
		return b.Label() + "（按户计）"
	}
	if b == VillagerAssembly {
		return b.Label() + "（按人计）"
	}
	return b.Label()
}

// Shortfalls returns every setting of the village weaker than the statute in force on day d: a
// figure below its floor, a body's rule below its statutory minimum. None for a healthy village.
func (s Settings) Shortfalls(d Date) []Shortfall {
	t := StatuteOn(d)
	var out []Shortfall
	for _, f := range s.Figures(d) {
		if f.Below {
			out = append(out, Shortfall{Key: f.Key, Label: f.Label, Set: fmt.Sprintf(" %d %s", f.Set, f.Unit),
				Law: fmt.Sprintf(" %d %s", f.Minimum, f.Unit), Basis: f.MinimumBasis})
		}
	}
	for _, r := range s.Rules {
		min, ok := t.Minimum(r.Body, r.Unit)
		if ok && !r.NotWeaker(min) {
			out = append(out, Shortfall{Key: ruleKey(r.Body, r.Unit), Label: ruleLabel(r.Body, r.Unit) + "的表决规则",
				Set: "「" + r.Describe() + "」", Law: "「" + min.Describe() + "」", Basis: min.Basis})
		}
	}
	return out
}

// Raise returns the settings with every shortfall on day d put right: a figure below its floor
// set to the floor, a rule weaker than the statute's dropped so that the statute's applies. The
// old figures stay in force for the days before d (Record).
func (s Settings) Raise(d Date) Settings {
	old := s
	t := StatuteOn(d)
	for _, f := range s.Figures(d) {
		if f.Below {
			sp, _ := specOf(f.Key)
			sp.set(&s, f.Minimum)
		}
	}
	var rules []Rule
	for _, r := range s.Rules {
		if min, ok := t.Minimum(r.Body, r.Unit); ok && !r.NotWeaker(min) {
			continue
		}
		rules = append(rules, r)
	}
	s.Rules = rules
	return s.Record(old, d)
}

// PostingDays is the shortest posting period of a notice first posted on day d, with its
// basis: the village's period then, or the statute's in force that day when it asks more.
func (s Settings) PostingDays(d Date) (int, string) {
	f := s.Figure(FigPostingDays, d)
	return max(f.Value, 1), f.Cite()
}

// PostingEnd is the last day of the shortest posting period from day from, both ends counted.
func (s Settings) PostingEnd(from Date) Date {
	n, _ := s.PostingDays(from)
	return from.AddDays(n - 1)
}

// Range writes a posting period as auditors want it, a range of dates with both ends counted:
// 2026-10-01 至 2026-10-15（共 15 天）.
func (p Posting) Range() string {
	return fmt.Sprintf("%s 至 %s（共 %d 天）", p.From, p.To, p.Days())
}

// SetFigure sets the village's own value of figure key.
func (s *Settings) SetFigure(key string, n int) {
	if sp, ok := specOf(key); ok {
		sp.set(s, n)
	}
}

// ValidateOn checks settings as entered on day d: what Village.Validate checks, and no setting
// weaker than the statute in force (an archive may hold one from before: Shortfalls finds it;
// a new entry may not).
func (s Settings) ValidateOn(d Date) error {
	var p Problems
	for _, f := range s.Shortfalls(d) {
		p.addf("%s；请改为不低于法定标准", f.Text())
	}
	return p.Err()
}

// Quarter is the first day of the quarter holding d.
func Quarter(d Date) Date {
	t := d.Time()
	return NewDate(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1)
}

// QuarterLabel writes the quarter starting on q: 2026 年第一季度.
func QuarterLabel(q Date) string {
	n := (int(q.Time().Month())-1)/3 + 1
	return fmt.Sprintf("%d 年第%s季度", q.Time().Year(), chineseDigits[n])
}

// Preset is a province's figures, each with its source. A preset never lowers a statutory
// minimum: where the province's own text is older and lower (山东's 5-day posting), the statute's
// figure is the preset's, and the source says so.
type Preset struct {
	Key   string // stable English key: "national", "hainan-2025" …
	Label string // 海南（2025 年条例）
	// figures are the values the preset sets, by figure key, with their sources; a figure absent
	// keeps the program's default.
	figures map[string]presetFigure
}

type presetFigure struct {
	value  int
	source string
}

const lower15 = "；原定期限低于《村民委员会组织法》（2025）第三十五条的十五日，按法定十五日"

var presets = []Preset{
	{Key: "national", Label: "全国法定最低标准", figures: map[string]presetFigure{
		FigPostingDays:    {15, "《村民委员会组织法》（2025）第三十五条：公布的期限不得少于十五日"},
		FigAssemblyNotice: {10, "《村民委员会组织法》（2025）第二十五条：提前十天通知"},
	}},
	{Key: "hainan-2025", Label: "海南（2025 年修订）", figures: map[string]presetFigure{
		FigPostingDays:    {15, "海南省地方规定（2025-11-27 修订）：公示十五日"},
		FigRepNotice:      {3, "海南省地方规定（2025-11-27 修订）第十四条：提前三日通知代表"},
		FigAssemblyNotice: {10, "《村民委员会组织法》（2025）第二十五条：提前十天通知"},
	}},
	{Key: "shandong", Label: "山东", figures: map[string]presetFigure{
		FigPostingDays:    {15, "山东省地方规定：公示五日" + lower15},
		FigRepNotice:      {5, "山东省地方规定：提前五日书面通知代表"},
		FigAssemblyNotice: {10, "山东省地方规定：提前十日通知村民"},
	}},
	{Key: "zhejiang", Label: "浙江", figures: map[string]presetFigure{
		FigPostingDays: {15, "《村民委员会组织法》（2025）第三十五条：公布的期限不得少于十五日"},
		FigRepNotice:   {3, "浙江省地方规定：提前三日通知代表"},
	}},
	{Key: "chongqing", Label: "重庆", figures: map[string]presetFigure{
		FigPostingDays: {15, "重庆市地方规定：公示十日" + lower15},
		FigRepNotice:   {3, "重庆市地方规定：提前三日通知代表"},
		FigPostWithin:  {10, "重庆市地方规定第三十条：随时公开的事项在十日内公开"},
	}},
	{Key: "sichuan", Label: "四川", figures: map[string]presetFigure{
		FigPostingDays: {15, "四川省地方规定：公示十日" + lower15},
		FigPostWithin:  {10, "四川省地方规定第十条：随时公开的事项在十日内公开"},
	}},
}

// Presets returns the provinces' presets the program knows.
func Presets() []Preset { return presets }

// PresetOf returns the preset with the key, if known.
func PresetOf(key string) (Preset, bool) {
	for _, p := range presets {
		if p.Key == key {
			return p, true
		}
	}
	return Preset{}, false
}

// presetSets reports whether the village's preset sets figure fig to n, so that n cites it.
func presetSets(preset, fig string, n int) bool {
	p, ok := PresetOf(preset)
	f, set := p.figures[fig]
	return ok && set && f.value == n
}

// Apply returns the settings with the preset's figures, none below the statute in force on day
// d; figures the preset does not set keep their value.
func (p Preset) Apply(s Settings, d Date) Settings {
	s.Preset = p.Key
	t := StatuteOn(d)
	for _, sp := range figureSpecs {
		if f, ok := p.figures[sp.key]; ok {
			min, _ := t.Floor(sp.key)
			sp.set(&s, max(f.value, min))
		}
	}
	return s
}

// Sources lists the preset's figures with their sources, in FigureKeys order.
func (p Preset) Sources() []string {
	var out []string
	for _, sp := range figureSpecs {
		if f, ok := p.figures[sp.key]; ok {
			out = append(out, fmt.Sprintf("%s %d %s（%s）", sp.label, f.value, sp.unit, f.source))
		}
	}
	return out
}

// RulesReport is every rule and figure the program applies for a village on a day, each with
// its basis: what `yishi rules` shows. Its JSON keys are stable.
type RulesReport struct {
	Date         Date        `json:"date"`
	Statute      string      `json:"statute"` // the key of the text in force: "2018", "2025"
	StatuteTitle string      `json:"statute_title"`
	InForceFrom  Date        `json:"in_force_from,omitzero"`
	Preset       string      `json:"preset,omitempty"`
	Bodies       []BodyRule  `json:"bodies"`
	Figures      []Figure    `json:"figures"`
	Shortfalls   []Shortfall `json:"shortfalls"`
}

// BodyRule is one body's quorum and passing rule as applied on the day, beside the statute's.
type BodyRule struct {
	Body   Body      `json:"body"`
	Label  string    `json:"label"`
	Unit   string    `json:"unit"`   // "persons" or "households"
	InUse  bool      `json:"in_use"` // false for the villagers' meeting's way of counting not chosen
	Quorum Threshold `json:"quorum"`
	Pass   Threshold `json:"pass"`
	PassOf Base      `json:"pass_of"`
	Text   string    `json:"text"`
	Basis  string    `json:"basis"`
	// VillageOwn is set when the village's own rule applies (stricter than the statute's).
	VillageOwn       bool   `json:"village_own"`
	StatutoryMinimum string `json:"statutory_minimum,omitempty"`
	MinimumBasis     string `json:"minimum_basis,omitempty"`
}

// Report returns the rules and figures in force for the village on day d.
func (s Settings) Report(d Date) RulesReport {
	t := StatuteOn(d)
	r := RulesReport{Date: d, Statute: t.Key, StatuteTitle: t.Title, InForceFrom: t.From, Preset: s.Preset,
		Figures: s.Figures(d), Shortfalls: s.Shortfalls(d)}
	if r.Shortfalls == nil {
		r.Shortfalls = []Shortfall{}
	}
	for _, b := range MeetingBodies {
		units := []Unit{Persons}
		if b == VillagerAssembly {
			units = []Unit{Persons, Households}
		}
		for _, u := range units {
			probe := s
			probe.AssemblyByHousehold = u == Households
			rule := probe.RuleOn(b, d)
			own, hasOwn := s.OwnRule(b, u)
			min, hasMin := t.Minimum(b, u)
			row := BodyRule{Body: b, Label: ruleLabel(b, u), Unit: map[Unit]string{Persons: "persons", Households: "households"}[u],
				InUse: s.unitOf(b) == u, Quorum: rule.Quorum, Pass: rule.Pass, PassOf: rule.PassOf, Text: rule.Describe(),
				Basis: rule.Basis, VillageOwn: hasOwn && (!hasMin || own.NotWeaker(min))}
			if hasMin {
				row.StatutoryMinimum, row.MinimumBasis = min.Describe(), min.Basis
			}
			r.Bodies = append(r.Bodies, row)
		}
	}
	return r
}
