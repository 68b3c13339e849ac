package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"golang.org/x/text/width"

	"yishi/app/core"
	"yishi/meeting"
)

// The new-village form writes the village and its roster in one transaction and goes home, so
// it has no messages of its own.

// villageForm creates a village: its name, township, the two figures the villagers' meeting
// quorum is counted from, and optionally its roster from a CSV file.
type villageForm struct {
	c          *Common
	form       *form
	name       *notedField
	township   *textField
	households *notedField
	adults     *notedField
	roster     *notedField
	hints      map[input]string // shown under the form while the field has the focus
	problems   []string
	width      int
	height     int
}

// newVillageForm returns the form that creates a village.
func newVillageForm(c *Common) Component {
	st := c.Styles
	today := meeting.DateOf(c.Now())
	byPerson := meeting.DefaultRuleOn(meeting.VillagerAssembly, meeting.Persons, today)
	byHousehold := meeting.DefaultRuleOn(meeting.VillagerAssembly, meeting.Households, today)
	bases := fmt.Sprintf("户数和十八周岁以上村民人数是村民会议法定人数的基数：按人计，%s；按户计，%s（%s）。不清楚可先空着，以后在本村设置里补填。",
		byPerson.Describe(), byHousehold.Describe(), byPerson.Basis)
	f := &villageForm{c: c, width: c.Width, height: c.Height}
	f.name = noted(newTextField(st, "村名", "", "如 阿北村"))
	f.township = newTextField(st, "乡镇", "", "可不填")
	f.households = noted(newTextField(st, "户数", "", "数字，如 312"))
	f.adults = noted(newTextField(st, "十八周岁以上村民人数", "", "数字，如 860"))
	f.roster = noted(newTextField(st, "花名册文件", "", "CSV 文件的路径，可不填"))
	f.hints = map[input]string{
		f.households: bases,
		f.adults:     bases,
		f.roster:     "花名册是 Excel 另存的 CSV 文件，UTF-8 或 GBK 编码均可；第一行是列名，至少要有「姓名」一列。以后也可以在花名册里按 F3 导入。",
	}
	f.form = newForm(f.name, f.township, f.households, f.adults, f.roster)
	f.form.Focus(0)
	f.form.View(st, f.width) // gives the fields their width before the first key
	return f
}

func (f *villageForm) SetSize(width, height int) {
	f.width, f.height = width, height
	f.form.View(f.c.Styles, width)
}

func (f *villageForm) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, f.c.Keys.Form.Submit):
			return f, f.submit()
		case key.Matches(k, f.c.Keys.Form.Cancel):
			// Back to where the form was opened: the welcome screen of an empty archive, or home.
			return f, goHome("")
		}
	}
	cmd, done := f.form.Update(msg)
	if done {
		return f, tea.Batch(cmd, f.submit())
	}
	return f, cmd
}

// parseCount reads a whole number of people or households as typed: full-width digits are
// taken, blank is zero. It returns what is wrong, or "".
func parseCount(s, what string) (int, string) {
	s = strings.TrimSpace(width.Narrow.String(s))
	if s == "" {
		return 0, ""
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Sprintf("%s请填写不小于 0 的整数，现在是「%s」", what, s)
	}
	return n, ""
}

// submit checks everything and writes the village and its roster in one transaction; when
// anything is wrong it says what, next to the field, and writes nothing.
func (f *villageForm) submit() tea.Cmd {
	f.problems = nil
	for _, n := range []*notedField{f.name, f.households, f.adults, f.roster} {
		n.SetError("")
	}
	bad := -1
	mark := func(n *notedField, msg string) {
		n.SetError(msg)
		if bad < 0 {
			bad = slices.Index(f.form.inputs, input(n))
		}
	}
	v := meeting.Village{
		Name:     f.name.Value(),
		Township: f.township.Value(),
		Settings: meeting.Defaults(),
	}
	if err := (meeting.Village{Name: v.Name, Settings: v.Settings}).Validate(); err != nil {
		mark(f.name, err.Error())
	} else if f.exists(v.Name) {
		mark(f.name, "数据目录里已经有「"+v.Name+"」了，请换一个村名（同名的村可加上乡镇名区分）")
	}
	var msg string
	if v.Households, msg = parseCount(f.households.Value(), "户数"); msg != "" {
		mark(f.households, msg)
	}
	if v.Adults, msg = parseCount(f.adults.Value(), "十八周岁以上村民人数"); msg != "" {
		mark(f.adults, msg)
	}
	var people []meeting.Person
	if path := f.roster.Value(); path != "" {
		var err error
		if people, err = readRosterFile(path); err != nil {
			lines := errorLines(err)
			mark(f.roster, lines[0])
			f.problems = lines[1:]
		}
	}
	if bad < 0 {
		if err := v.Validate(); err != nil {
			f.problems = strings.Split(err.Error(), "；")
			bad = f.form.focus
		}
	}
	if bad >= 0 {
		return f.form.Focus(bad)
	}
	err := core.CreateVillage(f.c.Store, &v, people)
	if err != nil {
		f.problems = []string{"没有保存：" + err.Error()}
		return nil
	}
	status := fmt.Sprintf("已建村「%s」，导入 %d 人，已保存 %s", v.Name, len(people), f.c.Now().In(meeting.Beijing).Format("15:04:05"))
	if len(people) == 0 {
		status = fmt.Sprintf("已建村「%s」，已保存 %s；在首页按 %s 添加或导入花名册", v.Name,
			f.c.Now().In(meeting.Beijing).Format("15:04:05"), f.c.Keys.Home.Roster.Help().Key)
	}
	return goHome(status)
}

// exists reports whether the archive has a village of this name.
func (f *villageForm) exists(name string) bool {
	vs, err := f.c.Store.Villages()
	if err != nil {
		return false
	}
	for _, v := range vs {
		if v.Name == name {
			return true
		}
	}
	return false
}

// header is the lines above the form.
func (f *villageForm) header() string {
	st := f.c.Styles
	return st.Title.Render("新建本村") + "\n" +
		lipgloss.NewStyle().MaxWidth(f.width).Render(st.Subtle.Render("填写本村的基本情况，填好按 "+
			f.c.Keys.Form.Submit.Help().Key+" 保存，"+f.c.Keys.Form.Cancel.Help().Key+" 取消。"))
}

const villageHeaderLines = 3 // title, hint, blank line

// View shows the form, then what stops the save (the roster's bad rows first), then the hint of
// the focused field where there is room for it.
func (f *villageForm) View() string {
	st := f.c.Styles
	body, _ := f.form.View(st, f.width)
	out := f.header() + "\n\n" + body
	room := f.height - villageHeaderLines - lipgloss.Height(body) - 1
	if p := problemsView(st, f.problems, f.width, room); p != "" {
		out += "\n\n" + p
		room -= lipgloss.Height(p) + 1
	}
	if hint := f.hints[f.form.Focused()]; hint != "" {
		if h := st.Subtle.Render(wrap(hint, f.width)); lipgloss.Height(h) <= room {
			out += "\n\n" + h
		}
	}
	return out
}

// Cursor places the real cursor at the caret of the focused field.
func (f *villageForm) Cursor() *tea.Cursor {
	_, c := f.form.View(f.c.Styles, f.width)
	if c != nil {
		c.Position.Y += villageHeaderLines
	}
	return c
}

func (f *villageForm) ShortHelp() []key.Binding {
	k := f.c.Keys.Form
	return []key.Binding{k.Next, k.Prev, k.Submit, k.Cancel}
}

func (f *villageForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }
