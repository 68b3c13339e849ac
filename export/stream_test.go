package export

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// stream writes a through an ArchiveWriter, list by list.
func stream(t *testing.T, a *meeting.Archive) []byte {
	t.Helper()
	var buf bytes.Buffer
	aw := NewArchiveWriter(&buf)
	if err := a.EachRecord(aw.Add); err != nil {
		t.Fatal(err)
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestArchiveWriterWritesWhatJSONWrites(t *testing.T) {
	full, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	someEmpty := *full
	someEmpty.People, someEmpty.Amendments, someEmpty.Assignments = []meeting.Person{}, []meeting.Amendment{}, []meeting.Assignment{}
	for name, a := range map[string]*meeting.Archive{
		"demo":       full,
		"some empty": &someEmpty,
		"empty": {Format: meeting.ArchiveFormat, Version: meeting.ArchiveVersion, Villages: []meeting.Village{},
			People: []meeting.Person{}, Meetings: []meeting.Meeting{}, Statements: []meeting.Statement{}, Matters: []meeting.Matter{},
			Notices: []meeting.Notice{}, Assignments: []meeting.Assignment{}, Amendments: []meeting.Amendment{}},
	} {
		want, err := JSON(a)
		if err != nil {
			t.Fatal(err)
		}
		if got := stream(t, a); !bytes.Equal(got, want) {
			t.Errorf("%s: the streamed archive differs from its JSON:\n%s", name, firstDifference(got, want))
		}
	}
}

func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "streamed: …" + string(a[from:min(len(a), i+80)]) + "\njson:     …" + string(b[from:min(len(b), i+80)])
}

func TestArchiveWriterRefusesListsOutOfOrder(t *testing.T) {
	aw := NewArchiveWriter(&bytes.Buffer{})
	if err := aw.Add(meeting.ListMeetings, &meeting.Meeting{ID: 1}); err != nil {
		t.Fatal(err)
	}
	if err := aw.Add(meeting.ListVillages, &meeting.Village{ID: 1}); err == nil {
		t.Fatal("a village after the meetings was written")
	}
	if err := aw.Close(); err == nil {
		t.Fatal("Close after a refused record did not report it")
	}
}

// read reads data with ReadArchiveFrom into an archive.
func read(data []byte) (*meeting.Archive, error) {
	a := &meeting.Archive{Format: meeting.ArchiveFormat, Version: meeting.ArchiveVersion}
	return a, ReadArchiveFrom(bytes.NewReader(data), a.Add)
}

func TestReadArchiveFromReadsWhatReadArchiveReads(t *testing.T) {
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	data, err := JSON(a)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReadArchive(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := read(data)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if !bytes.Equal(g, w) {
		t.Fatal("ReadArchiveFrom read other records than ReadArchive")
	}
}

// TestReadArchiveFromRefusesAsReadArchive: every bad file ReadArchive refuses is refused by the
// streaming reader with the same words, line numbers included.
func TestReadArchiveFromRefusesAsReadArchive(t *testing.T) {
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	good, err := JSON(a)
	if err != nil {
		t.Fatal(err)
	}
	g := string(good)
	firstID := regexp.MustCompile(`"id": [0-9]+,`).FindString(g)
	for name, data := range map[string]string{
		"unknown list":   strings.Replace(g, `"villages"`, `"villagez"`, 1),
		"unknown field":  strings.Replace(g, `"households"`, `"householdz"`, 1),
		"newer":          strings.Replace(g, `"version": 2`, `"version": 3`, 1),
		"other":          `{"format":"excel"}`,
		"empty":          ``,
		"cut short":      g[:len(g)/2],
		"huge id":        strings.Replace(g, firstID, `"id": 1e300,`, 1),
		"broken json":    strings.Replace(g, `"meetings": [`, `"meetings": [,`, 1),
		"a date no date": strings.Replace(g, `"2026-`, `"2026-13-`, 1),
	} {
		_, want := ReadArchive([]byte(data))
		_, got := read([]byte(data))
		if want == nil || got == nil || got.Error() != want.Error() {
			t.Errorf("%s:\n got  %v\n want %v", name, got, want)
		}
	}
	// ReadArchive calls data after the archive broken JSON; the stream says what it is.
	if _, err := read([]byte(g + `{"format":"yishi-archive"}`)); err == nil || !strings.Contains(err.Error(), "多余的内容") {
		t.Errorf("trailing data: %v", err)
	}
}

func TestArrayWriterWritesWhatJSONWrites(t *testing.T) {
	type row struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
		Tags []int  `json:"tags"`
	}
	for _, rows := range [][]row{{}, {{1, "阿北村 <&>", nil}}, {{1, "a", []int{1, 2}}, {2, "b", nil}}} {
		want, err := JSON(rows)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		aw := NewArrayWriter(&buf, "")
		for _, r := range rows {
			if err := aw.Add(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := aw.Close(); err != nil {
			t.Fatal(err)
		}
		if buf.String() != string(want) {
			t.Errorf("streamed %q; JSON writes %q", buf.String(), want)
		}
	}
}
