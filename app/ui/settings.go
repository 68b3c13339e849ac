package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// The settings screen writes the village in one transaction when asked and stays, so it has no
// messages of its own.

// settingEntry is one setting as the settings screen shows it: a heading, its inputs, and a note
// saying what the value means now, its default and its basis.
type settingEntry struct {
	title  string
	key    string // the figure's key or the rule's (meeting.Shortfall.Key), "" for others
	inputs []input
	// apply puts the entry's value into v; it returns what is wrong with the value as typed.
	apply func(v *meeting.Village) string
	// changed reports whether the value differs from the default (nil: there is no default).
	changed func() bool
	note    func() string
	err     string
}

// settingsScreen shows every setting of a village with its current value, its default and its
// basis, and lets each be changed; F2 checks and saves them all at once.
type settingsScreen struct {
	c        *Common
	village  meeting.Village // as last saved
	entries  []*settingEntry
	form     *form // the inputs of every entry, in order: focus and keys
	owner    []int // owner[i] is the entry of the form's input i
	snapshot []string
	top      int // first line shown
	problems []string
	leaving  bool // Esc was pressed once with unsaved changes
	today    meeting.Date
	// preset is the choice of a province's preset; presetShown the choice the figures' fields
	// were last filled from, so that choosing another fills them again.
	preset      *choiceField
	presetShown int
	figures     map[string]*textField
	width       int
	height      int
}

// thresholdChoices are the fractions a quorum or passing rule may be set to.
var thresholdChoices = []meeting.Threshold{
	meeting.MoreThanHalf, meeting.HalfOrMore, meeting.TwoThirdsOrMore,
	{Cmp: meeting.MoreThan, Num: 2, Den: 3}, {Cmp: meeting.AtLeast, Num: 3, Den: 4},
}

// baseChoices are the totals a passing count may be held against, as the choice shows them.
var baseChoices = []meeting.Base{meeting.OfPresent, meeting.OfExpected}

var baseLabels = []string{"到会人数", "应到会人数"}

func newSettingsScreen(c *Common, v meeting.Village) Component {
	if fresh, err := c.Store.Village(v.ID); err == nil {
		v = fresh // the roster screen's copy may be older than the archive
	}
	s := &settingsScreen{c: c, village: v, width: c.Width, height: c.Height}
	s.today = meeting.DateOf(c.Now())
	st, set, d := c.Styles, v.Settings, meeting.DefaultsOn(s.today)

	// The village's figures: the bases of the villagers' meeting.
	households := newTextField(st, "户数", strconv.Itoa(v.Households), "")
	adults := newTextField(st, "十八周岁以上村民人数", strconv.Itoa(v.Adults), "")
	s.add(&settingEntry{
		title:  "户数与十八周岁以上村民人数",
		inputs: []input{households, adults},
		apply: func(v *meeting.Village) string {
			var a, b string
			v.Households, a = parseCount(households.Value(), "户数")
			v.Adults, b = parseCount(adults.Value(), "十八周岁以上村民人数")
			return strings.Trim(a+"；"+b, "；")
		},
		note: func() string {
			return "村民会议的应到数：按人计用十八周岁以上村民人数，按户计用户数。"
		},
	})

	presetNames := []string{"不用预设"}
	for _, p := range meeting.Presets() {
		presetNames = append(presetNames, p.Label)
	}
	s.preset = newChoiceField("省份预设", presetNames, slices.IndexFunc(meeting.Presets(), func(p meeting.Preset) bool {
		return p.Key == set.Preset
	})+1)
	s.presetShown = s.preset.index
	s.add(&settingEntry{
		title:  "省份预设",
		inputs: []input{s.preset},
		apply: func(v *meeting.Village) string {
			v.Settings.Preset = ""
			if i := s.preset.index; i > 0 {
				v.Settings.Preset = meeting.Presets()[i-1].Key
			}
			return ""
		},
		changed: func() bool { return s.preset.index != 0 },
		note: func() string {
			if s.preset.index == 0 {
				return "不用预设：各项用默认值或本村设定。选一个省份，下面的天数按该省规定填好（任何一项都不低于法定标准），保存后生效。"
			}
			p := meeting.Presets()[s.preset.index-1]
			return p.Label + "：" + strings.Join(p.Sources(), "；") + "。"
		},
	})

	byHousehold := s.toggle("村民会议的计算方式", "assembly_by_household", set.AssemblyByHousehold, d.AssemblyByHousehold,
		[]string{"按十八周岁以上村民计", "按户（户代表）计"}, func(v *meeting.Village, on bool) { v.Settings.AssemblyByHousehold = on })

	for _, b := range meeting.MeetingBodies {
		if b == meeting.VillagerAssembly {
			s.rule(b, meeting.Persons, "村民会议（按人计）", byHousehold, false)
			s.rule(b, meeting.Households, "村民会议（按户计）", byHousehold, true)
			continue
		}
		s.rule(b, meeting.Persons, b.Label(), nil, false)
	}

	s.toggle("一肩挑的村提议、商议合并召开", "merge_first_steps", set.MergeFirstSteps, d.MergeFirstSteps,
		[]string{"否", "是"}, func(v *meeting.Village, on bool) { v.Settings.MergeFirstSteps = on })
	s.toggle("由党员代表会议审议（代替党员大会）", "party_rep_assembly", set.PartyRepAssembly, d.PartyRepAssembly,
		[]string{"否", "是"}, func(v *meeting.Village, on bool) { v.Settings.PartyRepAssembly = on })
	s.toggle("回避人员从表决基数中扣除", "recused_leave_base", set.RecusedLeaveBase, d.RecusedLeaveBase,
		[]string{"否", "是"}, func(v *meeting.Village, on bool) { v.Settings.RecusedLeaveBase = on })
	s.toggle("回避人员扣除后，其余参加表决的人员须自行达到法定人数", "recused_quorum_off", set.RecusedQuorumOff, d.RecusedQuorumOff,
		[]string{"是", "否"}, func(v *meeting.Village, off bool) { v.Settings.RecusedQuorumOff = off })

	for _, f := range set.Figures(s.today) {
		s.figure(f)
	}

	contact := newTextField(st, "异议联系方式", set.ObjectionContact, "如 村务监督委员会主任 张三 13800000000")
	s.add(&settingEntry{
		title:   "异议联系方式",
		inputs:  []input{contact},
		apply:   func(v *meeting.Village) string { v.Settings.ObjectionContact = contact.Value(); return "" },
		changed: func() bool { return contact.Value() != d.ObjectionContact },
		note: func() string {
			return "写在决议公告、结果公告上，告诉村民对公开内容有异议时向谁、怎样提出。默认：不写。"
		},
	})

	var inputs []input
	for i, e := range s.entries {
		for _, in := range e.inputs {
			inputs = append(inputs, in)
			s.owner = append(s.owner, i)
		}
	}
	s.form = newForm(inputs...)
	s.form.Focus(0)
	s.snapshot = s.values()
	s.scroll() // lays the inputs out, giving the text fields their width
	return s
}

func (s *settingsScreen) add(e *settingEntry) { s.entries = append(s.entries, e) }

// toggle adds a yes-or-no setting, shown as a choice of two, with its basis from SettingBases.
func (s *settingsScreen) toggle(title, name string, on, def bool, options []string, set func(*meeting.Village, bool)) *choiceField {
	index := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	ch := newChoiceField(title, options, index(on))
	s.add(&settingEntry{
		title:   title,
		inputs:  []input{ch},
		apply:   func(v *meeting.Village) string { set(v, ch.index == 1); return "" },
		changed: func() bool { return ch.index != index(def) },
		note: func() string {
			if ch.index != index(def) {
				return "本村设定，替换了默认的「" + options[index(def)] + "」。依据：" + meeting.SettingBases[name]
			}
			return "默认值。依据：" + meeting.SettingBases[name]
		},
	})
	return ch
}

// figure adds one of the figures (meeting.Figures): its value, what applies today, the
// statutory minimum and the bases. A value below the minimum is refused on saving.
func (s *settingsScreen) figure(fig meeting.Figure) {
	title := fig.Label + "（" + fig.Unit + "）"
	f := newTextField(s.c.Styles, title, strconv.Itoa(fig.Set), strconv.Itoa(fig.Default))
	if s.figures == nil {
		s.figures = map[string]*textField{}
	}
	s.figures[fig.Key] = f
	value := func() (int, string) {
		if f.Value() == "" {
			return fig.Default, "" // left blank: the default, which the placeholder shows
		}
		return parseCount(f.Value(), fig.Label)
	}
	s.add(&settingEntry{
		title:  title,
		key:    fig.Key,
		inputs: []input{f},
		apply: func(v *meeting.Village) string {
			n, msg := value()
			v.Settings.SetFigure(fig.Key, n)
			return msg
		},
		changed: func() bool { n, msg := value(); return msg == "" && n != fig.Default },
		note: func() string {
			n, msg := value()
			if msg != "" {
				return ""
			}
			probe := s.village.Settings
			probe.Preset = s.chosenPreset()
			probe.SetFigure(fig.Key, n)
			now := probe.Figure(fig.Key, s.today)
			var text string
			if now.Below {
				text = fmt.Sprintf("低于法定的 %d %s，不能保存；现按法定 %d %s执行。", now.Minimum, now.Unit, now.Minimum, now.Unit)
			} else if n != fig.Default {
				text = fmt.Sprintf("本村设定，默认为 %d %s。", fig.Default, fig.Unit)
			} else {
				text = fmt.Sprintf("默认 %d %s。", fig.Default, fig.Unit)
			}
			text += "依据：" + now.Basis
			if now.Minimum > 0 && now.Basis != now.MinimumBasis {
				text += "。法定最低：" + now.MinimumBasis
			}
			return text + "。"
		},
	})
}

// chosenPreset is the key of the preset the choice shows ("" none).
func (s *settingsScreen) chosenPreset() string {
	if s.preset == nil || s.preset.index == 0 {
		return ""
	}
	return meeting.Presets()[s.preset.index-1].Key
}

// fillPreset writes a newly chosen preset's figures into their fields, as the preset sets them.
func (s *settingsScreen) fillPreset() {
	if s.preset.index == s.presetShown {
		return
	}
	s.presetShown = s.preset.index
	if s.preset.index == 0 {
		return
	}
	set := meeting.Presets()[s.preset.index-1].Apply(s.village.Settings, s.today)
	for _, fig := range set.Figures(s.today) {
		if f, ok := s.figures[fig.Key]; ok {
			f.SetValue(strconv.Itoa(fig.Set))
		}
	}
}

// ruleOf is the village's rule for body b counted in unit u at a meeting on day d (the
// villagers' meeting has one rule for each way of counting), and whether it is its own.
func ruleOf(set meeting.Settings, b meeting.Body, u meeting.Unit, d meeting.Date) (meeting.Rule, bool) {
	if r, ok := set.OwnRule(b, u); ok {
		return r, true
	}
	return meeting.DefaultRuleOn(b, u, d), false
}

func sameRule(a, b meeting.Rule) bool {
	return a.Quorum == b.Quorum && a.Pass == b.Pass && a.PassOf == b.PassOf
}

// rule adds a body's quorum and passing rule. byHousehold, when given, is the choice that says
// which of the villagers' meeting's two rules is in use.
func (s *settingsScreen) rule(b meeting.Body, u meeting.Unit, title string, byHousehold *choiceField, household bool) {
	def := meeting.DefaultRuleOn(b, u, s.today)
	min, hasMin := meeting.StatuteOn(s.today).Minimum(b, u)
	cur, _ := ruleOf(s.village.Settings, b, u, s.today)
	threshold := func(label string, t meeting.Threshold) (*choiceField, []meeting.Threshold) {
		opts := slices.Clone(thresholdChoices)
		if !slices.Contains(opts, t) {
			opts = append(opts, t)
		}
		names := make([]string, len(opts))
		for i, o := range opts {
			names[i] = o.String()
		}
		return newChoiceField(label, names, slices.Index(opts, t)), opts
	}
	quorum, quorumOpts := threshold("法定人数", cur.Quorum)
	pass, passOpts := threshold("通过票数", cur.Pass)
	base := newChoiceField("计算基数", baseLabels, max(slices.Index(baseChoices, cur.PassOf), 0))
	// chosen is the rule as the choices now have it. A rule left as it was keeps its basis; one
	// set back to the default takes the default's; any other is the village's own setting.
	chosen := func() meeting.Rule {
		r := cur
		r.Quorum, r.Pass, r.PassOf = quorumOpts[quorum.index], passOpts[pass.index], baseChoices[base.index]
		stored, _ := ruleOf(s.village.Settings, b, u, s.today)
		switch {
		case sameRule(r, stored):
			r.Basis = stored.Basis
		case sameRule(r, def):
			r.Basis = def.Basis
		default:
			r.Basis = meeting.BasisLocal
		}
		return r
	}
	s.add(&settingEntry{
		title:  title,
		inputs: []input{quorum, pass, base},
		key:    "rule:" + string(b) + map[bool]string{true: ":households"}[u == meeting.Households],
		apply: func(v *meeting.Village) string {
			r := chosen()
			// A rule the same as the default is not stored: the default follows the law in
			// force on each meeting's date.
			v.Settings.Rules = slices.DeleteFunc(v.Settings.Rules, func(x meeting.Rule) bool { return x.Body == b && x.Unit == u })
			if !sameRule(r, def) {
				v.Settings.Rules = append(v.Settings.Rules, r)
			}
			return ""
		},
		changed: func() bool { return !sameRule(chosen(), def) },
		note: func() string {
			r := chosen()
			var text string
			switch {
			case sameRule(r, def):
				text = title + "：" + r.Describe() + "（默认）。依据：" + r.Basis
			case r.Basis == meeting.BasisLocal:
				text = title + "：" + r.Describe() + "（本村设定）。替换了默认的：" + def.Describe() + "，依据：" + def.Basis
			default: // a setting kept from before, with its own basis
				text = title + "：" + r.Describe() + "。依据：" + r.Basis + "。默认为：" + def.Describe()
			}
			if hasMin && !r.NotWeaker(min) {
				text += "。低于法定标准（" + min.Describe() + "，" + min.Basis + "），不能保存，现按法定标准执行"
			} else if hasMin && !sameRule(min, def) {
				text += "。法定最低：" + min.Describe() + "，" + min.Basis
			}
			if byHousehold != nil && (byHousehold.index == 1) != household {
				text += "。本村现在不用这种计算方式"
			}
			return text + "。"
		},
	})
}

// values are the inputs' values as shown, to tell whether anything changed since the last save.
func (s *settingsScreen) values() []string {
	var out []string
	for _, in := range s.form.inputs {
		switch in := in.(type) {
		case *textField:
			out = append(out, in.Value())
		case *choiceField:
			out = append(out, in.Value())
		}
	}
	return out
}

func (s *settingsScreen) dirty() bool { return !slices.Equal(s.values(), s.snapshot) }

func (s *settingsScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.scroll()
}

func (s *settingsScreen) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.c.Keys.Form.Submit):
			s.leaving = false
			cmd := s.save()
			s.scroll()
			return s, cmd
		case key.Matches(k, s.c.Keys.Settings.Raise):
			s.leaving = false
			cmd := s.raise()
			s.scroll()
			return s, cmd
		case key.Matches(k, s.c.Keys.Form.Cancel):
			if s.dirty() && !s.leaving {
				s.leaving = true
				return s, nil
			}
			return s, show(newRosterScreen(s.c, s.village))
		}
		s.leaving = false
	}
	cmd, _ := s.form.Update(msg)
	s.fillPreset()
	s.scroll()
	return s, cmd
}

// save checks every entry, each on its own so that what is wrong shows next to it, then the
// village as a whole, and writes it in one transaction; nothing is written when anything is
// wrong.
func (s *settingsScreen) save() tea.Cmd {
	s.problems = nil
	v := s.village
	v.Settings.Rules = slices.Clone(v.Settings.Rules)
	bad := -1
	for i, e := range s.entries {
		e.err = e.apply(&v)
		if e.err == "" {
			probe := meeting.Village{Name: v.Name, Settings: meeting.Defaults()}
			e.apply(&probe)
			if err := probe.Validate(); err != nil {
				e.err = err.Error()
			}
		}
		if e.err != "" && bad < 0 {
			bad = i
		}
	}
	if bad < 0 {
		// Nothing weaker than the statute in force may be entered: each shortfall shows at its
		// entry.
		for _, f := range v.Settings.Shortfalls(s.today) {
			for i, e := range s.entries {
				if e.key == f.Key {
					e.err = f.Text() + "；请改为不低于法定标准，或按 " + s.c.Keys.Settings.Raise.Help().Key + " 一键改为法定标准"
					if bad < 0 {
						bad = i
					}
				}
			}
		}
	}
	if bad < 0 {
		if err := v.Validate(); err != nil {
			s.problems = strings.Split(err.Error(), "；")
			return nil
		}
		if err := v.Settings.ValidateOn(s.today); err != nil {
			s.problems = strings.Split(err.Error(), "；")
			return nil
		}
	} else {
		return s.form.Focus(slices.Index(s.owner, bad))
	}
	v.Settings = v.Settings.Record(s.village.Settings, s.today)
	if err := s.write(&v); err != nil {
		s.problems = []string{"没有保存：" + err.Error()}
		return nil
	}
	s.village = v
	s.snapshot = s.values()
	return saved("设置")
}

// write stores the village's figures and settings in one transaction; v becomes the village as
// stored.
func (s *settingsScreen) write(v *meeting.Village) error {
	return core.SaveVillage(s.c.Store, v)
}

// raise sets every stored setting below the statute in force today to the statute's and saves
// it, in one key and one transaction; the figures it replaces stay in force for the days before
// (meeting.Settings.Raise). With changes not yet saved it asks for them to be saved first.
func (s *settingsScreen) raise() tea.Cmd {
	short := s.village.Settings.Shortfalls(s.today)
	switch {
	case len(short) == 0:
		s.problems = []string{"本村设置都不低于法定标准，不需要修改。"}
		return nil
	case s.dirty():
		s.problems = []string{"有改动还没有保存：先按 " + s.c.Keys.Form.Submit.Help().Key + " 保存（或按 Esc 放弃）后再一键改为法定标准。"}
		return nil
	}
	v := s.village
	v.Settings = v.Settings.Raise(s.today)
	if err := s.write(&v); err != nil {
		s.problems = []string{"没有保存：" + err.Error()}
		return nil
	}
	next := newSettingsScreen(s.c, v).(*settingsScreen)
	next.SetSize(s.width, s.height)
	return tea.Batch(show(next), saved(fmt.Sprintf("设置（%d 项改为法定标准）", len(short))))
}

// shortfalls says which stored settings are below the statute in force today, and the fix.
func (s *settingsScreen) shortfalls() []string {
	short := s.village.Settings.Shortfalls(s.today)
	if len(short) == 0 {
		return nil
	}
	out := []string{fmt.Sprintf("本村有 %d 项设置低于现行法定标准，现按法定标准执行；按 %s 一键改为法定标准并保存：",
		len(short), s.c.Keys.Settings.Raise.Help().Key)}
	for _, f := range short {
		out = append(out, f.Text())
	}
	return out
}

// settingsLayout is the screen's content laid out at its width: every line, where each input
// starts, and which lines each entry spans.
type settingsLayout struct {
	lines      []string
	fieldLine  []int // first line of each input of the form
	fieldX     []int // column where each input starts
	entryStart []int
	entryEnd   []int // exclusive, without the blank line that follows
}

func (s *settingsScreen) layout() settingsLayout {
	st, w := s.c.Styles, s.width
	var l settingsLayout
	indent := func(text string, style lipgloss.Style) {
		for _, line := range strings.Split(wrap(text, w-2), "\n") {
			l.lines = append(l.lines, "  "+style.Render(line))
		}
	}
	fi := 0
	focus := s.owner[s.form.focus]
	for ei, e := range s.entries {
		l.entryStart = append(l.entryStart, len(l.lines))
		head := st.Heading.Render(e.title)
		if ei == focus {
			head = st.Title.Render(e.title)
		}
		if e.changed != nil && e.changed() {
			head += st.Warning.Render("「本村设定」")
		}
		l.lines = append(l.lines, lipgloss.NewStyle().MaxWidth(w).Render(head))
		lw := 0
		if len(e.inputs) > 1 {
			for _, in := range e.inputs {
				lw = max(lw, lipgloss.Width(in.Label()))
			}
		}
		for _, in := range e.inputs {
			x, prefix := 2, "  "
			if len(e.inputs) > 1 {
				style := st.Subtle
				if fi == s.form.focus {
					style = st.Heading
				}
				prefix += style.Render(lipgloss.NewStyle().Width(lw).Render(in.Label()) + "：")
				x += lw + 2
			}
			block := lipgloss.JoinHorizontal(lipgloss.Top, prefix, in.View(st, w-x))
			l.fieldLine = append(l.fieldLine, len(l.lines))
			l.fieldX = append(l.fieldX, x)
			l.lines = append(l.lines, strings.Split(block, "\n")...)
			fi++
		}
		if e.err != "" {
			indent(e.err, st.Error)
		}
		if e.note != nil {
			indent(e.note(), st.Subtle)
		}
		l.entryEnd = append(l.entryEnd, len(l.lines))
		l.lines = append(l.lines, "")
	}
	return l
}

// footer is what is shown under the settings: what stops the save, or the question on leaving.
func (s *settingsScreen) footer() string {
	st := s.c.Styles
	if s.leaving {
		k := s.c.Keys.Form
		return st.Warning.Render(wrap("有改动还没有保存：按 "+k.Submit.Help().Key+" 保存；再按一次 "+
			k.Cancel.Help().Key+" 放弃改动并返回。", s.width))
	}
	problems := s.problems
	if len(problems) == 0 {
		problems = s.shortfalls()
	}
	return problemsView(st, problems, s.width, 4)
}

// window is how many lines of settings fit under the title and above the footer.
func (s *settingsScreen) window() int {
	h := s.height - 1
	if f := s.footer(); f != "" {
		h -= lipgloss.Height(f)
	}
	return max(h, 1)
}

// scroll moves the window so that the focused input, and its whole entry where it fits, shows.
func (s *settingsScreen) scroll() {
	l := s.layout()
	h := s.window()
	fi := s.form.focus
	ei := s.owner[fi]
	if start, end := l.entryStart[ei], l.entryEnd[ei]; end-start <= h {
		if start < s.top {
			s.top = start
		}
		if end > s.top+h {
			s.top = end - h
		}
	}
	if line := l.fieldLine[fi]; line < s.top {
		s.top = line
	} else if line >= s.top+h {
		s.top = line - h + 1
	}
	s.top = max(min(s.top, len(l.lines)-h), 0)
}

func (s *settingsScreen) title() string {
	st := s.c.Styles
	t := st.Title.Render("本村设置") + "　" + st.Heading.Render(s.village.Name)
	t += st.Subtle.Render(fmt.Sprintf("　%d／%d", s.owner[s.form.focus]+1, len(s.entries)))
	if s.dirty() {
		t += "　" + st.Warning.Render("有改动，"+s.c.Keys.Form.Submit.Help().Key+" 保存")
	}
	return lipgloss.NewStyle().MaxWidth(s.width).Render(t)
}

func (s *settingsScreen) View() string {
	l := s.layout()
	h := s.window()
	top := max(min(s.top, len(l.lines)-h), 0)
	lines := l.lines[top:min(top+h, len(l.lines))]
	out := s.title() + "\n" + strings.Join(lines, "\n")
	if f := s.footer(); f != "" {
		out += "\n" + f
	}
	return out
}

// Cursor places the real cursor at the caret of the focused text field, when it shows.
func (s *settingsScreen) Cursor() *tea.Cursor {
	l := s.layout() // first: it gives the fields their width
	c := s.form.Focused().Cursor()
	if c == nil {
		return nil
	}
	fi := s.form.focus
	y := l.fieldLine[fi] - max(min(s.top, len(l.lines)-s.window()), 0) + c.Position.Y
	if y < 0 || y >= s.window() {
		return nil
	}
	c.Position.X += l.fieldX[fi]
	c.Position.Y = y + 1 // under the title line
	return c
}

func (s *settingsScreen) ShortHelp() []key.Binding {
	f := s.c.Keys.Form
	b := []key.Binding{f.Next, f.Prev}
	if _, ok := s.form.Focused().(*choiceField); ok {
		b = append(b, s.c.Keys.Form.Choose)
	}
	back := f.Cancel
	back.SetHelp(back.Help().Key, "返回")
	b = append(b, f.Submit)
	if len(s.village.Settings.Shortfalls(s.today)) > 0 {
		b = append(b, s.c.Keys.Settings.Raise)
	}
	return append(b, back)
}

func (s *settingsScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
