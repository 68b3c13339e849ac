package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/core"
	"yishi/meeting"
)

// The roster screen reads and writes the store directly, each change one synced transaction, so
// it has no messages of its own.

// rosterMode is what the roster screen is doing: listing, editing a person, or importing a file.
type rosterMode int

const (
	rosterList rosterMode = iota
	rosterEdit
	rosterImport
	rosterConfirm // an import's plan is shown; nothing is written until F2
)

// rosterScreen lists a village's people (the roster, then the villagers remembered from
// meetings), and adds, edits and imports them.
type rosterScreen struct {
	c        *Common
	village  meeting.Village
	people   []meeting.Person // in table order: the roster, then guests
	table    table.Model
	mode     rosterMode
	edit     *personForm
	path     *textField
	problems []string            // what stops a save or an import, shown on the screen
	plan     *meeting.RosterPlan // the import waiting for confirmation
	planFile string              // the file it comes from
	scroll   int                 // the first line of the plan shown
	note     string              // the outcome of the last import
	width    int
	height   int
}

func newRosterScreen(c *Common, v meeting.Village) Component {
	r := &rosterScreen{c: c, village: v, width: c.Width, height: c.Height}
	r.table = table.New(table.WithKeyMap(c.Keys.Roster.tableKeys()), table.WithStyles(c.Styles.Table))
	r.table.Focus()
	r.load(0)
	return r
}

// load reads the village's people and selects the one with the given ID (the first when 0).
func (r *rosterScreen) load(selected meeting.ID) {
	ps, err := r.c.Store.People(r.village.ID)
	if err != nil {
		r.problems = []string{"读不出花名册：" + err.Error()}
		return
	}
	r.people = r.people[:0]
	for _, guests := range []bool{false, true} {
		for _, p := range ps {
			if p.Guest == guests {
				r.people = append(r.people, p)
			}
		}
	}
	r.fill()
	r.table.SetCursor(0)
	for i, p := range r.people {
		if p.ID == selected {
			r.table.SetCursor(i)
		}
	}
}

// fill lays the people into the table, sized to the window.
func (r *rosterScreen) fill() {
	r.table.SetStyles(r.c.Styles.Table)
	w := r.width
	name := 8
	if w >= 100 {
		name = 10
	}
	const household, phone, pads = 4, 11, 5 * 2
	rest := max(w-pads-name-household-phone, 16)
	title := rest * 4 / 9
	cols := []table.Column{
		{Title: "姓名", Width: name}, {Title: "职务", Width: title}, {Title: "所属组织", Width: rest - title},
		{Title: "户号", Width: household}, {Title: "联系电话", Width: phone},
	}
	r.table.SetColumns(cols)
	rows := make([]table.Row, 0, len(r.people))
	for _, p := range r.people {
		rows = append(rows, table.Row{p.Name, p.Title, bodiesLabel(p), p.Household, p.Phone})
	}
	r.table.SetRows(fitCells(rows, cols))
}

// Short labels of the bodies a roster holds, for the table.
var shortBodyLabels = map[meeting.Body]string{
	meeting.BranchCommittee:        "支委",
	meeting.VillagersCommittee:     "村委",
	meeting.PartyAssembly:          "党员",
	meeting.RepresentativeAssembly: "村民代表",
	meeting.Supervisory:            "监委",
}

// bodiesLabel is a person's bodies as short labels joined by 、; a guest is marked as such.
func bodiesLabel(p meeting.Person) string {
	if p.Guest {
		return "村民（非花名册）"
	}
	var out []string
	for _, m := range p.Memberships {
		l, ok := shortBodyLabels[m.Body]
		switch {
		case m.Body == meeting.PartyAssembly && m.Probationary:
			l = "预备党员"
		case !ok:
			l = m.Body.Label()
		}
		out = append(out, l)
	}
	return strings.Join(out, "、")
}

func (r *rosterScreen) SetSize(width, height int) {
	r.width, r.height = width, height
	r.table.SetWidth(width)
	// A title line above the table, a line for the outcome below it.
	r.table.SetHeight(max(height-2, 3))
	r.fill()
	r.sizeFields()
}

// sizeFields gives the text fields their width, as View lays them out, so that the keys typed
// before the next View are wrapped and the cursor placed at the right width.
func (r *rosterScreen) sizeFields() {
	if r.edit != nil {
		r.edit.form.View(r.c.Styles, r.width)
	}
	if r.path != nil {
		r.path.View(r.c.Styles, r.pathWidth())
	}
}

func (r *rosterScreen) pathWidth() int { return r.width - lipgloss.Width(r.path.Label()+"：") }

func (r *rosterScreen) Update(msg tea.Msg) (Component, tea.Cmd) {
	k, isKey := msg.(tea.KeyPressMsg)
	switch r.mode {
	case rosterEdit:
		if isKey {
			switch {
			case key.Matches(k, r.c.Keys.Form.Submit):
				return r, r.savePerson()
			case key.Matches(k, r.c.Keys.Form.Cancel):
				r.mode, r.problems = rosterList, nil
				return r, nil
			}
		}
		cmd, done := r.edit.form.Update(msg)
		if done {
			return r, tea.Batch(cmd, r.savePerson())
		}
		return r, cmd
	case rosterConfirm:
		if isKey {
			switch {
			case key.Matches(k, r.c.Keys.Form.Submit):
				return r, r.confirmImport()
			case key.Matches(k, r.c.Keys.Form.Cancel):
				r.mode, r.plan, r.problems = rosterList, nil, nil
				r.note = "没有导入，花名册保持原样。"
				return r, nil
			case key.Matches(k, r.c.Keys.Roster.Up):
				r.scroll--
			case key.Matches(k, r.c.Keys.Roster.Down):
				r.scroll++
			case key.Matches(k, r.c.Keys.Roster.PageUp):
				r.scroll -= r.planHeight()
			case key.Matches(k, r.c.Keys.Roster.PageDown):
				r.scroll += r.planHeight()
			}
		}
		return r, nil
	case rosterImport:
		if isKey {
			switch {
			case key.Matches(k, r.c.Keys.Form.Submit, r.c.Keys.Form.Accept):
				return r, r.importFile()
			case key.Matches(k, r.c.Keys.Form.Cancel):
				r.mode, r.problems = rosterList, nil
				return r, nil
			}
		}
		return r, r.path.Update(msg)
	}
	if !isKey {
		return r, nil
	}
	keys := r.c.Keys.Roster
	switch {
	case key.Matches(k, keys.Back):
		return r, goHome("")
	case key.Matches(k, keys.Add):
		return r, r.openForm(meeting.Person{VillageID: r.village.ID})
	case key.Matches(k, keys.Edit):
		if i := r.table.Cursor(); i >= 0 && i < len(r.people) {
			return r, r.openForm(r.people[i])
		}
		return r, nil
	case key.Matches(k, keys.Import):
		r.mode, r.problems, r.note = rosterImport, nil, ""
		r.path = newTextField(r.c.Styles, "花名册文件", "", "CSV 文件的路径")
		r.sizeFields()
		return r, r.path.Focus()
	case key.Matches(k, keys.Settings):
		return r, show(newSettingsScreen(r.c, r.village))
	}
	var cmd tea.Cmd
	r.table, cmd = r.table.Update(msg)
	return r, cmd
}

func (r *rosterScreen) openForm(p meeting.Person) tea.Cmd {
	r.mode, r.problems, r.note = rosterEdit, nil, ""
	r.edit = newPersonForm(r.c.Styles, p)
	r.sizeFields()
	return r.edit.form.Focus(0)
}

// savePerson checks the person in the form and writes it; nothing is written when it is wrong.
func (r *rosterScreen) savePerson() tea.Cmd {
	p := r.edit.Person()
	if err := core.SavePerson(r.c.Store, &p); err != nil {
		r.problems = append([]string{"没有保存："}, strings.Split(err.Error(), "；")...)
		return nil
	}
	r.mode, r.problems = rosterList, nil
	r.load(p.ID)
	return saved("人员「" + p.Name + "」")
}

// importFile reads the roster file named in the path field and works out what merging it into
// this village would change; a bad file is reported row by row. Nothing is written here: the
// plan is shown, and confirmImport writes it.
func (r *rosterScreen) importFile() tea.Cmd {
	path := r.path.Value()
	if path == "" {
		r.problems = []string{"请填写花名册文件的路径，例如 /home/user/花名册.csv"}
		return nil
	}
	rows, err := readRosterRows(path)
	if err != nil {
		r.problems = errorLines(err)
		return nil
	}
	plan, err := core.PlanRoster(r.c.Store, r.village, rows, meeting.RosterMerge)
	if err != nil {
		r.problems = append([]string{"没有导入任何人："}, errorLines(err)...)
		return nil
	}
	file := filepath.Base(cleanPath(path))
	if plan.Empty() {
		r.mode, r.problems = rosterList, nil
		r.note = file + "：" + plan.Lines()[0]
		return nil
	}
	r.mode, r.problems, r.plan, r.planFile, r.scroll = rosterConfirm, nil, &plan, file, 0
	return nil
}

// confirmImport writes the plan shown, in one transaction.
func (r *rosterScreen) confirmImport() tea.Cmd {
	v := r.village
	res, err := core.WriteRoster(r.c.Store, &v, *r.plan)
	if err != nil {
		r.problems = []string{"没有导入：" + err.Error()}
		return nil
	}
	r.mode, r.problems, r.plan = rosterList, nil, nil
	r.note = fmt.Sprintf("已导入 %s：新增 %d 人，更新 %d 人。", r.planFile, res.Added, res.Updated)
	r.load(0)
	return saved(fmt.Sprintf("花名册（新增 %d 人，更新 %d 人）", res.Added, res.Updated))
}

// planLines are the lines of the plan as shown, wrapped to the window.
func (r *rosterScreen) planLines() []string {
	var out []string
	for _, l := range append([]string{"文件「" + r.planFile + "」："}, r.plan.Lines()...) {
		out = append(out, strings.Split(wrap(l, r.width), "\n")...)
	}
	return out
}

// planHeight is how many lines of the plan fit between the heading and the foot.
func (r *rosterScreen) planHeight() int {
	_, h := r.planFoot(len(r.planLines()), 0, 0)
	return h
}

// planFoot is the foot under the plan, wrapped to the window, and how many plan lines fit above
// it. When the plan is taller than that, the foot says which lines are shown, from to of total.
func (r *rosterScreen) planFoot(total, from, to int) (string, int) {
	const keys = "按 F2 确认导入，Esc 不导入（什么也不写）。"
	room := r.height - 2 // the heading and the blank line under it
	if len(r.problems) > 0 {
		room -= lipgloss.Height(wrap(r.problems[0], r.width))
	}
	foot := wrap(keys, r.width)
	if h := room - lipgloss.Height(foot); total <= h {
		return foot, max(h, 1)
	}
	// Measured with the widest numbers, so the foot keeps its height as the plan scrolls.
	widest := wrap(fmt.Sprintf("第 %d 至 %d 行，共 %d 行，上下键翻看。", total, total, total)+keys, r.width)
	h := max(room-lipgloss.Height(widest), 1)
	if to > 0 {
		foot = wrap(fmt.Sprintf("第 %d 至 %d 行，共 %d 行，上下键翻看。", from, to, total)+keys, r.width)
	}
	return foot, h
}

func (r *rosterScreen) planView() string {
	st := r.c.Styles
	lines := r.planLines()
	_, h := r.planFoot(len(lines), 0, 0)
	r.scroll = min(max(r.scroll, 0), max(len(lines)-h, 0))
	shown := lines[r.scroll:min(r.scroll+h, len(lines))]
	foot, _ := r.planFoot(len(lines), r.scroll+1, r.scroll+len(shown))
	out := r.heading("导入花名册：请核对") + "\n\n" + strings.Join(shown, "\n") + "\n" + st.Subtle.Render(foot)
	if len(r.problems) > 0 {
		out += "\n" + st.Error.Render(wrap(r.problems[0], r.width))
	}
	return out
}

// Cursor places the real cursor at the caret of the field being typed in.
func (r *rosterScreen) Cursor() *tea.Cursor {
	switch r.mode {
	case rosterEdit:
		_, c := r.edit.form.View(r.c.Styles, r.width)
		if c != nil {
			c.Position.Y += 2
		}
		return c
	case rosterImport:
		r.path.View(r.c.Styles, r.pathWidth())
		c := r.path.Cursor()
		if c != nil {
			c.Position.X += lipgloss.Width(r.path.Label()) + 2
			c.Position.Y += 2
		}
		return c
	}
	return nil
}

func (r *rosterScreen) heading(what string) string {
	st := r.c.Styles
	line := st.Title.Render(r.village.Name) + "　" + st.Heading.Render(what)
	return ansi.Truncate(line, r.width, core.CutMark)
}

func (r *rosterScreen) View() string {
	st := r.c.Styles
	switch r.mode {
	case rosterEdit:
		what := "添加人员"
		if r.edit.person.ID != 0 {
			what = "修改：" + r.edit.person.Name
		}
		f, _ := r.edit.form.View(st, r.width)
		used := 2 + lipgloss.Height(f) + 1
		return r.heading(what) + "\n\n" + f + "\n\n" + problemsView(st, r.problems, r.width, r.height-used)
	case rosterConfirm:
		return r.planView()
	case rosterImport:
		label := st.Heading.Render(r.path.Label() + "：")
		field := lipgloss.JoinHorizontal(lipgloss.Top, label, r.path.View(st, r.pathWidth()))
		hint := st.Subtle.Render(wrap("UTF-8 或 GBK 编码的 CSV（Excel 另存为 CSV 即可），第一行是列名："+
			"姓名、性别、职务、所属组织、户号、联系电话、身份证号，至少要有姓名。"+
			"已在名册上的人（身份证号相同，或姓名和户号都相同）会被更新：文件里填了的格子替换档案里的内容，空着的格子保留原样；其余的新增。"+
			"写入之前先列出每一处变化，确认后才导入。", r.width))
		used := 2 + 1 + 1 + lipgloss.Height(hint) + 1
		return r.heading("导入花名册") + "\n\n" + field + "\n\n" + hint + "\n\n" +
			problemsView(st, r.problems, r.width, r.height-used)
	}
	roster, guests := 0, 0
	for _, p := range r.people {
		if p.Guest {
			guests++
		} else {
			roster++
		}
	}
	head := st.Title.Render(r.village.Name) + "　" + st.Heading.Render(fmt.Sprintf("花名册 %d 人", roster))
	if guests > 0 {
		head += st.Subtle.Render(fmt.Sprintf("　另有村民（非花名册）%d 人", guests))
	}
	head = lipgloss.NewStyle().MaxWidth(r.width).Render(head)
	body := r.table.View()
	if len(r.people) == 0 {
		k := r.c.Keys.Roster
		body = st.Subtle.Render(wrap("花名册里还没有人：按 "+k.Add.Help().Key+" 逐个添加，或按 "+k.Import.Help().Key+
			" 导入花名册文件（Excel 另存的 CSV）。", r.width))
	}
	foot := ""
	switch {
	case len(r.problems) > 0:
		foot = st.Error.Render(r.problems[0])
	case r.note != "":
		foot = st.Saved.Render(r.note)
	}
	return head + "\n" + body + "\n" + lipgloss.NewStyle().MaxWidth(r.width).Render(foot)
}

func (r *rosterScreen) ShortHelp() []key.Binding {
	switch r.mode {
	case rosterEdit:
		f := r.c.Keys.Form
		b := []key.Binding{f.Next, f.Prev}
		if _, ok := r.edit.form.Focused().(*checkField); ok {
			b = append(b, r.c.Keys.Form.Tick)
		}
		if _, ok := r.edit.form.Focused().(*choiceField); ok {
			b = append(b, r.c.Keys.Form.Choose)
		}
		return append(b, f.Submit, f.Cancel)
	case rosterImport:
		submit := r.c.Keys.Form.Submit
		submit.SetHelp("F2/Enter", "核对")
		return []key.Binding{submit, r.c.Keys.Form.Cancel}
	case rosterConfirm:
		submit, cancel := r.c.Keys.Form.Submit, r.c.Keys.Form.Cancel
		submit.SetHelp(submit.Help().Key, "确认导入")
		cancel.SetHelp(cancel.Help().Key, "不导入")
		scroll := r.c.Keys.Roster.Up
		scroll.SetHelp(scroll.Help().Key, "翻看")
		return []key.Binding{scroll, submit, cancel}
	}
	k := r.c.Keys.Roster
	return []key.Binding{k.Up, k.Add, k.Edit, k.Import, k.Settings, k.Back}
}

func (r *rosterScreen) FullHelp() [][]key.Binding { return [][]key.Binding{r.ShortHelp()} }

// tableKeys adapts the roster keys to the bubbles table.
func (k RosterKeys) tableKeys() table.KeyMap {
	km := tableKeyMap(k.Up, k.Down)
	km.GotoTop, km.GotoBottom = k.Top, k.Bottom
	return km
}

// problemsView lists problems in the error style, wrapped to width, in at most height lines; what
// does not fit is counted on the last line.
func problemsView(st *Styles, problems []string, width, height int) string {
	if len(problems) == 0 || height < 1 {
		return ""
	}
	var lines []string
	for i, p := range problems {
		wrapped := strings.Split(wrap(p, width), "\n")
		left := len(problems) - i
		if len(lines)+len(wrapped) > height || (left > 1 && len(lines)+len(wrapped) == height) {
			more := fmt.Sprintf("另有 %d 处没有列出，请一并改正后再试。", left)
			if len(lines) == height {
				lines = lines[:height-1]
			}
			lines = append(lines, lipgloss.NewStyle().MaxWidth(width).Render(more))
			break
		}
		lines = append(lines, wrapped...)
	}
	return st.Error.Render(strings.Join(lines, "\n"))
}

// errorLines splits an error of several lines (a roster's bad rows) into its lines.
func errorLines(err error) []string {
	var out []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// personForm edits one person: 姓名, 性别, 职务, 所属组织, 户号, 联系电话, 身份证号; a villager
// remembered from a meeting (a guest) may also be put on the roster.
type personForm struct {
	form      *form
	person    meeting.Person
	name      *textField
	gender    *choiceField
	title     *textField
	bodies    *checkField
	household *textField
	phone     *textField
	idCard    *textField
	onRoster  *choiceField // guests only
}

// rosterSeats are the seats a roster can hold, as the person form offers them.
var rosterSeats = []struct {
	label        string
	body         meeting.Body
	probationary bool
}{
	{"党支部委员会", meeting.BranchCommittee, false},
	{"村民委员会", meeting.VillagersCommittee, false},
	{"党员", meeting.PartyAssembly, false},
	{"预备党员", meeting.PartyAssembly, true},
	{"村民代表", meeting.RepresentativeAssembly, false},
	{"村务监督委员会", meeting.Supervisory, false},
}

var genders = []string{"未填", "男", "女"}

func newPersonForm(st *Styles, p meeting.Person) *personForm {
	f := &personForm{person: p}
	f.name = newTextField(st, "姓名", p.Name, "")
	g := 0
	for i, x := range genders {
		if x == p.Gender {
			g = i
		}
	}
	f.gender = newChoiceField("性别", genders, g)
	f.title = newTextField(st, "职务", p.Title, "如 党支部书记、村委会委员，可不填")
	var labels []string
	var checked []bool
	party, probationary := 0, 0
	for i, s := range rosterSeats {
		labels = append(labels, s.label)
		on := false
		for _, m := range p.Memberships {
			if m.Body == s.body && m.Probationary == s.probationary {
				on = true
			}
		}
		checked = append(checked, on)
		if s.body == meeting.PartyAssembly {
			if s.probationary {
				probationary = i
			} else {
				party = i
			}
		}
	}
	f.bodies = newCheckField("所属组织", labels, checked)
	f.bodies.Exclusive(party, probationary)
	f.household = newTextField(st, "户号", p.Household, "可不填")
	f.phone = newTextField(st, "联系电话", p.Phone, "11 位手机号，可不填")
	f.idCard = newTextField(st, "身份证号", p.IDCard, "18 位，可不填")
	inputs := []input{f.name, f.gender, f.title, f.bodies, f.household, f.phone, f.idCard}
	if p.Guest {
		f.onRoster = newChoiceField("花名册", []string{"村民（非花名册）", "列入花名册"}, 0)
		inputs = append(inputs, f.onRoster)
	}
	f.form = newForm(inputs...)
	return f
}

// Person is the person as the form now has it. Seats of bodies the form does not offer are kept,
// and so are the roles of seats kept ticked.
func (f *personForm) Person() meeting.Person {
	p := f.person
	p.Name = f.name.Value()
	p.Gender = ""
	if g := f.gender.Value(); g != genders[0] {
		p.Gender = g
	}
	p.Title = f.title.Value()
	p.Household = f.household.Value()
	p.Phone = meeting.NormalPhone(f.phone.Value())
	p.IDCard = meeting.NormalIDCard(f.idCard.Value())
	offered := make([]meeting.Body, len(rosterSeats))
	var chosen []meeting.Membership
	for i, s := range rosterSeats {
		offered[i] = s.body
		if f.bodies.Checked(i) {
			chosen = append(chosen, meeting.Membership{Body: s.body, Probationary: s.probationary})
		}
	}
	p.Memberships = f.person.Reseated(offered, chosen)
	if f.onRoster != nil && f.onRoster.index == 1 {
		p.Guest = false
	}
	return p
}

// cleanPath takes the quotes and the escaped spaces a terminal adds to a dropped file's path off
// it, and expands a leading ~.
func cleanPath(path string) string {
	path = strings.TrimSpace(path)
	if len(path) >= 2 && (path[0] == '\'' || path[0] == '"') && path[len(path)-1] == path[0] {
		path = path[1 : len(path)-1]
	} else {
		path = strings.ReplaceAll(path, `\ `, " ")
	}
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	return path
}

// readRosterFile reads and parses a roster CSV (UTF-8 or GBK); every bad row is in the error,
// one a line, by its line number.
func readRosterFile(path string) ([]meeting.Person, error) {
	rows, err := readRosterRows(path)
	if err != nil {
		return nil, err
	}
	people := make([]meeting.Person, len(rows))
	for i, r := range rows {
		people[i] = r.Person
	}
	return people, nil
}

// readRosterRows is readRosterFile with each person's line in the file.
func readRosterRows(path string) ([]meeting.RosterRow, error) {
	path = cleanPath(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("读不到花名册文件 %s：请检查文件名和路径", path)
	}
	rows, err := meeting.ReadRoster(data)
	if err != nil {
		return nil, fmt.Errorf("花名册 %s 有错误，没有导入任何人，请改正后再导入：\n%w", filepath.Base(path), err)
	}
	return rows, nil
}
