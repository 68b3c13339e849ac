package meeting

import (
	"strings"
	"testing"
)

// repsMeeting is a sealed 村民代表会议 on day, announced notice days ahead (none when < 0).
func repsMeeting(id ID, b Body, day Date, notice int) Meeting {
	m := formal(id, b, day, 30, 25, 25)
	m.Items[0].MatterID = 0
	m.Status = Final
	if notice >= 0 {
		m.NoticeOn = day.AddDays(-notice)
	}
	return m
}

func findings(fs []Finding, code string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// TestCheckFrequency: a quarter over without a 村民代表会议 is a violation citing the text in
// force in it (2018 art. 26 before 2026, 2025 art. 30 after); a year over without a 村民会议 is
// one from 2026 only (2025 art. 25); a quarter without a 党员大会 is a reminder; the period under
// way is shown as ongoing. Periods count from the one after the village's first meeting.
func TestCheckFrequency(t *testing.T) {
	l := Ledger{Village: Village{ID: 1, Name: "阿北村", Settings: Defaults()}}
	for i, d := range []Date{NewDate(2025, 5, 6), NewDate(2025, 8, 5), NewDate(2026, 2, 3)} {
		l.Meetings = append(l.Meetings, repsMeeting(ID(2*i+1), RepresentativeAssembly, d, 5), repsMeeting(ID(2*i+2), PartyAssembly, d, -1))
	}
	// Q4 2025 and Q2 2026 have none. 2026-06-30 is the last day of Q2: not over yet.
	for _, c := range []struct {
		today Date
		reps  []string // the quarters reported, with the article cited
	}{
		{NewDate(2025, 12, 31), nil},
		{NewDate(2026, 1, 1), []string{"2025 年第四季度|（2018）第二十六条"}},
		{NewDate(2026, 6, 30), []string{"2025 年第四季度|（2018）第二十六条"}},
		{NewDate(2026, 7, 1), []string{"2025 年第四季度|（2018）第二十六条", "2026 年第二季度|（2025）第三十条"}},
	} {
		all := l.Attention(c.today)
		got := findings(all, CodeRepsQuarterly)
		if len(got) != len(c.reps) {
			t.Errorf("on %s: %d quarters reported, want %d: %+v", c.today, len(got), len(c.reps), got)
			continue
		}
		for i, want := range c.reps {
			q, art, _ := strings.Cut(want, "|")
			if f := got[i]; f.Severity != Violation || !strings.Contains(f.Text, q) || !strings.Contains(f.Text, art) || f.Todo == "" {
				t.Errorf("on %s: %+v, want %s citing %s", c.today, f, q, art)
			}
		}
		for _, f := range findings(all, CodePartyQuarterly) {
			if f.Severity != Reminder || f.Problem() {
				t.Errorf("on %s: a quarter without a party assembly is not a reminder: %+v", c.today, f)
			}
		}
		if n := len(findings(all, CodePartyQuarterly)); n != len(c.reps) {
			t.Errorf("on %s: %d party reminders, want %d", c.today, n, len(c.reps))
		}
	}
	// The quarter under way, without its meeting yet, is ongoing, with the last day to hold it.
	// It shows in the quarter's last month only.
	if due := findings(l.Attention(NewDate(2026, 5, 31)), CodePeriodDue); len(due) != 0 {
		t.Errorf("two months before the quarter's end: %+v", due)
	}
	due := findings(l.Attention(NewDate(2026, 6, 1)), CodePeriodDue)
	if len(due) != 2 || !strings.Contains(due[0].Todo, "2026-06-30") || due[0].Problem() {
		t.Errorf("the quarter under way: %+v", due)
	}
	// No 村民会议: 2025 was not asked one (the 2018 text set no yearly minimum); 2026 was.
	for _, c := range []struct {
		today Date
		n     int
	}{{NewDate(2026, 12, 31), 0}, {NewDate(2027, 1, 1), 1}} {
		got := findings(l.Check(c.today), CodeAssemblyYearly)
		if len(got) != c.n || c.n == 1 && (!strings.Contains(got[0].Text, "2026 年") || !strings.Contains(got[0].Text, "（2025）第二十五条")) {
			t.Errorf("on %s: yearly findings %+v, want %d", c.today, got, c.n)
		}
	}
	l.Meetings = append(l.Meetings, repsMeeting(9, VillagerAssembly, NewDate(2026, 3, 20), 12))
	if got := findings(l.Check(NewDate(2027, 1, 1)), CodeAssemblyYearly); len(got) != 0 {
		t.Errorf("a year with its 村民会议 is reported: %+v", got)
	}
}

// TestCheckNotice: a 村民代表会议 announced fewer days ahead than the village's setting (3 by
// default), or a 村民会议 fewer than the statute's 10, is a violation at n-1 and not at n; a
// 村民会议 at short notice in a recorded special case is in order under the 2025 text.
func TestCheckNotice(t *testing.T) {
	day := NewDate(2026, 3, 20)
	for _, c := range []struct {
		body Body
		n    int
	}{{RepresentativeAssembly, 3}, {VillagerAssembly, 10}} {
		for _, gave := range []int{c.n - 1, c.n, c.n + 1} {
			l := Ledger{Village: Village{ID: 1, Name: "阿北村", Settings: Defaults()}}
			l.Meetings = []Meeting{repsMeeting(1, c.body, day, gave)}
			got := findings(l.Check(day), CodeNoticeShort)
			if (len(got) == 1) != (gave < c.n) {
				t.Errorf("%s announced %d days ahead: %+v", c.body.Label(), gave, got)
			}
		}
	}
	l := Ledger{Village: Village{ID: 1, Name: "阿北村", Settings: Defaults()}}
	urgent := repsMeeting(1, VillagerAssembly, day, 1)
	l.Meetings = []Meeting{urgent}
	if got := findings(l.Check(day), CodeNoticeShort); len(got) != 1 || !strings.Contains(got[0].Text, "特殊情况") {
		t.Errorf("short notice with no special case recorded: %+v", got)
	}
	urgent.NoticeNote = "防汛抢险，需立即决定转移安置方案"
	l.Meetings = []Meeting{urgent}
	if got := findings(l.Check(day), CodeNoticeShort); len(got) != 0 {
		t.Errorf("short notice in a recorded special case: %+v", got)
	}
	// A draft meeting of 2026 without its notice date recorded is a reminder; a sealed one, or
	// one of 2025, is not (the record can no longer take it, or it was not asked).
	draft := repsMeeting(1, RepresentativeAssembly, day, -1)
	draft.Status = Draft
	l.Meetings = []Meeting{draft, repsMeeting(2, RepresentativeAssembly, day, -1)}
	old := repsMeeting(3, RepresentativeAssembly, NewDate(2025, 6, 1), -1)
	old.Status = Draft
	l.Meetings = append(l.Meetings, old)
	got := findings(l.Attention(day), CodeNoticeUnrecorded)
	if len(got) != 1 || got[0].MeetingID != 1 || got[0].Severity != Reminder {
		t.Errorf("unrecorded notices: %+v", got)
	}
}

// TestCheckSettingBelowStatute: a village still saying 7 days is flagged from 2026-01-01,
// naming 15 days and art. 35; not before; not once raised.
func TestCheckSettingBelowStatute(t *testing.T) {
	s := Defaults()
	s.MinPostingDays = 7
	l := Ledger{Village: Village{ID: 1, Name: "阿北村", Settings: s}}
	if got := findings(l.Check(NewDate(2025, 12, 31)), CodeSettingBelowStatute); len(got) != 0 {
		t.Errorf("flagged under the 2018 text: %+v", got)
	}
	got := findings(l.Check(NewDate(2026, 1, 1)), CodeSettingBelowStatute)
	if len(got) != 1 || !strings.Contains(got[0].Text, "15 天") || !strings.Contains(got[0].Text, "第三十五条") || !strings.Contains(got[0].Todo, "F4") {
		t.Errorf("7 days in 2026: %+v", got)
	}
	l.Village.Settings = s.Raise(NewDate(2026, 1, 1))
	if got := findings(l.Check(NewDate(2026, 1, 1)), CodeSettingBelowStatute); len(got) != 0 {
		t.Errorf("flagged once raised: %+v", got)
	}
}

// TestCheckDatesOutOfOrder: a step's meeting held before the previous step's is reported.
func TestCheckDatesOutOfOrder(t *testing.T) {
	day := NewDate(2026, 9, 1)
	l := ledgerThrough(t, Reviewed, day)
	if got := findings(l.Check(day.AddDays(30)), CodeDatesOutOfOrder); len(got) != 0 {
		t.Fatalf("in order: %+v", got)
	}
	l.Meetings[2].Start = l.Meetings[0].Start.Add(-24 * 60 * 60 * 1e9)
	got := findings(l.Check(day.AddDays(30)), CodeDatesOutOfOrder)
	if len(got) != 1 || got[0].MeetingID != 3 || !strings.Contains(got[0].Text, "早于上一步") {
		t.Errorf("out of order: %+v", got)
	}
}

// TestNoticeOnDraftMeetings: a posted notice whose meetings are not sealed is flagged by the
// check and is a fault of CheckSeals (so verify --archive reports it and an import refuses it),
// whatever wrote it.
func TestNoticeOnDraftMeetings(t *testing.T) {
	day := NewDate(2026, 9, 1)
	l := ledgerThrough(t, ResolutionPosted, day)
	if got := findings(l.Check(day.AddDays(40)), CodeNoticeUnsealed); len(got) != 0 {
		t.Fatalf("sealed meetings: %+v", got)
	}
	l.Meetings[3].Status, l.Meetings[3].Seal = Draft, ""
	got := findings(l.Check(day.AddDays(40)), CodeNoticeUnsealed)
	if len(got) != 1 || !strings.Contains(got[0].Text, "第 4 号会议") || got[0].Todo == "" {
		t.Errorf("a notice on a draft: %+v", got)
	}
	a := &Archive{Format: ArchiveFormat, Version: ArchiveVersion, Villages: []Village{l.Village}, Meetings: l.Meetings,
		Matters: l.Matters, Notices: l.Notices}
	r := CheckSeals(a)
	found := false
	for _, f := range r.Faults {
		found = found || f.Notice == 1 && !f.Missing && strings.Contains(f.Text, "定稿封存")
	}
	if !found {
		t.Errorf("CheckSeals does not fault the notice: %+v", r.Faults)
	}
}

// TestVoteCountsComplete: a vote giving the attendance at the vote must give both figures; the
// engine refuses to move a matter on one that does not.
func TestVoteCountsComplete(t *testing.T) {
	mt := formal(1, BranchCommittee, NewDate(2026, 9, 1), 3, 3, 3)
	v := mt.Items[0].Vote
	v.Present = 3
	if err := v.Validate(mt.Attendance); err == nil || !strings.Contains(err.Error(), "人数不完整") {
		t.Errorf("present without expected: %v", err)
	}
	m := Matter{ID: 1, Title: "购置电脑和音响"}
	if _, err := Defaults().Advance(&m, mt, 1); err == nil || m.Stage() != Raised {
		t.Errorf("the engine moved a matter on incomplete counts: %v, %s", err, m.Stage())
	}
	v.Expected = 3
	if _, err := Defaults().Advance(&m, mt, 1); err != nil || m.Stage() != Proposed {
		t.Errorf("complete counts: %v, %s", err, m.Stage())
	}
}
