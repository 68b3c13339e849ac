package meeting_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// serviceCentre returns matter 2 of the demo village, its two notices and its meetings.
func serviceCentre(t *testing.T) (meeting.Matter, meeting.Notice, meeting.Notice, map[meeting.ID]meeting.Meeting) {
	t.Helper()
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	m := a.Matters[1]
	var res, result meeting.Notice
	for _, n := range a.Notices {
		if n.MatterID != m.ID {
			continue
		}
		if n.Kind == meeting.ResolutionNotice {
			res = n
		} else {
			result = n
		}
	}
	if res.ID == 0 || result.ID == 0 {
		t.Fatal("the demo's matter 2 lacks its notices")
	}
	ms := map[meeting.ID]meeting.Meeting{}
	for _, mt := range a.Meetings {
		ms[mt.ID] = mt
	}
	return m, res, result, ms
}

func sealed(n meeting.Notice, m meeting.Matter, ms map[meeting.ID]meeting.Meeting) string {
	meeting.SealNotice(&n, m, ms)
	return n.Seal
}

func TestSealNoticeStable(t *testing.T) {
	m, res, result, ms := serviceCentre(t)
	for _, n := range []meeting.Notice{res, result} {
		meeting.SealNotice(&n, m, ms)
		if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(n.Seal) {
			t.Fatalf("seal %q is not lowercase hex SHA-256", n.Seal)
		}
		if again := sealed(n, m, ms); again != n.Seal {
			t.Errorf("sealing twice gave %s and %s", n.Seal, again)
		}
		if !meeting.VerifyNotice(n, m, ms) {
			t.Errorf("a freshly sealed %s does not verify", n.Kind.Label())
		}
		// A fresh copy of the demo seals the same.
		m2, res2, result2, ms2 := serviceCentre(t)
		n2 := res2
		if n.Kind == meeting.ResultNotice {
			n2 = result2
		}
		if got := sealed(n2, m2, ms2); got != n.Seal {
			t.Errorf("%s: the same records sealed differently", n.Kind.Label())
		}
	}
	if sealed(res, m, ms) == sealed(result, m, ms) {
		t.Error("the two notices of a matter have the same seal")
	}
	unsealed := res
	unsealed.Seal = ""
	if meeting.VerifyNotice(unsealed, m, ms) {
		t.Error("a notice without a seal verifies")
	}
}

func TestSealNoticeCoversWhatItStates(t *testing.T) {
	m, res, result, ms := serviceCentre(t)
	for _, base := range []meeting.Notice{res, result} {
		want := sealed(base, m, ms)
		changes := map[string]func(n *meeting.Notice, m *meeting.Matter, ms map[meeting.ID]meeting.Meeting){
			"notice title": func(n *meeting.Notice, _ *meeting.Matter, _ map[meeting.ID]meeting.Meeting) { n.Title += "。" },
			"notice text": func(n *meeting.Notice, _ *meeting.Matter, _ map[meeting.ID]meeting.Meeting) {
				n.Text = "改过的说明"
			},
			"contact": func(n *meeting.Notice, _ *meeting.Matter, _ map[meeting.ID]meeting.Meeting) {
				n.Contact = "别的联系人"
			},
			"issued": func(n *meeting.Notice, _ *meeting.Matter, _ map[meeting.ID]meeting.Meeting) {
				n.Issued = n.Issued.AddDays(1)
			},
			"posting period": func(n *meeting.Notice, _ *meeting.Matter, _ map[meeting.ID]meeting.Meeting) {
				n.Postings[0].To = n.Postings[0].To.AddDays(1)
			},
			"posting place": func(n *meeting.Notice, _ *meeting.Matter, _ map[meeting.ID]meeting.Meeting) {
				n.Postings[0].Where = "网上"
			},
			"supervision": func(n *meeting.Notice, _ *meeting.Matter, _ map[meeting.ID]meeting.Meeting) {
				s := *n.Supervision
				s.Opinion = "不同意公开"
				n.Supervision = &s
			},
			"matter title":  func(_ *meeting.Notice, m *meeting.Matter, _ map[meeting.ID]meeting.Meeting) { m.Title += "等" },
			"matter amount": func(_ *meeting.Notice, m *meeting.Matter, _ map[meeting.ID]meeting.Meeting) { m.Amount += 100 },
			"step date": func(_ *meeting.Notice, m *meeting.Matter, _ map[meeting.ID]meeting.Meeting) {
				m.History = append([]meeting.Event(nil), m.History...)
				m.History[0].On = m.History[0].On.AddDays(-1)
			},
			"deciding meeting": func(_ *meeting.Notice, m *meeting.Matter, ms map[meeting.ID]meeting.Meeting) {
				e, _ := m.Reached(meeting.Resolved)
				mt := ms[e.By.MeetingID]
				mt.Seal = "f" + mt.Seal
				ms[mt.ID] = mt
			},
		}
		for name, change := range changes {
			n, mm := base, m
			n.Postings = append([]meeting.Posting(nil), base.Postings...)
			copied := make(map[meeting.ID]meeting.Meeting, len(ms))
			for k, v := range ms {
				copied[k] = v
			}
			change(&n, &mm, copied)
			if got := sealed(n, mm, copied); got == want {
				t.Errorf("%s: changing the %s leaves the seal as it was", base.Kind.Label(), name)
			}
			n.Seal = want
			if meeting.VerifyNotice(n, mm, copied) {
				t.Errorf("%s: the notice still verifies after the %s changed", base.Kind.Label(), name)
			}
		}
	}
	// The result notice states the implementation; the resolution notice, which has its own
	// text, does not.
	mm := m
	impl := *m.Implementation
	impl.Spent += 100
	mm.Implementation = &impl
	if sealed(result, mm, ms) == sealed(result, m, ms) {
		t.Error("the result notice's seal does not cover the money spent")
	}
	if sealed(res, mm, ms) != sealed(res, m, ms) {
		t.Error("the resolution notice's seal depends on the implementation it does not state")
	}
}

func TestSealNoticeIgnoresWhatComesLater(t *testing.T) {
	m, res, _, ms := serviceCentre(t)
	want := sealed(res, m, ms)

	// Objections come after posting; so do further places it is posted.
	n := res
	n.Objections = append(append([]meeting.Objection(nil), res.Objections...),
		meeting.Objection{On: res.Issued.AddDays(3), From: "五组村民", Text: "再添一台打印机"})
	n.Postings = append(append([]meeting.Posting(nil), res.Postings...),
		meeting.Posting{Where: "网上", From: res.Issued.AddDays(1), To: res.Issued.AddDays(8)})
	if got := sealed(n, m, ms); got != want {
		t.Error("an objection or a further posting place changed the resolution notice's seal")
	}
	n.Objections, n.Postings = nil, res.Postings[:1]
	if got := sealed(n, m, ms); got != want {
		t.Error("a notice without its objections seals differently")
	}

	// The matter as it stood when the resolution was posted: implementation and the result
	// notice came later and change nothing.
	e, ok := m.Reached(meeting.ResolutionPosted)
	if !ok {
		t.Fatal("matter 2 never posted its resolution")
	}
	var i int
	for i = range m.History {
		if m.History[i].Stage == meeting.ResolutionPosted {
			break
		}
	}
	then := m
	then.History = m.History[:i+1]
	then.Implementation = nil
	if got := sealed(res, then, ms); got != want {
		t.Error("the implementation or the result notice changed the resolution notice's seal")
	}

	// Sealed before the posting is recorded (the engine's Post has not run): the same seal.
	before := m
	before.History = m.History[:i]
	before.Implementation = nil
	if got := sealed(res, before, ms); got != want {
		t.Error("sealing before Post gives another seal than after")
	}
	s := meeting.Defaults()
	if err := s.Post(&before, res); err != nil {
		t.Fatal(err)
	}
	if got := before.History[len(before.History)-1]; got != e {
		t.Errorf("Post added %+v; NoticeHistory assumes %+v", got, e)
	}

	// A meeting outside the notice's history may change (a later meeting of the village).
	other := make(map[meeting.ID]meeting.Meeting, len(ms))
	for k, v := range ms {
		other[k] = v
	}
	other[demo.AbeiID(13)] = meeting.Meeting{ID: demo.AbeiID(13), Seal: "feed"}
	if got := sealed(res, m, other); got != want {
		t.Error("an unrelated meeting changed the seal")
	}
	delete(other, demo.AbeiID(7)) // the proposal's meeting
	if got := sealed(res, m, other); got == want {
		t.Error("a notice seals the same without the proposal's meeting")
	}
}

func TestNoticeHistory(t *testing.T) {
	m, res, result, _ := serviceCentre(t)
	h := meeting.NoticeHistory(res, m)
	if len(h) != 5 || h[4].Stage != meeting.ResolutionPosted || h[4].NoticeID != res.ID {
		t.Fatalf("resolution notice history: %+v", h)
	}
	h = meeting.NoticeHistory(result, m)
	if len(h) != 7 || h[6].Stage != meeting.ResultPosted || h[6].NoticeID != result.ID {
		t.Fatalf("result notice history: %+v", h)
	}
	// A notice not yet posted: up to the disclosed stage, then the posting it will add.
	fresh := meeting.Notice{ID: 9, MatterID: m.ID, Kind: meeting.ResolutionNotice,
		Postings: []meeting.Posting{{Where: "村务公开栏", From: meeting.NewDate(2026, time.December, 1), To: meeting.NewDate(2026, time.December, 7)}}}
	h = meeting.NoticeHistory(fresh, m)
	last := h[len(h)-1]
	if len(h) != 5 || h[3].Stage != meeting.Resolved || last.NoticeID != 9 || last.On != fresh.Postings[0].From {
		t.Errorf("history of an unposted notice: %+v", h)
	}
	if got := fresh.TitleFor(m); got != "关于为党群服务中心添置电脑和音响设备的决议公告" {
		t.Errorf("default title %q", got)
	}
}

func TestNoticeReady(t *testing.T) {
	m, res, result, ms := serviceCentre(t)
	resolved, ok := m.Reached(meeting.Resolved)
	if !ok || resolved.By == nil {
		t.Fatal("matter 2 was not resolved by a vote")
	}
	deciding := resolved.By.MeetingID
	first := m.History[0].By.MeetingID
	var i int
	for i = range m.History {
		if m.History[i].Stage == meeting.ResolutionPosted {
			break
		}
	}
	// Not yet posted: the matter as it stood at 决议, a notice about to be posted.
	before := m
	before.History = m.History[:i]
	before.Implementation = nil
	fresh := res
	fresh.ID = 0
	draft := func(id meeting.ID) func(map[meeting.ID]meeting.Meeting) {
		return func(ms map[meeting.ID]meeting.Meeting) {
			mt := ms[id]
			mt.Status, mt.Seal, mt.SealedAt = meeting.Draft, "", time.Time{}
			ms[id] = mt
		}
	}
	refusal := func(id meeting.ID) string {
		mt := ms[id]
		return fmt.Sprintf("请先把第 %d 号会议（%s，%s）定稿封存，再张贴公告：公告要引用定稿的记录",
			id, mt.Body.Label(), meeting.DateOf(mt.Start))
	}
	for _, c := range []struct {
		name   string
		n      meeting.Notice
		m      meeting.Matter
		change func(map[meeting.ID]meeting.Meeting)
		want   string // "" when ready
	}{
		{"resolution, all final", res, m, nil, ""},
		{"result, all final", result, m, nil, ""},
		{"unposted, all final", fresh, before, nil, ""},
		{"unposted, deciding meeting a draft", fresh, before, draft(deciding), refusal(deciding)},
		{"unposted, first step's meeting a draft", fresh, before, draft(first), refusal(first)},
		{"result, deciding meeting a draft", result, m, draft(deciding), refusal(deciding)},
		{"unposted, deciding meeting missing", fresh, before,
			func(ms map[meeting.ID]meeting.Meeting) { delete(ms, deciding) },
			fmt.Sprintf("找不到第 %d 号会议的记录，不能张贴公告：公告要引用定稿的记录", deciding)},
		{"unposted, a later meeting outside its history a draft", fresh, before,
			func(ms map[meeting.ID]meeting.Meeting) { ms[99] = meeting.Meeting{ID: 99, Status: meeting.Draft} }, ""},
	} {
		copied := make(map[meeting.ID]meeting.Meeting, len(ms))
		for k, v := range ms {
			copied[k] = v
		}
		if c.change != nil {
			c.change(copied)
		}
		err := meeting.NoticeReady(c.n, c.m, copied)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.want != "" && (err == nil || err.Error() != c.want):
			t.Errorf("%s: got %v, want %s", c.name, err, c.want)
		}
	}
	// The review step's meeting of the demo, in so many words.
	copied := make(map[meeting.ID]meeting.Meeting, len(ms))
	for k, v := range ms {
		copied[k] = v
	}
	draft(demo.AbeiID(9))(copied)
	err := meeting.NoticeReady(fresh, before, copied)
	if want := "请先把第 9 号会议（党员大会，2026-09-23）定稿封存，再张贴公告：公告要引用定稿的记录"; err == nil || err.Error() != want {
		t.Errorf("a draft review meeting: got %v, want %s", err, want)
	}
}
