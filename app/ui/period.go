package ui

import (
	"fmt"

	"yishi/meeting"
)

// periodFields are one posting of a notice: where, from and to. The end date follows the start
// (start + the village's minimum − 1) until it is typed over, and the engine's verdict on the
// period is shown beside the dates as they are typed.
type periodFields struct {
	set    meeting.Settings
	where  *textField
	from   *textField
	to     *notedField
	autoTo string
}

func newPeriodFields(st *Styles, set meeting.Settings, where string, from meeting.Date) *periodFields {
	f := &periodFields{set: set}
	f.where = newTextField(st, "张贴地点", where, "例如 "+defaultBoard+"、村民微信群、网上公开")
	f.from = newTextField(st, "公示开始", from.String(), "2026-11-23")
	f.autoTo = f.end(from)
	f.to = noted(newTextField(st, "公示结束", f.autoTo, "2026-11-30"))
	f.check()
	return f
}

func (f *periodFields) inputs() []input { return []input{f.where, f.from, f.to} }

func (f *periodFields) toField() *textField { return f.to.input.(*textField) }

// end is the last day of the shortest posting the village allows from day.
func (f *periodFields) end(from meeting.Date) string {
	return f.set.PostingEnd(from).String()
}

// changed follows a new start date with the end date, while the end is the derived one, and
// checks the period again. before is the start date as it was before the change.
func (f *periodFields) changed(before string) {
	if f.from.Value() != before && f.to.Value() == f.autoTo {
		if d, err := meeting.ParseDate(f.from.Value()); err == nil {
			f.autoTo = f.end(d)
			f.toField().SetValue(f.autoTo)
		}
	}
	f.check()
}

// check shows beside the dates what the engine says of the period ("" when it is accepted).
func (f *periodFields) check() {
	from, err1 := dateIn(f.from, true)
	to, err2 := dateIn(f.toField(), true)
	if err1 != nil || err2 != nil {
		f.to.SetError("")
		return
	}
	if err := f.set.CheckPosting(meeting.Posting{From: from, To: to}); err != nil {
		f.to.SetError(err.Error())
		return
	}
	f.to.SetError("")
}

// posting is the posting as typed, checked against the village's minimum; a refused period is
// also shown beside the dates.
func (f *periodFields) posting() (meeting.Posting, error) {
	p := meeting.Posting{Where: f.where.Value()}
	var err error
	if p.From, err = dateIn(f.from, true); err != nil {
		return p, err
	}
	if p.To, err = dateIn(f.toField(), true); err != nil {
		return p, err
	}
	if p.Where == "" {
		return p, fmt.Errorf("请填写%s，例如 %s、村民微信群", f.where.label, defaultBoard)
	}
	if err := f.set.CheckPosting(p); err != nil {
		f.to.SetError(err.Error())
		return p, err
	}
	return p, nil
}
