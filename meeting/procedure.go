package meeting

import (
	"errors"
	"fmt"
	"strings"
)

// Errors of the procedure engine. Their text is shown to users as it is.
var (
	ErrEnded     = errors.New("这件事项已经结束（已否决、撤回或结果已公开），不能再推进")
	ErrNoVote    = errors.New("这个议题还没有表决结果，请先录入表决")
	ErrNotPassed = errors.New("表决未通过，事项停留在原步骤；可修改方案后重新表决，或记为否决")
	// ErrInquorateReject refuses to reject a matter on a vote short of the quorum: such a vote
	// is void, it decides nothing either way.
	ErrInquorateReject = errors.New("这次表决不足法定人数，是无效的，不能据此否决事项；事项保持原步骤")
	// ErrPassedReject refuses to reject a matter on a vote that passed.
	ErrPassedReject = errors.New("这次表决已经通过，不能据此否决事项")
)

// StepBy returns the stage a passing vote of a meeting of body b moves a matter at stage from
// to, or an error in plain words saying which body the matter waits for.
func (s Settings) StepBy(from Stage, b Body) (Stage, error) {
	switch from {
	case Raised:
		if b == BranchCommittee {
			return Proposed, nil
		}
		if b == TwoCommittees && s.MergeFirstSteps {
			return Deliberated, nil
		}
	case Proposed:
		if b == TwoCommittees {
			return Deliberated, nil
		}
	case Deliberated:
		if b == PartyAssembly || (b == PartyRepAssembly && s.PartyRepAssembly) {
			return Reviewed, nil
		}
	case Reviewed:
		if b == RepresentativeAssembly || b == VillagerAssembly {
			return Resolved, nil
		}
	}
	if from.Ended() {
		return "", ErrEnded
	}
	return "", fmt.Errorf("这件事项现处于「%s」，%s；%s不能推进它", from.Label(), s.Awaits(from), b.Label())
}

// BodiesFor returns the bodies whose meeting may take a matter at stage from to its next step.
func (s Settings) BodiesFor(from Stage) []Body {
	var out []Body
	for _, b := range MeetingBodies {
		if _, err := s.StepBy(from, b); err == nil {
			out = append(out, b)
		}
	}
	return out
}

// Awaits says in words what a matter at stage st waits for next: 待党员大会审议, 待张贴决议公告.
func (s Settings) Awaits(st Stage) string {
	switch st {
	case Raised:
		if s.MergeFirstSteps {
			return "待党支部委员会提议（或两委联席会议合并提议、商议）"
		}
		return "待党支部委员会提议"
	case Proposed:
		return "待两委联席会议商议"
	case Deliberated:
		if s.PartyRepAssembly {
			return "待党员大会（或党员代表会议）审议"
		}
		return "待党员大会审议"
	case Reviewed:
		return "待村民代表会议或村民会议决议"
	case Resolved:
		return "待张贴决议公告"
	case ResolutionPosted:
		return "待组织实施并验收"
	case Implemented:
		return "待公开实施结果"
	case ResultPosted:
		return "已办结"
	case Rejected:
		return "已否决"
	case Withdrawn:
		return "已撤回"
	}
	return ""
}

// Advance holds the vote of item n of meeting mt against the village's rule and, when it
// passed, records that matter m reached the step the meeting's body takes it to. A failed vote
// leaves the matter where it was and returns ErrNotPassed with the verdict.
func (s Settings) Advance(m *Matter, mt Meeting, n int) (Verdict, error) {
	it, ok := mt.Item(n)
	if !ok {
		return Verdict{}, fmt.Errorf("会议没有第 %d 项议题", n)
	}
	if it.Vote == nil {
		return Verdict{}, ErrNoVote
	}
	// The engine holds only counts that add up: whatever the screen or file that wrote them.
	if err := it.Vote.Validate(mt.Attendance); err != nil {
		return Verdict{}, fmt.Errorf("第 %d 项的表决记录有误，事项没有推进：%w", n, err)
	}
	if mt.Kind != Formal {
		return Verdict{}, errors.New("协商议事会只收集和协商意见，不能对四议两公开事项作出决定；请在相应组织的正式会议上表决")
	}
	to, err := s.StepBy(m.Stage(), mt.Body)
	if err != nil {
		return Verdict{}, err
	}
	d := s.ItemVerdict(mt, to, *it.Vote, m)
	if !d.Passed {
		return d, ErrNotPassed
	}
	on := DateOf(mt.Start)
	if to == Deliberated && m.Stage() == Raised {
		// The 一肩挑 merge: one meeting takes both first steps.
		m.History = append(m.History, Event{Stage: Proposed, On: on, By: &ItemRef{mt.ID, n}, Note: "提议、商议合并召开"})
	}
	m.History = append(m.History, Event{Stage: to, On: on, By: &ItemRef{mt.ID, n}})
	return d, nil
}

// MovedBy reports whether item n of meeting meetingID moved or ended matter m: whether an event
// of its history was made by that item.
func (m Matter) MovedBy(meetingID ID, n int) bool {
	for _, e := range m.History {
		if e.By != nil && *e.By == (ItemRef{meetingID, n}) {
			return true
		}
	}
	return false
}

// unwind returns the history of m without the events item n of meeting mt made at its end (the
// merged 提议 event and a 否决 included): the matter as it stood before that item's vote. An item
// whose events were followed by others (a notice posted, a later meeting's step) cannot be
// unwound.
func (m Matter) unwind(mt Meeting, n int) ([]Event, error) {
	by := ItemRef{mt.ID, n}
	k := len(m.History)
	for k > 0 && m.History[k-1].By != nil && *m.History[k-1].By == by {
		k--
	}
	for _, e := range m.History[:k] {
		if e.By != nil && *e.By == by {
			return nil, fmt.Errorf("这件事项在这次表决之后已经进入「%s」，不能再更改这次表决的结果；如需更正，请添加更正说明", m.Stage().Label())
		}
	}
	return m.History[:k:k], nil
}

// VoteStep returns the stage a passing vote of item n of meeting mt moves matter m to, as the
// engine sees it now: from the stage the matter stood at before that item's own events (when
// the item's vote moved or ended it already, a corrected vote starts again from there), by the
// meeting's body (StepBy). An error in plain words says why the vote cannot move the matter.
func (s Settings) VoteStep(m Matter, mt Meeting, n int) (Stage, error) {
	h, err := m.unwind(mt, n)
	if err != nil {
		return "", err
	}
	m.History = h
	return s.StepBy(m.Stage(), mt.Body)
}

// Revise holds the corrected vote of item n of meeting mt, whose earlier vote already moved or
// ended matter m: the matter's last events made by that item (the merged 提议 event and a 否决
// included) are removed, then the vote is held as Advance does. A passing vote moves the matter
// again; a failed one leaves it where it stood before the item's vote, and returns ErrNotPassed.
// An item that did not move the matter is simply advanced. When the engine refuses (the item's
// events were followed by others, or the step is no longer the body's), m is left as it was.
func (s Settings) Revise(m *Matter, mt Meeting, n int) (Verdict, error) {
	h, err := m.unwind(mt, n)
	if err != nil {
		return Verdict{}, err
	}
	was := m.History
	m.History = h
	d, err := s.Advance(m, mt, n)
	if err != nil && !errors.Is(err, ErrNotPassed) {
		m.History = was
	}
	return d, err
}

// RejectBy ends matter x as rejected by the failed vote of item n of meeting m, holding that vote
// as Advance does (the step it would take the matter to, the matter's stricter threshold at its
// deciding step). Only a quorate vote that did not pass may reject: a vote short of the quorum
// is void (ErrInquorateReject) and a vote that passed cannot reject (ErrPassedReject). When it
// refuses, x is left as it was.
func (s Settings) RejectBy(x *Matter, m Meeting, n int, note string) error {
	if x.Stage().Ended() {
		return ErrEnded
	}
	it, ok := m.Item(n)
	if !ok {
		return fmt.Errorf("会议没有第 %d 项议题", n)
	}
	if it.Vote == nil {
		return ErrNoVote
	}
	if err := it.Vote.Validate(m.Attendance); err != nil {
		return fmt.Errorf("第 %d 项的表决记录有误，不能据此否决事项：%w", n, err)
	}
	if m.Kind != Formal {
		return errors.New("协商议事会只收集和协商意见，不能否决四议两公开事项；请在相应组织的正式会议上表决")
	}
	step, err := s.VoteStep(*x, m, n)
	if err != nil {
		step = it.Step
	}
	d := s.ItemVerdict(m, step, *it.Vote, x)
	if !d.Quorate {
		return ErrInquorateReject
	}
	if d.Passed {
		return ErrPassedReject
	}
	return Reject(x, m, n, note)
}

// Reject ends matter m as rejected after a failed vote at item n of meeting mt.
func Reject(m *Matter, mt Meeting, n int, note string) error {
	if m.Stage().Ended() {
		return ErrEnded
	}
	m.History = append(m.History, Event{Stage: Rejected, On: DateOf(mt.Start), By: &ItemRef{mt.ID, n}, Note: note})
	return nil
}

// Withdraw ends matter m as withdrawn on the given day, for the reason given.
func Withdraw(m *Matter, on Date, reason string) error {
	if m.Stage().Ended() {
		return ErrEnded
	}
	if reason == "" {
		return errors.New("撤回事项须写明理由")
	}
	m.History = append(m.History, Event{Stage: Withdrawn, On: on, Note: reason})
	return nil
}

// SetThreshold sets the matter's own passing threshold for its deciding vote (决议), stricter
// than the body's rule, with its basis; nil clears it. It may change only until the matter is
// resolved: a vote taken keeps the threshold it was held against.
func SetThreshold(m *Matter, t *Threshold, basis string) error {
	if m.Stage().Ended() {
		return ErrEnded
	}
	if _, ok := m.Reached(Resolved); ok {
		return errors.New("这件事项已经表决形成决议，特别通过比例不能再改：表决按当时的比例计算")
	}
	if t == nil {
		m.Threshold, m.ThresholdBasis = nil, ""
		return nil
	}
	if !t.Valid() {
		return errors.New("特别通过比例无效：请选一个介于 0 和 1 之间的比例")
	}
	if strings.TrimSpace(basis) == "" {
		return errors.New("请写明特别通过比例的依据，如「村规民约第十二条」或「土地承包法第二十八条」")
	}
	tt := *t
	m.Threshold, m.ThresholdBasis = &tt, strings.TrimSpace(basis)
	return nil
}

// Post records that notice n was posted for matter m: a resolution notice moves a resolved matter
// to 决议公开, a result notice moves an implemented matter to 实施结果公开. A posting shorter than
// the village's minimum is refused.
func (s Settings) Post(m *Matter, n Notice) error {
	if n.MatterID != m.ID {
		return errors.New("公告不属于这件事项")
	}
	if len(n.Postings) == 0 {
		return errors.New("请先登记公告张贴的地点和起止日期")
	}
	p := n.Postings[0]
	if err := s.CheckPosting(p); err != nil {
		return err
	}
	want, to := noticeStages(n.Kind)
	if m.Stage() != want {
		return fmt.Errorf("这件事项现处于「%s」，%s；不能张贴%s", m.Stage().Label(), s.Awaits(m.Stage()), n.Kind.Label())
	}
	m.History = append(m.History, Event{Stage: to, On: p.From, NoticeID: n.ID})
	return nil
}

// noticeStages returns the stage a matter must stand at for a notice of kind k to be posted, and
// the stage the posting moves it to.
func noticeStages(k NoticeKind) (want, to Stage) {
	if k == ResultNotice {
		return Implemented, ResultPosted
	}
	return Resolved, ResolutionPosted
}

// AwaitedNotice returns the kind of notice matter x waits for: the kind whose posting would move
// it on (a resolution notice for a resolved matter, a result notice for an implemented one). An
// error in plain words says so when it awaits none.
func (s Settings) AwaitedNotice(x Matter) (NoticeKind, error) {
	for _, k := range []NoticeKind{ResolutionNotice, ResultNotice} {
		if want, _ := noticeStages(k); x.Stage() == want {
			return k, nil
		}
	}
	return "", fmt.Errorf("这件事项现处于「%s」，%s；现在没有要张贴的公告", x.Stage().Label(), s.Awaits(x.Stage()))
}

// CheckPosting refuses a posting whose dates are out of order or whose period is shorter than
// the minimum in force on its first day (PostingDays).
func (s Settings) CheckPosting(p Posting) error {
	if p.From.IsZero() || p.To.IsZero() {
		return errors.New("请填写公示的起止日期")
	}
	if p.To.Before(p.From) {
		return errors.New("公示结束日期早于开始日期，请检查")
	}
	if n, basis := s.PostingDays(p.From); p.Days() < n {
		return fmt.Errorf("公示期 %s，短于规定的 %d 天（%s）；请把结束日期延到 %s 或以后", p.Range(), n, basis,
			s.PostingEnd(p.From))
	}
	return nil
}

// Complete records that a posted resolution has been carried out: work completed and accepted.
func Complete(m *Matter, impl Implementation) error {
	if m.Stage() != ResolutionPosted {
		return fmt.Errorf("这件事项现处于「%s」，决议公告张贴后才能登记实施完成", m.Stage().Label())
	}
	if impl.Completed.IsZero() {
		return errors.New("请填写完成日期")
	}
	if err := impl.Validate(); err != nil {
		return err
	}
	m.Implementation = &impl
	m.History = append(m.History, Event{Stage: Implemented, On: impl.Completed})
	return nil
}

// Strip tells, for each of StripStages, whether matter m has reached it.
func (m Matter) Strip() []bool {
	done := make([]bool, len(StripStages))
	for i, s := range StripStages {
		_, done[i] = m.Reached(s)
	}
	return done
}

// Waiting says since when matter m has waited for its next step (the day of its last step, the
// day it was raised before any), how many days that is as of today, and whether it waits at
// all: a matter whose result is posted, rejected or withdrawn waits for nothing.
func (m Matter) Waiting(today Date) (since Date, days int, waits bool) {
	since = m.Created
	if n := len(m.History); n > 0 {
		since = m.History[n-1].On
	}
	if m.Stage().Ended() || since.IsZero() {
		return since, 0, false
	}
	return since, max(today.Sub(since), 0), true
}
