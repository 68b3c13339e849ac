package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"yishi/app/core"
	"yishi/meeting/demo"
)

// Messages of the welcome screen.
type (
	// demoLoadedMsg reports the demo village written, or why not.
	demoLoadedMsg struct{ err error }
)

// welcome is the first-start screen of an empty archive: it offers the demo village, or a form
// to create the user's own village.
type welcome struct {
	c       *Common
	loading bool
}

func newWelcome(c *Common) *welcome { return &welcome{c: c} }

func (w *welcome) SetSize(width, height int) {}

func (w *welcome) Update(msg tea.Msg) (Component, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case w.loading:
		case key.Matches(msg, w.c.Keys.Welcome.LoadDemo):
			w.loading = true
			return w, loadDemo(w.c.Store)
		case key.Matches(msg, w.c.Keys.Welcome.NewVillage):
			return w, show(newVillageForm(w.c))
		case key.Matches(msg, w.c.Keys.Welcome.Encrypt):
			if can, _ := encryptState(w.c); can {
				return w, show(newEncryptForm(w.c))
			}
		case key.Matches(msg, w.c.Keys.Welcome.Quit):
			return w, tea.Quit
		}
	case demoLoadedMsg:
		w.loading = false
	}
	return w, nil
}

// loadDemo writes the demo village as one all-or-nothing import.
func loadDemo(s core.Store) tea.Cmd {
	return func() tea.Msg {
		a, err := demo.Abei()
		if err == nil {
			err = core.LoadDemo(s, a)
		}
		return demoLoadedMsg{err}
	}
}

func (w *welcome) View() string {
	st := w.c.Styles
	body := st.Title.Render("议事：村级议事记录") + "\n\n" +
		fmt.Sprintf("数据目录 %s 里还没有记录。", w.c.Store.Dir()) + "\n\n" +
		"按 Enter 载入演示村「阿北村」：一次夜话乡村，和一件走完四议两公开的事项，看看记录是什么样子。\n\n" +
		"按 " + w.c.Keys.Welcome.NewVillage.Help().Key + " 新建本村：填写村名、户数和十八周岁以上村民人数，可同时导入花名册（Excel 另存的 CSV）。\n\n" +
		encryptLine(w.c) +
		st.Subtle.Render("也可以先退出，用 yishi roster import 花名册.csv --village 村名 导入本村花名册。")
	if w.loading {
		body += "\n\n" + st.Saved.Render("正在载入演示村……")
	}
	width := min(w.c.Width-4, 72)
	// The box's border and padding take 4 cells; the text is wrapped to the rest.
	box := st.Box.Render(wrap(body, width-4))
	return lipgloss.Place(w.c.Width, w.c.Height-2, lipgloss.Center, lipgloss.Center, box)
}

func (w *welcome) ShortHelp() []key.Binding {
	// F3 is in the text too: the help line names it where it fits beside Esc.
	if can, _ := encryptState(w.c); can && w.c.Width >= 72 {
		return []key.Binding{w.c.Keys.Welcome.LoadDemo, w.c.Keys.Welcome.NewVillage, w.c.Keys.Welcome.Encrypt, w.c.Keys.Welcome.Quit}
	}
	return []key.Binding{w.c.Keys.Welcome.LoadDemo, w.c.Keys.Welcome.NewVillage, w.c.Keys.Welcome.Quit}
}

func (w *welcome) FullHelp() [][]key.Binding {
	if can, _ := encryptState(w.c); can {
		return [][]key.Binding{{w.c.Keys.Welcome.LoadDemo, w.c.Keys.Welcome.NewVillage, w.c.Keys.Welcome.Encrypt, w.c.Keys.Welcome.Quit}}
	}
	return [][]key.Binding{w.ShortHelp()}
}
