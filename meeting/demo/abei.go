package demo

import (
	_ "embed"
	"fmt"
	"time"

	"yishi/meeting"
)

// abeiRoster is the roster of 阿北村, as in shared/fixtures/roster-abei.csv.
//
//go:embed roster-abei.csv
var abeiRoster []byte

// The demo village's figures and the township's liaison cadre, who is not on the roster.
const (
	abeiHouseholds = 312
	abeiAdults     = 860
	liaison        = "周立平"
	liaisonPost    = "北山镇驻阿北村联络干部"
)

// EveningDate is the day of the sample evening (夜话乡村) of the walkthrough.
var EveningDate = meeting.NewDate(2026, time.September, 8)

// abei holds what the demo is built from: the builder, the settings, the roster by name.
type abei struct {
	*builder
	v      meeting.ID
	s      meeting.Settings
	people []meeting.Person // the roster, without guests
	byName map[string]meeting.Person
}

// Abei builds the demo archive of 阿北村: its roster, the sample evening of the walkthrough and
// the matter that came out of it carried through all six steps, an older matter closed the year
// before, a matter still in progress, and a few other consultation meetings. The result is the
// same on every call.
func Abei() (*meeting.Archive, error) {
	roster, err := meeting.ParseRoster(abeiRoster)
	if err != nil {
		return nil, fmt.Errorf("demo: roster: %w", err)
	}
	d := &abei{builder: newBuilder(), byName: map[string]meeting.Person{}}
	// The village took the defaults of the time in 2025 (a 7-day posting period) and raised them
	// to the 2025 text's on the day it came into force: its notices of 2025 are held against the
	// period it had then.
	d.s = meeting.DefaultsOn(meeting.NewDate(2025, time.March, 1))
	d.s = meeting.Defaults().Record(d.s, meeting.Law2025From)
	d.v = d.addVillage(meeting.Village{
		Name:       "阿北村",
		Township:   "北山镇",
		County:     "密山市",
		Households: abeiHouseholds,
		Adults:     abeiAdults,
	})
	for _, p := range roster {
		p.VillageID = d.v
		p = d.addPerson(p)
		d.people = append(d.people, p)
		d.byName[p.Name] = p
	}
	// Two villagers not on the roster, remembered from the evening.
	for _, name := range []string{"孙秀兰", "王德福"} {
		p := d.addPerson(meeting.Person{VillageID: d.v, Name: name, Guest: true})
		d.byName[p.Name] = p
	}
	d.s.ObjectionContact = fmt.Sprintf("村务监督委员会主任 董建国，电话 %s；也可到村委会当面反映", d.byName["董建国"].Phone)
	d.village(d.v).Settings = d.s

	d.drainage2025()  // meetings 1-4, matter 1, notices 1-2
	d.courtyard()     // meeting 5, assignment 1, amendment 1
	d.evening()       // meeting 6, assignment 2, matter 2
	d.serviceCentre() // meetings 7-10, notices 3-4
	d.benchMeeting()  // meeting 11, assignment 3, matter 3
	d.streetLights()  // meetings 12-13
	d.routine()       // meetings 14-24
	if d.err != nil {
		return nil, d.err
	}
	d.seal()
	d.rebase(func(int) uint32 { return AbeiSpace })
	if d.err != nil {
		return nil, d.err
	}
	return d.a, nil
}

// AbeiSpace is the space of 阿北村's IDs (see meeting.ID): the same in every demo, so that the
// demo reads the same everywhere; a real village draws its own.
const AbeiSpace = 0x0ABE1000

// r is the reference to a person of the village, by name.
func (d *abei) r(name string) meeting.Ref {
	p, ok := d.byName[name]
	if !ok {
		d.fail(fmt.Errorf("demo: no person named %s", name))
		return meeting.Ref{Name: name}
	}
	return p.Ref()
}

func (d *abei) refs(names ...string) []meeting.Ref {
	out := make([]meeting.Ref, len(names))
	for i, n := range names {
		out[i] = d.r(n)
	}
	return out
}

func (d *abei) withPost(name, post string) meeting.Ref {
	r := d.r(name)
	r.Post = post
	return r
}

func township() meeting.Ref { return meeting.Ref{Name: liaison, Post: liaisonPost} }

// hm is a clock time of day.
type hm struct{ h, m int }

// formal starts a formal meeting of body b, hosted by the secretary and recorded by the
// graduate, with its attendance taken from the roster.
func (d *abei) formal(b meeting.Body, title, place string, day meeting.Date, from, to hm, excused, absent []absence) meeting.Meeting {
	m := d.newMeeting(d.v, meeting.Formal, clock(day, from.h, from.m), clock(day, to.h, to.m))
	m.Body, m.Title, m.Place = b, title, place
	m.Host, m.Recorder = d.r("金昌义"), d.r("何晓宇")
	a, err := attendance(meeting.Members(d.people, b), excused, absent)
	d.fail(err)
	m.Attendance = a
	return m
}

// consultation starts a consultation meeting where everyone listed came.
func (d *abei) consultation(form, title, place string, day meeting.Date, from, to hm, host string, present ...string) meeting.Meeting {
	m := d.newMeeting(d.v, meeting.Consultation, clock(day, from.h, from.m), clock(day, to.h, to.m))
	m.Form, m.Title, m.Place = form, title, place
	m.Host, m.Recorder = d.r(host), d.r("何晓宇")
	m.Attendance.Attendees = d.refs(present...)
	// A consultation expects nobody (meeting.ConsultationRoll): those who came are named.
	m.Attendance.Present = len(present)
	return m
}

func (d *abei) say(m *meeting.Meeting, n int, who string, at hm, kind meeting.StatementKind, text string) {
	d.builder.say(m, n, d.r(who), at.h, at.m, kind, text)
}

func vote(m meeting.Meeting, at hm, method meeting.Method, ayes, noes, abstentions int) *meeting.Vote {
	return &meeting.Vote{Method: method, Ayes: ayes, Noes: noes, Abstentions: abstentions,
		At: clock(meeting.DateOf(m.Start), at.h, at.m)}
}

const (
	room      = "村委会会议室"
	board     = "村务公开栏"
	wechat    = "村民微信群"
	checkedOK = "经核查，该事项经党支部委员会提议、两委联席会议商议、党员大会审议、村民代表会议决议，程序符合规定，同意公开。"
)

func postings(from meeting.Date, days int, where ...string) []meeting.Posting {
	out := make([]meeting.Posting, len(where))
	for i, w := range where {
		out[i] = meeting.Posting{Where: w, From: from, To: from.AddDays(days - 1)}
	}
	return out
}

// drainage2025 is last year's matter, from proposal to the posted result: the drainage ditch east
// of the village cleared and its banks repaired.
func (d *abei) drainage2025() {
	id := d.addMatter(meeting.Matter{
		VillageID:   d.v,
		Title:       "村东排水渠清淤和护坡修缮",
		Category:    "公益事业建设",
		Description: "2024 年汛期村东排水渠淤堵，雨水倒灌进三组、四组十多户院子。党员和村民代表多次反映，村党支部收集意见后提出清淤并修缮护坡。",
		Amount:      meeting.Yuan(48000),
		Created:     meeting.NewDate(2025, time.March, 28),
	})
	const subject = "关于村东排水渠清淤和护坡修缮的"

	// 1. Proposal.
	m := d.formal(meeting.BranchCommittee, "研究村东排水渠修缮提议", room, meeting.NewDate(2025, time.April, 8), hm{9, 0}, hm{10, 0}, nil, nil)
	m.Items = []meeting.Item{{N: 1, Title: subject + "提议", MatterID: id, Step: meeting.Proposed,
		Explanation: "侯晓春通报：村东排水渠全长 1.2 公里，淤积严重，护坡多处坍塌。经镇水利站估算，清淤和修缮约需 4.8 万元，可申请镇水利补助 2 万元，其余从村集体收入列支。",
		Vote:        vote(m, hm{9, 50}, meeting.ShowOfHands, 3, 0, 0),
		Resolution:  "同意提议：对村东排水渠清淤并修缮护坡，预算 4.8 万元（申请镇水利补助 2 万元，其余由村集体收入列支），提交两委联席会议商议。"}}
	d.say(&m, 1, "刘恒军", hm{9, 12}, meeting.Opinion, "我是三组网格员，去年七月那场大雨，三组有十一户院子进了水，老百姓意见很大。汛期之前必须修好。")
	d.say(&m, 1, "侯晓春", hm{9, 25}, meeting.Suggestion, "施工最好赶在五月中旬以前，清出来的淤泥可以给周边农户垫地，省一笔外运的钱。")
	d.say(&m, 1, "金昌义", hm{9, 40}, meeting.Opinion, "同意提议。请刘恒军把受淹农户的名单和照片整理出来，商议时一并提交。")
	d.add(m)
	d.advance(d.s, id, m, 1)

	// 2. Deliberation.
	m = d.formal(meeting.TwoCommittees, "商议村东排水渠修缮方案", room, meeting.NewDate(2025, time.April, 15), hm{9, 0}, hm{10, 10}, nil, nil)
	m.Attendance.Observers = []meeting.Ref{d.withPost("董建国", "村务监督委员会主任")}
	m.Items = []meeting.Item{{N: 1, Title: subject + "商议", MatterID: id, Step: meeting.Deliberated,
		Explanation: "金昌义说明支委会提议和镇水利站的估算：清淤 1.2 公里，修缮护坡约 300 米。",
		Vote:        vote(m, hm{10, 0}, meeting.ShowOfHands, 5, 0, 0),
		Resolution:  "商议同意：工程采取公开比选确定施工队，村务监督委员会全程监督；方案提交党员大会审议。"}}
	d.say(&m, 1, "关天文", hm{9, 15}, meeting.Suggestion, "施工队要公开比选，至少找三家报价，把价格和资质都贴出来让大家看。")
	d.say(&m, 1, "李桂君", hm{9, 28}, meeting.Opinion, "护坡修缮要保证质量，建议留一成的质保金，过了一个汛期没问题再付。")
	d.say(&m, 1, "董建国", hm{9, 40}, meeting.Suggestion, "比选和验收请监委会派人参加，合同、发票和验收单要留存备查。")
	d.add(m)
	d.advance(d.s, id, m, 1)

	// 3. Review.
	m = d.formal(meeting.PartyAssembly, "审议村东排水渠修缮方案", room, meeting.NewDate(2025, time.April, 22), hm{19, 0}, hm{20, 10}, nil,
		[]absence{{"冯明远", "请假：在外地照顾住院的家属"}, {"刘志强", "请假：生病"}, {"单长林", "请假：外出务工"}})
	m.Attendance.Observers = []meeting.Ref{township()}
	m.Items = []meeting.Item{{N: 1, Title: subject + "审议", MatterID: id, Step: meeting.Reviewed,
		Explanation: "方案已于 4 月 19 日发给全体党员。侯晓春说明方案内容和两委商议意见。",
		Vote:        vote(m, hm{19, 55}, meeting.ShowOfHands, 17, 0, 1),
		Resolution:  "审议通过村东排水渠清淤和护坡修缮方案，提交村民代表会议决议。"}}
	d.say(&m, 1, "薛立新", hm{19, 20}, meeting.Opinion, "这件事早就该办，我同意方案。施工期间要在渠边立警示牌，别让孩子去玩水。")
	d.say(&m, 1, "陆殿臣", hm{19, 32}, meeting.Opinion, "四万八不是小数，镇里补助能不能先落实了再开工，别到时候村里全垫上。")
	d.say(&m, 1, "金昌义", hm{19, 45}, meeting.Answer, "补助资金镇水利站已经答复，开工前拨付一半，验收后拨付另一半，不会让村里全垫。")
	d.add(m)
	d.advance(d.s, id, m, 1)

	// 4. Resolution.
	m = d.formal(meeting.RepresentativeAssembly, "决议村东排水渠修缮事项", room, meeting.NewDate(2025, time.April, 28), hm{19, 0}, hm{20, 20}, nil,
		[]absence{{"沈金凤", "外出务工"}, {"傅桂兰", "请假：生病"}, {"苏恒军", "外出务工"}, {"雷国庆", "请假：家中有事"},
			{"单红彬", "请假：走亲戚未归"}, {"袁桂兰", "外出务工"}})
	m.NoticeOn = meeting.NewDate(2025, time.April, 24)
	m.Attendance.Observers = []meeting.Ref{township()}
	m.Items = []meeting.Item{{N: 1, Title: subject + "决议", MatterID: id, Step: meeting.Resolved,
		Explanation: "金昌义说明党支部委员会提议、两委联席会议商议和党员大会审议的情况，宣读修缮方案。",
		Vote:        vote(m, hm{20, 5}, meeting.ShowOfHands, 22, 1, 1),
		Resolution:  "决议：同意对村东排水渠清淤 1.2 公里、修缮护坡约 300 米，预算 4.8 万元（镇水利补助 2 万元，其余由村集体收入列支）；由村民委员会组织公开比选施工队，村务监督委员会全程监督，完工验收后公开结果。"}}
	d.say(&m, 1, "罗德明", hm{19, 25}, meeting.Opinion, "我家就在渠边，年年汛期提心吊胆，我代表三组的乡亲支持这个方案。")
	d.say(&m, 1, "戴德明", hm{19, 38}, meeting.Opinion, "清淤的时候顺便把四组那段的涵洞也通一通，花不了多少钱。")
	d.say(&m, 1, "金昌义", hm{19, 50}, meeting.Answer, "涵洞疏通已经算在清淤里了，比选时会写进工程量清单。")
	d.add(m)
	d.advance(d.s, id, m, 1)

	chair := d.withPost("董建国", "村务监督委员会主任")
	d.post(d.s, meeting.Notice{
		VillageID: d.v, MatterID: id, Kind: meeting.ResolutionNotice,
		Title:       subject + "决议公告",
		Text:        "实施安排：5 月上旬公开比选施工队，5 月中旬开工，汛期前完工；工程由村务监督委员会全程监督。",
		Contact:     d.s.ObjectionContact,
		Issued:      meeting.NewDate(2025, time.April, 29),
		Postings:    postings(meeting.NewDate(2025, time.April, 29), 8, board, wechat),
		Supervision: &meeting.Supervision{By: chair, On: meeting.NewDate(2025, time.April, 29), Opinion: checkedOK},
	})
	d.complete(id, meeting.Implementation{
		Plan: "公开比选施工队，清淤 1.2 公里，修缮护坡约 300 米，疏通四组涵洞。",
		Progress: []meeting.Progress{
			{On: meeting.NewDate(2025, time.May, 8), Text: "三家施工队报价比选，村务监督委员会参加，选定报价最低的本镇施工队。"},
			{On: meeting.NewDate(2025, time.May, 12), Text: "开工清淤，淤泥就近给周边农户垫地。"},
			{On: meeting.NewDate(2025, time.June, 5), Text: "清淤完成，护坡修缮完成八成。"},
		},
		Started:    meeting.NewDate(2025, time.May, 12),
		Completed:  meeting.NewDate(2025, time.June, 12),
		Budget:     meeting.Yuan(48000),
		Subsidy:    meeting.Yuan(20000),
		Spent:      meeting.Yuan(46850),
		Acceptance: "验收合格：清淤深度、护坡长度与合同一致；镇水利站和村务监督委员会参加验收",
		AcceptedOn: meeting.NewDate(2025, time.June, 16),
	})
	d.post(d.s, meeting.Notice{
		VillageID: d.v, MatterID: id, Kind: meeting.ResultNotice,
		Title:       subject + "实施结果公告",
		Text:        "工程于 2025 年 5 月 12 日开工，6 月 12 日完工，6 月 16 日验收合格。实际支出 46850 元，其中镇水利补助 20000 元，村集体收入 26850 元。",
		Contact:     d.s.ObjectionContact,
		Issued:      meeting.NewDate(2025, time.June, 20),
		Postings:    postings(meeting.NewDate(2025, time.June, 20), 7, board, wechat),
		Supervision: &meeting.Supervision{By: chair, On: meeting.NewDate(2025, time.June, 20), Opinion: "经核查，工程经公开比选，实际支出未超出预算，验收合格，同意公开。"},
	})
}

// courtyard is a courtyard meeting in June: one item handed to someone and done, one answered on
// the spot, and an amendment after the record was sealed.
func (d *abei) courtyard() {
	day := meeting.NewDate(2026, time.June, 16)
	m := d.consultation("庭院说事", "三组环境卫生和医保缴费", "三组罗德明家院子", day, hm{19, 0}, hm{20, 5}, "关天文",
		"关天文", "刘恒军", "何晓宇", "罗德明", "郭春燕", "潘淑华", "戴德明", "单红彬", "袁桂兰", "夏玉梅", "田春燕", "吴春燕")
	task := d.nextAssignment()
	m.Items = []meeting.Item{
		{N: 1, Title: "三组路口垃圾桶满溢、清运不及时", Outcome: &meeting.Outcome{Kind: meeting.Assigned, AssignmentID: task}},
		{N: 2, Title: "城乡居民医保缴费时间和方式", Outcome: &meeting.Outcome{Kind: meeting.Answered,
			Answer: "集中缴费从 9 月开始，可以用手机缴，也可以带身份证到村委会由工作人员帮着代缴。"}},
	}
	d.say(&m, 1, "田春燕", hm{19, 8}, meeting.Concern, "三组路口就两个垃圾桶，夏天三四天才清一次，满了往外溢，苍蝇多、味道大，路过都得捂着鼻子。")
	d.say(&m, 1, "戴德明", hm{19, 14}, meeting.Suggestion, "再添两个桶，清运改成两天一次，天热的时候最好每天一次。")
	d.say(&m, 1, "夏玉梅", hm{19, 19}, meeting.Opinion, "也得说说个别户乱倒的，建筑垃圾也往桶边堆，光加桶不管用。")
	d.say(&m, 1, "关天文", hm{19, 27}, meeting.Answer, "我明天就联系镇环卫所，争取加桶、加密清运；乱倒建筑垃圾的，请网格员上门劝导。两周内给大家回话。")
	d.say(&m, 2, "吴春燕", hm{19, 38}, meeting.Concern, "今年医保什么时候交？我家老人不会用手机，去年跑了两趟镇上才交上。")
	d.say(&m, 2, "何晓宇", hm{19, 44}, meeting.Answer, "今年集中缴费从 9 月开始。会用手机的可以在微信上交；不会的带上身份证到村委会，我帮着代缴。")
	d.add(m)
	d.addAssignment(meeting.Assignment{
		VillageID: d.v, From: &meeting.ItemRef{MeetingID: m.ID, Item: 1},
		Task:     "联系镇环卫所为三组路口增设垃圾桶 2 个，清运改为每两天一次",
		Owner:    d.r("关天文"),
		Assigned: day, Deadline: day.AddDays(14), Urgency: meeting.Soon,
		Result:   "6 月 24 日镇环卫所在三组路口增设垃圾桶 2 个，清运改为每两天一次；网格员刘恒军上门劝导了乱倒建筑垃圾的 2 户。",
		Done:     meeting.NewDate(2026, time.June, 24),
		Feedback: "6 月 25 日在三组微信群告知，田春燕、戴德明回复已看到新桶。",
		FedBack:  meeting.NewDate(2026, time.June, 25),
	})
	d.addAmendment(meeting.Amendment{
		MeetingID: m.ID,
		At:        clock(day.AddDays(2), 9, 30),
		Author:    d.r("何晓宇"),
		Reason:    "会后发言人补充意见，记录已定稿，以更正补记",
		Text:      "第 2 项补记：吴春燕会后补充，希望代缴医保时村委会出具收据。",
	})
}

// evening is the sample evening of the walkthrough: the party-and-people service centre is being
// fitted out, and villagers say what it needs.
func (d *abei) evening() {
	m := d.consultation("夜话乡村", "党群服务中心装修，需要哪些服务和设备", "村广场凉亭", EveningDate, hm{19, 30}, hm{20, 50}, "金昌义",
		"金昌义", "侯晓春", "刘恒军", "关天文", "李桂君", "董建国", "何晓宇",
		"徐守信", "沈春燕", "卢建国", "程文杰", "叶春燕", "康福全", "石守信", "武桂君", "罗德明", "潘淑华", "戴德明", "吴春燕",
		"金秀英", "梁雪梅", "孙秀兰", "王德福")
	m.Attendance.Observers = []meeting.Ref{township()}
	task, matter := d.nextAssignment(), d.nextMatter()
	m.Items = []meeting.Item{
		{N: 1, Title: "添置电脑和音响设备", MatterID: matter,
			Explanation: "金昌义通报：村党群服务中心正在装修，今晚请大家说说中心要提供哪些服务、添置哪些设备，会后按记录拿出方案。",
			Outcome:     &meeting.Outcome{Kind: meeting.ToMatter, MatterID: matter}},
		{N: 2, Title: "添置饮水机和座椅", Outcome: &meeting.Outcome{Kind: meeting.Assigned, AssignmentID: task}},
		{N: 3, Title: "服务中心晚间开放", Outcome: &meeting.Outcome{Kind: meeting.Answered,
			Answer: "装修完成后，服务中心每周二、四、六晚上七点到九点开放，村干部和网格员轮流值班，值班表贴在门口。"}},
	}
	d.say(&m, 1, "卢建国", hm{19, 36}, meeting.Concern, "上回我来开医保缴费证明，赶上侯书记在电脑上报党建材料，等了一个多钟头。中心就一台电脑，办事的和干活的抢着用，能不能再添一台？")
	d.say(&m, 1, "侯晓春", hm{19, 40}, meeting.Opinion, "综治和党建的活确实越来越多，网格上报、党员积分都要在系统里录，一台电脑忙不过来，我赞成再添一台。")
	d.say(&m, 1, "孙秀兰", hm{19, 44}, meeting.Concern, "我们广场舞队二十多个人，排练全靠一个手机外放，音量开到最大，后排的人还是听不见节拍。中心装修好了，能不能配一套音响？")
	d.say(&m, 1, "叶春燕", hm{19, 47}, meeting.Suggestion, "音响最好买能移动的，带无线话筒。平时跳舞用，开村民大会、广播通知也能用，一套东西几样用处。")
	d.say(&m, 1, "罗德明", hm{19, 51}, meeting.Opinion, "添东西我不反对，但钱从哪出要说清楚。村集体那点收入是大家的，花多少、买什么牌子，得让大家都知道。")
	d.say(&m, 1, "金昌义", hm{19, 55}, meeting.Answer, "电脑和音响加起来估计两万三千元左右，要从村集体收入里出，按规定得走四议两公开：支委会提议、两委商议、党员大会审议，再由村民代表会议决议，决议和花费都在公开栏公示。")
	d.say(&m, 2, "王德福", hm{20, 2}, meeting.Concern, "中心里连把椅子都没有，我们上年纪的来了只能站着，站一会儿腿就受不了，也就不愿意来了。")
	d.say(&m, 2, "潘淑华", hm{20, 5}, meeting.Concern, "夏天来办事的人多，渴了连口水都喝不上，放个饮水机吧。")
	d.say(&m, 2, "李桂君", hm{20, 8}, meeting.Suggestion, "椅子买能摞起来的折叠椅，开会时摆开，平时收起来不占地方，先买三十把够用。")
	d.say(&m, 2, "金昌义", hm{20, 12}, meeting.Answer, "饮水机和椅子花钱不多，从村办公经费里列支，不用走四议程序。这件事交给刘恒军，七天内买回来摆上。")
	d.say(&m, 2, "刘恒军", hm{20, 14}, meeting.Answer, "好，我明天就去镇上问价，七天之内办好，办完在微信群里告诉大家。")
	d.say(&m, 3, "康福全", hm{20, 20}, meeting.Suggestion, "白天大家都下地，中心晚上能不能也开着？农闲的时候大家愿意过来坐坐、看看书。")
	d.say(&m, 3, "武桂君", hm{20, 24}, meeting.Opinion, "晚上开门得有人看着，不然东西丢了算谁的。")
	d.say(&m, 3, "金昌义", hm{20, 28}, meeting.Answer, "装修完后，每周二、四、六晚上七点到九点开放，村干部和网格员轮流值班，值班表贴在门口。")
	d.add(m)

	d.addAssignment(meeting.Assignment{
		VillageID: d.v, From: &meeting.ItemRef{MeetingID: m.ID, Item: 2},
		Task:     "购买饮水机 1 台、折叠椅 30 把，摆放到党群服务中心",
		Owner:    d.r("刘恒军"),
		Assigned: EveningDate, Deadline: EveningDate.AddDays(7), Urgency: meeting.AtOnce,
		Result:   "9 月 12 日购回饮水机 1 台、折叠椅 30 把，共 1860 元，从村办公经费列支，已摆放到服务中心大厅。",
		Done:     meeting.NewDate(2026, time.September, 12),
		Feedback: "9 月 13 日在村民微信群告知，王德福、潘淑华到中心看过，表示满意。",
		FedBack:  meeting.NewDate(2026, time.September, 13),
	})
	d.addMatter(meeting.Matter{
		VillageID: d.v,
		Title:     "为党群服务中心添置电脑和音响设备",
		Category:  "集体收入使用",
		Description: "9 月 8 日夜话乡村会上村民提出：党群服务中心增添第二台电脑（综治、党建工作量增加），配置一套移动音响（广场舞排练现用手机外放，听不清）。" +
			"预计约 2.3 万元，从村集体收入列支。会后第二天，设计公司依据会议记录起草了配置方案。",
		Amount:  meeting.Yuan(23000),
		Origin:  &meeting.ItemRef{MeetingID: m.ID, Item: 1},
		Created: EveningDate,
	})
}

// serviceCentre carries the evening's matter through the four formal meetings, the resolution
// notice, the work and the result notice.
func (d *abei) serviceCentre() {
	id := meeting.ID(2)
	const subject = "关于使用集体收入为党群服务中心添置电脑和音响设备的"

	// 1. Proposal.
	m := d.formal(meeting.BranchCommittee, "研究党群服务中心设备配置提议", room, meeting.NewDate(2026, time.September, 11), hm{9, 0}, hm{10, 10}, nil, nil)
	m.Items = []meeting.Item{{N: 1, Title: subject + "提议", MatterID: id, Step: meeting.Proposed,
		Explanation: "侯晓春通报 9 月 8 日夜话乡村会上村民的意见和设计公司起草的配置方案：台式电脑 1 台约 6500 元，移动音响 1 套（含无线话筒 2 支）约 12800 元，安装调试和线材约 3700 元，合计约 23000 元。",
		Vote:        vote(m, hm{9, 58}, meeting.ShowOfHands, 3, 0, 0),
		Resolution:  "同意提议：使用村集体收入约 23000 元，为党群服务中心添置台式电脑 1 台、移动音响 1 套，提交两委联席会议商议。"}}
	d.say(&m, 1, "侯晓春", hm{9, 8}, meeting.Opinion, "夜话乡村那天来了二十多人，添电脑和音响是大家一致的意见。方案是设计公司照着会议记录拟的，价格是网上比过的中档价。")
	d.say(&m, 1, "刘恒军", hm{9, 22}, meeting.Opinion, "音响要选质量靠得住的，质保至少两年。广场上风大，话筒最好选抗干扰的。")
	d.say(&m, 1, "金昌义", hm{9, 40}, meeting.Opinion, "同意提议。采购前要询价三家，把报价单留下，商议时一起拿出来。")
	d.add(m)
	d.advance(d.s, id, m, 1)

	// 2. Deliberation.
	m = d.formal(meeting.TwoCommittees, "商议党群服务中心设备配置方案", room, meeting.NewDate(2026, time.September, 16), hm{9, 0}, hm{10, 20}, nil, nil)
	m.Attendance.Observers = []meeting.Ref{d.withPost("董建国", "村务监督委员会主任")}
	m.Items = []meeting.Item{{N: 1, Title: subject + "商议", MatterID: id, Step: meeting.Deliberated,
		Explanation: "金昌义说明支委会提议和配置方案。",
		Vote:        vote(m, hm{10, 5}, meeting.ShowOfHands, 5, 0, 0),
		Resolution:  "商议同意：按三家询价、择优选定的方式采购，村务监督委员会全程监督；方案提交党员大会审议。"}}
	d.say(&m, 1, "关天文", hm{9, 12}, meeting.Suggestion, "采购就按三家询价、择优选定，报价单和发票都要留存，完了一起公开。")
	d.say(&m, 1, "李桂君", hm{9, 26}, meeting.Opinion, "音响妇女之家搞活动也能用，我赞成。电脑装上以后，妇联的报表也能在中心做。")
	d.say(&m, 1, "董建国", hm{9, 41}, meeting.Suggestion, "询价和验收请监委会派人参加，设备到了要登记进村集体资产台账。")
	d.add(m)
	d.advance(d.s, id, m, 1)

	// 3. Review: 21 members, 2 excused, 19 expected, 17 present.
	m = d.formal(meeting.PartyAssembly, "审议党群服务中心设备配置方案", room, meeting.NewDate(2026, time.September, 23), hm{19, 0}, hm{20, 15},
		[]absence{{"刘志强", "年老卧病在床，经支部同意不计入应到人数"}, {"单长林", "外出务工的流动党员，在务工地党组织参加组织生活"}},
		[]absence{{"冯明远", "请假：在县医院陪护住院的家属"}, {"马金凤", "请假：外出送粮"}})
	m.Attendance.Observers = []meeting.Ref{township()}
	m.Items = []meeting.Item{{N: 1, Title: subject + "审议", MatterID: id, Step: meeting.Reviewed,
		Explanation: "方案已于 9 月 20 日发给全体党员。侯晓春说明方案内容和两委联席会议的商议意见。",
		Vote:        vote(m, hm{20, 0}, meeting.ShowOfHands, 16, 0, 1),
		Resolution:  "审议通过党群服务中心电脑和音响设备配置方案，提交村民代表会议决议。"}}
	d.say(&m, 1, "薛立新", hm{19, 18}, meeting.Opinion, "服务中心是给老百姓办事的地方，设备配齐了大家才愿意来，我同意。")
	d.say(&m, 1, "陆殿臣", hm{19, 30}, meeting.Opinion, "电脑够用就行，不要买太贵的。音响一万多块，是不是还能再压一压价？")
	d.say(&m, 1, "金昌义", hm{19, 43}, meeting.Answer, "方案里的是预算上限，实际按三家询价取低的，省下的钱留在集体账上，花多少都会公开。")
	d.add(m)
	d.advance(d.s, id, m, 1)

	// 4. Resolution: 29 representatives and the committee director, 25 present, secret ballot.
	m = d.formal(meeting.RepresentativeAssembly, "决议党群服务中心设备配置事项", room, meeting.NewDate(2026, time.September, 29), hm{19, 0}, hm{20, 30}, nil,
		[]absence{{"沈金凤", "外出务工"}, {"傅桂兰", "请假：生病住院"}, {"苏恒军", "外出务工"}, {"雷国庆", "请假：家中有事"}, {"单红彬", "请假：走亲戚未归"}})
	m.NoticeOn = meeting.NewDate(2026, time.September, 24)
	m.Attendance.Observers = []meeting.Ref{township()}
	v := vote(m, hm{20, 15}, meeting.SecretBallot, 21, 2, 2)
	v.Tellers = []meeting.Ref{d.withPost("董建国", "监票人"), d.withPost("郭春燕", "计票人")}
	m.Items = []meeting.Item{{N: 1, Title: subject + "决议", MatterID: id, Step: meeting.Resolved,
		Explanation: "金昌义说明党支部委员会提议（9 月 11 日）、两委联席会议商议（9 月 16 日）、党员大会审议（9 月 23 日）的情况，宣读配置方案。",
		Vote:        v,
		Resolution:  "决议：同意使用村集体收入不超过 23000 元，为村党群服务中心添置台式电脑 1 台、移动音响设备 1 套（含无线话筒 2 支）；由村民委员会组织实施，采取三家询价方式采购，村务监督委员会全程监督，完成后验收并公开结果。"}}
	d.say(&m, 1, "罗德明", hm{19, 22}, meeting.Opinion, "夜话乡村那天我就问钱从哪出，今天方案说清楚了，还有监委会盯着，我同意。")
	d.say(&m, 1, "田春燕", hm{19, 34}, meeting.Opinion, "我有不同看法：三组那段土路一下雨就没法走，两万多块不如先修路。")
	d.say(&m, 1, "吴春燕", hm{19, 41}, meeting.Opinion, "广场舞队盼音响盼了两年了，有了音响，冬天也能在中心里排练。我赞成。")
	d.say(&m, 1, "金昌义", hm{19, 52}, meeting.Answer, "三组的路已经报了明年的一事一议项目，不占这笔钱。今天表决的是设备配置，请大家无记名投票。")
	d.add(m)
	d.advance(d.s, id, m, 1)

	chair := d.withPost("董建国", "村务监督委员会主任")
	posted := meeting.NewDate(2026, time.September, 30)
	d.post(d.s, meeting.Notice{
		VillageID: d.v, MatterID: id, Kind: meeting.ResolutionNotice,
		Title:    subject + "决议公告",
		Text:     "实施安排：由村民委员会组织，公示期满后向三家商户询价，择优采购；到货后安装调试，经村务监督委员会参加验收后公开结果。",
		Contact:  d.s.ObjectionContact,
		Issued:   posted,
		Postings: postings(posted, 15, board, wechat),
		Objections: []meeting.Objection{{
			On: meeting.NewDate(2026, time.October, 2), From: "三组村民",
			Text:     "音响晚上在广场用，会不会吵到附近人家休息？",
			Answer:   "音响在服务中心室内和广场使用，晚上九点以后不外放，已写进服务中心管理制度。",
			Answered: meeting.NewDate(2026, time.October, 3),
		}},
		Supervision: &meeting.Supervision{By: chair, On: posted, Opinion: checkedOK},
	})
	d.complete(id, meeting.Implementation{
		Plan: "三家询价、择优采购台式电脑 1 台、移动音响 1 套（含无线话筒 2 支）；到货安装调试，村务监督委员会参加验收，设备登记进村集体资产台账。",
		Progress: []meeting.Progress{
			{On: meeting.NewDate(2026, time.October, 15), Text: "董建国参加，向县城三家商户询价。"},
			{On: meeting.NewDate(2026, time.October, 19), Text: "选定报价最低、质保三年的商户，签订采购合同。"},
			{On: meeting.NewDate(2026, time.October, 27), Text: "电脑、音响到货，安装调试完成，登记进集体资产台账。"},
		},
		Started:    meeting.NewDate(2026, time.October, 15),
		Completed:  meeting.NewDate(2026, time.October, 27),
		Budget:     meeting.Yuan(23000),
		Spent:      meeting.Yuan(22460),
		Acceptance: "验收合格：设备型号、数量与合同一致，运行正常；村务监督委员会参加验收",
		AcceptedOn: meeting.NewDate(2026, time.October, 29),
	})
	posted = meeting.NewDate(2026, time.November, 2)
	d.post(d.s, meeting.Notice{
		VillageID: d.v, MatterID: id, Kind: meeting.ResultNotice,
		Title:    subject + "实施结果公告",
		Text:     "经三家询价，于 10 月 19 日签订采购合同，10 月 27 日安装调试完成，10 月 29 日验收合格。实际支出 22460 元（电脑 6280 元，音响 12980 元，安装调试和线材 3200 元），由村集体收入列支。",
		Contact:  d.s.ObjectionContact,
		Issued:   posted,
		Postings: postings(posted, 15, board, wechat),
		Supervision: &meeting.Supervision{By: chair, On: posted,
			Opinion: "经核查，采购经三家询价，实际支出 22460 元，未超出决议额度，设备已验收合格，同意公开。"},
	})
}

// benchMeeting is a bench meeting in October: broken street lights become a matter, straw burning
// is answered, weeds in a ditch are handed to the grid worker.
func (d *abei) benchMeeting() {
	day := meeting.NewDate(2026, time.October, 20)
	m := d.consultation("板凳会", "二组路灯、秸秆和边沟", "二组小卖部门前", day, hm{18, 30}, hm{19, 45}, "侯晓春",
		"侯晓春", "刘恒军", "何晓宇", "康福全", "沈金凤", "石守信", "武桂君", "苏恒军", "雷国庆", "姜长林", "解雪梅", "卢建国", "程文杰", "毛兰芳")
	task, matter := d.nextAssignment(), d.nextMatter()
	m.Items = []meeting.Item{
		{N: 1, Title: "村内主干道路灯损坏", MatterID: matter, Outcome: &meeting.Outcome{Kind: meeting.ToMatter, MatterID: matter}},
		{N: 2, Title: "秋季秸秆禁烧后怎么处理", Outcome: &meeting.Outcome{Kind: meeting.Answered,
			Answer: "镇里今年有秸秆打捆离田补贴，打捆机由村里统一联系，下周在微信群发排班表。"}},
		{N: 3, Title: "二组边沟杂草堵塞", Outcome: &meeting.Outcome{Kind: meeting.Assigned, AssignmentID: task}},
	}
	d.say(&m, 1, "康福全", hm{18, 36}, meeting.Concern, "从二组到村部那段路的路灯坏了一大半，晚上接孩子放学黑乎乎的，前几天还有人骑电动车摔了。")
	d.say(&m, 1, "雷国庆", hm{18, 41}, meeting.Suggestion, "换成太阳能路灯，不用交电费，坏了也好修。")
	d.say(&m, 1, "姜长林", hm{18, 46}, meeting.Opinion, "全村主干道加起来三公里多，要换就一起换，不要东一盏西一盏。")
	d.say(&m, 1, "侯晓春", hm{18, 52}, meeting.Answer, "主干道路灯全部更换估计要三万六千元左右，属于公益事业建设，要走四议两公开。我把大家的意见带回去，支委会先研究提议。")
	d.say(&m, 2, "苏恒军", hm{19, 0}, meeting.Concern, "秸秆不让烧，堆在地头又占地方，到底往哪放？")
	d.say(&m, 2, "侯晓春", hm{19, 6}, meeting.Answer, "镇里今年有秸秆打捆离田补贴，打捆机由村里统一联系，下周在微信群发排班表，大家按排班把地腾出来。")
	d.say(&m, 3, "武桂君", hm{19, 15}, meeting.Concern, "二组东头的边沟长满了杂草，水流不动，一下雨就漫到路上。")
	d.say(&m, 3, "侯晓春", hm{19, 20}, meeting.Answer, "这个马上办：刘恒军带公益岗的人一周内清理干净。")
	d.add(m)
	d.addAssignment(meeting.Assignment{
		VillageID: d.v, From: &meeting.ItemRef{MeetingID: m.ID, Item: 3},
		Task:     "清理二组东头边沟杂草，疏通排水",
		Owner:    d.r("刘恒军"),
		Assigned: day, Deadline: day.AddDays(7), Urgency: meeting.AtOnce,
		Result:   "10 月 24 日组织公益岗 4 人清理边沟约 400 米，排水已通畅。",
		Done:     meeting.NewDate(2026, time.October, 24),
		Feedback: "10 月 25 日当面告知武桂君，她到现场看过。",
		FedBack:  meeting.NewDate(2026, time.October, 25),
	})
	d.addMatter(meeting.Matter{
		VillageID:   d.v,
		Title:       "更换村内主干道路灯",
		Category:    "公益事业建设",
		Description: "10 月 20 日板凳会上村民反映二组到村部的路灯坏了一大半，建议全村主干道统一更换为太阳能路灯，约 3.2 公里，预计约 3.6 万元。",
		Amount:      meeting.Yuan(36000),
		Origin:      &meeting.ItemRef{MeetingID: m.ID, Item: 1},
		Created:     day,
	})
}

// streetLights takes the street-light matter through its first two steps; it waits for the
// party members' assembly.
func (d *abei) streetLights() {
	id := meeting.ID(3)
	const subject = "关于更换村内主干道路灯的"

	m := d.formal(meeting.BranchCommittee, "研究更换主干道路灯提议", room, meeting.NewDate(2026, time.November, 3), hm{9, 0}, hm{9, 50}, nil, nil)
	m.Items = []meeting.Item{{N: 1, Title: subject + "提议", MatterID: id, Step: meeting.Proposed,
		Explanation: "侯晓春通报 10 月 20 日板凳会上村民的意见：主干道约 3.2 公里，需太阳能路灯约 80 盏，估算约 3.6 万元。",
		Vote:        vote(m, hm{9, 40}, meeting.ShowOfHands, 3, 0, 0),
		Resolution:  "同意提议：将村内主干道路灯统一更换为太阳能路灯，预算约 36000 元，提交两委联席会议商议。"}}
	d.say(&m, 1, "刘恒军", hm{9, 10}, meeting.Opinion, "我数过了，主干道现有路灯 76 盏，不亮的 41 盏，有些灯杆也锈了，一起换比较省事。")
	d.say(&m, 1, "金昌义", hm{9, 25}, meeting.Opinion, "同意提议。可以问问县里有没有美丽乡村的路灯补助，能争取就争取。")
	d.add(m)
	d.advance(d.s, id, m, 1)

	m = d.formal(meeting.TwoCommittees, "商议更换主干道路灯方案", room, meeting.NewDate(2026, time.November, 10), hm{9, 0}, hm{10, 0}, nil, nil)
	m.Attendance.Observers = []meeting.Ref{d.withPost("董建国", "村务监督委员会主任")}
	m.Items = []meeting.Item{{N: 1, Title: subject + "商议", MatterID: id, Step: meeting.Deliberated,
		Explanation: "金昌义说明支委会提议；关天文通报向县住建局咨询的补助政策。",
		Vote:        vote(m, hm{9, 50}, meeting.ShowOfHands, 5, 0, 0),
		Resolution:  "商议同意：更换太阳能路灯约 80 盏，公开比选供货安装单位，同时申请县美丽乡村建设补助；方案提交党员大会审议。"}}
	d.say(&m, 1, "关天文", hm{9, 12}, meeting.Opinion, "县住建局说明年有美丽乡村补助，路灯每盏最多补三百元，可以先报上去。")
	d.say(&m, 1, "李桂君", hm{9, 24}, meeting.Suggestion, "学校门口和村部广场这两段先装，孩子放学和跳舞的人多。")
	d.say(&m, 1, "董建国", hm{9, 35}, meeting.Suggestion, "比选的时候要写清质保年限和电池更换，免得过两年又不亮了。")
	d.add(m)
	d.advance(d.s, id, m, 1)
}

// routine are the meetings the village holds each quarter whatever the matters: the 村民代表会议
// hears the report on village affairs and finances (2018 art. 26, 2025 art. 30: once a quarter),
// and the 党员大会 meets as the party's branch rules ask (一般每季度召开 1 次), in the quarters
// where no matter brought them together.
func (d *abei) routine() {
	for _, q := range []struct {
		label       string
		reps, party meeting.Date
	}{
		{"2025 年第三季度", meeting.NewDate(2025, time.August, 26), meeting.NewDate(2025, time.July, 1)},
		{"2025 年第四季度", meeting.NewDate(2025, time.November, 25), meeting.NewDate(2025, time.October, 28)},
		{"2026 年第一季度", meeting.NewDate(2026, time.March, 24), meeting.NewDate(2026, time.March, 10)},
		{"2026 年第二季度", meeting.NewDate(2026, time.June, 23), meeting.NewDate(2026, time.June, 9)},
		{"2026 年第四季度", meeting.NewDate(2026, time.October, 15), meeting.NewDate(2026, time.October, 13)},
	} {
		m := d.formal(meeting.PartyAssembly, q.label+"党员大会", room, q.party, hm{19, 0}, hm{20, 0},
			[]absence{{"刘志强", "年老卧病在床，经支部同意不计入应到人数"}, {"单长林", "外出务工的流动党员，在务工地党组织参加组织生活"}}, nil)
		m.Items = []meeting.Item{{N: 1, Title: "学习上级文件，通报党支部本季度工作",
			Explanation: "金昌义传达镇党委会议精神，通报本季度党支部工作和下季度安排。"}}
		d.say(&m, 1, "金昌义", hm{19, 10}, meeting.Answer, "本季度党支部重点抓了环境整治和为老服务，下季度把村务公开栏更新和党员联系户走访落实好。")
		d.add(m)

		m = d.formal(meeting.RepresentativeAssembly, q.label+"村民代表会议", room, q.reps, hm{19, 0}, hm{20, 0}, nil,
			[]absence{{"沈金凤", "外出务工"}, {"苏恒军", "外出务工"}})
		m.NoticeOn = q.reps.AddDays(-5)
		m.Items = []meeting.Item{{N: 1, Title: "听取本季度村务工作和财务收支情况报告",
			Explanation: "刘恒军报告本季度村务工作；报账员报告财务收支，收支明细已在村务公开栏公布。"}}
		d.say(&m, 1, "罗德明", hm{19, 30}, meeting.Opinion, "账目在公开栏贴出来了，大家都能看，我没有意见。")
		d.add(m)
		if q.reps == meeting.NewDate(2026, time.March, 24) {
			d.assembly()
		}
	}
}

// assembly is the year's 村民会议 (2025 art. 25: at least once a year), counted by adults: the
// committee's report on the year and the villagers' review of the supervision committee.
func (d *abei) assembly() {
	day := meeting.NewDate(2026, time.March, 28)
	m := d.newMeeting(d.v, meeting.Formal, clock(day, 9, 0), clock(day, 11, 0))
	m.Body, m.Title, m.Place = meeting.VillagerAssembly, "2026 年村民会议", "村小学操场"
	m.Host, m.Recorder = d.r("刘恒军"), d.r("何晓宇")
	m.NoticeOn = meeting.NewDate(2026, time.March, 16)
	m.Attendance = meeting.Attendance{Expected: abeiAdults, Present: 517, Observers: []meeting.Ref{township()}}
	m.Items = []meeting.Item{
		{N: 1, Title: "听取村民委员会 2025 年度工作报告和财务收支情况",
			Explanation: "刘恒军报告 2025 年村务工作、村东排水渠修缮等事项的办理情况和全年财务收支。"},
		{N: 2, Title: "民主评议村民委员会成员和村务监督委员会工作",
			Explanation: "到会村民填写评议表，当场收回，村务监督委员会统计后在公开栏公布。"},
	}
	d.say(&m, 1, "罗德明", hm{9, 40}, meeting.Opinion, "排水渠修好以后去年汛期没再淹地，这件事办得实在。")
	d.say(&m, 2, "田春燕", hm{10, 20}, meeting.Suggestion, "评议结果希望早点贴出来，别等到年底。")
	d.add(m)
}

// AbeiID returns the ID of 阿北村's record with local number n: meeting 10 of the demo is
// AbeiID(10).
func AbeiID(n uint32) meeting.ID { return meeting.InSpace(AbeiSpace, n) }
