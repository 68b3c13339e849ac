package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"yishi/app/core"
	"yishi/meeting"
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

// step is the stage a passing vote on this item moves its matter to, as the engine sees it now
// (Settings.VoteStep), or the engine's refusal in plain words. An item without a matter keeps
// the step of its agenda.
func (s *voteScreen) step() (meeting.Stage, error) {
	if s.matter == nil {
		return s.item.Step, nil
	}
	return s.village.Settings.VoteStep(*s.matter, s.m, s.item.N)
}

// verdictOf is the engine's verdict on vote v for this item, at the step the engine takes the
// matter to (the agenda's step when the engine refuses).
func (s *voteScreen) verdictOf(v meeting.Vote) meeting.Verdict {
	step, err := s.step()
	if err != nil {
		step = s.item.Step
	}
	return s.village.Settings.ItemVerdict(s.m, step, v, s.matter)
}

// notice says, before F2, where the engine and the agenda disagree: the matter moved since the
// meeting was set up, or this vote cannot move it at all.
func (s *voteScreen) notice() string {
	if s.matter == nil {
		return ""
	}
	step, err := s.step()
	if err != nil {
		return "这次表决不能推进事项「" + s.matter.Title + "」：" + err.Error() + "。F2 不会记下表决。"
	}
	if step != s.item.Step {
		return fmt.Sprintf("议程上本议题是「%s」，但事项现处于「%s」：按现在的程序，这次表决通过后事项进入「%s」，并按此记录。",
			s.item.Step.Label(), s.matter.Stage().Label(), step.Label())
	}
	return ""
}

func (s *voteScreen) SetSize(width, height int) { s.width, s.height = width, height }

func (s *voteScreen) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.c.Keys.Form.Cancel):
			if !s.form.Leave() {
				s.err = leaveAsk
				return s, nil
			}
			return s, openRecording(s.c, s.m.ID)
		case key.Matches(k, s.c.Keys.Form.Submit):
			s.form.settle()
			return s, s.save()
		}
	}
	cmd, _ := s.form.Update(msg)
	return s, cmd
}

// save records the vote on the item and, through the engine, moves or ends the matter: all in
// one transaction. A vote without quorum is recorded, and moves nothing. The vote keeps the rule
// it was held against (Settings.Pin). A corrected vote on an item whose earlier vote already
// moved or ended the matter is held again by Settings.Revise, which first takes back what the
// earlier vote did; any other vote by Settings.Advance.
func (s *voteScreen) save() tea.Cmd {
	v, err := s.vote()
	if err != nil {
		s.err = err.Error()
		return nil
	}
	step, err := s.step()
	if err != nil {
		s.err = err.Error()
		return nil
	}
	d := s.verdictOf(v)
	if d.Passed && s.matter != nil && s.text.Value() == "" && step == meeting.Resolved {
		s.err = "表决通过：请写上决议内容"
		return nil
	}
	v = s.village.Settings.Pin(v, s.m, step, s.matter)
	m := s.m
	m.Items = append([]meeting.Item(nil), m.Items...)
	for i := range m.Items {
		if m.Items[i].N == s.item.N {
			if s.revote() {
				m.Items[i].PriorVotes = append(append([]meeting.Vote(nil), m.Items[i].PriorVotes...), *s.item.Vote)
			}
			m.Items[i].Vote = &v
			m.Items[i].Resolution = ""
			if d.Passed {
				m.Items[i].Resolution = s.text.Value()
			}
			if s.matter != nil {
				m.Items[i].Step = step
			}
		}
	}
	res, err := core.RecordVote(s.c.Store, s.village.Settings, m, s.item.N, s.matter != nil && s.onFail.index == 1)
	if err != nil {
		s.err = err.Error()
		return nil
	}
	what := "表决：" + d.Result()
	switch x := res.Matter; {
	case x == nil:
	case res.Moved:
		what += "，事项进入「" + x.Stage().Label() + "」"
	case res.Rejected:
		what += "，事项记为否决"
	case x.Stage() != res.Was:
		what += "，事项回到「" + x.Stage().Label() + "」"
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
		after := s.item.Step.Label()
		if step, err := s.step(); err == nil {
			after = step.Label()
		}
		out += "\n" + stageStrip(st, *s.matter) + st.Subtle.Render("　通过后："+after)
	}
	return out
}

// content is the screen in two parts: the top, always in view (the heading, and under it the
// error of the last F2 and what the engine says before F2), and the form with the verdict,
// which scrolls to keep the caret in view. The cursor is placed in the form part.
func (s *voteScreen) content() (top, form string, c *tea.Cursor) {
	st := s.c.Styles
	top = st.Title.Render("表决："+s.item.Title) + "\n" + st.Subtle.Render(fmt.Sprintf("%s，应到 %d，实到 %d", s.m.Name(), s.m.Attendance.Expected, s.m.Attendance.Present))
	top = lipgloss.NewStyle().MaxWidth(s.width).Render(top)
	if s.err != "" {
		top += "\n" + st.Error.Render(wrap(s.err, s.width))
	}
	if n := s.notice(); n != "" {
		top += "\n" + st.Warning.Render(wrap(n, s.width))
	}
	if s.revote() {
		d := s.verdictOf(*s.item.Vote)
		top += "\n" + wrap(st.Warning.Render("重新表决：上次表决时实到 "+fmt.Sprint(d.Present)+" 人，"+d.Result()+"；上次的结果保留在记录里。"), s.width)
	}
	body, c := s.form.View(st, s.width)
	if c != nil {
		c.Position.Y++ // the blank line above the form
	}
	return top, "\n" + body + "\n\n" + wrap(s.verdict(), s.width), c
}

// layout fits the form part under the top part in the window's height.
func (s *voteScreen) layout() (string, *tea.Cursor) {
	top, form, c := s.content()
	rows := strings.Count(top, "\n") + 1
	form, c = fit(form, max(s.height-rows, 1), c, 0)
	if c != nil {
		c.Position.Y += rows
	}
	return top + "\n" + form, c
}

func (s *voteScreen) View() string {
	text, _ := s.layout()
	return text
}

func (s *voteScreen) Cursor() *tea.Cursor {
	_, c := s.layout()
	return c
}

func (s *voteScreen) ShortHelp() []key.Binding {
	k := s.c.Keys.Form
	return []key.Binding{k.Next, s.c.Keys.Form.Choose,
		relabel(k.Submit, "记下表决"), k.Cancel}
}

func (s *voteScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
