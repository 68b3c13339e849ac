package core

import (
	"yishi/meeting"
	"yishi/storage"
)

// StepMeetings are the meetings a matter's trail refers to (its origin and the meetings whose
// votes moved it), read through get: what a notice's seal and its export draw on.
func StepMeetings(x meeting.Matter, get func(meeting.ID) (meeting.Meeting, error)) (map[meeting.ID]meeting.Meeting, error) {
	out := map[meeting.ID]meeting.Meeting{}
	add := func(r *meeting.ItemRef) error {
		if r == nil {
			return nil
		}
		if _, ok := out[r.MeetingID]; ok {
			return nil
		}
		mt, err := get(r.MeetingID)
		if err != nil {
			return err
		}
		out[mt.ID] = mt
		return nil
	}
	if err := add(x.Origin); err != nil {
		return nil, err
	}
	for _, e := range x.History {
		if err := add(e.By); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PutNotice writes a notice of matter x inside a transaction, sealed again over what it states
// (its own text, first posting and sign-off, the matter's history up to its posting, the seals
// of the minutes behind each step): a sign-off given after issue is part of what it states.
func PutNotice(tx *storage.Tx, n *meeting.Notice, x meeting.Matter) error {
	ms, err := StepMeetings(x, tx.Meeting)
	if err != nil {
		return err
	}
	meeting.SealNotice(n, x, ms)
	return tx.PutNotice(n)
}
