package storage

import (
	"testing"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// TestGenerationCounts: a village's generation changes with a write of one of its records, not
// with another village's, nor with a draft; an import changes every village's.
func TestGenerationCounts(t *testing.T) {
	s := openDir(t, t.TempDir())
	defer s.Close()
	if err := s.Import(demo.Synthetic(2, 1, nil), nil); err != nil {
		t.Fatal(err)
	}
	vs, err := s.Villages()
	if err != nil || len(vs) != 2 {
		t.Fatalf("%d villages, %v", len(vs), err)
	}
	a, b := vs[0], vs[1]
	ga, gb := s.Generation(a.ID), s.Generation(b.ID)
	ms, err := s.Meetings(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutDraft(meeting.StatementDraft{MeetingID: ms[0].ID, Item: 1, Text: "路灯"}); err != nil {
		t.Fatal(err)
	}
	if s.Generation(a.ID) != ga {
		t.Error("a draft changed the village's generation")
	}
	p, err := s.People(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	p[0].Phone = "13800000000"
	if err := s.PutPerson(&p[0]); err != nil {
		t.Fatal(err)
	}
	if s.Generation(a.ID) == ga || s.Generation(b.ID) != gb {
		t.Errorf("after a write to %s: generations %d→%d, %d→%d", a.Name, ga, s.Generation(a.ID), gb, s.Generation(b.ID))
	}
	ga = s.Generation(a.ID)
	if _, err := s.Collect(meeting.ArchiveFormat, meeting.ArchiveVersion, demo.Synthetic(2, 1, nil).EachRecord, nil, CollectOptions{}); err != nil {
		t.Fatal(err)
	}
	if s.Generation(a.ID) == ga || s.Generation(b.ID) == gb {
		t.Error("a collecting import left the generations as they were")
	}
}
