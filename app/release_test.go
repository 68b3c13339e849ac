package app

import (
	"fmt"
	"os"
	"testing"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/export"
	"yishi/meeting"
)

// TestReleaseArchiveExportsUnchanged: the demo archive as the release before the dated rule sets
// exported it (testdata/release-v3, with its minutes and notices as that release wrote them) is
// imported, its settings moved to the new model, and every sealed meeting's minutes and every
// notice export byte for byte as they did: nothing sealed is rewritten, votes keep the rules
// they pinned, whatever the law in force now says.
//
// release-v3-strict is the same archive with a matter's own two-thirds threshold and a recused
// member at its deciding vote, in a village taking the recused out of the base.
func TestReleaseArchiveExportsUnchanged(t *testing.T) {
	for _, dir := range []string{"testdata/release-v3/", "testdata/release-v3-strict/"} {
		t.Run(dir, func(t *testing.T) { releaseExportsUnchanged(t, dir) })
	}
}

func releaseExportsUnchanged(t *testing.T, dir string) {
	data, err := os.ReadFile(dir + "archive.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := export.ReadArchive(data)
	if err != nil {
		t.Fatal(err)
	}
	s := testkit.OpenStore(t)
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
	vs, _ := s.Villages()
	v := vs[0]
	// Numbered archive-wide by the release, its records now have their village's space, and
	// keep their numbers: every file below, codes and reference lines, is as the release wrote.
	if v.ID.Space() == 0 || a.Meetings[0].ID.Space() != v.ID.Space() {
		t.Errorf("the release's archive was not given its village's space: %#x, %#x", uint64(v.ID), uint64(a.Meetings[0].ID))
	}
	if v.Settings.Version != meeting.SettingsVersion || len(v.Settings.Shortfalls(meeting.DateOf(testkit.FixedNow))) == 0 {
		t.Errorf("the imported village's settings were not moved to the new model: %+v", v.Settings)
	}
	compare := func(name string, got []byte) {
		t.Helper()
		want, err := os.ReadFile(dir + name)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from what the release wrote: %v", name, export.Compare(want, got))
		}
	}
	sealed := 0
	for _, m := range a.Meetings {
		if m.Status != meeting.Final {
			continue
		}
		sealed++
		r, err := core.MinutesRecord(s, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []export.Format{export.Markdown, export.Text} {
			out, err := export.Minutes(r, f, export.Options{})
			if err != nil {
				t.Fatal(err)
			}
			compare(fmt.Sprintf("minutes-%d.%s", m.ID, f), out)
		}
	}
	for _, n := range a.Notices {
		r, err := core.NoticeRecordOf(s, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []export.Format{export.Markdown, export.Text} {
			out, err := export.Notice(r, f, export.Options{})
			if err != nil {
				t.Fatal(err)
			}
			compare(fmt.Sprintf("notice-%d.%s", n.ID, f), out)
		}
	}
	if sealed == 0 || len(a.Notices) == 0 {
		t.Fatal("the release archive has nothing sealed to compare")
	}
}
