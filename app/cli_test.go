package app

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/app/ui"
	"yishi/meeting"
	"yishi/storage"
)

// result is what one run of the program printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// yishi runs the program in-process with the given arguments and standard input.
func yishi(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(Env{
		Args: args, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return testkit.FixedNow },
		Open:   func(dir string) (core.Store, error) { return storage.Open(dir) },
	})
	return result{code, out.String(), errOut.String()}
}

func mustOK(t *testing.T, r result) result {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	return r
}

// archiveEmpty opens dir and reports whether it holds no village.
func archiveEmpty(t *testing.T, dir string) bool {
	t.Helper()
	s, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	empty, err := s.Empty()
	if err != nil {
		t.Fatal(err)
	}
	return empty
}

func TestDemoMeetingsMattersJSON(t *testing.T) {
	dir := t.TempDir()
	mustOK(t, yishi(t, "", "--data", dir, "demo"))

	var meetings []map[string]any
	if err := json.Unmarshal([]byte(mustOK(t, yishi(t, "", "meetings", "--json", "--data", dir)).stdout), &meetings); err != nil {
		t.Fatal(err)
	}
	var evening map[string]any
	for _, m := range meetings {
		if m["village"] != "阿北村" {
			t.Errorf("meeting of another village: %v", m["village"])
		}
		if m["form"] == "夜话乡村" {
			evening = m
		}
	}
	if evening == nil || evening["present"] != float64(23) || evening["host"] != "金昌义" {
		t.Errorf("the sample evening is missing or wrong: %v", evening)
	}
	for _, k := range []string{"id", "village_id", "date", "start", "kind", "kind_label", "title", "status", "expected", "present"} {
		if _, ok := meetings[0][k]; !ok {
			t.Errorf("meetings --json lacks key %q", k)
		}
	}

	var matters []map[string]any
	if err := json.Unmarshal([]byte(mustOK(t, yishi(t, "", "matters", "--json", "--data", dir)).stdout), &matters); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range matters {
		if strings.Contains(m["title"].(string), "电脑") {
			found = true
			if m["stage"] != string(meeting.ResultPosted) || m["stage_label"] != "结果公开" {
				t.Errorf("the demo matter is at %v, want result_posted", m["stage"])
			}
		}
	}
	if !found {
		t.Errorf("no computer and sound system matter in %v", matters)
	}

	// The human listing is Chinese and aligned; the demo passes every check.
	if out := mustOK(t, yishi(t, "", "--data", dir, "meetings")).stdout; !strings.Contains(out, "夜话乡村") || !strings.Contains(out, "编号") {
		t.Errorf("meetings listing:\n%s", out)
	}
	if r := yishi(t, "", "--data", dir, "check"); r.code != 0 || !strings.Contains(r.stdout, "没有发现问题") {
		t.Errorf("check on the demo: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestDemoRefusesNonEmpty(t *testing.T) {
	dir := t.TempDir()
	mustOK(t, yishi(t, "", "--data", dir, "demo"))
	before := mustOK(t, yishi(t, "", "--data", dir, "export", "json")).stdout
	r := yishi(t, "", "--data", dir, "demo")
	if r.code != 1 || !strings.Contains(r.stderr, "已经有数据") {
		t.Errorf("second demo: exit %d, stderr %q", r.code, r.stderr)
	}
	if after := mustOK(t, yishi(t, "", "--data", dir, "export", "json")).stdout; after != before {
		t.Error("a refused demo changed the archive")
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	mustOK(t, yishi(t, "", "--data", a, "demo"))
	first := mustOK(t, yishi(t, "", "--data", a, "export", "json")).stdout
	mustOK(t, yishi(t, first, "--data", b, "import"))
	second := mustOK(t, yishi(t, "", "--data", b, "export", "json")).stdout
	if first != second {
		t.Fatalf("round trip changed the archive (%d bytes, then %d)", len(first), len(second))
	}
	// -o writes the same bytes to a file; import reads a file too.
	file := filepath.Join(t.TempDir(), "archive.json")
	mustOK(t, yishi(t, "", "--data", a, "export", "json", "-o", file))
	data, err := os.ReadFile(file)
	if err != nil || string(data) != first {
		t.Fatalf("export -o wrote different bytes: %v", err)
	}
	c := t.TempDir()
	mustOK(t, yishi(t, "", "--data", c, "import", file))
	if third := mustOK(t, yishi(t, "", "--data", c, "export", "json")).stdout; third != first {
		t.Error("import from a file changed the archive")
	}
}

func TestImportAllOrNothing(t *testing.T) {
	src := t.TempDir()
	mustOK(t, yishi(t, "", "--data", src, "demo"))
	good := mustOK(t, yishi(t, "", "--data", src, "export", "json")).stdout

	var a meeting.Archive
	if err := json.Unmarshal([]byte(good), &a); err != nil {
		t.Fatal(err)
	}
	tests := map[string]func(a *meeting.Archive){
		"dangling statement": func(a *meeting.Archive) { a.Statements[len(a.Statements)-1].MeetingID = 999 },
		"votes beyond present": func(a *meeting.Archive) {
			for i := range a.Meetings {
				for j := range a.Meetings[i].Items {
					if v := a.Meetings[i].Items[j].Vote; v != nil {
						v.Ayes = a.Meetings[i].Attendance.Present + 1
						return
					}
				}
			}
		},
		"duplicate person id": func(a *meeting.Archive) { a.People[1].ID = a.People[0].ID },
	}
	for name, spoil := range tests {
		t.Run(name, func(t *testing.T) {
			var bad meeting.Archive
			if err := json.Unmarshal([]byte(good), &bad); err != nil {
				t.Fatal(err)
			}
			spoil(&bad)
			data, _ := json.Marshal(&bad)
			dir := t.TempDir()
			r := yishi(t, string(data), "--data", dir, "import")
			if r.code != 1 || !strings.Contains(r.stderr, "没有导入任何内容") {
				t.Errorf("exit %d, stderr %q", r.code, r.stderr)
			}
			if !archiveEmpty(t, dir) {
				t.Error("a refused import wrote records")
			}
		})
	}
	for name, text := range map[string]string{
		"not json":      "这不是 JSON",
		"other format":  `{"format":"x","version":1}`,
		"newer version": strings.Replace(good, `"version": 2`, `"version": 99`, 1),
		"unknown field": strings.Replace(good, `"villages": [`, `"extra": 1, "villages": [`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if r := yishi(t, text, "--data", dir, "import"); r.code != 1 {
				t.Errorf("exit %d, stderr %q", r.code, r.stderr)
			}
			if !archiveEmpty(t, dir) {
				t.Error("a refused import wrote records")
			}
		})
	}
	// Into the archive it came from: collected, nothing to change, and it says so.
	r := yishi(t, good, "--data", src, "import")
	if r.code != 0 || !strings.Contains(r.stderr, "没有改动") {
		t.Errorf("import into the archive it came from: exit %d, %q", r.code, r.stderr)
	}
}

func TestRosterImportUTF8AndGBK(t *testing.T) {
	var people [2]string
	for i, f := range []string{"roster-abei.csv", "roster-abei-gbk.csv"} {
		dir := t.TempDir()
		r := mustOK(t, yishi(t, "", "--data", dir, "roster", "import", testkit.RosterFile(f), "--village", "阿北村", "--yes"))
		if !strings.Contains(r.stdout, "新增 45 人") || !strings.Contains(r.stdout, "档案里还没有村：将新建村「阿北村」") {
			t.Errorf("%s: %s", f, r.stdout)
		}
		var a meeting.Archive
		if err := json.Unmarshal([]byte(mustOK(t, yishi(t, "", "--data", dir, "export", "json")).stdout), &a); err != nil {
			t.Fatal(err)
		}
		// Each import made its village, in a space of its own: the numbers in it are the same.
		b, _ := json.Marshal(meeting.Localized(a.People))
		people[i] = string(b)
		// Importing again finds the same people as they are, and writes nothing.
		r = mustOK(t, yishi(t, "", "--data", dir, "roster", "import", testkit.RosterFile(f)))
		if !strings.Contains(r.stdout, "没有要改的：文件里的 45 人和档案里的花名册完全一致") {
			t.Errorf("re-import: %s", r.stdout)
		}
	}
	if people[0] != people[1] {
		t.Error("the UTF-8 and GBK rosters gave different people")
	}
}

func TestRosterImportBadRows(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(testkit.RosterFile("roster-abei.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	lines[3] = strings.Replace(lines[3], "19340026360", "1934002636", 1)                // line 4: short phone
	lines[9] = strings.Replace(lines[9], "230381198202287438", "230381198202287439", 1) // line 10: check digit
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	r := yishi(t, "", "--data", dir, "roster", "import", bad, "--village", "阿北村")
	if r.code != 1 || !strings.Contains(r.stderr, "第 4 行") || !strings.Contains(r.stderr, "第 10 行") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if !archiveEmpty(t, dir) {
		t.Error("a refused roster wrote records")
	}
	if r := yishi(t, "", "--data", dir, "roster", "import", testkit.RosterFile("roster-abei.csv")); r.code != 1 || !strings.Contains(r.stderr, "--village") {
		t.Errorf("no village named in an empty archive: exit %d %q", r.code, r.stderr)
	}
}

func TestLockedDirectory(t *testing.T) {
	dir := t.TempDir()
	s, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := yishi(t, "", "--data", dir, "meetings")
	if r.code != 1 || !strings.Contains(r.stderr, "正被另一个 yishi 使用") || !strings.Contains(r.stderr, dir) {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "Cannot acquire") || strings.Contains(r.stderr, "goroutine") {
		t.Errorf("raw Badger text or a trace reached the user: %q", r.stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"frobnicate"},
		{"meetings", "--nosuch"},
		{"demo", "--villages", "3"},
		{"roster"},
		{"export"},
		{"import", "a", "b"},
	} {
		r := yishi(t, "", append([]string{"--data", dir}, args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, "yishi help") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if r := mustOK(t, yishi(t, "", "version")); !strings.HasPrefix(r.stdout, "yishi ") {
		t.Errorf("version: %q", r.stdout)
	}
}

func TestDefaultDataDir(t *testing.T) {
	env := map[string]string{"YISHI_DATA": "/srv/yishi"}
	if d, _ := DefaultDataDir(func(k string) string { return env[k] }); d != "/srv/yishi" {
		t.Errorf("YISHI_DATA ignored: %s", d)
	}
	env = map[string]string{"XDG_DATA_HOME": "/home/x/.data"}
	if d, _ := DefaultDataDir(func(k string) string { return env[k] }); d != filepath.Join("/home/x/.data", "yishi") {
		t.Errorf("XDG_DATA_HOME ignored: %s", d)
	}
}

// TestReadCommandsCreateNoArchive: a read command on a mistyped --data said 「还没有会议记录」
// and left an empty archive behind; --data "" did the same to the current folder. Each now says
// what is wrong, exits 1 (2 for --data ""), and creates nothing.
func TestReadCommandsCreateNoArchive(t *testing.T) {
	base := t.TempDir()
	typo := filepath.Join(base, "typo")
	other := filepath.Join(base, "photos")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(other, "a.jpg"), []byte("x"), 0o644)
	cwd := t.TempDir()
	t.Chdir(cwd)
	reads := [][]string{
		{"meetings"}, {"matters"}, {"check"}, {"search", "便桥"}, {"export", "json"},
		{"export", "minutes", "1"}, {"export", "notice", "1", "--kind", "resolution"}, {"verify", "--archive"},
	}
	for _, args := range reads {
		for _, dir := range []string{typo, other} {
			r := yishi(t, "", append([]string{"--data", dir}, args...)...)
			if r.code != 1 || !strings.Contains(r.stderr, dir) || !strings.Contains(r.stderr, "--data") || r.stdout != "" {
				t.Errorf("%v on %s: exit %d, stdout %q, stderr %q", args, filepath.Base(dir), r.code, r.stdout, r.stderr)
			}
		}
		if _, err := os.Stat(typo); err == nil {
			t.Fatalf("%v created the mistyped data directory", args)
		}
		if entries, _ := os.ReadDir(other); len(entries) != 1 {
			t.Fatalf("%v wrote into a folder that is not an archive: %d entries", args, len(entries))
		}
		r := yishi(t, "", append([]string{"--data", ""}, args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, "--data 后面要写数据目录") {
			t.Errorf("%v --data \"\": exit %d, %q", args, r.code, r.stderr)
		}
		if r := yishi(t, "", append(args, "--data", "")...); r.code != 2 {
			t.Errorf("%v, then --data \"\": exit %d, %q", args, r.code, r.stderr)
		}
		if entries, _ := os.ReadDir(cwd); len(entries) != 0 {
			t.Errorf("%v --data \"\" wrote into the current folder", args)
		}
	}
}

// goWords are bits of Go's own error texts that reached users: 「rename /.yishi-NNN /tmp: file
// exists」, 「json: cannot unmarshal number 1e300」, 「flag: help requested」 …
var goWords = regexp.MustCompile(`no such file|is a directory|file exists|rename |open /|read /|cannot unmarshal|invalid (boolean )?value|parse error|flag: |json: |\.partial`)

// TestMessagesInPlainChinese: the inputs that answered in raw English now say in Chinese what is
// wrong and what to do, exit 1 (2 for a command line that cannot be read), and write nothing.
func TestMessagesInPlainChinese(t *testing.T) {
	dir := demoDir(t)
	files := t.TempDir()
	good := archiveJSON(t, dir)
	write := func(name, content string) string {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := filepath.Join(t.TempDir(), "empty")
	mustOK(t, yishi(t, "", "--data", empty, "init"))
	cases := []struct {
		name string
		data string
		args []string
		code int
		want string
	}{
		{"import a bad date", empty, []string{"import", write("date.json", strings.Replace(good, `"2026-09-08"`, `"2026-13-45"`, 1))}, 1, "2026-13-45"},
		{"import an id of 1e300", empty, []string{"import", write("id.json", regexp.MustCompile(`"id": [0-9]+,`).ReplaceAllLiteralString(good, `"id": 1e300,`))}, 1, "1e300"},
		{"import cut short", empty, []string{"import", write("cut.json", good[:len(good)/2])}, 1, "不完整"},
		{"import a missing file", empty, []string{"import", filepath.Join(files, "没有.json")}, 1, "不存在"},
		{"import a directory", empty, []string{"import", files}, 1, "文件夹"},
		{"export into a missing folder", dir, []string{"export", "minutes", demoResolution, "-o", filepath.Join(files, "没有", "x.md")}, 1, "不存在"},
		{"export onto a folder", dir, []string{"export", "minutes", demoResolution, "-o", files}, 1, "是一个文件夹"},
		{"export json onto a folder", dir, []string{"export", "json", "-o", files}, 1, "是一个文件夹"},
		{"backup into a missing folder", dir, []string{"backup", filepath.Join(files, "没有", "b.yishi-backup")}, 1, "不存在"},
		// A folder that is there but takes no new file (/proc/self): said in words, without the
		// partial file's name or Go's text.
		{"backup into a folder that takes no file", dir, []string{"backup", "/proc/self/b.yishi-backup"}, 1, "写不进"},
		{"export json into a folder that takes no file", dir, []string{"export", "json", "-o", "/proc/self/a.json"}, 1, "写不进"},
		{"search --limit abc", dir, []string{"search", "便桥", "--limit", "abc"}, 2, "「abc」"},
		{"restore --force=maybe", dir, []string{"restore", "--force=maybe", "x"}, 2, "true 或 false"},
	}
	for _, c := range cases {
		before := archiveJSON(t, c.data)
		entries, _ := os.ReadDir(files)
		r := yishi(t, "", append([]string{"--data", c.data}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) || goWords.MatchString(r.stderr) {
			t.Errorf("%s: exit %d (want %d), stderr %q (want %q, and no Go error text)", c.name, r.code, c.code, r.stderr, c.want)
		}
		if archiveJSON(t, c.data) != before {
			t.Errorf("%s changed the archive", c.name)
		}
		if after, _ := os.ReadDir(files); len(after) != len(entries) {
			t.Errorf("%s left %d files where there were %d", c.name, len(after), len(entries))
		}
	}
}

// TestProcIsNotAFullDisk: /proc reads 0 bytes free, and yishi said 「磁盘空间不足」 of it.
func TestProcIsNotAFullDisk(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc here")
	}
	r := yishi(t, "", "--data", "/proc/self", "demo")
	if r.code != 1 || strings.Contains(r.stderr, "磁盘空间不足") || !strings.Contains(r.stderr, "无法写入数据目录") {
		t.Errorf("demo --data /proc/self: exit %d, %q", r.code, r.stderr)
	}
	// A restore into a directory of /proc: the same, for the folder it is to be made in.
	backup := filepath.Join(t.TempDir(), "b.yishi-backup")
	mustOK(t, yishi(t, "", "--data", demoDir(t), "backup", backup))
	r = yishi(t, "", "--data", "/proc/self/restored", "restore", backup)
	if r.code != 1 || strings.Contains(r.stderr, "磁盘空间不足") || !strings.Contains(r.stderr, "/proc/self") {
		t.Errorf("restore --data /proc/self/restored: exit %d, %q", r.code, r.stderr)
	}
}

// TestHelpFlag: -h and --help, before a command or after it, print the Chinese usage to stdout
// and exit 0, never the flag package's English.
func TestHelpFlag(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"}, {"--data", dir, "--help"},
		{"meetings", "--help"}, {"export", "minutes", "-h"}, {"export", "--help"},
		{"roster", "--help"}, {"verify", "--help"}, {"search", "路灯", "-h"},
	} {
		r := yishi(t, "", args...)
		if r.code != 0 || !strings.Contains(r.stdout, "用法：") || r.stderr != "" {
			t.Errorf("%v: exit %d\nstdout: %.80s\nstderr: %s", args, r.code, r.stdout, r.stderr)
		}
	}
	// A flag the program does not know, before the command, is a usage mistake told in Chinese.
	if r := yishi(t, "", "--nosuch"); r.code != 2 || !strings.Contains(r.stderr, "不认识的参数") {
		t.Errorf("--nosuch: exit %d, %q", r.code, r.stderr)
	}
}

// TestLockedDirectorySaysWhatTheScreensDo: a command refused because the screens have the data
// directory open says how to do the same in them, with their real keys; one the screens do not
// offer says only to close them. Nothing is written.
func TestLockedDirectorySaysWhatTheScreensDo(t *testing.T) {
	dir := demoDir(t)
	s, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k := ui.DefaultKeyMap()
	out := filepath.Join(t.TempDir(), "记录.md")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"export", "minutes", "6", "-o", out}, []string{"导出会议记录", k.Home.Open.Help().Key + " 打开", "再按 " + k.Reader.Export.Help().Key + " 导出"}},
		{[]string{"export", "notice", "2", "--kind", "result"}, []string{"导出公告", k.Home.SwitchPane.Help().Key + " 换到事项", "再按 " + k.Matter.Export.Help().Key + " 导出公告"}},
		{[]string{"search", "路灯"}, []string{"按 " + k.Home.Search.Help().Key}},
		{[]string{"meetings"}, []string{"首页列着会议和事项"}},
		{[]string{"check"}, []string{"按 " + k.Home.Attention.Help().Key + " 看需关注"}},
		{[]string{"export", "json"}, nil},
		{[]string{"verify", "--archive"}, nil},
	} {
		r := yishi(t, "", append([]string{"--data", dir}, tc.args...)...)
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "正被另一个 yishi 使用") {
			t.Errorf("%v: exit %d\nstdout: %s\nstderr: %s", tc.args, r.code, r.stdout, r.stderr)
		}
		if (tc.want == nil) != !strings.Contains(r.stderr, "也可以不关") {
			t.Errorf("%v: %q", tc.args, r.stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%v: %q not said:\n%s", tc.args, w, r.stderr)
			}
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a file was written")
	}
}
