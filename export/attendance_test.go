package export

import (
	"strings"
	"testing"

	"yishi/meeting"
)

// TestConsultationAttendance: a consultation's minutes name who came beside the head count, say
// who raised an item, list nobody as absent, and give each person named a signature row of
// their own (they read 「参会人员：到会 18 人，逐一签名」 in one cell).
func TestConsultationAttendance(t *testing.T) {
	a := abei(t)
	r := minutesRecord(a, 6)
	m := &r.Meeting
	m.Attendance = meeting.Attendance{Present: 18,
		Attendees: []meeting.Ref{m.Host, m.Recorder, {PersonID: 2, Name: "侯晓春"}, {Name: "王泽林"}},
		Observers: []meeting.Ref{{Name: "周立平", Post: "镇联络干部"}, {Name: "陈农技", Post: "县农技站专家"}}}
	m.Items[0].RaisedBy = &meeting.Ref{Name: "卢建国"}
	for _, f := range []Format{Markdown, HTML, Text} {
		out, err := Minutes(r, f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		text := string(out)
		if f == HTML {
			text = strings.Join(htmlLines(text), "\n")
		}
		for _, want := range []string{"18 人，其中列名 4 人", "反映人", "卢建国", "侯晓春", "王泽林", "周立平", "陈农技", "14 人，在签到表上逐一签名"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the minutes lack %q", f, want)
			}
		}
		if strings.Contains(text, "缺席") {
			t.Errorf("%s: a consultation lists someone as absent", f)
		}
		if f != Text {
			continue
		}
		for _, want := range []string{"参会人员：侯晓春（签名）", "参会人员：王泽林（签名）", "列席：陈农技（县农技站专家）（签名）", "其他参会人员：14 人，在签到表上逐一签名"} {
			if !strings.Contains(text, want) {
				t.Errorf("no signature line %q in:\n%s", want, text)
			}
		}
		// The host and the recorder sign once, in their own rows.
		if strings.Count(text, "金昌义（签名）") != 1 || strings.Count(text, "何晓宇（签名）") != 1 {
			t.Errorf("the host or the recorder signs twice:\n%s", text)
		}
	}
}
