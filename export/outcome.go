package export

import "yishi/meeting"

// Fact is one labelled statement of a record as the documents give it: 办理结果：…,
// 办结日期：2026年9月12日.
type Fact struct{ Label, Text string }

// Task is an assignment (交办) as the minutes state it: what, who, by when, and, once recorded,
// its result and the feedback to whoever raised it.
type Task struct {
	Text  string // 购买饮水机……；承办人：刘恒军；时限：2026年9月15日（马上办）
	Facts []Fact // 办理结果, 办结日期, 反馈, 反馈日期: those recorded, in that order
}

// ItemOutcome is how a consultation item ended, as the minutes state it.
type ItemOutcome struct {
	// Text follows 处理：: 当场答复：…, 交办：<the task>, 转入四议，立为事项「…」…; "" when the item
	// has no outcome but assignments were made on it.
	Text string
	// Facts are those of the one assignment Text names, if it names one.
	Facts []Fact
	// Tasks are the assignments made on the item that Text does not name.
	Tasks []Task
}

// OutcomeOf returns how item it of r's meeting ended and the assignments made on it (those of
// r.Assignments from that item), as the minutes state them; false when there is nothing to say.
// The screens show a meeting's record from it too, so both say the same. Texts are cleaned and,
// unless o.Unmasked, masked (Mask).
//
// An assignment's result and feedback are recorded after the meeting and are not part of its
// sealed record: a copy of the minutes made before they were recorded lacks them (see Earlier).
func OutcomeOf(r MinutesRecord, it meeting.Item, o Options) (ItemOutcome, bool) {
	b := &builder{unmasked: o.Unmasked}
	return b.outcomeOf(r, it)
}

func (b *builder) outcomeOf(r MinutesRecord, it meeting.Item) (ItemOutcome, bool) {
	var tasks []meeting.Assignment
	for _, x := range r.Assignments {
		if x.From != nil && x.From.Item == it.N && (x.From.MeetingID == r.Meeting.ID || x.From.MeetingID == 0) {
			tasks = append(tasks, x)
		}
	}
	o := it.Outcome
	if o == nil && len(tasks) == 0 {
		return ItemOutcome{}, false
	}
	var oc ItemOutcome
	if o != nil {
		oc.Text = o.Kind.Label()
		switch o.Kind {
		case meeting.Answered:
			if o.Answer != "" {
				oc.Text += "：" + b.u(o.Answer)
			}
		case meeting.ToMatter:
			if mt, ok := r.Matters[o.MatterID]; ok && o.MatterID != 0 {
				oc.Text += "，立为事项「" + b.u1(mt.Title) + "」，按四议两公开程序办理。"
			}
		case meeting.Assigned:
			if len(tasks) == 1 {
				t := b.task(tasks[0])
				oc.Text += "：" + t.Text
				oc.Facts = t.Facts
				tasks = nil
			}
		}
	}
	for _, x := range tasks {
		oc.Tasks = append(oc.Tasks, b.task(x))
	}
	return oc, true
}

// task states an assignment: 购买……；承办人：刘恒军；时限：2026年9月15日（马上办）, then what is
// recorded of its result and feedback.
func (b *builder) task(x meeting.Assignment) Task {
	s := b.u1(x.Task) + "；承办人：" + b.u1(x.Owner.Name)
	if !x.Deadline.IsZero() {
		s += "；时限：" + x.Deadline.Chinese()
	}
	if l := x.Urgency.Label(); l != "" {
		s += "（" + l + "）"
	}
	t := Task{Text: s}
	if x.Result != "" {
		t.Facts = append(t.Facts, Fact{"办理结果", b.u(x.Result)})
	}
	if !x.Done.IsZero() {
		done := x.Done.Chinese()
		if x.DoneLate() {
			done += "（超过时限）"
		}
		t.Facts = append(t.Facts, Fact{"办结日期", done})
	}
	if x.Feedback != "" {
		t.Facts = append(t.Facts, Fact{"反馈", b.u(x.Feedback)})
	}
	if !x.FedBack.IsZero() {
		t.Facts = append(t.Facts, Fact{"反馈日期", x.FedBack.Chinese()})
	}
	return t
}
