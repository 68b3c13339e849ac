package meeting

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"reflect"
	"slices"
	"time"
)

// Errors of sealed records. Their text is shown to users as it is.
var (
	// ErrSealed is returned when a change is asked of a sealed (final) meeting record.
	ErrSealed = errors.New("这次会议的记录已定稿封存，不能再修改；如需更正，请添加更正说明")
	// ErrNotSealed is returned when an amendment is asked of a meeting record still in draft.
	ErrNotSealed = errors.New("会议记录还是草稿，可以直接修改，不需要更正说明")
)

// Editable returns ErrSealed when the meeting's record is final: its header, agenda and
// statements may no longer change, only be amended.
func (m Meeting) Editable() error {
	if m.Status == Final {
		return ErrSealed
	}
	return nil
}

// Amendable returns ErrNotSealed unless the meeting's record is final: amendments correct sealed
// records; a draft is simply edited.
func (m Meeting) Amendable() error {
	if m.Status != Final {
		return ErrNotSealed
	}
	return nil
}

// SealOf returns the seal of meeting m: the lowercase hex SHA-256 of its canonical form, which is
// these lines, each ended by "\n":
//
//  1. the JSON (encoding/json) of m as sealed: Status "final", Seal "", SealedAt as it is;
//  2. the JSON of each statement of stmts whose MeetingID is m's, in ID order (statements of
//     other meetings are left out);
//  3. prev: the seal of the village's meeting sealed before m ("" for the first), which chains
//     the seals of a village so that no sealed record can be dropped or replaced unnoticed.
//
// Every non-zero time (Start, End, SealedAt, a vote's At, a statement's At) is written in
// Beijing time, so a time with another zone, or read back from the store with an unnamed
// "+08:00" zone, gives the same seal; a zero time stays the zero time. JSON writes no raw
// newline, so the lines cannot run into each other. The form is part of the archive: any change
// to it, or to the JSON of Meeting or Statement, changes every seal.
func SealOf(m Meeting, stmts []Statement, prev string) string {
	m.Status = Final
	m.Seal = ""
	m.Start, m.End, m.SealedAt = inBeijing(m.Start), inBeijing(m.End), inBeijing(m.SealedAt)
	if m.Items != nil {
		items := make([]Item, len(m.Items))
		for i, it := range m.Items {
			if it.Vote != nil {
				v := *it.Vote
				v.At = inBeijing(v.At)
				it.Vote = &v
			}
			items[i] = it
		}
		m.Items = items
	}
	var own []Statement
	for _, st := range stmts {
		if st.MeetingID == m.ID {
			st.At = inBeijing(st.At)
			own = append(own, st)
		}
	}
	slices.SortStableFunc(own, func(a, b Statement) int { return cmp.Compare(a.ID, b.ID) })

	h := newSealHash()
	h.line(m)
	for _, st := range own {
		h.line(st)
	}
	h.Write([]byte(prev))
	h.Write([]byte{'\n'})
	return h.sum()
}

// sealHash hashes the canonical form of a seal (SealOf, SealNotice): lines of JSON, each ended
// by "\n".
type sealHash struct{ hash.Hash }

func newSealHash() sealHash { return sealHash{sha256.New()} }

// line writes the JSON of v as a line, with every ID reduced to its local number (see id.go), so
// that a record has the same seal in every archive its village is copied into and the seals of
// an archive from before IDs had spaces still hold. Only a time outside years 0-9999 fails to
// marshal, and such a record cannot be stored either: the error is hashed instead, so the seal
// never matches.
func (h sealHash) line(v any) {
	js, err := json.Marshal(localized(reflect.ValueOf(v)).Interface())
	if err != nil {
		js = []byte(fmt.Sprintf("unsealable: %v", err))
	}
	h.Write(js)
	h.Write([]byte{'\n'})
}

// sum is the seal: the lowercase hex of the hash.
func (h sealHash) sum() string { return hex.EncodeToString(h.Sum(nil)) }

// inBeijing returns t in Beijing time, and the zero time as it is.
func inBeijing(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.In(Beijing)
}

// SealWith makes the meeting's record final: it sets Status to Final, SealedAt to at (in Beijing
// time) and Seal to SealOf the meeting with its statements stmts and prev, the seal of the
// village's previously sealed meeting ("" for the first). A consultation's attendance is first
// completed with the people its record shows were there (CountSpeakers). It refuses a record already final
// (ErrSealed), one without its closing time, and one that does not validate; m is then left as
// it was.
func (m *Meeting) SealWith(stmts []Statement, prev string, at time.Time) error {
	if err := m.Editable(); err != nil {
		return err
	}
	if m.End.IsZero() {
		return errors.New("请先填写散会时间")
	}
	sealed := *m
	sealed.CountSpeakers(stmts)
	if err := sealed.Validate(); err != nil {
		return fmt.Errorf("会议记录还有问题，改正后才能定稿：%w", err)
	}
	sealed.Status = Final
	sealed.SealedAt = at.In(Beijing)
	sealed.Seal = SealOf(sealed, stmts, prev)
	*m = sealed
	return nil
}

// VerifySeal reports whether m is a final record whose seal matches its content, its statements
// stmts and prev, the seal of the village's meeting sealed before it.
func VerifySeal(m Meeting, stmts []Statement, prev string) bool {
	return m.Status == Final && m.Seal != "" && SealOf(m, stmts, prev) == m.Seal
}

// LastSealed returns the meeting of ms sealed last: the final one with the latest SealedAt, the
// larger ID among equal times. Its seal is the prev of the next meeting of the village to be
// sealed. The second result is false when no meeting of ms is final.
func LastSealed(ms []Meeting) (Meeting, bool) {
	var last Meeting
	found := false
	for _, m := range ms {
		if m.Status != Final {
			continue
		}
		if !found || m.SealedAt.After(last.SealedAt) || (m.SealedAt.Equal(last.SealedAt) && m.ID > last.ID) {
			last, found = m, true
		}
	}
	return last, found
}
