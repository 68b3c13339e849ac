package export

import (
	"cmp"
	"slices"

	"yishi/meeting"
)

// The minutes of a meeting go on changing after they are sealed, without their seal changing:
// an amendment (更正) is added, an assignment made at the meeting gets its result and the
// feedback to whoever raised it. A copy exported before was true when it was made. Earlier tells
// such a copy from one that was changed.

// Later is something recorded about a meeting after a copy of its minutes was made: an amendment,
// or the result or the feedback of an assignment made at it.
type Later struct {
	Amendment  *meeting.Amendment  // an amendment, or nil
	Assignment *meeting.Assignment // an assignment whose result (or, with Feedback, feedback) came later
	Feedback   bool
}

// Text says in words what was recorded, when and by whom, masked unless o.Unmasked:
// 2026年10月3日 20:15 何晓宇更正：……（理由：……）, or 交办「……」的办理结果（承办人：刘恒军，办结日期：2026年9月12日）.
func (l Later) Text(o Options) string {
	b := &builder{unmasked: o.Unmasked}
	if x := l.Amendment; x != nil {
		return moment(x.At) + " " + b.u1(x.Author.Name) + "更正：" + b.u1(x.Text) + "（理由：" + b.u1(x.Reason) + "）"
	}
	x := l.Assignment
	task := "交办「" + b.u1(x.Task) + "」"
	if l.Feedback {
		return task + "的反馈（反馈日期：" + x.FedBack.Chinese() + "）：" + b.u1(x.Feedback)
	}
	return task + "的办理结果（承办人：" + b.u1(x.Owner.Name) + "，办结日期：" + x.Done.Chinese() + "）：" + b.u1(x.Result)
}

// maxEarlier is how many earlier states of a record Earlier tries one by one; past it, it tries
// only the states in the order of the days things were recorded.
const maxEarlier = 1024

// Earlier finds the state of record r that file, a copy of its minutes in format f with options
// o (as its reference line gives them), was exported from, when that is not r as it stands but
// r before some of what was recorded later: the last amendments, the results or feedback of
// assignments. It returns what the copy lacks, oldest first (nothing for a copy of r as it
// stands), and true; false when no state reads as the file does (Compare): then the file, or
// the record, was changed.
//
// Amendments are added in time order, so a copy lacks the last few; an assignment's result and
// feedback come at any time, so a copy may lack either of any assignment. Every combination is
// tried, those lacking the fewest first, up to maxEarlier; beyond that, the states in the order of
// the days recorded (an amendment's time, a result's day done, a feedback's day).
func Earlier(file []byte, r MinutesRecord, f Format, o Options) ([]Later, bool) {
	amends := slices.Clone(r.Amendments)
	slices.SortStableFunc(amends, func(a, b meeting.Amendment) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID))
	})
	// What each assignment may lack: 0 nothing, 1 its feedback, 2 its result and feedback.
	var done []int // indexes into r.Assignments of those with a result
	choices := []int{}
	for i, x := range r.Assignments {
		switch {
		case x.Result == "" && x.Done.IsZero():
			continue
		case x.Feedback != "" || !x.FedBack.IsZero():
			choices = append(choices, 3)
		default:
			choices = append(choices, 2)
		}
		done = append(done, i)
	}
	total := len(amends) + 1
	for _, c := range choices {
		if total *= c; total > maxEarlier {
			break
		}
	}
	var states [][]Later
	if total <= maxEarlier {
		states = combinations(r, amends, done, choices)
	} else {
		states = chronological(r, amends, done)
	}
	slices.SortStableFunc(states, func(a, b []Later) int { return cmp.Compare(len(a), len(b)) })
	for _, later := range states {
		got, err := Minutes(without(r, later), f, o)
		if err == nil && Compare(file, got) == nil {
			return later, true
		}
	}
	return nil, false
}

// combinations returns every earlier state: the amendments less the last k of them, each
// assignment with its result and feedback, without its feedback, or without both.
func combinations(r MinutesRecord, amends []meeting.Amendment, done, choices []int) [][]Later {
	var out [][]Later
	pick := make([]int, len(done))
	for {
		for k := 0; k <= len(amends); k++ {
			var later []Later
			for _, x := range amends[len(amends)-k:] {
				later = append(later, Later{Amendment: &x})
			}
			for j, i := range done {
				x := r.Assignments[i]
				switch {
				case pick[j] == 1 && choices[j] == 3:
					later = append(later, Later{Assignment: &x, Feedback: true})
				case pick[j] == 1, pick[j] == 2:
					later = append(later, Later{Assignment: &x})
					if choices[j] == 3 {
						later = append(later, Later{Assignment: &x, Feedback: true})
					}
				}
			}
			out = append(out, sortLater(later))
		}
		// The next pick, as a number in mixed radix.
		j := 0
		for ; j < len(pick); j++ {
			if pick[j]++; pick[j] < choices[j] {
				break
			}
			pick[j] = 0
		}
		if j == len(pick) {
			return out
		}
	}
}

// chronological returns the states before each of what was recorded, in the order of its day.
func chronological(r MinutesRecord, amends []meeting.Amendment, done []int) [][]Later {
	var all []Later
	for _, x := range amends {
		all = append(all, Later{Amendment: &x})
	}
	for _, i := range done {
		x := r.Assignments[i]
		all = append(all, Later{Assignment: &x})
		if x.Feedback != "" || !x.FedBack.IsZero() {
			all = append(all, Later{Assignment: &x, Feedback: true})
		}
	}
	all = sortLater(all)
	out := make([][]Later, 0, len(all)+1)
	for k := 0; k <= len(all); k++ {
		out = append(out, all[len(all)-k:])
	}
	return out
}

// when is the day something was recorded on, as the record knows it.
func (l Later) when() meeting.Date {
	switch {
	case l.Amendment != nil:
		return meeting.DateOf(l.Amendment.At)
	case l.Feedback:
		return l.Assignment.FedBack
	}
	return l.Assignment.Done
}

// sortLater orders what was recorded by its day, amendments by their time; results before
// their feedback.
func sortLater(ls []Later) []Later {
	slices.SortStableFunc(ls, func(a, b Later) int {
		if a.Amendment != nil && b.Amendment != nil {
			return a.Amendment.At.Compare(b.Amendment.At)
		}
		return a.when().Time().Compare(b.when().Time())
	})
	return ls
}

// without returns r as it was before later was recorded.
func without(r MinutesRecord, later []Later) MinutesRecord {
	drop := map[meeting.ID]bool{}
	noResult, noFeedback := map[meeting.ID]bool{}, map[meeting.ID]bool{}
	for _, l := range later {
		switch {
		case l.Amendment != nil:
			drop[l.Amendment.ID] = true
		case l.Feedback:
			noFeedback[l.Assignment.ID] = true
		default:
			noResult[l.Assignment.ID] = true
		}
	}
	out := r
	out.Amendments = nil
	for _, x := range r.Amendments {
		if !drop[x.ID] {
			out.Amendments = append(out.Amendments, x)
		}
	}
	out.Assignments = make([]meeting.Assignment, len(r.Assignments))
	for i, x := range r.Assignments {
		if noResult[x.ID] {
			x.Result, x.Done = "", meeting.Date{}
		}
		if noFeedback[x.ID] {
			x.Feedback, x.FedBack = "", meeting.Date{}
		}
		out.Assignments[i] = x
	}
	return out
}
