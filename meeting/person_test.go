package meeting

import (
	"reflect"
	"testing"
)

func TestNormalPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13812345678", "13812345678"},
		{"138 1234 5678", "13812345678"},
		{"138-1234-5678", "13812345678"},
		{"138\u30001234\u30005678", "13812345678"},
		{" 138 - 1234 - 5678 ", "13812345678"},
		{"+86 138 1234 5678", "13812345678"},
		{"+8613812345678", "13812345678"},
		{"0571-8888 6666", "057188886666"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalPhone(tt.in); got != tt.want {
			t.Errorf("NormalPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalIDCard(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002X", "11010519491231002X"},
		{"11010519491231002x", "11010519491231002X"},
		{"110105 19491231 002x", "11010519491231002X"},
		{" 110105194912310021 ", "110105194912310021"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalIDCard(tt.in); got != tt.want {
			t.Errorf("NormalIDCard(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRosterNormalises holds the roster import to the same rule as NormalPhone and NormalIDCard.
func TestRosterNormalises(t *testing.T) {
	ps, err := ParseRoster([]byte("姓名,联系电话,身份证号\n金昌义,+86 138-1234\u30005678,110105 19491231 002x\n"))
	if err != nil || len(ps) != 1 {
		t.Fatalf("ParseRoster: %v, %d people", err, len(ps))
	}
	if ps[0].Phone != "13812345678" || ps[0].IDCard != "11010519491231002X" {
		t.Errorf("roster kept phone %q, ID card %q", ps[0].Phone, ps[0].IDCard)
	}
}

func TestReseated(t *testing.T) {
	offered := []Body{BranchCommittee, VillagersCommittee, PartyAssembly, RepresentativeAssembly, Supervisory}
	secretary := Membership{Body: BranchCommittee, Role: "书记"}
	director := Membership{Body: VillagersCommittee, Role: "主任"}
	member := Membership{Body: PartyAssembly}
	probationary := Membership{Body: PartyAssembly, Probationary: true}
	rep := Membership{Body: RepresentativeAssembly, Role: "第三组代表"}
	economic := Membership{Body: "economic_coop", Role: "理事长"} // a body the form does not offer
	tests := []struct {
		name   string
		had    []Membership
		chosen []Membership
		want   []Membership
	}{
		{"nothing had, nothing chosen", nil, nil, nil},
		{"new seats take no role", nil,
			[]Membership{{Body: BranchCommittee}, {Body: RepresentativeAssembly}},
			[]Membership{{Body: BranchCommittee}, {Body: RepresentativeAssembly}}},
		{"a seat kept ticked keeps its role", []Membership{secretary, director},
			[]Membership{{Body: BranchCommittee}, {Body: VillagersCommittee}},
			[]Membership{secretary, director}},
		{"an unticked seat is dropped", []Membership{secretary, director},
			[]Membership{{Body: VillagersCommittee}},
			[]Membership{director}},
		{"seats of bodies not offered are kept, first", []Membership{secretary, economic},
			[]Membership{{Body: BranchCommittee}},
			[]Membership{economic, secretary}},
		{"seats not offered survive unticking everything", []Membership{secretary, economic, rep}, nil,
			[]Membership{economic}},
		{"probationary member becomes full member", []Membership{probationary},
			[]Membership{member},
			[]Membership{member}},
		{"the chosen seat's own role stands", []Membership{rep},
			[]Membership{{Body: RepresentativeAssembly, Role: "第一组代表"}},
			[]Membership{{Body: RepresentativeAssembly, Role: "第一组代表"}}},
	}
	for _, tt := range tests {
		p := Person{ID: 7, Name: "金昌义", Memberships: append([]Membership(nil), tt.had...)}
		got := p.Reseated(offered, tt.chosen)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Reseated = %+v, want %+v", tt.name, got, tt.want)
		}
		if !reflect.DeepEqual(p.Memberships, tt.had) && (len(p.Memberships) != 0 || len(tt.had) != 0) {
			t.Errorf("%s: Reseated changed the person's seats to %+v", tt.name, p.Memberships)
		}
	}
	// Offering nothing keeps every seat, whatever is chosen.
	p := Person{Memberships: []Membership{secretary, rep}}
	if got := p.Reseated(nil, []Membership{director}); !reflect.DeepEqual(got, []Membership{secretary, rep, director}) {
		t.Errorf("offering nothing: Reseated = %+v", got)
	}
}

func TestGuestNamed(t *testing.T) {
	people := []Person{
		{ID: 1, VillageID: 3, Name: "金昌义", Memberships: []Membership{{Body: BranchCommittee, Role: "书记"}}},
		{ID: 2, VillageID: 3, Name: "王秀英", Guest: true},
		{ID: 4, VillageID: 3, Name: "金昌义", Title: "同名的第二人"},
	}
	tests := []struct {
		name, typed string
		want        Person
	}{
		{"roster person", "金昌义", people[0]},
		{"remembered guest", "王秀英", people[1]},
		{"new guest", "李四", Person{VillageID: 3, Name: "李四", Guest: true}},
		{"exact name only", "金昌", Person{VillageID: 3, Name: "金昌", Guest: true}},
		{"no trimming", "王秀英 ", Person{VillageID: 3, Name: "王秀英 ", Guest: true}},
	}
	for _, tt := range tests {
		if got := GuestNamed(people, 3, tt.typed); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: GuestNamed(%q) = %+v, want %+v", tt.name, tt.typed, got, tt.want)
		}
	}
	if got := GuestNamed(nil, 3, "李四"); !reflect.DeepEqual(got, Person{VillageID: 3, Name: "李四", Guest: true}) {
		t.Errorf("no people: GuestNamed = %+v", got)
	}
	// The person returned is a copy: changing it leaves the list alone.
	got := GuestNamed(people, 3, "金昌义")
	got.Name = "改"
	got.Memberships[0].Role = "改"
	if people[0].Name != "金昌义" || people[0].Memberships[0].Role != "书记" {
		t.Errorf("GuestNamed returned the list's own person: %+v", people[0])
	}
}
