package meeting

import (
	"os"
	"testing"
)

func TestMembersCompositeBodies(t *testing.T) {
	data, err := os.ReadFile("testdata/roster-abei.csv")
	if err != nil {
		t.Fatal(err)
	}
	people, err := ParseRoster(data)
	if err != nil {
		t.Fatal(err)
	}
	people = append(people, Person{Name: "孙秀兰", Guest: true, Memberships: []Membership{{Body: RepresentativeAssembly}}})
	tests := []struct {
		body Body
		want int
	}{
		{BranchCommittee, 3},
		{VillagersCommittee, 3},
		{TwoCommittees, 5}, // 金昌义 sits on both committees (一肩挑): counted once
		{PartyAssembly, 21},
		{RepresentativeAssembly, 30}, // 29 representatives and the committee director
		{Supervisory, 3},
	}
	for _, tt := range tests {
		if got := len(Members(people, tt.body)); got != tt.want {
			t.Errorf("%s: %d members, want %d", tt.body.Label(), got, tt.want)
		}
	}
}
