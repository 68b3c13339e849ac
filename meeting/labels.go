package meeting

import (
	"fmt"
	"strconv"
)

// Body is a body of the village that holds members or meets.
type Body string

const (
	BranchCommittee        Body = "branch_committee"        // 党支部委员会 (村党组织)
	VillagersCommittee     Body = "villagers_committee"     // 村民委员会
	TwoCommittees          Body = "two_committees"          // 村"两委"联席会议
	PartyAssembly          Body = "party_assembly"          // 党员大会 (membership: 党员)
	PartyRepAssembly       Body = "party_rep_assembly"      // 党员代表会议
	RepresentativeAssembly Body = "representative_assembly" // 村民代表会议 (membership: 村民代表)
	VillagerAssembly       Body = "villager_assembly"       // 村民会议
	Supervisory            Body = "supervisory_committee"   // 村务监督委员会
)

// Bodies lists every body in the order screens offer them.
var Bodies = []Body{BranchCommittee, VillagersCommittee, TwoCommittees, PartyAssembly, PartyRepAssembly,
	RepresentativeAssembly, VillagerAssembly, Supervisory}

// MeetingBodies lists the bodies whose formal meetings take a step of the procedure.
var MeetingBodies = []Body{BranchCommittee, TwoCommittees, PartyAssembly, PartyRepAssembly,
	RepresentativeAssembly, VillagerAssembly}

var bodyLabels = map[Body]string{
	BranchCommittee:        "党支部委员会",
	VillagersCommittee:     "村民委员会",
	TwoCommittees:          "两委联席会议",
	PartyAssembly:          "党员大会",
	PartyRepAssembly:       "党员代表会议",
	RepresentativeAssembly: "村民代表会议",
	VillagerAssembly:       "村民会议",
	Supervisory:            "村务监督委员会",
}

// Label is the body's Chinese name.
func (b Body) Label() string {
	if l, ok := bodyLabels[b]; ok {
		return l
	}
	return string(b)
}

// Valid reports whether b is a known body.
func (b Body) Valid() bool { _, ok := bodyLabels[b]; return ok }

// RosterBodies maps the names a roster's 所属组织 column uses to bodies.
var RosterBodies = map[string]Body{
	"党支部委员会":  BranchCommittee,
	"党总支委员会":  BranchCommittee,
	"村党组织":    BranchCommittee,
	"村民委员会":   VillagersCommittee,
	"村委会":     VillagersCommittee,
	"党员":      PartyAssembly,
	"村民代表":    RepresentativeAssembly,
	"村务监督委员会": Supervisory,
	"监委会":     Supervisory,
}

// Stages lists the procedure's stages in order, then the two ends outside it.
var Stages = []Stage{Raised, Proposed, Deliberated, Reviewed, Resolved, ResolutionPosted, Implemented,
	ResultPosted, Rejected, Withdrawn}

var stageLabels = map[Stage]string{
	Raised:           "待提议",
	Proposed:         "提议",
	Deliberated:      "商议",
	Reviewed:         "审议",
	Resolved:         "决议",
	ResolutionPosted: "决议公开",
	Implemented:      "实施",
	ResultPosted:     "结果公开",
	Rejected:         "否决",
	Withdrawn:        "撤回",
}

// Label is the stage's Chinese name.
func (s Stage) Label() string {
	if l, ok := stageLabels[s]; ok {
		return l
	}
	return string(s)
}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { _, ok := stageLabels[s]; return ok }

// Ended reports whether a matter at s is out of the procedure for good: rejected, withdrawn, or
// its result posted.
func (s Stage) Ended() bool { return s == Rejected || s == Withdrawn || s == ResultPosted }

// Step is the stage's position in the procedure, 0 (raised) to 7 (result posted); -1 for the
// rejected and withdrawn ends.
func (s Stage) Step() int {
	for i, t := range Stages[:8] {
		if t == s {
			return i
		}
	}
	return -1
}

// StripStages are the six steps a stage strip shows: 提议 ─ 商议 ─ 审议 ─ 决议 ─ 公开 ─ 结果.
var StripStages = []Stage{Proposed, Deliberated, Reviewed, Resolved, ResolutionPosted, ResultPosted}

// StripLabels are the short names of StripStages.
var StripLabels = []string{"提议", "商议", "审议", "决议", "公开", "结果"}

var kindLabels = map[StatementKind]string{Concern: "诉求", Suggestion: "建议", Opinion: "意见", Answer: "答复"}

// StatementKinds lists the kinds of statement in the order screens offer them.
var StatementKinds = []StatementKind{Concern, Suggestion, Opinion, Answer}

// Label is the statement kind's Chinese name.
func (k StatementKind) Label() string { return kindLabels[k] }

// Valid reports whether k is a known kind.
func (k StatementKind) Valid() bool { _, ok := kindLabels[k]; return ok }

var methodLabels = map[Method]string{ShowOfHands: "举手表决", SecretBallot: "无记名投票", NamedVote: "记名投票"}

// Label is the voting method's Chinese name.
func (m Method) Label() string { return methodLabels[m] }

// Valid reports whether m is a known method.
func (m Method) Valid() bool { _, ok := methodLabels[m]; return ok }

var urgencyLabels = map[Urgency]string{AtOnce: "马上办", Soon: "加快办", Somehow: "设法办"}

// Label is the urgency's Chinese name.
func (u Urgency) Label() string { return urgencyLabels[u] }

var noticeLabels = map[NoticeKind]string{ResolutionNotice: "决议公告", ResultNotice: "实施结果公告"}

// Label is the notice kind's Chinese name.
func (k NoticeKind) Label() string { return noticeLabels[k] }

var outcomeLabels = map[OutcomeKind]string{Answered: "当场答复", Assigned: "交办", ToMatter: "转入四议"}

// Label is the outcome's Chinese name.
func (k OutcomeKind) Label() string { return outcomeLabels[k] }

// KindLabel is how a meeting's kind reads: its consultation form or its body.
func (m Meeting) KindLabel() string {
	if m.Kind == Formal {
		return m.Body.Label()
	}
	if m.Form != "" {
		return m.Form
	}
	return "协商议事"
}

// String writes an amount in yuan: 23000 元, 23000.50 元.
func (m Money) String() string {
	y, f := int64(m)/100, int64(m)%100
	if f == 0 {
		return strconv.FormatInt(y, 10) + " 元"
	}
	if f < 0 {
		f = -f
	}
	return fmt.Sprintf("%d.%02d 元", y, f)
}

// Yuan returns an amount of whole yuan.
func Yuan(y int64) Money { return Money(y * 100) }
