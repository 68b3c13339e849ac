package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/core"
	"yishi/meeting"
)

// input is one field of a form: text, a choice among options, or a person from the roster.
// Its View is laid out at the given width and its Cursor is relative to that view's top left.
type input interface {
	Label() string
	Focus() tea.Cmd
	Blur()
	Update(msg tea.Msg) tea.Cmd
	View(st *Styles, width int) string
	Cursor() *tea.Cursor
	// Multiline inputs keep Enter and ↑↓ for themselves.
	Multiline() bool
}

// textField is a text input on a textarea: its real cursor is placed by display width, so an
// input method's candidate window opens at the caret (textinput places it by rune count, which
// is wrong for Chinese: bubbles#906). One line unless made multiline.
type textField struct {
	label     string
	ta        textarea.Model
	multiline bool
	// dark is the background the field's styles were made for: a field made before the
	// terminal's background-colour reply arrived is restyled when it is next drawn.
	dark bool
}

func newTextField(st *Styles, label, value, placeholder string) *textField {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.Placeholder = placeholder
	ta.SetVirtualCursor(false)
	ta.SetHeight(1)
	ta.KeyMap.InsertNewline.SetEnabled(false)
	ta.SetStyles(fieldStyles(st))
	ta.SetValue(value)
	return &textField{label: label, ta: ta, dark: st.IsDark}
}

// newTextArea is a multiline text field of the given height; Alt+Enter and Ctrl+J break lines.
func newTextArea(st *Styles, label, value, placeholder string, height int) *textField {
	f := newTextField(st, label, value, placeholder)
	f.multiline = true
	f.ta.SetHeight(height)
	f.ta.KeyMap.InsertNewline = fieldKeys.Newline
	return f
}

func fieldStyles(st *Styles) textarea.Styles {
	s := textarea.DefaultStyles(st.IsDark)
	s.Focused.CursorLine = lipgloss.NewStyle()
	s.Focused.Base = lipgloss.NewStyle()
	s.Blurred.Base = lipgloss.NewStyle()
	s.Focused.Placeholder = st.Subtle
	s.Blurred.Placeholder = st.Subtle
	return s
}

func (f *textField) Label() string     { return f.label }
func (f *textField) Focus() tea.Cmd    { return f.ta.Focus() }
func (f *textField) Blur()             { f.ta.Blur() }
func (f *textField) Multiline() bool   { return f.multiline }
func (f *textField) Value() string     { return strings.TrimSpace(f.ta.Value()) }
func (f *textField) SetValue(s string) { f.ta.SetValue(s); f.ta.MoveToEnd() }

func (f *textField) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.ta, cmd = f.ta.Update(msg)
	if !f.multiline && strings.ContainsAny(f.ta.Value(), "\r\n") {
		// A pasted line break has no place in a one-line field.
		f.ta.SetValue(strings.Join(strings.Fields(f.ta.Value()), " "))
	}
	return cmd
}

func (f *textField) View(st *Styles, width int) string {
	if f.dark != st.IsDark {
		f.ta.SetStyles(fieldStyles(st))
		f.dark = st.IsDark
	}
	f.ta.SetWidth(max(width, 4))
	return f.ta.View()
}

func (f *textField) Cursor() *tea.Cursor { return f.ta.Cursor() }

// choiceField picks one of a few options with ← and →.
type choiceField struct {
	label   string
	options []string
	index   int
	focused bool
}

func newChoiceField(label string, options []string, index int) *choiceField {
	return &choiceField{label: label, options: options, index: index}
}

func (c *choiceField) Label() string   { return c.label }
func (c *choiceField) Focus() tea.Cmd  { c.focused = true; return nil }
func (c *choiceField) Blur()           { c.focused = false }
func (c *choiceField) Multiline() bool { return false }
func (c *choiceField) Cursor() *tea.Cursor {
	return nil
}

// Value is the chosen option.
func (c *choiceField) Value() string { return c.options[c.index] }

func (c *choiceField) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, fieldKeys.Left):
			c.index = (c.index + len(c.options) - 1) % len(c.options)
		case key.Matches(k, fieldKeys.Right, fieldKeys.Toggle):
			c.index = (c.index + 1) % len(c.options)
		}
	}
	return nil
}

// View shows every option that fits, the chosen one marked; ← → when focused.
func (c *choiceField) View(st *Styles, width int) string {
	var parts []string
	for i, o := range c.options {
		if i == c.index {
			style := st.Heading
			if c.focused {
				style = st.Chosen
			}
			parts = append(parts, style.Render("【"+o+"】"))
		} else {
			parts = append(parts, st.Subtle.Render(o))
		}
	}
	line := strings.Join(parts, " ")
	if lipgloss.Width(line) > width {
		// Too many to show: the chosen one, with arrows to say there are more.
		// ASCII angle marks: arrows are ambiguous-width and misalign in CJK terminals.
		line = st.Chosen.Render("< " + c.options[c.index] + " >")
	}
	return line
}

// personField finds a person by name or pinyin initials as it is typed (jcy → 金昌义); a name
// not on the roster is taken as typed, for a villager to be remembered.
type personField struct {
	text     *textField
	index    *meeting.Index
	matches  []meeting.Person
	selected int
	chosen   *meeting.Person
	focused  bool
}

func newPersonField(st *Styles, label string, people *meeting.Index, value meeting.Ref) *personField {
	p := &personField{text: newTextField(st, label, value.Name, "姓名或拼音首字母"), index: people}
	if value.Name != "" {
		person := meeting.Person{ID: value.PersonID, Name: value.Name}
		p.chosen = &person
	}
	return p
}

func (p *personField) Label() string   { return p.text.label }
func (p *personField) Focus() tea.Cmd  { p.focused = true; return p.text.Focus() }
func (p *personField) Blur()           { p.focused = false; p.text.Blur(); p.accept() }
func (p *personField) Multiline() bool { return false }

// Ref is the person chosen or typed; a typed name not on the roster has no ID.
func (p *personField) Ref() meeting.Ref {
	if p.chosen != nil && p.chosen.Name == p.text.Value() {
		return p.chosen.Ref()
	}
	return meeting.Ref{Name: p.text.Value()}
}

// Person is the roster entry chosen, if any.
func (p *personField) Person() (meeting.Person, bool) {
	if p.chosen != nil && p.chosen.Name == p.text.Value() {
		return *p.chosen, true
	}
	return meeting.Person{}, false
}

// Set puts a person in the field.
func (p *personField) Set(r meeting.Ref) {
	person := meeting.Person{ID: r.PersonID, Name: r.Name}
	p.chosen = &person
	p.matches = nil
	p.text.SetValue(r.Name)
}

// accept takes the highlighted match, if the text is a search rather than a chosen name.
func (p *personField) accept() {
	if len(p.matches) == 0 {
		return
	}
	m := p.matches[p.selected]
	p.chosen = &m
	p.matches = nil
	p.text.SetValue(m.Name)
}

// Update searches as the text changes; ↑↓ move among the matches; Enter and Tab take the
// highlighted one (the form then moves on).
func (p *personField) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && len(p.matches) > 0 {
		switch {
		case key.Matches(k, fieldKeys.Down):
			p.selected = (p.selected + 1) % len(p.matches)
			return nil
		case key.Matches(k, fieldKeys.Up):
			p.selected = (p.selected + len(p.matches) - 1) % len(p.matches)
			return nil
		}
	}
	before := p.text.ta.Value()
	cmd := p.text.Update(msg)
	if p.text.ta.Value() != before {
		p.search()
	}
	return cmd
}

func (p *personField) search() {
	q := p.text.Value()
	p.selected = 0
	p.matches = nil
	if q == "" || (p.chosen != nil && p.chosen.Name == q) {
		return
	}
	p.matches = p.index.Search(q)
	if len(p.matches) > 5 {
		p.matches = p.matches[:5]
	}
	// An exact name needs no list.
	if len(p.matches) == 1 && p.matches[0].Name == q {
		p.chosen = &p.matches[0]
		p.matches = nil
	}
}

// Suggesting reports whether matches are shown (so ↑↓ and Enter belong to the field).
func (p *personField) Suggesting() bool { return len(p.matches) > 0 }

func (p *personField) View(st *Styles, width int) string {
	v := p.text.View(st, width)
	if !p.focused || len(p.matches) == 0 {
		if p.focused && p.text.Value() != "" && p.chosen == nil {
			v += "\n" + st.Subtle.Render("不在花名册上：将记为「"+p.text.Value()+"」")
		}
		return v
	}
	var names []string
	for i, m := range p.matches {
		n := m.Name
		if m.Title != "" {
			n += st.Subtle.Render(" " + m.Title)
		}
		if i == p.selected {
			n = st.ActiveTab.Render(m.Name)
		}
		names = append(names, n)
	}
	return v + "\n" + ansi.Truncate(strings.Join(names, "　"), width, core.CutMark)
}

func (p *personField) Cursor() *tea.Cursor { return p.text.Cursor() }

// form is a column of labelled inputs; Tab, Shift+Tab, ↑↓ and Enter move between them.
type form struct {
	inputs []input
	focus  int
	// opened holds what the fields held when the form was first shown (after its screen filled
	// in its defaults), seen says it was taken; asked says Esc was pressed once over changes.
	opened string
	seen   bool
	asked  bool
	// changed carries changes over from a form this one replaced (a screen that lays out other
	// fields when a choice changes builds a new form).
	changed bool
}

// leaveAsk is what a form says when Esc would throw away what was typed.
const leaveAsk = "填的内容还没有保存：再按 Esc 放弃，按 F2 保存，按其他键接着填"

// values is what the fields hold, as one string to compare.
func (f *form) values() string {
	var b strings.Builder
	for _, in := range f.inputs {
		switch x := in.(type) {
		case *textField:
			b.WriteString(x.ta.Value())
		case *personField:
			b.WriteString(x.text.ta.Value())
		case *choiceField:
			fmt.Fprint(&b, x.index)
		case *checkField:
			fmt.Fprint(&b, x.checked)
		case *notedField:
			b.WriteString((&form{inputs: []input{x.input}}).values())
		}
		b.WriteByte(0)
	}
	return b.String()
}

// see takes what the fields hold when the form is first shown or used.
func (f *form) see() {
	if !f.seen {
		f.opened, f.seen = f.values(), true
	}
}

// Changed reports whether anything was changed since the form opened.
func (f *form) Changed() bool {
	f.see()
	return f.changed || f.values() != f.opened
}

// Leave reports whether Esc may leave the form now: at once when nothing was changed since it
// opened, else only at a second Esc; the first sets the question (leaveAsk) for the screen to
// show. Any other key in between (Update) takes the question back.
func (f *form) Leave() bool {
	f.see()
	if f.asked || (!f.changed && f.values() == f.opened) {
		return true
	}
	f.asked = true
	return false
}

func newForm(inputs ...input) *form {
	f := &form{inputs: inputs}
	return f
}

// Focus puts the focus on input i.
func (f *form) Focus(i int) tea.Cmd {
	if len(f.inputs) == 0 {
		return nil
	}
	f.inputs[f.focus].Blur()
	f.focus = (i + len(f.inputs)) % len(f.inputs)
	return f.inputs[f.focus].Focus()
}

// FocusFirstEmpty puts the focus on the first text or person field still empty, where the
// user types first; on the first input when every field holds something. Forms list the
// fields to fill before those a default already fills (a date that is usually today), so a
// form opens where the typing goes, and what is typed never lands behind a default.
func (f *form) FocusFirstEmpty() tea.Cmd {
	for i, in := range f.inputs {
		switch x := in.(type) {
		case *textField:
			if x.ta.Value() == "" {
				return f.Focus(i)
			}
		case *personField:
			if x.text.ta.Value() == "" {
				return f.Focus(i)
			}
		}
	}
	return f.Focus(0)
}

// settle takes the highlighted match of a person field still searching, as leaving the field
// would: F2 saves a form without leaving the field it is in, and "lhj" is then 刘恒军, not a
// villager called lhj. (Only the focused field can be searching: leaving a field settles it.)
func (f *form) settle() {
	if p, ok := f.Focused().(*personField); ok {
		p.accept()
	}
}

// Focused is the input with the focus.
func (f *form) Focused() input { return f.inputs[f.focus] }

// Update moves the focus or hands the message to the focused input. It reports whether Enter
// was pressed on the last input (the form is done).
func (f *form) Update(msg tea.Msg) (tea.Cmd, bool) {
	f.see()
	k, isKey := msg.(tea.KeyPressMsg)
	if isKey {
		f.asked = false
	}
	if !isKey {
		return f.Focused().Update(msg), false
	}
	cur := f.Focused()
	suggesting := false
	if p, ok := cur.(*personField); ok {
		suggesting = p.Suggesting()
	}
	switch {
	case key.Matches(k, fieldKeys.NextField):
		return f.Focus(f.focus + 1), false
	case key.Matches(k, fieldKeys.PrevField):
		return f.Focus(f.focus - 1), false
	case key.Matches(k, fieldKeys.Down):
		if !cur.Multiline() && !suggesting {
			return f.Focus(f.focus + 1), false
		}
	case key.Matches(k, fieldKeys.Up):
		if !cur.Multiline() && !suggesting {
			return f.Focus(f.focus - 1), false
		}
	case key.Matches(k, fieldKeys.Accept):
		if !cur.Multiline() {
			if f.focus == len(f.inputs)-1 {
				cur.Blur()
				cmd := cur.Focus()
				return cmd, true
			}
			return f.Focus(f.focus + 1), false
		}
	}
	return cur.Update(msg), false
}

// labelWidth is the width of the widest label.
func (f *form) labelWidth() int {
	w := 0
	for _, in := range f.inputs {
		w = max(w, lipgloss.Width(in.Label()))
	}
	return w
}

// focusMark stands before the label of the field with the focus, so that it shows in a terminal
// without bold or colour, and in a screen read as plain text; the other labels are indented as
// far. It is neutral-width, unlike the ambiguous-width arrows.
const focusMark = "› "

// View lays the form out at width and returns the real cursor's place relative to its top left.
func (f *form) View(st *Styles, width int) (string, *tea.Cursor) {
	f.see()
	lw := f.labelWidth()
	mw := lipgloss.Width(focusMark)
	var lines []string
	var cursor *tea.Cursor
	for i, in := range f.inputs {
		label := lipgloss.NewStyle().Width(lw).Render(in.Label()) + "："
		style, mark := st.Subtle, strings.Repeat(" ", mw)
		if i == f.focus {
			style, mark = st.Heading, st.Title.Render(focusMark)
		}
		v := in.View(st, width-lw-2-mw)
		if i == f.focus {
			if c := in.Cursor(); c != nil {
				c.Position.X += mw + lw + 2
				c.Position.Y += len(lines)
				cursor = c
			}
		}
		block := lipgloss.JoinHorizontal(lipgloss.Top, mark+style.Render(label), v)
		lines = append(lines, strings.Split(block, "\n")...)
	}
	return strings.Join(lines, "\n"), cursor
}

// checkField picks any number of options: ← → move among them, the space bar ticks or clears the
// one under the cursor. Options flow onto further lines when they do not fit.
type checkField struct {
	label     string
	options   []string
	checked   []bool
	cursor    int
	focused   bool
	exclusive map[int]int // ticking option i clears option exclusive[i]
}

func newCheckField(label string, options []string, checked []bool) *checkField {
	c := &checkField{label: label, options: options, checked: make([]bool, len(options)), exclusive: map[int]int{}}
	copy(c.checked, checked)
	return c
}

// Exclusive makes options a and b exclude each other: ticking one clears the other.
func (c *checkField) Exclusive(a, b int) { c.exclusive[a], c.exclusive[b] = b, a }

func (c *checkField) Label() string       { return c.label }
func (c *checkField) Focus() tea.Cmd      { c.focused = true; return nil }
func (c *checkField) Blur()               { c.focused = false }
func (c *checkField) Multiline() bool     { return false }
func (c *checkField) Cursor() *tea.Cursor { return nil }

// Checked reports whether option i is ticked.
func (c *checkField) Checked(i int) bool { return c.checked[i] }

func (c *checkField) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(c.options) == 0 {
		return nil
	}
	switch {
	case key.Matches(k, fieldKeys.Left):
		c.cursor = (c.cursor + len(c.options) - 1) % len(c.options)
	case key.Matches(k, fieldKeys.Right):
		c.cursor = (c.cursor + 1) % len(c.options)
	case key.Matches(k, fieldKeys.Toggle):
		c.checked[c.cursor] = !c.checked[c.cursor]
		if o, ok := c.exclusive[c.cursor]; ok && c.checked[c.cursor] {
			c.checked[o] = false
		}
	}
	return nil
}

// View shows every option with [x] or [ ] before it; the one under the cursor is marked when
// the field has the focus.
func (c *checkField) View(st *Styles, width int) string {
	var lines []string
	line, lineW := "", 0
	for i, o := range c.options {
		box := "[ ]"
		if c.checked[i] {
			box = "[x]"
		}
		item := st.Subtle.Render(box + o)
		switch {
		case c.focused && i == c.cursor:
			item = st.ActiveTab.UnsetPadding().Render(box + o)
		case c.checked[i]:
			item = st.Heading.Render(box + o)
		}
		w := lipgloss.Width(box + o)
		if lineW > 0 && lineW+1+w > width {
			lines = append(lines, line)
			line, lineW = "", 0
		}
		if lineW > 0 {
			line += " "
			lineW++
		}
		line += item
		lineW += w
	}
	return strings.Join(append(lines, line), "\n")
}

// notedField is an input with an error under it when there is one, wrapped to the field's width.
type notedField struct {
	input
	err string
}

func noted(in input) *notedField { return &notedField{input: in} }

// SetError shows err under the field ("" clears it).
func (n *notedField) SetError(err string) { n.err = err }

func (n *notedField) View(st *Styles, width int) string {
	v := n.input.View(st, width)
	if n.err != "" {
		v += "\n" + st.Error.Render(wrap(n.err, width))
	}
	return v
}

// Value is the text of a noted text field ("" for other inputs).
func (n *notedField) Value() string {
	if v, ok := n.input.(interface{ Value() string }); ok {
		return v.Value()
	}
	return ""
}
