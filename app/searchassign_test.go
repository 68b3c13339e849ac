package app

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/storage"
)

// TestSearchCommandFindsAssignments: yishi search finds an assignment by its result, owner and
// feedback, in its own group, pointing at the meeting item it came from; --json names it.
func TestSearchCommandFindsAssignments(t *testing.T) {
	dir := demoDir(t)
	var x meeting.Assignment
	withStore(t, dir, func(s *storage.Store) { x = testkit.EveningTask(t, s) })
	place := "会议 #" + x.From.MeetingID.String() + " 第 " + strconv.Itoa(x.From.Item) + " 项"
	for q, field := range map[string]string{"1860": "办理结果", "购回饮水机": "办理结果", "王德福、潘淑华到中心": "反馈", "折叠椅 30 把，摆放": "交办事项"} {
		out := mustOK(t, yishi(t, "", "--data", dir, "search", q)).stdout
		if !strings.Contains(out, "交办（") || !strings.Contains(out, place+"  "+field+"：") || !strings.Contains(out, "【"+q+"】") {
			t.Errorf("search %s:\n%s", q, out)
		}
	}
	var r searchResult
	if err := json.Unmarshal([]byte(mustOK(t, yishi(t, "", "--data", dir, "search", "1860", "--json")).stdout), &r); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range r.Hits {
		if h.Kind == "assignment" {
			found = true
			// --json writes the numbers in the village, beside its name.
			if h.AssignmentID != meeting.ID(x.ID.Local()) || h.MeetingID != meeting.ID(x.From.MeetingID.Local()) || h.Item != x.From.Item || h.KindLabel != "交办" || h.Field != "办理结果" {
				t.Errorf("--json hit: %+v", h)
			}
		}
	}
	if !found {
		t.Errorf("--json: no assignment hit in %+v", r.Hits)
	}
}
