package ui

import (
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// thresholdScreen sets a matter's own passing threshold for its deciding vote (特别通过比例,
// e.g. two thirds for a land contract change), with its basis, until the matter is resolved.
type thresholdScreen struct {
	matterForm
	choice  *choiceField
	options []*meeting.Threshold // nil: the body's own rule
	basis   *textField
}

// openThreshold reads the matter and shows its threshold, or says why it can no longer change.
func openThreshold(c *Common, id meeting.ID) tea.Cmd {
	return openMatterScreen(c, id, func(d matterDataMsg, _ []meeting.Person) (Component, error) {
		y := d.matter // the engine says when the threshold can no longer change
		if err := meeting.SetThreshold(&y, nil, ""); err != nil {
			return nil, err
		}
		return newThresholdScreen(c, d), nil
	})
}

func newThresholdScreen(c *Common, d matterDataMsg) *thresholdScreen {
	st := c.Styles
	rule := decidingRule(d.village.Settings, meeting.DateOf(c.Now()))
	s := &thresholdScreen{matterForm: matterForm{c: c, d: d, title: "特别通过比例", submit: "保存",
		note: fmt.Sprintf("决议这一步的赞成票比例，比组织的规则更严时适用（%s现为：%s，%s）。依据写进会议记录和公告。",
			rule.Body.Label(), rule.Describe(), rule.Basis)}}
	names := []string{"不另定（按组织的规则）"}
	s.options = []*meeting.Threshold{nil}
	cur := 0
	for _, t := range thresholdChoices {
		if !t.Stricter(meeting.MoreThanHalf) {
			continue
		}
		t := t
		if x := d.matter.Threshold; x != nil && *x == t {
			cur = len(s.options)
		}
		s.options = append(s.options, &t)
		names = append(names, t.String())
	}
	if x := d.matter.Threshold; x != nil && cur == 0 {
		t := *x
		cur = len(s.options)
		s.options = append(s.options, &t)
		names = append(names, t.String())
	}
	s.choice = newChoiceField("决议的赞成票比例（占"+rule.PassOf.Label()+"）", names, cur)
	s.basis = newTextField(st, "依据", d.matter.ThresholdBasis, "如 村规民约第十二条")
	s.form = newForm(s.choice, s.basis)
	s.form.Focus(0)
	return s
}

func (s *thresholdScreen) Update(msg tea.Msg) (Component, tea.Cmd) {
	return s, s.handle(msg, s.save, nil)
}

func (s *thresholdScreen) save() tea.Cmd {
	x := s.d.matter
	x.History = slices.Clone(x.History)
	if err := meeting.SetThreshold(&x, s.options[s.choice.index], s.basis.Value()); err != nil {
		s.err = err.Error()
		return nil
	}
	if err := core.SaveMatter(s.c.Store, &x); err != nil {
		s.err = err.Error()
		return nil
	}
	return savedMatter(s.c, x.ID, "特别通过比例已保存，")
}

// decidingRule is the rule of the body that takes the deciding step (决议) on day d, as the engine
// says which: the 村民代表会议 unless the village decides in the 村民会议 only.
func decidingRule(s meeting.Settings, d meeting.Date) meeting.Rule {
	bodies := s.BodiesFor(meeting.Reviewed)
	b := meeting.RepresentativeAssembly
	if len(bodies) > 0 && !slices.Contains(bodies, b) {
		b = bodies[0]
	}
	return s.RuleOn(b, d)
}
