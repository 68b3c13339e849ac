package meeting

import (
	"errors"
	"testing"
)

// TestNoticeChange: what a posted notice states stays; places, objections, answers and a first
// sign-off are added.
func TestNoticeChange(t *testing.T) {
	day := NewDate(2026, 11, 20)
	posted := Notice{ID: 3, VillageID: 1, MatterID: 2, Kind: ResolutionNotice, Title: "关于修便桥的决议公告",
		Text: "经村民代表会议决议，修村东便桥护栏。", Contact: "监委会 王主任", Issued: day,
		Postings:   []Posting{{Where: "公开栏", From: day, To: day.AddDays(6)}},
		Objections: []Objection{{On: day.AddDays(1), From: "村民", Text: "护栏太矮"}},
		Seal:       "s1"}
	signed := posted
	signed.Supervision = &Supervision{By: Ref{Name: "王德福"}, On: day, Opinion: "程序合规"}
	signed.Seal = "s2"
	for _, c := range []struct {
		name   string
		old    Notice
		change func(n *Notice)
		ok     bool
	}{
		{"unchanged", posted, func(n *Notice) {}, true},
		{"a draft may change", Notice{ID: 3, Title: "草稿"}, func(n *Notice) { n.Title = "改了" }, true},
		{"another place", posted, func(n *Notice) {
			n.Postings = append(n.Postings, Posting{Where: "微信群", From: day, To: day.AddDays(6)})
		}, true},
		{"a new objection", posted, func(n *Notice) { n.Objections = append(n.Objections, Objection{On: day, Text: "再议"}) }, true},
		{"an answer", posted, func(n *Notice) {
			n.Objections[0].Answer, n.Objections[0].Answered = "加高到 1.2 米", day.AddDays(2)
		}, true},
		{"a first sign-off, sealed again", posted, func(n *Notice) { n.Supervision, n.Seal = signed.Supervision, "s2" }, true},
		{"the text", posted, func(n *Notice) { n.Text += "另加一句。" }, false},
		{"the title", posted, func(n *Notice) { n.Title = "别的公告" }, false},
		{"the first posting's period", posted, func(n *Notice) { n.Postings[0].To = day.AddDays(2) }, false},
		{"a posting removed", posted, func(n *Notice) { n.Postings = nil }, false},
		{"an objection removed", posted, func(n *Notice) { n.Objections = nil }, false},
		{"an objection's text", posted, func(n *Notice) { n.Objections[0].Text = "没意见" }, false},
		{"the seal alone", posted, func(n *Notice) { n.Seal = "forged" }, false},
		{"the sign-off replaced", signed, func(n *Notice) { n.Supervision = &Supervision{By: Ref{Name: "别人"}, On: day}; n.Seal = "s3" }, false},
		{"the sign-off removed", signed, func(n *Notice) { n.Supervision = nil }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := c.old
			n.Postings = append([]Posting(nil), c.old.Postings...)
			n.Objections = append([]Objection(nil), c.old.Objections...)
			c.change(&n)
			err := NoticeChange(c.old, n)
			if c.ok && err != nil || !c.ok && !errors.Is(err, ErrPosted) {
				t.Errorf("NoticeChange = %v; want ok %v", err, c.ok)
			}
		})
	}
}
