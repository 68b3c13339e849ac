package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// What the screens that act on a matter share: reading the matter with what its trail shows,
// finding its notices, reading money and dates as typed, and writing a matter and its notice.

// loadMatter reads a matter with its village, the village's meetings and the matter's notices.
func loadMatter(s core.Store, id meeting.ID) (matterDataMsg, error) {
	x, err := s.Matter(id)
	if err != nil {
		return matterDataMsg{}, err
	}
	d := matterDataMsg{matter: x, meetings: map[meeting.ID]meeting.Meeting{}, notices: map[meeting.ID]meeting.Notice{}}
	if d.village, err = s.Village(x.VillageID); err != nil {
		return d, err
	}
	ms, err := s.Meetings(x.VillageID)
	if err != nil {
		return d, err
	}
	for _, mt := range ms {
		d.meetings[mt.ID] = mt
	}
	ns, err := s.Notices(x.VillageID)
	if err != nil {
		return d, err
	}
	for _, n := range ns {
		if n.MatterID == x.ID {
			d.notices[n.ID] = n
		}
	}
	return d, nil
}

// latestNotice is the notice of the matter issued last: the one postings, objections and the
// sign-off are recorded against.
func latestNotice(notices map[meeting.ID]meeting.Notice) (meeting.Notice, bool) {
	ns := core.NoticesOf(notices)
	if len(ns) == 0 {
		return meeting.Notice{}, false
	}
	return ns[len(ns)-1], true
}

// errNoNotice says what to do when a matter has no notice to record against.
var errNoNotice = errors.New("这件事项还没有公告：决议形成后请先按 F3 张贴决议公告")

// parseYuan reads an amount typed in yuan (23000, 23000.5, 2.3万 is not accepted) into fen,
// exactly, without floating point. An empty field is zero.
func parseYuan(label, s string) (meeting.Money, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "元"))
	s = strings.ReplaceAll(s, ",", "")
	s = strings.ReplaceAll(s, "，", "")
	if s == "" {
		return 0, nil
	}
	bad := fmt.Errorf("「%s」要写成元数，例如 23000 或 22460.50，现在是「%s」", label, s)
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || (dot && (frac == "" || len(frac) > 2)) {
		return 0, bad
	}
	y, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || y < 0 || y > 1e12 {
		return 0, bad
	}
	f := int64(0)
	if dot {
		if len(frac) == 1 {
			frac += "0"
		}
		if f, err = strconv.ParseInt(frac, 10, 64); err != nil || f < 0 {
			return 0, bad
		}
	}
	return meeting.Money(y*100 + f), nil
}

// yuanText writes fen as yuan for a field: 23000, 22460.50; "" for zero.
func yuanText(m meeting.Money) string {
	if m == 0 {
		return ""
	}
	if m%100 == 0 {
		return strconv.FormatInt(int64(m)/100, 10)
	}
	return fmt.Sprintf("%d.%02d", int64(m)/100, int64(m)%100)
}

// dateIn reads a date field: required says whether it may be left empty.
func dateIn(f *textField, required bool) (meeting.Date, error) {
	v := f.Value()
	if v == "" {
		if required {
			return meeting.Date{}, fmt.Errorf("请填写%s，写成 2026-11-23 这样", f.label)
		}
		return meeting.Date{}, nil
	}
	d, err := meeting.ParseDate(v)
	if err != nil {
		return d, fmt.Errorf("%s：%w", f.label, err)
	}
	return d, nil
}

// matterForm is what the screens that act on a matter have in common: a heading, a form, an
// error under it, laid out to fit and cut to the window; F2 saves, Esc goes back to the trail.
type matterForm struct {
	c      *Common
	d      matterDataMsg
	title  string // what the screen does, e.g. 实施
	note   string // a line under the heading
	extra  string // read-only text between the heading and the form (existing notes, the objection)
	form   *form
	err    string
	submit string // the help of F2
	width  int
	height int
}

func (f *matterForm) SetSize(width, height int) { f.width, f.height = width, height }

// back reads the matter again and shows its trail.
func (f *matterForm) back() tea.Cmd { return readMatter(f.c.Store, f.d.matter.ID) }

// handle deals with Esc and F2 (calling save) and hands other messages to the form; changed
// is called after the form took a message.
func (f *matterForm) handle(msg tea.Msg, save func() tea.Cmd, changed func()) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, f.c.Keys.Form.Cancel):
			if !f.form.Leave() {
				f.err = leaveAsk
				return nil
			}
			return f.back()
		case key.Matches(k, f.c.Keys.Form.Submit):
			f.form.settle()
			return save()
		}
	}
	cmd, _ := f.form.Update(msg)
	if changed != nil {
		changed()
	}
	return cmd
}

func (f *matterForm) content() (string, *tea.Cursor) {
	st := f.c.Styles
	head := st.Title.Render(f.title+"：") + f.d.matter.Title + "\n" + stageStrip(st, f.d.matter)
	if f.note != "" {
		head += "\n" + st.Subtle.Render(f.note)
	}
	head = wrap(head, f.width)
	if f.extra != "" {
		head += "\n" + wrap(f.extra, f.width)
	}
	body, c := f.form.View(st, f.width)
	if c != nil {
		c.Position.Y += strings.Count(head, "\n") + 2
	}
	return head + "\n\n" + body, c
}

// layout fits the form into the window above the error, keeping the caret in view.
func (f *matterForm) layout() (string, *tea.Cursor) {
	text, c := f.content()
	return fitAbove(f.c.Styles, text, c, f.err, f.width, f.height)
}

func (f *matterForm) View() string {
	out, _ := f.layout()
	return out
}

func (f *matterForm) Cursor() *tea.Cursor {
	_, c := f.layout()
	return c
}

func (f *matterForm) ShortHelp() []key.Binding {
	k := f.c.Keys.Form
	return []key.Binding{k.Next, relabel(k.Submit, f.submit), k.Cancel}
}

func (f *matterForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// openMatterScreen reads the matter and, when build accepts it, shows the screen it builds; a
// refusal in plain words goes to the status line and the trail stays in front.
func openMatterScreen(c *Common, id meeting.ID, build func(d matterDataMsg, people []meeting.Person) (Component, error)) tea.Cmd {
	s := c.Store
	return func() tea.Msg {
		d, err := loadMatter(s, id)
		if err != nil {
			return errMsg{err}
		}
		people, err := s.People(d.village.ID)
		if err != nil {
			return errMsg{err}
		}
		return buildMsg{func() (Component, error) { return build(d, people) }}
	}
}

// savedMatter reports a write about a matter and shows its trail again.
func savedMatter(c *Common, id meeting.ID, what string) tea.Cmd {
	return tea.Batch(saved(what), readMatter(c.Store, id))
}
