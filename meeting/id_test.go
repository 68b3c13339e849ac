package meeting_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"yishi/meeting"
	"yishi/meeting/demo"
)

func TestIDParts(t *testing.T) {
	id := meeting.InSpace(0xCAFE, 12)
	if id.Space() != 0xCAFE || id.Local() != 12 || id.Sibling(3) != meeting.InSpace(0xCAFE, 3) {
		t.Errorf("parts of %#x: %#x %d", uint64(id), id.Space(), id.Local())
	}
	// People read the local number, whatever the verb.
	for format, want := range map[string]string{"%d": "12", "%v": "12", "%s": "12", "%4d": "  12", "会议 %d": "会议 12"} {
		if got := fmt.Sprintf(format, id); got != want {
			t.Errorf("Sprintf(%q) = %q; want %q", format, got, want)
		}
	}
	if id.String() != "12" {
		t.Errorf("String() = %q", id.String())
	}
}

func TestNewSpace(t *testing.T) {
	taken := map[uint32]bool{}
	for range 1000 {
		s := meeting.NewSpace(func(s uint32) bool { return taken[s] })
		if s == 0 || taken[s] {
			t.Fatalf("NewSpace gave %#x, taken or zero", s)
		}
		taken[s] = true
	}
}

// TestSealsSameInEverySpace: a meeting and a notice seal the same in any space, so a village's
// records verify in every archive they are copied into, and those of an archive numbered before
// spaces verify after its migration.
func TestSealsSameInEverySpace(t *testing.T) {
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	// The same records, their IDs moved to another space (Rebase keeps the local numbers).
	js, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var moved meeting.Archive
	if err := json.Unmarshal(js, &moved); err != nil {
		t.Fatal(err)
	}
	if err := meeting.RebaseArchive(&moved, &meeting.Rebase{Spaces: map[meeting.ID]uint32{a.Villages[0].ID: 0x5EED}}); err != nil {
		t.Fatal(err)
	}
	if moved.Meetings[0].ID.Space() == demo.AbeiSpace || moved.Meetings[0].ID.Local() != a.Meetings[0].ID.Local() {
		t.Fatalf("the copy is not in another space: %#x", uint64(moved.Meetings[0].ID))
	}
	for _, arch := range []*meeting.Archive{a, &moved} {
		if r := meeting.CheckSeals(arch); len(r.Faults) != 0 || r.Meetings == 0 || r.Notices == 0 {
			t.Errorf("seals: %d meetings, %d notices, faults %v", r.Meetings, r.Notices, r.Faults)
		}
	}
	// The seal still binds the numbers: a statement given another number breaks it.
	moved.Statements[0].ID = moved.Statements[0].ID.Sibling(999)
	if r := meeting.CheckSeals(&moved); len(r.Faults) == 0 {
		t.Error("a statement renumbered leaves every seal holding")
	}
}

// TestGapsPerVillage: each village numbers its meetings from 1 without a gap; a village numbered
// archive-wide once (Legacy) has as many as it had below its first own number.
func TestGapsPerVillage(t *testing.T) {
	a := demo.Synthetic(2, 1, nil)
	if r := meeting.CheckSeals(a); len(r.Faults) != 0 {
		t.Fatalf("the synthetic archive: %v", r.Faults[:min(3, len(r.Faults))])
	}
	if a.Villages[0].Legacy != nil || a.Villages[1].Legacy == nil {
		t.Errorf("legacy: %+v %+v", a.Villages[0].Legacy, a.Villages[1].Legacy)
	}
	drop := func(id meeting.ID) *meeting.Archive {
		b := *a
		b.Meetings = nil
		for _, m := range a.Meetings {
			if m.ID != id {
				b.Meetings = append(b.Meetings, m)
			}
		}
		return &b
	}
	// A meeting gone from the first village is named by its number.
	first := a.Meetings[3]
	r := meeting.CheckSeals(drop(first.ID))
	if !missing(r, fmt.Sprintf("【%s】会议 %d：档案里缺了这次会议", a.Villages[0].Name, first.ID)) {
		t.Errorf("a meeting of village 1 removed: %v", r.Faults)
	}
	// One gone from the second, numbered archive-wide, is counted.
	var second meeting.Meeting
	for _, m := range a.Meetings {
		if m.VillageID == a.Villages[1].ID && m.Status == meeting.Draft {
			second = m
		}
	}
	r = meeting.CheckSeals(drop(second.ID))
	if !missing(r, fmt.Sprintf("【%s】编号 %d 以前的会议", a.Villages[1].Name, a.Villages[1].Legacy.Below)) {
		t.Errorf("a meeting of village 2 removed: %v", r.Faults)
	}
}

func missing(r meeting.SealReport, text string) bool {
	for _, f := range r.Faults {
		if f.Missing && strings.HasPrefix(f.Text, text) {
			return true
		}
	}
	return false
}

// TestArchiveCheckSpaces: in a file whose IDs carry spaces, every record's ID is in its
// village's space, and none is in space 0: else it would be written among another village's
// keys, or where no village counts.
func TestArchiveCheckSpaces(t *testing.T) {
	for name, spoil := range map[string]func(a *meeting.Archive){
		"a statement in another space": func(a *meeting.Archive) { a.Statements[0].ID = meeting.InSpace(0x77, a.Statements[0].ID.Local()) },
		"a matter in space 0":          func(a *meeting.Archive) { a.Matters[0].ID = meeting.ID(a.Matters[0].ID.Local()) },
		"a person of another space":    func(a *meeting.Archive) { a.People[0].ID = meeting.InSpace(0x77, 999) },
	} {
		a, err := demo.Abei()
		if err != nil {
			t.Fatal(err)
		}
		spoil(a)
		if err := a.Validate(); err == nil || !strings.Contains(err.Error(), "编号空间") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
