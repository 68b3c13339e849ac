package meeting

import (
	"reflect"
	"strings"
	"testing"
)

// archived is the fixture roster as the archive holds it: IDs given, a guest remembered beside it.
func archived(t *testing.T) []Person {
	t.Helper()
	ps := mustParse(t, readFixture(t, "roster-abei.csv"))
	for i := range ps {
		ps[i].ID, ps[i].VillageID = ID(i+1), 1
	}
	return append(ps, Person{ID: ID(len(ps) + 1), VillageID: 1, Name: "孙秀兰", Guest: true})
}

func rows(t *testing.T, csv string) []RosterRow {
	t.Helper()
	rs, err := ReadRoster([]byte(rosterHead + csv))
	if err != nil {
		t.Fatalf("ReadRoster: %v", err)
	}
	return rs
}

func byName(ps []Person, name string) Person {
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	return Person{}
}

// TestPlanRosterMergeKeepsBlanks: a row that leaves cells blank changes nothing of what the
// archive has; re-importing the whole roster changes nothing either.
func TestPlanRosterMergeKeepsBlanks(t *testing.T) {
	old := archived(t)
	plan, err := PlanRoster(old, rows(t, "金昌义,男,,,1,,\n"), RosterMerge)
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Empty() || plan.Unchanged != 1 || plan.Untouched != 44 || len(plan.Counts) != 0 {
		t.Errorf("plan %+v", plan)
	}
	if l := plan.Lines(); len(l) != 1 || !strings.Contains(l[0], "没有要改的") {
		t.Errorf("lines %q", l)
	}
	all, err := ReadRoster(readFixture(t, "roster-abei-gbk.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if plan, err := PlanRoster(old, all, RosterMerge); err != nil || !plan.Empty() || plan.Unchanged != 45 {
		t.Errorf("the same roster again: %+v, %v", plan, err)
	}
}

// TestPlanRosterReplace: --replace takes the row as it stands, and the plan says what that costs:
// each field lost, masked, and each body whose member count drops.
func TestPlanRosterReplace(t *testing.T) {
	old := archived(t)
	plan, err := PlanRoster(old, rows(t, "金昌义,男,,,1,,\n"), RosterReplace)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Updated) != 1 || len(plan.Added) != 0 {
		t.Fatalf("plan %+v", plan)
	}
	c := plan.Updated[0]
	var fields []string
	for _, f := range c.Fields {
		fields = append(fields, f.Field)
		if f.After != "（空）" {
			t.Errorf("%s becomes %q", f.Field, f.After)
		}
	}
	if want := []string{"职务", "所属组织", "联系电话", "身份证号"}; !reflect.DeepEqual(fields, want) {
		t.Errorf("fields %v, want %v", fields, want)
	}
	if c.After.ID != c.Before.ID || len(c.After.Memberships) != 0 || c.After.Phone != "" {
		t.Errorf("after %+v", c.After)
	}
	counts := map[Body][2]int{}
	for _, n := range plan.Counts {
		counts[n.Body] = [2]int{n.Before, n.After}
	}
	want := map[Body][2]int{BranchCommittee: {3, 2}, VillagersCommittee: {3, 2}, TwoCommittees: {5, 4},
		PartyAssembly: {21, 20}, RepresentativeAssembly: {30, 29}}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("counts %v, want %v", counts, want)
	}
	text := strings.Join(plan.Lines(), "\n")
	for _, s := range []string{"更新「金昌义」（第 2 行）", "联系电话：150****0837 → （空）",
		"身份证号：230***********9394 → （空）", "党员大会 21 → 20 人", "整行替换"} {
		if !strings.Contains(text, s) {
			t.Errorf("no %q in\n%s", s, text)
		}
	}
	if strings.Contains(text, "15089450837") || strings.Contains(text, "230381199310129394") {
		t.Errorf("a full number in the plan:\n%s", text)
	}
}

// TestPlanRosterMergeFills: a filled cell replaces, a blank one keeps; a new post moves the
// roles with it; a row of a new person adds them; the guest named by a row joins the roster.
func TestPlanRosterMergeFills(t *testing.T) {
	old := archived(t)
	plan, err := PlanRoster(old, rows(t,
		"金昌义,,党支部书记,,1,13800000000,\n"+ // gives up 村委会主任; memberships kept
			"孙秀兰,女,,村民代表,9,,\n"+ // the guest, onto the roster
			"新来的,男,,党员,50,,\n"), RosterMerge)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Updated) != 2 || len(plan.Added) != 1 || plan.Untouched != 44 {
		t.Fatalf("plan %+v", plan)
	}
	jin := plan.Updated[0].After
	was := byName(old, "金昌义")
	if jin.Phone != "13800000000" || jin.IDCard != was.IDCard || jin.Gender != "男" || jin.Title != "党支部书记" {
		t.Errorf("金昌义 merged to %+v", jin)
	}
	wantSeats := []Membership{{Body: BranchCommittee, Role: "党支部书记"}, {Body: VillagersCommittee}, {Body: PartyAssembly}}
	if !reflect.DeepEqual(jin.Memberships, wantSeats) {
		t.Errorf("seats %+v, want %+v", jin.Memberships, wantSeats)
	}
	sun := plan.Updated[1]
	if sun.After.Guest || sun.After.ID != byName(old, "孙秀兰").ID || !sun.After.In(RepresentativeAssembly) {
		t.Errorf("孙秀兰 %+v", sun.After)
	}
	if f := sun.Fields[len(sun.Fields)-1]; f.Field != "花名册" {
		t.Errorf("joining the roster not shown: %+v", sun.Fields)
	}
	if plan.Added[0].After.Name != "新来的" || plan.Added[0].After.ID != 0 {
		t.Errorf("added %+v", plan.Added[0])
	}
	if got := plan.People(); len(got) != 3 {
		t.Errorf("%d people to write", len(got))
	}
}

func TestPlanRosterRefusesAmbiguity(t *testing.T) {
	old := []Person{
		{ID: 1, Name: "张伟", Household: "3"},
		{ID: 2, Name: "张伟", Household: "8"},
		{ID: 3, Name: "李娜", Household: "5"},
	}
	for _, tc := range []struct{ csv, want string }{
		{"张伟,男,,,,,\n", "第 2 行：档案里有 2 个「张伟」"},
		{"李娜,,,,5,,\n李娜,,,,,13800000000,\n", "第 2 行和第 3 行都是档案里的「李娜」"},
	} {
		plan, err := PlanRoster(old, rows(t, tc.csv), RosterMerge)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !plan.Empty() {
			t.Errorf("%q: %v, %+v", tc.csv, err, plan)
		}
	}
	// The household tells them apart.
	plan, err := PlanRoster(old, rows(t, "张伟,男,,,8,,\n"), RosterMerge)
	if err != nil || len(plan.Updated) != 1 || plan.Updated[0].After.ID != 2 {
		t.Errorf("%+v, %v", plan, err)
	}
}
