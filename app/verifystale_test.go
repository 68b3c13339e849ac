package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/storage"
)

// withStore opens the archive of dir, runs fn on it and closes it.
func withStore(t *testing.T, dir string, fn func(s *storage.Store)) {
	t.Helper()
	s, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	fn(s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyCopyBeforeAmendmentAndResult: a copy of the minutes exported before an amendment and
// before an assignment's result was recorded is true, and out of date: verify says so, with
// what came later, when and by whom, and exits 3. The same copy with a line changed is still
// 不一致 (exit 1); a fresh export is 一致 (exit 0).
func TestVerifyCopyBeforeAmendmentAndResult(t *testing.T) {
	dir := demoDir(t)
	var task meeting.Assignment
	withStore(t, dir, func(s *storage.Store) {
		task = testkit.EveningTask(t, s)
		x := task
		x.Result, x.Done, x.Feedback, x.FedBack = "", meeting.Date{}, "", meeting.Date{}
		if err := s.PutAssignment(&x); err != nil {
			t.Fatal(err)
		}
	})
	mid := task.From.MeetingID.String()
	out := t.TempDir()
	files := map[string]string{}
	for _, f := range []string{"md", "html", "txt"} {
		files[f] = filepath.Join(out, "minutes."+f)
		mustOK(t, yishi(t, "", "--data", dir, "export", "minutes", mid, "--format", f, "-o", files[f]))
		if r := yishi(t, "", "--data", dir, "verify", files[f]); r.code != 0 {
			t.Fatalf("%s: just exported: exit %d\n%s%s", f, r.code, r.stdout, r.stderr)
		}
	}
	// Later: the result and feedback, then an amendment.
	withStore(t, dir, func(s *storage.Store) {
		if err := s.PutAssignment(&task); err != nil {
			t.Fatal(err)
		}
		a := meeting.Amendment{MeetingID: task.From.MeetingID, At: time.Date(2026, 10, 3, 20, 15, 0, 0, meeting.Beijing),
			Author: meeting.Ref{Name: "何晓宇"}, Reason: "记错了把数", Text: "议题 2 中「三十把」应为「二十把」"}
		if err := s.PutAmendment(&a); err != nil {
			t.Fatal(err)
		}
	})
	for f, file := range files {
		r := yishi(t, "", "--data", dir, "verify", file)
		if r.code != 3 || !strings.HasPrefix(r.stdout, "已过时：") || strings.Contains(r.stdout, "不一致") {
			t.Errorf("%s: a copy made before: exit %d\n%s%s", f, r.code, r.stdout, r.stderr)
		}
		for _, want := range []string{
			"文件导出时与档案相符", "没有被改动过",
			"交办「购买饮水机 1 台、折叠椅 30 把，摆放到党群服务中心」的办理结果（承办人：刘恒军，办结日期：2026年9月12日）",
			"的反馈（反馈日期：2026年9月13日）",
			"2026年10月3日 20:15 何晓宇更正：议题 2 中「三十把」应为「二十把」",
			"yishi export minutes " + mid + " --format " + f,
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%s: %q not said:\n%s", f, want, r.stdout)
			}
		}
		if !strings.Contains(r.stderr, "更正或补记之前导出的") {
			t.Errorf("%s: stderr %q", f, r.stderr)
		}
		// The old copy with one line changed: tampered.
		data, _ := os.ReadFile(file)
		bad := filepath.Join(out, "bad."+f)
		os.WriteFile(bad, []byte(strings.Replace(string(data), "饮水机", "冰箱", 1)), 0o644)
		if r := yishi(t, "", "--data", dir, "verify", bad); r.code != 1 || !strings.HasPrefix(r.stdout, "不一致：") {
			t.Errorf("%s: an old copy changed: exit %d\n%s%s", f, r.code, r.stdout, r.stderr)
		}
		// Exported again: true and current.
		mustOK(t, yishi(t, "", "--data", dir, "export", "minutes", mid, "--format", f, "-o", file))
		if r := yishi(t, "", "--data", dir, "verify", file); r.code != 0 || !strings.HasPrefix(r.stdout, "一致：") {
			t.Errorf("%s: exported again: exit %d\n%s%s", f, r.code, r.stdout, r.stderr)
		}
	}
}
