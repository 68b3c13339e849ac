package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"yishi/app/internal/testkit"
	"yishi/meeting"
)

// TestBadInputLeavesArchive runs every command that writes (and those taking IDs and flags)
// with bad input, against a full archive (the demo) and an empty one. Each must fail with the
// exit status of its kind (1: the input is wrong; 2: the command line cannot be read), a
// message with Chinese in it on stderr and nothing on stdout, and leave the archive exactly as
// it was: `yishi export json` gives the same bytes before and after.
func TestBadInputLeavesArchive(t *testing.T) {
	full := demoDir(t)
	empty := filepath.Join(t.TempDir(), "empty")
	mustOK(t, yishi(t, "", "--data", empty, "init")) // an archive without records
	good := archiveJSON(t, full)

	files := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	spoilt := func(name string, spoil func(a *meeting.Archive)) string {
		var a meeting.Archive
		if err := json.Unmarshal([]byte(good), &a); err != nil {
			t.Fatal(err)
		}
		spoil(&a)
		b, err := json.Marshal(&a)
		if err != nil {
			t.Fatal(err)
		}
		return file(name, string(b))
	}
	format := meeting.ArchiveFormat
	goodJSON := file("good.json", good)
	backup := filepath.Join(files, "full.yishi-backup")
	mustOK(t, yishi(t, "", "--data", full, "backup", backup))
	roster, err := os.ReadFile(testkit.RosterFile("roster-abei.csv"))
	if err != nil {
		t.Fatal(err)
	}
	badRows := strings.Split(string(roster), "\n")
	badRows[3] = strings.Replace(badRows[3], "19340026360", "1934002636", 1)
	junk := "\x00\x01\xff\xfe\x89PNG\r\n\x1a\n" + strings.Repeat("\x00垃圾", 50)

	missing := filepath.Join(files, "没有这个文件.json")
	type row struct {
		name  string
		stdin string
		args  []string
		code  int
	}
	rows := []row{
		// yishi import: broken, forged, doubled, dangling, or into an archive that has data.
		{"import broken json", "", []string{"import", file("broken.json", `{"format":"`+format+`","version":1,"villages":[{"id":1,`)}, 1},
		{"import json from stdin", `{"format":"` + format + `","villages":`, []string{"import"}, 1},
		{"import another format", "", []string{"import", file("forged.json", `{"format":"other-program","version":1,"villages":[]}`)}, 1},
		{"import no format", "", []string{"import", file("noformat.json", `{"version":1,"villages":[]}`)}, 1},
		{"import newer version", "", []string{"import", file("newer.json", strings.Replace(good, `"version": 2`, `"version": 99`, 1))}, 1},
		{"import unknown field", "", []string{"import", file("unknown.json", strings.Replace(good, `"villages": [`, `"extra": 1, "villages": [`, 1))}, 1},
		{"import two archives in one file", "", []string{"import", file("twice.json", good+good)}, 1},
		{"import duplicate village", "", []string{"import", spoilt("dupvillage.json", func(a *meeting.Archive) { a.Villages = append(a.Villages, a.Villages[0]) })}, 1},
		{"import duplicate person id", "", []string{"import", spoilt("dupperson.json", func(a *meeting.Archive) { a.People[1].ID = a.People[0].ID })}, 1},
		{"import dangling statement", "", []string{"import", spoilt("dangling.json", func(a *meeting.Archive) { a.Statements[0].MeetingID = 9999 })}, 1},
		{"import unknown status", "", []string{"import", spoilt("status.json", func(a *meeting.Archive) { a.Meetings[0].Status = "sealed" })}, 1},
		{"import village without name", "", []string{"import", spoilt("noname.json", func(a *meeting.Archive) { a.Villages[0].Name = " " })}, 1},
		{"import a sealed meeting edited", "", []string{"import", spoilt("edited.json", func(a *meeting.Archive) {
			for i := range a.Meetings {
				if a.Meetings[i].Status == meeting.Final {
					a.Meetings[i].Place += "（改）"
					return
				}
			}
		})}, 1},
		{"import a forged seal", "", []string{"import", spoilt("forged-seal.json", func(a *meeting.Archive) {
			for i := range a.Meetings {
				if a.Meetings[i].Status == meeting.Final {
					a.Meetings[i].Seal = "forged"
					return
				}
			}
		})}, 1},
		{"import empty file", "", []string{"import", file("empty.json", "")}, 1},
		{"import binary junk", "", []string{"import", file("junk.json", junk)}, 1},
		{"import a missing file", "", []string{"import", missing}, 1},
		{"import a folder", "", []string{"import", files}, 1},
		{"import two files", "", []string{"import", goodJSON, goodJSON}, 2},
		{"import unknown flag", "", []string{"import", "--bogus", goodJSON}, 2},

		// yishi roster import: a roster that cannot be read, or rows that are wrong.
		{"roster missing file", "", []string{"roster", "import", missing, "--village", "阿北村"}, 1},
		{"roster empty file", "", []string{"roster", "import", file("empty.csv", ""), "--village", "阿北村"}, 1},
		{"roster header only", "", []string{"roster", "import", file("head.csv", "姓名,性别\r\n"), "--village", "阿北村"}, 1},
		{"roster without a name column", "", []string{"roster", "import", file("noname.csv", "编号,备注\n1,x\n"), "--village", "阿北村"}, 1},
		{"roster binary junk", "", []string{"roster", "import", file("junk.csv", junk), "--village", "阿北村"}, 1},
		{"roster bad phone", "", []string{"roster", "import", file("badrows.csv", strings.Join(badRows, "\n")), "--village", "阿北村"}, 1},
		{"roster a folder", "", []string{"roster", "import", files, "--village", "阿北村"}, 1},
		{"roster two files", "", []string{"roster", "import", goodJSON, goodJSON}, 2},
		{"roster no file", "", []string{"roster", "import"}, 2},
		{"roster unknown flag", "", []string{"roster", "import", "--bogus", testkit.RosterFile("roster-abei.csv")}, 2},
		{"roster unknown subcommand", "", []string{"roster", "export"}, 2},

		// yishi demo.
		{"demo bad villages", "", []string{"demo", "--villages", "x", "--years", "1"}, 2},
		{"demo villages without years", "", []string{"demo", "--villages", "3"}, 2},
		{"demo too many villages", "", []string{"demo", "--villages", "2000", "--years", "1"}, 2},
		{"demo negative years", "", []string{"demo", "--villages", "1", "--years", "-1"}, 2},
		{"demo argument", "", []string{"demo", "阿北村"}, 2},

		// yishi restore: what is not a backup, or nothing at all.
		{"restore a json file", "", []string{"restore", goodJSON}, 1},
		{"restore junk", "", []string{"restore", file("junk.yishi-backup", junk)}, 1},
		{"restore an empty file", "", []string{"restore", file("empty.yishi-backup", "")}, 1},
		{"restore a truncated backup", "", []string{"restore", file("cut.yishi-backup", string(mustRead(t, backup)[:200]))}, 1},
		{"restore a missing file", "", []string{"restore", missing}, 1},
		{"restore a folder", "", []string{"restore", files}, 1},
		{"restore no file", "", []string{"restore"}, 2},
		{"restore bad force", "", []string{"restore", backup, "--force=maybe"}, 2},

		// IDs, kinds and formats of the commands that read.
		{"minutes id not a number", "", []string{"export", "minutes", "第十"}, 2},
		{"minutes id zero", "", []string{"export", "minutes", "0"}, 2},
		{"minutes id negative", "", []string{"export", "minutes", "-1"}, 2},
		{"minutes id too large", "", []string{"export", "minutes", "18446744073709551616"}, 2},
		{"minutes no such meeting", "", []string{"export", "minutes", "99999"}, 1},
		{"minutes bad format", "", []string{"export", "minutes", "1", "--format", "pdf"}, 2},
		{"notice bad kind", "", []string{"export", "notice", "1", "--kind", "other"}, 2},
		{"notice no kind", "", []string{"export", "notice", "1"}, 2},
		{"notice no such matter", "", []string{"export", "notice", "99999", "--kind", "result"}, 1},
		{"export unknown document", "", []string{"export", "minute", "1"}, 2},
		{"export json argument", "", []string{"export", "json", "out.json"}, 2},
		{"search bad village", "", []string{"search", "--village", "阿北", "路灯"}, 2},
		{"search no such village", "", []string{"search", "--village", "999", "路灯"}, 1},
		{"search bad limit", "", []string{"search", "--limit", "-3", "路灯"}, 2},
		{"search nothing", "", []string{"search", "  "}, 2},
		{"verify a missing file", "", []string{"verify", missing}, 1},
		{"meetings unknown flag", "", []string{"meetings", "--since", "2026-13-01"}, 2},
		{"backup into a missing folder", "", []string{"backup", filepath.Join(files, "无", "b.yishi-backup")}, 1},
		{"unknown command", "", []string{"frobnicate"}, 2},
		{"data without a value", "", []string{"meetings", "--data"}, 2},

		// Issue 17: inputs that were accepted and destroyed data, or answered in Go's English.
		{"roster re-import changing people, no terminal", "", []string{"roster", "import", file("one.csv", rosterHead+"金昌义,男,党支部书记,,1,13800000000,\n")}, 1},
		{"roster re-import replacing, no terminal", "", []string{"roster", "import", file("replace.csv", rosterHead+"金昌义,男,,,1,,\n"), "--replace"}, 1},
		{"roster re-import into a mistyped village", "", []string{"roster", "import", file("new.csv", rosterHead+"新来的,男,,,99,,\n"), "--village", "不存在村"}, 1},
		{"roster with a NUL in a name", "", []string{"roster", "import", file("nul.csv", rosterHead+"金\x00昌义,男,,,1,,\n")}, 1},
		{"roster with a 1 MB post", "", []string{"roster", "import", file("huge.csv", rosterHead+"金昌义,男,"+strings.Repeat("书记", 1<<19)+",,1,,\n")}, 1},
		{"backup over a roster file", "", []string{"backup", file("花名册.csv", rosterHead)}, 1},
		{"backup over an older backup", "", []string{"backup", backup}, 1},
		{"read a mistyped data directory", "", []string{"meetings", "--data", filepath.Join(files, "typo")}, 1},
		{"search a folder that is no archive", "", []string{"search", "路灯", "--data", files}, 1},
		{"data given empty", "", []string{"--data", "", "meetings"}, 2},
		{"import an id of 1e300", "", []string{"import", file("bigid.json", regexp.MustCompile(`"id": [0-9]+,`).ReplaceAllLiteralString(good, `"id": 1e300,`))}, 1},
		{"import a directory", "", []string{"import", files}, 1},
		{"export into a missing folder", "", []string{"export", "json", "-o", filepath.Join(files, "无", "a.json")}, 1},
		{"export onto a folder", "", []string{"export", "json", "-o", files}, 1},
		{"search limit not a number", "", []string{"search", "路灯", "--limit", "abc"}, 2},
		{"help as a flag", "", []string{"--data", files, "frobnicate", "--help"}, 2},
	}
	tried, handled := 0, 0
	for _, st := range []struct{ name, dir string }{{"full", full}, {"empty", empty}} {
		before := archiveJSON(t, st.dir)
		for _, c := range rows {
			if st.name == "empty" && strings.HasPrefix(c.name, "roster re-import") {
				continue // nobody to re-import into: a first import is fine there
			}
			tried++
			failed := false
			// An import into the empty archive reaches the checks of the file itself; into the
			// full one it must be refused as well. Both must leave the archive alone.
			r := yishi(t, c.stdin, append([]string{"--data", st.dir}, c.args...)...)
			if r.code != c.code {
				failed = true
				t.Errorf("%s, %s archive: exit %d, want %d\nstdout: %s\nstderr: %.300s", c.name, st.name, r.code, c.code, r.stdout, r.stderr)
			}
			if !hasHan(r.stderr) || goWords.MatchString(r.stderr) {
				failed = true
				t.Errorf("%s, %s archive: no plain Chinese message: %.300q", c.name, st.name, r.stderr)
			}
			if r.stdout != "" && !strings.HasPrefix(c.name, "roster") { // the roster's plan is printed
				failed = true
				t.Errorf("%s, %s archive: a failure printed on stdout: %q", c.name, st.name, r.stdout)
			}
			if after := archiveJSON(t, st.dir); after != before {
				t.Fatalf("%s, %s archive: the archive changed (%d bytes, was %d)", c.name, st.name, len(after), len(before))
			}
			if !failed {
				handled++
			}
		}
	}
	// make soak prints this line.
	t.Logf("bad inputs: %d tried, %d handled", tried, handled)

	// What is fine into an empty archive is refused into a full one, and changes nothing; the
	// archive's own file imported into it again is collected and changes nothing either.
	before := archiveJSON(t, full)
	if r := yishi(t, "", "--data", full, "import", goodJSON); r.code != 0 || !strings.Contains(r.stderr, "没有改动") {
		t.Errorf("the archive's own file into it: exit %d, %q", r.code, r.stderr)
	}
	if archiveJSON(t, full) != before {
		t.Fatal("the archive's own file imported into it changed it")
	}
	for _, args := range [][]string{{"demo"}, {"restore", backup}, {"restore", backup, "--force"}} {
		r := yishi(t, "", append([]string{"--data", full}, args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, "已经有数据") || r.stdout != "" {
			t.Errorf("%v into the full archive: exit %d\nstdout: %s\nstderr: %s", args, r.code, r.stdout, r.stderr)
		}
		if archiveJSON(t, full) != before {
			t.Fatalf("%v into the full archive changed it", args)
		}
	}
}

// rosterHead is the header row of a roster file.
const rosterHead = "姓名,性别,职务,所属组织,户号,联系电话,身份证号\n"

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
