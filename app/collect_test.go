package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yishi/meeting"
	"yishi/storage"
)

// archiveOf returns the archive of dir as export json writes it.
func archiveOf(t *testing.T, dir string) meeting.Archive {
	t.Helper()
	var a meeting.Archive
	if err := json.Unmarshal([]byte(mustOK(t, yishi(t, "", "--data", dir, "export", "json")).stdout), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// postedFiles exports, from the village archive dir, every posted notice and every sealed
// meeting's minutes into files, in Markdown and text, and returns their paths.
func postedFiles(t *testing.T, dir string) []string {
	t.Helper()
	a := archiveOf(t, dir)
	out := t.TempDir()
	var files []string
	for _, n := range a.Notices {
		if n.Seal == "" {
			continue
		}
		for _, f := range []string{"md", "txt"} {
			file := filepath.Join(out, fmt.Sprintf("notice-%d-%s.%s", n.ID.Local(), n.Kind, f))
			mustOK(t, yishi(t, "", "--data", dir, "export", "notice", n.MatterID.String(), "--kind", string(n.Kind), "--format", f, "-o", file))
			files = append(files, file)
		}
	}
	for i, m := range a.Meetings {
		if m.Status == meeting.Final && i%5 == 0 {
			file := filepath.Join(out, fmt.Sprintf("minutes-%d.md", m.ID.Local()))
			mustOK(t, yishi(t, "", "--data", dir, "export", "minutes", m.ID.String(), "-o", file))
			files = append(files, file)
		}
	}
	return files
}

// TestCollectVillagesIntoTownship: two villages generated apart, each on its own machine,
// export their bundles; the township collects both into its archive. Every notice and minutes
// file printed at a village verifies against the township's archive exactly as at home (same
// code, same reference line), though the two villages' numbers overlap; an updated bundle
// brings the new records; the same bundle twice changes nothing and says so; a bundle with a
// sealed record edited is refused naming it, and the archive is unchanged.
func TestCollectVillagesIntoTownship(t *testing.T) {
	abei, taohe := t.TempDir(), t.TempDir()
	mustOK(t, yishi(t, "", "--data", abei, "demo"))
	mustOK(t, yishi(t, "", "--data", taohe, "demo", "--villages", "1", "--years", "1"))
	bundles := t.TempDir()
	town := filepath.Join(t.TempDir(), "town")
	for _, home := range []string{abei, taohe} {
		name := archiveOf(t, home).Villages[0].Name
		file := filepath.Join(bundles, name+".json")
		mustOK(t, yishi(t, "", "--data", home, "export", "json", "--village", name, "-o", file))
		r := mustOK(t, yishi(t, "", "--data", town, "import", "--copy", file))
		if !strings.Contains(r.stderr, "已收入 "+name+"，标为副本") {
			t.Errorf("collecting %s: %s", name, r.stderr)
		}
	}
	var printed []string
	for _, home := range []string{abei, taohe} {
		name := archiveOf(t, home).Villages[0].Name
		for _, f := range postedFiles(t, home) {
			at := mustOK(t, yishi(t, "", "--data", home, "verify", f))
			there := mustOK(t, yishi(t, "", "--data", town, "verify", f))
			if !strings.HasPrefix(there.stdout, "一致：【"+name+"】") || strings.TrimPrefix(there.stdout, "一致：【"+name+"】") != strings.TrimPrefix(at.stdout, "一致：") {
				t.Errorf("%s verifies at home as\n%s and in the township as\n%s", filepath.Base(f), at.stdout, there.stdout)
			}
			printed = append(printed, f)
		}
	}
	if len(printed) < 10 {
		t.Fatalf("only %d files compared", len(printed))
	}
	if r := mustOK(t, yishi(t, "", "--data", town, "verify", "--archive")); !strings.Contains(r.stdout, "校验通过：2 个村") {
		t.Errorf("verify --archive of the township: %s", r.stdout)
	}
	// A number both villages have names a record only with the village.
	if r := yishi(t, "", "--data", town, "export", "minutes", "3"); r.code == 0 || !strings.Contains(r.stderr, "--village") {
		t.Errorf("an ambiguous number: exit %d, %q", r.code, r.stderr)
	}
	mustOK(t, yishi(t, "", "--data", town, "export", "minutes", "3", "--village", "阿北村"))

	// More is recorded in 阿北村; its new bundle brings it.
	withStore(t, abei, func(s *storage.Store) {
		vs, _ := s.Villages()
		m := meeting.Meeting{VillageID: vs[0].ID, Kind: meeting.Consultation, Form: "夜话乡村", Title: "冬季防火",
			Place: "村委会院子", Start: time.Date(2026, 12, 2, 19, 0, 0, 0, meeting.Beijing),
			Host: meeting.Ref{Name: "金昌义"}, Recorder: meeting.Ref{Name: "何晓宇"},
			Attendance: meeting.Attendance{Expected: 12, Present: 10}, Items: []meeting.Item{{N: 1, Title: "冬季防火"}}, Status: meeting.Draft}
		if err := s.PutMeeting(&m); err != nil {
			t.Fatal(err)
		}
		st := meeting.Statement{MeetingID: m.ID, Item: 1, Speaker: meeting.Ref{Name: "金昌义"}, At: m.Start.Add(10 * time.Minute), Kind: meeting.Concern, Text: "冬天烧炕要注意防火。"}
		if err := s.AppendStatement(&st); err != nil {
			t.Fatal(err)
		}
	})
	file := filepath.Join(bundles, "阿北村.json")
	mustOK(t, yishi(t, "", "--data", abei, "export", "json", "--village", "阿北村", "-o", file))
	r := mustOK(t, yishi(t, "", "--data", town, "import", file))
	if !strings.Contains(r.stderr, "新增 1 次会议、1 条发言") {
		t.Errorf("the updated bundle: %s", r.stderr)
	}
	if m := mustOK(t, yishi(t, "", "--data", town, "meetings", "--village", "阿北村")).stdout; !strings.Contains(m, "冬季防火") {
		t.Errorf("the new meeting is not in the township:\n%s", m)
	}
	before := mustOK(t, yishi(t, "", "--data", town, "export", "json")).stdout
	r = mustOK(t, yishi(t, "", "--data", town, "import", file))
	if !strings.Contains(r.stderr, "没有改动") {
		t.Errorf("the same bundle twice: %s", r.stderr)
	}
	// A sealed statement edited in the bundle: refused, named, nothing written.
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var b meeting.Archive
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	sealed := map[meeting.ID]bool{}
	for _, m := range b.Meetings {
		sealed[m.ID] = m.Status == meeting.Final
	}
	edited := meeting.ID(0)
	for i := range b.Statements {
		if sealed[b.Statements[i].MeetingID] {
			b.Statements[i].Text += "（后来改的）"
			edited = b.Statements[i].ID
			break
		}
	}
	spoilt := filepath.Join(bundles, "spoilt.json")
	js, _ := json.Marshal(&b)
	if err := os.WriteFile(spoilt, js, 0o600); err != nil {
		t.Fatal(err)
	}
	r = yishi(t, "", "--data", town, "import", spoilt)
	if r.code != 1 || !strings.Contains(r.stderr, fmt.Sprintf("发言 %d", edited)) || !strings.Contains(r.stderr, "什么也没有写入") {
		t.Errorf("an edited sealed statement: exit %d, %q", r.code, r.stderr)
	}
	if after := mustOK(t, yishi(t, "", "--data", town, "export", "json")).stdout; after != before {
		t.Error("a refused bundle changed the archive")
	}
}

// TestCollectKilled kills a collecting import (SIGKILL) while it writes into an archive holding
// a village already: the next command finds the archive exactly as it was.
func TestCollectKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary")
	}
	bin := binary(t)
	src := t.TempDir()
	mustOK(t, yishi(t, "", "--data", src, "demo", "--villages", "4", "--years", "5"))
	file := filepath.Join(t.TempDir(), "archive.json")
	mustOK(t, yishi(t, "", "--data", src, "export", "json", "-o", file))
	dir := t.TempDir()
	mustOK(t, yishi(t, "", "--data", dir, "demo"))
	before := mustOK(t, yishi(t, "", "--data", dir, "export", "json")).stdout

	// Kill it once two tables of collected records are on disk (a table is a memtable, 8 MB,
	// written out): the import is well under way, and far from done.
	start := tablesIn(dir)
	killImportWhen(t, bin, dir, file, func() bool { return tablesIn(dir) >= start+2 })
	if after := mustOK(t, yishi(t, "", "--data", dir, "export", "json")).stdout; after != before {
		t.Error("after the kill the archive is not as it was")
	}
	if r := mustOK(t, yishi(t, "", "--data", dir, "verify", "--archive")); !strings.Contains(r.stdout, "校验通过：1 个村") {
		t.Errorf("verify --archive after the kill: %s", r.stdout)
	}
	// And the file can be collected again, whole.
	r := mustOK(t, yishi(t, "", "--data", dir, "import", file))
	if !strings.Contains(r.stderr, "已收入") {
		t.Errorf("collecting again: %s", r.stderr)
	}
	if r := mustOK(t, yishi(t, "", "--data", dir, "verify", "--archive")); !strings.Contains(r.stdout, "校验通过：5 个村") {
		t.Errorf("verify --archive after collecting: %s", r.stdout)
	}
}
