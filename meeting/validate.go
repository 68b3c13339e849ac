package meeting

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Problems is a list of what is wrong with a record, each in plain words.
type Problems []string

func (p *Problems) addf(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// Err returns the problems as one error, or nil when there are none.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return errors.New(strings.Join(p, "；"))
}

// Validate checks the counts of an attendance: present beyond expected, negative numbers,
// lists longer than their counts. Expected 0 means not counted (a consultation meeting is open
// to every villager).
func (a Attendance) Validate() error {
	var p Problems
	a.check(&p)
	return p.Err()
}

func (a Attendance) check(p *Problems) {
	if a.Expected < 0 || a.Present < 0 {
		p.addf("应到、实到人数不能为负数")
	}
	if a.Expected > 0 && a.Present > a.Expected {
		p.addf("实到 %d 人多于应到 %d 人，请核对", a.Present, a.Expected)
	}
	if len(a.Attendees) > a.Present {
		p.addf("出席名单有 %d 人，多于实到 %d 人，请核对", len(a.Attendees), a.Present)
	}
	if a.Expected > 0 && len(a.Attendees)+len(a.Absent) > a.Expected {
		p.addf("出席 %d 人加缺席 %d 人，多于应到 %d 人，请核对", len(a.Attendees), len(a.Absent), a.Expected)
	}
	seen := map[ID]bool{}
	for _, r := range a.Attendees {
		if r.PersonID != 0 {
			if seen[r.PersonID] {
				p.addf("%s 在出席名单里出现了两次", r.Name)
			}
			seen[r.PersonID] = true
		}
	}
	for _, ab := range a.Absent {
		if ab.Who.PersonID != 0 && seen[ab.Who.PersonID] {
			p.addf("%s 同时记为出席和缺席", ab.Who.Name)
		}
	}
}

// Validate checks a vote's counts against the attendance: more votes than those present who may
// vote, negative counts, a recused member recorded as a teller, a recusal without its reason.
func (v Vote) Validate(a Attendance) error {
	var p Problems
	v.check(a, &p)
	return p.Err()
}

func (v Vote) check(a Attendance, p *Problems) {
	if r := v.Rule; r != nil && (!r.Quorum.Valid() || !r.Pass.Valid() || (r.PassOf != OfPresent && r.PassOf != OfExpected)) {
		p.addf("表决记录的法定人数或通过规则无效")
	}
	if v.Threshold != nil && !v.Threshold.Valid() {
		p.addf("表决记录的特别通过比例无效")
	}
	if (v.Expected > 0) != (v.Present > 0) {
		p.addf("表决时的人数不完整（应到 %d、实到 %d）：请把应到和实到都填上；不另填时两项都空着，按会议的到会情况计算", v.Expected, v.Present)
	}
	a = v.Counts(a)
	if v.Present > v.Expected && v.Expected > 0 {
		p.addf("表决时实到 %d 人多于应到 %d 人，请核对", v.Present, v.Expected)
	}
	if !v.Method.Valid() {
		p.addf("请选择表决方式（举手、无记名投票或记名投票）")
	}
	if v.Ayes < 0 || v.Noes < 0 || v.Abstentions < 0 {
		p.addf("赞成、反对、弃权票数不能为负数")
	}
	voters := a.Present - len(v.Recused)
	if sum := v.Ayes + v.Noes + v.Abstentions; sum > voters {
		if len(v.Recused) > 0 {
			p.addf("赞成 %d、反对 %d、弃权 %d，合计 %d，多于可参加表决的 %d 人（实到 %d，回避 %d），请核对",
				v.Ayes, v.Noes, v.Abstentions, sum, voters, a.Present, len(v.Recused))
		} else {
			p.addf("赞成 %d、反对 %d、弃权 %d，合计 %d，多于实到 %d 人，请核对", v.Ayes, v.Noes, v.Abstentions, sum, a.Present)
		}
	}
	recused := map[string]bool{}
	for _, r := range v.Recused {
		if strings.TrimSpace(r.Reason) == "" {
			p.addf("%s 回避，请写明回避理由", r.Who.Name)
		}
		recused[refKey(r.Who)] = true
	}
	for _, t := range v.Tellers {
		if recused[refKey(t)] {
			p.addf("%s 已回避，不能担任监票人或计票人", t.Name)
		}
	}
}

func refKey(r Ref) string {
	if r.PersonID != 0 {
		return fmt.Sprint(r.PersonID)
	}
	return "~" + r.Name
}

// Validate checks a meeting's header, attendance, items and votes.
func (m Meeting) Validate() error {
	var p Problems
	m.check(&p)
	return p.Err()
}

func (m Meeting) check(p *Problems) {
	switch m.Kind {
	case Consultation:
	case Formal:
		if !m.Body.Valid() {
			p.addf("正式会议须选择召开会议的组织（党支部委员会、两委联席会议、党员大会、村民代表会议或村民会议）")
		}
	default:
		p.addf("请选择会议类别：协商议事会，或某个组织的正式会议")
	}
	if !m.NoticeOn.IsZero() && !m.Start.IsZero() && DateOf(m.Start).Before(m.NoticeOn) {
		p.addf("通知日期 %s 晚于开会日期 %s，请核对", m.NoticeOn, DateOf(m.Start))
	}
	if strings.TrimSpace(m.Host.Name) == "" {
		p.addf("请填写主持人")
	}
	if strings.TrimSpace(m.Recorder.Name) == "" {
		p.addf("请填写记录人")
	}
	if m.Start.IsZero() {
		p.addf("请填写会议日期和开始时间")
	}
	if !m.End.IsZero() && m.End.Before(m.Start) {
		p.addf("散会时间 %s 早于开始时间 %s，请检查", m.End.In(Beijing).Format("2006-01-02 15:04"), m.Start.In(Beijing).Format("2006-01-02 15:04"))
	}
	if m.Status != Draft && m.Status != Final {
		p.addf("会议记录状态不明（应为草稿或定稿）")
	}
	m.Attendance.check(p)
	seen := map[int]bool{}
	for _, it := range m.Items {
		if it.N <= 0 || seen[it.N] {
			p.addf("议题编号 %d 重复或无效", it.N)
		}
		seen[it.N] = true
		if strings.TrimSpace(it.Title) == "" {
			p.addf("第 %d 项议题没有标题", it.N)
		}
		if it.Vote != nil {
			var vp Problems
			it.Vote.check(m.Attendance, &vp)
			for _, s := range vp {
				p.addf("第 %d 项议题的表决：%s", it.N, s)
			}
			if m.Kind == Consultation {
				p.addf("第 %d 项议题：协商议事会不作表决决定，请在正式会议上表决", it.N)
			}
		}
		for _, pv := range it.PriorVotes {
			var vp Problems
			pv.check(m.Attendance, &vp)
			for _, s := range vp {
				p.addf("第 %d 项议题先前的表决：%s", it.N, s)
			}
		}
		if it.Step != "" && !it.Step.Valid() {
			p.addf("第 %d 项议题的步骤「%s」无效", it.N, it.Step)
		}
	}
}

// Validate checks a statement on its own: speaker, kind, text.
func (s Statement) Validate() error {
	var p Problems
	if strings.TrimSpace(s.Speaker.Name) == "" {
		p.addf("请选择发言人")
	}
	if !s.Kind.Valid() {
		p.addf("请选择发言类别（诉求、建议、意见或答复）")
	}
	if strings.TrimSpace(s.Text) == "" {
		p.addf("发言内容是空的")
	}
	if !utf8.ValidString(s.Text) {
		p.addf("发言内容含有无法识别的字符")
	}
	if s.At.IsZero() {
		p.addf("发言没有时间")
	}
	return p.Err()
}

// Validate checks a person's record as the archive keeps it: name, and the phone and ID numbers
// when given. Records kept before the text rules came (a post with a line break from an Excel
// cell) are not held to them, so that an archive always imports; ValidateNew is for what is
// entered now.
func (p Person) Validate() error { return p.validate(false) }

// ValidateNew is Validate, and also: no field holds a control character, and a roster member's
// fields keep within RosterLimits. (A guest's name is checked where it is typed: NameProblem.)
func (p Person) ValidateNew() error { return p.validate(true) }

func (p Person) validate(text bool) error {
	var ps Problems
	who := p.Name + " 的"
	fields := []struct {
		label, col, text string
	}{
		{"姓名", colName, p.Name}, {"性别", colGender, p.Gender}, {"职务", colTitle, p.Title},
		{"户号", colHousehold, p.Household}, {"联系电话", colPhone, p.Phone}, {"身份证号", colIDCard, p.IDCard},
	}
	refused := map[string]bool{}
	for _, f := range fields {
		max := RosterLimits[f.col]
		if p.Guest && f.col == colName {
			max = math.MaxInt
		}
		if msg := textProblem(f.text, max); text && msg != "" {
			refused[f.col] = true
			if f.col == colName {
				who = ""
			}
			ps.addf("%s%s，请改正", f.label, msg)
		}
	}
	for _, m := range p.Memberships {
		if msg := textProblem(m.Role, RosterLimits[colTitle]); text && msg != "" && !refused[colTitle] {
			refused[colTitle] = true
			ps.addf("%s职务%s，请改正", who, msg)
		}
	}
	if strings.TrimSpace(p.Name) == "" && !refused[colName] {
		ps.addf("姓名是空的")
	}
	if p.Phone != "" && !refused[colPhone] && !ValidPhone(p.Phone) {
		ps.addf("%s联系电话「%s」不是 11 位手机号", who, p.Phone)
	}
	if p.IDCard != "" && !refused[colIDCard] && !ValidIDCard(p.IDCard) {
		ps.addf("%s身份证号「%s」不对，请核对", who, p.IDCard)
	}
	for _, m := range p.Memberships {
		if !m.Body.Valid() {
			ps.addf("%s所属组织「%s」无效", who, m.Body)
		}
	}
	return ps.Err()
}

// Validate checks a village's profile and settings.
func (v Village) Validate() error {
	var p Problems
	if strings.TrimSpace(v.Name) == "" {
		p.addf("请填写村名")
	}
	if v.Households < 0 || v.Adults < 0 {
		p.addf("户数、成年村民人数不能为负数")
	}
	s := v.Settings
	if s.MinPostingDays < 1 {
		p.addf("公示期至少 1 天")
	}
	if s.PostWithinDays < 0 || s.ResultWithinDays < 0 {
		p.addf("公开时限不能为负数")
	}
	for _, f := range s.Figures(Date{}) {
		if f.Set < 0 && f.Key != FigPostWithin && f.Key != FigResultWithin {
			p.addf("「%s」不能为负数", f.Label)
		}
	}
	if s.Preset != "" {
		if _, ok := PresetOf(s.Preset); !ok {
			var keys []string
			for _, x := range Presets() {
				keys = append(keys, x.Key)
			}
			p.addf("不认识的省份预设「%s」：请改为 %s 之一，或删去这一项后在本村设置里重新选择", s.Preset, strings.Join(keys, "、"))
		}
	}
	for _, r := range s.Rules {
		if !r.Body.Valid() || !r.Quorum.Valid() || !r.Pass.Valid() || (r.PassOf != OfPresent && r.PassOf != OfExpected) {
			p.addf("%s 的法定人数或通过规则无效", r.Body.Label())
		}
	}
	return p.Err()
}

// Validate checks a matter: title, stages, dates of its history in order.
func (m Matter) Validate() error {
	var p Problems
	if strings.TrimSpace(m.Title) == "" {
		p.addf("事项没有标题")
	}
	if m.Threshold != nil && !m.Threshold.Valid() {
		p.addf("事项「%s」的特别通过比例无效", m.Title)
	}
	var last Date
	for _, e := range m.History {
		if !e.Stage.Valid() {
			p.addf("事项「%s」有无效的步骤「%s」", m.Title, e.Stage)
		}
		if !last.IsZero() && e.On.Before(last) {
			p.addf("事项「%s」的「%s」日期 %s 早于上一步 %s", m.Title, e.Stage.Label(), e.On, last)
		}
		last = e.On
	}
	return p.Err()
}

// Validate checks a notice's postings.
func (n Notice) Validate() error {
	var p Problems
	if n.Kind != ResolutionNotice && n.Kind != ResultNotice {
		p.addf("公告类别无效")
	}
	for _, ps := range n.Postings {
		if strings.TrimSpace(ps.Where) == "" {
			p.addf("请填写公告张贴的地点")
		}
		if ps.From.IsZero() || ps.To.IsZero() || ps.To.Before(ps.From) {
			p.addf("公告「%s」的公示起止日期不对", n.Title)
		}
	}
	return p.Err()
}

// Validate checks an assignment: task, owner, deadline not before the day it was given.
func (a Assignment) Validate() error {
	var p Problems
	if strings.TrimSpace(a.Task) == "" {
		p.addf("交办事项没有内容")
	}
	if strings.TrimSpace(a.Owner.Name) == "" {
		p.addf("交办事项「%s」没有承办人", a.Task)
	}
	if a.Deadline.IsZero() {
		p.addf("交办事项「%s」没有办结时限", a.Task)
	} else if a.Deadline.Before(a.Assigned) {
		p.addf("交办事项「%s」的时限早于交办日期", a.Task)
	}
	return p.Err()
}

// Validate checks an amendment: author, reason, text.
func (a Amendment) Validate() error {
	var p Problems
	if strings.TrimSpace(a.Author.Name) == "" {
		p.addf("更正须写明更正人")
	}
	if strings.TrimSpace(a.Reason) == "" {
		p.addf("更正须写明理由")
	}
	if strings.TrimSpace(a.Text) == "" {
		p.addf("更正内容是空的")
	}
	return p.Err()
}

// Validate checks a whole archive before it is written: the format, every record, IDs unique
// and in order, and every reference pointing at a record of the archive (see ArchiveCheck).
func (a *Archive) Validate() error {
	c := NewArchiveCheck(a.Format, a.Version)
	_ = a.EachRecord(c.Add) // Add never fails: it collects the problems for Err
	return c.Err()
}

// ArchiveCheck validates an archive record by record as a streaming reader hands them on, in
// the lists' order (ArchiveLists), holding only what references need: the villages of meetings
// and matters and each meeting's items, never the records. Add every record, then Err.
//
// IDs must be unique and in order within each village's part of each list (a village after
// another, or interleaved): by ID, or for statements and amendments,
// which a file may hold grouped by meeting, by meeting and then by ID. A record and what it
// points at are of one village: a village's records are checked, and its seals, together.
type ArchiveCheck struct {
	p        Problems
	stop     bool // the format is not ours: nothing more is checked
	villages map[ID]bool
	meetings map[ID]meetingSeen
	matters  map[ID]ID // a matter's village
	// items are the meetings' items pointing at a matter, checked once the matters are in.
	items []itemMatter
	last  map[listSpace]order
	// nested are the IDs of statements and amendments seen, which must be unique across
	// meetings whatever their order.
	nested map[string]idSet
	// spaced is set for a version whose IDs carry their village's space (see id.go): every
	// record's must be its village's.
	spaced bool
}

// meetingSeen is what ArchiveCheck keeps of a meeting.
type meetingSeen struct {
	village ID
	items   []int // item numbers
}

type itemMatter struct {
	meeting, village, matter ID
	item                     int
}

// idSet is a set of IDs as a bitmap by blocks of 64: some hundred kilobytes for the two million
// statements of a county's archive, whose IDs are dense.
type idSet map[ID]uint64

// add adds id, and reports whether it was there already.
func (s idSet) add(id ID) (seen bool) {
	block, bit := id>>6, uint64(1)<<(id&63)
	seen = s[block]&bit != 0
	s[block] |= bit
	return seen
}

// order is how far a list's IDs have come: the last ID, and for nested lists the last
// (meeting, ID) too, and whether each order still holds.
type order struct {
	id, meeting, nestedID ID
	byID, byMeeting       bool
	n                     int
}

// NewArchiveCheck starts checking an archive of the given format and version.
func NewArchiveCheck(format string, version int) *ArchiveCheck {
	c := &ArchiveCheck{villages: map[ID]bool{}, meetings: map[ID]meetingSeen{}, matters: map[ID]ID{},
		last: map[listSpace]order{}, nested: map[string]idSet{}, spaced: version >= ArchiveVersionSpaced}
	switch {
	case format != ArchiveFormat:
		c.p.addf("这不是 yishi 的数据文件（格式「%s」）", format)
		c.stop = true
	case version > ArchiveVersion:
		c.p.addf("数据文件由更新版本的 yishi 导出（格式版本 %d，本程序只认识到 %d），请升级 yishi", version, ArchiveVersion)
		c.stop = true
	}
	return c
}

// kindNames name the records of each list in messages.
var kindNames = map[string]string{ListVillages: "村", ListPeople: "人员", ListMeetings: "会议",
	ListStatements: "发言", ListMatters: "事项", ListNotices: "公告", ListAssignments: "交办事项", ListAmendments: "更正"}

// Add checks record r of list. It returns no error: problems are collected for Err.
func (c *ArchiveCheck) Add(list string, r any) error {
	if c.stop {
		return nil
	}
	kind := kindNames[list]
	rec := func(id ID, err error) {
		if err != nil {
			c.p.addf("%s %d：%v", kind, id, err)
		}
	}
	inVillage := func(id, village ID) {
		if !c.villages[village] {
			c.p.addf("%s %d 所属的村 %d 不存在", kind, id, village)
		}
	}
	// sameVillage refuses a record pointing at a record of another village.
	sameVillage := func(id, village ID, what string, other ID, otherVillage ID) {
		if otherVillage != village {
			c.p.addf("%s %d 属于村 %d，它指向的%s %d 却属于村 %d", kind, id, village, what, other, otherVillage)
		}
	}
	itemRef := func(id, village ID, ref *ItemRef) {
		if ref == nil {
			return
		}
		m, ok := c.meetings[ref.MeetingID]
		switch {
		case !ok:
			c.p.addf("%s %d 指向的会议 %d 不存在", kind, id, ref.MeetingID)
		case !slices.Contains(m.items, ref.Item):
			c.p.addf("%s %d 指向的会议 %d 没有第 %d 项议题", kind, id, ref.MeetingID, ref.Item)
		default:
			sameVillage(id, village, "会议", ref.MeetingID, m.village)
		}
	}
	// inSpace refuses a record whose ID is not in the space of what it belongs to.
	inSpace := func(id, owner ID) {
		if c.spaced && (id.Space() == 0 || id.Space() != owner.Space()) {
			c.p.addf("%s %d 的编号（%#x）不在它所属的村的编号空间里", kind, id, uint64(id))
		}
	}
	switch x := r.(type) {
	case *Person:
		inSpace(x.ID, x.VillageID)
	case *Meeting:
		inSpace(x.ID, x.VillageID)
	case *Matter:
		inSpace(x.ID, x.VillageID)
	case *Notice:
		inSpace(x.ID, x.VillageID)
	case *Assignment:
		inSpace(x.ID, x.VillageID)
	case *Statement:
		inSpace(x.ID, x.MeetingID)
	case *Amendment:
		inSpace(x.ID, x.MeetingID)
	case *Village:
		inSpace(x.ID, x.ID)
	}
	switch x := r.(type) {
	case *Village:
		c.in(list, x.ID, 0)
		c.villages[x.ID] = true
		rec(x.ID, x.Validate())
	case *Person:
		c.in(list, x.ID, 0)
		inVillage(x.ID, x.VillageID)
		rec(x.ID, x.Validate())
	case *Meeting:
		c.in(list, x.ID, 0)
		inVillage(x.ID, x.VillageID)
		rec(x.ID, x.Validate())
		m := meetingSeen{village: x.VillageID, items: make([]int, 0, len(x.Items))}
		for _, it := range x.Items {
			m.items = append(m.items, it.N)
			if it.MatterID != 0 {
				c.items = append(c.items, itemMatter{meeting: x.ID, village: x.VillageID, item: it.N, matter: it.MatterID})
			}
		}
		c.meetings[x.ID] = m
	case *Statement:
		c.in(list, x.ID, x.MeetingID)
		if m, ok := c.meetings[x.MeetingID]; !ok {
			c.p.addf("发言 %d 所属的会议 %d 不存在", x.ID, x.MeetingID)
		} else if x.Item != 0 && !slices.Contains(m.items, x.Item) {
			c.p.addf("发言 %d 所属的第 %d 项议题不存在", x.ID, x.Item)
		}
		rec(x.ID, x.Validate())
	case *Matter:
		c.in(list, x.ID, 0)
		inVillage(x.ID, x.VillageID)
		rec(x.ID, x.Validate())
		c.matters[x.ID] = x.VillageID
		itemRef(x.ID, x.VillageID, x.Origin)
		for _, e := range x.History {
			itemRef(x.ID, x.VillageID, e.By)
		}
	case *Notice:
		c.in(list, x.ID, 0)
		inVillage(x.ID, x.VillageID)
		if v, ok := c.matters[x.MatterID]; !ok {
			c.p.addf("公告 %d 所属的事项 %d 不存在", x.ID, x.MatterID)
		} else {
			sameVillage(x.ID, x.VillageID, "事项", x.MatterID, v)
		}
		rec(x.ID, x.Validate())
	case *Assignment:
		c.in(list, x.ID, 0)
		inVillage(x.ID, x.VillageID)
		itemRef(x.ID, x.VillageID, x.From)
		rec(x.ID, x.Validate())
	case *Amendment:
		c.in(list, x.ID, x.MeetingID)
		if _, ok := c.meetings[x.MeetingID]; !ok {
			c.p.addf("更正 %d 所属的会议 %d 不存在", x.ID, x.MeetingID)
		}
		rec(x.ID, x.Validate())
	default:
		c.p.addf("数据文件里有不认识的记录（%s）", list)
	}
	return nil
}

// in checks that id comes in order in its village's part of list: above its last ID, or for a nested record
// (meeting set), above the last one of the same meeting, meetings ascending.
func (c *ArchiveCheck) in(list string, id, meetingID ID) {
	at := listSpace{list, id.Space()}
	o, ok := c.last[at]
	if !ok {
		o = order{byID: true, byMeeting: meetingID != 0}
	}
	o.byID = o.byID && id > o.id && id != 0
	if meetingID != 0 {
		set := c.nested[list]
		if set == nil {
			set = idSet{}
			c.nested[list] = set
		}
		o.byMeeting = o.byMeeting && id != 0 && !set.add(id) &&
			(meetingID > o.meeting || meetingID == o.meeting && id > o.nestedID)
		o.meeting, o.nestedID = meetingID, id
	}
	if !o.byID && !o.byMeeting {
		c.p.addf("%s编号 %d 重复、为零或不按顺序", kindNames[list], id)
		// Start again from here, so that one record out of place is named once.
		o.byID, o.byMeeting = true, meetingID != 0
	}
	o.id = id
	o.n++
	c.last[at] = o
}

// listSpace is one village's part of a list: IDs are in order within it (see id.go), and the
// villages' parts may come in any order.
type listSpace struct {
	list  string
	space uint32
}

// Failed reports whether a problem was found in the records added so far (references to
// records still to come are checked by Err).
func (c *ArchiveCheck) Failed() bool { return len(c.p) > 0 }

// Err returns the problems found, at most 20 of them named, once every record is added.
func (c *ArchiveCheck) Err() error {
	p := slices.Clone(c.p)
	if !c.stop {
		for _, it := range c.items {
			if v, ok := c.matters[it.matter]; !ok {
				p.addf("会议 %d 第 %d 项议题指向的事项 %d 不存在", it.meeting, it.item, it.matter)
			} else if v != it.village {
				p.addf("会议 %d 属于村 %d，它第 %d 项议题指向的事项 %d 却属于村 %d", it.meeting, it.village, it.item, it.matter, v)
			}
		}
	}
	if len(p) > 20 {
		n := len(p)
		p = append(p[:20], fmt.Sprintf("……共 %d 处问题", n))
	}
	return p.Err()
}

// Validate checks an objection: its text, and an answer not dated before the objection.
func (o Objection) Validate() error {
	var p Problems
	if strings.TrimSpace(o.Text) == "" {
		p.addf("请写上异议的内容")
	}
	if o.On.IsZero() {
		p.addf("请填写收到异议的日期")
	}
	if !o.Answered.IsZero() && o.Answered.Before(o.On) {
		p.addf("答复日期 %s 早于收到异议的日期 %s，请检查", o.Answered, o.On)
	}
	if !o.Answered.IsZero() && strings.TrimSpace(o.Answer) == "" {
		p.addf("写了答复日期，请再写上怎么答复的")
	}
	return p.Err()
}

// Validate checks an implementation's dates and acceptance: completion not before the start,
// an acceptance result with its date, acceptance not before completion, no negative money.
func (im Implementation) Validate() error {
	var p Problems
	if !im.Started.IsZero() && !im.Completed.IsZero() && im.Completed.Before(im.Started) {
		p.addf("完成日期 %s 早于开工日期 %s，请检查", im.Completed, im.Started)
	}
	if im.Acceptance != "" && im.AcceptedOn.IsZero() {
		p.addf("写了验收结果，请再填验收日期")
	}
	if !im.AcceptedOn.IsZero() && !im.Completed.IsZero() && im.AcceptedOn.Before(im.Completed) {
		p.addf("验收日期 %s 早于完成日期 %s，请检查", im.AcceptedOn, im.Completed)
	}
	if im.Budget < 0 || im.Subsidy < 0 || im.SelfRaised < 0 || im.Spent < 0 {
		p.addf("金额不能为负数")
	}
	return p.Err()
}
