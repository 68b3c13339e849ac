package app

import (
	"yishi/meeting"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// reader shows one record (a meeting, a matter's trail) on a scrollable page.
type reader struct {
	c      *Common
	text   string
	vp     viewport.Model
	sealed meeting.ID // the sealed meeting shown, which may be amended; 0 otherwise
}

func newReader(c *Common) *reader {
	r := &reader{c: c, vp: viewport.New()}
	r.vp.KeyMap = c.Keys.Reader.viewportKeys()
	return r
}

func (r *reader) SetSize(width, height int) {
	r.vp.SetWidth(width)
	r.vp.SetHeight(height)
	r.layout()
}

// layout wraps the text to the window's width: Chinese wraps anywhere, by display width.
func (r *reader) layout() {
	w := max(r.vp.Width()-2, 10)
	r.vp.SetContent(lipgloss.NewStyle().PaddingLeft(1).Render(wrap(r.text, w)))
}

func (r *reader) open(text string) {
	r.sealed = 0
	r.text = text
	r.layout()
	r.vp.GotoTop()
}

// Update scrolls. Going back (Esc) is the root's: it changes screens at once, so a key typed
// right after it reaches the screen it expects.
func (r *reader) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && r.sealed != 0 && key.Matches(k, r.c.Keys.Reader.Amend) {
		return r, openAmend(r.c, r.sealed)
	}
	var cmd tea.Cmd
	r.vp, cmd = r.vp.Update(msg)
	return r, cmd
}

func (r *reader) View() string { return r.vp.View() }

func (r *reader) ShortHelp() []key.Binding {
	k := r.c.Keys.Reader
	if r.sealed != 0 {
		return []key.Binding{k.Up, k.PageUp, k.Amend, k.Back}
	}
	return []key.Binding{k.Up, k.PageUp, k.Back}
}

func (r *reader) FullHelp() [][]key.Binding { return [][]key.Binding{r.ShortHelp()} }
