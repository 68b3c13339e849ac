package demo

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"yishi/meeting"
)

func mustAbei(t *testing.T) *meeting.Archive {
	t.Helper()
	a, err := Abei()
	if err != nil {
		t.Fatalf("Abei: %v", err)
	}
	return a
}

func meetingByID(t *testing.T, a *meeting.Archive, id meeting.ID) meeting.Meeting {
	t.Helper()
	for _, m := range a.Meetings {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("no meeting %d", id)
	return meeting.Meeting{}
}

// The embedded roster is the fixture's, kept also in ../testdata for the roster tests.
func TestAbeiRosterIsTheFixture(t *testing.T) {
	b, err := os.ReadFile("../testdata/roster-abei.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, abeiRoster) {
		t.Error("roster-abei.csv here and in ../testdata differ")
	}
}

func TestAbeiDeterministic(t *testing.T) {
	x, err := json.Marshal(mustAbei(t))
	if err != nil {
		t.Fatal(err)
	}
	y, _ := json.Marshal(mustAbei(t))
	if !bytes.Equal(x, y) {
		t.Fatal("two calls of Abei give different archives")
	}
	// The interchange form reads back to the same archive.
	var back meeting.Archive
	if err := json.Unmarshal(x, &back); err != nil {
		t.Fatal(err)
	}
	z, _ := json.Marshal(&back)
	if !bytes.Equal(x, z) {
		t.Fatal("the archive does not survive a JSON round trip")
	}
}

func TestAbeiShape(t *testing.T) {
	a := mustAbei(t)
	if a.Format != meeting.ArchiveFormat || a.Version != meeting.ArchiveVersion {
		t.Errorf("format %q version %d", a.Format, a.Version)
	}
	if len(a.Villages) != 1 {
		t.Fatalf("%d villages", len(a.Villages))
	}
	v := a.Villages[0]
	if v.Name != "阿北村" || v.Households != 312 || v.Adults != 860 || v.ID != AbeiID(1) {
		t.Errorf("village %+v", v)
	}
	// Raised to the 2025 text's 15 days on 2026-01-01; its 2025 notices keep the 7 days of then.
	if v.Settings.ObjectionContact == "" || v.Settings.MinPostingDays != 15 ||
		v.Settings.Value(meeting.FigPostingDays, meeting.NewDate(2025, 12, 31)) != 7 ||
		v.Settings.Value(meeting.FigPostingDays, meeting.Law2025From) != 15 {
		t.Errorf("settings %+v", v.Settings)
	}
	roster := 0
	for i, p := range a.People {
		if p.ID.Local() != uint32(i+1) || p.VillageID != v.ID {
			t.Errorf("person %d: ID %d village %d", i, p.ID, p.VillageID)
		}
		if !p.Guest {
			roster++
		}
	}
	if roster != 45 {
		t.Errorf("%d people on the roster, want 45", roster)
	}
	check := func(kind string, n int, id func(int) meeting.ID) {
		for i := 0; i < n; i++ {
			if id(i).Local() != uint32(i+1) {
				t.Errorf("%s %d has ID %d", kind, i, id(i))
			}
		}
	}
	check("meeting", len(a.Meetings), func(i int) meeting.ID { return a.Meetings[i].ID })
	check("statement", len(a.Statements), func(i int) meeting.ID { return a.Statements[i].ID })
	check("matter", len(a.Matters), func(i int) meeting.ID { return a.Matters[i].ID })
	check("notice", len(a.Notices), func(i int) meeting.ID { return a.Notices[i].ID })
	check("assignment", len(a.Assignments), func(i int) meeting.ID { return a.Assignments[i].ID })
	check("amendment", len(a.Amendments), func(i int) meeting.ID { return a.Amendments[i].ID })

	var last time.Time
	for _, m := range a.Meetings {
		if m.Status != meeting.Final && m.Status != meeting.Draft {
			t.Errorf("meeting %d has status %q", m.ID, m.Status)
		}
		if m.Start.Location() != meeting.Beijing || m.End.Location() != meeting.Beijing {
			t.Errorf("meeting %d is not in Beijing time", m.ID)
		}
		// The quarterly routine meetings and the year's 村民会议 (14-24) were entered after the story's, back-filled
		// from the village's paper minutes: each group is in date order.
		if m.ID.Local() == 14 {
			last = time.Time{}
		}
		if m.Start.Before(last) {
			t.Errorf("meeting %d starts before the one before it", m.ID)
		}
		last = m.Start
	}
	for _, s := range a.Statements {
		m := meetingByID(t, a, s.MeetingID)
		if s.At.Location() != meeting.Beijing || s.At.Before(m.Start) || s.At.After(m.End) {
			t.Errorf("statement %d at %v is outside its meeting %d (%v-%v)", s.ID, s.At, m.ID, m.Start, m.End)
		}
		if n := len([]rune(s.Text)); n < 10 {
			t.Errorf("statement %d is short: %q", s.ID, s.Text)
		}
	}
}

func TestAbeiEvening(t *testing.T) {
	a := mustAbei(t)
	var ev meeting.Meeting
	for _, m := range a.Meetings {
		if m.Form == "夜话乡村" {
			ev = m
		}
	}
	if ev.ID == 0 {
		t.Fatal("no 夜话乡村")
	}
	if ev.Kind != meeting.Consultation || ev.Place != "村广场凉亭" || meeting.DateOf(ev.Start) != EveningDate ||
		ev.Start.Hour() != 19 || ev.Start.Minute() != 30 {
		t.Errorf("evening header %+v", ev)
	}
	if ev.Host.Name != "金昌义" || ev.Recorder.Name != "何晓宇" {
		t.Errorf("host %v recorder %v", ev.Host, ev.Recorder)
	}
	if ev.Attendance.Present != 23 || len(ev.Attendance.Attendees) != 23 {
		t.Errorf("present %d, listed %d; want 23", ev.Attendance.Present, len(ev.Attendance.Attendees))
	}
	if obs := ev.Attendance.Observers; len(obs) != 1 || obs[0].Post == "" {
		t.Errorf("observers %+v", obs)
	}
	var kinds []meeting.OutcomeKind
	for _, it := range ev.Items {
		if it.Outcome == nil {
			t.Fatalf("item %d has no outcome", it.N)
		}
		kinds = append(kinds, it.Outcome.Kind)
	}
	if want := []meeting.OutcomeKind{meeting.ToMatter, meeting.Assigned, meeting.Answered}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("outcomes %v, want %v", kinds, want)
	}
	answers := 0
	for _, s := range a.Statements {
		if s.MeetingID == ev.ID && s.Kind == meeting.Answer && s.Speaker.Name == "金昌义" {
			answers++
		}
	}
	if answers < 2 {
		t.Errorf("the secretary answers %d times", answers)
	}

	// The chairs and the water dispenser: handed to 刘恒军 within 7 days, done.
	as := ev.Items[1].Outcome.AssignmentID
	x := a.Assignments[as.Local()-1]
	if x.ID != as || x.Owner.Name != "刘恒军" || x.Deadline.Sub(x.Assigned) != 7 || x.Assigned != EveningDate ||
		x.Urgency != meeting.AtOnce || x.Done.IsZero() || x.Result == "" || x.Feedback == "" {
		t.Errorf("assignment %+v", x)
	}
	if x.From == nil || *x.From != (meeting.ItemRef{MeetingID: ev.ID, Item: 2}) {
		t.Errorf("assignment from %v", x.From)
	}

	// The computer and the sound system: a matter.
	mid := ev.Items[0].Outcome.MatterID
	mt := a.Matters[mid.Local()-1]
	if mt.Amount != meeting.Yuan(23000) || mt.Category != "集体收入使用" || mt.Origin == nil ||
		*mt.Origin != (meeting.ItemRef{MeetingID: ev.ID, Item: 1}) {
		t.Errorf("matter %+v", mt)
	}
}

func TestAbeiMatter(t *testing.T) {
	a := mustAbei(t)
	s := a.Villages[0].Settings
	mt := a.Matters[1]
	if mt.Title != "为党群服务中心添置电脑和音响设备" {
		t.Fatalf("matter 2 is %q", mt.Title)
	}
	if mt.Stage() != meeting.ResultPosted {
		t.Errorf("stage %s", mt.Stage())
	}
	var stages []meeting.Stage
	for _, e := range mt.History {
		stages = append(stages, e.Stage)
	}
	want := []meeting.Stage{meeting.Proposed, meeting.Deliberated, meeting.Reviewed, meeting.Resolved,
		meeting.ResolutionPosted, meeting.Implemented, meeting.ResultPosted}
	if !reflect.DeepEqual(stages, want) {
		t.Errorf("history %v, want %v", stages, want)
	}
	bodies := []meeting.Body{meeting.BranchCommittee, meeting.TwoCommittees, meeting.PartyAssembly, meeting.RepresentativeAssembly}
	type counts struct{ expected, present, ayes, noes, abst int }
	wantCounts := map[meeting.Body]counts{
		meeting.BranchCommittee:        {3, 3, 3, 0, 0},
		meeting.TwoCommittees:          {5, 5, 5, 0, 0},
		meeting.PartyAssembly:          {19, 17, 16, 0, 1},
		meeting.RepresentativeAssembly: {30, 25, 21, 2, 2},
	}
	prev := meeting.DateOf(meetingByID(t, a, mt.Origin.MeetingID).Start)
	for i, b := range bodies {
		e := mt.History[i]
		if e.By == nil {
			t.Fatalf("%s has no meeting", e.Stage)
		}
		m := meetingByID(t, a, e.By.MeetingID)
		if m.Kind != meeting.Formal || m.Body != b || m.Status != meeting.Final {
			t.Errorf("stage %s by %s %s (%s)", e.Stage, m.Kind, m.Body, m.Status)
		}
		if gap := meeting.DateOf(m.Start).Sub(prev); gap < 3 || gap > 10 {
			t.Errorf("%s %d days after the step before", b.Label(), gap)
		}
		prev = meeting.DateOf(m.Start)
		it, _ := m.Item(e.By.Item)
		if it.MatterID != mt.ID || it.Step != e.Stage || it.Resolution == "" {
			t.Errorf("item %+v", it)
		}
		d := s.Verdict(m.Body, meeting.DateOf(m.Start), m.Attendance, *it.Vote, nil)
		got := counts{d.Expected, d.Present, d.Ayes, d.Noes, d.Abstained}
		if !d.Quorate || !d.Passed || got != wantCounts[b] {
			t.Errorf("%s: %s (%+v)", b.Label(), d.Arithmetic(), got)
		}
		if len(m.Attendance.Attendees) != m.Attendance.Present {
			t.Errorf("%s: %d attendees listed, %d present", b.Label(), len(m.Attendance.Attendees), m.Attendance.Present)
		}
		if err := m.Attendance.Validate(); err != nil {
			t.Errorf("%s: %v", b.Label(), err)
		}
	}
	pa := meetingByID(t, a, mt.History[2].By.MeetingID)
	if len(pa.Attendance.Excused) != 2 || len(pa.Attendance.Absent) != 2 {
		t.Errorf("党员大会 excused %v absent %v", pa.Attendance.Excused, pa.Attendance.Absent)
	}
	for _, x := range append(pa.Attendance.Excused, pa.Attendance.Absent...) {
		if x.Reason == "" {
			t.Errorf("%s has no reason", x.Who.Name)
		}
	}
	ra := meetingByID(t, a, mt.History[3].By.MeetingID)
	rv, _ := ra.Item(mt.History[3].By.Item)
	if rv.Vote.Method != meeting.SecretBallot || len(rv.Vote.Tellers) != 2 {
		t.Errorf("村民代表会议 vote %+v", rv.Vote)
	}
	director := false
	for _, r := range ra.Attendance.Attendees {
		director = director || r.Name == "金昌义"
	}
	if !director {
		t.Error("the committee director is not counted at the representatives' meeting")
	}

	// The notices: resolution and result, posted at least 7 days, signed off by the supervision chair.
	for i, kind := range []meeting.NoticeKind{meeting.ResolutionNotice, meeting.ResultNotice} {
		e := mt.History[4+2*i]
		n := a.Notices[e.NoticeID.Local()-1]
		if n.ID != e.NoticeID || n.Kind != kind || n.MatterID != mt.ID {
			t.Errorf("notice %+v", n)
		}
		if len(n.Postings) != 2 || n.Postings[0].Days() < 7 || n.Supervision == nil || n.Supervision.By.Name != "董建国" {
			t.Errorf("notice %d postings %+v supervision %+v", n.ID, n.Postings, n.Supervision)
		}
	}
	impl := mt.Implementation
	if impl == nil || impl.Acceptance == "" || impl.Budget != meeting.Yuan(23000) || impl.Spent <= 0 || impl.Spent > impl.Budget ||
		len(impl.Progress) == 0 || impl.Started.IsZero() {
		t.Errorf("implementation %+v", impl)
	}
}

// TestAbeiVotes holds every formal vote of the demo against its rule.
func TestAbeiVotes(t *testing.T) {
	a := mustAbei(t)
	checkVotesPass(t, a)
	// The other matters: last year's closed, this autumn's waiting for the party members.
	if st := a.Matters[0].Stage(); st != meeting.ResultPosted {
		t.Errorf("matter 1 at %s", st)
	}
	if st := a.Matters[2].Stage(); st != meeting.Deliberated {
		t.Errorf("matter 3 at %s", st)
	}
}

func checkVotesPass(t *testing.T, a *meeting.Archive) {
	t.Helper()
	settings := map[meeting.ID]meeting.Settings{}
	for _, v := range a.Villages {
		settings[v.ID] = v.Settings
	}
	votes := 0
	for _, m := range a.Meetings {
		for _, it := range m.Items {
			if m.Kind != meeting.Formal {
				if it.Vote != nil {
					t.Errorf("consultation %d has a vote", m.ID)
				}
				continue
			}
			if it.Vote == nil {
				continue
			}
			votes++
			d := settings[m.VillageID].Verdict(m.Body, meeting.DateOf(m.Start), m.Attendance, *it.Vote, nil)
			if !d.Quorate || !d.Passed {
				t.Errorf("meeting %d item %d: %s", m.ID, it.N, d.Arithmetic())
			}
		}
	}
	if votes == 0 {
		t.Error("no formal votes")
	}
}

// ledger gathers the records of village v for the compliance checks.
func ledger(a *meeting.Archive, v meeting.Village) meeting.Ledger {
	l := meeting.Ledger{Village: v}
	for _, m := range a.Meetings {
		if m.VillageID == v.ID {
			l.Meetings = append(l.Meetings, m)
		}
	}
	for _, m := range a.Matters {
		if m.VillageID == v.ID {
			l.Matters = append(l.Matters, m)
		}
	}
	for _, n := range a.Notices {
		if n.VillageID == v.ID {
			l.Notices = append(l.Notices, n)
		}
	}
	for _, x := range a.Assignments {
		if x.VillageID == v.ID {
			l.Assignments = append(l.Assignments, x)
		}
	}
	return l
}

func TestAbeiValidAndCompliant(t *testing.T) {
	a := mustAbei(t)
	if err := a.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	for _, today := range []meeting.Date{
		meeting.NewDate(2026, time.November, 23),
		meeting.NewDate(2027, time.June, 1),
		meeting.NewDate(2030, time.January, 1),
	} {
		// The demo's record ends in 2026: the quarters after it have no meetings by
		// construction, which the frequency checks rightly report; nothing else may show.
		var fs []meeting.Finding
		for _, f := range ledger(a, a.Villages[0]).Check(today) {
			if today.Before(meeting.NewDate(2027, time.January, 1)) || !frequencyCode(f.Code) {
				fs = append(fs, f)
			}
		}
		if len(fs) != 0 {
			t.Errorf("as of %s the demo has findings: %+v", today, fs)
		}
	}
}

// frequencyCode tells the findings of how often the bodies meet.
func frequencyCode(code string) bool {
	return code == meeting.CodeRepsQuarterly || code == meeting.CodeAssemblyYearly || code == meeting.CodePartyQuarterly
}

func TestSyntheticDeterministic(t *testing.T) {
	var calls [][2]int
	a := Synthetic(2, 1, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if want := [][2]int{{1, 2}, {2, 2}}; !reflect.DeepEqual(calls, want) {
		t.Errorf("progress calls %v, want %v", calls, want)
	}
	x, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	y, _ := json.Marshal(Synthetic(2, 1, nil))
	if !bytes.Equal(x, y) {
		t.Fatal("two calls of Synthetic give different archives")
	}
	checkVotesPass(t, a)
	if len(a.Villages) != 2 || a.Villages[0].Name == a.Villages[1].Name {
		t.Errorf("villages %+v", a.Villages)
	}
	// A village does not depend on how many come after it.
	big := Synthetic(3, 1, nil)
	if !reflect.DeepEqual(big.Villages[:2], a.Villages) || !reflect.DeepEqual(big.People[:len(a.People)], a.People) {
		t.Error("the first villages of a larger archive differ")
	}
}

func TestSyntheticShape(t *testing.T) {
	const villages, years = 2, 2
	a := Synthetic(villages, years, nil)
	checkVotesPass(t, a)
	if err := a.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	perVillage := map[meeting.ID]int{}
	for _, p := range a.People {
		perVillage[p.VillageID]++
		if !meeting.ValidIDCard(p.IDCard) || !meeting.ValidPhone(p.Phone) {
			t.Errorf("%s: ID card %s, phone %s", p.Name, p.IDCard, p.Phone)
		}
		if n := len([]rune(p.Name)); n < 2 || n > 3 {
			t.Errorf("name %q", p.Name)
		}
	}
	for _, v := range a.Villages {
		if n := perVillage[v.ID]; n < 45 || n > 60 {
			t.Errorf("village %s has %d people", v.Name, n)
		}
		// The synthetic township models the matters and their meetings, not the routine
		// quarterly and yearly meetings: the frequency checks are the only findings it may have.
		for _, f := range ledger(a, v).Check(meeting.NewDate(2026, time.December, 31)) {
			if !frequencyCode(f.Code) {
				t.Errorf("village %s has finding %+v", v.Name, f)
			}
		}
	}
	// 62 consultations and 8 formal meetings a year: 20 villages x 10 years are 14,000 meetings.
	if n := len(a.Meetings); n != villages*years*70 {
		t.Errorf("%d meetings, want %d", n, villages*years*70)
	}
	for _, m := range a.Matters {
		if m.Stage() != meeting.ResultPosted {
			t.Errorf("matter %d at %s", m.ID, m.Stage())
		}
	}
	if n := len(a.Matters); n != villages*years*4 {
		t.Errorf("%d matters", n)
	}
	first, last := meeting.NewDate(2026-years+1, time.January, 1), meeting.NewDate(2026, time.December, 31)
	statements := map[meeting.ID]int{}
	for _, s := range a.Statements {
		statements[s.MeetingID]++
		if n := len([]rune(s.Text)); n < 20 || n > 120 {
			t.Errorf("statement %d has %d characters: %s", s.ID, n, s.Text)
		}
	}
	lastStart := map[meeting.ID]time.Time{}
	for _, m := range a.Meetings {
		d := meeting.DateOf(m.Start)
		if d.Before(first) || d.After(last) {
			t.Errorf("meeting %d on %s", m.ID, d)
		}
		if !m.Start.After(lastStart[m.VillageID]) || !m.End.After(m.Start) {
			t.Errorf("meeting %d (%v-%v) is out of order", m.ID, m.Start, m.End)
		}
		lastStart[m.VillageID] = m.End
		if m.Kind == meeting.Consultation {
			if n := len(m.Items); n < 2 || n > 6 {
				t.Errorf("consultation %d has %d items", m.ID, n)
			}
			if n := statements[m.ID]; n < 16 || n > 46 {
				t.Errorf("consultation %d has %d statements", m.ID, n)
			}
		}
	}
	if len(a.Assignments) == 0 || len(a.Notices) != 2*len(a.Matters) {
		t.Errorf("%d assignments, %d notices", len(a.Assignments), len(a.Notices))
	}
	// About 28 statements a meeting (400,000 for the township of 14,000 meetings).
	if per := float64(len(a.Statements)) / float64(len(a.Meetings)); per < 26 || per > 31 {
		t.Errorf("%.1f statements a meeting", per)
	}
	// The search benchmark runs on this text: remarks are not a handful of templates.
	texts := map[string]bool{}
	for _, s := range a.Statements {
		texts[s.Text] = true
	}
	if n := len(texts); n < len(a.Statements)*4/5 {
		t.Errorf("%d different remarks among %d statements", n, len(a.Statements))
	}
	for _, s := range a.Statements {
		if strings.Contains(s.Text, "{") || strings.Contains(s.Text, "}") {
			t.Errorf("statement %d has an unfilled slot: %s", s.ID, s.Text)
		}
	}
	for _, x := range a.Assignments {
		if strings.ContainsAny(x.Task+x.Result, "{}") {
			t.Errorf("assignment %d has an unfilled slot: %+v", x.ID, x)
		}
	}
	for _, m := range a.Meetings {
		for _, it := range m.Items {
			if strings.ContainsAny(it.Title, "{}") || it.Outcome != nil && strings.ContainsAny(it.Outcome.Answer, "{}") {
				t.Errorf("meeting %d item %d has an unfilled slot: %+v", m.ID, it.N, it)
			}
		}
	}
}

func TestSyntheticEmpty(t *testing.T) {
	a := Synthetic(0, 3, nil)
	if len(a.Villages) != 0 || a.Format != meeting.ArchiveFormat {
		t.Errorf("%+v", a)
	}
	if err := a.Validate(); err != nil {
		t.Error(err)
	}
}

func BenchmarkSynthetic(b *testing.B) {
	for b.Loop() {
		Synthetic(5, 5, nil)
	}
}

// TestSealsChain: every final meeting of the demo and of a synthetic archive carries a seal that
// verifies, chained per village in the order the meetings were sealed.
func TestSealsChain(t *testing.T) {
	abei, err := Abei()
	if err != nil {
		t.Fatal(err)
	}
	for name, a := range map[string]*meeting.Archive{"abei": abei, "synthetic": Synthetic(2, 1, nil)} {
		stmts := map[meeting.ID][]meeting.Statement{}
		for _, s := range a.Statements {
			stmts[s.MeetingID] = append(stmts[s.MeetingID], s)
		}
		sealed := 0
		for _, v := range a.Villages {
			var mine []meeting.Meeting
			for _, m := range a.Meetings {
				if m.VillageID == v.ID && m.Status == meeting.Final {
					mine = append(mine, m)
				}
			}
			// Walk the chain back from the last sealed meeting.
			for len(mine) > 0 {
				last, _ := meeting.LastSealed(mine)
				rest := mine[:0:0]
				for _, m := range mine {
					if m.ID != last.ID {
						rest = append(rest, m)
					}
				}
				prev := ""
				if p, ok := meeting.LastSealed(rest); ok {
					prev = p.Seal
				}
				if last.Seal == "" || !meeting.VerifySeal(last, stmts[last.ID], prev) {
					t.Errorf("%s: meeting %d's seal does not verify against the one before it", name, last.ID)
				}
				sealed++
				mine = rest
			}
		}
		if sealed == 0 {
			t.Errorf("%s: no sealed meeting", name)
		}
	}
}

// TestNoticeSeals: every posted notice of the demo carries a seal that verifies.
func TestNoticeSeals(t *testing.T) {
	a, err := Abei()
	if err != nil {
		t.Fatal(err)
	}
	meetings := map[meeting.ID]meeting.Meeting{}
	for _, m := range a.Meetings {
		meetings[m.ID] = m
	}
	for _, n := range a.Notices {
		if n.Seal == "" || !meeting.VerifyNotice(n, a.Matters[n.MatterID.Local()-1], meetings) {
			t.Errorf("notice %d (%s) has no seal that verifies", n.ID, n.Title)
		}
	}
}
