package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"yishi/app/core"
	"yishi/meeting"
)

// A matter's trail: its strip and steps, the implementation and the notices with their postings
// and objections (what its keys record, near the top), then every meeting that touched it, in
// order, with the items about it (statements, votes and verdicts, resolution, outcome) and the
// meeting's amendments. Each meeting is a link to its full record.

// trailLink is a meeting of a trail, and the line (of the text before wrapping) it begins on.
type trailLink struct {
	line    int
	meeting meeting.ID
	item    int // the first item about the matter
}

// touching are the meetings that touched matter x, in the order they were held: an item about
// it, a step it took, or the item it was raised at.
func touching(d matterDataMsg) []meeting.Meeting {
	x := d.matter
	ids := map[meeting.ID]bool{}
	if x.Origin != nil {
		ids[x.Origin.MeetingID] = true
	}
	for _, e := range x.History {
		if e.By != nil {
			ids[e.By.MeetingID] = true
		}
	}
	var out []meeting.Meeting
	for _, mt := range d.meetings {
		about := ids[mt.ID]
		for _, it := range mt.Items {
			if it.MatterID == x.ID {
				about = true
			}
		}
		if about {
			out = append(out, mt)
		}
	}
	slices.SortFunc(out, func(a, b meeting.Meeting) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// aboutMatter reports whether item it of meeting mt is about matter x.
func aboutMatter(x meeting.Matter, mt meeting.Meeting, it meeting.Item) bool {
	if it.MatterID == x.ID {
		return true
	}
	if o := x.Origin; o != nil && o.MeetingID == mt.ID && o.Item == it.N {
		return true
	}
	for _, e := range x.History {
		if e.By != nil && e.By.MeetingID == mt.ID && e.By.Item == it.N {
			return true
		}
	}
	return false
}

// trailText lays out a matter's trail, the meeting link number selected marked (-1: none), and
// says where each meeting begins.
func trailText(st *Styles, d matterDataMsg, selected int) (string, []trailLink) {
	var b strings.Builder
	n := 0
	line := func(format string, args ...any) {
		s := fmt.Sprintf(format+"\n", args...)
		n += strings.Count(s, "\n")
		b.WriteString(s)
	}
	nomark := func(string, ...any) {}
	v, x := d.village, d.matter
	b.WriteString(matterText(st, v, x, d.meetings, d.notices))
	n = strings.Count(b.String(), "\n")

	if im := x.Implementation; im != nil {
		line("")
		line("%s", st.Heading.Render("实施"))
		implementationText(line, im)
	}
	for _, nt := range core.NoticesOf(d.notices) {
		if nt.MatterID != x.ID {
			continue
		}
		line("")
		line("%s", st.Heading.Render(nt.Kind.Label()+"："+nt.Title))
		noticeText(st, line, nt)
	}
	ms := touching(d)
	var links []trailLink
	if len(ms) > 0 {
		line("")
		line("%s", st.Heading.Render(fmt.Sprintf("会议（%d 次，Tab 选择，Enter 看全文）", len(ms))))
	}
	matters := map[meeting.ID]meeting.Matter{x.ID: x}
	for _, mt := range ms {
		var items []meeting.Item
		for _, it := range mt.Items {
			if aboutMatter(x, mt, it) {
				items = append(items, it)
			}
		}
		l := trailLink{line: n + 1, meeting: mt.ID}
		if len(items) > 0 {
			l.item = items[0].N
		}
		head := fmt.Sprintf("%s　%s", meeting.DateOf(mt.Start), mt.Name())
		if mt.Status == meeting.Draft {
			head += "（草稿）"
		}
		line("")
		if len(links) == selected {
			line("%s%s", st.Link.Render("＞"), st.Link.Render(head))
		} else {
			line("　%s", st.Heading.Render(head))
		}
		links = append(links, l)
		byItem := map[int][]meeting.Statement{}
		for _, s := range d.stmts[mt.ID] {
			byItem[s.Item] = append(byItem[s.Item], s)
		}
		for _, it := range items {
			step := ""
			if it.Step != "" {
				step = "（本次" + it.Step.Label() + "）"
			}
			line("%s", st.Subtle.Render(fmt.Sprintf("议题 %d：%s%s", it.N, it.Title, step)))
			itemText(st, line, nomark, v, mt, it, byItem[it.N], matters, nil)
		}
		for _, a := range d.amends[mt.ID] {
			line("更正（%s，%s）：%s（理由：%s）", a.At.In(meeting.Beijing).Format("2006-01-02 15:04"), a.Author.Name, a.Text, a.Reason)
		}
	}
	return b.String(), links
}

// readTrail adds to a matter's data what its trail shows of the meetings that touched it: their
// statements and amendments.
func readTrail(s core.Store, d *matterDataMsg) error {
	d.stmts = map[meeting.ID][]meeting.Statement{}
	d.amends = map[meeting.ID][]meeting.Amendment{}
	for _, mt := range touching(*d) {
		st, err := s.Statements(mt.ID)
		if err != nil {
			return err
		}
		d.stmts[mt.ID] = st
		am, err := s.Amendments(mt.ID)
		if err != nil {
			return err
		}
		d.amends[mt.ID] = am
	}
	return nil
}
