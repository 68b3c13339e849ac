package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/internal/testkit"
	"yishi/meeting"
)

// TestUnknownInitialsAreNoName: initials that match nobody were saved as the speaker's name
// (「wzq（诉求）」) with no warning. They are refused, the field says why, nothing is written;
// a Chinese name not on the roster is still a villager, remembered.
func TestUnknownInitialsAreNoName(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 80, 24)
	r := front(m).(*record)
	m = say(t, m, "wzq", "路灯不亮。")
	if got := statements(t, s, r.m.ID); len(got) != 0 {
		t.Fatalf("initials that match nobody were recorded: %+v", got)
	}
	if v := ansi.Strip(view(m)); !strings.Contains(v, "「wzq」对不上任何人") {
		t.Errorf("no warning on screen:\n%s", v)
	}
	// Tab from the speaker field is refused the same way.
	r.text.SetValue("")
	r.speaker.text.SetValue("")
	r.setFocus(speakerFocus)
	m = burst(t, m, "xyz")
	m = drive(t, m, press(tea.KeyTab))
	if r.focus != speakerFocus {
		t.Errorf("Tab left the speaker field with initials that match nobody")
	}
	r.speaker.text.SetValue("")
	m = say(t, m, "王小满", "路灯不亮。")
	if got := statements(t, s, r.m.ID); len(got) != 1 || got[0].Speaker.Name != "王小满" {
		t.Errorf("a villager's name not on the roster: %+v", got)
	}
}

// TestHostNotOnRosterByInitials: the meeting's own host, typed in the setup form and not on the
// roster (王泽林), was not found by his initials wzl when he spoke.
func TestHostNotOnRosterByInitials(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	m = drive(t, m, typed("n"))
	su := front(m).(*setup)
	su.host.text.SetValue("")
	su.form.Focus(5) // 主持人
	m = burst(t, m, "王泽林")
	su.form.Focus(7)
	m = burst(t, m, "秋收帮工")
	m = drive(t, m, press(tea.KeyF2))
	m = drive(t, m, press(tea.KeyF2))
	r, ok := front(m).(*record)
	if !ok {
		t.Fatalf("not recording: %T\n%s", front(m), view(m))
	}
	if r.m.Host.Name != "王泽林" {
		t.Fatalf("host %+v", r.m.Host)
	}
	m = say(t, m, "wzl", "今晚说说秋收帮工。")
	got := statements(t, s, r.m.ID)
	if len(got) != 1 || got[0].Speaker.Name != "王泽林" {
		t.Errorf("wzl for the host 王泽林 gave %+v", got)
	}
}

// TestKindStaysForTheSpeaker: the kind reset for every speaker, and changing it needed an
// undocumented Shift-Tab. Ctrl+L changes it from any field and shows in the help line; a kind
// chosen for a speaker is theirs again at their next statement, others get their role's default.
func TestKindStaysForTheSpeaker(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 80, 24)
	r := front(m).(*record)
	if v := ansi.Strip(view(m)); !strings.Contains(v, "Ctrl+L 换类别") {
		t.Errorf("the help line does not show the key that changes the kind:\n%s", v)
	}
	// 孙秀兰 makes a suggestion: chosen with Ctrl+L while typing the text.
	m = burst(t, m, "sxl")
	m = drive(t, m, press(tea.KeyEnter))
	m = burst(t, m, "音响最好买能移动的。")
	for i := 0; i < len(meeting.StatementKinds) && r.currentKind() != meeting.Suggestion; i++ {
		m = drive(t, m, tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl})
	}
	if r.focus != textFocus || r.text.Value() != "音响最好买能移动的。" {
		t.Fatalf("Ctrl+L moved the focus or changed the text: focus %d, %q", r.focus, r.text.Value())
	}
	m = drive(t, m, press(tea.KeyEnter))
	m = say(t, m, "jcy", "好，记下了。")
	m = say(t, m, "sxl", "再配两个无线话筒。")
	got := statements(t, s, r.m.ID)
	if len(got) != 3 {
		t.Fatalf("%d statements", len(got))
	}
	want := []meeting.StatementKind{meeting.Suggestion, meeting.Answer, meeting.Suggestion}
	for i, st := range got {
		if st.Kind != want[i] {
			t.Errorf("statement %d by %s: %s, want %s", i+1, st.Speaker.Name, st.Kind, want[i])
		}
	}
}

// TestRecordingHelpKeepsF7F8: at 60 columns the help line hid F7 and F8, the keys that end an
// item and the meeting.
func TestRecordingHelpKeepsF7F8(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {80, 24}} {
		s := testkit.OpenStore(t)
		m := recording(t, s, size[0], size[1])
		v := view(m)
		checkFits(t, "recording", v, size[0], size[1])
		lines := strings.Split(ansi.Strip(v), "\n")
		help := lines[len(lines)-1]
		if !strings.Contains(help, "F7") || !strings.Contains(help, "F8 散会") {
			t.Errorf("%dx%d: the help line lacks F7 or F8: %q", size[0], size[1], help)
		}
	}
}

// TestDeletePromptLetsTheKeyThrough: after F6 asks to confirm, another key cancelled the prompt
// and was lost: the first character of the next statement vanished.
func TestDeletePromptLetsTheKeyThrough(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 80, 24)
	r := front(m).(*record)
	m = say(t, m, "hxc", "先说一句。")
	m = drive(t, m, press(tea.KeyF6))
	if !strings.Contains(r.err, "再按 F6") {
		t.Fatalf("F6 did not ask: %q", r.err)
	}
	m = burst(t, m, "ljg")
	if r.confirm != "" || strings.Contains(ansi.Strip(view(m)), "再按 F6") {
		t.Errorf("the prompt lingers after another key: %q", r.err)
	}
	if got := r.speaker.text.Value(); got != "ljg" {
		t.Errorf("the key that cancelled the prompt was lost: the field holds %q", got)
	}
	if got := statements(t, s, r.m.ID); len(got) != 1 {
		t.Errorf("cancelled, %d statements remain", len(got))
	}
}

// TestStatementsNotCutAtTheTop: at 80×24 the oldest statement on screen showed only its last
// line(s), as if that were all of it. A statement that does not fit whole is left out, and a
// line says older ones are above.
func TestStatementsNotCutAtTheTop(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		s := testkit.OpenStore(t)
		m := recording(t, s, size[0], size[1])
		long := strings.Repeat("村东那座便桥护栏断了两根，孩子们上学天天走，", 4)
		for i := 0; i < 6; i++ {
			m = say(t, m, "hxc", long)
		}
		v := ansi.Strip(view(m))
		checkFits(t, "recording", view(m), size[0], size[1])
		lines := strings.Split(v, "\n")
		first := lines[2] // below the title and subtitle
		if !strings.Contains(first, "上面还有") && !strings.Contains(first, "侯晓春（") {
			t.Errorf("%dx%d: the first statement line shown is the middle of one: %q\n%s", size[0], size[1], first, v)
		}
	}
}

// TestRecordingCaret: the focused field is marked like a form's, and the real cursor, where the
// input method's window opens, sits at the end of what was typed in the speaker and text fields.
func TestRecordingCaret(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		s := testkit.OpenStore(t)
		m := recording(t, s, size[0], size[1])
		r := front(m).(*record)
		check := func(field, typed string) {
			t.Helper()
			c := r.Cursor()
			if c == nil {
				t.Fatalf("%s: no caret", field)
			}
			lines := strings.Split(ansi.Strip(r.View()), "\n")
			line := lines[c.Position.Y]
			if !strings.HasPrefix(line, focusMark+field+"：") {
				t.Errorf("%dx%d: the caret's row is not the marked %s field: %q", size[0], size[1], field, line)
			}
			if want := ansi.StringWidth(focusMark + field + "：" + typed); c.Position.X != want {
				t.Errorf("%dx%d: %s caret at column %d, the typed text ends at %d", size[0], size[1], field, c.Position.X, want)
			}
		}
		m = burst(t, m, "王泽")
		check("发言人", "王泽")
		m = drive(t, m, press(tea.KeyEnter))
		m = burst(t, m, "路灯坏了")
		check("内容", "路灯坏了")
	}
}

// TestSpeakerNameLimits: a name typed for someone not on the roster had no limit: a pasted
// paragraph became a speaker. The roster's rule for names applies (meeting.NameProblem).
func TestSpeakerNameLimits(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 80, 24)
	r := front(m).(*record)
	m = say(t, m, strings.Repeat("王", 40), "路灯不亮。")
	if got := statements(t, s, r.m.ID); len(got) != 0 || !strings.Contains(r.err, "最多 32 个字") {
		t.Errorf("a 40-character name was taken: %d statements, err %q", len(got), r.err)
	}
}

// TestScrollShowsEveryLine: a statement left out whole at the top of the window came back, a
// PgUp later, only from its start: the lines between fell out of every view.
func TestScrollShowsEveryLine(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {80, 24}, {100, 30}} {
		for _, lens := range [][]int{{1, 5, 2, 7, 1, 4, 3}, {3, 3, 3, 3, 3, 3}, {6, 1, 1, 6, 1, 1, 6}, {2, 9, 2, 9, 2}} {
			s := testkit.OpenStore(t)
			m := recording(t, s, size[0], size[1])
			r := front(m).(*record)
			for i, n := range lens {
				m = say(t, m, "hxc", fmt.Sprintf("第%d条", i)+strings.Repeat("村东便桥护栏断了两根，孩子们上学天天走。", n))
			}
			all := r.lines()
			seen := map[int]bool{}
			for i := 0; i < 40; i++ {
				view := strings.Split(ansi.Strip(r.View()), "\n")
				for _, l := range view[2 : 2+r.statementRows()] {
					for j, x := range all {
						if ansi.Strip(x) == l && l != "" {
							seen[j] = true
						}
					}
				}
				m = drive(t, m, press(tea.KeyPgUp))
			}
			for j := range all {
				if !seen[j] {
					t.Errorf("%v, %v: line %d of the statements is in no view: %q", size, lens, j, ansi.Strip(all[j]))
				}
			}
		}
	}
}
