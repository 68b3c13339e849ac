package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"

	"yishi/app/core"
	"yishi/export"
	"yishi/meeting"
)

// Messages of the export screen: none of its own; it ends by reading the meeting or the matter
// again.

// exportFormats are the formats offered, in the order ←→ walks them.
var exportFormats = []struct {
	f     export.Format
	label string
}{{export.Markdown, "Markdown"}, {export.HTML, "HTML（打印）"}, {export.Text, "纯文字（微信群）"}}

// exportDoc is one document the export screen can write: the minutes of a meeting, or one notice
// of a matter.
type exportDoc struct {
	label   string // 会议记录, 决议公告, 实施结果公告
	date    meeting.Date
	village string
	title   string
	render  func(f export.Format, o export.Options) ([]byte, error)
}

// exportScreen previews a document (the Markdown rendered in the terminal, or the plain text as
// a chat group will show it), lets the format and the internal unmasked copy be chosen, and
// writes the file to the exports folder, showing its full path.
type exportScreen struct {
	c        *Common
	docs     []exportDoc
	doc      int
	format   int
	unmasked bool
	back     func() tea.Cmd
	vp       viewport.Model
	shown    string // the key of the rendering shown
	written  string // the path last written
	err      string
	width    int
	height   int
}

// exportsDir is where the screens write documents: $YISHI_EXPORTS (Common.Exports), else a
// folder yishi-exports beside the data directory.
func exportsDir(c *Common) string {
	if c.Exports != "" {
		return c.Exports
	}
	return filepath.Join(filepath.Dir(filepath.Clean(c.Store.Dir())), "yishi-exports")
}

// openMinutesExport reads a meeting's minutes and shows the export screen.
func openMinutesExport(c *Common, id meeting.ID) tea.Cmd {
	s := c.Store
	return func() tea.Msg {
		r, err := core.MinutesRecord(s, id)
		if err != nil {
			return errMsg{err}
		}
		doc := exportDoc{label: "会议记录", date: meeting.DateOf(r.Meeting.Start), village: r.Village.Name,
			title:  minutesFileTitle(r.Meeting),
			render: func(f export.Format, o export.Options) ([]byte, error) { return export.Minutes(r, f, o) }}
		return built(func() Component {
			return newExportScreen(c, []exportDoc{doc}, func() tea.Cmd { return readMeeting(s, id) })
		})
	}
}

// openNoticeExport reads a matter's notices and shows the export screen, the latest notice
// first; a matter without notices is refused in words.
func openNoticeExport(c *Common, id meeting.ID) tea.Cmd {
	s := c.Store
	return func() tea.Msg {
		var docs []exportDoc
		for _, k := range []meeting.NoticeKind{meeting.ResultNotice, meeting.ResolutionNotice} {
			r, err := core.NoticeRecord(s, id, k)
			if err != nil {
				continue
			}
			docs = append(docs, exportDoc{label: k.Label(), date: r.Notice.Issued, village: r.Village.Name,
				title:  r.Notice.TitleFor(r.Matter),
				render: func(f export.Format, o export.Options) ([]byte, error) { return export.Notice(r, f, o) }})
		}
		if len(docs) == 0 {
			x, err := s.Matter(id)
			if err != nil {
				return errMsg{err}
			}
			return errMsg{fmt.Errorf("「%s」还没有公告可以导出：%s", x.Title, errNoNotice)}
		}
		return built(func() Component { return newExportScreen(c, docs, func() tea.Cmd { return readMatter(s, id) }) })
	}
}

func newExportScreen(c *Common, docs []exportDoc, back func() tea.Cmd) *exportScreen {
	e := &exportScreen{c: c, docs: docs, back: back, vp: viewport.New()}
	k := c.Keys.Export
	e.vp.KeyMap = viewport.DefaultKeyMap()
	e.vp.KeyMap.Up, e.vp.KeyMap.Down, e.vp.KeyMap.PageUp, e.vp.KeyMap.PageDown = k.Up, k.Down, k.PageUp, k.PageDown
	e.vp.KeyMap.HalfPageUp.SetEnabled(false)
	e.vp.KeyMap.HalfPageDown.SetEnabled(false)
	e.vp.KeyMap.Left.SetEnabled(false)
	e.vp.KeyMap.Right.SetEnabled(false)
	return e
}

func (e *exportScreen) options() export.Options { return export.Options{Unmasked: e.unmasked} }

func (e *exportScreen) chosen() exportDoc { return e.docs[e.doc] }

// fileName is the name the chosen document is written under; the unmasked copy says so.
func (e *exportScreen) fileName() string {
	d := e.chosen()
	title := d.title
	if e.unmasked {
		title += "（内部存档）"
	}
	return export.FileName(d.date, d.village, title, exportFormats[e.format].f)
}

func (e *exportScreen) SetSize(width, height int) {
	e.width, e.height = width, height
	e.vp.SetWidth(width)
	e.vp.SetHeight(max(height-e.headHeight(), 1))
	e.preview()
}

// preview renders the chosen document for the window, when what is shown changed.
func (e *exportScreen) preview() {
	text := exportFormats[e.format].f == export.Text
	k := fmt.Sprint(e.doc, e.unmasked, text, e.width, e.c.Styles.IsDark)
	if k == e.shown || e.width == 0 {
		return
	}
	e.shown = k
	content, err := e.render(text)
	if err != nil {
		content = e.c.Styles.Error.Render(wrap("预览出错："+err.Error(), e.width))
	}
	e.vp.SetContent(content)
	e.vp.GotoTop()
}

// render is the preview: the plain text as it is, or the Markdown through glamour, wrapped to
// the window (glamour v2 wraps Chinese by display width).
func (e *exportScreen) render(text bool) (string, error) {
	if text {
		b, err := e.chosen().render(export.Text, e.options())
		if err != nil {
			return "", err
		}
		return lipgloss.NewStyle().PaddingLeft(1).Render(wrap(string(b), max(e.width-2, 10))), nil
	}
	b, err := e.chosen().render(export.Markdown, e.options())
	if err != nil {
		return "", err
	}
	style := styles.LightStyle
	if e.c.Styles.IsDark {
		style = styles.DarkStyle
	}
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(max(e.width-4, 10)))
	if err != nil {
		return "", err
	}
	out, err := r.Render(string(b))
	if err != nil {
		return "", err
	}
	// A table glamour cannot wrap narrowly enough is cut at the window's edge, never wider.
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	cut := lipgloss.NewStyle().MaxWidth(e.width)
	for i, l := range lines {
		if lipgloss.Width(l) > e.width {
			lines[i] = cut.Render(l)
		}
	}
	return strings.Join(lines, "\n"), nil
}

func (e *exportScreen) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		ek := e.c.Keys.Export
		switch {
		case key.Matches(k, ek.Back):
			return e, e.back()
		case key.Matches(k, ek.PrevFormat):
			e.format = (e.format + len(exportFormats) - 1) % len(exportFormats)
			e.changed()
			return e, nil
		case key.Matches(k, ek.NextFormat):
			e.format = (e.format + 1) % len(exportFormats)
			e.changed()
			return e, nil
		case key.Matches(k, ek.Unmasked):
			e.unmasked = !e.unmasked
			e.changed()
			return e, nil
		case key.Matches(k, ek.Kind) && len(e.docs) > 1:
			e.doc = (e.doc + 1) % len(e.docs)
			e.changed()
			return e, nil
		case key.Matches(k, ek.Write):
			return e, e.write()
		}
	}
	var cmd tea.Cmd
	e.vp, cmd = e.vp.Update(msg)
	return e, cmd
}

// changed lays the screen out again after a choice: the head may change height.
func (e *exportScreen) changed() {
	e.written, e.err = "", ""
	e.SetSize(e.width, e.height)
}

// write writes the chosen document in the chosen format to the exports folder, atomically.
func (e *exportScreen) write() tea.Cmd {
	e.written, e.err = "", ""
	b, err := e.chosen().render(exportFormats[e.format].f, e.options())
	if err != nil {
		e.err = "没有导出：" + err.Error()
		e.SetSize(e.width, e.height)
		return nil
	}
	dir := exportsDir(e.c)
	path := filepath.Join(dir, e.fileName())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		e.err = fmt.Sprintf("建不了导出文件夹 %s（%v）：请检查磁盘空间和权限，或用环境变量 YISHI_EXPORTS 指定别的文件夹", dir, err)
	} else if err := core.WriteFileAtomic(path, b); err != nil {
		e.err = fmt.Sprintf("写不了文件 %s（%v）：请检查磁盘空间和权限", path, err)
	}
	if e.err != "" {
		e.SetSize(e.width, e.height)
		return nil
	}
	e.written = path
	e.SetSize(e.width, e.height)
	return saved("导出文件")
}

// head is the lines above the preview: what, which format, masked or not, where it goes.
func (e *exportScreen) head() string {
	st := e.c.Styles
	d := e.chosen()
	lines := []string{st.Title.Render("导出"+d.label+"：") + d.title}
	if len(e.docs) > 1 {
		var kinds []string
		for i, x := range e.docs {
			if i == e.doc {
				kinds = append(kinds, st.Chosen.Render("【"+x.label+"】"))
			} else {
				kinds = append(kinds, st.Subtle.Render(x.label))
			}
		}
		lines = append(lines, "公告："+strings.Join(kinds, " ")+st.Subtle.Render("（F4 切换）"))
	}
	var fs []string
	for i, f := range exportFormats {
		if i == e.format {
			fs = append(fs, st.Chosen.Render("【"+f.label+"】"))
		} else {
			fs = append(fs, st.Subtle.Render(f.label))
		}
	}
	lines = append(lines, "格式："+strings.Join(fs, " ")+st.Subtle.Render("（←→）"))
	if e.unmasked {
		lines = append(lines, st.Error.Render("内部存档版：身份证号、电话号码不遮蔽，只能存档，不得公开张贴（F3 改回公开版）"))
	} else {
		lines = append(lines, "公开版："+st.Subtle.Render("身份证号、电话号码已遮蔽（F3 改为内部存档版）"))
	}
	switch {
	case e.err != "":
		lines = append(lines, st.Error.Render(e.err))
	case e.written != "":
		lines = append(lines, st.Saved.Render("已写入："+e.written))
	default:
		lines = append(lines, st.Subtle.Render("F2 写入："+filepath.Join(exportsDir(e.c), e.fileName())))
	}
	if exportFormats[e.format].f == export.HTML {
		lines = append(lines, st.Subtle.Render("预览按 Markdown 显示；HTML 用浏览器打开后打印，A4 纸。"))
	}
	return wrap(strings.Join(lines, "\n"), max(e.width, 10)) + "\n" + st.Subtle.Render(strings.Repeat("─", max(e.width, 1)))
}

func (e *exportScreen) headHeight() int { return strings.Count(e.head(), "\n") + 1 }

func (e *exportScreen) View() string {
	return e.head() + "\n" + e.vp.View()
}

func (e *exportScreen) ShortHelp() []key.Binding {
	k := e.c.Keys.Export
	b := []key.Binding{k.Write, k.PrevFormat, k.Unmasked}
	if len(e.docs) > 1 {
		b = append(b, k.Kind)
	}
	return append(b, k.Up, k.Back)
}

func (e *exportScreen) FullHelp() [][]key.Binding {
	k := e.c.Keys.Export
	b := []key.Binding{k.Write, k.PrevFormat, k.Unmasked}
	if len(e.docs) > 1 {
		b = append(b, k.Kind)
	}
	return [][]key.Binding{b, {k.Up, k.PageUp, k.Back}}
}

// minutesFileTitle is the title part of a minutes file's name: 村民代表会议记录：<title>.
func minutesFileTitle(m meeting.Meeting) string {
	if m.Title == "" {
		return export.MinutesTitle(m)
	}
	return export.MinutesTitle(m) + "：" + m.Title
}
