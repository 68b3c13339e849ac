package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yishi/meeting"
)

// TestExportVillageBundle: export json --village writes that village and its records only,
// which import into an empty archive whose seals hold; a village there is not is refused with
// those there are, and no file is written.
func TestExportVillageBundle(t *testing.T) {
	src := t.TempDir()
	mustOK(t, yishi(t, "", "--data", src, "demo", "--villages", "2", "--years", "1"))
	var all meeting.Archive
	if err := json.Unmarshal([]byte(mustOK(t, yishi(t, "", "--data", src, "export", "json")).stdout), &all); err != nil {
		t.Fatal(err)
	}
	v := all.Villages[1]
	file := filepath.Join(t.TempDir(), "bundle.json")
	mustOK(t, yishi(t, "", "--data", src, "export", "json", "--village", v.Name, "-o", file))
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var b meeting.Archive
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Villages) != 1 || b.Villages[0].ID != v.ID || len(b.Meetings) == 0 || len(b.Statements) == 0 {
		t.Fatalf("bundle of %s: %d villages, %d meetings, %d statements", v.Name, len(b.Villages), len(b.Meetings), len(b.Statements))
	}
	own := map[meeting.ID]bool{}
	for _, m := range b.Meetings {
		own[m.ID] = m.VillageID == v.ID
	}
	want := 0
	for _, m := range all.Meetings {
		if m.VillageID == v.ID {
			want++
		}
	}
	for _, st := range b.Statements {
		if !own[st.MeetingID] {
			t.Fatalf("statement %d of meeting %d of another village in the bundle", st.ID, st.MeetingID)
		}
	}
	for _, x := range b.Matters {
		if x.VillageID != v.ID {
			t.Fatalf("matter %d of village %d in the bundle", x.ID, x.VillageID)
		}
	}
	if len(b.Meetings) != want {
		t.Errorf("bundle holds %d meetings; the village has %d", len(b.Meetings), want)
	}
	// The bundle imports into an empty archive, its seals holding (the import checks them).
	dst := t.TempDir()
	mustOK(t, yishi(t, "", "--data", dst, "import", file))
	if got := mustOK(t, yishi(t, "", "--data", dst, "export", "json")).stdout; got != string(data) {
		t.Error("the imported bundle exports other records than the bundle holds")
	}

	missing := filepath.Join(t.TempDir(), "none.json")
	r := yishi(t, "", "--data", src, "export", "json", "--village", "不存在村", "-o", missing)
	if r.code != 1 || !strings.Contains(r.stderr, all.Villages[0].Name) || !strings.Contains(r.stderr, "不存在村") {
		t.Errorf("a village there is not: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Error("a refused export wrote its file")
	}
}
