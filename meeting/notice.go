package meeting

import (
	"errors"
	"fmt"
	"reflect"
)

// TitleFor is the title of notice n for matter m: its own, or 关于<matter>的决议公告 /
// 关于<matter>的实施结果公告.
func (n Notice) TitleFor(m Matter) string {
	if n.Title != "" {
		return n.Title
	}
	return "关于" + m.Title + "的" + n.Kind.Label()
}

// Discloses is the stage whose outcome a notice of kind k discloses (决议 for a resolution
// notice, 实施 for a result notice) and the stage its posting moves the matter to.
func (k NoticeKind) Discloses() (disclosed, posted Stage) {
	if k == ResultNotice {
		return Implemented, ResultPosted
	}
	return Resolved, ResolutionPosted
}

// NoticeHistory returns the history of matter m as notice n states it: every event up to and
// including the notice's own event, the one whose NoticeID is n.ID, which its posting added.
// When the matter has no such event yet (the notice is being sealed or printed before its
// posting is recorded), it is the history up to and including the last event at the stage the
// notice discloses, followed by the event posting it will add: the posted stage, on the first
// posting's first day, by the notice. So a notice states the same history before and after it
// is posted, and nothing that happens to the matter afterwards.
func NoticeHistory(n Notice, m Matter) []Event {
	for i, e := range m.History {
		if e.NoticeID != 0 && e.NoticeID == n.ID {
			return m.History[: i+1 : i+1]
		}
	}
	disclosed, posted := n.Kind.Discloses()
	end := len(m.History)
	for i := len(m.History) - 1; i >= 0; i-- {
		if m.History[i].Stage == disclosed {
			end = i + 1
			break
		}
	}
	out := make([]Event, end, end+1)
	copy(out, m.History[:end])
	own := Event{Stage: posted, NoticeID: n.ID}
	if len(n.Postings) > 0 {
		own.On = n.Postings[0].From
	}
	return append(out, own)
}

// SealNotice sets n.Seal to the seal of what the notice states when it is posted: the lowercase
// hex SHA-256 of its canonical form, which is these lines, each ended by "\n":
//
//  1. the JSON (encoding/json) of n as stated: Seal "", Objections nil (objections come after
//     posting) and Postings cut to the first (further places it is posted come later too);
//  2. the JSON of an object with the matter's "id", "title" and "amount"; for a resolution
//     notice without Text of its own, "plan", the matter's implementation plan it then states;
//     for a result notice, "implementation", the matter's Implementation;
//  3. the JSON of each event of NoticeHistory(n, m), in order: the history up to and including
//     the notice's own posting, never what happened to the matter later;
//  4. for each of those events moved by a meeting's vote (By set), in the same order, the JSON
//     string of that meeting's seal in meetings ("" when meetings lacks it): the sealed minutes
//     behind each step, so a notice cannot be kept while the records it rests on change.
//
// Every date of these records is a Date, a calendar day in Beijing time, so the seal does not
// depend on the zone of the machine. Seal the notice once its ID is allocated and its first
// posting (where, from, to) is filled in: sealing before or after Settings.Post gives the same
// seal. The form is part of the archive: any change to it, or to the JSON of Notice, Matter's
// stated fields, Event or Implementation, changes every notice's seal.
func SealNotice(n *Notice, m Matter, meetings map[ID]Meeting) {
	n.Seal = noticeSeal(*n, m, meetings)
}

// VerifyNotice reports whether notice n carries a seal that matches what it states of matter m
// and of the sealed meetings behind it.
func VerifyNotice(n Notice, m Matter, meetings map[ID]Meeting) bool {
	return n.Seal != "" && noticeSeal(n, m, meetings) == n.Seal
}

// NoticeReady refuses to post notice n of matter m while a meeting its seal covers is not final:
// each meeting behind an event of NoticeHistory(n, m) (Event.By) must be in meetings and sealed.
// A draft's seal is "" and sealing it later would change what the notice states, so the posted
// notice would no longer verify. The refusal names the first such meeting in plain words.
func NoticeReady(n Notice, m Matter, meetings map[ID]Meeting) error {
	for _, e := range NoticeHistory(n, m) {
		if e.By == nil {
			continue
		}
		mt, ok := meetings[e.By.MeetingID]
		if !ok {
			return fmt.Errorf("找不到第 %d 号会议的记录，不能张贴公告：公告要引用定稿的记录", e.By.MeetingID)
		}
		if mt.Status != Final || mt.Seal == "" {
			return fmt.Errorf("请先把第 %d 号会议（%s）定稿封存，再张贴公告：公告要引用定稿的记录", mt.ID, meetingLabel(mt))
		}
	}
	return nil
}

// meetingLabel names a meeting in a sentence: its body or form, then the day it began, as in
// 党员大会，2026-09-23.
func meetingLabel(mt Meeting) string {
	label := mt.Form
	if mt.Kind == Formal || label == "" {
		label = mt.Body.Label()
	}
	if label == "" {
		label = mt.Title
	}
	if mt.Start.IsZero() {
		return label
	}
	if label == "" {
		return DateOf(mt.Start).String()
	}
	return label + "，" + DateOf(mt.Start).String()
}

// noticeStated is the matter as a notice states it: line 2 of the canonical form.
type noticeStated struct {
	ID             ID              `json:"id"`
	Title          string          `json:"title"`
	Amount         Money           `json:"amount"`
	Plan           string          `json:"plan,omitempty"`
	Implementation *Implementation `json:"implementation,omitempty"`
}

func noticeSeal(n Notice, m Matter, meetings map[ID]Meeting) string {
	history := NoticeHistory(n, m)
	n.Seal = ""
	n.Objections = nil
	if len(n.Postings) > 1 {
		n.Postings = n.Postings[:1]
	}
	stated := noticeStated{ID: m.ID, Title: m.Title, Amount: m.Amount}
	if m.Implementation != nil {
		switch {
		case n.Kind == ResultNotice:
			stated.Implementation = m.Implementation
		case n.Text == "":
			stated.Plan = m.Implementation.Plan
		}
	}

	h := newSealHash()
	h.line(n)
	h.line(stated)
	for _, e := range history {
		h.line(e)
	}
	for _, e := range history {
		if e.By != nil {
			h.line(meetings[e.By.MeetingID].Seal)
		}
	}
	return h.sum()
}

// ErrPosted is returned when a change is asked of what a posted notice states.
var ErrPosted = errors.New("这份公告已经张贴并封存，所说的内容不能再改：可以登记新的张贴处、异议和答复，或补上监委签署；要更正，请另出一份公告")

// NoticeChange tells whether notice old, as stored, may be written as n. A notice not yet posted
// (no seal) may change freely. Once posted, what it states stays as it is (ErrPosted): only
// further places it is posted (Postings after the first), new objections and the answers to
// objections may be added, and the supervision committee's sign-off added once where there was
// none (the notice is then sealed again over it, SealNotice).
func NoticeChange(old, n Notice) error {
	if old.Seal == "" {
		return nil
	}
	if len(n.Objections) < len(old.Objections) {
		return ErrPosted
	}
	for i, o := range old.Objections {
		if x := n.Objections[i]; x.On != o.On || x.From != o.From || x.Text != o.Text {
			return ErrPosted
		}
	}
	if len(n.Postings) < len(old.Postings) || len(old.Postings) > 0 && n.Postings[0] != old.Postings[0] {
		return ErrPosted
	}
	stated := func(x Notice, signed bool) Notice {
		x.Objections, x.Postings, x.Seal = nil, nil, ""
		if !signed {
			x.Supervision = nil
		}
		return x
	}
	signed := old.Supervision != nil
	if !reflect.DeepEqual(stated(old, signed), stated(n, signed)) {
		return ErrPosted
	}
	if resigned := !signed && n.Supervision != nil; !resigned && n.Seal != old.Seal {
		return ErrPosted
	}
	return nil
}
