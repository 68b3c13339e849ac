package app

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"yishi/meeting"
	"yishi/storage"
)

// TestSearchCommandFindsAssignments: yishi search finds an assignment by its result, owner and
// feedback, in its own group, pointing at the meeting item it came from; --json names it.
func TestSearchCommandFindsAssignments(t *testing.T) {
	dir := demoDir(t)
	var x meeting.Assignment
	withStore(t, dir, func(s *storage.Store) { x = eveningTask(t, s) })
	place := "会议 #" + itoa(int(x.From.MeetingID)) + " 第 " + itoa(x.From.Item) + " 项"
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
			if h.AssignmentID != x.ID || h.MeetingID != x.From.MeetingID || h.Item != x.From.Item || h.KindLabel != "交办" || h.Field != "办理结果" {
				t.Errorf("--json hit: %+v", h)
			}
		}
	}
	if !found {
		t.Errorf("--json: no assignment hit in %+v", r.Hits)
	}
}

// TestSearchScreenOpensAssignment: on the search screen, Enter on an assignment hit opens its
// meeting at the assignment, where the result is shown with the query highlighted.
func TestSearchScreenOpensAssignment(t *testing.T) {
	st := openStore(t)
	seedDemo(t, st, nil)
	x := eveningTask(t, st)
	m := start(t, st, 80, 24)
	m, s := openSearchScreen(t, m)
	r, err := st.Search("1860", storage.SearchOptions{Village: s.village})
	if err != nil {
		t.Fatal(err)
	}
	s.query, s.typed, s.results, s.cursor = "1860", "1860", r, -1
	for i, h := range r.Hits {
		if h.Kind == storage.HitAssignment {
			s.cursor = i
		}
	}
	if s.cursor < 0 {
		t.Fatalf("no assignment hit: %+v", r.Hits)
	}
	if v := ansi.Strip(s.View()); !strings.Contains(v, "交办（1）") || !strings.Contains(v, "办理结果：") {
		t.Errorf("the search screen:\n%s", v)
	}
	msg := opened(t, s)
	o, ok := msg.(openMeetingMsg)
	if !ok || o.id != x.From.MeetingID || o.at.task != x.ID {
		t.Fatalf("Enter on an assignment hit: %#v", msg)
	}
	m = drive(t, m, msg)
	v := view(m)
	checkFits(t, "reader from an assignment hit", v, 80, 24)
	if got := highlighted(v); got != "1860" {
		t.Errorf("highlighted %q; want 1860 in view:\n%s", got, v)
	}
	if !strings.Contains(ansi.Strip(v), "办理结果：9 月 12 日购回饮水机") {
		t.Errorf("the result is not in view:\n%s", v)
	}
}
