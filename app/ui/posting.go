package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"yishi/meeting"
)

// Messages of the posting screen: none of its own; it ends by reading the matter again.

// postingScreen adds another place the matter's latest notice is posted (the villagers' WeChat
// group, online) with its period; the village's minimum applies to it as to the first.
type postingScreen struct {
	matterForm
	n      meeting.Notice
	period *periodFields
}

// openPosting reads the matter and shows a new posting of its latest notice.
func openPosting(c *Common, id meeting.ID) tea.Cmd {
	return openMatterScreen(c, id, func(d matterDataMsg, _ []meeting.Person) (Component, error) {
		n, ok := latestNotice(d.notices)
		if !ok {
			return nil, errNoNotice
		}
		return newPostingScreen(c, d, n), nil
	})
}

func newPostingScreen(c *Common, d matterDataMsg, n meeting.Notice) *postingScreen {
	st := c.Styles
	set := d.village.Settings
	s := &postingScreen{matterForm: matterForm{c: c, d: d, title: "张贴处", submit: "保存张贴处"}, n: n}
	var places []string
	where := "村民微信群"
	from := meeting.DateOf(c.Now())
	for _, p := range n.Postings {
		places = append(places, fmt.Sprintf("%s（%s至%s）", p.Where, p.From, p.To))
		if p.Where == where {
			where = ""
		}
	}
	if len(n.Postings) > 0 {
		from = n.Postings[0].From
	}
	days, basis := set.PostingDays(from)
	s.note = fmt.Sprintf("「%s」另一处张贴或发布；公示期不少于 %d 天，起止两天都算（%s）。", n.Title, days, basis)
	if len(places) > 0 {
		s.extra = st.Heading.Render("已张贴") + "\n" + strings.Join(places, "\n")
	}
	s.period = newPeriodFields(st, set, where, from)
	s.form = newForm(s.period.inputs()...)
	s.form.Focus(0)
	return s
}

func (s *postingScreen) Update(msg tea.Msg) (Component, tea.Cmd) {
	from := s.period.from.Value()
	return s, s.handle(msg, s.save, func() { s.period.changed(from) })
}

func (s *postingScreen) save() tea.Cmd {
	p, err := s.period.posting()
	if err != nil {
		s.err = "没有保存：" + err.Error()
		return nil
	}
	return saveNotice(s.c, &s.matterForm, s.n.ID, "张贴处「"+p.Where+"」", func(n *meeting.Notice) error {
		for _, q := range n.Postings {
			if q.Where == p.Where && q.From.String() == p.From.String() && q.To.String() == p.To.String() {
				return fmt.Errorf("「%s」%s至%s已经登记过了", p.Where, p.From, p.To)
			}
		}
		n.Postings = append(append([]meeting.Posting(nil), n.Postings...), p)
		return nil
	})
}
