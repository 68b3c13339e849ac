package meeting

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestRejectBy(t *testing.T) {
	s := Defaults()
	day := NewDate(2026, 3, 15)
	deliberated := []Event{{Stage: Proposed, On: NewDate(2026, 3, 1)}, {Stage: Deliberated, On: NewDate(2026, 3, 8)}}
	reviewed := append(clone(deliberated), Event{Stage: Reviewed, On: NewDate(2026, 3, 12)})
	noVote := formal(5, PartyAssembly, day, 19, 17, 9)
	noVote.Items[0].Vote = nil
	consult := formal(6, PartyAssembly, day, 19, 17, 9)
	consult.Kind = Consultation
	tests := []struct {
		name      string
		history   []Event
		threshold *Threshold
		mt        Meeting
		n         int
		wantErr   error // nil: rejected; errAny: some other refusal
	}{
		// 9 ayes of 19 who should attend, 17 present: quorate, not more than half.
		{"quorate failed vote rejects", deliberated, nil, formal(3, PartyAssembly, day, 19, 17, 9), 1, nil},
		// 9 of 19 present: the quorum is 10.
		{"inquorate vote cannot reject", deliberated, nil, formal(4, PartyAssembly, day, 19, 9, 9), 1, ErrInquorateReject},
		{"inquorate vote with no ayes cannot reject", deliberated, nil, formal(4, PartyAssembly, day, 19, 9, 0), 1, ErrInquorateReject},
		{"passed vote cannot reject", deliberated, nil, formal(3, PartyAssembly, day, 19, 17, 12), 1, ErrPassedReject},
		// 15 of 24 passes the representatives' majority but not the matter's two thirds at its
		// deciding step.
		{"fails the matter's stricter threshold", reviewed, &TwoThirdsOrMore, formal(7, RepresentativeAssembly, day, 30, 24, 15), 1, nil},
		{"passes without the stricter threshold", reviewed, nil, formal(7, RepresentativeAssembly, day, 30, 24, 15), 1, ErrPassedReject},
		{"missing item", deliberated, nil, formal(3, PartyAssembly, day, 19, 17, 9), 2, errAny},
		{"missing vote", deliberated, nil, noVote, 1, ErrNoVote},
		{"consultation cannot reject", deliberated, nil, consult, 1, errAny},
		{"counts that do not add up", deliberated, nil, formal(3, PartyAssembly, day, 19, 17, 18), 1, errAny},
		{"rejected matter is ended", append(clone(deliberated), Event{Stage: Rejected, On: day}), nil, formal(3, PartyAssembly, day, 19, 17, 9), 1, ErrEnded},
		{"withdrawn matter is ended", append(clone(deliberated), Event{Stage: Withdrawn, On: day}), nil, formal(3, PartyAssembly, day, 19, 9, 9), 1, ErrEnded},
	}
	for _, tt := range tests {
		x := Matter{ID: 1, Title: "修路", History: clone(tt.history), Threshold: tt.threshold}
		err := s.RejectBy(&x, tt.mt, tt.n, "表决未通过")
		switch {
		case tt.wantErr == nil:
			if err != nil {
				t.Errorf("%s: RejectBy = %v, want nil", tt.name, err)
				continue
			}
			want := append(clone(tt.history), Event{Stage: Rejected, On: DateOf(tt.mt.Start), By: &ItemRef{tt.mt.ID, tt.n}, Note: "表决未通过"})
			if !reflect.DeepEqual(x.History, want) {
				t.Errorf("%s: history %+v, want %+v", tt.name, x.History, want)
			}
			continue
		case tt.wantErr == errAny:
			if err == nil {
				t.Errorf("%s: RejectBy = nil, want a refusal", tt.name)
			}
		case !errors.Is(err, tt.wantErr):
			t.Errorf("%s: RejectBy = %v, want %v", tt.name, err, tt.wantErr)
		}
		if !reflect.DeepEqual(x.History, tt.history) {
			t.Errorf("%s: a refusal changed the history to %+v", tt.name, x.History)
		}
	}
}

func TestAwaitedNotice(t *testing.T) {
	s := Defaults()
	day := NewDate(2026, 9, 15)
	through := func(st Stage) Matter { return ledgerThrough(t, st, day).Matters[0] }
	ended := func(st Stage) Matter {
		m := through(Reviewed)
		m.History = append(m.History, Event{Stage: st, On: day.AddDays(30)})
		return m
	}
	resultPosted := through(Implemented)
	r := Notice{ID: 2, MatterID: 1, Kind: ResultNotice, Postings: []Posting{{Where: "村务公开栏", From: day.AddDays(60), To: day.AddDays(74)}}}
	if err := s.Post(&resultPosted, r); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		m    Matter
		want NoticeKind // "" when it awaits none
	}{
		{"raised", Matter{ID: 1, Title: "修路"}, ""},
		{"proposed", through(Proposed), ""},
		{"reviewed", through(Reviewed), ""},
		{"resolved awaits the resolution notice", through(Resolved), ResolutionNotice},
		{"resolution posted awaits implementation", through(ResolutionPosted), ""},
		{"implemented awaits the result notice", through(Implemented), ResultNotice},
		{"result posted", resultPosted, ""},
		{"rejected", ended(Rejected), ""},
		{"withdrawn", ended(Withdrawn), ""},
	}
	for _, tt := range tests {
		got, err := s.AwaitedNotice(tt.m)
		if got != tt.want || (tt.want == "") != (err != nil) {
			t.Errorf("%s: AwaitedNotice = %q, %v; want %q", tt.name, got, err, tt.want)
		}
		if err != nil && (!strings.Contains(err.Error(), tt.m.Stage().Label()) || !strings.Contains(err.Error(), "现在没有要张贴的公告")) {
			t.Errorf("%s: the refusal does not say where the matter stands: %v", tt.name, err)
		}
		// The answer is the engine's: the awaited kind posts, no other does.
		for _, k := range []NoticeKind{ResolutionNotice, ResultNotice} {
			y := tt.m
			y.History = clone(tt.m.History)
			n := Notice{ID: 9, MatterID: tt.m.ID, Kind: k, Postings: []Posting{{Where: "村务公开栏", From: day.AddDays(100), To: day.AddDays(114)}}}
			if posted := s.Post(&y, n) == nil; posted != (k == tt.want) {
				t.Errorf("%s: posting a %s succeeds %v, but AwaitedNotice says %q", tt.name, k, posted, tt.want)
			}
		}
	}
}
