package meeting

import "time"

// StatementDraft is the half-typed statement of a meeting being recorded, saved as it is typed
// so that a closed lid or a killed program loses nothing: on reopening, the recorder finds the
// speaker, kind and text where they left them. A meeting has at most one. It is working state,
// not a record: it is not part of the interchange Archive.
//
// (Draft, the name one would expect, is taken by the Status of minutes not yet final.)
type StatementDraft struct {
	MeetingID ID            `json:"meeting_id"`
	Item      int           `json:"item"`
	Speaker   Ref           `json:"speaker"`
	Kind      StatementKind `json:"kind,omitempty"`
	Text      string        `json:"text"`
	// Editing is the statement being edited, 0 when the text is a new statement.
	Editing ID `json:"editing,omitempty"`
	// Step is which step of the screen the recorder was on: free text, owned by the app.
	Step    string    `json:"step,omitempty"`
	Updated time.Time `json:"updated,omitzero"`
}

// Empty reports whether the draft holds nothing to keep: no text, and no correction under way.
// An empty draft is the same as none, and is stored as none.
func (d StatementDraft) Empty() bool { return d.Text == "" && d.Editing == 0 }
