package meeting

import "strings"

// AssignmentStatus is where an assignment (交办) stands on a given day.
type AssignmentStatus string

const (
	InProgress AssignmentStatus = "in_progress" // 办理中: not done, deadline not passed
	Late       AssignmentStatus = "overdue"     // 逾期: not done, deadline passed
	Finished   AssignmentStatus = "done"        // 已办结: a result recorded
)

var assignmentStatusLabels = map[AssignmentStatus]string{InProgress: "办理中", Late: "逾期", Finished: "已办结"}

// Label is the status's Chinese name.
func (s AssignmentStatus) Label() string { return assignmentStatusLabels[s] }

// Overdue reports whether the assignment is past its deadline on today and not done: the
// deadline day itself is still in time.
func (a Assignment) Overdue(today Date) bool {
	return a.Done.IsZero() && !a.Deadline.IsZero() && today.After(a.Deadline)
}

// Status is where the assignment stands on today.
func (a Assignment) Status(today Date) AssignmentStatus {
	switch {
	case !a.Done.IsZero():
		return Finished
	case a.Overdue(today):
		return Late
	}
	return InProgress
}

// DoneLate reports whether a done assignment was done after its deadline.
func (a Assignment) DoneLate() bool {
	return !a.Done.IsZero() && !a.Deadline.IsZero() && a.Done.After(a.Deadline)
}

// AwaitsFeedback reports whether the assignment is done but whoever raised it has not yet been
// told the result (办理结果反馈).
func (a Assignment) AwaitsFeedback() bool {
	return !a.Done.IsZero() && strings.TrimSpace(a.Feedback) == ""
}

// Finish records that the assignment was done on done with result, and, when given, the
// feedback to whoever raised it and the day it was given. It may be called again on a done
// assignment to correct it or to add feedback given later. The rules:
//   - the result is required;
//   - the done day is required, not before the day it was assigned and not after today;
//   - feedback is optional, but feedback and its day go together; the feedback day is not
//     before the done day and not after today.
//
// A refusal changes nothing and says in Chinese what to put right.
func (a *Assignment) Finish(done Date, result, feedback string, fedBack Date, today Date) error {
	result, feedback = strings.TrimSpace(result), strings.TrimSpace(feedback)
	var p Problems
	if result == "" {
		p.addf("请写上办理结果：办了什么、办成什么样")
	}
	switch {
	case done.IsZero():
		p.addf("请填写办结日期，写成 2026-11-23 这样")
	case done.Before(a.Assigned):
		p.addf("办结日期 %s 早于交办日期 %s，请检查", done, a.Assigned)
	case done.After(today):
		p.addf("办结日期 %s 在今天（%s）之后：办好了再登记", done, today)
	}
	switch {
	case feedback == "" && !fedBack.IsZero():
		p.addf("写了反馈日期，请再写上怎么反馈的")
	case feedback != "" && fedBack.IsZero():
		p.addf("写了反馈情况，请再填反馈日期")
	case feedback != "" && !done.IsZero() && fedBack.Before(done):
		p.addf("反馈日期 %s 早于办结日期 %s，请检查", fedBack, done)
	case feedback != "" && fedBack.After(today):
		p.addf("反馈日期 %s 在今天（%s）之后：反馈了再登记", fedBack, today)
	}
	if err := p.Err(); err != nil {
		return err
	}
	a.Done, a.Result, a.Feedback, a.FedBack = done, result, feedback, fedBack
	return nil
}
