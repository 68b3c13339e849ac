package export

import (
	"strings"
	"testing"

	"yishi/meeting"
	"yishi/meeting/demo"
)

func TestArchiveJSONRoundTrip(t *testing.T) {
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	first, err := JSON(a)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadArchive(first)
	if err != nil {
		t.Fatal(err)
	}
	second, err := JSON(b)
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != string(second) {
		t.Fatal("JSON → ReadArchive → JSON changed the bytes")
	}
	if !strings.Contains(string(first), "阿北村") || strings.Contains(string(first), `\u`) {
		t.Error("Chinese is escaped in the interchange format")
	}
}

func TestReadArchiveRefuses(t *testing.T) {
	good, err := JSON(&meeting.Archive{Format: meeting.ArchiveFormat, Version: meeting.ArchiveVersion})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadArchive(good); err != nil {
		t.Fatalf("an empty archive is refused: %v", err)
	}
	for name, data := range map[string]string{
		"trailing data": string(good) + `{"format":"yishi-archive"}`,
		"unknown field": strings.Replace(string(good), `"villages"`, `"villagez"`, 1),
		"newer":         strings.Replace(string(good), `"version": 2`, `"version": 3`, 1),
		"other":         `{"format":"excel"}`,
		"empty":         ``,
	} {
		if _, err := ReadArchive([]byte(data)); err == nil || !strings.Contains(err.Error(), "没有导入任何内容") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
