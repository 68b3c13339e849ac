package ui

import (
	"strings"
	"testing"
	"yishi/app/internal/testkit"

	"github.com/charmbracelet/x/ansi"
)

// TestReaderShowsAssignment: the reader of a consultation meeting shows what an item was handed
// to whom by when and how urgently, and its result and feedback, as the minutes say them; a
// spot naming the assignment opens the record at it.
func TestReaderShowsAssignment(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	x := testkit.EveningTask(t, s)
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		m := start(t, s, size[0], size[1])
		m = drive(t, m, openMeetingMsg{id: x.From.MeetingID, at: spot{task: x.ID}})
		if front(m) != m.(*model).reader {
			t.Fatalf("the meeting did not open: %T", front(m))
		}
		v := view(m)
		checkFits(t, "reader at an assignment", v, size[0], size[1])
		var joined strings.Builder
		for _, l := range strings.Split(v, "\n") {
			joined.WriteString(strings.TrimSpace(ansi.Strip(l)))
		}
		got := joined.String()
		for _, want := range []string{
			"处理：交办：购买饮水机 1 台、折叠椅 30 把",
			"承办人：刘恒军", "时限：2026年9月15日（马上办）",
			"办理结果：9 月 12 日购回饮水机", "办结日期：2026年9月12日",
			"反馈：9 月 13 日在村民微信群告知", "反馈日期：2026年9月13日",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("%dx%d: %q not in view:\n%s", size[0], size[1], want, v)
			}
		}
	}
}
