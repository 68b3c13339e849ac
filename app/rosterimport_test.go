package app

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/storage"
)

// yishiAtTerminal runs the program as yishi does, with stdin an interactive terminal.
func yishiAtTerminal(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	in := strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	code := Main(Env{
		Args: args, Stdin: in, Stdout: &out, Stderr: &errOut,
		Getenv:     func(string) string { return "" },
		Now:        func() time.Time { return testkit.FixedNow },
		Open:       func(dir string) (core.Store, error) { return storage.Open(dir) },
		IsTerminal: func(f any) bool { return f == in },
	})
	return result{code, out.String(), errOut.String()}
}

// archivePeople reads the people and villages of the archive in dir.
func archivePeople(t *testing.T, dir string) (map[string]meeting.Person, []meeting.Village) {
	t.Helper()
	s, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	vs, err := s.Villages()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]meeting.Person{}
	for _, v := range vs {
		ps, err := s.People(v.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			out[v.Name+"/"+p.Name] = p
		}
	}
	return out, vs
}

// TestRosterReimportKeepsBlanks: a row with blank cells keeps what the archive has; an import
// that changes nothing says so, asks nothing and writes nothing.
func TestRosterReimportKeepsBlanks(t *testing.T) {
	dir := demoDir(t)
	before, _ := archivePeople(t, dir)
	r := mustOK(t, yishi(t, "", "--data", dir, "roster", "import", testkit.RosterCSV(t, "金昌义,男,,,1,,")))
	if !strings.Contains(r.stdout, "没有要改的") || strings.Contains(r.stdout, "已导入") {
		t.Errorf("stdout %q", r.stdout)
	}
	after, _ := archivePeople(t, dir)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("金昌义 was %+v, now %+v", before["阿北村/金昌义"], after["阿北村/金昌义"])
	}
}

// TestRosterImportConfirms: the plan is printed person by person, field by field; without a
// terminal nothing is written unless --yes is given; at a terminal the answer decides; a
// filled cell replaces and a blank one keeps.
func TestRosterImportConfirms(t *testing.T) {
	dir := demoDir(t)
	before, _ := archivePeople(t, dir)
	file := testkit.RosterCSV(t, "金昌义,,,,1,13800000000,")
	args := []string{"--data", dir, "roster", "import", file}

	r := yishi(t, "", args...)
	if r.code != 1 || !strings.Contains(r.stderr, "--yes") {
		t.Errorf("no terminal: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, want := range []string{"导入花名册到「阿北村」：", "更新 1 人", "更新「金昌义」（第 2 行）：", "联系电话：150****0837 → 138****0000"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in the plan:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "15089450837") {
		t.Errorf("a full phone number in the plan:\n%s", r.stdout)
	}
	if after, _ := archivePeople(t, dir); !reflect.DeepEqual(before, after) {
		t.Fatal("an unconfirmed import wrote")
	}

	r = yishiAtTerminal(t, "n\n", args...)
	if r.code != 1 || !strings.Contains(r.stderr, "确认导入？[y/N]") || !strings.Contains(r.stderr, "没有导入") {
		t.Errorf("answered n: exit %d, stderr %q", r.code, r.stderr)
	}
	if after, _ := archivePeople(t, dir); !reflect.DeepEqual(before, after) {
		t.Fatal("an import refused at the prompt wrote")
	}

	r = mustOK(t, yishiAtTerminal(t, "y\n", args...))
	if !strings.Contains(r.stdout, "已导入花名册到阿北村：新增 0 人，更新 1 人") {
		t.Errorf("stdout %q", r.stdout)
	}
	after, _ := archivePeople(t, dir)
	was, jin := before["阿北村/金昌义"], after["阿北村/金昌义"]
	want := was
	want.Phone = "13800000000"
	if !reflect.DeepEqual(jin, want) {
		t.Errorf("merged to %+v, want %+v", jin, want)
	}
	if len(after) != len(before) {
		t.Errorf("%d people, were %d", len(after), len(before))
	}
}

// TestRosterImportReplace: --replace keeps the wholesale replacement, shown first with what it
// costs, bodies' member counts included.
func TestRosterImportReplace(t *testing.T) {
	dir := demoDir(t)
	before, _ := archivePeople(t, dir)
	file := testkit.RosterCSV(t, "金昌义,男,,,1,,")
	r := yishi(t, "", "--data", dir, "roster", "import", file, "--replace")
	if r.code != 1 {
		t.Errorf("--replace without --yes and no terminal: exit %d", r.code)
	}
	for _, want := range []string{"整行替换", "职务：党支部书记、村委会主任 → （空）", "身份证号：230***********9394 → （空）",
		"联系电话：150****0837 → （空）", "党员大会 21 → 20 人", "村民代表会议 30 → 29 人"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in the plan:\n%s", want, r.stdout)
		}
	}
	if after, _ := archivePeople(t, dir); !reflect.DeepEqual(before, after) {
		t.Fatal("an unconfirmed --replace wrote")
	}
	mustOK(t, yishi(t, "", "--data", dir, "roster", "import", file, "--replace", "--yes"))
	after, _ := archivePeople(t, dir)
	if jin := after["阿北村/金昌义"]; jin.ID != before["阿北村/金昌义"].ID || len(jin.Memberships) != 0 || jin.Phone != "" {
		t.Errorf("--replace --yes gave %+v", jin)
	}
}

// TestRosterImportVillageNames: a village name the archive does not have is refused, naming the
// ones it has, unless --new-village asks for it; the first import into an empty archive creates
// its village and says so.
func TestRosterImportVillageNames(t *testing.T) {
	dir := demoDir(t)
	file := testkit.RosterCSV(t, "张三,男,,,1,,")
	r := yishi(t, "", "--data", dir, "roster", "import", file, "--village", "不存在村", "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "没有叫「不存在村」的村。档案里有：阿北村。要新建这个村，请加 --new-village") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if _, vs := archivePeople(t, dir); len(vs) != 1 {
		t.Fatalf("%d villages after a refused import", len(vs))
	}
	if r := yishi(t, "", "--data", dir, "roster", "import", file, "--village", "阿北村", "--new-village", "--yes"); r.code != 1 || !strings.Contains(r.stderr, "已经有「阿北村」") {
		t.Errorf("--new-village of an existing village: exit %d, %q", r.code, r.stderr)
	}
	if r := yishi(t, "", "--data", dir, "roster", "import", file, "--new-village", "--yes"); r.code != 2 {
		t.Errorf("--new-village without --village: exit %d", r.code)
	}
	r = mustOK(t, yishi(t, "", "--data", dir, "roster", "import", file, "--village", "不存在村", "--new-village", "--yes"))
	if !strings.Contains(r.stdout, "将新建村「不存在村」") {
		t.Errorf("stdout %q", r.stdout)
	}
	people, vs := archivePeople(t, dir)
	if len(vs) != 2 || people["不存在村/张三"].Name == "" {
		t.Errorf("%d villages, people %d", len(vs), len(people))
	}
	// Two villages, none named: the message names them.
	if r := yishi(t, "", "--data", dir, "roster", "import", file, "--yes"); r.code != 1 || !strings.Contains(r.stderr, "阿北村、不存在村") {
		t.Errorf("no village named among two: exit %d, %q", r.code, r.stderr)
	}

	if r := yishi(t, "", "help"); !strings.Contains(r.stdout, "[--village 村名] [--new-village] [--yes] [--replace]") {
		t.Errorf("usage lacks the new flags:\n%s", r.stdout)
	}

	// A mistyped --data, refused: no data directory is left behind.
	typo := filepath.Join(t.TempDir(), "typo")
	if r := yishi(t, "", "--data", typo, "roster", "import", file, "--yes"); r.code != 1 {
		t.Errorf("a refused import into a new directory: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(typo); !os.IsNotExist(err) {
		t.Errorf("a refused roster import left the data directory it made (%v)", err)
	}

	empty := t.TempDir()
	// Adding people loses nothing: a first import needs no confirmation, even from a script.
	r = mustOK(t, yishi(t, "", "--data", empty, "roster", "import", file, "--village", "东坡村"))
	if !strings.Contains(r.stdout, "档案里还没有村：将新建村「东坡村」") || !strings.Contains(r.stdout, "已导入") {
		t.Errorf("first village: %q", r.stdout)
	}
}

// TestRosterImportRefusesBadText: control characters and fields no roster reaches are refused
// by row and column, and nothing is written.
func TestRosterImportRefusesBadText(t *testing.T) {
	for _, tc := range []struct{ row, want string }{
		{"金\x00昌义,男,,,1,,", "第 2 行：「姓名」一列里有看不见的控制字符（NUL）"},
		{"金昌义,男," + strings.Repeat("长", 1<<20) + ",,1,,", "第 2 行：「职务」一列有 1048576 个字，最多 200 个字"},
	} {
		dir := t.TempDir()
		r := yishi(t, "", "--data", dir, "roster", "import", testkit.RosterCSV(t, tc.row), "--village", "阿北村", "--yes")
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) || len(r.stderr) > 1000 {
			t.Errorf("exit %d, stderr %.300q", r.code, r.stderr)
		}
		if !archiveEmpty(t, dir) {
			t.Error("a refused roster wrote")
		}
	}
}

// TestRosterImportAmbiguousWritesNothing: a row that could be either of two people refuses the
// whole file, the good rows too.
func TestRosterImportAmbiguousWritesNothing(t *testing.T) {
	dir := demoDir(t)
	before, _ := archivePeople(t, dir)
	file := testkit.RosterCSV(t, "新来的,男,,党员,99,,", "侯晓春,女,,,2,13800000000,", "侯晓春,女,,,,13900000000,")
	r := yishi(t, "", "--data", dir, "roster", "import", file, "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "第 3 行和第 4 行都是档案里的「侯晓春」") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if after, _ := archivePeople(t, dir); !reflect.DeepEqual(before, after) {
		t.Error("a refused roster wrote")
	}
}
