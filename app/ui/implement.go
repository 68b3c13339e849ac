package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the implementation screen: none of its own; it ends by reading the matter again.

// implement records how a posted resolution is carried out (实施): the plan, dated progress
// notes, start and completion dates, the money, and the acceptance. Saved without completion
// and acceptance it keeps the work in progress and leaves the stage; with both, the engine
// records the matter as implemented (meeting.Complete).
type implement struct {
	matterForm
	plan       *textField
	noteOn     *textField
	note       *textField
	started    *textField
	completed  *textField
	budget     *textField
	subsidy    *textField
	selfRaised *textField
	spent      *textField
	acceptance *textField
	acceptedOn *textField
}

// implementable asks the engine whether implementation may be recorded for x now: Complete
// accepts a completion only of a matter whose resolution has been posted.
func implementable(x meeting.Matter) bool {
	return implementError(x) == nil
}

func implementError(x meeting.Matter) error {
	y := x
	y.History = append([]meeting.Event(nil), x.History...)
	return meeting.Complete(&y, meeting.Implementation{Completed: meeting.NewDate(2000, 1, 1)})
}

// openImplement reads the matter and shows the implementation screen, or says why not.
func openImplement(c *Common, id meeting.ID) tea.Cmd {
	return openMatterScreen(c, id, func(d matterDataMsg, _ []meeting.Person) (Component, error) {
		if err := implementError(d.matter); err != nil {
			return nil, err
		}
		return newImplement(c, d), nil
	})
}

func newImplement(c *Common, d matterDataMsg) *implement {
	st := c.Styles
	today := meeting.DateOf(c.Now())
	var im meeting.Implementation
	if d.matter.Implementation != nil {
		im = *d.matter.Implementation
	}
	s := &implement{matterForm: matterForm{c: c, d: d, title: "实施", submit: "保存实施情况",
		note: "填了完成日期和验收结果，保存后事项进入「实施」；否则保存为实施中的进展。金额以元为单位。"}}
	plan := im.Plan
	if plan == "" {
		if n, ok := core.NoticeOf(d.notices, meeting.ResolutionNotice); ok {
			plan = n.Text
		}
	}
	budget := im.Budget
	if budget == 0 && im.Plan == "" {
		budget = d.matter.Amount
	}
	s.plan = newTextArea(st, "实施方案", plan, "怎么办：采购方式、工程量、由谁组织", 2)
	s.noteOn = newTextField(st, "进展日期", today.String(), "2026-11-23")
	s.note = newTextArea(st, "新的进展", "", "例如 三家询价，选定报价最低的商户（可不填）", 2)
	s.started = newTextField(st, "开工日期", im.Started.String(), "2026-11-23")
	s.completed = newTextField(st, "完成日期", im.Completed.String(), "完成后填写")
	s.budget = newTextField(st, "预算（元）", yuanText(budget), "例如 23000")
	s.subsidy = newTextField(st, "补助（元）", yuanText(im.Subsidy), "上级补助，没有可不填")
	s.selfRaised = newTextField(st, "自筹（元）", yuanText(im.SelfRaised), "村民自筹，没有可不填")
	s.spent = newTextField(st, "实际支出（元）", yuanText(im.Spent), "例如 22460.50")
	s.acceptance = newTextArea(st, "验收结果", im.Acceptance, "例如 验收合格：型号、数量与合同一致", 2)
	s.acceptedOn = newTextField(st, "验收日期", im.AcceptedOn.String(), "2026-11-23")
	s.form = newForm(s.plan, s.noteOn, s.note, s.started, s.completed, s.budget, s.subsidy, s.selfRaised, s.spent,
		s.acceptance, s.acceptedOn)
	s.form.Focus(0)
	if len(im.Progress) > 0 {
		var lines []string
		for _, p := range im.Progress {
			lines = append(lines, p.On.String()+"　"+p.Text)
		}
		s.extra = st.Heading.Render("已记进展") + "\n" + strings.Join(lines, "\n")
	}
	return s
}

func (s *implement) Update(msg tea.Msg) (Component, tea.Cmd) {
	return s, s.handle(msg, s.save, nil)
}

// implementation is the work as typed, with the matter's earlier progress notes and the new one.
func (s *implement) implementation() (meeting.Implementation, error) {
	im := meeting.Implementation{Plan: s.plan.Value(), Acceptance: s.acceptance.Value()}
	if old := s.d.matter.Implementation; old != nil {
		im.Progress = append(im.Progress, old.Progress...)
	}
	var err error
	if text := s.note.Value(); text != "" {
		on, err := dateIn(s.noteOn, true)
		if err != nil {
			return im, err
		}
		im.Progress = append(im.Progress, meeting.Progress{On: on, Text: text})
	}
	if im.Started, err = dateIn(s.started, false); err != nil {
		return im, err
	}
	if im.Completed, err = dateIn(s.completed, false); err != nil {
		return im, err
	}
	if im.AcceptedOn, err = dateIn(s.acceptedOn, false); err != nil {
		return im, err
	}
	for _, m := range []struct {
		f  *textField
		to *meeting.Money
	}{{s.budget, &im.Budget}, {s.subsidy, &im.Subsidy}, {s.selfRaised, &im.SelfRaised}, {s.spent, &im.Spent}} {
		if *m.to, err = parseYuan(m.f.label, m.f.Value()); err != nil {
			return im, err
		}
	}
	return im, im.Validate()
}

// save writes the implementation on the matter; completed and accepted, the engine moves the
// matter to 实施 in the same write.
func (s *implement) save() tea.Cmd {
	im, err := s.implementation()
	if err != nil {
		s.err = err.Error()
		return nil
	}
	x := s.d.matter
	x.History = append([]meeting.Event(nil), x.History...)
	what := "实施进展"
	switch {
	case !im.Completed.IsZero() && im.Acceptance != "":
		if err := meeting.Complete(&x, im); err != nil {
			s.err = err.Error()
			return nil
		}
		what = "实施完成，事项进入「" + x.Stage().Label() + "」，"
	default:
		if err := implementError(x); err != nil {
			s.err = err.Error()
			return nil
		}
		if !im.Completed.IsZero() {
			// Not yet accepted: the engine still checks the dates it would be completed with.
			y := x
			y.History = append([]meeting.Event(nil), x.History...)
			if err := meeting.Complete(&y, im); err != nil {
				s.err = err.Error()
				return nil
			}
			what = "完成日期（验收后才进入「实施」）"
		}
		x.Implementation = &im
	}
	if err := core.SaveMatter(s.c.Store, &x); err != nil {
		s.err = err.Error()
		return nil
	}
	return savedMatter(s.c, x.ID, what)
}
