package app

import (
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/meeting"
)

// openSettings starts the program on the demo village and puts its settings in front.
func openSettings(t *testing.T, w, h int) (tea.Model, Store, meeting.Village) {
	t.Helper()
	s := openStore(t)
	seedDemo(t, s, nil)
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
		"村民代表会议：到会须达到应到人数的三分之二以上，赞成票须超过到会人数的半数（默认）。依据：《村民委员会组织法》（2018）第二十六条",
		"党员大会：到会须达到应到人数的半数以上，赞成票须超过应到会人数的半数（默认）。依据：" + meeting.BasisPartyAssembly,
		"村民会议（按户计）：到会须达到应到户数的三分之二以上",
		meeting.SettingBases["merge_first_steps"],
		meeting.SettingBases["min_posting_days"],
		meeting.SettingBases["result_within_days"],
		"默认 7 天",
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
	before := v.Settings.Verdict(meeting.RepresentativeAssembly, attendance, vote, nil)
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
	m = typeText(t, m, "10")
	if v := plain(m); !strings.Contains(v, "公告公示期（天）「本村设定」") || !strings.Contains(v, "替换了默认的 7 天") {
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
	r := got.Settings.Rule(meeting.RepresentativeAssembly)
	if want := (meeting.Threshold{Cmp: meeting.MoreThan, Num: 2, Den: 3}); r.Quorum != want || r.Basis != meeting.BasisLocal {
		t.Errorf("rule stored as %+v", r)
	}
	if got.Settings.MinPostingDays != 10 {
		t.Errorf("posting period stored as %d", got.Settings.MinPostingDays)
	}
	after := got.Settings.Verdict(meeting.RepresentativeAssembly, attendance, vote, nil)
	if after.Quorate || after.QuorumMin != 21 || !strings.Contains(after.Arithmetic(), "须不少于 21，不足法定人数") {
		t.Errorf("verdict after the change: %s", after.Arithmetic())
	}
	attendance.Present = 21
	if d := got.Settings.Verdict(meeting.RepresentativeAssembly, attendance, vote, nil); !d.Passed {
		t.Errorf("21 of 30 should now be quorate: %s", d.Arithmetic())
	}
	// Nothing else changed.
	want := v
	want.Settings.MinPostingDays = 10
	for i, x := range want.Settings.Rules {
		if x.Body == meeting.RepresentativeAssembly {
			want.Settings.Rules[i] = r
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("village stored as\n%+v\nwant\n%+v", got, want)
	}

	// Setting the rule back to the default takes the default's basis again.
	m = focusSetting(t, m, "村民代表会议", "法定人数")
	m = drive(t, m, press(tea.KeyLeft))
	m = drive(t, m, press(tea.KeyF2))
	got, _ = s.Village(v.ID)
	if r := got.Settings.Rule(meeting.RepresentativeAssembly); r != meeting.Defaults().Rule(meeting.RepresentativeAssembly) {
		t.Errorf("rule set back stored as %+v", r)
	}
	// Esc goes back to the roster, which shows the village as saved.
	m = drive(t, m, press(tea.KeyEscape))
	if r := rosterOf(t, m); r.village.Settings.MinPostingDays != 10 {
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
	if v := plain(m); !strings.Contains(v, "公示期至少 1 天") {
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
