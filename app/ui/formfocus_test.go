package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/meeting/demo"
)

// focusedLabel is the label the focus mark stands before in a plain-text screen, or "".
func focusedLabel(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		l = strings.TrimSpace(l)
		if rest, ok := strings.CutPrefix(l, strings.TrimSpace(focusMark)); ok {
			label, _, _ := strings.Cut(strings.TrimSpace(rest), "：")
			return strings.TrimSpace(label)
		}
	}
	return ""
}

// TestFormsOpenWhereTypingGoes: the 办结 form opened on its second field and 更正 on its second,
// behind a field a default had filled, and only a bold label told which field had the focus: a
// recorder typed 「办结日期：2026-12-032026-12-07」. Every form opens on its first field to fill,
// that field is its first, the focus is marked in plain text, and a burst typed lands there.
func TestFormsOpenWhereTypingGoes(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, testkit.ReopenDitch)
	cases := []struct {
		name  string
		open  func(c *Common) tea.Cmd
		label string
		value func(tea.Model) string
	}{
		{"办结", func(c *Common) tea.Cmd { return openFinish(c, abei, demo.AbeiID(3), nil) }, "办理结果",
			func(m tea.Model) string { return front(m).(*finishForm).result.Value() }},
		{"更正", func(c *Common) tea.Cmd { return openAmend(c, demo.AbeiID(6)) }, "理由",
			func(m tea.Model) string { return front(m).(*amend).reason.Value() }},
		{"异议", func(c *Common) tea.Cmd { return openObjectionOf(t, c, s) }, "提出人",
			func(m tea.Model) string { return front(m).(*objectionScreen).from.Value() }},
		{"新会", func(c *Common) tea.Cmd { return func() tea.Msg { return typed("n") } }, "会议", nil},
	}
	for _, c := range cases {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			m := start(t, s, size[0], size[1])
			m = drive(t, m, c.open(m.(*model).c)())
			v := plain(m)
			checkFits(t, c.name, view(m), size[0], size[1])
			if got := focusedLabel(v); got != c.label {
				t.Errorf("%s at %dx%d: the focus mark stands before %q, want %q:\n%s", c.name, size[0], size[1], got, c.label, v)
			}
			if c.value == nil {
				continue
			}
			m = burst(t, m, "已清理边沟")
			if got := c.value(m); got != "已清理边沟" {
				t.Errorf("%s: typed into the form, %s holds %q", c.name, c.label, got)
			}
		}
	}
}

// openObjectionOf opens the objection form of the demo's matter 2, whose notices' objections
// are all answered: a new objection is taken.
func openObjectionOf(t *testing.T, c *Common, s core.Store) tea.Cmd {
	t.Helper()
	return openObjection(c, demo.AbeiID(2))
}

// TestPersonMatchesCutMarked: the line of people matching what is typed was cut at the window's
// edge without the cut mark, so the last name shown looked whole.
func TestPersonMatchesCutMarked(t *testing.T) {
	st := NewStyles(true)
	var people []meeting.Person
	for _, n := range []string{"金昌义", "金秀英", "金德明", "金春燕", "金建国"} {
		people = append(people, meeting.Person{ID: meeting.ID(len(people) + 1), Name: n, Title: "党支部书记、村委会主任、网格长"})
	}
	p := newPersonField(st, "发言人", meeting.NewIndex(people), meeting.Ref{})
	p.Focus()
	p.text.SetValue("金")
	p.search()
	lines := strings.Split(p.View(st, 40), "\n")
	if len(lines) < 2 {
		t.Fatalf("no matches shown: %q", lines)
	}
	l := ansi.Strip(lines[len(lines)-1])
	if lipgloss.Width(l) > 40 || !strings.HasSuffix(strings.TrimRight(l, " "), core.CutMark) {
		t.Errorf("the matches line is cut without %s (or too wide): %q", core.CutMark, l)
	}
}

// TestOutcomeEscAsks: the outcome screen lays out other fields when its choice changes; what was
// typed before is still asked about on Esc.
func TestOutcomeEscAsks(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 80, 24)
	m = say(t, m, "hxc", "二组路灯坏了。")
	m = drive(t, m, press(tea.KeyF7))
	o := front(m).(*outcome)
	m = drive(t, m, press(tea.KeyEscape))
	if _, ok := front(m).(*record); !ok {
		t.Fatalf("Esc on an untouched outcome screen: %T", front(m))
	}
	m = drive(t, m, press(tea.KeyF7))
	o = front(m).(*outcome)
	o.form.Focus(1)
	m = burst(t, m, "明天就修")
	m = drive(t, m, press(tea.KeyRight)) // to 交办 … (the answer field is laid away)
	o.form.Focus(0)
	m = drive(t, m, press(tea.KeyRight))
	m = drive(t, m, press(tea.KeyEscape))
	if _, ok := front(m).(*outcome); !ok || o.err != leaveAsk {
		t.Errorf("Esc over a typed answer did not ask: %T %q", front(m), o.err)
	}
}
