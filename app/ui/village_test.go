package ui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"yishi/app/internal/testkit"
	"yishi/meeting"
)

// typeText types s into the focused field, one key per character as a keyboard sends it.
func typeText(t *testing.T, m tea.Model, s string) tea.Model {
	t.Helper()
	for _, r := range s {
		m = drive(t, m, typed(string(r)))
	}
	return m
}

// clearField deletes the focused text field's text (Ctrl+U deletes to the start of the line).
func clearField(t *testing.T, m tea.Model) tea.Model {
	t.Helper()
	return drive(t, m, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
}

// fillVillage opens the new-village form from the welcome screen and fills its fields.
func fillVillage(t *testing.T, m tea.Model, name, township, households, adults, roster string) tea.Model {
	t.Helper()
	m = drive(t, m, press(tea.KeyF2))
	if _, ok := m.(*model).front.(*villageForm); !ok {
		t.Fatalf("F2 on the welcome screen did not open the new-village form:\n%s", plain(m))
	}
	for i, v := range []string{name, township, households, adults, roster} {
		if i > 0 {
			m = drive(t, m, press(tea.KeyTab))
		}
		m = typeText(t, m, v)
	}
	return m
}

func TestNewVillageWithRoster(t *testing.T) {
	var names [][]string
	for _, file := range []string{"roster-abei.csv", "roster-abei-gbk.csv"} {
		t.Run(file, func(t *testing.T) {
			s := testkit.OpenStore(t)
			m := start(t, s, 80, 24)
			if v := plain(m); !strings.Contains(v, "新建本村") {
				t.Fatalf("the welcome screen does not offer a new village:\n%s", v)
			}
			m = fillVillage(t, m, "阿北村", "某某镇", "312", "860", testkit.RosterFile(file))
			m = drive(t, m, press(tea.KeyF2))
			v := plain(m)
			if m.(*model).front != m.(*model).home {
				t.Fatalf("F2 did not go home:\n%s", v)
			}
			if !strings.Contains(v, "已建村「阿北村」，导入 45 人") || !strings.Contains(v, "312 户") {
				t.Fatalf("home does not show the new village and what was imported:\n%s", v)
			}
			vs, err := s.Villages()
			if err != nil || len(vs) != 1 {
				t.Fatalf("villages: %v %v", vs, err)
			}
			got := vs[0]
			want := meeting.Village{ID: got.ID, Name: "阿北村", Township: "某某镇", Households: 312, Adults: 860, Settings: meeting.Defaults()}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("village stored as\n%+v\nwant\n%+v", got, want)
			}
			ps, err := s.People(got.ID)
			if err != nil || len(ps) != 45 {
				t.Fatalf("%d people stored (%v), want 45", len(ps), err)
			}
			var ns []string
			for _, p := range ps {
				if p.VillageID != got.ID || p.ID == 0 {
					t.Errorf("%s stored with ID %d in village %d", p.Name, p.ID, p.VillageID)
				}
				ns = append(ns, p.Name+p.IDCard)
			}
			names = append(names, ns)
		})
	}
	if len(names) == 2 && !reflect.DeepEqual(names[0], names[1]) {
		t.Error("the UTF-8 and GBK rosters gave different people")
	}
}

func TestNewVillageBadRosterWritesNothing(t *testing.T) {
	data, err := os.ReadFile(testkit.RosterFile("roster-abei.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	lines[4] = strings.Replace(lines[4], ",1", ",", 1)    // line 5 loses the 1 its phone starts with
	lines[11] = lines[11][strings.Index(lines[11], ","):] // line 12 loses its name
	bad := filepath.Join(t.TempDir(), "坏名册.csv")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	s := testkit.OpenStore(t)
	m := start(t, s, 80, 24)
	m = fillVillage(t, m, "阿北村", "", "312", "860", bad)
	m = drive(t, m, press(tea.KeyF2))
	v := plain(m)
	if _, ok := m.(*model).front.(*villageForm); !ok {
		t.Fatalf("a bad roster left the form:\n%s", v)
	}
	for _, want := range []string{"第 5 行", "第 12 行", "没有导入任何人"} {
		if !strings.Contains(v, want) {
			t.Errorf("the form does not say %q:\n%s", want, v)
		}
	}
	if empty, _ := s.Empty(); !empty {
		t.Error("a village was written although its roster is bad")
	}
	// A file that is not there is named, and nothing is written either.
	m = clearField(t, m)
	m = typeText(t, m, "/没有/这个/文件.csv")
	m = drive(t, m, press(tea.KeyF2))
	if v := plain(m); !strings.Contains(v, "读不到花名册文件") {
		t.Errorf("a missing file is not reported:\n%s", v)
	}
	if empty, _ := s.Empty(); !empty {
		t.Error("a village was written although its roster file is missing")
	}
}

func TestNewVillageChecksFields(t *testing.T) {
	s := testkit.OpenStore(t)
	m := start(t, s, 80, 24)
	m = fillVillage(t, m, "", "", "三百", "８６０", "")
	m = drive(t, m, press(tea.KeyF2))
	v := plain(m)
	for _, want := range []string{"请填写村名", "户数请填写不小于 0 的整数"} {
		if !strings.Contains(v, want) {
			t.Errorf("the form does not say %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "十八周岁以上村民人数请填写") {
		t.Error("full-width digits were refused")
	}
	if f := m.(*model).front.(*villageForm); f.form.focus != 0 {
		t.Errorf("focus on field %d, want the first wrong one", f.form.focus)
	}
	if empty, _ := s.Empty(); !empty {
		t.Error("something was written although the form is wrong")
	}
	m = typeText(t, m, "阿北村")
	m = drive(t, m, press(tea.KeyTab))
	m = drive(t, m, press(tea.KeyTab))
	m = clearField(t, m)
	m = typeText(t, m, "312")
	m = drive(t, m, press(tea.KeyF2))
	if !strings.Contains(plain(m), "已建村「阿北村」") {
		t.Fatalf("the corrected form did not save:\n%s", plain(m))
	}
	vs, _ := s.Villages()
	if len(vs) != 1 || vs[0].Households != 312 || vs[0].Adults != 860 {
		t.Errorf("village stored as %+v", vs)
	}
}

// TestNewVillageLettersAreText: q and other letters typed into the form are text, and Esc goes
// back to the welcome screen without writing.
func TestNewVillageLettersAreText(t *testing.T) {
	s := testkit.OpenStore(t)
	m := start(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyF2))
	m = typeText(t, m, "qj阿北村 q")
	f, ok := m.(*model).front.(*villageForm)
	if !ok {
		t.Fatalf("typing q left the form:\n%s", plain(m))
	}
	if got := f.name.Value(); got != "qj阿北村 q" {
		t.Errorf("name field has %q", got)
	}
	if !key.Matches(typed("q"), m.(*model).c.Keys.Welcome.Quit) {
		t.Fatal("test assumes q quits the welcome screen")
	}
	m = drive(t, m, press(tea.KeyEscape))
	if m.(*model).front != m.(*model).welcome {
		t.Errorf("Esc did not go back to the welcome screen:\n%s", plain(m))
	}
	if empty, _ := s.Empty(); !empty {
		t.Error("Esc wrote something")
	}
}

// TestNewVillageCursor: the real cursor sits in the focused field, right of its label.
func TestNewVillageCursor(t *testing.T) {
	s := testkit.OpenStore(t)
	m := start(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyF2))
	f := m.(*model).front.(*villageForm)
	lw := f.form.labelWidth()
	for i := range f.form.inputs {
		c := m.View().Cursor
		if c == nil {
			t.Fatalf("field %d: no cursor", i)
		}
		if c.Position.X < lw {
			t.Errorf("field %d: cursor at x %d, left of the labels (%d wide)", i, c.Position.X, lw)
		}
		m = typeText(t, m, "阿北")
		if c2 := m.View().Cursor; c2.Position.X != c.Position.X+4 || c2.Position.Y != c.Position.Y {
			t.Errorf("field %d: two Chinese characters moved the cursor from %v to %v", i, c.Position, c2.Position)
		}
		m = drive(t, m, press(tea.KeyTab))
	}
}
