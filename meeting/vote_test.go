package meeting

import (
	"strings"
	"testing"
)

func TestMajorityInFavour(t *testing.T) {
	tests := []struct {
		present, recused, noes, abstentions int
		ayes                                int
		err                                 string // part of the error; "" for none
	}{
		{21, 0, 0, 0, 21, ""},
		{21, 1, 2, 3, 15, ""},
		{21, 1, 10, 10, 0, ""}, // the boundary: nobody left in favour
		{21, 1, 10, 11, 0, "多于实到 21 人"},
		{21, 0, 22, 0, 0, "多于实到 21 人"},
		{0, 0, 0, 0, 0, ""},
		{0, 0, 0, 1, 0, "多于实到 0 人"},
		{-1, 0, 0, 0, 0, "不能为负数"},
		{5, -1, 0, 0, 0, "不能为负数"},
		{5, 0, -1, 0, 0, "不能为负数"},
		{5, 0, 0, -1, 0, "不能为负数"},
	}
	for _, tt := range tests {
		ayes, err := MajorityInFavour(tt.present, tt.recused, tt.noes, tt.abstentions)
		if tt.err == "" {
			if err != nil || ayes != tt.ayes {
				t.Errorf("MajorityInFavour(%d, %d, %d, %d) = %d, %v; want %d", tt.present, tt.recused, tt.noes, tt.abstentions, ayes, err, tt.ayes)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.err) || ayes != 0 {
			t.Errorf("MajorityInFavour(%d, %d, %d, %d) = %d, %v; want an error saying %q", tt.present, tt.recused, tt.noes, tt.abstentions, ayes, err, tt.err)
		}
	}
	// The derived count makes a valid vote: it adds up to those present who may vote.
	a := Attendance{Expected: 30, Present: 21}
	ayes, err := MajorityInFavour(a.Present, 1, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	v := Vote{Method: ShowOfHands, Ayes: ayes, Noes: 2, Abstentions: 3, Recused: []Absence{{Who: Ref{Name: "刘恒军"}, Reason: "亲属承包"}}}
	if err := v.Validate(a); err != nil {
		t.Errorf("derived vote does not validate: %v", err)
	}
}

func TestDefaultKind(t *testing.T) {
	roster := abeiRoster(t)
	byName := map[string]Person{}
	for _, p := range roster {
		byName[p.Name] = p
	}
	consult := Meeting{Kind: Consultation, Form: "夜话乡村"}
	formalMeeting := Meeting{Kind: Formal, Body: RepresentativeAssembly}
	tests := []struct {
		m       Meeting
		speaker Person
		want    StatementKind
	}{
		{consult, byName["金昌义"], Answer},  // branch secretary and committee director
		{consult, byName["侯晓春"], Answer},  // branch committee only
		{consult, byName["关天文"], Answer},  // villagers' committee only
		{consult, byName["董建国"], Concern}, // supervision committee: not a cadre of the two
		{consult, byName["刘晓燕"], Concern}, // a party member and representative
		{consult, byName["何晓宇"], Concern}, // the recorder, a party member
		{consult, Person{Name: "王大爷", Guest: true}, Concern},
		{formalMeeting, byName["金昌义"], Opinion},
		{formalMeeting, byName["刘晓燕"], Opinion},
		{formalMeeting, Person{Name: "王大爷", Guest: true}, Opinion},
	}
	for _, tt := range tests {
		if got := DefaultKind(tt.m, tt.speaker); got != tt.want {
			t.Errorf("DefaultKind(%s, %s) = %s; want %s", tt.m.Kind, tt.speaker.Name, got, tt.want)
		}
	}
}
