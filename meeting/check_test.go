package meeting

import (
	"strings"
	"testing"
)

// codes lists the codes of the findings, but for the quarter or year still under way
// (period_due), which a ledger built around one matter always has; TestCheckFrequency tests it.
func codes(fs []Finding) string {
	var c []string
	for _, f := range fs {
		if f.Code != CodePeriodDue {
			c = append(c, f.Code)
		}
	}
	return strings.Join(c, ",")
}

// ledgerThrough builds a village ledger with one matter carried by the engine up to stage
// `upto`, each step 7 days after the last, starting on day.
func ledgerThrough(t *testing.T, upto Stage, day Date) Ledger {
	t.Helper()
	s := Defaults()
	l := Ledger{Village: Village{ID: 1, Name: "阿北村", Settings: s}}
	m := Matter{ID: 1, VillageID: 1, Title: "购置电脑和音响"}
	bodies := []struct {
		b                 Body
		expected, present int
	}{{BranchCommittee, 3, 3}, {TwoCommittees, 5, 5}, {PartyAssembly, 19, 17}, {RepresentativeAssembly, 30, 25}}
	for i, b := range bodies {
		if m.Stage() == upto {
			break
		}
		mt := formal(ID(i+1), b.b, day.AddDays(7*i), b.expected, b.present, b.present)
		if b.b == RepresentativeAssembly {
			mt.NoticeOn = day.AddDays(7*i - 3)
		}
		mt.Status, mt.Seal = Final, "sealed" // a posted notice stands on sealed records
		l.Meetings = append(l.Meetings, mt)
		if _, err := s.Advance(&m, mt, 1); err != nil {
			t.Fatal(err)
		}
	}
	if m.Stage() != upto && upto.Step() >= ResolutionPosted.Step() {
		n := Notice{ID: 1, VillageID: 1, MatterID: 1, Kind: ResolutionNotice, Postings: []Posting{{Where: "村务公开栏", From: day.AddDays(23), To: day.AddDays(37)}}}
		l.Notices = append(l.Notices, n)
		if err := s.Post(&m, n); err != nil {
			t.Fatal(err)
		}
	}
	if m.Stage() != upto && upto.Step() >= Implemented.Step() {
		if err := Complete(&m, Implementation{Started: day.AddDays(38), Completed: day.AddDays(40)}); err != nil {
			t.Fatal(err)
		}
	}
	if m.Stage() != upto {
		t.Fatalf("could not build a matter at %s (at %s)", upto, m.Stage())
	}
	l.Matters = []Matter{m}
	return l
}

func TestCheckCleanProcedure(t *testing.T) {
	day := NewDate(2026, 9, 1)
	l := ledgerThrough(t, Implemented, day)
	if f := l.Check(day.AddDays(45)); len(f) != 0 {
		t.Errorf("clean procedure has findings: %+v", f)
	}
}

func TestCheckNotPostedBoundary(t *testing.T) {
	day := NewDate(2026, 9, 1)
	l := ledgerThrough(t, Resolved, day)
	resolved := day.AddDays(21)
	n := l.Village.Settings.PostWithinDays
	for _, tt := range []struct {
		days int
		want string
	}{{n - 1, ""}, {n, ""}, {n + 1, CodeNotPosted}} {
		if got := codes(l.Check(resolved.AddDays(tt.days))); got != tt.want {
			t.Errorf("%d days after resolution: %q, want %q", tt.days, got, tt.want)
		}
	}
}

func TestCheckResultNotDisclosedBoundary(t *testing.T) {
	day := NewDate(2026, 9, 1)
	l := ledgerThrough(t, Implemented, day)
	done := day.AddDays(40)
	n := l.Village.Settings.ResultWithinDays
	for _, tt := range []struct {
		days int
		want string
	}{{n, ""}, {n + 1, CodeResultNotDisclosed}} {
		if got := codes(l.Check(done.AddDays(tt.days))); got != tt.want {
			t.Errorf("%d days after completion: %q, want %q", tt.days, got, tt.want)
		}
	}
}

func TestCheckAssignmentOverdueBoundary(t *testing.T) {
	deadline := NewDate(2026, 9, 15)
	l := Ledger{Village: Village{ID: 1, Settings: Defaults()},
		Assignments: []Assignment{{ID: 7, Task: "买椅子和饮水机", Owner: Ref{Name: "刘恒军"}, Assigned: deadline.AddDays(-7), Deadline: deadline}}}
	for _, tt := range []struct {
		today Date
		want  string
	}{{deadline.AddDays(-1), ""}, {deadline, ""}, {deadline.AddDays(1), CodeAssignmentOverdue}} {
		if got := codes(l.Check(tt.today)); got != tt.want {
			t.Errorf("on %s: %q, want %q", tt.today, got, tt.want)
		}
	}
	l.Assignments[0].Done = deadline.AddDays(3)
	if got := codes(l.Check(deadline.AddDays(10))); got != "" {
		t.Errorf("a done assignment is overdue: %q", got)
	}
}

func TestCheckViolations(t *testing.T) {
	day := NewDate(2026, 9, 1)
	t.Run("stage skipped", func(t *testing.T) {
		l := ledgerThrough(t, Deliberated, day)
		// Recorded by hand: the representatives resolved with no review by the party members.
		mt := formal(9, RepresentativeAssembly, day.AddDays(14), 30, 25, 25)
		l.Meetings = append(l.Meetings, mt)
		l.Matters[0].History = append(l.Matters[0].History, Event{Stage: Resolved, On: day.AddDays(14), By: &ItemRef{9, 1}})
		// Reported once, as a skipped step, not also as "wrong body" naming the body of the
		// missing step: the representatives may resolve.
		fs := l.Check(day.AddDays(15))
		if got := codes(fs); got != CodeStageSkipped || strings.Contains(fs[0].Text, "第二十八条") {
			t.Errorf("findings %q %+v, want stage_skipped alone (the branch proposed it: art. 28 is met)", got, fs)
		}
		// With no proposal at all, the party organisation never discussed it: art. 28. And a
		// branch committee resolving is the wrong body for that step as well.
		for _, c := range []struct {
			body Body
			want string
		}{{RepresentativeAssembly, CodeStageSkipped}, {BranchCommittee, CodeStageSkipped + "," + CodeWrongBody}} {
			l := Ledger{Village: Village{ID: 1, Name: "阿北村", Settings: Defaults()}}
			mt := formal(1, c.body, day, 30, 25, 25)
			mt.Status, mt.Seal, mt.NoticeOn = Final, "sealed", day.AddDays(-5)
			l.Meetings = []Meeting{mt}
			l.Matters = []Matter{{ID: 1, VillageID: 1, Title: "购置电脑和音响", History: []Event{{Stage: Resolved, On: day, By: &ItemRef{1, 1}}}}}
			fs := l.Check(day.AddDays(1))
			if got := codes(fs); got != c.want || !strings.Contains(fs[0].Text, "第二十八条") {
				t.Errorf("raised to resolved by %s: %q %+v", c.body, got, fs)
			}
		}
	})
	t.Run("vote without quorum recorded as passed", func(t *testing.T) {
		l := ledgerThrough(t, Resolved, day)
		l.Meetings[3].Attendance.Present = 19 // 19 of 30 is short of 20
		l.Meetings[3].Items[0].Vote.Ayes = 19
		if got := codes(l.Check(day.AddDays(22))); got != CodeNoQuorum {
			t.Errorf("findings %q, want no_quorum", got)
		}
	})
	t.Run("failed vote recorded as passed", func(t *testing.T) {
		l := ledgerThrough(t, Reviewed, day)
		l.Meetings[2].Items[0].Vote.Ayes = 9 // of 19 who should attend
		if got := codes(l.Check(day.AddDays(15))); got != CodeNotPassed {
			t.Errorf("findings %q, want not_passed", got)
		}
	})
	t.Run("posting short", func(t *testing.T) {
		l := ledgerThrough(t, ResolutionPosted, day)
		l.Notices[0].Postings[0].To = l.Notices[0].Postings[0].From.AddDays(2)
		if got := codes(l.Check(day.AddDays(30))); got != CodePostingShort {
			t.Errorf("findings %q, want posting_short", got)
		}
	})
	t.Run("posted late", func(t *testing.T) {
		l := ledgerThrough(t, ResolutionPosted, day)
		l.Matters[0].History[4].On = day.AddDays(21 + 8)
		if got := codes(l.Check(day.AddDays(40))); got != CodePostedLate {
			t.Errorf("findings %q, want posted_late", got)
		}
	})
	t.Run("consultation recorded as deciding", func(t *testing.T) {
		l := ledgerThrough(t, Proposed, day)
		l.Meetings[0].Kind = Consultation
		if got := codes(l.Check(day.AddDays(1))); got != CodeWrongBody {
			t.Errorf("findings %q, want wrong_body", got)
		}
	})
}

func TestValidateCounts(t *testing.T) {
	base := formal(1, RepresentativeAssembly, NewDate(2026, 9, 1), 30, 25, 21)
	tests := []struct {
		name   string
		change func(m *Meeting)
		want   string // "" for valid
	}{
		{"valid", func(m *Meeting) {}, ""},
		{"votes beyond present", func(m *Meeting) { m.Items[0].Vote.Noes = 3; m.Items[0].Vote.Abstentions = 2 }, "多于实到 25 人"},
		{"votes exactly present", func(m *Meeting) { m.Items[0].Vote.Noes = 2; m.Items[0].Vote.Abstentions = 2 }, ""},
		{"present beyond expected", func(m *Meeting) { m.Attendance.Present = 31 }, "多于应到"},
		{"recused counted", func(m *Meeting) {
			m.Items[0].Vote.Noes = 4
			m.Items[0].Vote.Recused = []Absence{{Who: Ref{PersonID: 4, Name: "关天文"}, Reason: "亲属"}}
		}, "回避 1"},
		{"recused teller", func(m *Meeting) {
			m.Items[0].Vote.Recused = []Absence{{Who: Ref{PersonID: 4, Name: "关天文"}, Reason: "亲属"}}
			m.Items[0].Vote.Tellers = []Ref{{PersonID: 4, Name: "关天文", Post: "监票人"}}
		}, "已回避"},
		{"recusal without reason", func(m *Meeting) { m.Items[0].Vote.Recused = []Absence{{Who: Ref{Name: "关天文"}}} }, "回避理由"},
		{"no host", func(m *Meeting) { m.Host = Ref{} }, "主持人"},
		{"no recorder", func(m *Meeting) { m.Recorder = Ref{} }, "记录人"},
		{"end before start", func(m *Meeting) { m.End = m.Start.Add(-1) }, "早于开始时间"},
		{"consultation votes", func(m *Meeting) { m.Kind = Consultation }, "协商议事会不作表决"},
		{"duplicate attendee", func(m *Meeting) {
			m.Attendance.Attendees = []Ref{{PersonID: 1, Name: "金昌义"}, {PersonID: 1, Name: "金昌义"}}
		}, "两次"},
	}
	for _, tt := range tests {
		m := base
		m.Items = []Item{base.Items[0]}
		v := *base.Items[0].Vote
		m.Items[0].Vote = &v
		tt.change(&m)
		err := m.Validate()
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestArchiveValidateReferences(t *testing.T) {
	day := NewDate(2026, 9, 1)
	l := ledgerThrough(t, Resolved, day)
	// Numbered by hand from 1, as a file of version 1 was.
	a := &Archive{Format: ArchiveFormat, Version: 1, Villages: []Village{l.Village}, Meetings: l.Meetings, Matters: l.Matters}
	a.Villages[0].Name = "阿北村"
	for i := range a.Meetings {
		a.Meetings[i].VillageID = 1
	}
	if err := a.Validate(); err != nil {
		t.Fatalf("valid archive refused: %v", err)
	}
	a.Statements = []Statement{{ID: 1, MeetingID: 99, Item: 1, Speaker: Ref{Name: "金昌义"}, Kind: Answer, Text: "好", At: day.Time()}}
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), "会议 99 不存在") {
		t.Errorf("dangling statement: %v", err)
	}
	a.Statements = nil
	a.Meetings[1].ID = a.Meetings[0].ID
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), "不按顺序") {
		t.Errorf("duplicate IDs: %v", err)
	}
	a.Format = "other"
	if err := a.Validate(); err == nil {
		t.Error("foreign format accepted")
	}
}

func TestValidateObjectionAndImplementation(t *testing.T) {
	day := NewDate(2026, 10, 1)
	for _, tt := range []struct {
		o    Objection
		want string
	}{
		{Objection{On: day, Text: "价格偏高"}, ""},
		{Objection{On: day, Text: "价格偏高", Answer: "已询三家", Answered: day}, ""},
		{Objection{On: day, Text: "价格偏高", Answer: "已询三家", Answered: day.AddDays(-1)}, "早于收到异议"},
		{Objection{On: day, Text: " "}, "异议的内容"},
	} {
		err := tt.o.Validate()
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%+v: %v, want %q", tt.o, err, tt.want)
		}
	}
	for _, tt := range []struct {
		im   Implementation
		want string
	}{
		{Implementation{Started: day, Completed: day.AddDays(10), Acceptance: "合格", AcceptedOn: day.AddDays(12)}, ""},
		{Implementation{Started: day, Completed: day.AddDays(-1)}, "早于开工日期"},
		{Implementation{Completed: day, Acceptance: "合格"}, "验收日期"},
		{Implementation{Completed: day, Acceptance: "合格", AcceptedOn: day.AddDays(-1)}, "早于完成日期"},
		{Implementation{Spent: -1}, "负数"},
	} {
		err := tt.im.Validate()
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%+v: %v, want %q", tt.im, err, tt.want)
		}
	}
}

func TestValidateRecordedRule(t *testing.T) {
	a := attend(30, 25)
	bad := Rule{Body: RepresentativeAssembly, Quorum: Threshold{AtLeast, 2, 0}, Pass: MoreThanHalf, PassOf: OfPresent}
	if err := (Vote{Method: SecretBallot, Ayes: 20, Rule: &bad}).Validate(a); err == nil {
		t.Error("a vote recording a rule with a zero denominator was accepted")
	}
	good := Defaults().RuleOn(RepresentativeAssembly, testDay)
	if err := (Vote{Method: SecretBallot, Ayes: 20, Rule: &good}).Validate(a); err != nil {
		t.Errorf("a vote recording the default rule was refused: %v", err)
	}
	if err := (Vote{Method: SecretBallot, Ayes: 20, Threshold: &Threshold{MoreThan, 5, 3}}).Validate(a); err == nil {
		t.Error("a recorded threshold above one was accepted")
	}
}

// TestCheckPostingRunning: a posting not yet ended is ongoing, shown by Attention with its end
// and what comes next, and never a problem of Check.
func TestCheckPostingRunning(t *testing.T) {
	day := NewDate(2026, 9, 1)
	l := ledgerThrough(t, ResolutionPosted, day)
	end := day.AddDays(37)
	for _, tt := range []struct {
		today Date
		want  string
		text  string
	}{
		{day.AddDays(23), CodePostingRunning, "还有 14 天期满"},
		{end, CodePostingRunning, "今天期满"},
		{end.AddDays(1), "", ""},
	} {
		fs := l.Attention(tt.today)
		if got := codes(fs); got != tt.want {
			t.Errorf("on %s: %q, want %q", tt.today, got, tt.want)
			continue
		}
		if len(l.Check(tt.today)) != 0 {
			t.Errorf("on %s: Check reports an ongoing posting as a problem", tt.today)
		}
		if tt.want == "" {
			continue
		}
		f := fs[0]
		if f.Severity != Ongoing || f.Problem() || f.NoticeID != 1 || f.Since != day.AddDays(23) ||
			!strings.Contains(f.Text, tt.text) || !strings.Contains(f.Text, "决议公告公示中") || !strings.Contains(f.Todo, "2026-10-08") {
			t.Errorf("on %s: %+v", tt.today, f)
		}
	}
}

// TestCheckMissingNotice: a matter whose history says posted but whose notice is not in the
// archive is not posted.
func TestCheckMissingNotice(t *testing.T) {
	day := NewDate(2026, 9, 1)
	l := ledgerThrough(t, ResolutionPosted, day)
	l.Notices = nil
	resolved := day.AddDays(21)
	n := l.Village.Settings.PostWithinDays
	if got := codes(l.Check(resolved.AddDays(n))); got != "" {
		t.Errorf("within the limit: %q", got)
	}
	fs := l.Check(resolved.AddDays(n + 1))
	if codes(fs) != CodeNotPosted || fs[0].Severity != Overdue || !strings.Contains(fs[0].Text, "档案里却没有") {
		t.Errorf("notice missing: %+v", fs)
	}
	// A notice on record but posted nowhere is not posted either.
	l = ledgerThrough(t, ResolutionPosted, day)
	l.Notices[0].Postings = nil
	if got := codes(l.Check(resolved.AddDays(n + 1))); got != CodeNotPosted {
		t.Errorf("notice never posted: %q", got)
	}
}

func TestCheckResultPostedLate(t *testing.T) {
	day := NewDate(2026, 9, 1)
	l := ledgerThrough(t, Implemented, day)
	done := day.AddDays(40)
	lim := l.Village.Settings.ResultWithinDays
	for _, tt := range []struct {
		after int
		want  string
	}{{lim, ""}, {lim + 1, CodePostedLate}} {
		x := l
		m := l.Matters[0]
		m.History = append([]Event(nil), m.History...)
		posted := done.AddDays(tt.after)
		x.Notices = append(append([]Notice(nil), l.Notices...), Notice{ID: 2, VillageID: 1, MatterID: 1, Kind: ResultNotice,
			Postings: []Posting{{Where: "村务公开栏", From: posted, To: posted.AddDays(14)}}})
		m.History = append(m.History, Event{Stage: ResultPosted, On: posted, NoticeID: 2})
		x.Matters = []Matter{m}
		if got := codes(x.Check(posted.AddDays(10))); got != tt.want {
			t.Errorf("result posted %d days after completion: %q, want %q", tt.after, got, tt.want)
		}
	}
}

// TestAttentionOrder: violations first, then overdue, then ongoing; oldest first within each.
func TestAttentionOrder(t *testing.T) {
	day := NewDate(2026, 9, 1)
	l := ledgerThrough(t, ResolutionPosted, day)
	l.Meetings[2].Items[0].Vote.Ayes = 9 // the review did not pass
	l.Assignments = []Assignment{
		{ID: 1, Task: "甲", Owner: Ref{Name: "刘恒军"}, Assigned: day, Deadline: day.AddDays(20)},
		{ID: 2, Task: "乙", Owner: Ref{Name: "刘恒军"}, Assigned: day, Deadline: day.AddDays(10)},
	}
	fs := l.Attention(day.AddDays(25))
	if got, want := codes(fs), "not_passed,assignment_overdue,assignment_overdue,posting_running"; got != want {
		t.Fatalf("order %q, want %q", got, want)
	}
	if fs[1].AssignmentID != 2 || fs[2].AssignmentID != 1 {
		t.Errorf("overdue assignments not oldest first: %d, %d", fs[1].AssignmentID, fs[2].AssignmentID)
	}
	if got := codes(l.Check(day.AddDays(25))); got != "not_passed,assignment_overdue,assignment_overdue" {
		t.Errorf("Check: %q", got)
	}
	for _, f := range fs {
		if f.Todo == "" || f.Severity.Label() == "" {
			t.Errorf("finding without what to do or severity: %+v", f)
		}
	}
}
