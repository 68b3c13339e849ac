package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"yishi/meeting"
	"yishi/storage"
)

// Messages of the vote screen: none of its own; it ends by reopening the recording screen.

// voteScreen takes the count of an item's vote. The engine's verdict is shown as the numbers
// are typed, with its arithmetic and basis and a plain warning when the quorum is not met; a
// passing vote records the resolution and moves the matter to its next stage.
type voteScreen struct {
	c       *Common
	village meeting.Village
	m       meeting.Meeting
	item    meeting.Item
	matter  *meeting.Matter
	form    *form
	method  *choiceField
	mode    *choiceField
	ayes    *textField
	noes    *textField
	abst    *textField
	recused *personField
	reason  *textField
	teller1 *personField
	teller2 *personField
	text    *textField
	onFail  *choiceField
	confirm bool
	err     string
	width   int
	height  int
}

var methods = []meeting.Method{meeting.ShowOfHands, meeting.SecretBallot, meeting.NamedVote}

// openVote shows the vote on item n of a formal meeting, with the matter it may move.
func openVote(c *Common, id meeting.ID, n int) tea.Cmd {
	return openMeetingScreen(c, id, func(v meeting.Village, m meeting.Meeting, people []meeting.Person) (Component, error) {
		it, _ := m.Item(n)
		var x *meeting.Matter
		if it.MatterID != 0 {
			mt, err := c.Store.Matter(it.MatterID)
			if err != nil {
				return nil, err
			}
			x = &mt
		}
		return newVoteScreen(c, v, m, it, x, people), nil
	})
}

func newVoteScreen(c *Common, v meeting.Village, m meeting.Meeting, it meeting.Item, x *meeting.Matter, people []meeting.Person) *voteScreen {
	st := c.Styles
	idx := meeting.NewIndex(people)
	s := &voteScreen{c: c, village: v, m: m, item: it, matter: x}
	labels := make([]string, len(methods))
	for i, mt := range methods {
		labels[i] = mt.Label()
	}
	s.method = newChoiceField("表决方式", labels, 0)
	s.mode = newChoiceField("计票", []string{"多数赞成：数反对和弃权", "逐项计票"}, 0)
	s.ayes = newTextField(st, "赞成", "", "票数")
	s.noes = newTextField(st, "反对", "0", "票数")
	s.abst = newTextField(st, "弃权", "0", "票数")
	s.recused = newPersonField(st, "回避人员", idx, meeting.Ref{})
	s.reason = newTextField(st, "回避理由", "", "例如 本人亲属承包该工程")
	s.teller1 = newPersonField(st, "监票人", idx, meeting.Ref{})
	s.teller2 = newPersonField(st, "计票人", idx, meeting.Ref{})
	s.text = newTextArea(st, "决议内容", it.Resolution, "表决通过时形成的决议", 2)
	s.onFail = newChoiceField("未通过时", []string{"保留，修改后可重新表决", "记为否决"}, 0)
	if v := it.Vote; v != nil && !s.revote() {
		// Correcting the vote just recorded: its numbers are the starting point.
		for i, mt := range methods {
			if mt == v.Method {
				s.method.index = i
			}
		}
		s.mode.index = 1
		s.ayes.SetValue(strconv.Itoa(v.Ayes))
		s.noes.SetValue(strconv.Itoa(v.Noes))
		s.abst.SetValue(strconv.Itoa(v.Abstentions))
	}
	s.form = newForm(s.method, s.mode, s.ayes, s.noes, s.abst, s.recused, s.reason, s.teller1, s.teller2, s.text, s.onFail)
	s.form.Focus(0)
	return s
}

// revote reports whether this is a new vote on an item voted before with other attendance
// (latecomers came after a vote without quorum): the earlier vote is kept, not corrected.
func (s *voteScreen) revote() bool {
	old := s.item.Vote
	if old == nil {
		return false
	}
	was, now := old.Counts(s.m.Attendance), s.m.Attendance
	return was.Present != now.Present || was.Expected != now.Expected
}

func number(f *textField) (int, error) {
	v := f.Value()
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("「%s」要填票数（不小于 0 的整数），现在是「%s」", f.label, v)
	}
	return n, nil
}

// vote is the count as typed; in the majority mode the ayes are derived from those present.
func (s *voteScreen) vote() (meeting.Vote, error) {
	a := s.m.Attendance
	v := meeting.Vote{Method: methods[s.method.index], At: s.c.Now().In(meeting.Beijing), Expected: a.Expected, Present: a.Present}
	var err error
	if v.Noes, err = number(s.noes); err != nil {
		return v, err
	}
	if v.Abstentions, err = number(s.abst); err != nil {
		return v, err
	}
	if r := s.recused.Ref(); r.Name != "" {
		v.Recused = []meeting.Absence{{Who: r, Reason: s.reason.Value()}}
	}
	for i, f := range []*personField{s.teller1, s.teller2} {
		if r := f.Ref(); r.Name != "" {
			r.Post = []string{"监票人", "计票人"}[i]
			v.Tellers = append(v.Tellers, r)
		}
	}
	if s.mode.index == 0 {
		v.Ayes, err = meeting.MajorityInFavour(s.m.Attendance.Present, len(v.Recused), v.Noes, v.Abstentions)
	} else {
		v.Ayes, err = number(s.ayes)
	}
	if err != nil {
		return v, err
	}
	return v, v.Validate(s.m.Attendance)
}

// verdictOf is the engine's verdict on vote v for this item.
func (s *voteScreen) verdictOf(v meeting.Vote) meeting.Verdict {
	return s.village.Settings.ItemVerdict(s.m, s.item.Step, v, s.matter)
}

func (s *voteScreen) SetSize(width, height int) { s.width, s.height = width, height }

func (s *voteScreen) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.c.Keys.Form.Cancel):
			return s, openRecording(s.c, s.m.ID)
		case key.Matches(k, s.c.Keys.Form.Submit):
			return s, s.save()
		}
	}
	cmd, _ := s.form.Update(msg)
	return s, cmd
}

// save records the vote on the item and, through the engine, moves or ends the matter: all in
// one transaction. A vote without quorum is recorded, and moves nothing.
func (s *voteScreen) save() tea.Cmd {
	v, err := s.vote()
	if err != nil {
		s.err = err.Error()
		return nil
	}
	d := s.verdictOf(v)
	if d.Passed && s.matter != nil && s.text.Value() == "" && s.item.Step == meeting.Resolved {
		s.err = "表决通过：请写上决议内容"
		return nil
	}
	m := s.m
	m.Items = append([]meeting.Item(nil), m.Items...)
	for i := range m.Items {
		if m.Items[i].N == s.item.N {
			if s.revote() {
				m.Items[i].PriorVotes = append(append([]meeting.Vote(nil), m.Items[i].PriorVotes...), *s.item.Vote)
			}
			m.Items[i].Vote = &v
			if d.Passed {
				m.Items[i].Resolution = s.text.Value()
			}
		}
	}
	what := "表决：" + d.Result()
	err = s.c.Store.Update(func(tx *storage.Tx) error {
		if err := tx.PutMeeting(&m); err != nil {
			return err
		}
		if s.matter == nil {
			return nil
		}
		x := *s.matter
		x.History = append([]meeting.Event(nil), x.History...)
		switch _, err := s.village.Settings.Advance(&x, m, s.item.N); {
		case err == nil:
			what += "，事项进入「" + x.Stage().Label() + "」"
		case errors.Is(err, meeting.ErrNotPassed) && s.onFail.index == 1:
			if err := meeting.Reject(&x, m, s.item.N, "表决未通过"); err != nil {
				return err
			}
			what += "，事项记为否决"
		case errors.Is(err, meeting.ErrNotPassed):
			return nil // the matter stays where it was
		default:
			return err
		}
		return tx.PutMatter(&x)
	})
	if err != nil {
		s.err = err.Error()
		return nil
	}
	return tea.Batch(saved(what+"，"), openRecording(s.c, s.m.ID))
}

// verdict is the engine's verdict on the numbers typed so far, drawn with bars.
func (s *voteScreen) verdict() string {
	st := s.c.Styles
	v, err := s.vote()
	if err != nil {
		return st.Error.Render(err.Error())
	}
	d := s.verdictOf(v)
	style := st.Saved
	if !d.Passed {
		style = st.Error
	}
	out := style.Render(d.Arithmetic())
	if !d.Quorate {
		out = st.Error.Render("注意：到会人数不足法定人数，这次表决无效，事项不会推进。") + "\n" + out
	}
	w := min(s.width-12, 30)
	voters := max(s.m.Attendance.Present, 1)
	for _, row := range []struct {
		label string
		n     int
	}{{"赞成", v.Ayes}, {"反对", v.Noes}, {"弃权", v.Abstentions}} {
		out += fmt.Sprintf("\n%s %s %d（%s）", row.label, bar(st, row.n, voters, d.PassMin, w), row.n, meeting.Percent(row.n, voters))
	}
	out += "\n" + st.Subtle.Render("依据："+d.Basis())
	if s.matter != nil {
		out += "\n" + stageStrip(st, *s.matter) + st.Subtle.Render("　通过后："+s.item.Step.Label())
	}
	return out
}

func (s *voteScreen) content() (string, *tea.Cursor) {
	st := s.c.Styles
	head := st.Title.Render("表决："+s.item.Title) + "\n" + st.Subtle.Render(fmt.Sprintf("%s，应到 %d，实到 %d", s.m.Name(), s.m.Attendance.Expected, s.m.Attendance.Present))
	if s.revote() {
		d := s.verdictOf(*s.item.Vote)
		head += "\n" + wrap(st.Warning.Render("重新表决：上次表决时实到 "+fmt.Sprint(d.Present)+" 人，"+d.Result()+"；上次的结果保留在记录里。"), s.width)
	}
	body, c := s.form.View(st, s.width)
	if c != nil {
		c.Position.Y += strings.Count(head, "\n") + 2
	}
	text := head + "\n\n" + body + "\n\n" + wrap(s.verdict(), s.width)
	if s.err != "" {
		text += "\n" + st.Error.Render(wrap(s.err, s.width))
	}
	return text, c
}

func (s *voteScreen) View() string {
	text, c := s.content()
	out, _ := fit(text, s.height, c, 0)
	return out
}

func (s *voteScreen) Cursor() *tea.Cursor {
	text, c := s.content()
	_, c = fit(text, s.height, c, 0)
	return c
}

func (s *voteScreen) ShortHelp() []key.Binding {
	k := s.c.Keys.Form
	return []key.Binding{k.Next, key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←→", "选择")),
		key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "记下表决")), k.Cancel}
}

func (s *voteScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
