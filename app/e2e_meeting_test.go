package app

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"yishi/meeting"
)

// typeLine sends Chinese text as an input method does: the whole burst at once, literally.
func (tm *term) typeLine(s string) { tm.tmux("send-keys", "-t", "e2e", "-l", s) }

// say records one statement and waits until it is on screen and saved.
func (tm *term) say(who, text string) {
	tm.t.Helper()
	tm.typeLine(who)
	tm.keys("Enter")
	tm.typeLine(text)
	tm.keys("Enter")
	tm.waitFor(text, "发言已保存")
}

// yishiPID is the program running in the pane, under the shell that records its exit status.
func (tm *term) yishiPID() int {
	tm.t.Helper()
	shell := strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}"))
	out, err := exec.Command("pgrep", "-P", shell).Output()
	if err != nil {
		tm.t.Fatalf("no program under the pane's shell %s: %v", shell, err)
	}
	var pid int
	for _, f := range strings.Fields(string(out)) {
		pid = atoi(f)
	}
	return pid
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func exportArchive(t *testing.T, bin, dir string) meeting.Archive {
	t.Helper()
	out, err := exec.Command(bin, "--data", dir, "export", "json").Output()
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	var a meeting.Archive
	if err := json.Unmarshal(out, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// demoEvening starts the built binary in tmux at 100×30 on a new data directory, loads the demo
// village and sets up a 夜话乡村 evening on theme: the roll call is on screen.
func demoEvening(t *testing.T, theme string) (tm *term, bin, dir string, env []string) {
	t.Helper()
	bin = binary(t)
	dir = filepath.Join(t.TempDir(), "data")
	env = []string{"TERM=xterm-256color", "LANG=C.UTF-8"}
	tm = startTerm(t, 100, 30, env, bin, "--data", dir)
	tm.waitFor("载入演示村")
	tm.keys("Enter")
	tm.waitFor("阿北村", "已保存")
	tm.keys("n")
	tm.waitFor("自填形式", "主题")
	tm.keys("Down", "Down", "Down", "Down", "Down", "Down", "Down")
	tm.typeLine(theme)
	tm.keys("F2")
	tm.waitFor("点名", "协商议事会不计法定人数")
	return tm, bin, dir, env
}

// TestEndToEndMeetings is the recorder's evening and the formal meetings after it, in the real
// binary in a real terminal, with a kill in the middle.
func TestEndToEndMeetings(t *testing.T) {
	tm, bin, dir, env := demoEvening(t, "秋收以后村里先办哪几件事")
	tm.typeLine("27")
	tm.keys("F3")
	tm.typeLine("周立平 镇联络干部")
	tm.keys("Enter")
	tm.waitFor("列席：周立平（镇联络干部）")
	tm.keys("F2")
	tm.waitFor("议题 1/1", "还没有发言")

	said := []struct{ who, text string }{
		{"lxy", "秋收完了，场院边上的秸秆堆得到处都是，容易着火。"},
		{"jcy", "秸秆的事镇里有回收补贴，这周就联系回收点来拉。"},
		{"孙秀兰", "广场舞的音响总是接触不好，晚上排练老断。"},
		{"hxc", "音响的事我记下了，先让电工看看线路。"},
		{"dcl", "村东那座便桥护栏断了两根，孩子们上学天天走。"},
		{"scl", "便桥不修不行，去年冬天就有人滑倒过。"},
		{"jcy", "便桥要花钱，得走四议两公开，今晚先把大家的意见记下来。"},
		{"gtw", "我赞成先修便桥，钱从集体收入里出。"},
		{"王德福", "我家门口那段边沟堵了，一下雨就往院里灌水。"},
		{"lhj", "边沟这两天我带人去掏，周五前弄完。"},
	}
	for _, s := range said {
		tm.say(s.who, s.text)
	}

	// The ditch: handed to 刘恒军 with a deadline.
	tm.keys("F7")
	tm.waitFor("处理议题", "当场答复")
	tm.keys("Right")
	tm.waitFor("承办人")
	tm.keys("Down", "Down")
	tm.typeLine("lhj")
	tm.keys("Enter")
	tm.keys("F2")
	tm.waitFor("交办已保存")

	// The bridge: a new item, turned into a matter for 四议两公开.
	tm.keys("F2")
	tm.typeLine("修村东便桥护栏")
	tm.keys("Enter")
	tm.waitFor("议题 2/2")
	tm.say("dcl", "护栏用钢管的，比木头的结实。")
	tm.keys("F7")
	tm.waitFor("处理议题")
	tm.keys("Right", "Right")
	tm.waitFor("事项名称")
	tm.keys("F2")
	tm.waitFor("转入四议已保存")

	// Half a statement, then the power goes: SIGKILL once the draft is saved.
	tm.typeLine("jcy")
	tm.keys("Enter")
	tm.typeLine("便桥的方案下周支委会先")
	tm.waitFor("便桥的方案下周支委会先", "草稿已存") // all of it saved, not only the first keys
	if err := syscall.Kill(tm.yishiPID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if status := tm.exited(); status != "137" {
		t.Errorf("exit status after SIGKILL: %s", status)
	}

	// Reopen: the same meeting, the half-typed statement, every acknowledged statement.
	tm = startTerm(t, 100, 30, env, bin, "--data", dir)
	tm.waitFor("议题 2/2", "便桥的方案下周支委会先", "护栏用钢管的")
	// The lid opens on a smaller window: everything still fits, nothing typed is lost.
	tm.resize(60, 20)
	tm.fits(tm.waitFor("便桥的方案下周支委会先", "F1 全部按键"), 60)
	tm.resize(100, 30)
	tm.waitFor("议题 2/2", "便桥的方案下周支委会先")
	tm.typeLine("研究。")
	tm.keys("Enter")
	tm.waitFor("便桥的方案下周支委会先研究。", "发言已保存")
	tm.keys("F8")
	tm.waitFor("散会", "定稿封存")
	tm.keys("F2")
	tm.waitFor("再按 F2")
	tm.keys("F2")
	tm.waitFor("已定稿封存")

	// The street lights (the demo's matter at 商议): the party members' assembly reviews it.
	tm.keys("n")
	tm.waitFor("自填形式")
	for i := 0; i < 9; i++ { // 夜话乡村 → … → 党员大会
		tm.keys("Right")
	}
	tm.waitFor("< 党员大会 >")
	tm.keys("F2")
	tm.waitFor("应到 21", "法定人数 11")
	for i := 0; i < 18; i++ {
		tm.keys("Space", "Down")
	}
	tm.waitFor("实到 18", "已达法定人数")
	tm.keys("F2")
	tm.waitFor("本次审议")
	tm.keys("F7")
	tm.waitFor("赞成 18 票")
	tm.keys("F2")
	tm.waitFor("事项进入「审议」")
	tm.keys("F8")
	tm.waitFor("定稿封存")
	tm.keys("F2", "F2")
	tm.waitFor("已定稿封存")

	// The representatives' meeting: 6 of 30 at first, no quorum; latecomers; then it passes.
	tm.keys("n")
	tm.waitFor("自填形式")
	for i := 0; i < 10; i++ { // → 村民代表会议
		tm.keys("Right")
	}
	tm.waitFor("< 村民代表会议 >")
	tm.keys("F2")
	tm.waitFor("应到 30", "法定人数 20")
	for i := 0; i < 6; i++ {
		tm.keys("Space", "Down")
	}
	tm.waitFor("实到 6", "还差 14 人")
	tm.keys("F2")
	tm.waitFor("本次决议")
	tm.say("jcy", "路灯方案支委会、两委会、党员大会都通过了，请代表们表决。")
	tm.keys("F7")
	// Wait for the whole arithmetic: a capture taken mid-redraw may show only part of it.
	tm.waitFor("应到 30 人，实到 6 人（须不少于 20，不足法定人数）")
	tm.keys("F2")
	tm.waitFor("表决：不足法定人数")
	tm.keys("F9")
	tm.waitFor("点名", "实到 6")
	for i := 0; i < 6; i++ { // past the six already present
		tm.keys("Down")
	}
	for i := 0; i < 19; i++ {
		tm.keys("Space", "Down")
	}
	tm.waitFor("实到 25", "已达法定人数")
	tm.keys("F2")
	tm.waitFor("本次决议")
	tm.keys("F7")
	tm.waitFor("赞成 25 票")
	tm.keys("Down", "Down", "Down") // 反对
	tm.keys("BSpace")
	tm.typeLine("2")
	tm.keys("Down") // 弃权
	tm.keys("BSpace")
	tm.typeLine("2")
	tm.waitFor("应到 30 人，实到 25 人（须不少于 20，有效）；赞成 21 票（须超过 12.5），通过")
	for i := 0; i < 5; i++ {
		tm.keys("Down")
	}
	tm.typeLine("同意更换村内主干道路灯，由村委会组织实施。")
	tm.keys("F2")
	tm.waitFor("事项进入「决议」")
	tm.keys("Escape")
	tm.waitFor("会议／事项")
	tm.keys("q")
	if status := tm.exited(); status != "0" {
		t.Errorf("exit status %s", status)
	}

	// What the screens showed is what the archive holds.
	a := exportArchive(t, bin, dir)
	var evening meeting.Meeting
	for _, m := range a.Meetings {
		if m.Title == "秋收以后村里先办哪几件事" {
			evening = m
		}
	}
	if evening.Status != meeting.Final || evening.Attendance.Present != 27 {
		t.Errorf("the evening: %+v", evening)
	}
	var texts []string
	for _, s := range a.Statements {
		if s.MeetingID == evening.ID {
			texts = append(texts, s.Text)
		}
	}
	if len(texts) != 12 || texts[11] != "便桥的方案下周支委会先研究。" {
		t.Errorf("the evening's statements (%d): %q", len(texts), texts)
	}
	for _, x := range a.Matters {
		switch {
		case x.Title == "修村东便桥护栏" && x.Stage() != meeting.Raised:
			t.Errorf("the bridge matter is at %s", x.Stage())
		case x.Title == "更换村内主干道路灯" && x.Stage() != meeting.Resolved:
			t.Errorf("the street-light matter is at %s, want resolved", x.Stage())
		}
	}
	for _, m := range a.Meetings {
		if m.Body == meeting.RepresentativeAssembly && m.Title == "更换村内主干道路灯" {
			it := m.Items[0]
			if len(it.PriorVotes) != 1 || it.PriorVotes[0].Present != 6 || it.Vote == nil || it.Vote.Present != 25 || it.Vote.Ayes != 21 {
				t.Errorf("the votes of the representatives' meeting: prior %+v, last %+v", it.PriorVotes, it.Vote)
			}
		}
	}
	out, _ := exec.Command(bin, "--data", dir, "check").CombinedOutput()
	if strings.Contains(string(out), "不足法定人数时记为通过") {
		t.Errorf("check found a vote without quorum recorded as passed:\n%s", out)
	}
}
