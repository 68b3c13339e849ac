package core_test

import (
	"errors"
	"testing"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/meeting/demo"
)

// demoWithOpenMeeting is the demo village with a new consultation being recorded.
func demoWithOpenMeeting(t *testing.T) (core.Store, meeting.Meeting) {
	t.Helper()
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	base, err := s.Meeting(demo.AbeiID(5)) // the demo's 庭院说事
	if err != nil {
		t.Fatal(err)
	}
	m := meeting.Meeting{VillageID: base.VillageID, Kind: base.Kind, Form: base.Form, Title: "三组卫生",
		Start: testkit.FixedNow, Host: base.Host, Recorder: base.Recorder, Status: meeting.Draft,
		Items: []meeting.Item{{N: 1, Title: "三组卫生"}}}
	if err := core.OpenMeeting(s, &m); err != nil {
		t.Fatal(err)
	}
	return s, m
}

func TestOpenMeetingMakesItCurrent(t *testing.T) {
	s, m := demoWithOpenMeeting(t)
	if m.ID == 0 {
		t.Fatal("the meeting got no ID")
	}
	if cur, err := s.Current(); err != nil || cur != m.ID {
		t.Errorf("current %d, %v; want %d", cur, err, m.ID)
	}
	bad := m
	bad.Title, bad.Items = "", nil
	bad.Host = meeting.Ref{}
	n := len(must(s.Meetings(m.VillageID)))
	if err := core.OpenMeeting(s, &bad); err == nil {
		t.Error("a meeting without host was opened")
	}
	if got := len(must(s.Meetings(m.VillageID))); got != n {
		t.Errorf("a refused meeting was written: %d meetings, want %d", got, n)
	}
}

func TestRecordStatementWritesGuestAndDropsDraft(t *testing.T) {
	s, m := demoWithOpenMeeting(t)
	if err := core.SaveDraft(s, meeting.StatementDraft{MeetingID: m.ID, Item: 1, Text: "半句"}); err != nil {
		t.Fatal(err)
	}
	people := must(s.People(m.VillageID))
	g := meeting.GuestNamed(people, m.VillageID, "过路的王师傅")
	st := meeting.Statement{MeetingID: m.ID, Item: 1, Speaker: meeting.Ref{Name: g.Name}, At: testkit.FixedNow,
		Kind: meeting.Concern, Text: "垃圾车两天才来一次"}
	if err := core.RecordStatement(s, &st, &g); err != nil {
		t.Fatal(err)
	}
	if g.ID == 0 || st.Speaker.PersonID != g.ID || st.ID == 0 {
		t.Errorf("guest %d, speaker %d, statement %d", g.ID, st.Speaker.PersonID, st.ID)
	}
	if got := len(must(s.People(m.VillageID))); got != len(people)+1 {
		t.Errorf("%d people, want %d", got, len(people)+1)
	}
	if _, has, _ := s.Draft(m.ID); has {
		t.Error("the draft outlived the statement")
	}
	// The same name again is the same person: no second guest.
	again := meeting.GuestNamed(must(s.People(m.VillageID)), m.VillageID, "过路的王师傅")
	st2 := meeting.Statement{MeetingID: m.ID, Item: 1, Speaker: meeting.Ref{Name: again.Name}, At: testkit.FixedNow,
		Kind: meeting.Concern, Text: "再说一句"}
	if err := core.RecordStatement(s, &st2, &again); err != nil {
		t.Fatal(err)
	}
	if again.ID != g.ID || len(must(s.People(m.VillageID))) != len(people)+1 {
		t.Errorf("the remembered guest was written again: %d vs %d", again.ID, g.ID)
	}
}

func TestRecordStatementOnSealedMeetingWritesNothing(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	sealed := must(s.Meeting(demo.AbeiID(5)))
	people := must(s.People(sealed.VillageID))
	before := len(must(s.Statements(sealed.ID)))
	g := meeting.Person{VillageID: sealed.VillageID, Name: "新来的人", Guest: true}
	st := meeting.Statement{MeetingID: sealed.ID, Item: 1, Speaker: meeting.Ref{Name: g.Name}, At: testkit.FixedNow,
		Kind: meeting.Concern, Text: "补一句"}
	if err := core.RecordStatement(s, &st, &g); !errors.Is(err, meeting.ErrSealed) {
		t.Fatalf("a statement on a sealed meeting: %v", err)
	}
	if g.ID != 0 || st.ID != 0 || st.Speaker.PersonID != 0 {
		t.Errorf("IDs left set after the refusal: guest %d, statement %d", g.ID, st.ID)
	}
	if len(must(s.People(sealed.VillageID))) != len(people) || len(must(s.Statements(sealed.ID))) != before {
		t.Error("the refused statement wrote its guest or itself")
	}
}

func TestSealMeetingRefusesADraftNotShown(t *testing.T) {
	s, m := demoWithOpenMeeting(t)
	if err := core.SaveDraft(s, meeting.StatementDraft{MeetingID: m.ID, Item: 1, Text: "刚打的一句"}); err != nil {
		t.Fatal(err)
	}
	shown := &meeting.StatementDraft{MeetingID: m.ID, Text: "早先的一句"}
	for _, d := range []*meeting.StatementDraft{nil, shown} {
		if _, err := core.SealMeeting(s, m, testkit.FixedNow, d, testkit.FixedNow); !errors.Is(err, core.ErrUnsavedDraft) {
			t.Fatalf("sealing over a draft not shown (%v): %v", d, err)
		}
	}
	if got := must(s.Meeting(m.ID)); got.Status != meeting.Draft {
		t.Error("the refused seal was written")
	}
	if _, has, _ := s.Draft(m.ID); !has {
		t.Error("the refused seal dropped the draft")
	}
	// Shown and dropped by the recorder: sealed, the draft gone, nothing reopens at start.
	got, err := core.SealMeeting(s, m, testkit.FixedNow, &meeting.StatementDraft{Text: "刚打的一句"}, testkit.FixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != meeting.Final || got.Seal == "" {
		t.Errorf("not sealed: %+v", got)
	}
	if _, has, _ := s.Draft(m.ID); has {
		t.Error("the draft outlived the seal")
	}
	if cur, _ := s.Current(); cur != 0 {
		t.Errorf("the sealed meeting still reopens at start: %d", cur)
	}
}

func TestPostNoticeRefusedWritesNothing(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	x := must(s.Matter(demo.AbeiID(3))) // the street lights, still being deliberated
	v := must(s.Village(x.VillageID))
	before := len(must(s.Notices(v.ID)))
	n := meeting.Notice{MatterID: x.ID, Kind: meeting.ResolutionNotice, Text: "决议公告",
		Postings: []meeting.Posting{{Where: "村务公开栏", From: meeting.DateOf(testkit.FixedNow), To: v.Settings.PostingEnd(meeting.DateOf(testkit.FixedNow))}}}
	if _, err := core.PostNotice(s, v.Settings, n); err == nil {
		t.Fatal("a resolution notice was posted before the resolution")
	}
	if len(must(s.Notices(v.ID))) != before || len(must(s.Matter(demo.AbeiID(3))).History) != len(x.History) {
		t.Error("the refused posting wrote a notice or moved the matter")
	}
}

func TestCreateVillageRefusedWritesNothing(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	before := len(must(s.Villages()))
	v := meeting.Village{Name: ""}
	if err := core.CreateVillage(s, &v, []meeting.Person{{Name: "张三"}}); err == nil {
		t.Fatal("a village without a name was created")
	}
	if len(must(s.Villages())) != before {
		t.Error("the refused village was written")
	}
	ok := must(s.Villages())[0]
	ok.ID, ok.Name = 0, "新村"
	if err := core.CreateVillage(s, &ok, []meeting.Person{{Name: "张三"}, {Name: "李四"}}); err != nil {
		t.Fatal(err)
	}
	if ok.ID == 0 || len(must(s.People(ok.ID))) != 2 {
		t.Errorf("village %d with %d people", ok.ID, len(must(s.People(ok.ID))))
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
