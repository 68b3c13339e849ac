package storage

// Full-text search.
//
// Search finds a query as a substring of the text fields of every kind of record, and people by
// their pinyin. The text is read through a posting index of character unigrams and bigrams kept
// in Badger beside the records (see index.go): the index names the documents that may hold the
// query, and Search reads those documents and finds the query in them. The index may name more
// documents than hold the query (an edited statement keeps the postings of its old text), never
// fewer.

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// HitKind is what a search hit is; results are grouped by kind in this order.
type HitKind uint8

const (
	HitMeeting    HitKind = iota + 1 // a meeting's title, place, host, form
	HitItem                          // an agenda item's title
	HitResolution                    // an item's resolution / outcome text
	HitAssignment                    // an assignment (交办) made on an item: task, owner, result, feedback
	HitStatement                     // a statement
	HitAmendment                     // an amendment (更正) of a sealed meeting
	HitMatter                        // a matter's title
	HitNotice                        // a notice's text
	HitPerson                        // a person: name substring or pinyin initials
)

// hitKinds are the kinds in the order results are grouped in.
var hitKinds = []HitKind{HitMeeting, HitItem, HitResolution, HitAssignment, HitStatement, HitAmendment, HitMatter, HitNotice, HitPerson}

// Label returns what a kind of hit is called in a group heading.
func (k HitKind) Label() string {
	switch k {
	case HitMeeting:
		return "会议"
	case HitItem:
		return "议题"
	case HitResolution:
		return "决议"
	case HitAssignment:
		return "交办"
	case HitStatement:
		return "发言"
	case HitAmendment:
		return "更正"
	case HitMatter:
		return "事项"
	case HitNotice:
		return "公告"
	case HitPerson:
		return "人员"
	}
	return ""
}

// Hit is one field of one record that holds the query.
type Hit struct {
	Kind        HitKind
	VillageID   meeting.ID
	MeetingID   meeting.ID // for meeting-borne hits (meeting, item, resolution, assignment, statement, amendment)
	Item        int        // item number N, when the hit is on or under an item; 0 otherwise
	StatementID meeting.ID
	AmendmentID meeting.ID
	// AssignmentID is the assignment of an assignment hit; MeetingID and Item are the meeting
	// item it was made on (0 for one made elsewhere).
	AssignmentID meeting.ID
	MatterID     meeting.ID
	NoticeID     meeting.ID
	PersonID     meeting.ID
	Date         meeting.Date // the meeting's date, the notice's date, ...
	Field        string       // what matched, in Chinese: 议题、地点、主持人、发言、姓名 ...
	Text         string       // the whole text of the field that matched, as stored
	Spans        [][2]int     // byte offsets [start,end) into Text of each match, ascending
}

// SearchOptions narrows a search.
type SearchOptions struct {
	Village meeting.ID // 0: every village
	Limit   int        // most hits to return (0: a default such as 200)
}

// DefaultLimit is the most hits a search returns when SearchOptions.Limit is 0.
const DefaultLimit = 200

// Results are what a search found.
type Results struct {
	Query    string
	Hits     []Hit           // grouped by Kind in HitKind order, newest first within a kind
	Count    map[HitKind]int // hits returned per kind
	More     bool            // stopped at the limit: older records may hold more
	Meetings int             // meetings whose text contains the query (not counting assignments made at them)
	Exact    bool            // Meetings is exact (else a lower bound)
}

// field is one searchable text of a record.
type field struct {
	kind HitKind
	item int
	name string
	text string
}

// meetingFields returns the searchable texts of a meeting record: its header and its agenda.
// Statements and amendments are records of their own.
func meetingFields(m *meeting.Meeting) []field {
	fs := make([]field, 0, 6+3*len(m.Items))
	add := func(k HitKind, item int, name, text string) {
		if text != "" {
			fs = append(fs, field{k, item, name, text})
		}
	}
	add(HitMeeting, 0, "主题", m.Title)
	if m.Kind == meeting.Formal {
		add(HitMeeting, 0, "会议", m.Body.Label())
	} else {
		add(HitMeeting, 0, "形式", m.Form)
	}
	add(HitMeeting, 0, "地点", m.Place)
	add(HitMeeting, 0, "主持人", m.Host.Name)
	add(HitMeeting, 0, "记录人", m.Recorder.Name)
	for _, it := range m.Items {
		add(HitItem, it.N, "议题", it.Title)
		add(HitItem, it.N, "说明", it.Explanation)
		add(HitResolution, it.N, "决议", it.Resolution)
		if it.Outcome != nil {
			add(HitResolution, it.N, "答复", it.Outcome.Answer)
		}
	}
	return fs
}

func statementFields(st *meeting.Statement) []field {
	if st.Text == "" {
		return nil
	}
	return []field{{HitStatement, st.Item, "发言", st.Text}}
}

func amendmentFields(a *meeting.Amendment) []field {
	fs := make([]field, 0, 2)
	if a.Text != "" {
		fs = append(fs, field{HitAmendment, 0, "更正", a.Text})
	}
	if a.Reason != "" {
		fs = append(fs, field{HitAmendment, 0, "更正理由", a.Reason})
	}
	return fs
}

func matterFields(m *meeting.Matter) []field {
	fs := make([]field, 0, 3)
	add := func(name, text string) {
		if text != "" {
			fs = append(fs, field{HitMatter, 0, name, text})
		}
	}
	add("事项", m.Title)
	add("类别", m.Category)
	add("说明", m.Description)
	return fs
}

// noticeFields leaves out the contact line: it may carry a phone number.
func noticeFields(n *meeting.Notice) []field {
	fs := make([]field, 0, 2+2*len(n.Objections))
	add := func(name, text string) {
		if text != "" {
			fs = append(fs, field{HitNotice, 0, name, text})
		}
	}
	add("标题", n.Title)
	add("正文", n.Text)
	for _, o := range n.Objections {
		add("异议", o.Text)
		add("异议答复", o.Answer)
	}
	return fs
}

// assignmentFields are what was handed to whom, and what came of it.
func assignmentFields(a *meeting.Assignment) []field {
	fs := make([]field, 0, 4)
	item := 0
	if a.From != nil {
		item = a.From.Item
	}
	add := func(name, text string) {
		if text != "" {
			fs = append(fs, field{HitAssignment, item, name, text})
		}
	}
	add("交办事项", a.Task)
	add("承办人", a.Owner.Name)
	add("办理结果", a.Result)
	add("反馈", a.Feedback)
	return fs
}

// personFields is the name only: never the ID-card or phone number.
func personFields(p *meeting.Person) []field {
	if p.Name == "" {
		return nil
	}
	return []field{{HitPerson, 0, "姓名", p.Name}}
}

// foldRune is how text is compared: ASCII letters in lower case, full-width ASCII as ASCII.
func foldRune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFF01 - 0x21
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// needsFold reports whether fold would change s.
func needsFold(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			return true
		}
		// Full-width ASCII is U+FF01..U+FF5E: EF BC 81..EF BD 9E.
		if c == 0xEF && i+1 < len(s) && (s[i+1] == 0xBC || s[i+1] == 0xBD) {
			return true
		}
	}
	return false
}

// fold returns s folded, and for each byte of the folded text (and one past its end) the offset
// of the byte of s it came from; offs is nil when folding changed nothing.
func fold(s string) (folded string, offs []int) {
	if !needsFold(s) {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	offs = make([]int, 0, len(s)+1)
	for i, r := range s {
		f := foldRune(r)
		n := b.Len()
		b.WriteRune(f)
		for range b.Len() - n {
			offs = append(offs, i)
		}
	}
	offs = append(offs, len(s))
	return b.String(), offs
}

// foldString returns s folded.
func foldString(s string) string {
	f, _ := fold(s)
	return f
}

// spans returns the byte ranges of text holding q (folded, not empty), ascending and not
// overlapping; nil when there is none.
func spans(text, q string) [][2]int {
	if len(text) < len(q) && !needsFold(text) {
		return nil
	}
	f, offs := fold(text)
	var out [][2]int
	for from := 0; from <= len(f)-len(q); {
		i := strings.Index(f[from:], q)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(q)
		if offs != nil {
			start, end = offs[start], offs[end]
		}
		out = append(out, [2]int{start, end})
		from += i + len(q)
	}
	return out
}

// query is a search query, prepared.
type query struct {
	text  string // trimmed, as typed
	fold  string // folded
	runes []rune // of fold
	latin string // the query as pinyin (lowercase ASCII letters), or ""
	raw   bool   // the query appears as it is in the JSON of a record holding it
	// headRaw: so in a meeting record's JSON too; not when the query is in a body's label, as
	// the record holds the body's code.
	headRaw bool
	spell   []string // nil, or filled lazily: spellings are per person
	loose   bool     // the candidates hold meetings named by the characters of the query only
}

func prepare(q string) query {
	t := strings.TrimSpace(q)
	if !utf8.ValidString(t) {
		// Records hold UTF-8 (JSON stores each byte that is not as U+FFFD): so is the query
		// compared, and a match never starts or ends inside a character.
		t = string([]rune(t))
	}
	f := foldString(t)
	raw := verbatim(f)
	return query{text: t, fold: f, runes: []rune(f), latin: meeting.LatinQuery(f), raw: raw,
		headRaw: raw && !inBodyLabel(f)}
}

// verbatim reports whether a record's JSON holding text that folds to q holds q itself: q has no
// ASCII but spaces (a letter may be upper case or full-width in the text, and JSON escapes some
// punctuation), and no line or paragraph separator (escaped too).
func verbatim(q string) bool {
	for _, r := range q {
		switch {
		case r < 0x80 && r != ' ': // full-width forms fold to ASCII; JSON escapes some of it
			return false
		case r >= 0x80 && (r == 0x2028 || r == 0x2029):
			return false
		}
	}
	return true
}

// personHit returns the hit on person p, if the query finds them: by a part of the name, or by
// the start of the pinyin initials or full pinyin of the name.
func (q *query) personHit(p *meeting.Person) (Hit, bool) {
	h := Hit{Kind: HitPerson, VillageID: p.VillageID, PersonID: p.ID, Field: "姓名", Text: p.Name}
	if sp := spans(p.Name, q.fold); sp != nil {
		h.Spans = sp
		return h, true
	}
	switch meeting.MatchPinyin(p.Name, q.latin) {
	case meeting.PinyinInitials:
		h.Field = "拼音首字母"
		h.Spans = leadingRunes(p.Name, len(q.latin))
		return h, true
	case meeting.PinyinFull:
		h.Field = "拼音"
		h.Spans = [][2]int{{0, len(p.Name)}}
		return h, true
	}
	return h, false
}

// leadingRunes returns the span of the first n characters of name.
func leadingRunes(name string, n int) [][2]int {
	end := 0
	for i := 0; i < n && end < len(name); i++ {
		_, size := utf8.DecodeRuneInString(name[end:])
		end += size
	}
	return [][2]int{{0, end}}
}

// fieldHits appends to hits a hit for each of fs holding the query, made from base.
func (q *query) fieldHits(hits []Hit, base Hit, fs []field) []Hit {
	for _, f := range fs {
		sp := spans(f.text, q.fold)
		if sp == nil {
			continue
		}
		h := base
		h.Kind, h.Field, h.Text, h.Spans = f.kind, f.name, f.text, sp
		if f.item != 0 {
			h.Item = f.item
		}
		hits = append(hits, h)
	}
	return hits
}

// newest orders hits of one kind: later dates first, then later records first.
func newest(a, b Hit) int {
	if c := b.Date.Time().Compare(a.Date.Time()); c != 0 {
		return c
	}
	return cmp.Or(
		cmp.Compare(b.MeetingID, a.MeetingID),
		cmp.Compare(b.StatementID, a.StatementID),
		cmp.Compare(b.AmendmentID, a.AmendmentID),
		cmp.Compare(b.AssignmentID, a.AssignmentID),
		cmp.Compare(b.MatterID, a.MatterID),
		cmp.Compare(b.NoticeID, a.NoticeID),
		cmp.Compare(b.PersonID, a.PersonID),
		cmp.Compare(a.Item, b.Item),
	)
}

// finish groups hits by kind, newest first within a kind, keeps at most limit of them (people
// first, then the newest of the rest), and counts them.
func finish(r *Results, hits []Hit, limit int) {
	if len(hits) > limit {
		slices.SortStableFunc(hits, func(a, b Hit) int {
			if (a.Kind == HitPerson) != (b.Kind == HitPerson) {
				if a.Kind == HitPerson {
					return -1
				}
				return 1
			}
			return newest(a, b)
		})
		hits = hits[:limit]
		r.More = true
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), newest(a, b))
	})
	r.Hits = hits
	r.Count = make(map[HitKind]int, len(hitKinds))
	for _, h := range hits {
		r.Count[h.Kind]++
	}
}

// Search finds query in the archive: a part of any text of meetings (header, agenda items,
// resolutions), assignments (task, owner, result, feedback), statements, amendments, matters,
// notices and people's names, compared with
// ASCII letters in either case and full-width letters and digits as their ASCII forms; and,
// for a query of Latin letters, people by the start of the pinyin initials or full pinyin of
// their names. Leading and trailing spaces are ignored; an empty query finds nothing.
//
// Records are read newest first, and Search stops once it has opt.Limit hits (More is then set).
func (s *Store) Search(q string, opt SearchOptions) (Results, error) {
	qq := prepare(q)
	r := Results{Query: qq.text, Count: map[HitKind]int{}, Exact: true}
	if qq.fold == "" {
		return r, nil
	}
	limit := opt.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	var hits []Hit
	err := s.view(func(txn *badger.Txn) error {
		var err error
		hits, err = s.search(txn, &qq, opt.Village, limit, &r)
		return err
	})
	if err != nil {
		return Results{}, err
	}
	finish(&r, hits, limit)
	return r, nil
}

// Parts of a meeting a query may be found in, as the index tells them apart.
const (
	partHeader     = 1 << iota // the meeting record: header and agenda
	partAmendments             // its amendments
)

// meetingText is what a hit needs of a meeting record: its header and the texts of its agenda,
// without the attendance and votes that make most of its bytes (decoding them would be most of
// the time a search takes).
type meetingText struct {
	ID        meeting.ID   `json:"id"`
	VillageID meeting.ID   `json:"village_id"`
	Kind      meeting.Kind `json:"kind"`
	Form      string       `json:"form"`
	Body      meeting.Body `json:"body"`
	Title     string       `json:"title"`
	Place     string       `json:"place"`
	Start     time.Time    `json:"start"`
	Host      meeting.Ref  `json:"host"`
	Recorder  meeting.Ref  `json:"recorder"`
	Items     []struct {
		N           int    `json:"n"`
		Title       string `json:"title"`
		Explanation string `json:"explanation"`
		Resolution  string `json:"resolution"`
		Outcome     *struct {
			Answer string `json:"answer"`
		} `json:"outcome"`
	} `json:"items"`
}

// meeting returns the meeting t is of, with only the fields meetingFields reads.
func (t *meetingText) meeting() *meeting.Meeting {
	m := &meeting.Meeting{ID: t.ID, VillageID: t.VillageID, Kind: t.Kind, Form: t.Form, Body: t.Body,
		Title: t.Title, Place: t.Place, Start: t.Start, Host: t.Host, Recorder: t.Recorder}
	m.Items = make([]meeting.Item, len(t.Items))
	for i, it := range t.Items {
		m.Items[i] = meeting.Item{N: it.N, Title: it.Title, Explanation: it.Explanation, Resolution: it.Resolution}
		if it.Outcome != nil {
			m.Items[i].Outcome = &meeting.Outcome{Answer: it.Outcome.Answer}
		}
	}
	return m
}

// meetingHead is what a statement's hit needs of its meeting.
type meetingHead struct {
	VillageID meeting.ID `json:"village_id"`
	Start     time.Time  `json:"start"`
}

// decodeHead reads into h the village and start of a stored meeting, v. They lead the record's
// JSON (see meeting.Meeting), and the rest, mostly attendance and votes, is not read: a search
// finding statements in a thousand meetings would spend most of its time going through it. (So
// a record damaged after them is not noticed here: opening the meeting, or verify, says so.)
func decodeHead(v []byte, h *meetingHead) error {
	if len(v) == 0 || v[0] == 0 || int(v[0]) > SchemaVersion {
		return decode(v, h) // says what is wrong
	}
	dec := json.NewDecoder(bytes.NewReader(v[1:]))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return decode(v, h)
	}
	for wanted := 2; wanted > 0 && dec.More(); {
		t, err := dec.Token()
		if err != nil {
			return fail(msgCorrupt, err)
		}
		switch t {
		case "village_id":
			err = dec.Decode(&h.VillageID)
			wanted--
		case "start":
			err = dec.Decode(&h.Start)
			wanted--
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return fail(msgCorrupt, err)
		}
	}
	return nil
}

// readMeeting reads the meeting record id into r, a *meetingText or *meetingHead; when skip is
// not nil and its bytes do not hold skip, it decodes nothing and reports false. A meeting that is
// gone reports false.
func readMeeting(txn *badger.Txn, id meeting.ID, skip []byte, r any) (bool, error) {
	item, err := txn.Get(meetings.key(0, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fail(msgRead, err)
	}
	found := true
	var derr error
	err = item.Value(func(v []byte) error {
		if skip != nil && !bytes.Contains(v, skip) {
			found = false
			return nil
		}
		if h, ok := r.(*meetingHead); ok {
			derr = decodeHead(v, h)
		} else {
			derr = decode(v, r)
		}
		return nil
	})
	if err != nil {
		return false, fail(msgRead, err)
	}
	if derr != nil {
		return false, fmt.Errorf("%s %d：%w", meetings.name, id, derr)
	}
	return found, nil
}

// statementHits appends the hits on the statements of meeting id, unless it belongs to another
// village than village (when not 0). The statements whose bytes do not hold the query (when it
// appears verbatim in the JSON) are skipped undecoded.
func (q *query) statementHits(txn *badger.Txn, hits []Hit, id, village meeting.ID) ([]Hit, error) {
	var h *meetingHead
	prefix := appendIDs([]byte(statements.prefix), id)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
	defer it.Close()
	raw := []byte(q.fold)
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		item := it.Item()
		var st meeting.Statement
		skip := false
		var derr error
		err := item.Value(func(v []byte) error {
			if q.raw && !bytes.Contains(v, raw) {
				skip = true
				return nil
			}
			derr = decode(v, &st)
			return nil
		})
		if err != nil {
			return hits, fail(msgRead, err)
		}
		if skip {
			continue
		}
		if derr != nil {
			return hits, fmt.Errorf("%s %d：%w", statements.name, lastID(item.Key()), derr)
		}
		sp := spans(st.Text, q.fold)
		if sp == nil {
			continue
		}
		if h == nil {
			h = new(meetingHead)
			ok, err := readMeeting(txn, id, nil, h)
			if err != nil || !ok {
				return hits, err
			}
			if village != 0 && h.VillageID != village {
				return hits, nil
			}
		}
		hits = append(hits, Hit{Kind: HitStatement, VillageID: h.VillageID, MeetingID: id, Item: st.Item,
			StatementID: st.ID, Date: meeting.DateOf(h.Start), Field: "发言", Text: st.Text, Spans: sp})
	}
	return hits, nil
}

// meetingHits appends the hits in the given parts of meeting id, unless it belongs to another
// village than village (when not 0). A meeting that is gone gives none.
func (q *query) meetingHits(txn *badger.Txn, hits []Hit, id, village meeting.ID, parts int) ([]Hit, error) {
	var skip []byte
	if q.headRaw && parts == partHeader {
		skip = []byte(q.fold)
	}
	var t meetingText
	ok, err := readMeeting(txn, id, skip, &t)
	if err != nil || !ok || (village != 0 && t.VillageID != village) {
		return hits, err
	}
	base := Hit{VillageID: t.VillageID, MeetingID: id, Date: meeting.DateOf(t.Start)}
	if parts&partHeader != 0 {
		hits = q.fieldHits(hits, base, meetingFields(t.meeting()))
	}
	if parts&partAmendments != 0 {
		err := eachRecord(txn, amendments, appendIDs([]byte(amendments.prefix), id), func(a *meeting.Amendment) error {
			b := base
			b.AmendmentID = a.ID
			hits = q.fieldHits(hits, b, amendmentFields(a))
			return nil
		})
		if err != nil {
			return hits, err
		}
	}
	return hits, nil
}

// inBodyLabel reports whether q (folded) is in the label of a body: the record holds the body's
// code, not its label, so its bytes cannot tell that it does not hold q.
func inBodyLabel(q string) bool {
	for _, b := range meeting.Bodies {
		if strings.Contains(foldString(b.Label()), q) {
			return true
		}
	}
	return false
}

func (q *query) matterHits(txn *badger.Txn, hits []Hit, id, village meeting.ID) ([]Hit, error) {
	m, err := get(txn, matters, 0, id)
	if errors.Is(err, ErrNotFound) {
		return hits, nil
	}
	if err != nil || (village != 0 && m.VillageID != village) {
		return hits, err
	}
	return q.fieldHits(hits, Hit{VillageID: m.VillageID, MatterID: m.ID, Date: m.Created}, matterFields(&m)), nil
}

// assignmentHits appends the hits on assignment id, pointing at the meeting item it was made on.
func (q *query) assignmentHits(txn *badger.Txn, hits []Hit, id, village meeting.ID) ([]Hit, error) {
	a, err := get(txn, assignments, 0, id)
	if errors.Is(err, ErrNotFound) {
		return hits, nil
	}
	if err != nil || (village != 0 && a.VillageID != village) {
		return hits, err
	}
	base := Hit{VillageID: a.VillageID, AssignmentID: a.ID, Date: a.Assigned}
	if a.From != nil {
		base.MeetingID, base.Item = a.From.MeetingID, a.From.Item
	}
	return q.fieldHits(hits, base, assignmentFields(&a)), nil
}

func (q *query) noticeHits(txn *badger.Txn, hits []Hit, id, village meeting.ID) ([]Hit, error) {
	n, err := get(txn, notices, 0, id)
	if errors.Is(err, ErrNotFound) {
		return hits, nil
	}
	if err != nil || (village != 0 && n.VillageID != village) {
		return hits, err
	}
	base := Hit{VillageID: n.VillageID, MatterID: n.MatterID, NoticeID: n.ID, Date: n.Issued}
	return q.fieldHits(hits, base, noticeFields(&n)), nil
}

func (q *query) personHitsOf(txn *badger.Txn, hits []Hit, id, village meeting.ID) ([]Hit, error) {
	p, err := get(txn, people, 0, id)
	if errors.Is(err, ErrNotFound) {
		return hits, nil
	}
	if err != nil || (village != 0 && p.VillageID != village) {
		return hits, err
	}
	if h, ok := q.personHit(&p); ok {
		hits = append(hits, h)
	}
	return hits, nil
}
