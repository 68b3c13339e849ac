package storage

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"yishi/export"
	"yishi/meeting"
	"yishi/meeting/demo"
)

// The fuzz tests of hostile input. Plain `go test` replays their seeds and the corpus committed
// under testdata/fuzz/<name>/; `make fuzz` fuzzes each for minutes.

// searchCorpus is the records FuzzSearchIndex writes, built from three fuzzed texts, and what a
// brute-force scan finds in them.
type searchCorpus struct {
	people []meeting.Person
	fields []bruteField
}

// bruteField is one searchable text of one record, with the hit it would give.
type bruteField struct {
	hit  Hit // without Text and Spans
	text string
}

// bruteFold folds s as the search documents it: ASCII letters in lower case, full-width ASCII as
// ASCII. It is written apart from foldRune on purpose.
func bruteFold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'Ａ' <= r && r <= 'Ｚ':
			return r - 'Ａ' + 'a'
		case '！' <= r && r <= '～':
			r = r - '！' + '!'
		}
		if 'A' <= r && r <= 'Z' {
			return r - 'A' + 'a'
		}
		return r
	}, s)
}

// hitKey names a hit by everything but its spans.
func hitKey(h Hit) string {
	return fmt.Sprintf("%d v%d m%d i%d s%d x%d a%d t%d n%d p%d %s=%q", h.Kind, h.VillageID, h.MeetingID, h.Item,
		h.StatementID, h.AmendmentID, h.AssignmentID, h.MatterID, h.NoticeID, h.PersonID, h.Field, h.Text)
}

// brute returns the keys of the hits a scan of every field finds for query, sorted, and the
// number of meetings hit.
func (c *searchCorpus) brute(query string) (keys []string, meetings int) {
	q := bruteFold(strings.TrimSpace(query))
	if q == "" {
		return nil, 0
	}
	hitMeetings := map[meeting.ID]bool{}
	for _, f := range c.fields {
		if f.text != "" && strings.Contains(bruteFold(f.text), q) {
			h := f.hit
			h.Text = f.text
			keys = append(keys, hitKey(h))
			if h.MeetingID != 0 && h.Kind != HitAssignment { // not the meeting's own text
				hitMeetings[h.MeetingID] = true
			}
		}
	}
	latin := meeting.LatinQuery(q)
	for _, p := range c.people {
		h := Hit{Kind: HitPerson, VillageID: p.VillageID, PersonID: p.ID, Text: p.Name}
		switch {
		case p.Name != "" && strings.Contains(bruteFold(p.Name), q):
			h.Field = "姓名"
		case meeting.MatchPinyin(p.Name, latin) == meeting.PinyinInitials:
			h.Field = "拼音首字母"
		case meeting.MatchPinyin(p.Name, latin) == meeting.PinyinFull:
			h.Field = "拼音"
		default:
			continue
		}
		keys = append(keys, hitKey(h))
	}
	slices.Sort(keys)
	return keys, len(hitMeetings)
}

// check searches the store for query and compares what it finds with the brute-force scan.
func (c *searchCorpus) check(t *testing.T, s *Store, query, when string) {
	t.Helper()
	r, err := s.Search(query, SearchOptions{})
	if err != nil {
		t.Fatalf("%s: Search(%q): %v", when, query, err)
	}
	// A query that is not UTF-8 is searched as the records hold text: each stray byte as U+FFFD.
	query = string([]rune(query))
	var got []string
	for i, h := range r.Hits {
		got = append(got, hitKey(h))
		if i > 0 && r.Hits[i-1].Kind > h.Kind {
			t.Errorf("%s: %q: hits not grouped by kind at %d", when, query, i)
		}
		if len(h.Spans) == 0 {
			t.Errorf("%s: %q: hit without spans: %s", when, query, hitKey(h))
		}
		end := 0
		for _, sp := range h.Spans {
			if sp[0] < end || sp[1] <= sp[0] || sp[1] > len(h.Text) {
				t.Fatalf("%s: %q: span %v of %q out of order or range", when, query, h.Spans, h.Text)
			}
			end = sp[1]
			if h.Field == "拼音首字母" || h.Field == "拼音" {
				continue
			}
			if q := bruteFold(strings.TrimSpace(query)); bruteFold(h.Text[sp[0]:sp[1]]) != q {
				t.Errorf("%s: %q: span %v of %q marks %q", when, query, sp, h.Text, h.Text[sp[0]:sp[1]])
			}
		}
	}
	if r.More || !r.Exact {
		t.Errorf("%s: %q: more %v exact %v over a handful of records", when, query, r.More, r.Exact)
	}
	slices.Sort(got)
	want, meetings := c.brute(query)
	if !slices.Equal(got, want) {
		t.Fatalf("%s: Search(%q) finds\n\t%s\nthe scan finds\n\t%s", when, query,
			strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	if r.Meetings != meetings {
		t.Errorf("%s: %q: %d meetings, the scan finds %d", when, query, r.Meetings, meetings)
	}
}

// add writes r through put and records its searchable fields.
func (c *searchCorpus) add(t *testing.T, err error, fs ...bruteField) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	c.fields = append(c.fields, fs...)
}

// FuzzSearchIndex writes records of every kind whose texts are the fuzzed a, b and c, and
// searches query through the real index: before the meetings are sealed (statements in live
// postings, one statement edited), and after (postings folded, an amendment added). Search must
// find exactly what a scan of every field finds, by the same kinds and fields, and people by
// their name or its pinyin.
func FuzzSearchIndex(f *testing.F) {
	for _, s := range [][4]string{
		{"金昌义", "村口路灯坏了三盏，晚上看不见。", "用ＬＥＤ灯，省电", "路灯"},
		{"金昌义", "村口路灯", "led灯", "LED"},
		{"曾国强", "王秀英", "修桥", "zgq"},
		{"曾国强", "王秀英", "修桥", "cgq"},
		{"金昌义", "侯晓春", "议题", "jin chang"},
		{"金昌义", "西安", "xi'an", "xi'an"},
		{"Zhang San", "张三", "ＺＨＡＮＧ", "zhang"},
		{"单田芳", "", "  ", "s"},
		{"甲乙甲乙", "乙甲", "甲", "甲乙甲"},
		{"aaa", "aa", "a", "aa"},
		{"ａＡa", "Ａ", "ａ", "ａａ"},
		{"\u2028行\u2029", "\u2028", "<>&", "\u2028"},
		{"<b>粗</b>", "&amp;", "\"引号\"", "<b>"},
		{"\xff\xfe金", "\xe4\xb8", "中", "\xb8"},
		{"\uFFFD", "\xff", "x\uFFFDy", "\uFFFD"},
		{"👨‍👩‍👧", "e\u0301", "é", "e"},
		{"会议", "夜话乡村", "张建国", "张建国"},
		{"两委会", "村民代表会议", "决议", "两委"},
		{"同意", "答复", "异议", "议"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, a, b, c, query string) {
		// Records hold UTF-8: JSON writes each byte that is not as U+FFFD.
		a, b, c = string([]rune(a)), string([]rune(b)), string([]rune(c))
		s := openMem(t)
		var sc searchCorpus
		v := village("阿北村")
		sc.add(t, s.PutVillage(&v))
		for _, name := range []string{a, b} {
			p := meeting.Person{VillageID: v.ID, Name: name}
			sc.add(t, s.PutPerson(&p))
			sc.people = append(sc.people, p)
		}

		m1 := consultation(v.ID, a, clock(11, 20, 19, 30))
		m1.Place = b
		m1.Items = []meeting.Item{{N: 1, Title: c, Explanation: a, Resolution: b, Outcome: &meeting.Outcome{Answer: c}}}
		m2 := meeting.Meeting{VillageID: v.ID, Kind: meeting.Formal, Body: meeting.TwoCommittees, Title: c, Place: a,
			Start: clock(11, 27, 9, 0), Host: meeting.Ref{Name: b}, Recorder: meeting.Ref{Name: "李晓梅"},
			Items: []meeting.Item{{N: 1, Title: b}, {N: 2, Title: a, Resolution: c}}, Status: meeting.Draft}
		for _, m := range []*meeting.Meeting{&m1, &m2} {
			sc.add(t, s.PutMeeting(m))
		}
		meetingHit := func(m *meeting.Meeting, kind HitKind, item int, field, text string) bruteField {
			return bruteField{Hit{Kind: kind, VillageID: v.ID, MeetingID: m.ID, Item: item, Date: meeting.DateOf(m.Start), Field: field}, text}
		}
		sc.fields = append(sc.fields,
			meetingHit(&m1, HitMeeting, 0, "主题", a), meetingHit(&m1, HitMeeting, 0, "形式", m1.Form),
			meetingHit(&m1, HitMeeting, 0, "地点", b), meetingHit(&m1, HitMeeting, 0, "主持人", m1.Host.Name),
			meetingHit(&m1, HitMeeting, 0, "记录人", m1.Recorder.Name), meetingHit(&m1, HitItem, 1, "议题", c),
			meetingHit(&m1, HitItem, 1, "说明", a), meetingHit(&m1, HitResolution, 1, "决议", b),
			meetingHit(&m1, HitResolution, 1, "答复", c),
			meetingHit(&m2, HitMeeting, 0, "主题", c), meetingHit(&m2, HitMeeting, 0, "会议", m2.Body.Label()),
			meetingHit(&m2, HitMeeting, 0, "地点", a), meetingHit(&m2, HitMeeting, 0, "主持人", b),
			meetingHit(&m2, HitMeeting, 0, "记录人", "李晓梅"), meetingHit(&m2, HitItem, 1, "议题", b),
			meetingHit(&m2, HitItem, 2, "议题", a), meetingHit(&m2, HitResolution, 2, "决议", c),
		)
		for _, x := range []struct {
			m    *meeting.Meeting
			item int
			text string
		}{{&m1, 1, a}, {&m1, 1, b}, {&m2, 2, c}, {&m2, 1, b}} {
			st := statement(x.m.ID, x.m.Start.Add(10*60e9), "王秀英", x.text)
			st.Item = x.item
			sc.add(t, s.AppendStatement(&st))
			if x.m == &m2 && x.item == 1 {
				// Edited live: the postings of its old text stay.
				st.Text = a + c
				sc.add(t, s.PutStatement(st))
			}
			sc.fields = append(sc.fields, bruteField{Hit{Kind: HitStatement, VillageID: v.ID, MeetingID: x.m.ID,
				Item: x.item, StatementID: st.ID, Date: meeting.DateOf(x.m.Start), Field: "发言"}, st.Text})
		}

		mt := meeting.Matter{VillageID: v.ID, Title: c, Category: "基础设施", Description: a, Created: meeting.DateOf(clock(11, 20, 0, 0))}
		sc.add(t, s.PutMatter(&mt))
		matterHit := Hit{Kind: HitMatter, VillageID: v.ID, MatterID: mt.ID, Date: mt.Created}
		n := meeting.Notice{VillageID: v.ID, MatterID: mt.ID, Title: b, Text: c, Contact: a, Issued: meeting.DateOf(clock(11, 28, 0, 0)),
			Objections: []meeting.Objection{{Text: a, Answer: b}}}
		sc.add(t, s.PutNotice(&n))
		noticeHit := Hit{Kind: HitNotice, VillageID: v.ID, MatterID: mt.ID, NoticeID: n.ID, Date: n.Issued}
		with := func(h Hit, field string) Hit { h.Field = field; return h }
		sc.fields = append(sc.fields,
			bruteField{with(matterHit, "事项"), c}, bruteField{with(matterHit, "类别"), mt.Category},
			bruteField{with(matterHit, "说明"), a},
			bruteField{with(noticeHit, "标题"), b}, bruteField{with(noticeHit, "正文"), c},
			bruteField{with(noticeHit, "异议"), a}, bruteField{with(noticeHit, "异议答复"), b},
		)
		sc.check(t, s, query, "live")

		// Sealing folds the live postings of the statements into the chunked ones.
		for _, m := range []*meeting.Meeting{&m1, &m2} {
			m.Status = meeting.Final
			sc.add(t, s.PutMeeting(m))
		}
		am := meeting.Amendment{MeetingID: m1.ID, At: clock(11, 29, 9, 0), Author: meeting.Ref{Name: "李晓梅"}, Reason: b, Text: c}
		sc.add(t, s.PutAmendment(&am))
		amendHit := Hit{Kind: HitAmendment, VillageID: v.ID, MeetingID: m1.ID, AmendmentID: am.ID, Date: meeting.DateOf(m1.Start)}
		sc.fields = append(sc.fields, bruteField{with(amendHit, "更正"), c}, bruteField{with(amendHit, "更正理由"), b})
		// An assignment made on m1's item, its result and feedback recorded after the meeting.
		task := meeting.Assignment{VillageID: v.ID, From: &meeting.ItemRef{MeetingID: m1.ID, Item: 1}, Task: a,
			Owner: meeting.Ref{Name: b}, Assigned: meeting.DateOf(m1.Start), Deadline: meeting.DateOf(clock(11, 30, 0, 0))}
		sc.add(t, s.PutAssignment(&task))
		task.Result, task.Feedback, task.Done, task.FedBack = c, a+b, meeting.DateOf(clock(11, 29, 0, 0)), meeting.DateOf(clock(11, 29, 0, 0))
		sc.add(t, s.PutAssignment(&task))
		taskHit := Hit{Kind: HitAssignment, VillageID: v.ID, MeetingID: m1.ID, Item: 1, AssignmentID: task.ID, Date: task.Assigned}
		sc.fields = append(sc.fields, bruteField{with(taskHit, "交办事项"), a}, bruteField{with(taskHit, "承办人"), b},
			bruteField{with(taskHit, "办理结果"), c}, bruteField{with(taskHit, "反馈"), a + b})
		sc.check(t, s, query, "sealed")
	})
}

// hasHan reports whether s holds a Chinese character: every message for the user does.
func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// storeJSON returns the whole store in the interchange form.
func storeJSON(t *testing.T, s *Store) []byte {
	t.Helper()
	a, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	b, err := export.JSON(a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzImport reads any bytes as `yishi import` does and imports them into an empty store: they
// are refused with a Chinese message and the store left exactly as it was (its export the same
// bytes), or imported whole, and then the export of the store imports into a fresh store that
// exports the same bytes again, and a second import into the full store is refused without
// changing it.
func FuzzImport(f *testing.F) {
	a, err := demo.Abei()
	if err != nil {
		f.Fatal(err)
	}
	a.People, a.Meetings, a.Statements = a.People[:3], a.Meetings[:2], a.Statements[:3]
	a.Matters, a.Notices, a.Assignments = a.Matters[:1], a.Notices[:1], a.Assignments[:1]
	a.Amendments = nil
	for _, arch := range []*meeting.Archive{a, sampleArchive()} {
		b, err := export.JSON(arch)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	sample, err := export.JSON(sampleArchive())
	if err != nil {
		f.Fatal(err)
	}
	for _, edit := range [][2]string{
		{`"id": 2,`, `"id": 1,`},                          // two records of one ID
		{`"village_id": 2`, `"village_id": 9`},            // a village that is not there
		{`"meeting_id": 1`, `"meeting_id": 77`},           // statements of no meeting
		{`"seal": "c0ffee"`, `"seal": "forged"`},          // a seal that is not the meeting's
		{`"status": "final"`, `"status": "draft"`},        // a sealed meeting turned draft
		{`"status": "final"`, `"status": "sealed"`},       // an unknown status
		{`"start": "2026-11-20`, `"start": "12026-11-20`}, // a date out of range
		{`"version": 1`, `"version": 2`},
		{`"name": "阿北村"`, `"name": ""`},
		{`"name": "阿北村"`, `"name": "\u202e阿北村\u0000"`},
		{`"villages": [`, `"villages": null, "x": [`},
	} {
		f.Add(bytes.Replace(sample, []byte(edit[0]), []byte(edit[1]), 1))
	}
	for _, s := range []string{
		`{"format":"yishi-archive","version":1}`,
		`{"format":"yishi-archive","version":1,"villages":[{"id":1,"name":"阿北村"}]}`,
		`{"format":"yishi-archive","version":1,"villages":[{"id":1,"name":"阿北村"},{"id":1,"name":"阿北村"}]}`,
		`{"format":"yishi-archive","version":1,"people":[{"id":1,"village_id":1,"name":"张三"}]}`,
		`{"format":"yishi-archive","version":1,"villages":[{"id":-1,"name":"负"}]}`,
		`{"format":"yishi-archive","version":1,"villages":[{"id":18446744073709551615,"name":"大"}]}`,
		`[]`, `null`, ``, "\xef\xbb\xbf{}",
	} {
		f.Add([]byte(strings.ReplaceAll(s, "yishi-archive", meeting.ArchiveFormat)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := export.ReadArchive(data)
		if err != nil {
			if !hasHan(err.Error()) {
				t.Errorf("refused without a Chinese message: %v", err)
			}
			return
		}
		s := openMem(t)
		before := storeJSON(t, s)
		if err := s.Import(a, nil); err != nil {
			t.Logf("refused: %v", err)
			if !hasHan(err.Error()) {
				t.Errorf("import refused without a Chinese message: %v", err)
			}
			if after := storeJSON(t, s); !bytes.Equal(before, after) {
				t.Fatalf("a refused import (%v) changed the store:\n%s", err, after)
			}
			return
		}
		first := storeJSON(t, s)
		if err := s.Import(a, nil); records(a) > 0 && !errors.Is(err, ErrNotEmpty) {
			t.Errorf("a second import: %v, want ErrNotEmpty", err)
		}
		if again := storeJSON(t, s); !bytes.Equal(first, again) {
			t.Fatal("a refused second import changed the store")
		}
		b, err := export.ReadArchive(first)
		if err != nil {
			t.Fatalf("the export of an import does not read back: %v", err)
		}
		fresh := openMem(t)
		if err := fresh.Import(b, nil); err != nil {
			t.Fatalf("the export of an import does not import: %v", err)
		}
		if second := storeJSON(t, fresh); !bytes.Equal(first, second) {
			t.Fatalf("export, import and export again differ:\n%s\n%s", first, second)
		}
	})
}
