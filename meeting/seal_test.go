package meeting

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

// bj returns a moment of 2026-11-20 in Beijing time.
func bj(hour, min int) time.Time { return time.Date(2026, 11, 20, hour, min, 0, 0, Beijing) }

// sealable returns a formal meeting ready to be sealed, with its statements and one statement of
// another meeting mixed in.
func sealable() (Meeting, []Statement) {
	m := formal(7, TwoCommittees, NewDate(2026, 11, 20), 7, 6, 5)
	m.VillageID = 1
	m.End = bj(21, 5)
	m.Items[0].Vote.At = bj(20, 50)
	m.Items[0].Vote.Noes = 1
	stmts := []Statement{
		{ID: 12, MeetingID: 7, Item: 1, Speaker: Ref{PersonID: 1, Name: "金昌义"}, At: bj(19, 40), Kind: Answer, Text: "电脑今年买一台。"},
		{ID: 9, MeetingID: 7, Item: 1, Speaker: Ref{Name: "王大爷"}, At: bj(19, 35), Kind: Opinion, Text: "服务中心要添一台电脑、一套音响。"},
		{ID: 10, MeetingID: 8, Item: 1, Speaker: Ref{Name: "别的会"}, At: bj(19, 36), Kind: Concern, Text: "不属于这次会议"},
	}
	return m, stmts
}

func TestSealAndVerify(t *testing.T) {
	m, stmts := sealable()
	if err := m.SealWith(stmts, "", bj(21, 15)); err != nil {
		t.Fatal(err)
	}
	if m.Status != Final || !m.SealedAt.Equal(bj(21, 15)) || m.SealedAt.Location() != Beijing {
		t.Errorf("after sealing: status %s, sealed at %v", m.Status, m.SealedAt)
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(m.Seal) {
		t.Fatalf("seal %q is not lowercase hex SHA-256", m.Seal)
	}
	if !VerifySeal(m, stmts, "") {
		t.Fatal("a freshly sealed meeting does not verify")
	}
	// The seal is over the meeting's own statements, in ID order, whatever order they come in
	// and whatever else comes with them.
	reordered := []Statement{stmts[0], stmts[2], stmts[1]}
	if !VerifySeal(m, reordered, "") || !VerifySeal(m, stmts[:2], "") {
		t.Error("the seal depends on the order of the statements or on another meeting's")
	}
	// Sealing at a time given in another zone seals the same instant in Beijing time.
	u, _ := sealable()
	if err := u.SealWith(stmts, "", bj(21, 15).UTC()); err != nil {
		t.Fatal(err)
	}
	if u.Seal != m.Seal || u.SealedAt.Location() != Beijing {
		t.Errorf("sealing at the same instant in UTC gave %s, %v; want %s in Beijing time", u.Seal, u.SealedAt, m.Seal)
	}
}

// TestSealBreaks changes one thing at a time in a sealed record: every change breaks the seal.
func TestSealBreaks(t *testing.T) {
	sealed, stmts := sealable()
	if err := sealed.SealWith(stmts, "prev-seal", bj(21, 15)); err != nil {
		t.Fatal(err)
	}
	if !VerifySeal(sealed, stmts, "prev-seal") {
		t.Fatal("does not verify unchanged")
	}
	clone := func() (Meeting, []Statement) {
		// A deep enough copy: the tests below change items, votes and statements.
		js, _ := json.Marshal(sealed)
		var m Meeting
		if err := json.Unmarshal(js, &m); err != nil {
			t.Fatal(err)
		}
		return m, append([]Statement(nil), stmts...)
	}
	tests := []struct {
		name   string
		change func(m *Meeting, st []Statement) string // returns the prev to verify with
	}{
		{"one character of a statement", func(m *Meeting, st []Statement) string {
			st[1].Text = strings.Replace(st[1].Text, "一台", "两台", 1)
			return "prev-seal"
		}},
		{"a statement's speaker", func(m *Meeting, st []Statement) string {
			st[0].Speaker.Name = "侯晓春"
			return "prev-seal"
		}},
		{"a statement's kind", func(m *Meeting, st []Statement) string { st[0].Kind = Opinion; return "prev-seal" }},
		{"a statement's time", func(m *Meeting, st []Statement) string {
			st[0].At = st[0].At.Add(time.Second)
			return "prev-seal"
		}},
		{"a statement dropped", func(m *Meeting, st []Statement) string { st[0].MeetingID = 99; return "prev-seal" }},
		{"a statement added", func(m *Meeting, st []Statement) string { st[2].MeetingID = 7; return "prev-seal" }},
		{"the title", func(m *Meeting, st []Statement) string { m.Title += "。"; return "prev-seal" }},
		{"a vote count", func(m *Meeting, st []Statement) string { m.Items[0].Vote.Ayes++; return "prev-seal" }},
		{"the abstentions", func(m *Meeting, st []Statement) string { m.Items[0].Vote.Abstentions = 1; return "prev-seal" }},
		{"the attendance", func(m *Meeting, st []Statement) string { m.Attendance.Present--; return "prev-seal" }},
		{"the closing time", func(m *Meeting, st []Statement) string { m.End = m.End.Add(time.Minute); return "prev-seal" }},
		{"the sealing time", func(m *Meeting, st []Statement) string {
			m.SealedAt = m.SealedAt.Add(time.Minute)
			return "prev-seal"
		}},
		{"the chain", func(m *Meeting, st []Statement) string { return "" }},
		{"another chain", func(m *Meeting, st []Statement) string { return "prev-seaL" }},
		{"the status", func(m *Meeting, st []Statement) string { m.Status = Draft; return "prev-seal" }},
		{"the seal itself", func(m *Meeting, st []Statement) string { m.Seal = strings.ToUpper(m.Seal); return "prev-seal" }},
	}
	for _, tt := range tests {
		m, st := clone()
		if !VerifySeal(m, st, "prev-seal") {
			t.Fatalf("%s: the copy does not verify", tt.name)
		}
		prev := tt.change(&m, st)
		if VerifySeal(m, st, prev) {
			t.Errorf("changing %s leaves the seal intact", tt.name)
		}
	}
}

// TestSealStableAcrossZones checks that the seal is over instants, not the zones they are
// written in: a meeting read back from the store, as JSON, has its times in an unnamed +08:00
// zone, and one built on a machine set to UTC has them in UTC.
func TestSealStableAcrossZones(t *testing.T) {
	m, stmts := sealable()
	if err := m.SealWith(stmts, "abc", bj(21, 15)); err != nil {
		t.Fatal(err)
	}

	// As the store does: json.Marshal, then Unmarshal.
	js, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Meeting
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	var backStmts []Statement
	sj, _ := json.Marshal(stmts)
	if err := json.Unmarshal(sj, &backStmts); err != nil {
		t.Fatal(err)
	}
	if back.Start.Location() == Beijing {
		t.Fatal("the round trip kept the zone; the test proves nothing")
	}
	if !VerifySeal(back, backStmts, "abc") {
		t.Error("the meeting read back does not verify")
	}

	utc := m
	utc.Start, utc.End, utc.SealedAt = m.Start.UTC(), m.End.UTC(), m.SealedAt.UTC()
	v := *m.Items[0].Vote
	v.At = v.At.UTC()
	utc.Items = []Item{m.Items[0]}
	utc.Items[0].Vote = &v
	utcStmts := append([]Statement(nil), stmts...)
	for i := range utcStmts {
		utcStmts[i].At = utcStmts[i].At.UTC()
	}
	if !VerifySeal(utc, utcStmts, "abc") {
		t.Error("the same meeting with its times in UTC does not verify")
	}
	// SealOf does not change what it is given.
	if m.Items[0].Vote.At.Location() != Beijing || utc.Items[0].Vote.At.Location() != time.UTC {
		t.Error("SealOf changed the caller's vote")
	}
}

func TestSealRefusals(t *testing.T) {
	m, stmts := sealable()
	noEnd := m
	noEnd.End = time.Time{}
	invalid := m
	invalid.Recorder = Ref{}
	sealed := m
	if err := sealed.SealWith(stmts, "", bj(21, 15)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		m    Meeting
		want string
	}{
		{"already sealed", sealed, ErrSealed.Error()},
		{"no closing time", noEnd, "请先填写散会时间"},
		{"invalid", invalid, "请填写记录人"},
	}
	for _, tt := range tests {
		before, _ := json.Marshal(tt.m)
		err := tt.m.SealWith(stmts, "", bj(22, 0))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: SealWith = %v; want %q", tt.name, err, tt.want)
		}
		if after, _ := json.Marshal(tt.m); string(after) != string(before) {
			t.Errorf("%s: a refused seal changed the meeting", tt.name)
		}
	}
	if err := sealed.SealWith(stmts, "", bj(22, 0)); !errors.Is(err, ErrSealed) {
		t.Errorf("sealing twice: %v; want ErrSealed", err)
	}
	// A draft record does not verify, even with a seal that once matched.
	draft := sealed
	draft.Status = Draft
	if VerifySeal(draft, stmts, "") {
		t.Error("a draft verifies")
	}
	var empty Meeting
	empty.Status = Final
	if VerifySeal(empty, nil, "") {
		t.Error("a final meeting without a seal verifies")
	}
}

func TestEditableAmendable(t *testing.T) {
	tests := []struct {
		status          Status
		edit, amendment error
	}{
		{Draft, nil, ErrNotSealed},
		{Final, ErrSealed, nil},
		{"", nil, ErrNotSealed},
	}
	for _, tt := range tests {
		m := Meeting{Status: tt.status}
		if err := m.Editable(); err != tt.edit {
			t.Errorf("%q: Editable() = %v; want %v", tt.status, err, tt.edit)
		}
		if err := m.Amendable(); err != tt.amendment {
			t.Errorf("%q: Amendable() = %v; want %v", tt.status, err, tt.amendment)
		}
	}
}

func TestLastSealed(t *testing.T) {
	at := func(h int) time.Time { return bj(h, 0) }
	tests := []struct {
		name string
		ms   []Meeting
		want ID // 0: none
	}{
		{"none", nil, 0},
		{"only drafts", []Meeting{{ID: 1, Status: Draft}}, 0},
		{"latest sealed, not latest ID", []Meeting{
			{ID: 1, Status: Final, SealedAt: at(20)},
			{ID: 2, Status: Final, SealedAt: at(19)},
			{ID: 3, Status: Draft, SealedAt: at(23)},
		}, 1},
		{"equal times: larger ID", []Meeting{
			{ID: 5, Status: Final, SealedAt: at(20)},
			{ID: 4, Status: Final, SealedAt: at(20).UTC()},
		}, 5},
	}
	for _, tt := range tests {
		got, ok := LastSealed(tt.ms)
		if ok != (tt.want != 0) || got.ID != tt.want {
			t.Errorf("%s: LastSealed = %d, %v; want %d", tt.name, got.ID, ok, tt.want)
		}
	}
}
