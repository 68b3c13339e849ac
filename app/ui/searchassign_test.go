package ui

import (
	"strings"
	"testing"
	"yishi/app/internal/testkit"
	"yishi/storage"

	"github.com/charmbracelet/x/ansi"
)

// TestSearchScreenOpensAssignment: on the search screen, Enter on an assignment hit opens its
// meeting at the assignment, where the result is shown with the query highlighted.
func TestSearchScreenOpensAssignment(t *testing.T) {
	st := testkit.OpenStore(t)
	testkit.SeedDemo(t, st, nil)
	x := testkit.EveningTask(t, st)
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
