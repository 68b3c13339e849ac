package export

import (
	"strings"
	"testing"
	"time"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// eveningWithTasks is the sample evening (meeting 6) with its item 2 handed to two people: the
// demo's task, done with feedback, and a second one, done late with a phone number in its
// result, not yet fed back. Item 3 gets a third task, not done.
func eveningWithTasks(t *testing.T) MinutesRecord {
	r := minutesRecord(abei(t), 6)
	if len(r.Assignments) != 1 || r.Assignments[0].Result == "" {
		t.Fatalf("the sample evening's task: %+v", r.Assignments)
	}
	second := meeting.Assignment{ID: 90, VillageID: r.Village.ID, From: &meeting.ItemRef{MeetingID: demo.AbeiID(6), Item: 2},
		Task: "联系厂家送货上门", Owner: meeting.Ref{Name: "关天文"},
		Assigned: meeting.NewDate(2026, time.September, 8), Deadline: meeting.NewDate(2026, time.September, 10),
		Urgency: meeting.Soon, Result: "厂家 9 月 11 日送到，联系电话 13912345678", Done: meeting.NewDate(2026, time.September, 11)}
	third := meeting.Assignment{ID: 91, VillageID: r.Village.ID, From: &meeting.ItemRef{MeetingID: demo.AbeiID(6), Item: 3},
		Task: "排出值班表", Owner: meeting.Ref{Name: "侯晓春"},
		Assigned: meeting.NewDate(2026, time.September, 8), Deadline: meeting.NewDate(2026, time.September, 30)}
	r.Assignments = append(r.Assignments, second, third)
	return r
}

// TestMinutesShowAssignmentResults: once recorded, an assignment's result, the day it was done,
// the feedback and its day are in the minutes in every format; one not done says only what was
// handed to whom by when, as before.
func TestMinutesShowAssignmentResults(t *testing.T) {
	r := eveningWithTasks(t)
	for _, f := range formats {
		b, err := Minutes(r, f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		doc := string(b)
		if f == HTML {
			doc = strings.Join(htmlLines(doc), "\n")
		}
		for _, want := range []string{
			"办理结果：9 月 12 日购回饮水机 1 台、折叠椅 30 把，共 1860 元",
			"办结日期：2026年9月12日",
			"反馈：9 月 13 日在村民微信群告知",
			"反馈日期：2026年9月13日",
			"交办：联系厂家送货上门；承办人：关天文；时限：2026年9月10日（加快办）",
			"办理结果：厂家 9 月 11 日送到，联系电话 139",
			"办结日期：2026年9月11日（超过时限）",
			"交办：排出值班表；承办人：侯晓春；时限：2026年9月30日",
		} {
			if !strings.Contains(strings.ReplaceAll(doc, "**", ""), want) {
				t.Errorf("%s: no %q in\n%s", f, want, doc)
			}
		}
		if strings.Contains(doc, "13912345678") {
			t.Errorf("%s: a phone number in a result is not masked", f)
		}
		// The task not done has no result lines: its item 3 says nothing of a result.
		item3 := doc[strings.Index(doc, "服务中心晚间开放"):]
		item3 = item3[strings.Index(item3[len("服务中心晚间开放"):], "服务中心晚间开放"):]
		if strings.Contains(item3, "办理结果") || strings.Contains(item3, "办结日期") {
			t.Errorf("%s: a task not done shows a result:\n%s", f, item3)
		}
	}
	md, _ := Minutes(r, Markdown, Options{})
	if s := parseShape(t, md); len(s.headings) == 0 {
		t.Fatal("no structure")
	}
}

// TestOutcomeOfIsWhatMinutesSay: the outcome the screens show is the minutes' own.
func TestOutcomeOfIsWhatMinutesSay(t *testing.T) {
	r := eveningWithTasks(t)
	it, _ := r.Meeting.Item(2)
	oc, ok := OutcomeOf(r, it, Options{})
	if !ok || oc.Text != "交办" || len(oc.Tasks) != 2 {
		t.Fatalf("item 2: %+v", oc)
	}
	if f := oc.Tasks[0].Facts; len(f) != 4 || f[0].Label != "办理结果" || f[1] != (Fact{"办结日期", "2026年9月12日"}) ||
		f[2].Label != "反馈" || f[3] != (Fact{"反馈日期", "2026年9月13日"}) {
		t.Errorf("the done task's facts: %+v", f)
	}
	if f := oc.Tasks[1].Facts; len(f) != 2 || !strings.Contains(f[0].Text, "139****5678") {
		t.Errorf("the late task's facts, masked: %+v", f)
	}
	if oc, _ := OutcomeOf(r, it, Options{Unmasked: true}); !strings.Contains(oc.Tasks[1].Facts[0].Text, "13912345678") {
		t.Errorf("unmasked: %+v", oc.Tasks[1].Facts)
	}
	one := minutesRecord(abei(t), 6)
	oc, _ = OutcomeOf(one, it, Options{})
	if !strings.HasPrefix(oc.Text, "交办：购买饮水机") || len(oc.Facts) != 4 || len(oc.Tasks) != 0 {
		t.Errorf("one task: %+v", oc)
	}
	if _, ok := OutcomeOf(one, meeting.Item{N: 9}, Options{}); ok {
		t.Error("an item without outcome or task has one")
	}
}
