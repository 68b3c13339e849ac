package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
)

// openRoster starts the program on s and puts the roster of its first village in front.
func openRoster(t *testing.T, s core.Store, w, h int) (tea.Model, meeting.Village) {
	t.Helper()
	m := start(t, s, w, h)
	vs, err := s.Villages()
	if err != nil || len(vs) == 0 {
		t.Fatalf("no village: %v", err)
	}
	m = drive(t, m, showMsg{newRosterScreen(m.(*model).c, vs[0])})
	return m, vs[0]
}

// importRoster merges people into the village named (created when the archive has none), as
// yishi roster import --yes does.
func importRoster(s core.Store, name string, people []meeting.Person) (core.RosterResult, error) {
	v, _, err := core.RosterTarget(s, name, false)
	if err != nil {
		return core.RosterResult{}, err
	}
	rows := make([]meeting.RosterRow, len(people))
	for i, p := range people {
		rows[i] = meeting.RosterRow{Line: i + 2, Person: p}
	}
	plan, err := core.PlanRoster(s, v, rows, meeting.RosterMerge)
	if err != nil {
		return core.RosterResult{}, err
	}
	return core.WriteRoster(s, &v, plan)
}

func rosterOf(t *testing.T, m tea.Model) *rosterScreen {
	t.Helper()
	r, ok := m.(*model).front.(*rosterScreen)
	if !ok {
		t.Fatalf("the roster is not in front:\n%s", plain(m))
	}
	return r
}

func person(t *testing.T, s core.Store, village meeting.ID, name string) (meeting.Person, int) {
	t.Helper()
	ps, err := s.People(village)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Name == name {
			return p, len(ps)
		}
	}
	return meeting.Person{}, len(ps)
}

// focusField tabs through the person form to the field with the given label.
func focusField(t *testing.T, m tea.Model, label string) tea.Model {
	t.Helper()
	for range 12 {
		if rosterOf(t, m).edit.form.Focused().Label() == label {
			return m
		}
		m = drive(t, m, press(tea.KeyTab))
	}
	t.Fatalf("no field %s", label)
	return m
}

func TestRosterListsPeopleThenGuests(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m, v := openRoster(t, s, 100, 30)
	r := rosterOf(t, m)
	ps, _ := s.People(v.ID)
	if len(r.people) != len(ps) {
		t.Fatalf("%d people listed, %d stored", len(r.people), len(ps))
	}
	rows := r.table.Rows()
	seenGuest := false
	for i, p := range r.people {
		if p.Guest {
			seenGuest = true
			if rows[i][2] != "村民（非花名册）" {
				t.Errorf("guest %s shown as %q", p.Name, rows[i][2])
			}
		} else if seenGuest {
			t.Errorf("%s of the roster listed after a guest", p.Name)
		}
	}
	if !seenGuest {
		t.Fatal("the demo has villagers remembered from meetings; none listed")
	}
	if rows[0][0] != "金昌义" || rows[0][2] != "支委、村委、党员" {
		t.Errorf("first row %q", rows[0])
	}
	if v := plain(m); !strings.Contains(v, "花名册 45 人") || !strings.Contains(v, "联系电话") {
		t.Errorf("roster view:\n%s", v)
	}
	// q is not a key of the roster: it neither leaves nor quits.
	m = drive(t, m, typed("q"))
	rosterOf(t, m)
	m = drive(t, m, press(tea.KeyEscape))
	if m.(*model).front != m.(*model).home {
		t.Errorf("Esc did not go home:\n%s", plain(m))
	}
}

func TestRosterAddPerson(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m, v := openRoster(t, s, 80, 24)
	_, before := person(t, s, v.ID, "")
	m = drive(t, m, press(tea.KeyF2))
	if !strings.Contains(plain(m), "添加人员") {
		t.Fatalf("F2 did not open the person form:\n%s", plain(m))
	}
	m = typeText(t, m, "王小明")
	m = focusField(t, m, "性别")
	m = drive(t, m, press(tea.KeyRight)) // 男
	m = focusField(t, m, "职务")
	m = typeText(t, m, "村民代表")
	m = focusField(t, m, "所属组织")
	for range 3 {
		m = drive(t, m, press(tea.KeyRight))
	}
	m = drive(t, m, press(tea.KeySpace)) // 预备党员
	m = drive(t, m, press(tea.KeyRight))
	m = drive(t, m, press(tea.KeySpace)) // 村民代表
	m = focusField(t, m, "户号")
	m = typeText(t, m, "88")
	m = focusField(t, m, "联系电话")
	m = typeText(t, m, "138 0013 8000")
	m = drive(t, m, press(tea.KeyF2))
	if !strings.Contains(plain(m), "人员「王小明」已保存") {
		t.Fatalf("no saved status:\n%s", plain(m))
	}
	p, after := person(t, s, v.ID, "王小明")
	if after != before+1 || p.ID == 0 {
		t.Fatalf("%d people before, %d after; 王小明 %+v", before, after, p)
	}
	want := []meeting.Membership{{Body: meeting.PartyAssembly, Probationary: true}, {Body: meeting.RepresentativeAssembly}}
	if p.Gender != "男" || p.Title != "村民代表" || p.Household != "88" || p.Phone != "13800138000" || p.Guest ||
		len(p.Memberships) != 2 || p.Memberships[0] != want[0] || p.Memberships[1] != want[1] {
		t.Errorf("stored %+v", p)
	}
	r := rosterOf(t, m)
	if row := r.table.SelectedRow(); row[0] != "王小明" || row[2] != "预备党员、村民代表" {
		t.Errorf("selected row after adding: %q", row)
	}
}

func TestRosterEditPerson(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m, v := openRoster(t, s, 80, 24)
	old, count := person(t, s, v.ID, "侯晓春")
	m = drive(t, m, press(tea.KeyDown))
	m = drive(t, m, press(tea.KeyEnter))
	if !strings.Contains(plain(m), "修改：侯晓春") {
		t.Fatalf("Enter did not open 侯晓春:\n%s", plain(m))
	}
	// A wrong phone number is said, next to the form, and nothing is written.
	m = focusField(t, m, "联系电话")
	m = clearField(t, m)
	m = typeText(t, m, "12345")
	m = drive(t, m, press(tea.KeyF2))
	if v := plain(m); !strings.Contains(v, "没有保存") || !strings.Contains(v, "不是 11 位手机号") {
		t.Fatalf("a wrong phone number is not reported:\n%s", v)
	}
	if p, _ := person(t, s, v.ID, "侯晓春"); p.Phone != old.Phone {
		t.Fatalf("a wrong phone number was written: %q", p.Phone)
	}
	m = clearField(t, m)
	m = typeText(t, m, "13900001111")
	m = focusField(t, m, "所属组织")
	m = drive(t, m, press(tea.KeySpace)) // clear 党支部委员会
	m = focusField(t, m, "身份证号")
	m = drive(t, m, press(tea.KeyEnter)) // Enter on the last field saves too
	if !strings.Contains(plain(m), "人员「侯晓春」已保存") {
		t.Fatalf("no saved status:\n%s", plain(m))
	}
	p, after := person(t, s, v.ID, "侯晓春")
	if after != count || p.ID != old.ID {
		t.Errorf("editing added a person: %d → %d, ID %d → %d", count, after, old.ID, p.ID)
	}
	if p.Phone != "13900001111" || p.In(meeting.BranchCommittee) || !p.In(meeting.PartyAssembly) || p.IDCard != old.IDCard {
		t.Errorf("stored %+v", p)
	}
}

func TestRosterFormLettersAreText(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m, _ := openRoster(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyF2))
	m = typeText(t, m, "q")
	r := rosterOf(t, m)
	if r.mode != rosterEdit || r.edit.name.Value() != "q" {
		t.Fatalf("q did not go into the name field:\n%s", plain(m))
	}
	c := m.View().Cursor
	if c == nil || c.Position.X < r.edit.form.labelWidth() {
		t.Errorf("cursor %v, want right of the labels", c)
	}
	m = drive(t, m, press(tea.KeyEscape))
	if r := rosterOf(t, m); r.mode != rosterList {
		t.Error("Esc did not leave the person form")
	}
	m = drive(t, m, press(tea.KeyF3))
	m = typeText(t, m, "q")
	if r := rosterOf(t, m); r.mode != rosterImport || r.path.Value() != "q" {
		t.Fatalf("q did not go into the path field:\n%s", plain(m))
	}
	if c := m.View().Cursor; c == nil || c.Position.X < len("花名册文件")/3*2 {
		t.Errorf("import cursor %v", c)
	}
}

func TestRosterImportMerges(t *testing.T) {
	s := testkit.OpenStore(t)
	data, err := os.ReadFile(testkit.RosterFile("roster-abei.csv"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := meeting.ParseRoster(data)
	if err != nil {
		t.Fatal(err)
	}
	// The village starts with ten of the 45, one of them with an old phone number.
	v := meeting.Village{Name: "阿北村", Settings: meeting.Defaults()}
	first := append([]meeting.Person(nil), all[:10]...)
	first[3].Phone = "13000000000"
	if _, err := importRoster(s, v.Name, first); err != nil {
		t.Fatal(err)
	}
	m, v := openRoster(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyF3))
	m = typeText(t, m, "'"+testkit.RosterFile("roster-abei-gbk.csv")+"'") // as a terminal pastes a dropped file
	m = drive(t, m, press(tea.KeyEnter))
	if v := plain(m); !strings.Contains(v, "新增 35 人，更新 1 人，9 人没有变化") || !strings.Contains(v, "联系电话：130****0000 → 198****9805") {
		t.Fatalf("import plan not shown:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyF2))
	if v := plain(m); !strings.Contains(v, "新增 35 人，更新 1 人") || !strings.Contains(v, "已保存") {
		t.Fatalf("import outcome not shown:\n%s", v)
	}
	p, count := person(t, s, v.ID, all[3].Name)
	if count != 45 || p.Phone != all[3].Phone {
		t.Errorf("%d people after import, %s's phone %q", count, p.Name, p.Phone)
	}
	if r := rosterOf(t, m); len(r.people) != 45 || r.mode != rosterList {
		t.Errorf("the list shows %d people", len(r.people))
	}

	// A bad file: its rows are listed, and nothing is written.
	lines := strings.Split(string(data), "\n")
	lines[7] = strings.Replace(lines[7], "党员", "党委", 1)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644)
	people, _ := s.People(v.ID)
	m = drive(t, m, press(tea.KeyF3))
	m = typeText(t, m, bad)
	m = drive(t, m, press(tea.KeyF2))
	if v := plain(m); !strings.Contains(v, "第 8 行") || !strings.Contains(v, "所属组织「党委」认不出来") {
		t.Fatalf("bad row not shown:\n%s", v)
	}
	if after, _ := s.People(v.ID); len(after) != len(people) {
		t.Error("a bad file changed the roster")
	}
	m = drive(t, m, press(tea.KeyEscape))
	if r := rosterOf(t, m); r.mode != rosterList {
		t.Error("Esc did not leave the import")
	}
}

func TestRosterGuestJoinsRoster(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m, v := openRoster(t, s, 80, 24)
	r := rosterOf(t, m)
	last := len(r.people) - 1
	guest := r.people[last]
	if !guest.Guest {
		t.Fatal("the last listed is not a guest")
	}
	r.table.SetCursor(last)
	m = drive(t, m, press(tea.KeyEnter))
	m = focusField(t, m, "花名册")
	m = drive(t, m, press(tea.KeyRight))
	m = drive(t, m, press(tea.KeyF2))
	p, _ := person(t, s, v.ID, guest.Name)
	if p.Guest || p.ID != guest.ID {
		t.Errorf("guest not put on the roster: %+v", p)
	}
}

func TestRosterOpensSettings(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m, _ := openRoster(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyF4))
	if _, ok := m.(*model).front.(*settingsScreen); !ok {
		t.Fatalf("F4 did not open the settings:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyEscape))
	rosterOf(t, m)
}

// TestNewScreensFit renders the new village form, the roster and its forms, and the settings
// with long Chinese names at 60×20, 80×24 and 120×40: no line is wider than the window, and no
// screen is taller than the room it is given.
func TestNewScreensFit(t *testing.T) {
	longName := "欧阳纳兰德布仁巴雅尔图"
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, func(a *meeting.Archive) {
		a.Villages[0].Name = "黑龙江省某某市某某县某某镇阿北村民委员会"
		for i := range a.People {
			a.People[i].Name = longName + a.People[i].Name
			a.People[i].Title = long
			a.People[i].Household = "一二三四五六七八九十"
		}
	})
	badRoster := filepath.Join(t.TempDir(), strings.Repeat("很长的文件名", 8)+".csv")
	var rows []string
	for i := 0; i < 40; i++ {
		rows = append(rows, longName+",男性的,"+long+",不知道,1,123,456")
	}
	os.WriteFile(badRoster, []byte("姓名,性别,职务,所属组织,户号,联系电话,身份证号\n"+strings.Join(rows, "\n")), 0o644)

	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		screens := map[string]tea.Model{}
		e := testkit.OpenStore(t)
		m := start(t, e, w, h)
		screens["welcome"] = m
		m = fillVillage(t, m, long, long, "三百", "860", badRoster)
		m = drive(t, m, press(tea.KeyF2))
		screens["new village with errors"] = m
		m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
		screens["new village hint"] = m

		m, _ = openRoster(t, s, w, h)
		screens["roster"] = m
		m = drive(t, m, press(tea.KeyEnter))
		screens["person form"] = m
		m = focusField(t, m, "联系电话")
		m = typeText(t, m, "123")
		m = drive(t, m, press(tea.KeyF2))
		screens["person form with errors"] = m
		m = drive(t, m, press(tea.KeyEscape))
		m = drive(t, m, press(tea.KeyF3))
		m = typeText(t, m, badRoster)
		m = drive(t, m, press(tea.KeyEnter))
		screens["import with errors"] = m
		m = drive(t, m, press(tea.KeyEscape))
		m = drive(t, m, press(tea.KeyF4))
		screens["settings"] = m
		for range 20 {
			m = drive(t, m, press(tea.KeyTab))
		}
		m = drive(t, m, press(tea.KeyRight))
		screens["settings scrolled and changed"] = m
		for range 30 {
			m = drive(t, m, press(tea.KeyTab))
		}
		m = typeText(t, m, long)
		m = drive(t, m, press(tea.KeyF2))
		screens["settings after typing and saving"] = m
		m = drive(t, m, press(tea.KeyF1))
		screens["settings with full help"] = m
		for name, sm := range screens {
			checkFits(t, name, view(sm), w, h)
			front := sm.(*model).front
			fh := h - sm.(*model).chrome()
			checkFits(t, name+" (screen alone)", front.View(), w, fh)
			if c := sm.View().Cursor; c != nil && (c.Position.X >= w || c.Position.Y >= fh || c.Position.X < 0 || c.Position.Y < 0) {
				t.Errorf("%s at %d×%d: cursor at %v, outside the screen", name, w, h, c.Position)
			}
		}
	}
}

func TestHomeOpensRoster(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 80, 24)
	m = drive(t, m, typed("r"))
	if r := rosterOf(t, m); r.village.Name != "阿北村" || len(r.people) == 0 {
		t.Errorf("r opened the roster of %q with %d people", r.village.Name, len(r.people))
	}
}

// TestRosterScreenImportAsks: the import shows what will change, person by person, and writes
// nothing until F2; Esc leaves the roster as it was; a file that changes nothing says so.
func TestRosterScreenImportAsks(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	for _, size := range [][2]int{{60, 20}, {80, 24}} {
		w, h := size[0], size[1]
		m, v := openRoster(t, s, w, h)
		before, _ := s.People(v.ID)
		was, _ := person(t, s, v.ID, "金昌义")

		m = drive(t, m, press(tea.KeyF3))
		m = typeText(t, m, testkit.RosterCSV(t, "金昌义,男,,,1,,"))
		m = drive(t, m, press(tea.KeyEnter))
		if r := rosterOf(t, m); r.mode != rosterList || !strings.Contains(r.note, "没有要改的") {
			t.Errorf("%d×%d: an import changing nothing: mode %d, note %q", w, h, r.mode, r.note)
		}
		if after, _ := s.People(v.ID); !reflect.DeepEqual(after, before) {
			t.Fatalf("%d×%d: an import of blank cells changed the roster", w, h)
		}

		file := testkit.RosterCSV(t, "金昌义,,,,1,13800000000,", "新来的,男,,党员,99,,")
		m = drive(t, m, press(tea.KeyF3))
		m = typeText(t, m, file)
		m = drive(t, m, press(tea.KeyEnter))
		shown := plain(m)
		for _, want := range []string{"新增 1 人，更新 1 人", "更新「金昌义」（第 2 行）", "联系电话：150****0837 → 138****0000", "党员大会 21 → 22 人", "F2"} {
			if !strings.Contains(shown, want) {
				t.Errorf("%d×%d: no %q in\n%s", w, h, want, shown)
			}
		}
		checkFits(t, "import plan", view(m), w, h)
		checkFits(t, "import plan (screen alone)", m.(*model).front.View(), w, h-m.(*model).chrome())
		for range 30 {
			m = drive(t, m, press(tea.KeyDown))
		}
		checkFits(t, "import plan scrolled", m.(*model).front.View(), w, h-m.(*model).chrome())
		if after, _ := s.People(v.ID); !reflect.DeepEqual(after, before) {
			t.Fatalf("%d×%d: the plan was written before F2", w, h)
		}
		m = drive(t, m, press(tea.KeyEscape))
		if r := rosterOf(t, m); r.mode != rosterList || !strings.Contains(r.note, "没有导入") {
			t.Errorf("%d×%d: Esc: mode %d, note %q", w, h, r.mode, r.note)
		}
		if after, _ := s.People(v.ID); !reflect.DeepEqual(after, before) {
			t.Fatalf("%d×%d: Esc wrote the plan", w, h)
		}

		m = drive(t, m, press(tea.KeyF3))
		m = typeText(t, m, file)
		m = drive(t, m, press(tea.KeyEnter))
		m = drive(t, m, press(tea.KeyF2))
		if v := plain(m); !strings.Contains(v, "新增 1 人，更新 1 人") || !strings.Contains(v, "已保存") {
			t.Errorf("%d×%d: after F2:\n%s", w, h, v)
		}
		jin, count := person(t, s, v.ID, "金昌义")
		want := was
		want.Phone = "13800000000"
		if !reflect.DeepEqual(jin, want) || count != len(before)+1 {
			t.Errorf("%d×%d: 金昌义 %+v (want %+v), %d people", w, h, jin, want, count)
		}
		// Put him back for the next size.
		if err := s.PutPerson(&was); err != nil {
			t.Fatal(err)
		}
		nw, _ := person(t, s, v.ID, "新来的")
		nw.Name, nw.Guest = "新来的（已核）", true
		if err := s.PutPerson(&nw); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRosterFormRefusesBadText: the person form refuses a post no roster has, and writes nothing.
func TestRosterFormRefusesBadText(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m, v := openRoster(t, s, 80, 24)
	_, count := person(t, s, v.ID, "")
	m = drive(t, m, press(tea.KeyF2))
	m = typeText(t, m, "王大山")
	m = focusField(t, m, "职务")
	m = drive(t, m, tea.PasteMsg{Content: strings.Repeat("书", 201)})
	m = drive(t, m, press(tea.KeyF2))
	if r := rosterOf(t, m); r.mode != rosterEdit || !strings.Contains(strings.Join(r.problems, "\n"), "职务有 201 个字，最多 200 个字") {
		t.Errorf("mode %d, problems %q", r.mode, r.problems)
	}
	if p, n := person(t, s, v.ID, "王大山"); p.ID != 0 || n != count {
		t.Errorf("saved: %+v, %d people", p, n)
	}
}

// TestRosterScreenPlanScrolls: a plan taller than the window scrolls, says which lines are shown,
// and cuts nothing: its last line can be brought into view, and every line fits the width.
func TestRosterScreenPlanScrolls(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	var rows []string
	for i := range 30 {
		rows = append(rows, fmt.Sprintf("新来的第%d位,男,党员,党员;村民代表,%d,,", i+1, 100+i))
	}
	file := testkit.RosterCSV(t, rows...)
	for _, size := range [][2]int{{60, 20}, {80, 24}} {
		w, h := size[0], size[1]
		m, _ := openRoster(t, s, w, h)
		m = drive(t, m, press(tea.KeyF3))
		m = typeText(t, m, file)
		m = drive(t, m, press(tea.KeyEnter))
		fh := h - m.(*model).chrome()
		screen := ansi.Strip(m.(*model).front.View())
		flat := strings.Join(strings.Fields(screen), "")
		if !strings.Contains(screen, "新增 30 人") || !strings.Contains(flat, "上下键翻看。按F2确认导入，Esc不导入（什么也不写）。") {
			t.Errorf("%d×%d: top of the plan:\n%s", w, h, screen)
		}
		checkFits(t, "plan top", m.(*model).front.View(), w, fh)
		for range 10 {
			m = drive(t, m, press(tea.KeyPgDown))
		}
		screen = ansi.Strip(m.(*model).front.View())
		if !strings.Contains(screen, "党员大会 21 → 51 人") || !strings.Contains(screen, "村民代表会议 30 → 60 人") {
			t.Errorf("%d×%d: the end of the plan is out of reach:\n%s", w, h, screen)
		}
		checkFits(t, "plan bottom", m.(*model).front.View(), w, fh)
		m = drive(t, m, press(tea.KeyEscape))
	}
}
