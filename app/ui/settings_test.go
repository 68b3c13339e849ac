package ui

import (
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
)

// openSettings starts the program on the demo village and puts its settings in front.
func openSettings(t *testing.T, w, h int) (tea.Model, core.Store, meeting.Village) {
	t.Helper()
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, w, h)
	vs, _ := s.Villages()
	m = drive(t, m, showMsg{newSettingsScreen(m.(*model).c, vs[0])})
	settingsOf(t, m)
	return m, s, vs[0]
}

func settingsOf(t *testing.T, m tea.Model) *settingsScreen {
	t.Helper()
	sc, ok := m.(*model).front.(*settingsScreen)
	if !ok {
		t.Fatalf("the settings are not in front:\n%s", plain(m))
	}
	return sc
}

// focusSetting tabs to the input labelled label of the entry titled title, checking that the
// window follows the focus.
func focusSetting(t *testing.T, m tea.Model, title, label string) tea.Model {
	t.Helper()
	for range 60 {
		sc := settingsOf(t, m)
		e := sc.entries[sc.owner[sc.form.focus]]
		if e.title == title && sc.form.Focused().Label() == label {
			if v := plain(m); !strings.Contains(v, title) {
				t.Fatalf("%s has the focus but does not show:\n%s", title, v)
			}
			return m
		}
		m = drive(t, m, press(tea.KeyTab))
	}
	t.Fatalf("no setting %s %s", title, label)
	return m
}

func TestSettingsShowValuesDefaultsAndBases(t *testing.T) {
	m, _, _ := openSettings(t, 120, 40)
	sc := settingsOf(t, m)
	var all []string
	for _, e := range sc.entries {
		all = append(all, e.title+" "+e.note())
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		"村民代表会议：到会须达到应到人数的三分之二以上，赞成票须超过到会人数的半数（默认）。依据：《村民委员会组织法》（2025）第三十条",
		"党员大会：到会须达到应到人数的半数以上，赞成票须超过应到会人数的半数（默认）。依据：" + meeting.BasisPartyAssembly,
		"村民会议（按户计）：到会须达到应到户数的三分之二以上",
		meeting.SettingBases["merge_first_steps"],
		"公告公示期（天） 默认 15 天。依据：《村民委员会组织法》（2025）第三十五条：公布的期限不得少于十五日",
		"村民代表会议提前通知（天） 默认 3 天",
		"村民会议每年至少（次） 默认 1 次。依据：《村民委员会组织法》（2025）第二十五条",
		"默认 30 天",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("settings do not say %q", want)
		}
	}
	for _, b := range meeting.MeetingBodies {
		if !strings.Contains(text, b.Label()) {
			t.Errorf("no rule of %s", b.Label())
		}
	}
	if strings.Contains(plain(m), "本村设定」") {
		t.Errorf("an untouched village shows a setting of its own:\n%s", plain(m))
	}
}

func TestSettingsChangeRuleAndPostingPeriod(t *testing.T) {
	m, s, v := openSettings(t, 80, 24)
	attendance := meeting.Attendance{Expected: 30, Present: 20}
	vote := meeting.Vote{Method: meeting.ShowOfHands, Ayes: 15}
	before := v.Settings.Verdict(meeting.RepresentativeAssembly, meeting.NewDate(2026, 3, 1), attendance, vote, nil)
	if !before.Passed || !strings.Contains(before.Arithmetic(), "须不少于 20，有效") {
		t.Fatalf("the default rule does not give what the test expects: %s", before.Arithmetic())
	}

	m = focusSetting(t, m, "村民代表会议", "法定人数")
	m = drive(t, m, press(tea.KeyRight)) // 三分之二以上 → 超过三分之二
	v1 := plain(m)
	if !strings.Contains(v1, "村民代表会议「本村设定」") || !strings.Contains(v1, "到会须超过应到人数的三分之二") ||
		!strings.Contains(strings.ReplaceAll(v1, "\n", ""), "替换了默认的") {
		t.Errorf("the changed rule is not marked with the default it replaced:\n%s", v1)
	}
	m = focusSetting(t, m, "公告公示期（天）", "公告公示期（天）")
	m = clearField(t, m)
	m = typeText(t, m, "20")
	if v := plain(m); !strings.Contains(v, "公告公示期（天）「本村设定」") || !strings.Contains(v, "默认为 15 天") {
		t.Errorf("the changed period is not marked:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyF2))
	if v := plain(m); !strings.Contains(v, "设置已保存") {
		t.Fatalf("no saved status:\n%s", v)
	}

	got, err := s.Village(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	r, own := got.Settings.OwnRule(meeting.RepresentativeAssembly, meeting.Persons)
	if want := (meeting.Threshold{Cmp: meeting.MoreThan, Num: 2, Den: 3}); !own || r.Quorum != want || r.Basis != meeting.BasisLocal {
		t.Errorf("rule stored as %+v", r)
	}
	if got.Settings.MinPostingDays != 20 {
		t.Errorf("posting period stored as %d", got.Settings.MinPostingDays)
	}
	after := got.Settings.Verdict(meeting.RepresentativeAssembly, meeting.NewDate(2026, 3, 1), attendance, vote, nil)
	if after.Quorate || after.QuorumMin != 21 || !strings.Contains(after.Arithmetic(), "须不少于 21，不足法定人数") {
		t.Errorf("verdict after the change: %s", after.Arithmetic())
	}
	attendance.Present = 21
	if d := got.Settings.Verdict(meeting.RepresentativeAssembly, meeting.NewDate(2026, 3, 1), attendance, vote, nil); !d.Passed {
		t.Errorf("21 of 30 should now be quorate: %s", d.Arithmetic())
	}
	// Nothing else changed.
	want := v
	want.Settings.MinPostingDays = 20
	want.Settings.Rules = append(want.Settings.Rules, r)
	// The 15 days stay in force for the postings before the day of the change.
	want.Settings.Earlier = append(want.Settings.Earlier,
		meeting.EarlierFigure{Key: meeting.FigPostingDays, Until: meeting.DateOf(testkit.FixedNow).AddDays(-1), Value: 15})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("village stored as\n%+v\nwant\n%+v", got, want)
	}

	// Setting the rule back to the default takes the default's basis again.
	m = focusSetting(t, m, "村民代表会议", "法定人数")
	m = drive(t, m, press(tea.KeyLeft))
	m = drive(t, m, press(tea.KeyF2))
	got, _ = s.Village(v.ID)
	if r, own := got.Settings.OwnRule(meeting.RepresentativeAssembly, meeting.Persons); own {
		t.Errorf("rule set back to the default is still stored as the village's own: %+v", r)
	}
	// Esc goes back to the roster, which shows the village as saved.
	m = drive(t, m, press(tea.KeyEscape))
	if r := rosterOf(t, m); r.village.Settings.MinPostingDays != 20 {
		t.Error("the roster got the village as it was before the save")
	}
}

func TestSettingsRefuseBadValues(t *testing.T) {
	m, s, v := openSettings(t, 80, 24)
	m = focusSetting(t, m, "公告公示期（天）", "公告公示期（天）")
	m = clearField(t, m)
	m = typeText(t, m, "0")
	m = focusSetting(t, m, "户数与十八周岁以上村民人数", "户数")
	m = clearField(t, m)
	m = typeText(t, m, "三百")
	m = focusSetting(t, m, "村民会议的计算方式", "村民会议的计算方式")
	m = drive(t, m, press(tea.KeyRight))
	m = drive(t, m, press(tea.KeyF2))
	sc := settingsOf(t, m)
	if e := sc.entries[sc.owner[sc.form.focus]]; e.title != "户数与十八周岁以上村民人数" || !strings.Contains(e.err, "户数请填写") {
		t.Errorf("focus on %s (%q), want the first wrong entry", e.title, e.err)
	}
	if v := plain(m); !strings.Contains(v, "户数请填写不小于 0 的整数") {
		t.Errorf("the error is not next to the field:\n%s", v)
	}
	m = focusSetting(t, m, "公告公示期（天）", "公告公示期（天）")
	if v := plain(m); !strings.Contains(v, "低于法定的 15 天") || !strings.Contains(v, "第三十五条") {
		t.Errorf("a posting period of 0 days is not refused next to the field:\n%s", v)
	}
	if got, _ := s.Village(v.ID); !reflect.DeepEqual(got, v) {
		t.Errorf("bad settings changed the village:\n%+v", got)
	}
	// Esc with unsaved changes asks first; the second Esc leaves without writing.
	m = drive(t, m, press(tea.KeyEscape))
	if v := plain(m); !strings.Contains(v, "有改动还没有保存") {
		t.Fatalf("Esc with changes did not ask:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyEscape))
	rosterOf(t, m)
	if got, _ := s.Village(v.ID); !reflect.DeepEqual(got, v) {
		t.Error("leaving changed the village")
	}
}

// TestSettingsLettersAreText: letters typed into a text field are text, and the real cursor is
// in the field, right of its label.
func TestSettingsLettersAreText(t *testing.T) {
	m, _, _ := openSettings(t, 60, 20)
	if c := m.View().Cursor; c == nil || c.Position.X < lipgloss.Width("十八周岁以上村民人数") {
		t.Errorf("cursor on the first field: %v", c)
	}
	m = focusSetting(t, m, "异议联系方式", "异议联系方式")
	m = clearField(t, m)
	m = typeText(t, m, "q监委会 qj")
	sc := settingsOf(t, m)
	if got := sc.form.Focused().(*textField).Value(); got != "q监委会 qj" {
		t.Errorf("contact field has %q", got)
	}
	c := m.View().Cursor
	if c == nil {
		t.Fatal("no cursor in the contact field")
	}
	// The caret is after the text: two cells a Chinese character, one a letter or a space.
	lines := strings.Split(plain(m), "\n")
	if c.Position.Y >= len(lines) || !strings.Contains(lines[c.Position.Y], "q监委会 qj") {
		t.Errorf("cursor row %d is not the field's:\n%s", c.Position.Y, plain(m))
	}
	if c.Position.X != 2+len("q")+6+len(" qj") {
		t.Errorf("cursor at x %d", c.Position.X)
	}
}

// plain is the program's view without its styles.
func plain(m tea.Model) string { return ansi.Strip(view(m)) }

// TestSettingsBelowStatute: a village still holding the old 7-day posting period (every village
// created before the 2025 text) is told so, with the statute's 15 days and its article; entering
// a period below it is refused; F4 raises it in one key, and the old period stays in force for
// the postings before the day.
func TestSettingsBelowStatute(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	vs, _ := s.Villages()
	v := vs[0]
	v.Settings.MinPostingDays, v.Settings.Earlier = 7, nil
	if err := s.PutVillage(&v); err != nil {
		t.Fatal(err)
	}
	m := start(t, s, 100, 30)
	m = drive(t, m, showMsg{newSettingsScreen(m.(*model).c, v)})
	if got := strings.ReplaceAll(plain(m), "\n", ""); !strings.Contains(got, "低于现行法定标准") ||
		!strings.Contains(got, "按 F4 一键改为法定标准") || !strings.Contains(got, "本村设定 7 天，低于法定的 15 天") {
		t.Errorf("the shortfall is not shown with the statute's figure:\n%s", plain(m))
	}
	// Saving another change while 7 days stands is refused at the entry, naming the article.
	m = focusSetting(t, m, "异议联系方式", "异议联系方式")
	m = typeText(t, m, "监委会")
	m = drive(t, m, press(tea.KeyF2))
	if e := settingsOf(t, m).entries[settingsOf(t, m).owner[settingsOf(t, m).form.focus]]; e.key != meeting.FigPostingDays ||
		!strings.Contains(e.err, "第三十五条") {
		t.Errorf("the save was not refused at the posting period: %s %q", e.title, e.err)
	}
	if got, _ := s.Village(v.ID); !reflect.DeepEqual(got, v) {
		t.Errorf("a refused save wrote the village:\n%+v", got)
	}
	// F4 with the change unsaved asks for it to be saved or dropped first.
	m = drive(t, m, press(tea.KeyF4))
	if !strings.Contains(plain(m), "先按 F2 保存") {
		t.Errorf("F4 over unsaved changes did not ask:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyEscape))
	m = drive(t, m, press(tea.KeyEscape))
	m = drive(t, m, showMsg{newSettingsScreen(m.(*model).c, v)})
	m = drive(t, m, press(tea.KeyF4))
	got, _ := s.Village(v.ID)
	today := meeting.DateOf(testkit.FixedNow)
	if got.Settings.MinPostingDays != 15 || len(got.Settings.Shortfalls(today)) != 0 ||
		got.Settings.Value(meeting.FigPostingDays, today.AddDays(-1)) != 15 ||
		got.Settings.Value(meeting.FigPostingDays, meeting.NewDate(2025, 6, 1)) != 7 {
		t.Errorf("F4 stored %+v", got.Settings)
	}
	if v := plain(m); strings.Contains(v, "低于现行法定标准") || !strings.Contains(v, "1 项改为法定标准") {
		t.Errorf("after F4:\n%s", v)
	}
}

// TestSettingsPreset: choosing a province's preset fills the figures as the preset sets them,
// never below the statute, shows the sources, and saves with the preset named.
func TestSettingsPreset(t *testing.T) {
	m, s, v := openSettings(t, 100, 30)
	m = focusSetting(t, m, "省份预设", "省份预设")
	// 不用预设 → 全国法定最低标准 → 海南 → 山东
	for range 3 {
		m = drive(t, m, press(tea.KeyRight))
	}
	sc := settingsOf(t, m)
	if got := sc.figures[meeting.FigRepNotice].Value(); got != "5" {
		t.Errorf("山东's 代表会议 notice filled as %q, want 5", got)
	}
	if got := sc.figures[meeting.FigPostingDays].Value(); got != "15" {
		t.Errorf("山东's posting period filled as %q, want the statute's 15", got)
	}
	if v := strings.ReplaceAll(plain(m), "\n", ""); !strings.Contains(v, "山东省地方规定：提前五日书面通知代表") {
		t.Errorf("the preset's sources are not shown:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyF2))
	got, _ := s.Village(v.ID)
	if got.Settings.Preset != "shandong" || got.Settings.RepNoticeDays != 5 || got.Settings.MinPostingDays != 15 {
		t.Errorf("stored %+v", got.Settings)
	}
	if f := got.Settings.Figure(meeting.FigRepNotice, meeting.DateOf(testkit.FixedNow)); !strings.HasPrefix(f.Basis, "山东") {
		t.Errorf("the 代表会议 notice cites %q, not the preset", f.Basis)
	}
}
