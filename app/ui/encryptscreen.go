package ui

// The first-start screen's encryption choice: the passphrase typed twice, masked, and the empty
// archive encrypted in place (storage.Store.Encrypt).

import (
	"strings"
	"unicode/utf8"
	"yishi/app/core"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// encryptState tells whether the archive of c can still be encrypted, and whether it is.
func encryptState(c *Common) (can, encrypted bool) {
	e, ok := c.Store.(core.Encrypter)
	if !ok || c.Store.Dir() == "" {
		return false, false
	}
	if e.IsEncrypted() {
		return false, true
	}
	return true, false
}

// encryptLine is the welcome screen's paragraph on encryption, "" where it has nothing to say.
func encryptLine(c *Common) string {
	switch can, encrypted := encryptState(c); {
	case encrypted:
		return "档案已加密：打开要口令，数据目录和备份里都看不到记录。\n\n"
	case can:
		return "按 " + c.Keys.Welcome.Encrypt.Help().Key + " 可先用口令加密档案，保护村民信息。\n\n"
	}
	return ""
}

// encryptedMsg reports the archive encrypted, or why not.
type encryptedMsg struct{ err error }

// passwordField is a one-line masked input. A textinput, not a textarea like every other field:
// what it shows is one ASCII mask character per character typed, so its cursor, placed by rune
// count, is where the caret is (the reason for textareas, bubbles#906, is wide characters).
type passwordField struct {
	label string
	ti    textinput.Model
}

func newPasswordField(st *Styles, label, placeholder string) *passwordField {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = placeholder
	ti.EchoMode = textinput.EchoPassword
	ti.EchoCharacter = '*'
	ti.SetVirtualCursor(false)
	s := textinput.DefaultStyles(st.IsDark)
	s.Focused.Placeholder = st.Subtle
	s.Blurred.Placeholder = st.Subtle
	ti.SetStyles(s)
	return &passwordField{label: label, ti: ti}
}

func (f *passwordField) Label() string   { return f.label }
func (f *passwordField) Focus() tea.Cmd  { return f.ti.Focus() }
func (f *passwordField) Blur()           { f.ti.Blur() }
func (f *passwordField) Multiline() bool { return false }
func (f *passwordField) Value() string   { return f.ti.Value() }

func (f *passwordField) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.ti, cmd = f.ti.Update(msg)
	return cmd
}

func (f *passwordField) View(st *Styles, width int) string {
	f.ti.SetWidth(max(width-1, 4))
	return f.ti.View()
}

func (f *passwordField) Cursor() *tea.Cursor { return f.ti.Cursor() }

// encryptForm asks the passphrase twice and encrypts the empty archive.
type encryptForm struct {
	c             *Common
	form          *form
	first, second *passwordField
	err           string
	busy          bool
	width, height int
}

func newEncryptForm(c *Common) *encryptForm {
	st := c.Styles
	f := &encryptForm{c: c, width: c.Width, height: c.Height}
	f.first = newPasswordField(st, "口令", "至少 8 个字")
	f.second = newPasswordField(st, "再输一次", "")
	f.form = newForm(f.first, f.second)
	f.form.Focus(0)
	f.form.View(st, f.width)
	return f
}

func (f *encryptForm) SetSize(width, height int) {
	f.width, f.height = width, height
	f.form.View(f.c.Styles, width)
}

func (f *encryptForm) Update(msg tea.Msg) (Component, tea.Cmd) {
	switch msg := msg.(type) {
	case encryptedMsg:
		f.busy = false
		if msg.err != nil {
			f.err = msg.err.Error()
			return f, nil
		}
		return f, goHome("档案已加密。请记牢口令：忘了口令，档案和备份都打不开")
	case tea.KeyPressMsg:
		switch {
		case f.busy:
			return f, nil
		case key.Matches(msg, f.c.Keys.Form.Submit):
			return f, f.submit()
		case key.Matches(msg, f.c.Keys.Form.Cancel):
			return f, goHome("")
		}
	}
	cmd, done := f.form.Update(msg)
	if done {
		return f, tea.Batch(cmd, f.submit())
	}
	return f, cmd
}

// submit checks the two entries and encrypts the archive in the background: deriving the key
// takes a moment.
func (f *encryptForm) submit() tea.Cmd {
	p := f.first.Value()
	switch {
	case utf8.RuneCountInString(p) < core.MinPassphrase:
		f.err = "口令太短：请至少用 8 个字（字母、数字、汉字都算）"
		return f.form.Focus(0)
	case p != f.second.Value():
		f.err = "两次输入的口令不一样：请再输一次"
		f.second.ti.SetValue("")
		return f.form.Focus(1)
	}
	e, ok := f.c.Store.(core.Encrypter)
	if !ok {
		f.err = "这个档案不能加密"
		return nil
	}
	f.err, f.busy = "", true
	return func() tea.Msg { return encryptedMsg{e.Encrypt(p)} }
}

const encryptHeaderLines = 3 // title, hint, blank line

func (f *encryptForm) header() string {
	st := f.c.Styles
	k := f.c.Keys.Form
	return st.Title.Render("加密档案") + "\n" +
		lipgloss.NewStyle().MaxWidth(f.width).Render(st.Subtle.Render("设一个口令，输两次，按 "+
			k.Submit.Help().Key+" 加密，"+k.Cancel.Help().Key+" 不加密。"))
}

func (f *encryptForm) View() string {
	st := f.c.Styles
	body, _ := f.form.View(st, f.width)
	out := f.header() + "\n\n" + body
	switch {
	case f.busy:
		out += "\n\n" + st.Saved.Render("正在加密……")
	case f.err != "":
		out += "\n\n" + st.Error.Render(wrap(f.err, f.width))
	}
	note := "加密以后，数据目录和它的备份里都看不到任何记录；每次打开 yishi 都要输入口令，" +
		"也可以设在环境变量 YISHI_PASSPHRASE 里。忘了口令，档案和备份都打不开，谁也找不回来。" +
		"以后可以用 yishi passphrase 换口令。"
	if h := st.Subtle.Render(wrap(note, f.width)); lipgloss.Height(out)+1+lipgloss.Height(h) <= f.height {
		out += "\n\n" + h
	}
	return strings.TrimRight(out, "\n")
}

// Cursor places the real cursor at the caret of the focused field.
func (f *encryptForm) Cursor() *tea.Cursor {
	if f.busy {
		return nil
	}
	_, c := f.form.View(f.c.Styles, f.width)
	if c != nil {
		c.Position.Y += encryptHeaderLines
	}
	return c
}

func (f *encryptForm) ShortHelp() []key.Binding {
	k := f.c.Keys.Form
	return []key.Binding{k.Next, k.Submit, k.Cancel}
}

func (f *encryptForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }
