package ui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
)

// stubScreen is a screen records are opened from in the tests.
type stubScreen struct{ name string }

func (s *stubScreen) Update(tea.Msg) (Component, tea.Cmd) { return s, nil }
func (s *stubScreen) View() string                        { return s.name }
func (s *stubScreen) SetSize(int, int)                    {}
func (s *stubScreen) ShortHelp() []key.Binding            { return nil }
func (s *stubScreen) FullHelp() [][]key.Binding           { return nil }

// longestMeeting is the demo meeting with the most statements, and its last statement.
func longestMeeting(t *testing.T, s core.Store) (meeting.Meeting, meeting.Statement) {
	t.Helper()
	vs, _ := s.Villages()
	ms, _ := s.Meetings(vs[0].ID)
	var best meeting.Meeting
	var last meeting.Statement
	n := 0
	for _, m := range ms {
		st, _ := s.Statements(m.ID)
		if len(st) > n {
			best, last, n = m, st[len(st)-1], len(st)
		}
	}
	if n == 0 {
		t.Fatal("the demo has no statements")
	}
	return best, last
}

const needle = "村民小组长会同监委会成员到现场核实"

// TestOpenMeetingAtSpotHighlightsChinese opens a meeting at its last statement, whose long text
// has a Chinese phrase in the middle, at 60 columns: the statement is in view, the phrase is
// highlighted (even where wrapping splits it), and no line is too wide or carries a broken
// escape sequence.
func TestOpenMeetingAtSpotHighlightsChinese(t *testing.T) {
	s := testkit.OpenStore(t)
	var id, stmt meeting.ID
	testkit.SeedDemo(t, s, func(a *meeting.Archive) {
		// The longest meeting's last statement gets the phrase, in the middle of a long text.
		count := map[meeting.ID]int{}
		for _, st := range a.Statements {
			count[st.MeetingID]++
		}
		for _, st := range a.Statements {
			if id == 0 || count[st.MeetingID] > count[id] {
				id = st.MeetingID
			}
		}
		for i := range a.Statements {
			if a.Statements[i].MeetingID == id {
				stmt = a.Statements[i].ID
				a.Statements[i].Text = strings.Repeat("大家认为道路硬化要先把排水沟理顺，", 3) + "由" + needle + "，" + strings.Repeat("再把预算报乡里审核，", 4)
			}
		}
	})
	for _, w := range []int{60, 61, 62, 63} { // each width splits the phrase differently
		m := start(t, s, w, 20)
		m = drive(t, m, openMeetingMsg{id: id, at: spot{statement: stmt, query: needle}})
		if m.(*model).front != m.(*model).reader {
			t.Fatal("the meeting did not open")
		}
		v := view(m)
		checkFits(t, "meeting at a spot", v, w, 20)
		var joined strings.Builder
		for _, l := range strings.Split(v, "\n") {
			plain := ansi.Strip(l)
			if strings.ContainsAny(plain, "\x1b") || strings.Contains(plain, "[7m") || strings.Contains(plain, "[m") {
				t.Fatalf("width %d: broken escape sequence in %q", w, l)
			}
			joined.WriteString(strings.TrimSpace(plain))
		}
		if !strings.Contains(joined.String(), needle) {
			t.Fatalf("width %d: the statement is not in view:\n%s", w, v)
		}
		// Every cell of the phrase is in reverse video: collect the highlighted text.
		if got := highlighted(v); !strings.Contains(got, needle) {
			t.Errorf("width %d: highlighted %q, want %q in it", w, got, needle)
		}
		if got := highlighted(v); strings.Contains(got, "排水沟") {
			t.Errorf("width %d: more than the phrase is highlighted: %q", w, got)
		}
	}
}

// highlighted returns the text of v shown in reverse video, lines joined.
func highlighted(v string) string {
	var out strings.Builder
	rev := false
	var state byte
	p := ansi.NewParser()
	for s := v; len(s) > 0; {
		seq, _, n, st := ansi.DecodeSequence(s, state, p)
		state, s = st, s[n:]
		if seq[0] == ansi.ESC {
			if strings.HasPrefix(seq, "\x1b[") && strings.HasSuffix(seq, "m") {
				params := strings.Split(seq[2:len(seq)-1], ";")
				for _, x := range params {
					switch x {
					case "7":
						rev = true
					case "27", "0", "":
						rev = false
					}
				}
			}
			continue
		}
		if rev && seq != "\n" {
			out.WriteString(seq)
		}
	}
	return out.String()
}

func TestHighlightKeepsStyles(t *testing.T) {
	st := NewStyles(true)
	text := st.Heading.Render("议题 1：修路") + "，张三说：修路要先" + st.Subtle.Render("排水") + "再硬化。Road ROAD"
	got := highlight(text, "先排水再", st.Match)
	if ansi.Strip(got) != ansi.Strip(text) {
		t.Fatalf("highlight changed the text: %q", ansi.Strip(got))
	}
	if h := highlighted(got); h != "先排水再" {
		t.Errorf("highlighted %q", h)
	}
	if h := highlighted(highlight(text, "road", st.Match)); h != "RoadROAD" {
		t.Errorf("Latin letters in any case: highlighted %q", h)
	}
	if got := highlight(text, "没有的词", st.Match); got != text {
		t.Error("no occurrence changed the text")
	}
}

// TestBackStack: a record opened from a screen comes back to it with Esc; a meeting opened from
// a matter's trail comes back to the trail at the same scroll; going home forgets the way back.
func TestBackStack(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 80, 24)
	root := m.(*model)
	board := &stubScreen{"看板"}
	m = drive(t, m, showMsg{board})
	vs, _ := s.Villages()
	xs, _ := s.Matters(vs[0].ID)
	m = drive(t, m, openMatterMsg{id: xs[0].ID})
	trail := root.reader
	if root.front != trail {
		t.Fatal("the matter did not open")
	}
	for range 3 {
		m = drive(t, m, press(tea.KeyDown))
	}
	y := trail.vp.YOffset()
	mt, _ := longestMeeting(t, s)
	m = drive(t, m, openMeetingMsg{id: mt.ID})
	if root.front == trail || root.front != root.reader {
		t.Fatal("the meeting did not open in a reader of its own")
	}
	m = drive(t, m, press(tea.KeyEscape))
	if root.front != trail || trail.vp.YOffset() != y {
		t.Fatalf("Esc from the meeting: front %T, scroll %d, want the trail at %d", root.front, trail.vp.YOffset(), y)
	}
	if !strings.Contains(view(m), "经过") {
		t.Errorf("the trail does not show its matter:\n%s", view(m))
	}
	m = drive(t, m, press(tea.KeyEscape))
	if root.front != board {
		t.Fatalf("Esc from the trail: front %T, want the board", root.front)
	}
	// Going home clears the way back: Esc in a record opened from home goes home.
	m = drive(t, m, openMatterMsg{id: xs[0].ID})
	m = drive(t, m, homeMsg{})
	m = drive(t, m, press(tea.KeyEnter))
	m = drive(t, m, press(tea.KeyEscape))
	if root.front != root.home {
		t.Fatalf("Esc after going home: front %T, want home", root.front)
	}
	m = drive(t, m, backMsg{})
	if root.front != root.home {
		t.Fatalf("back with nothing to go back to: front %T, want home", root.front)
	}
}

// TestOpenMatterHighlights: a matter opened with a query shows its trail with every occurrence
// marked, the first in view; a form about it and back keeps the marks.
func TestOpenMatterHighlights(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	vs, _ := s.Villages()
	xs, _ := s.Matters(vs[0].ID)
	m := start(t, s, 60, 20)
	m = drive(t, m, openMatterMsg{id: xs[0].ID, query: "护坡"})
	v := view(m)
	checkFits(t, "trail with a query", v, 60, 20)
	if h := highlighted(v); !strings.Contains(h, "护坡") || strings.Trim(strings.ReplaceAll(h, "护坡", ""), " ") != "" {
		t.Errorf("highlighted %q, want only 护坡", h)
	}
	r := m.(*model).reader
	m = drive(t, m, readMatter(s, xs[0].ID)())
	if r.matter.query != "护坡" || !strings.Contains(highlighted(view(m)), "护坡") {
		t.Error("back on the trail, the query is no longer highlighted")
	}
}
