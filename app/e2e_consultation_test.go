package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestEndToEndConsultation is the commonest village meeting as a new recorder meets it, in the
// real binary in tmux: a consultation evening with the cadres who came marked one by one, a
// villager who raised the topic named, the township's cadre invited, an assignment handed out
// at the meeting and finished days later with its result and the feedback to the villager; then
// the sealed minutes in md, html and txt, which list nobody who spoke as absent, show the result
// and the feedback, and give each named attendee a signature row of their own. (The cadres who
// spoke were listed absent, 「应到 0，实到 18」, and the result appeared in no export.)
func TestEndToEndConsultation(t *testing.T) {
	tm, bin, dir, _ := demoEvening(t, "秋收缺人手，果子烂在树上")

	// Three cadres came (金昌义, 侯晓春, 刘恒军: the first three listed); the others did not.
	tm.keys("Space")
	tm.waitFor("【到场】 金昌义")
	tm.keys("Down", "Space")
	tm.waitFor("【到场】 侯晓春")
	tm.keys("Down", "Space")
	s := tm.waitFor("【到场】 刘恒军", "点名已保存")
	if strings.Contains(s, "多于应到") || strings.Contains(s, "缺席") && !strings.Contains(s, "不记缺席") {
		t.Fatalf("the consultation's roll call complains:\n%s", s)
	}
	tm.typeLine("18")
	tm.waitFor("到场 18 人")
	// The grower who raised it, by initials; the township's cadre, invited.
	tm.keys("F4")
	tm.waitFor("到会：")
	tm.typeLine("wdf")
	tm.keys("Enter")
	tm.waitFor("【到场】 王德福")
	tm.keys("F3")
	tm.typeLine("周立平　镇联络干部")
	tm.keys("Enter")
	tm.waitFor("列席：周立平（镇联络干部）")
	tm.keys("F2")
	tm.waitFor("议题 1/1", "还没有发言")

	tm.say("wdf", "我家果园十来亩，今年雇不到人摘果子，再过十天就要烂在树上了。")
	tm.say("hxc", "村里有公益岗和几户闲着的劳力，可以组织起来帮工。")
	tm.say("jcy", "这事交给恒军，三天内把帮工组织起来，工钱按镇里的标准。")

	// Handed to 刘恒军 at the meeting; 反映人 is offered from the first concern: 王德福.
	tm.keys("F7")
	tm.waitFor("处理议题", "当场答复")
	tm.keys("Right")
	s = tm.waitFor("承办人", "反映人")
	if !strings.Contains(s, "王德福") {
		t.Errorf("反映人 is not offered from the first concern:\n%s", s)
	}
	tm.keys("Down", "Down")
	tm.typeLine("lhj")
	tm.keys("Enter")
	tm.keys("F2")
	tm.waitFor("交办已保存")

	// The meeting ends and is sealed.
	tm.keys("F8")
	tm.waitFor("散会", "定稿封存")
	tm.keys("F2")
	tm.waitFor("再按 F2")
	tm.keys("F2")
	tm.waitFor("已定稿封存")

	// Days later: the result and the feedback, from the follow-ups.
	tm.keys("g")
	tm.waitFor("协商议事跟踪", "秋收缺人手")
	tm.keys("Enter")
	s = tm.waitFor("交办事项办结", "› 办理结果") // the form opens where the typing goes
	today := regexp.MustCompile(`办结日期：(\d{4}-\d\d-\d\d)`).FindStringSubmatch(s)
	if today == nil {
		t.Fatalf("no 办结日期 offered:\n%s", s)
	}
	tm.typeLine("组织公益岗 6 人帮工两天，摘果 850 筐，工钱 1200 元按镇里标准付清。")
	tm.keys("Down", "Down")
	tm.typeLine("当面告知王德福，他到地里看过，满意。")
	tm.keys("Down")
	tm.typeLine(today[1])
	tm.keys("F2")
	tm.waitFor("已保存")

	// A smaller window: everything still fits.
	tm.resize(60, 20)
	tm.fits(tm.waitFor("协商议事跟踪"), 60)
	tm.resize(100, 30)
	tm.keys("C-c")
	tm.exited()

	id := ""
	for _, m := range exportArchive(t, bin, dir).Meetings {
		if strings.Contains(m.Title, "秋收缺人手") {
			id = strconv.Itoa(int(m.ID))
		}
	}
	if id == "" {
		t.Fatal("the evening is not in the archive")
	}
	for _, f := range []string{"md", "html", "txt"} {
		file := filepath.Join(t.TempDir(), "记录."+f)
		if out, err := exec.Command(bin, "--data", dir, "export", "minutes", id, "--format", f, "-o", file).CombinedOutput(); err != nil {
			t.Fatalf("export %s: %v\n%s", f, err, out)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b) // HTML leaves Chinese as it is
		for _, want := range []string{"金昌义", "侯晓春", "刘恒军", "王德福", "何晓宇", "周立平", "镇联络干部",
			"反映人", "18 人", "850 筐", "当面告知王德福", "刘恒军"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s minutes lack %q", f, want)
			}
		}
		if strings.Contains(text, "缺席") || strings.Contains(text, "应到 0") {
			t.Errorf("%s minutes list someone as absent, or 应到 0:\n%s", f, text)
		}
		// One signature row per named attendee other than the host and the recorder.
		for _, who := range []string{"侯晓春", "刘恒军", "王德福"} {
			if f == "txt" && !strings.Contains(text, "参会人员："+who+"（签名）") {
				t.Errorf("txt minutes have no signature line for %s", who)
			}
			if f == "md" && !strings.Contains(text, "| 参会人员 | "+who+" |") {
				t.Errorf("md minutes have no signature row for %s", who)
			}
		}
	}
}
