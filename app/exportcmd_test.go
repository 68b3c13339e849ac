package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"yishi/export"
	"yishi/meeting"
)

// demoDir is a data directory holding the demo village.
func demoDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mustOK(t, yishi(t, "", "--data", dir, "demo"))
	return dir
}

// The demo's records the tests export: the representatives' meeting that resolved the service
// centre matter, and that matter, which has both notices.
const (
	demoResolution = "10"
	demoMatter     = "2"
)

func TestExportEachKindAndFormat(t *testing.T) {
	dir := demoDir(t)
	out := t.TempDir()
	for _, f := range []string{"md", "html", "txt"} {
		for _, doc := range [][]string{
			{"minutes", demoResolution},
			{"notice", demoMatter, "--kind", "resolution"},
			{"notice", demoMatter, "--kind", "result"},
		} {
			file := filepath.Join(out, doc[0]+doc[len(doc)-1]+"."+f)
			args := append([]string{"--data", dir, "export"}, doc...)
			r := mustOK(t, yishi(t, "", append(args, "--format", f, "-o", file)...))
			if !strings.Contains(r.stderr, file) {
				t.Errorf("export %v does not say where it wrote: %q", doc, r.stderr)
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := export.ReadReference(data)
			if err != nil || ref.Format != export.Format(f) || ref.Code == "" {
				t.Errorf("%s: reference %+v, %v", file, ref, err)
			}
			// Without -o, the same document on stdout.
			if std := mustOK(t, yishi(t, "", append(args, "--format", f)...)).stdout; std != string(data) {
				t.Errorf("%v %s: stdout differs from the file", doc, f)
			}
		}
	}
	text, _ := os.ReadFile(filepath.Join(out, "noticeresult.txt"))
	if !strings.Contains(string(text), "实施结果公告") {
		t.Errorf("the result notice:\n%s", text)
	}
}

func TestExportUsageAndMissingNotice(t *testing.T) {
	dir := demoDir(t)
	for _, args := range [][]string{
		{"export", "minutes"},
		{"export", "minutes", "十"},
		{"export", "notice", demoMatter},
		{"export", "notice", demoMatter, "--kind", "other"},
		{"export", "minutes", demoResolution, "--format", "pdf"},
		{"export", "pdf"},
		{"verify"},
		{"verify", "--archive", "a.md"},
	} {
		if r := yishi(t, "", append([]string{"--data", dir}, args...)...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)\n%s", args, r.code, r.stderr)
		}
	}
	// The street lights have no notice yet: say so, and what to do.
	r := yishi(t, "", "--data", dir, "export", "notice", "3", "--kind", "resolution")
	if r.code != 1 || !strings.Contains(r.stderr, "还没有决议公告") || !strings.Contains(r.stderr, "F3") {
		t.Errorf("a missing notice: exit %d, %q", r.code, r.stderr)
	}
	if r := yishi(t, "", "--data", dir, "export", "minutes", "99"); r.code != 1 || !strings.Contains(r.stderr, "yishi meetings") {
		t.Errorf("a missing meeting: exit %d, %q", r.code, r.stderr)
	}
	if r := yishi(t, "", "help"); !strings.Contains(r.stdout, "yishi export notice 事项编号 --kind resolution|result") || !strings.Contains(r.stdout, "yishi verify --archive") {
		t.Errorf("usage lacks the new commands:\n%s", r.stdout)
	}
}

// TestExportUnmasked: the internal copy has the supervision chair's phone number in full, the
// public one does not, in every format.
func TestExportUnmasked(t *testing.T) {
	dir := demoDir(t)
	var a meeting.Archive
	if err := json.Unmarshal([]byte(mustOK(t, yishi(t, "", "--data", dir, "export", "json")).stdout), &a); err != nil {
		t.Fatal(err)
	}
	phone := ""
	for _, p := range a.People {
		if p.Name == "董建国" {
			phone = p.Phone
		}
	}
	if len(phone) != 11 {
		t.Fatalf("no phone for 董建国: %q", phone)
	}
	for _, f := range []string{"md", "html", "txt"} {
		args := []string{"--data", dir, "export", "notice", demoMatter, "--kind", "resolution", "--format", f}
		public := mustOK(t, yishi(t, "", args...)).stdout
		internal := mustOK(t, yishi(t, "", append(args, "--unmasked")...)).stdout
		if strings.Contains(public, phone) || !strings.Contains(public, phone[7:]) {
			t.Errorf("%s: the public notice does not mask %s", f, phone)
		}
		if !strings.Contains(internal, phone) || !strings.Contains(internal, "内部存档") {
			t.Errorf("%s: the unmasked notice lacks %s or its label", f, phone)
		}
	}
}

// TestVerifyFiles: an untouched export verifies in each format and masking; one changed character
// is found and its line named.
func TestVerifyFiles(t *testing.T) {
	dir := demoDir(t)
	out := t.TempDir()
	for _, f := range []string{"md", "html", "txt"} {
		for _, doc := range [][]string{
			{"minutes", demoResolution},
			{"notice", demoMatter, "--kind", "resolution"},
			{"notice", demoMatter, "--kind", "result", "--unmasked"},
		} {
			file := filepath.Join(out, strings.Join(doc, "")+"."+f)
			mustOK(t, yishi(t, "", append(append([]string{"--data", dir, "export"}, doc...), "--format", f, "-o", file)...))
			r := yishi(t, "", "--data", dir, "verify", file)
			if r.code != 0 || !strings.HasPrefix(r.stdout, "一致：") || !strings.Contains(r.stdout, "校验码") {
				t.Errorf("%s: untouched export: exit %d\n%s%s", file, r.code, r.stdout, r.stderr)
			}
			// One character of the record changed: 村 becomes 材 in the first line that has it
			// after the heading.
			data, _ := os.ReadFile(file)
			lines := strings.Split(string(data), "\n")
			changed := -1
			body := slices.IndexFunc(lines, func(l string) bool {
				return strings.Contains(l, "到会情况") || strings.Contains(l, "决策程序") || strings.Contains(l, "决议情况")
			})
			for i := max(body, 1); i < len(lines); i++ {
				if strings.Contains(lines[i], "村") { // in text: tags are ASCII
					lines[i] = strings.Replace(lines[i], "村", "材", 1)
					changed = i + 1
					break
				}
			}
			if changed < 0 {
				t.Fatalf("%s: no line to change", file)
			}
			if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			r = yishi(t, "", "--data", dir, "verify", file)
			if r.code != 1 || !strings.HasPrefix(r.stdout, "不一致：") || !strings.Contains(r.stdout, "材") ||
				!regexp.MustCompile(`第 \d+ 行`).MatchString(r.stdout) {
				t.Errorf("%s: a changed character (line %d): exit %d\n%s%s", file, changed, r.code, r.stdout, r.stderr)
			}
			if f != "html" && !strings.Contains(r.stdout, "第 "+strconv.Itoa(changed)+" 行") {
				t.Errorf("%s: the changed line %d is not named:\n%s", file, changed, r.stdout)
			}
		}
	}
	// Not an export at all.
	junk := filepath.Join(out, "junk.txt")
	os.WriteFile(junk, []byte("随便写的一段话\n"), 0o644)
	if r := yishi(t, "", "--data", dir, "verify", junk); r.code != 1 || !strings.Contains(r.stderr, "校验码") {
		t.Errorf("junk: exit %d, %q", r.code, r.stderr)
	}
}

// tamper exports the archive of dir as JSON, changes it, and imports it into a new directory.
func tamper(t *testing.T, dir string, change func(a *meeting.Archive)) string {
	t.Helper()
	other, r := tamperedImport(t, dir, change)
	mustOK(t, r)
	return other
}

// tamperedImport exports the archive of dir as JSON, changes it, and runs yishi import of it
// into a new directory.
func tamperedImport(t *testing.T, dir string, change func(a *meeting.Archive)) (string, result) {
	t.Helper()
	var a meeting.Archive
	if err := json.Unmarshal([]byte(mustOK(t, yishi(t, "", "--data", dir, "export", "json")).stdout), &a); err != nil {
		t.Fatal(err)
	}
	change(&a)
	data, err := export.JSON(&a)
	if err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	return other, yishi(t, string(data), "--data", other, "import")
}

// refusedSeals checks that an import was refused for the seals that do not hold, naming each of
// want, and wrote nothing.
func refusedSeals(t *testing.T, what, dir string, r result, want ...string) {
	t.Helper()
	if r.code != 1 || !strings.Contains(r.stderr, "封存记录被改动过，什么也没有写入") {
		t.Errorf("%s: import exit %d\n%s%s", what, r.code, r.stdout, r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("%s: the refusal does not name %q:\n%s", what, w, r.stderr)
		}
	}
	if r := mustOK(t, yishi(t, "", "--data", dir, "meetings")); strings.Contains(r.stdout, "阿北村") {
		t.Errorf("%s: the refused import wrote records:\n%s", what, r.stdout)
	}
}

func TestVerifyArchive(t *testing.T) {
	dir := demoDir(t)
	r := mustOK(t, yishi(t, "", "--data", dir, "verify", "--archive"))
	if !strings.Contains(r.stdout, "校验通过") || !strings.Contains(r.stdout, "24 份封存的会议记录") {
		t.Errorf("the demo:\n%s", r.stdout)
	}
	// A statement of a sealed meeting rewritten, in a copy of the archive: no import takes it.
	// (verify --archive finding records changed inside the store: storage's TestTamper.)
	bad, r := tamperedImport(t, dir, func(a *meeting.Archive) {
		for i := range a.Statements {
			if a.Statements[i].MeetingID.Local() == 10 {
				a.Statements[i].Text = strings.Replace(a.Statements[i].Text, "同意", "反对", 1)
				return
			}
		}
	})
	refusedSeals(t, "a rewritten statement", bad, r, "会议 10（")
	// The first seal replaced: that record no longer matches it, and the next one's chain breaks.
	gap, r := tamperedImport(t, dir, func(a *meeting.Archive) { a.Meetings[0].Seal = strings.Repeat("0", 64) })
	refusedSeals(t, "a replaced seal", gap, r, "会议 1（", "会议 2（")
}
