package meeting

import (
	"strings"
	"testing"
)

// TestReadRosterRefusesControlAndLong: control characters and fields no roster reaches are
// refused, each by row and column.
func TestReadRosterRefusesControlAndLong(t *testing.T) {
	for _, tc := range []struct{ csv, want string }{
		{"金\x00昌义,男,,,1,,\n", "第 2 行：「姓名」一列里有看不见的控制字符（NUL）"},
		{"金昌义,男," + strings.Repeat("书", 1<<20) + ",,1,,\n", "第 2 行：「职务」一列有 1048576 个字，最多 200 个字"},
		{"金昌义,男,,,1,,\n侯晓春,女,,,\"2\x1b[31m\",,\n", "第 3 行：「户号」一列里有看不见的控制字符（U+001B）"},
		{"金昌义,男,\"书记\n主任\",,1,,\n", "第 2 行：「职务」一列里有看不见的控制字符（换行）"},
		{strings.Repeat("金", 33) + ",男,,,1,,\n", "「姓名」一列有 33 个字，最多 32 个字"},
	} {
		rs, err := ReadRoster([]byte(rosterHead + tc.csv))
		if err == nil || !strings.Contains(err.Error(), tc.want) || rs != nil {
			t.Errorf("%.40q: %v", tc.csv, err)
			continue
		}
		if strings.Contains(err.Error(), "姓名是空的") || strings.Contains(err.Error(), "\x00") {
			t.Errorf("a refused cell echoed or reported twice: %v", err)
		}
	}
	// At the limits, a roster is read.
	if _, err := ReadRoster([]byte(rosterHead + strings.Repeat("金", 32) + ",男," + strings.Repeat("书", 200) + ",,1,,\n")); err != nil {
		t.Errorf("fields at the limits refused: %v", err)
	}
}

func TestPersonValidateText(t *testing.T) {
	for _, tc := range []struct {
		p    Person
		want string
	}{
		{Person{Name: "金\x00昌义"}, "姓名里有看不见的控制字符（NUL）"},
		{Person{Name: "金昌义", Title: strings.Repeat("书", 201)}, "职务有 201 个字，最多 200 个字"},
		{Person{Name: strings.Repeat("金", 33)}, "姓名有 33 个字，最多 32 个字"},
		{Person{Name: "金昌义", Household: "1\t2"}, "户号里有看不见的控制字符（制表符）"},
		{Person{Name: "金昌义", Phone: strings.Repeat("1", 1000)}, "联系电话有 1000 个字，最多 32 个字"},
	} {
		err := tc.p.ValidateNew()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.30q: %v", tc.p.Name, err)
		}
	}
	if err := (Person{Name: strings.Repeat("金", 40), Guest: true}).ValidateNew(); err != nil {
		t.Errorf("a guest's typed name: %v", err)
	}
	if err := (Person{Name: "金\x00", Guest: true}).ValidateNew(); err == nil {
		t.Error("a guest's NUL accepted")
	}
	// What an older release stored (a post with a line break from an Excel cell) still passes
	// as a record, so the archive that holds it still imports.
	old := Person{Name: "刘恒军", Title: "村委会委员\n兼报账员"}
	if err := old.Validate(); err != nil {
		t.Errorf("a record kept before the text rules is refused: %v", err)
	}
	if err := old.ValidateNew(); err == nil {
		t.Error("a line break typed into a post now is accepted")
	}
}

func TestNameProblem(t *testing.T) {
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{"王泽林", true}, {strings.Repeat("王", 32), true}, {strings.Repeat("王", 33), false},
		{"王\x00泽林", false}, {"王\t泽林", false}, {"欧阳 娜娜", true},
	} {
		if got := NameProblem(c.name) == ""; got != c.ok {
			t.Errorf("NameProblem(%q) = %q", c.name, NameProblem(c.name))
		}
	}
}
