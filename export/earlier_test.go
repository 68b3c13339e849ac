package export

import (
	"strings"
	"testing"
	"time"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// amended is the sample evening with its tasks (eveningWithTasks) and two amendments.
func amended(t *testing.T) MinutesRecord {
	r := eveningWithTasks(t)
	r.Amendments = []meeting.Amendment{
		{ID: 1, MeetingID: demo.AbeiID(6), At: time.Date(2026, 9, 20, 9, 0, 0, 0, meeting.Beijing), Author: meeting.Ref{Name: "何晓宇"},
			Reason: "记错了把数", Text: "议题 2 中「先买三十把」应为「先买二十把」"},
		{ID: 2, MeetingID: demo.AbeiID(6), At: time.Date(2026, 10, 3, 20, 15, 0, 0, meeting.Beijing), Author: meeting.Ref{Name: "金昌义"},
			Reason: "补记", Text: "议题 3 的值班表由侯晓春负责"},
	}
	return r
}

func laterTexts(ls []Later) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Text(Options{}))
	}
	return out
}

// TestEarlierFindsTheCopysState: a copy exported before an amendment, or before an assignment's
// result or feedback was recorded, is found to be of the record as it then stood, and what came
// later is named, oldest first; a copy with a line changed is of no state.
func TestEarlierFindsTheCopysState(t *testing.T) {
	r := amended(t)
	first, last := r.Amendments[0], r.Amendments[1]
	done, late := r.Assignments[0], r.Assignments[1]
	for _, tc := range []struct {
		name  string
		later []Later
		want  []string // in what Later.Text says, in order
	}{
		{"as it stands", nil, nil},
		{"before the last amendment", []Later{{Amendment: &last}}, []string{"2026年10月3日 20:15 金昌义更正：议题 3 的值班表由侯晓春负责"}},
		{"before both amendments", []Later{{Amendment: &first}, {Amendment: &last}}, []string{"2026年9月20日 09:00 何晓宇更正", "2026年10月3日 20:15 金昌义更正"}},
		{"before a feedback", []Later{{Assignment: &done, Feedback: true}}, []string{"交办「购买饮水机 1 台、折叠椅 30 把，摆放到党群服务中心」的反馈（反馈日期：2026年9月13日）"}},
		{"before a result and an amendment", []Later{{Assignment: &late}, {Amendment: &last}},
			[]string{"交办「联系厂家送货上门」的办理结果（承办人：关天文，办结日期：2026年9月11日）：厂家 9 月 11 日送到，联系电话 139****5678", "金昌义更正"}},
		{"before everything", []Later{{Assignment: &late}, {Assignment: &done}, {Assignment: &done, Feedback: true}, {Amendment: &first}, {Amendment: &last}},
			[]string{"关天文", "刘恒军", "反馈日期：2026年9月13日", "何晓宇更正", "金昌义更正"}},
	} {
		for _, f := range formats {
			cp, err := Minutes(without(r, tc.later), f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, ok := Earlier(cp, r, f, Options{})
			texts := laterTexts(got)
			if !ok || len(texts) != len(tc.want) {
				t.Errorf("%s, %s: Earlier = %q, %v; want %d things recorded later", tc.name, f, texts, ok, len(tc.want))
				continue
			}
			for i, w := range tc.want {
				if !strings.Contains(texts[i], w) {
					t.Errorf("%s, %s: later %d is %q; want %q in it", tc.name, f, i, texts[i], w)
				}
			}
			// The same copy with one character changed is no state of the record.
			changed := strings.Replace(string(cp), "饮水机", "冰箱", 1)
			if got, ok := Earlier([]byte(changed), r, f, Options{}); ok {
				t.Errorf("%s, %s: a changed copy matched a state lacking %q", tc.name, f, laterTexts(got))
			}
		}
	}
}

// TestEarlierManyAssignments: past the number of combinations tried one by one, a copy made before
// the latest results is still found, by the days they were recorded.
func TestEarlierManyAssignments(t *testing.T) {
	r := minutesRecord(abei(t), 6)
	base := r.Assignments[0]
	for i := range 12 {
		x := base
		x.ID = meeting.ID(100 + i)
		x.Task = "第" + string(rune('A'+i)) + "件"
		x.Done = meeting.NewDate(2026, time.September, 10+i)
		x.FedBack = x.Done
		r.Assignments = append(r.Assignments, x)
	}
	n := len(r.Assignments)
	later := []Later{{Assignment: &r.Assignments[n-1]}, {Assignment: &r.Assignments[n-1], Feedback: true}}
	cp, err := Minutes(without(r, later), Text, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, ok := Earlier(cp, r, Text, Options{})
	if !ok || len(got) != 2 || !strings.Contains(got[0].Text(Options{}), "第L件") || !got[1].Feedback {
		t.Errorf("Earlier = %q, %v", laterTexts(got), ok)
	}
}
