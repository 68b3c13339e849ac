package app

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yishi/app/internal/testkit"
	"yishi/export"
	"yishi/meeting"
	"yishi/meeting/demo"
)

// TestEndToEndNotices walks the street lights, resolved, through both notices in the built
// binary in a real terminal: the resolution notice posted, a WeChat posting, an objection and
// its answer, the work completed and accepted, the result notice with the supervision
// committee's sign-off; then the resolution notice exported from the screen and checked with
// yishi verify.
func TestEndToEndNotices(t *testing.T) {
	bin := binary(t)
	needTmux(t)
	root := t.TempDir()
	dir, exports := filepath.Join(root, "data"), filepath.Join(root, "导出")

	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	testkit.ResolveStreetLights(t, a)
	js, err := export.JSON(a)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "archive.json")
	if err := os.WriteFile(file, js, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "--data", dir, "import", file).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}

	// The program keeps the real clock: the dates typed are from the later of today and the day
	// after the resolution.
	base := meeting.DateOf(time.Now())
	if base.Before(meeting.NewDate(2026, 11, 21)) {
		base = meeting.NewDate(2026, 11, 21)
	}
	day := func(n int) string { return base.AddDays(n).String() }

	tm := startTerm(t, 100, 30, []string{"TERM=xterm-256color", "LANG=C.UTF-8", "YISHI_EXPORTS=" + exports}, bin, "--data", dir)
	tm.waitFor("阿北村", "夜话乡村")
	tm.keys("Tab")
	tm.waitFor("待张贴决议公告")
	tm.keys("Down", "Down", "Enter")
	tm.waitFor("现处于「决议」", "F3 公告")

	// The resolution notice: the start typed, the end follows it (15 days, 2025 art. 35).
	tm.keys("F3")
	tm.waitFor("决议公告：", "公示结束", "F2 张贴公告")
	for i := 0; i < 5; i++ { // 标题 → 公示开始
		tm.keys("Tab")
	}
	tm.keys("C-u")
	tm.typeLine(day(0))
	tm.waitFor("公示结束：" + day(14))
	tm.keys("F2")
	tm.waitFor("决议公告已张贴", "现处于「决议公开」")

	// Also in the villagers' WeChat group.
	tm.keys("F4")
	tm.waitFor("张贴处：", "村民微信群")
	tm.keys("F2")
	tm.waitFor("张贴处「村民微信群」已保存", "张贴：村民微信群")

	// An objection, then its answer.
	tm.keys("F5")
	tm.waitFor("收到日期", "异议内容", "› 提出人")
	tm.typeLine("二组村民")
	tm.keys("Tab")
	tm.typeLine("学校门口那段能不能先装？")
	tm.keys("F2")
	tm.waitFor("异议已保存")
	tm.keys("F5")
	tm.waitFor("答复这条异议", "学校门口那段能不能先装")
	tm.typeLine("学校门口和村部广场两段先装。")
	tm.keys("F2")
	tm.waitFor("异议答复已保存")

	// The work, completed and accepted.
	tm.keys("F2")
	tm.waitFor("实施：", "实际支出（元）")
	tm.keys("Tab", "Tab", "Tab") // → 开工日期
	tm.typeLine(day(15))
	tm.keys("Tab")
	tm.typeLine(day(17))
	tm.keys("Tab", "Tab", "Tab", "Tab") // → 实际支出
	tm.typeLine("35120.50")
	tm.keys("Tab")
	tm.typeLine("验收合格，80 盏全部点亮")
	tm.keys("Tab")
	tm.typeLine(day(18))
	tm.keys("F2")
	tm.waitFor("实施完成，事项进入「实施」", "实际支出 35120.50 元")

	// The result notice, signed by the committee's chair at issue.
	tm.keys("F3")
	tm.waitFor("实施结果公告：", "监委签署人")
	tm.keys("Tab") // 发布日期
	tm.keys("C-u")
	tm.typeLine(day(19))
	for i := 0; i < 4; i++ { // → 公示开始
		tm.keys("Tab")
	}
	tm.keys("C-u")
	tm.typeLine(day(19))
	tm.keys("Tab", "Tab") // → 监委签署人
	tm.typeLine("djg")
	tm.waitFor("董建国")
	tm.keys("Enter")
	tm.keys("F2")
	tm.waitFor("实施结果公告已张贴", "现处于「结果公开」")

	// Export the resolution notice from the screen.
	tm.keys("F8")
	tm.waitFor("导出实施结果公告", "F4 切换")
	tm.keys("F4")
	tm.waitFor("【决议公告】")
	tm.keys("F2")
	tm.fits(tm.waitFor("已写入："), 100)
	tm.keys("Escape")
	tm.waitFor("现处于「结果公开」")
	tm.keys("Escape")
	tm.waitFor("会议／事项")
	tm.keys("q")
	if status := tm.exited(); status != "0" {
		t.Errorf("exit status %s", status)
	}

	written, _ := filepath.Glob(filepath.Join(exports, "*.md"))
	if len(written) != 1 || !strings.Contains(filepath.Base(written[0]), "关于更换村内主干道路灯的决议公告") {
		t.Fatalf("written: %v", written)
	}
	out, err := exec.Command(bin, "--data", dir, "verify", written[0]).CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "一致：决议公告") {
		t.Errorf("verify the exported notice: %v\n%s", err, out)
	}
	out, err = exec.Command(bin, "--data", dir, "verify", "--archive").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "份已张贴的公告与记录相符") || strings.Contains(string(out), "无法核对") {
		t.Errorf("verify --archive: %v\n%s", err, out)
	}

	// What the screens showed is what the archive holds.
	out, err = exec.Command(bin, "--data", dir, "matters", "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var rows []matterRow
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.ID == testkit.StreetLights && r.Stage != meeting.ResultPosted {
			t.Errorf("the street lights are at %s", r.Stage)
		}
	}
	ar := exportArchive(t, bin, dir)
	var ns []meeting.Notice
	for _, n := range ar.Notices {
		if n.MatterID == testkit.StreetLights {
			ns = append(ns, n)
		}
	}
	if len(ns) != 2 || len(ns[0].Postings) != 2 || len(ns[0].Objections) != 1 || ns[0].Objections[0].Answer == "" ||
		ns[1].Supervision == nil || ns[1].Supervision.By.Name != "董建国" {
		t.Errorf("the notices: %+v", ns)
	}
}
