package app

import (
	"encoding/json"
	"strings"
	"testing"

	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/meeting/demo"
	"yishi/storage"
)

// demoArchive writes the demo village, spoilt by spoil if given, to a fresh data directory and
// closes it, for the commands to open.
func demoArchive(t *testing.T, spoil func(a *meeting.Archive)) string {
	t.Helper()
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	if spoil != nil {
		spoil(a)
		demo.Reseal(a)
	}
	dir := t.TempDir()
	s, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCheckDemoIsClean(t *testing.T) {
	dir := demoArchive(t, nil)
	r := yishi(t, "", "--data", dir, "check")
	if r.code != 0 || r.stdout != "检查了 1 个村，截至 2026-11-23 没有发现问题。\n" || r.stderr != "" {
		t.Errorf("check on the demo: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	var rows []map[string]any
	r = yishi(t, "", "--data", dir, "check", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &rows); r.code != 0 || err != nil || len(rows) != 0 {
		t.Errorf("check --json on the demo: exit %d, %v, %s", r.code, err, r.stdout)
	}
}

func TestCheckNamesAMissingNotice(t *testing.T) {
	dir := demoArchive(t, testkit.DropResolutionNotice)
	r := yishi(t, "", "--data", dir, "check")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"阿北村（截至 2026-11-23）",
		" 1. 【超期】事项「为党群服务中心添置电脑和音响设备」记为决议已公开，档案里却没有张贴过的决议公告（2026-09-29 形成决议，已 55 天）",
		"自 2026-10-07 起超期（48 天）",
		"下一步：导出决议公告，张贴到村务公开栏并登记公示期",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, r.stdout)
		}
	}
	if n := strings.Count(r.stdout, "【"); n != 1 {
		t.Errorf("%d findings, want exactly one:\n%s", n, r.stdout)
	}
	if !strings.Contains(r.stderr, "发现 1 处问题") {
		t.Errorf("stderr: %q", r.stderr)
	}
	rows := checkJSON(t, dir)
	if len(rows) != 1 || rows[0]["code"] != meeting.CodeNotPosted || rows[0]["matter_id"] != float64(testkit.Computers.Local()) ||
		rows[0]["severity"] != "overdue" || rows[0]["village"] != "阿北村" || rows[0]["since"] != "2026-10-07" || rows[0]["days"] != float64(47) {
		t.Errorf("check --json: %v", rows)
	}
}

func TestCheckNamesAnOverdueAssignment(t *testing.T) {
	dir := demoArchive(t, testkit.ReopenDitch)
	r := yishi(t, "", "--data", dir, "check")
	if r.code != 1 || strings.Count(r.stdout, "【") != 1 ||
		!strings.Contains(r.stdout, "【超期】交办事项「清理二组东头边沟杂草，疏通排水」（承办人 刘恒军）时限 2026-11-20，已超期 3 天") ||
		!strings.Contains(r.stdout, "下一步：督促承办人办理") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	rows := checkJSON(t, dir)
	if len(rows) != 1 || rows[0]["code"] != meeting.CodeAssignmentOverdue || rows[0]["assignment_id"] != float64(3) ||
		rows[0]["matter_id"] != nil || rows[0]["todo"] == "" || rows[0]["severity_label"] != "超期" {
		t.Errorf("check --json: %v", rows)
	}
}

// TestCheckOngoingDoesNotFail: a posting still running is listed as under way; check exits 0.
func TestCheckOngoingDoesNotFail(t *testing.T) {
	dir := demoArchive(t, func(a *meeting.Archive) {
		for i := range a.Notices {
			n := &a.Notices[i]
			if n.MatterID == testkit.Computers && n.Kind == meeting.ResultNotice {
				n.Postings[0].To = meeting.DateOf(testkit.FixedNow).AddDays(2)
			}
		}
	})
	r := yishi(t, "", "--data", dir, "check")
	if r.code != 0 || !strings.Contains(r.stdout, "【进行中】事项「为党群服务中心添置电脑和音响设备」的实施结果公告公示中：2026-11-02 至 2026-11-25，还有 2 天期满") ||
		!strings.Contains(r.stdout, "没有发现问题；另有 1 项正在进行") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	rows := checkJSON(t, dir)
	if len(rows) != 1 || rows[0]["severity"] != "ongoing" || rows[0]["code"] != meeting.CodePostingRunning {
		t.Errorf("check --json: %v", rows)
	}
}

func checkJSON(t *testing.T, dir string) []map[string]any {
	t.Helper()
	r := yishi(t, "", "--data", dir, "check", "--json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("check --json: %v\n%s", err, r.stdout)
	}
	for _, row := range rows {
		for k := range row {
			if strings.ContainsFunc(k, func(r rune) bool { return r > 127 }) {
				t.Errorf("a JSON key is not English: %q", k)
			}
		}
	}
	return rows
}
