package core

import (
	"strconv"
	"yishi/meeting"
	"yishi/storage"
)

// HitPlace is where a hit is: its date, its village (when given) and its record.
func HitPlace(h storage.Hit, village string) []string {
	var parts []string
	if !h.Date.IsZero() {
		parts = append(parts, h.Date.String())
	}
	if village != "" {
		parts = append(parts, village)
	}
	switch {
	case h.MeetingID != 0:
		where := "会议 #" + h.MeetingID.String()
		if h.Item != 0 {
			where += " 第 " + strconv.Itoa(h.Item) + " 项"
		}
		parts = append(parts, where)
	case h.NoticeID != 0:
		parts = append(parts, "公告 #"+h.NoticeID.String())
	case h.MatterID != 0:
		parts = append(parts, "事项 #"+h.MatterID.String())
	case h.PersonID != 0:
		parts = append(parts, "人员 #"+h.PersonID.String())
	}
	return parts
}

// The search's results as the faces read them (storage.Search makes them).
type (
	Results       = storage.Results
	Hit           = storage.Hit
	HitKind       = storage.HitKind
	SearchOptions = storage.SearchOptions
)

// The kinds of hit, in the order results are grouped.
const (
	HitMeeting    = storage.HitMeeting
	HitItem       = storage.HitItem
	HitResolution = storage.HitResolution
	HitAssignment = storage.HitAssignment
	HitStatement  = storage.HitStatement
	HitAmendment  = storage.HitAmendment
	HitMatter     = storage.HitMatter
	HitNotice     = storage.HitNotice
	HitPerson     = storage.HitPerson
)

// Search finds a query in every kind of record of the archive, and people by pinyin.
func Search(s Store, query string, opt SearchOptions) (Results, error) { return s.Search(query, opt) }

// LoadDemo writes the demo village as one all-or-nothing import into an empty archive.
func LoadDemo(s Store, a *meeting.Archive) error { return s.Import(a, nil) }
