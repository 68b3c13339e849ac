package export

import (
	"fmt"

	"yishi/meeting"
)

// NoticeRecord is what a disclosure notice is made from.
type NoticeRecord struct {
	Village meeting.Village
	Matter  meeting.Matter
	Notice  meeting.Notice
	// Meetings holds at least the meetings of the matter's history.
	Meetings map[meeting.ID]meeting.Meeting
}

// Seal is the notice's seal, computed when it was posted (meeting.SealNotice) and stored with it;
// "" for a notice not yet posted. Its code is printed on the notice and checked by yishi verify.
func (r NoticeRecord) Seal() string { return r.Notice.Seal }

// Notice writes a disclosure notice in format f: the resolution notice (决议公告) or the
// implementation result notice (实施结果公告), as DOMAIN.md describes them. It states the matter
// as it stood when the notice was posted (meeting.NoticeHistory), so what happened later does
// not change it, and carries its verification code near the top and at the bottom. Unless
// o.Unmasked, every text of the record is masked (Mask).
func Notice(r NoticeRecord, f Format, o Options) ([]byte, error) {
	if err := f.valid(); err != nil {
		return nil, err
	}
	if r.Notice.Kind != meeting.ResolutionNotice && r.Notice.Kind != meeting.ResultNotice {
		return nil, fmt.Errorf("不认识的公告种类「%s」：只能导出决议公告或实施结果公告", r.Notice.Kind)
	}
	return render(buildNotice(r, o), f)
}

var chineseNumbers = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"}

// noticeBuilder numbers a notice's parts: 一、二、三…
type noticeBuilder struct {
	*builder
	r       NoticeRecord
	part    int
	history []meeting.Event
}

func (b *noticeBuilder) heading(s string) {
	b.h(2, txt(chineseNumbers[min(b.part, len(chineseNumbers)-1)]+"、"+s))
	b.part++
}

// reached is the last event at stage s of the history the notice states.
func (b *noticeBuilder) reached(s meeting.Stage) (meeting.Event, bool) {
	for i := len(b.history) - 1; i >= 0; i-- {
		if b.history[i].Stage == s {
			return b.history[i], true
		}
	}
	return meeting.Event{}, false
}

// step is the meeting, item and verdict behind an event moved by a vote.
type step struct {
	event   meeting.Event
	meeting meeting.Meeting
	item    meeting.Item
	verdict meeting.Verdict
	voted   bool
	found   bool
}

func (b *noticeBuilder) step(s meeting.Stage) (step, bool) {
	e, ok := b.reached(s)
	if !ok {
		return step{}, false
	}
	st := step{event: e}
	if e.By == nil {
		return st, true
	}
	mt, ok := b.r.Meetings[e.By.MeetingID]
	if !ok {
		return st, true
	}
	st.meeting, st.found = mt, true
	if it, ok := mt.Item(e.By.Item); ok {
		st.item = it
		if it.Vote != nil {
			st.verdict = b.r.Village.Settings.ItemVerdict(mt, s, *it.Vote, &b.r.Matter)
			st.voted = true
		}
	}
	return st, true
}

// body is the body that took a step: 村民代表会议.
func (st step) body() string {
	if !st.found {
		return "（会议记录缺失）"
	}
	return st.meeting.Body.Label()
}

func buildNotice(r NoticeRecord, o Options) document {
	b := &noticeBuilder{builder: &builder{unmasked: o.Unmasked}, r: r}
	n, mt, v := r.Notice, r.Matter, r.Village
	b.history = meeting.NoticeHistory(n, mt)
	title := b.u1(n.TitleFor(mt))
	heading := title
	if o.Unmasked {
		heading += unmaskedNote
	}
	b.doc = document{kind: "notice", title: heading}
	none := "未登记公示期，无校验码"
	if len(n.Postings) > 0 {
		none = "未封存，无校验码"
	}
	ref := referenceLine(KindNotice, n.ID, Code(r.Seal()), none, o.Unmasked)
	matter := "「" + b.u1(mt.Title) + "」"

	b.section("head")
	b.h(1, txt(heading))
	b.p(txt(ref))
	b.p(txt("全体村民："))
	resolved, isResolved := b.step(meeting.Resolved)
	b.section("body")
	if n.Kind == meeting.ResultNotice {
		b.p(txt("按照四议两公开工作程序，" + matter + "事项已实施完成，现将实施结果公告如下。"))
		b.resultParts(resolved, isResolved)
	} else {
		if isResolved {
			b.p(txt(fmt.Sprintf("按照四议两公开工作程序，%s事项已于%s经%s决议通过，现将有关情况公告如下。", matter, resolved.event.On.Chinese(), resolved.body())))
		} else {
			b.p(txt("按照四议两公开工作程序，现将" + matter + "事项的决议情况公告如下。"))
		}
		b.resolutionParts(resolved, isResolved)
	}

	// Posting period and objections.
	b.heading("公示期")
	if len(n.Postings) > 0 {
		p := n.Postings[0]
		b.p(txt(fmt.Sprintf("自%s至%s，共 %d 天，在%s公示。", p.From.Chinese(), p.To.Chinese(), p.Days(), b.u1(p.Where))))
	} else {
		b.p(txt("公示起止日期尚未登记。"))
	}
	b.heading("意见反馈")
	contact := n.Contact
	if contact == "" {
		contact = v.Settings.ObjectionContact
	}
	if contact != "" {
		b.p(txt("公示期内，对本公告内容如有异议，请向以下联系人反映：" + b.u(contact)))
	} else {
		b.p(txt("公示期内，对本公告内容如有异议，请向村务监督委员会反映。"))
	}

	// The supervision committee's opinion and signature.
	b.section("sign")
	b.heading("村务监督委员会意见")
	if s := n.Supervision; s != nil {
		if s.Opinion != "" {
			b.p(txt(b.u(s.Opinion)))
		}
		who := b.names([]meeting.Ref{s.By})
		b.table([]string{"签署人", "日期", "签名"}, [][]inline{{txt(who), txt(s.On.Chinese()), nil}},
			[]inline{txt("签署人：" + who + "，" + s.On.Chinese() + "（签名）")})
	} else {
		b.p(txt("（村务监督委员会尚未签署意见）"))
		b.table([]string{"签署人", "日期", "签名"}, [][]inline{{nil, nil, nil}}, []inline{txt("签署人：（签名）")})
	}

	// Signing bodies and date.
	b.section("signers")
	village := b.u1(v.Name)
	b.p(txt("中共" + village + "支部委员会\n" + village + "村民委员会\n" + n.Issued.Chinese()))

	b.section("ref")
	b.p(txt(ref))
	return b.doc
}

// resolutionParts are the parts of a resolution notice before its posting period: the matter,
// the four steps, the deciding vote, the resolution and its implementation plan.
func (b *noticeBuilder) resolutionParts(resolved step, isResolved bool) {
	n, mt := b.r.Notice, b.r.Matter

	b.heading("事项")
	info := []inline{label("事项名称", b.u1(mt.Title))}
	if mt.Category != "" {
		info = append(info, label("类别", b.u1(mt.Category)))
	}
	if mt.Amount != 0 {
		info = append(info, label("预计金额", mt.Amount.String()))
	}
	if mt.Description != "" {
		info = append(info, label("情况说明", b.u(mt.Description)))
	}
	b.list(info...)

	b.heading("决策程序")
	var rows [][]inline
	var lines []inline
	for _, s := range []meeting.Stage{meeting.Proposed, meeting.Deliberated, meeting.Reviewed, meeting.Resolved} {
		st, ok := b.step(s)
		if !ok {
			rows = append(rows, []inline{txt(s.Label()), txt("—"), txt("—"), txt("未见记录")})
			lines = append(lines, txt(s.Label()+"：未见记录"))
			continue
		}
		body := st.body()
		if st.event.Note != "" {
			body += "（" + b.u1(st.event.Note) + "）"
		}
		result := "—"
		if st.voted {
			result = fmt.Sprintf("赞成 %d 票，反对 %d 票，弃权 %d 票，%s", st.item.Vote.Ayes, st.item.Vote.Noes, st.item.Vote.Abstentions, st.verdict.Result())
		}
		rows = append(rows, []inline{txt(s.Label()), txt(st.event.On.Chinese()), txt(body), txt(result)})
		lines = append(lines, txt(s.Label()+"："+st.event.On.Chinese()+"，"+body+"，"+result))
	}
	b.table([]string{"步骤", "日期", "会议", "表决结果"}, rows, lines)

	b.heading("决议表决情况")
	if isResolved && resolved.voted {
		vt := *resolved.item.Vote
		b.p(txt(fmt.Sprintf("%s%s表决情况如下：", resolved.event.On.Chinese(), resolved.body())))
		b.vote(vt, resolved.meeting.Attendance, resolved.verdict)
	} else {
		b.p(txt("（未见决议的表决记录）"))
	}

	b.heading("决议内容")
	if isResolved && resolved.item.Resolution != "" {
		b.p(txt(dropLead(b.u(resolved.item.Resolution), "决议")))
	} else {
		b.p(txt("（未见决议文字）"))
	}

	plan := n.Text
	if plan == "" && mt.Implementation != nil {
		plan = mt.Implementation.Plan
	}
	if plan != "" {
		b.heading("实施安排")
		b.p(txt(dropLead(b.u(plan), "实施安排")))
	}
}

// resultParts are the parts of a result notice before its posting period: the resolution it
// carries out, what was done and when, the money, the acceptance.
func (b *noticeBuilder) resultParts(resolved step, isResolved bool) {
	n, mt := b.r.Notice, b.r.Matter

	b.heading("决议情况")
	var info []inline
	if isResolved {
		info = append(info, label("决议", resolved.event.On.Chinese()+"经"+resolved.body()+"决议通过"))
		if resolved.item.Resolution != "" {
			info = append(info, label("决议内容", dropLead(b.u(resolved.item.Resolution), "决议")))
		}
	} else {
		info = append(info, label("决议", "未见决议记录"))
	}
	if e, ok := b.reached(meeting.ResolutionPosted); ok {
		info = append(info, label("决议公告", e.On.Chinese()+"张贴公示"))
	}
	b.list(info...)

	im := mt.Implementation
	b.heading("实施情况")
	if n.Text != "" {
		b.p(txt(b.u(n.Text)))
	}
	if im == nil {
		b.p(txt("（实施情况尚未登记）"))
	} else {
		var facts []inline
		if im.Plan != "" {
			facts = append(facts, label("实施方案", b.u(im.Plan)))
		}
		if !im.Started.IsZero() {
			facts = append(facts, label("开工日期", im.Started.Chinese()))
		}
		if !im.Completed.IsZero() {
			facts = append(facts, label("完成日期", im.Completed.Chinese()))
		}
		b.list(facts...)
		if len(im.Progress) > 0 {
			rows := make([][]inline, len(im.Progress))
			lines := make([]inline, len(im.Progress))
			for i, p := range im.Progress {
				rows[i] = []inline{txt(p.On.Chinese()), txt(b.u1(p.Text))}
				lines[i] = txt(p.On.Chinese() + "：" + b.u1(p.Text))
			}
			b.table([]string{"日期", "实施经过"}, rows, lines)
		}
	}

	b.heading("资金情况")
	if im == nil {
		b.p(txt("（资金情况尚未登记）"))
	} else {
		money := []struct {
			label string
			m     meeting.Money
		}{{"预算", im.Budget}, {"补助资金", im.Subsidy}, {"自筹资金", im.SelfRaised}, {"实际支出", im.Spent}}
		rows := make([][]inline, len(money))
		lines := make([]inline, len(money))
		for i, x := range money {
			rows[i] = []inline{txt(x.label), txt(x.m.String())}
			lines[i] = txt(x.label + "：" + x.m.String())
		}
		b.table([]string{"项目", "金额"}, rows, lines)
	}

	b.heading("验收情况")
	switch {
	case im == nil || (im.Acceptance == "" && im.AcceptedOn.IsZero()):
		b.p(txt("（验收情况尚未登记）"))
	default:
		var acc []inline
		if im.Acceptance != "" {
			acc = append(acc, label("验收结果", b.u(im.Acceptance)))
		}
		if !im.AcceptedOn.IsZero() {
			acc = append(acc, label("验收日期", im.AcceptedOn.Chinese()))
		}
		b.list(acc...)
	}
}
