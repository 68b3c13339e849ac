package ui

import (
	"strings"
	"testing"
	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/export"
	"yishi/meeting"
	"yishi/storage"

	tea "charm.land/bubbletea/v2"
)

// TestVerifyNoticePostedOnScreen posts the street lights' resolution notice through the screens,
// then checks it as yishi verify does: its export verifies, the archive verifies with it, and a
// changed notice text in a copy of the archive is found.
func TestVerifyNoticePostedOnScreen(t *testing.T) {
	st, err := storage.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	testkit.SeedDemo(t, st, func(a *meeting.Archive) { testkit.ResolveStreetLights(t, a) })
	m := openTrail(t, st, testkit.StreetLights, 100, 30)
	m = drive(t, m, press(tea.KeyF3))
	m = drive(t, m, press(tea.KeyF2))
	m = drive(t, m, press(tea.KeyF6))
	m = set(t, m, "监委签署人", "djg")
	m = drive(t, m, press(tea.KeyEnter))
	drive(t, m, press(tea.KeyF2))
	ns := testkit.NoticesOfMatter(t, st, testkit.StreetLights)
	if len(ns) != 1 || ns[0].Seal == "" || ns[0].Supervision == nil {
		t.Fatalf("the notice was not posted, signed and sealed: %+v", ns)
	}
	sealsHold(t, st, 2)
	r, err := core.NoticeRecordOf(st, ns[0])
	if err != nil {
		t.Fatal(err)
	}
	data, err := export.Notice(r, export.HTML, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := export.ReadReference(data)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := core.VerifyFile(st, ref, data); err != nil || v.Code != export.Code(ns[0].Seal) || len(v.Diffs) > 0 || len(v.Later) > 0 {
		t.Errorf("the posted notice does not verify: %+v %v", v, err)
	}
	a, err := st.Export()
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Notices {
		if a.Notices[i].ID == ns[0].ID {
			a.Notices[i].Text += "另加一句。"
		}
	}
	found := false
	for _, f := range meeting.CheckSeals(a).Faults {
		found = found || strings.Contains(f.Text, "决议公告 "+ns[0].ID.String())
	}
	if !found {
		t.Errorf("a changed notice text is not found: %+v", meeting.CheckSeals(a).Faults)
	}
}
