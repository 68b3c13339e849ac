package ui

import (
	"strings"
	"testing"
	"yishi/app/internal/testkit"

	tea "charm.land/bubbletea/v2"
)

// quits reports whether cmd, run, asks the program to quit.
func quits(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if quits(c) {
				return true
			}
		}
	}
	return false
}

// TestHomeEscAsks: Esc on home quit at once, even when pressed to close the list of keys. Esc
// closes the list first; on home it asks, a second Esc quits, any other key takes the question
// back and does its own job.
func TestHomeEscAsks(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyF1))
	if !m.(*model).help.ShowAll {
		t.Fatal("F1 did not open the list of keys")
	}
	m, cmd := m.Update(press(tea.KeyEscape))
	if quits(cmd) || m.(*model).help.ShowAll || front(m) != m.(*model).home {
		t.Fatalf("Esc over the list of keys: quit %v, list open %v, front %T", quits(cmd), m.(*model).help.ShowAll, front(m))
	}
	m, cmd = m.Update(press(tea.KeyEscape))
	if quits(cmd) {
		t.Fatal("Esc on home quit without asking")
	}
	m = drive(t, m, runCmd(cmd)[0])
	if v := plain(m); !strings.Contains(v, "再按 Esc 退出") {
		t.Errorf("Esc on home does not ask:\n%s", v)
	}
	before := m.(*model).home.meetings.Cursor()
	m = drive(t, m, press(tea.KeyDown))
	if m.(*model).home.meetings.Cursor() != before+1 || strings.Contains(plain(m), "再按 Esc 退出") {
		t.Errorf("a key after the question did not take it back and do its job")
	}
	m = drive(t, m, press(tea.KeyEscape))
	if _, cmd = m.Update(press(tea.KeyEscape)); !quits(cmd) {
		t.Error("a second Esc did not quit")
	}
}

// TestHomeHelpAndOneVillage: the home help line never showed n 开新会; F4 换村 with one village
// did nothing and said nothing.
func TestHomeHelpAndOneVillage(t *testing.T) {
	for _, w := range []int{60, 80} {
		s := testkit.OpenStore(t)
		testkit.SeedDemo(t, s, nil)
		m := start(t, s, w, 24)
		lines := strings.Split(plain(m), "\n")
		if help := lines[len(lines)-1]; !strings.Contains(help, "n 开新会") {
			t.Errorf("at %d columns the help line lacks n 开新会: %q", w, help)
		}
		m = drive(t, m, press(tea.KeyF4))
		if v := plain(m); !strings.Contains(v, "只有「阿北村」一个村") {
			t.Errorf("F4 with one village says nothing:\n%s", v)
		}
		checkFits(t, "home after F4", view(m), w, 24)
	}
}

// TestMattersNarrow: at 60 columns the matters pane gave the stage strip its full width and cut
// each title to four characters (「村东排水⋯」) and the next step to two. A narrow window shows
// the stage reached instead of the strip, and the titles keep their room.
func TestMattersNarrow(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 60, 20)
	m = drive(t, m, press(tea.KeyTab))
	v := plain(m)
	checkFits(t, "matters at 60", view(m), 60, 20)
	for _, want := range []string{"所处步骤", "更换村内主干道路灯", "待党员大会审议", "结果公开"} {
		if !strings.Contains(v, want) {
			t.Errorf("the matters pane at 60 columns lacks %q:\n%s", want, v)
		}
	}
	m = drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	if v := plain(m); !strings.Contains(v, "提议─商议─审议") {
		t.Errorf("at 100 columns the stage strip is gone:\n%s", v)
	}
}
