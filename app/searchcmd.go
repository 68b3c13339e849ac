package app

import (
	"fmt"
	"strings"

	"yishi/app/core"
	"yishi/meeting"
	"yishi/storage"
)

// searchTextWidth is how many cells of a hit's text `yishi search` shows around the match.
const searchTextWidth = 60

// searchHit is one hit as `yishi search --json` writes it.
type searchHit struct {
	Kind        string     `json:"kind"` // meeting, item, resolution, assignment, statement, amendment, matter, notice, person
	KindLabel   string     `json:"kind_label"`
	VillageID   meeting.ID `json:"village_id"`
	Village     string     `json:"village"`
	MeetingID   meeting.ID `json:"meeting_id,omitempty"`
	Item        int        `json:"item,omitempty"`
	StatementID meeting.ID `json:"statement_id,omitempty"`
	AmendmentID meeting.ID `json:"amendment_id,omitempty"`
	// AssignmentID is an assignment's; meeting_id and item are then the item it was made on.
	AssignmentID meeting.ID   `json:"assignment_id,omitempty"`
	MatterID     meeting.ID   `json:"matter_id,omitempty"`
	NoticeID     meeting.ID   `json:"notice_id,omitempty"`
	PersonID     meeting.ID   `json:"person_id,omitempty"`
	Date         meeting.Date `json:"date,omitzero"`
	Field        string       `json:"field"`
	Text         string       `json:"text"`
	Spans        [][2]int     `json:"spans"` // byte offsets [start, end) into text
}

// searchResult is what `yishi search --json` writes.
type searchResult struct {
	Query         string      `json:"query"`
	Hits          []searchHit `json:"hits"`
	More          bool        `json:"more"`
	Meetings      int         `json:"meetings"`
	MeetingsExact bool        `json:"meetings_exact"`
}

var hitKindNames = map[storage.HitKind]string{
	storage.HitMeeting: "meeting", storage.HitItem: "item", storage.HitResolution: "resolution", storage.HitAssignment: "assignment",
	storage.HitStatement: "statement", storage.HitAmendment: "amendment", storage.HitMatter: "matter",
	storage.HitNotice: "notice", storage.HitPerson: "person",
}

func (c *command) search(args []string) error {
	fs := newFlags("search", c.env)
	asJSON := fs.Bool("json", false, "JSON")
	village := fs.Uint64("village", 0, "村编号")
	limit := fs.Int("limit", storage.DefaultLimit, "最多条数")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(pos, " "))
	if q == "" {
		return core.Usagef("请写要找的内容，例如 yishi search 路灯（拼音首字母找人：yishi search jcy）")
	}
	if *limit <= 0 {
		return core.Usagef("--limit 要写一个正整数，例如 --limit 50")
	}
	s, err := c.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	vs, err := s.Villages()
	if err != nil {
		return err
	}
	names := make(map[meeting.ID]string, len(vs))
	for _, v := range vs {
		names[v.ID] = v.Name
	}
	if *village != 0 {
		if _, ok := names[meeting.ID(*village)]; !ok {
			return fmt.Errorf("没有编号为 %d 的村：村的编号见 yishi meetings", *village)
		}
	}
	r, err := s.Search(q, storage.SearchOptions{Village: meeting.ID(*village), Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		out := searchResult{Query: r.Query, Hits: []searchHit{}, More: r.More, Meetings: r.Meetings, MeetingsExact: r.Exact}
		for _, h := range r.Hits {
			out.Hits = append(out.Hits, searchHit{Kind: hitKindNames[h.Kind], KindLabel: h.Kind.Label(),
				VillageID: h.VillageID, Village: names[h.VillageID], MeetingID: h.MeetingID, Item: h.Item,
				StatementID: h.StatementID, AmendmentID: h.AmendmentID, AssignmentID: h.AssignmentID, MatterID: h.MatterID,
				NoticeID: h.NoticeID, PersonID: h.PersonID, Date: h.Date, Field: h.Field, Text: h.Text,
				Spans: h.Spans})
		}
		return c.writeJSON(out)
	}
	w := c.env.Stdout
	if len(r.Hits) == 0 {
		fmt.Fprintf(w, "没有找到「%s」。\n", r.Query)
		return nil
	}
	var kind storage.HitKind
	for _, h := range r.Hits {
		if h.Kind != kind {
			if kind != 0 {
				fmt.Fprintln(w)
			}
			kind = h.Kind
			fmt.Fprintf(w, "%s（%d）\n", kind.Label(), r.Count[kind])
		}
		fmt.Fprintln(w, "  "+hitLine(h, names[h.VillageID]))
	}
	fmt.Fprintln(w)
	switch {
	case r.More:
		fmt.Fprintf(w, "只列出了前 %d 条，还有更早的记录含有「%s」：可加 --limit 或 --village 缩小范围。\n", len(r.Hits), r.Query)
	default:
		fmt.Fprintf(w, "共 %d 条。\n", len(r.Hits))
	}
	return nil
}

// hitLine is one hit on one line: date, village, where, field and text with the match marked.
func hitLine(h storage.Hit, village string) string {
	parts := core.HitPlace(h, village)
	return strings.Join(parts, "  ") + "  " + h.Field + "：" + markSpans(h.Text, h.Spans, searchTextWidth)
}

// markSpans returns text on one line with each span put in 【】, cut to about width cells around
// the first span.
func markSpans(text string, spans [][2]int, width int) string {
	return core.Snippet(text, spans, width, func(s string) string { return "【" + s + "】" })
}
