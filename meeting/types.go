// Package meeting is the domain of yishi: villages, their people and bodies, meetings and what was
// said in them, matters going through the 四议两公开 procedure, votes and verdicts, notices,
// assignments and amendments. It is pure Go and does no I/O; the store keeps its records and the
// exporters read them back out.
package meeting

import (
	"errors"
	"fmt"
	"time"
)

// ID identifies a record of one kind (village, person, meeting, statement, matter, notice,
// assignment, amendment). IDs are allocated by the store, in increasing order, per kind.
type ID uint64

// Beijing is the time zone every date and clock time of the archive is kept in: Chinese villages
// keep Beijing time, and a fixed zone keeps records identical on machines set to other zones.
var Beijing = time.FixedZone("CST", 8*3600)

// Village is one administrative village (行政村): its profile, its figures for quorum, its
// settings. An archive may hold several (a township keeps many).
type Village struct {
	ID         ID       `json:"id"`
	Name       string   `json:"name"`
	Township   string   `json:"township,omitempty"`
	County     string   `json:"county,omitempty"`
	Households int      `json:"households"` // 户数
	Adults     int      `json:"adults"`     // villagers aged 18 and over
	Settings   Settings `json:"settings"`
	// Legacy is set for a village whose meetings were numbered archive-wide once (see Legacy).
	Legacy *Legacy `json:"legacy,omitempty"`
}

// Ref names a person as a record saw them: the person's ID (zero for someone not on the roster)
// and the name at the time, so a record reads the same after the roster changes.
type Ref struct {
	PersonID ID     `json:"person_id,omitempty"`
	Name     string `json:"name"`
	Post     string `json:"post,omitempty"` // for observers: 职务, e.g. 镇联络干部
}

// Person is someone of the village: on its roster, or a villager typed in at a meeting and
// remembered (Guest).
type Person struct {
	ID        ID     `json:"id"`
	VillageID ID     `json:"village_id"`
	Name      string `json:"name"`
	Gender    string `json:"gender,omitempty"`
	Title     string `json:"title,omitempty"`     // 职务 as the roster gives it
	Household string `json:"household,omitempty"` // 户号
	Phone     string `json:"phone,omitempty"`
	IDCard    string `json:"id_card,omitempty"`
	// Memberships lists the bodies the person belongs to.
	Memberships []Membership `json:"memberships,omitempty"`
	// Guest marks a villager not on the roster, remembered from a meeting.
	Guest bool `json:"guest,omitempty"`
}

// Membership is a person's seat in a body. Probationary party members (预备党员) have no vote.
type Membership struct {
	Body         Body   `json:"body"`
	Role         string `json:"role,omitempty"`
	Probationary bool   `json:"probationary,omitempty"`
}

// In reports whether p holds a seat of body b itself, as the roster lists it. MemberOf also
// counts the composite bodies.
func (p Person) In(b Body) bool {
	for _, m := range p.Memberships {
		if m.Body == b {
			return true
		}
	}
	return false
}

// MemberOf reports whether p sits in a meeting of body b: the two committees' joint meeting is
// the members of both committees; the representatives' meeting is the villager representatives
// and the villagers' committee (2018 text, art. 25). Guests sit in no body.
func (p Person) MemberOf(b Body) bool {
	if p.Guest {
		return false
	}
	switch b {
	case TwoCommittees:
		return p.In(BranchCommittee) || p.In(VillagersCommittee)
	case RepresentativeAssembly:
		return p.In(RepresentativeAssembly) || p.In(VillagersCommittee)
	}
	return p.In(b)
}

// Members returns the people of a roster who sit in a meeting of body b, in roster order.
func Members(people []Person, b Body) []Person {
	var out []Person
	for _, p := range people {
		if p.MemberOf(b) {
			out = append(out, p)
		}
	}
	return out
}

// Ref returns the reference to p a record keeps.
func (p Person) Ref() Ref { return Ref{PersonID: p.ID, Name: p.Name} }

// Kind tells a consultation meeting from a formal meeting of a body.
type Kind string

const (
	Consultation Kind = "consultation" // 协商议事: collects and consults, never decides
	Formal       Kind = "formal"       // a body's meeting of one of the four steps
)

// ConsultationForms are the usual labels of consultation meetings; any other label may be typed.
var ConsultationForms = []string{"庭院说事", "夜话乡村", "板凳会", "屋场会", "院落会", "议事小院", "协商议事会"}

// Status is where minutes are in their life: draft, then final (sealed).
type Status string

const (
	Draft Status = "draft"
	Final Status = "final"
)

// Meeting is one meeting: its header, attendance and agenda. Statements are kept apart (each its
// own record, appended as spoken) and joined by MeetingID.
type Meeting struct {
	ID         ID         `json:"id"`
	VillageID  ID         `json:"village_id"`
	Kind       Kind       `json:"kind"`
	Form       string     `json:"form,omitempty"` // consultation: 庭院说事, 夜话乡村 …
	Body       Body       `json:"body,omitempty"` // formal: the body that meets
	Title      string     `json:"title"`          // theme or name
	Place      string     `json:"place,omitempty"`
	Start      time.Time  `json:"start"`
	End        time.Time  `json:"end,omitzero"`
	Host       Ref        `json:"host"`
	Recorder   Ref        `json:"recorder"`
	Attendance Attendance `json:"attendance"`
	Items      []Item     `json:"items,omitempty"`
	// NoticeOn is the day the meeting was announced (村民会议, 村民代表会议); NoticeNote the
	// special case of a 村民会议 called at short notice (2025 art. 25).
	NoticeOn   Date      `json:"notice_on,omitzero"`
	NoticeNote string    `json:"notice_note,omitempty"`
	Status     Status    `json:"status"`
	SealedAt   time.Time `json:"sealed_at,omitzero"`
	Seal       string    `json:"seal,omitempty"`
}

// Name is how the meeting is called in lists and headings: its form or body, then its title.
func (m Meeting) Name() string {
	label := m.Form
	if m.Kind == Formal {
		label = m.Body.Label()
	}
	if m.Title == "" {
		return label
	}
	if label == "" {
		return m.Title
	}
	return label + "：" + m.Title
}

// Item returns the agenda item with the given number, and whether there is one.
func (m Meeting) Item(n int) (Item, bool) {
	for _, it := range m.Items {
		if it.N == n {
			return it, true
		}
	}
	return Item{}, false
}

// Attendance is who was expected, who came, who did not and why, who sat in.
//
// Expected and Present are counts in the body's unit (persons, or households for a villagers'
// meeting counted by household): large assemblies are counted, not roll-called, so the lists
// may be shorter than the counts; when a list is complete its length equals the count.
type Attendance struct {
	Expected  int       `json:"expected"`
	Present   int       `json:"present"`
	Attendees []Ref     `json:"attendees,omitempty"`
	Absent    []Absence `json:"absent,omitempty"`
	// Excused are members excused from the count of those expected (ill, abroad, suspended,
	// detained, approved 流动党员): they do not count in Expected.
	Excused   []Absence `json:"excused,omitempty"`
	Observers []Ref     `json:"observers,omitempty"` // 列席, with Post
}

// Absence is a member not present, and why.
type Absence struct {
	Who    Ref    `json:"who"`
	Reason string `json:"reason,omitempty"`
}

// Item is one agenda item of one meeting, numbered from 1.
type Item struct {
	N        int    `json:"n"`
	Title    string `json:"title"`
	MatterID ID     `json:"matter_id,omitempty"`
	// Step is the stage this item moves its matter to when its vote passes (formal meetings).
	Step        Stage  `json:"step,omitempty"`
	Explanation string `json:"explanation,omitempty"`
	Vote        *Vote  `json:"vote,omitempty"`
	// PriorVotes are earlier votes on the item that a re-vote superseded (one without quorum,
	// before latecomers came), kept for the record.
	PriorVotes []Vote   `json:"prior_votes,omitempty"`
	Resolution string   `json:"resolution,omitempty"` // the text a passing vote adopts
	Outcome    *Outcome `json:"outcome,omitempty"`    // consultation items
	// RaisedBy is who raised a consultation item (反映人): the villager an answer, an assignment's
	// feedback or a matter's outcome is owed to. They need not have come to the meeting.
	RaisedBy *Ref `json:"raised_by,omitempty"`
}

// OutcomeKind is how a raised consultation item ended.
type OutcomeKind string

const (
	Answered OutcomeKind = "answered" // 当场答复
	Assigned OutcomeKind = "assigned" // 交办
	ToMatter OutcomeKind = "matter"   // 转入四议
)

// Outcome is how a consultation item ended: answered, assigned, or turned into a matter.
type Outcome struct {
	Kind         OutcomeKind `json:"kind"`
	Answer       string      `json:"answer,omitempty"`
	AssignmentID ID          `json:"assignment_id,omitempty"`
	MatterID     ID          `json:"matter_id,omitempty"`
}

// ErrHasOutcome is returned when an outcome is asked of a consultation item that already has
// one: a raised item ends once; something else to raise is a new item.
var ErrHasOutcome = errors.New("这个议题已经有处理结果，不能再记一次；要提出别的事，请回到记录界面按 F2 新建议题")

// Conclude records how consultation item it ended. An item that already has an outcome is
// refused with ErrHasOutcome. The item points at a matter (MatterID) only when it was turned
// into one.
func (it *Item) Conclude(o Outcome) error {
	if it.Outcome != nil {
		return ErrHasOutcome
	}
	oc := o
	it.Outcome = &oc
	it.MatterID = 0
	if o.Kind == ToMatter {
		it.MatterID = o.MatterID
	}
	return nil
}

// StatementKind tells what a remark is.
type StatementKind string

const (
	Concern    StatementKind = "concern"    // 诉求
	Suggestion StatementKind = "suggestion" // 建议
	Opinion    StatementKind = "opinion"    // 意见
	Answer     StatementKind = "answer"     // 答复
)

// Statement is one remark made at a meeting, stamped when recorded.
type Statement struct {
	ID        ID            `json:"id"`
	MeetingID ID            `json:"meeting_id"`
	Item      int           `json:"item"` // the agenda item's number
	Speaker   Ref           `json:"speaker"`
	At        time.Time     `json:"at"`
	Kind      StatementKind `json:"kind"`
	Text      string        `json:"text"`
}

// Method is how a vote was taken.
type Method string

const (
	ShowOfHands  Method = "show_of_hands" // 举手
	SecretBallot Method = "secret_ballot" // 无记名投票
	NamedVote    Method = "named_vote"    // 记名投票
)

// Vote is the count of one item's vote.
//
// Expected and Present are the meeting's counts when the vote was taken: latecomers may arrive
// and change the meeting's attendance afterwards, and a vote is judged by who was there. A vote
// recorded without them is judged by the meeting's attendance.
//
// Rule and Threshold are, likewise, the rule the vote was held against when it was taken: a
// village may change its rules later, and a vote is judged by the rule of its day, so that old
// verdicts (and the posted files sealed with them) stay as they were. A vote recorded without a
// Rule is judged by the village's settings (see Settings.Verdict).
type Vote struct {
	Method   Method `json:"method"`
	Expected int    `json:"expected,omitempty"`
	Present  int    `json:"present,omitempty"`
	// Rule is the body's quorum and passing rule applied, with its basis.
	Rule *Rule `json:"rule,omitempty"`
	// Threshold is the matter's stricter passing threshold, when one was applied in place of the
	// rule's (see Settings.ItemVerdict); nil when the rule's own threshold was applied.
	Threshold *Threshold `json:"threshold,omitempty"`
	// ThresholdBasis is where Threshold comes from, as the matter said when the vote was taken.
	ThresholdBasis string `json:"threshold_basis,omitempty"`
	// Wording is the version of the verdict's explanation the vote was taken with: 0 for votes
	// before the explanations named the matter's own basis and the recused members' base
	// (their sealed minutes read as they were exported), WordingCurrent since.
	Wording     int       `json:"wording,omitempty"`
	Ayes        int       `json:"ayes"`
	Noes        int       `json:"noes"`
	Abstentions int       `json:"abstentions"`
	Recused     []Absence `json:"recused,omitempty"` // members who stepped out, with reason
	Tellers     []Ref     `json:"tellers,omitempty"` // 监票人, 计票人 (Post says which)
	At          time.Time `json:"at,omitzero"`
}

// Counts returns the attendance a vote is judged by: the meeting's, with the counts the vote
// recorded when it was taken.
func (v Vote) Counts(a Attendance) Attendance {
	if v.Expected > 0 || v.Present > 0 {
		a.Expected, a.Present = v.Expected, v.Present
	}
	return a
}

// Stage is where a matter stands in 四议两公开.
type Stage string

const (
	Raised           Stage = "raised"            // 待提议: a matter exists, nothing done yet
	Proposed         Stage = "proposed"          // 提议
	Deliberated      Stage = "deliberated"       // 商议
	Reviewed         Stage = "reviewed"          // 审议
	Resolved         Stage = "resolved"          // 决议
	ResolutionPosted Stage = "resolution_posted" // 决议公开
	Implemented      Stage = "implemented"       // 实施
	ResultPosted     Stage = "result_posted"     // 实施结果公开
	Rejected         Stage = "rejected"          // 否决
	Withdrawn        Stage = "withdrawn"         // 撤回
)

// Matter is one village decision going through the procedure across meetings.
type Matter struct {
	ID          ID     `json:"id"`
	VillageID   ID     `json:"village_id"`
	Title       string `json:"title"`
	Category    string `json:"category,omitempty"` // e.g. 集体收入使用, from the statutory list
	Description string `json:"description,omitempty"`
	Amount      Money  `json:"amount,omitempty"` // estimated cost
	// Origin is the consultation item the matter came from, if any.
	Origin *ItemRef `json:"origin,omitempty"`
	// Threshold, when set, is a stricter passing rule the matter demands at its deciding vote.
	Threshold *Threshold `json:"threshold,omitempty"`
	// ThresholdBasis says where a stricter threshold comes from.
	ThresholdBasis string `json:"threshold_basis,omitempty"`
	Created        Date   `json:"created"`
	// History lists every stage the matter reached, in order; its stage is the last one.
	History        []Event         `json:"history,omitempty"`
	Implementation *Implementation `json:"implementation,omitempty"`
}

// ItemRef points at one agenda item of one meeting.
type ItemRef struct {
	MeetingID ID  `json:"meeting_id"`
	Item      int `json:"item"`
}

// Event is one stage a matter reached: when, and by which meeting item or notice.
type Event struct {
	Stage    Stage    `json:"stage"`
	On       Date     `json:"on"`
	By       *ItemRef `json:"by,omitempty"`        // the meeting item whose vote moved it
	NoticeID ID       `json:"notice_id,omitempty"` // the notice whose posting moved it
	Note     string   `json:"note,omitempty"`
}

// Stage is the stage the matter stands at: the last of its history, or Raised.
func (m Matter) Stage() Stage {
	if len(m.History) == 0 {
		return Raised
	}
	return m.History[len(m.History)-1].Stage
}

// Reached returns the last event at stage s, and whether the matter ever reached it.
func (m Matter) Reached(s Stage) (Event, bool) {
	for i := len(m.History) - 1; i >= 0; i-- {
		if m.History[i].Stage == s {
			return m.History[i], true
		}
	}
	return Event{}, false
}

// Money is an amount in fen (分), kept as an integer.
type Money int64

// Implementation is what was done to carry out a resolved matter.
type Implementation struct {
	Plan       string     `json:"plan,omitempty"`
	Progress   []Progress `json:"progress,omitempty"`
	Started    Date       `json:"started,omitzero"`
	Completed  Date       `json:"completed,omitzero"`
	Budget     Money      `json:"budget,omitempty"`
	Subsidy    Money      `json:"subsidy,omitempty"`
	SelfRaised Money      `json:"self_raised,omitempty"`
	Spent      Money      `json:"spent,omitempty"`
	Acceptance string     `json:"acceptance,omitempty"` // 验收 result
	AcceptedOn Date       `json:"accepted_on,omitzero"`
}

// Progress is one dated note on the work.
type Progress struct {
	On   Date   `json:"on"`
	Text string `json:"text"`
}

// NoticeKind tells the two disclosure notices apart.
type NoticeKind string

const (
	ResolutionNotice NoticeKind = "resolution" // 决议公告
	ResultNotice     NoticeKind = "result"     // 实施结果公告
)

// Notice is a disclosure notice for one matter, with where it was posted and what came back.
type Notice struct {
	ID          ID           `json:"id"`
	VillageID   ID           `json:"village_id"`
	MatterID    ID           `json:"matter_id"`
	Kind        NoticeKind   `json:"kind"`
	Title       string       `json:"title"`
	Text        string       `json:"text,omitempty"`    // body beyond what the record supplies
	Contact     string       `json:"contact,omitempty"` // how to raise objections
	Issued      Date         `json:"issued"`
	Postings    []Posting    `json:"postings,omitempty"`
	Objections  []Objection  `json:"objections,omitempty"`
	Supervision *Supervision `json:"supervision,omitempty"`
	Seal        string       `json:"seal,omitempty"`
}

// Posting is one place and period a notice was posted.
type Posting struct {
	Where string `json:"where"` // 公开栏, 村民微信群, 网上
	From  Date   `json:"from"`
	To    Date   `json:"to"`
}

// Days is the posting period in days, both ends included.
func (p Posting) Days() int { return p.To.Sub(p.From) + 1 }

// Objection is an objection received against a notice, and its answer.
type Objection struct {
	On       Date   `json:"on"`
	From     string `json:"from,omitempty"`
	Text     string `json:"text"`
	Answer   string `json:"answer,omitempty"`
	Answered Date   `json:"answered,omitzero"`
}

// Supervision is the supervision committee's sign-off of a notice.
type Supervision struct {
	By      Ref    `json:"by"`
	On      Date   `json:"on"`
	Opinion string `json:"opinion,omitempty"`
}

// Urgency sorts assignments: 马上办, 加快办, 设法办.
type Urgency string

const (
	AtOnce  Urgency = "at_once" // 马上办
	Soon    Urgency = "soon"    // 加快办
	Somehow Urgency = "somehow" // 设法办
)

// Assignment is a raised item handed to someone to handle (交办).
type Assignment struct {
	ID        ID       `json:"id"`
	VillageID ID       `json:"village_id"`
	From      *ItemRef `json:"from,omitempty"`
	Task      string   `json:"task"`
	Owner     Ref      `json:"owner"`
	Assigned  Date     `json:"assigned"`
	Deadline  Date     `json:"deadline"`
	Urgency   Urgency  `json:"urgency,omitempty"`
	Result    string   `json:"result,omitempty"`
	Done      Date     `json:"done,omitzero"`
	Feedback  string   `json:"feedback,omitempty"` // 办理结果反馈 to whoever raised it
	FedBack   Date     `json:"fed_back,omitzero"`
}

// Amendment is a correction to a sealed meeting record (更正), never a silent edit.
type Amendment struct {
	ID        ID        `json:"id"`
	MeetingID ID        `json:"meeting_id"`
	At        time.Time `json:"at"`
	Author    Ref       `json:"author"`
	Reason    string    `json:"reason"`
	Text      string    `json:"text"`
}

// Archive is the whole content of an archive in the interchange form: what `yishi export json`
// writes and `yishi import` reads, and what the demo builders produce. Each list is in ID order.
type Archive struct {
	Format      string       `json:"format"`
	Version     int          `json:"version"`
	Villages    []Village    `json:"villages"`
	People      []Person     `json:"people"`
	Meetings    []Meeting    `json:"meetings"`
	Statements  []Statement  `json:"statements"`
	Matters     []Matter     `json:"matters"`
	Notices     []Notice     `json:"notices"`
	Assignments []Assignment `json:"assignments"`
	Amendments  []Amendment  `json:"amendments"`
}

// The lists of the interchange format, as its JSON names them, and ArchiveLists, their order in
// a file.
const (
	ListVillages    = "villages"
	ListPeople      = "people"
	ListMeetings    = "meetings"
	ListStatements  = "statements"
	ListMatters     = "matters"
	ListNotices     = "notices"
	ListAssignments = "assignments"
	ListAmendments  = "amendments"
)

// ArchiveLists are the lists of the interchange format in the order a file holds them.
var ArchiveLists = func() []string {
	names := make([]string, len(archiveLists))
	for i, l := range archiveLists {
		names[i] = l.name
	}
	return names
}()

// archiveList is one list of the interchange format: its name and its field of an Archive.
type archiveList struct {
	name string
	new  func() any                                         // a new zero record, as a pointer
	add  func(a *Archive, r any) bool                       // appends r, false if not its type
	each func(a *Archive, fn func(string, any) error) error // hands on each record, as a pointer
}

// listOf is the archiveList of name, whose records field holds.
func listOf[T any](name string, field func(*Archive) *[]T) archiveList {
	return archiveList{
		name: name,
		new:  func() any { return new(T) },
		add: func(a *Archive, r any) bool {
			p, ok := r.(*T)
			if ok {
				rs := field(a)
				*rs = append(*rs, *p)
			}
			return ok
		},
		each: func(a *Archive, fn func(string, any) error) error {
			rs := *field(a)
			for i := range rs {
				if err := fn(name, &rs[i]); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// archiveLists are the lists of the format, in ArchiveLists' order.
var archiveLists = []archiveList{
	listOf(ListVillages, func(a *Archive) *[]Village { return &a.Villages }),
	listOf(ListPeople, func(a *Archive) *[]Person { return &a.People }),
	listOf(ListMeetings, func(a *Archive) *[]Meeting { return &a.Meetings }),
	listOf(ListStatements, func(a *Archive) *[]Statement { return &a.Statements }),
	listOf(ListMatters, func(a *Archive) *[]Matter { return &a.Matters }),
	listOf(ListNotices, func(a *Archive) *[]Notice { return &a.Notices }),
	listOf(ListAssignments, func(a *Archive) *[]Assignment { return &a.Assignments }),
	listOf(ListAmendments, func(a *Archive) *[]Amendment { return &a.Amendments }),
}

// lookupList returns the archiveList of name.
func lookupList(name string) (archiveList, bool) {
	for _, l := range archiveLists {
		if l.name == name {
			return l, true
		}
	}
	return archiveList{}, false
}

// Add appends record r (a pointer to a Village, Person, …) to the named list, as a streaming
// reader hands them on. A record of another type than the list's is a programming error, and
// is refused.
func (a *Archive) Add(list string, r any) error {
	if l, ok := lookupList(list); ok && l.add(a, r) {
		return nil
	}
	return fmt.Errorf("archive list %q cannot hold a %T", list, r)
}

// Each calls fn with the list's name and a pointer to each of the list's records, in order,
// and stops at fn's first error.
func (a *Archive) Each(list string, fn func(string, any) error) error {
	if l, ok := lookupList(list); ok {
		return l.each(a, fn)
	}
	return nil
}

// EachRecord calls fn with every record of a, list by list in the format's order, as a
// streaming reader hands them on, and stops at fn's first error.
func (a *Archive) EachRecord(fn func(list string, r any) error) error {
	for _, l := range archiveLists {
		if err := l.each(a, fn); err != nil {
			return err
		}
	}
	return nil
}

// NewRecord returns a new zero record of the type of list's records, as a pointer, and false
// for a name that is no list of the format.
func NewRecord(list string) (any, bool) {
	if l, ok := lookupList(list); ok {
		return l.new(), true
	}
	return nil, false
}

// ArchiveFormat names the interchange format; ArchiveVersion is its version.
const (
	ArchiveFormat  = "yishi-archive"
	ArchiveVersion = 2
)

// ArchiveVersionSpaced is the first version of the interchange format whose IDs have their
// village's space (see id.go): a file of an older version is rebased as it is imported.
const ArchiveVersionSpaced = 2

// ThresholdOwnBasis is the basis of the matter's stricter threshold as the verdicts cite it:
// what the matter says, or 本事项设定 when it says nothing.
func (m *Matter) ThresholdOwnBasis() string {
	if m == nil || m.ThresholdBasis == "" {
		return "本事项设定"
	}
	return m.ThresholdBasis
}
