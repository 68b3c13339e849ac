package meeting

import (
	"strings"
	"testing"
)

func TestAssignmentStatus(t *testing.T) {
	deadline := NewDate(2026, 9, 15)
	a := Assignment{Task: "买椅子和饮水机", Assigned: deadline.AddDays(-7), Deadline: deadline}
	for _, tt := range []struct {
		today Date
		want  AssignmentStatus
	}{{deadline.AddDays(-1), InProgress}, {deadline, InProgress}, {deadline.AddDays(1), Late}} {
		if got := a.Status(tt.today); got != tt.want {
			t.Errorf("on %s: %s, want %s", tt.today, got, tt.want)
		}
	}
	if a.AwaitsFeedback() || a.DoneLate() {
		t.Error("an open assignment awaits feedback or is done late")
	}
	a.Done = deadline.AddDays(1)
	if a.Status(deadline.AddDays(30)) != Finished || !a.DoneLate() || !a.AwaitsFeedback() {
		t.Errorf("done a day late without feedback: %s late=%v awaits=%v", a.Status(deadline.AddDays(30)), a.DoneLate(), a.AwaitsFeedback())
	}
	a.Done, a.Feedback = deadline, "当面告知"
	if a.DoneLate() || a.AwaitsFeedback() {
		t.Error("done on the deadline day with feedback counts as late or awaiting feedback")
	}
	if InProgress.Label() != "办理中" || Late.Label() != "逾期" || Finished.Label() != "已办结" {
		t.Error("status labels")
	}
}

func TestAssignmentFinish(t *testing.T) {
	assigned := NewDate(2026, 9, 8)
	today := NewDate(2026, 9, 20)
	for _, tt := range []struct {
		name     string
		done     Date
		result   string
		feedback string
		fedBack  Date
		want     string // "" for accepted
	}{
		{"done the day assigned", assigned, "已买", "", Date{}, ""},
		{"done today", today, "已买", "", Date{}, ""},
		{"done the day before assigned", assigned.AddDays(-1), "已买", "", Date{}, "早于交办日期 2026-09-08"},
		{"done tomorrow", today.AddDays(1), "已买", "", Date{}, "在今天（2026-09-20）之后"},
		{"no done day", Date{}, "已买", "", Date{}, "请填写办结日期"},
		{"no result", today, "  ", "", Date{}, "请写上办理结果"},
		{"feedback the day done", today.AddDays(-2), "已买", "告知罗德明", today.AddDays(-2), ""},
		{"feedback today", today.AddDays(-2), "已买", "告知罗德明", today, ""},
		{"feedback before done", today.AddDays(-2), "已买", "告知罗德明", today.AddDays(-3), "反馈日期 2026-09-17 早于办结日期 2026-09-18"},
		{"feedback tomorrow", today, "已买", "告知罗德明", today.AddDays(1), "反馈日期 2026-09-21 在今天"},
		{"feedback without day", today, "已买", "告知罗德明", Date{}, "请再填反馈日期"},
		{"feedback day without text", today, "已买", "", today, "请再写上怎么反馈的"},
		{"two problems at once", Date{}, "", "", Date{}, "请写上办理结果：办了什么、办成什么样；请填写办结日期"},
	} {
		a := Assignment{ID: 3, Task: "买椅子和饮水机", Owner: Ref{Name: "刘恒军"}, Assigned: assigned, Deadline: assigned.AddDays(7)}
		before := a
		err := a.Finish(tt.done, tt.result, tt.feedback, tt.fedBack, today)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
			continue
		}
		if err != nil {
			if a != before {
				t.Errorf("%s: a refused Finish changed the assignment: %+v", tt.name, a)
			}
			continue
		}
		if a.Done != tt.done || a.Result != strings.TrimSpace(tt.result) || a.Feedback != tt.feedback || a.FedBack != tt.fedBack {
			t.Errorf("%s: recorded %+v", tt.name, a)
		}
		if a.Status(today) != Finished {
			t.Errorf("%s: status %s after Finish", tt.name, a.Status(today))
		}
	}
}

// TestAssignmentFeedbackLater: a done assignment takes its feedback afterwards.
func TestAssignmentFeedbackLater(t *testing.T) {
	assigned := NewDate(2026, 9, 8)
	a := Assignment{Task: "清理边沟", Owner: Ref{Name: "刘恒军"}, Assigned: assigned, Deadline: assigned.AddDays(7)}
	if err := a.Finish(assigned.AddDays(3), "已清理", "", Date{}, assigned.AddDays(3)); err != nil {
		t.Fatal(err)
	}
	if !a.AwaitsFeedback() {
		t.Error("done without feedback does not await feedback")
	}
	if err := a.Finish(a.Done, a.Result, "告知武桂君", assigned.AddDays(5), assigned.AddDays(6)); err != nil {
		t.Fatal(err)
	}
	if a.AwaitsFeedback() || a.FedBack != assigned.AddDays(5) {
		t.Errorf("feedback given later not kept: %+v", a)
	}
}
