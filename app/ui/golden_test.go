package ui

import (
	"flag"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/aymanbagabas/go-udiff"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/internal/testkit"
	"yishi/storage"
)

// Golden files of the screens, so that a change of layout (or, for a few screens, of colour)
// shows as a diff. They live in testdata/golden:
//
//	<screen>_<w>x<h>.txt          the screen without its styles, as it is laid out (one for both
//	                              backgrounds: light and dark must differ in colour only)
//	<screen>_<w>x<h>_<bg>.ansi    the screen as drawn, styles and all (home, record, roll call)
//
// After a deliberate change, rewrite them and read the diff before committing:
//
//	go test ./app/ui/ -run Golden -update
//	git diff app/ui/testdata/golden

var goldenSizes = [][2]int{{80, 24}, {60, 20}}

// goldenStyled names the screens whose styled drawing is kept as well.
var goldenStyled = map[string]bool{"home": true, "record": true, "rollcall": true}

// goldenScreens reaches each screen from a themed start on a store seeded with the demo village.
var goldenScreens = []struct {
	name  string
	reach func(t *testing.T, m tea.Model) tea.Model
}{
	{"home", func(t *testing.T, m tea.Model) tea.Model { return m }},
	{"help", func(t *testing.T, m tea.Model) tea.Model {
		m = drive(t, m, press(tea.KeyF1))
		if !m.(*model).help.ShowAll {
			t.Fatal("F1 did not open the list of keys")
		}
		return m
	}},
	{"rollcall", func(t *testing.T, m tea.Model) tea.Model {
		m = newMeeting(t, m, "党员大会", "审议更换路灯方案")
		for range 5 {
			m = drive(t, m, press(tea.KeySpace))
			m = drive(t, m, press(tea.KeyDown))
		}
		return m
	}},
	{"record", goldenRecording},
	{"vote", func(t *testing.T, m tea.Model) tea.Model {
		m = newMeeting(t, m, "党员大会", "审议更换路灯方案")
		for range 17 {
			m = drive(t, m, press(tea.KeySpace))
			m = drive(t, m, press(tea.KeyDown))
		}
		m = drive(t, m, press(tea.KeyF2))
		m = drive(t, m, press(tea.KeyF7))
		if _, ok := front(m).(*voteScreen); !ok {
			t.Fatalf("F7 did not open the vote: %T", front(m))
		}
		return m
	}},
	{"closing", func(t *testing.T, m tea.Model) tea.Model {
		m = drive(t, goldenRecording(t, m), press(tea.KeyF8))
		if _, ok := front(m).(*closing); !ok {
			t.Fatalf("F8 did not open the closing screen: %T", front(m))
		}
		return m
	}},
	{"closing_confirm", func(t *testing.T, m tea.Model) tea.Model {
		m = drive(t, goldenRecording(t, m), press(tea.KeyF8))
		m = drive(t, m, press(tea.KeyF2))
		if v := ansi.Strip(view(m)); !strings.Contains(v, "再按 F2") {
			t.Fatalf("the first F2 does not ask again:\n%s", v)
		}
		return m
	}},
	{"matter", func(t *testing.T, m tea.Model) tea.Model {
		m = drive(t, m, press(tea.KeyTab))
		h := m.(*model).home
		for i := 0; i < 20 && h.matters.SelectedRow()[0] != fmt.Sprint(testkit.Computers); i++ {
			m = drive(t, m, press(tea.KeyDown))
		}
		m = drive(t, m, press(tea.KeyEnter))
		if r := m.(*model).reader; front(m) != r || r.matter == nil || r.matter.matter.ID != testkit.Computers {
			t.Fatalf("the trail of matter %d is not open:\n%s", testkit.Computers, plain(m))
		}
		return m
	}},
	{"board", func(t *testing.T, m tea.Model) tea.Model {
		m = drive(t, m, press(tea.KeyF5))
		boardOf(t, m)
		return m
	}},
	{"search", func(t *testing.T, m tea.Model) tea.Model {
		m, s := openSearchScreen(t, m)
		m = burst(t, m, "路灯")
		if s.query != "路灯" || len(s.results.Hits) == 0 {
			t.Fatalf("no results for 路灯: query %q, %d hits", s.query, len(s.results.Hits))
		}
		return m
	}},
	{"settings", func(t *testing.T, m tea.Model) tea.Model {
		vs, _ := m.(*model).c.Store.Villages()
		m = drive(t, m, showMsg{newSettingsScreen(m.(*model).c, vs[0])})
		settingsOf(t, m)
		return m
	}},
	{"roster", func(t *testing.T, m tea.Model) tea.Model {
		vs, _ := m.(*model).c.Store.Villages()
		m = drive(t, m, showMsg{newRosterScreen(m.(*model).c, vs[0])})
		rosterOf(t, m)
		return m
	}},
}

// goldenRecording opens a 庭院说事 with 23 present and records three statements in it.
func goldenRecording(t *testing.T, m tea.Model) tea.Model {
	t.Helper()
	m = newMeeting(t, m, "庭院说事", "三组卫生")
	m = burst(t, m, "23")
	m = drive(t, m, press(tea.KeyF2))
	if _, ok := front(m).(*record); !ok {
		t.Fatalf("F2 did not open the recording screen: %T\n%s", front(m), view(m))
	}
	m = say(t, m, "lhj", "三组的垃圾池满了，两天没人清。")
	m = say(t, m, "jcy", "明天让保洁员先去清，再排一张轮值表。")
	m = say(t, m, "孙大爷", "池子边上的路灯也坏了。")
	return m
}

// goldenDir is the data folder the screens show: a temporary folder's name changes each run.
const goldenDir = "/home/cunwu/.local/share/yishi"

// goldenStore is a store on a temporary folder that calls itself goldenDir. It embeds the
// concrete store, so the screens find every optional interface (core.Encrypter) they look for.
type goldenStore struct{ *storage.Store }

func (goldenStore) Dir() string { return goldenDir }

// startThemed starts the program at w×h as the terminal answers it has a dark or light
// background, on a fresh store seeded with the demo village.
func startThemed(t *testing.T, w, h int, dark bool) tea.Model {
	t.Helper()
	st, err := storage.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := goldenStore{st}
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, w, h)
	bg := color.Color(color.White)
	if dark {
		bg = color.Black
	}
	m = drive(t, m, tea.BackgroundColorMsg{Color: bg})
	if m.(*model).c.Styles.IsDark != dark {
		t.Fatalf("the background reply did not restyle the screens (dark %v)", dark)
	}
	return m
}

func TestGolden(t *testing.T) {
	for _, sc := range goldenScreens {
		for _, size := range goldenSizes {
			w, h := size[0], size[1]
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, w, h), func(t *testing.T) {
				base := fmt.Sprintf("%s_%dx%d", sc.name, w, h)
				drawn := map[bool]string{}
				for _, dark := range []bool{true, false} {
					v := view(sc.reach(t, startThemed(t, w, h, dark)))
					checkFits(t, fmt.Sprintf("%s (dark %v)", sc.name, dark), v, w, h)
					drawn[dark] = v
				}
				lightPlain, darkPlain := ansi.Strip(drawn[false]), ansi.Strip(drawn[true])
				// The layout first: its diff is the one to read.
				compareGolden(t, base+".txt", darkPlain)
				if lightPlain != darkPlain {
					t.Errorf("light and dark backgrounds lay %s out differently:\n%s",
						sc.name, udiff.Unified("dark", "light", darkPlain, lightPlain))
				}
				if drawn[false] == drawn[true] {
					t.Errorf("%s is drawn the same on light and dark backgrounds", sc.name)
				}
				if goldenStyled[sc.name] {
					compareGolden(t, base+"_dark.ansi", drawn[true])
					compareGolden(t, base+"_light.ansi", drawn[false])
				}
			})
		}
	}
}

// goldenUpdate is the -update flag of github.com/charmbracelet/x/exp/golden (linked in by
// teatest), or this file's own when that package is not in the test binary.
var goldenUpdate = func() func() bool {
	if f := flag.Lookup("update"); f != nil {
		return func() bool { return f.Value.String() == "true" }
	}
	b := flag.Bool("update", false, "update .golden files")
	return func() bool { return *b }
}()

// compareGolden compares got with testdata/golden/name, or writes it there under -update.
// Escape sequences are quoted in the diff, so a colour change reads as text.
func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if goldenUpdate() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./app/ui/ -run Golden -update to write it)", err)
	}
	if w := strings.ReplaceAll(string(want), "\r\n", "\n"); w != got {
		t.Errorf("%s differs from the screen drawn (go test ./app/ui/ -run Golden -update to accept):\n%s",
			path, udiff.Unified(path, "drawn", quoteLines(w), quoteLines(got)))
	}
}

// quoteLines quotes the escape sequences of each line, keeping the line breaks.
func quoteLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if q := fmt.Sprintf("%q", l); q[1:len(q)-1] != l {
			lines[i] = q[1 : len(q)-1]
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
