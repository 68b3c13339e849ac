package core

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"yishi/meeting"
	"yishi/storage"
)

// The writes the faces make, as named operations. Each is one transaction, asks the domain
// (meeting/) whether the change is allowed before it writes, and writes nothing when it is not.
// The screens and the command line call these; neither builds a transaction of its own.

// ErrUnsavedDraft refuses to seal over a draft the recorder was not shown (one written after the
// closing screen read it).
var ErrUnsavedDraft = errors.New("记录界面还有一句没记下的发言（打开散会界面之后才存下）：请按 Esc 回去把它记下，再来封存")

// ErrChangedMeanwhile refuses a change to a record that was changed since the screen read it.
var ErrChangedMeanwhile = errors.New("这条记录刚被改过，请按 Esc 返回后重新打开")

// RecordStatement writes a statement typed at a meeting (a new one, or the correction of the one
// with st.ID) and drops the meeting's draft, in one transaction: one synced commit per statement.
// A guest speaker not yet remembered (ID 0) is written first and st names them; on an error the
// guest's ID is 0 again.
func RecordStatement(s Store, st *meeting.Statement, guest *meeting.Person) error {
	if err := st.Validate(); err != nil {
		return err
	}
	was := *st
	newGuest := guest != nil && guest.ID == 0
	err := s.Update(func(tx *storage.Tx) error {
		*st = was
		if guest != nil && guest.ID == 0 {
			if err := tx.PutPerson(guest); err != nil {
				return err
			}
		}
		if guest != nil {
			st.Speaker.PersonID = guest.ID
		}
		if st.ID != 0 {
			if err := tx.PutStatement(*st); err != nil {
				return err
			}
		} else if err := tx.AppendStatement(st); err != nil {
			return err
		}
		return tx.DeleteDraft(st.MeetingID)
	})
	if err != nil {
		*st = was
		if newGuest {
			guest.ID = 0 // the ID the rolled-back transaction gave them
		}
	}
	return err
}

// SaveDraft keeps the half-typed statement of a meeting; an empty one is kept as none.
func SaveDraft(s Store, d meeting.StatementDraft) error {
	if d.Empty() {
		return s.DeleteDraft(d.MeetingID)
	}
	return s.PutDraft(d)
}

// DeleteStatement removes a statement of a meeting still being recorded.
func DeleteStatement(s Store, meetingID, id meeting.ID) error {
	return s.DeleteStatement(meetingID, id)
}

// AddItem adds an agenda item of that title after the last one of the meeting as stored, and
// returns the meeting as written.
func AddItem(s Store, id meeting.ID, title string) (meeting.Meeting, error) {
	var m meeting.Meeting
	err := s.Update(func(tx *storage.Tx) error {
		var err error
		if m, err = tx.Meeting(id); err != nil {
			return err
		}
		n := 0
		for _, it := range m.Items {
			n = max(n, it.N)
		}
		m.Items = append(m.Items, meeting.Item{N: n + 1, Title: title})
		if err := m.Validate(); err != nil {
			return err
		}
		return tx.PutMeeting(&m)
	})
	return m, err
}

// TakeRoll writes a meeting's attendance as marked so far.
func TakeRoll(s Store, m *meeting.Meeting, a meeting.Attendance) error {
	x := *m
	x.Attendance = a
	if err := s.PutMeeting(&x); err != nil {
		return err
	}
	*m = x
	return nil
}

// OpenMeeting writes a new meeting and makes it the one being recorded (reopened at start), in
// one transaction; m gets its ID.
func OpenMeeting(s Store, m *meeting.Meeting) error {
	if err := m.Validate(); err != nil {
		return err
	}
	x := *m
	err := s.Update(func(tx *storage.Tx) error {
		x = *m
		x.ID = 0
		if err := tx.PutMeeting(&x); err != nil {
			return err
		}
		return tx.SetCurrent(x.ID)
	})
	if err == nil {
		*m = x
	}
	return err
}

// Resume makes meeting id the one reopened at start; Leave (id 0) stops reopening any.
func Resume(s Store, id meeting.ID) error { return s.SetCurrent(id) }

// Leave stops reopening a meeting at start: the recorder left it on purpose.
func Leave(s Store) error { return s.SetCurrent(0) }

// SealMeeting writes meeting m as final, ended at end, sealed at now and chained to the village's
// previous seal; stops reopening it at start; and drops its draft, the one shown (nil for none),
// which the recorder chose to drop: one transaction. The statements sealed are read in it, so
// the transaction can run again after a conflict. A draft saved since it was shown refuses
// (ErrUnsavedDraft).
func SealMeeting(s Store, m meeting.Meeting, end time.Time, shown *meeting.StatementDraft, now time.Time) (meeting.Meeting, error) {
	var out meeting.Meeting
	err := s.Update(func(tx *storage.Tx) error {
		out = m
		out.End = end
		d, has, err := tx.Draft(out.ID)
		if err != nil {
			return err
		}
		if has && strings.TrimSpace(d.Text) != "" && (shown == nil || d.Text != shown.Text) {
			return ErrUnsavedDraft
		}
		stmts, err := tx.Statements(out.ID)
		if err != nil {
			return err
		}
		prev, err := tx.PrevSeal(out.VillageID)
		if err != nil {
			return err
		}
		if err := out.SealWith(stmts, prev, now); err != nil {
			return err
		}
		if err := tx.PutMeeting(&out); err != nil {
			return err
		}
		if err := tx.DeleteDraft(out.ID); err != nil {
			return err
		}
		return tx.SetCurrent(0)
	})
	return out, err
}

// Amend adds a correction to a sealed meeting's record; the record itself does not change.
func Amend(s Store, a *meeting.Amendment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.PutAmendment(a)
}

// VoteOutcome is what a recorded vote did to its matter.
type VoteOutcome struct {
	Matter   *meeting.Matter // the matter as written; nil when the item has none
	Was      meeting.Stage   // the matter's stage before the vote
	Moved    bool            // the vote moved the matter on
	Rejected bool            // the vote ended the matter as rejected
}

// RecordVote writes meeting m, whose item n carries the vote taken, and through the engine moves
// or ends the item's matter: one transaction. A vote without quorum is recorded and moves nothing.
// A corrected vote on an item whose earlier vote already moved or ended the matter is held again
// by Settings.Revise, which first takes back what the earlier vote did; any other by
// Settings.Advance. A vote that fails rejects the matter only when reject is asked, and only if
// the vote was valid (Settings.RejectBy).
func RecordVote(s Store, set meeting.Settings, m meeting.Meeting, n int, reject bool) (VoteOutcome, error) {
	var out VoteOutcome
	it, ok := m.Item(n)
	if !ok || it.Vote == nil {
		return out, fmt.Errorf("会议没有第 %d 项议题的表决", n)
	}
	err := s.Update(func(tx *storage.Tx) error {
		out = VoteOutcome{}
		if it.MatterID == 0 {
			return tx.PutMeeting(&m)
		}
		x, err := tx.Matter(it.MatterID)
		if err != nil {
			return err
		}
		if err := tx.PutMeeting(&m); err != nil {
			return err
		}
		out.Was = x.Stage()
		hold := set.Advance
		revise := x.MovedBy(m.ID, n)
		if revise {
			hold = set.Revise
		}
		switch _, err := hold(&x, m, n); {
		case err == nil:
			out.Moved = true
		case errors.Is(err, meeting.ErrNotPassed) && reject:
			if err := set.RejectBy(&x, m, n, "表决未通过"); err != nil {
				return err
			}
			out.Rejected = true
		case errors.Is(err, meeting.ErrNotPassed) && revise:
		case errors.Is(err, meeting.ErrNotPassed):
			return nil // the matter stays where it was
		default:
			return err
		}
		out.Matter = &x
		return tx.PutMatter(&x)
	})
	return out, err
}

// FinishAssignment records an assignment's result and feedback (meeting.Assignment.Finish),
// refusing if it changed since was was read.
func FinishAssignment(s Store, was meeting.Assignment, done meeting.Date, result, feedback string, fedBack, today meeting.Date) error {
	probe := was
	if err := probe.Finish(done, result, feedback, fedBack, today); err != nil {
		return err
	}
	return s.Update(func(tx *storage.Tx) error {
		cur, err := tx.Assignment(was.ID)
		if err != nil {
			return err
		}
		if cur.Done != was.Done || cur.Result != was.Result || cur.Feedback != was.Feedback || cur.FedBack != was.FedBack {
			return fmt.Errorf("这件交办事项刚被改过，请按 Esc 返回后重新打开")
		}
		if err := cur.Finish(done, result, feedback, fedBack, today); err != nil {
			return err
		}
		return tx.PutAssignment(&cur)
	})
}

// SaveMatter writes a matter the engine changed (meeting.SetThreshold, Withdraw, an
// implementation record), once it validates.
func SaveMatter(s Store, x *meeting.Matter) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.Update(func(tx *storage.Tx) error { return tx.PutMatter(x) })
}

// PostNotice issues notice n of its matter and moves the matter through the engine
// (Settings.Post), in one transaction; it is asked first over the matter and the meetings as
// they are now (meeting.NoticeReady: a draft among the meetings behind a step would be sealed
// later and the posted notice would no longer verify). It returns the matter as written.
func PostNotice(s Store, set meeting.Settings, n meeting.Notice) (meeting.Matter, error) {
	var x meeting.Matter
	err := s.Update(func(tx *storage.Tx) error {
		var err error
		if x, err = tx.Matter(n.MatterID); err != nil {
			return err
		}
		// Asked first over a copy, so a refusal writes nothing.
		y := x
		y.History = slices.Clone(x.History)
		if err := set.Post(&y, n); err != nil {
			return err
		}
		if err := y.Validate(); err != nil {
			return err
		}
		// The notice's seal covers the seals of the meetings behind each step: a draft among
		// them would be sealed later and the posted notice would no longer verify.
		ms, err := StepMeetings(x, tx.Meeting)
		if err != nil {
			return err
		}
		if err := meeting.NoticeReady(n, x, ms); err != nil {
			return err
		}
		// The notice's ID is allocated first, so the matter's history can name it; then it is
		// sealed over the record.
		n := n
		n.ID = 0
		if err := tx.PutNotice(&n); err != nil {
			return err
		}
		if err := set.Post(&x, n); err != nil {
			return err
		}
		if err := PutNotice(tx, &n, x); err != nil {
			return err
		}
		return tx.PutMatter(&x)
	})
	return x, err
}

// ChangeNotice changes a notice in one transaction: it reads the notice afresh, applies change,
// validates it, seals it again over its matter's record and writes it.
func ChangeNotice(s Store, id meeting.ID, change func(n *meeting.Notice) error) error {
	return s.Update(func(tx *storage.Tx) error {
		n, err := tx.Notice(id)
		if err != nil {
			return err
		}
		if err := change(&n); err != nil {
			return err
		}
		if err := n.Validate(); err != nil {
			return err
		}
		x, err := tx.Matter(n.MatterID)
		if err != nil {
			return err
		}
		return PutNotice(tx, &n, x)
	})
}

// RecordOutcome concludes item n of a consultation meeting with out: and, as out says, writes
// the assignment it makes (asg) or the matter it opens for 四议两公开 (x) first, linking them; the
// raiser named is kept on the item. One transaction; an item concluded meanwhile refuses
// (meeting.ErrHasOutcome).
func RecordOutcome(s Store, meetingID meeting.ID, n int, out meeting.Outcome, asg *meeting.Assignment, x *meeting.Matter, raiser *meeting.Ref) error {
	if x != nil {
		if err := x.Validate(); err != nil {
			return err
		}
	}
	return s.Update(func(tx *storage.Tx) error {
		m, err := tx.Meeting(meetingID)
		if err != nil {
			return err
		}
		if it, ok := m.Item(n); !ok {
			return fmt.Errorf("会议没有第 %d 项议题", n)
		} else if it.Outcome != nil {
			return meeting.ErrHasOutcome
		}
		out := out
		if asg != nil {
			if err := tx.PutAssignment(asg); err != nil {
				return err
			}
			out.AssignmentID = asg.ID
		}
		if x != nil {
			if err := tx.PutMatter(x); err != nil {
				return err
			}
			out.MatterID = x.ID
		}
		for i := range m.Items {
			if m.Items[i].N == n {
				if err := m.Items[i].Conclude(out); err != nil {
					return err
				}
				m.Items[i].RaisedBy = raiser
			}
		}
		return tx.PutMeeting(&m)
	})
}

// SaveVillage stores a village's figures and settings in one transaction, over the village as
// stored; v becomes the village as written.
func SaveVillage(s Store, v *meeting.Village) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return s.Update(func(tx *storage.Tx) error {
		cur, err := tx.Village(v.ID)
		if err != nil {
			return err
		}
		cur.Households, cur.Adults, cur.Settings = v.Households, v.Adults, v.Settings
		if err := tx.PutVillage(&cur); err != nil {
			return err
		}
		*v = cur
		return nil
	})
}

// CreateVillage writes a new village and its roster in one transaction; v gets its ID.
func CreateVillage(s Store, v *meeting.Village, people []meeting.Person) error {
	if err := v.Validate(); err != nil {
		return err
	}
	x := *v
	err := s.Update(func(tx *storage.Tx) error {
		x = *v
		if err := tx.PutVillage(&x); err != nil {
			return err
		}
		for i := range people {
			p := people[i]
			p.ID, p.VillageID = 0, x.ID
			if err := tx.PutPerson(&p); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		*v = x
	}
	return err
}

// SavePerson writes a person of the roster typed by hand, once the domain accepts them.
func SavePerson(s Store, p *meeting.Person) error {
	if err := p.ValidateNew(); err != nil {
		return err
	}
	return s.PutPerson(p)
}
