package meeting_test

import (
	"reflect"
	"strings"
	"testing"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// villageParts splits a into one archive per village, each with its records grouped as the
// store hands them on: statements and amendments by meeting.
func villageParts(a *meeting.Archive) []*meeting.Archive {
	var parts []*meeting.Archive
	for _, v := range a.Villages {
		p := &meeting.Archive{Format: a.Format, Version: a.Version, Villages: []meeting.Village{v}}
		own := map[meeting.ID]bool{}
		for _, m := range a.Meetings {
			if m.VillageID == v.ID {
				p.Meetings = append(p.Meetings, m)
				own[m.ID] = true
			}
		}
		for _, m := range p.Meetings {
			for _, st := range a.Statements {
				if st.MeetingID == m.ID {
					p.Statements = append(p.Statements, st)
				}
			}
		}
		for _, x := range a.Matters {
			if x.VillageID == v.ID {
				p.Matters = append(p.Matters, x)
			}
		}
		for _, n := range a.Notices {
			if n.VillageID == v.ID {
				p.Notices = append(p.Notices, n)
			}
		}
		parts = append(parts, p)
	}
	return parts
}

// TestSealCheckByVillageAsWhole: the seals of an archive checked a village at a time, as
// verify --archive reads a township, are found as CheckSeals finds them in the whole archive:
// intact, with a sealed statement changed, and with a meeting removed.
func TestSealCheckByVillageAsWhole(t *testing.T) {
	for name, spoil := range map[string]func(a *meeting.Archive){
		"intact": func(*meeting.Archive) {},
		"a sealed statement changed": func(a *meeting.Archive) {
			a.Statements[len(a.Statements)/2].Text += "（改）"
		},
		"a meeting removed": func(a *meeting.Archive) {
			i := len(a.Meetings) / 3
			a.Meetings = append(a.Meetings[:i:i], a.Meetings[i+1:]...)
		},
		"a posted notice changed": func(a *meeting.Archive) {
			for i := range a.Notices {
				if a.Notices[i].Seal != "" {
					a.Notices[i].Text += "。"
					return
				}
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			a := demo.Synthetic(3, 2, nil)
			spoil(a)
			want := meeting.CheckSeals(a)
			var c meeting.SealCheck
			for _, p := range villageParts(a) {
				c.Add(p)
			}
			got := c.Report()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("by village: %d villages, %d meetings, %d notices, faults %v\nwhole: %d, %d, %d, %v",
					got.Villages, got.Meetings, got.Notices, got.Faults, want.Villages, want.Meetings, want.Notices, want.Faults)
			}
			if name != "intact" && len(got.Faults) == 0 {
				t.Error("the spoiled archive was found intact")
			}
		})
	}
}

// TestArchiveCheckTakesStatementsByMeeting: a file may hold the statements in ID order (as
// yishi writes it) or grouped by meeting (as the store keeps them); either validates, and one
// out of both orders is refused.
func TestArchiveCheckTakesStatementsByMeeting(t *testing.T) {
	a := demo.Synthetic(1, 1, nil)
	if err := a.Validate(); err != nil {
		t.Fatalf("in ID order: %v", err)
	}
	// Numbered so that the later meetings' statements have the smaller IDs, as when two
	// meetings were recorded at once: grouped by meeting, they are out of ID order.
	b := *a
	b.Statements = append([]meeting.Statement{}, a.Statements...)
	block := map[meeting.ID]meeting.ID{}
	for i, m := range a.Meetings {
		block[m.ID] = meeting.ID(len(a.Meetings)-i) * 10000
	}
	n := map[meeting.ID]meeting.ID{}
	for i := range b.Statements {
		st := &b.Statements[i]
		n[st.MeetingID]++
		st.ID = st.MeetingID.Sibling(uint32(block[st.MeetingID] + n[st.MeetingID]))
	}
	if err := b.Validate(); err != nil {
		t.Fatalf("grouped by meeting: %v", err)
	}
	c := b
	c.Statements = append([]meeting.Statement{}, b.Statements...)
	last := len(c.Statements) - 1
	c.Statements[1], c.Statements[last] = c.Statements[last], c.Statements[1]
	if err := c.Validate(); err == nil {
		t.Error("statements in neither order validated")
	}
}

// TestArchiveCheckRefusesAcrossVillages: records are checked, and their seals, a village at a
// time, so a record pointing into another village is refused: a posted notice moved to another
// village than its matter's would otherwise escape the check of its seal. So are two statements
// of one ID in two meetings, in whatever order.
func TestArchiveCheckRefusesAcrossVillages(t *testing.T) {
	for name, spoil := range map[string]func(a *meeting.Archive) string{
		"a notice in another village than its matter": func(a *meeting.Archive) string {
			for i := range a.Notices {
				if a.Notices[i].Seal != "" {
					a.Notices[i].Text += "（改）"
					a.Notices[i].VillageID = a.Villages[1].ID
					return "却属于村"
				}
			}
			t.Fatal("no sealed notice in the sample")
			return ""
		},
		"a matter from another village's meeting": func(a *meeting.Archive) string {
			for i := range a.Matters {
				if a.Matters[i].Origin != nil && a.Matters[i].VillageID == a.Villages[0].ID {
					for _, m := range a.Meetings {
						if m.VillageID == a.Villages[1].ID && len(m.Items) > 0 {
							a.Matters[i].Origin = &meeting.ItemRef{MeetingID: m.ID, Item: m.Items[0].N}
							return "却属于村"
						}
					}
				}
			}
			t.Fatal("no matter with an origin in the sample")
			return ""
		},
		"one statement ID in two meetings": func(a *meeting.Archive) string {
			var grouped []meeting.Statement
			for _, p := range villageParts(a) {
				grouped = append(grouped, p.Statements...)
			}
			a.Statements = grouped
			last := len(a.Statements) - 1
			a.Statements[last].ID = a.Statements[0].ID
			return "重复"
		},
	} {
		t.Run(name, func(t *testing.T) {
			a := demo.Synthetic(2, 1, nil)
			if err := a.Validate(); err != nil {
				t.Fatal(err)
			}
			want := spoil(a)
			if err := a.Validate(); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Validate = %v; want it to say %q", err, want)
			}
		})
	}
}
