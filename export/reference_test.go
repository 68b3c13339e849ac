package export

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"yishi/meeting"
)

func TestCode(t *testing.T) {
	for seal, want := range map[string]string{
		"":                 "",
		"3f9a21c70b4e77aa": "3F9A-21C7-0B4E",
		"3f9a21c70b4e":     "3F9A-21C7-0B4E",
		"3f9a21":           "3F9A-21",
	} {
		if got := Code(seal); got != want {
			t.Errorf("Code(%q) = %q, want %q", seal, got, want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for s, want := range map[string]Format{"md": Markdown, "markdown": Markdown, "MD": Markdown, "html": HTML, " txt ": Text, "text": Text} {
		if got, err := ParseFormat(s); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "pdf", "docx"} {
		if _, err := ParseFormat(s); err == nil || !strings.Contains(err.Error(), "请用 md") {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	if _, err := Minutes(MinutesRecord{}, Format("pdf"), Options{}); err == nil {
		t.Error("Minutes accepts an unknown format")
	}
}

func TestReferenceRoundTrip(t *testing.T) {
	a := abei(t)
	res := noticeOf(t, a, 2, meeting.ResolutionNotice)
	rr := noticeRecord(a, res)
	for _, f := range formats {
		for _, o := range []Options{{}, {Unmasked: true}} {
			for _, c := range []struct {
				kind string
				id   meeting.ID
				seal string
				doc  func() ([]byte, error)
			}{
				{KindMinutes, 10, meetingOf(a, 10).Seal, func() ([]byte, error) { return Minutes(minutesRecord(a, 10), f, o) }},
				{KindMinutes, 5, meetingOf(a, 5).Seal, func() ([]byte, error) { return Minutes(minutesRecord(a, 5), f, o) }},
				{KindNotice, res.ID, rr.Seal(), func() ([]byte, error) { return Notice(rr, f, o) }},
			} {
				b, err := c.doc()
				if err != nil {
					t.Fatal(err)
				}
				ref, err := ReadReference(b)
				if err != nil {
					t.Fatalf("%s %d.%s: %v", c.kind, c.id, f, err)
				}
				want := Reference{Kind: c.kind, ID: meeting.ID(c.id.Local()), Code: Code(c.seal), Format: f, Unmasked: o.Unmasked}
				if ref != want || ref.Code == "" {
					t.Errorf("%s %d.%s: read %+v, want %+v", c.kind, c.id, f, ref, want)
				}
				// The reference line is the same in every format, near the top and at the bottom.
				line := referenceLine(c.kind, c.id, Code(c.seal), "", o.Unmasked)
				if n := bytes.Count(b, []byte(line)); n != 2 {
					t.Errorf("%s %d.%s carries its reference line %d times", c.kind, c.id, f, n)
				}
			}
		}
	}
	// The notice's code is its seal as meeting.SealNotice makes it, whether stored or not.
	sealed := res
	meeting.SealNotice(&sealed, rr.Matter, rr.Meetings)
	if rr.Seal() != sealed.Seal || !meeting.VerifyNotice(sealed, rr.Matter, rr.Meetings) {
		t.Error("an unsealed notice's code is not the seal SealNotice gives it")
	}
	stored := rr
	stored.Notice = sealed
	b1, _ := Notice(rr, Markdown, Options{})
	b2, _ := Notice(stored, Markdown, Options{})
	if !bytes.Equal(b1, b2) {
		t.Error("a notice exports differently once its seal is stored")
	}

	// Whatever else the file is, a file that is not an export says so.
	for _, junk := range []string{"", "# 标题\n\n正文", "<!DOCTYPE html><html><body><p>你好</p></body></html>", "校验码：1234（会议记录 x）"} {
		if _, err := ReadReference([]byte(junk)); err == nil || !strings.Contains(err.Error(), "找不到校验码") {
			t.Errorf("ReadReference(%q): %v", junk, err)
		}
	}
	// A statement quoting a reference does not fool it: the document's own line comes first.
	r := minutesRecord(a, 6)
	r.Statements[0].Text = "校验码：AAAA-BBBB-CCCC（会议记录 99）"
	for _, f := range formats {
		b, _ := Minutes(r, f, Options{})
		if ref, _ := ReadReference(b); ref.ID != 6 {
			t.Errorf("%s: read the reference of record %d", f, ref.ID)
		}
	}
	// Nor does a notice whose title is a reference line, though it heads the document.
	n := noticeOf(t, a, 2, meeting.ResultNotice)
	n.Title = "校验码：AAAA-BBBB-CCCC（公告 99）"
	for _, f := range formats {
		b, _ := Notice(noticeRecord(a, n), f, Options{})
		if ref, _ := ReadReference(b); ref.ID != 4 || ref.Code == "AAAA-BBBB-CCCC" {
			t.Errorf("%s: read %+v", f, ref)
		}
	}
}

// TestVoteDetails: a vote is judged and its percentages taken on those present when it was
// taken; a superseded vote and a recusal are kept in the minutes.
func TestVoteDetails(t *testing.T) {
	a := abei(t)
	r := minutesRecord(a, 10)
	it := r.Meeting.Items[0]
	prior := *it.Vote
	prior.Expected, prior.Present, prior.Ayes, prior.Noes, prior.Abstentions = 30, 19, 17, 1, 1
	prior.At = prior.At.Add(-30 * time.Minute)
	v := *it.Vote
	v.Expected, v.Present = 30, 24
	v.Recused = []meeting.Absence{{Who: meeting.Ref{Name: "郭春燕"}, Reason: "近亲属经营音响店"}}
	it.Vote, it.PriorVotes = &v, []meeting.Vote{prior}
	r.Meeting.Items = []meeting.Item{it}
	b, err := Minutes(r, Markdown, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := r.Village.Settings.Verdict(r.Meeting.Body, meeting.DateOf(r.Meeting.Start), r.Meeting.Attendance, v, nil)
	pd := r.Village.Settings.Verdict(r.Meeting.Body, meeting.DateOf(r.Meeting.Start), r.Meeting.Attendance, prior, nil)
	for _, want := range []string{
		"先前的表决（已由重新表决取代，留存备查）", "19:45 无记名投票，赞成 17 票、反对 1 票、弃权 1 票：" + pd.Arithmetic(), "不足法定人数",
		"占表决时实到（24 人）", "| 赞成 | 21 | " + meeting.Percent(21, 24) + " |", "**回避**：郭春燕（近亲属经营音响店）",
		"**结果**：" + d.Arithmetic(), "**依据**：" + d.Basis(),
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the minutes lack %q", want)
		}
	}
	s := parseShape(t, b)
	if fmt.Sprint(s.tables) != "[4×3 28×3]" {
		t.Errorf("tables %v", s.tables)
	}
}

func TestDraftMinutes(t *testing.T) {
	a := abei(t)
	r := minutesRecord(a, 13)
	r.Meeting.Status, r.Meeting.Seal, r.Meeting.SealedAt = meeting.Draft, "", r.Meeting.SealedAt.AddDate(-1, 0, 0)
	for _, f := range formats {
		b, err := Minutes(r, f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(b, []byte("草稿，未定稿，无校验码（会议记录 13）")); n != 2 {
			t.Errorf("%s: the draft mark appears %d times", f, n)
		}
		if !bytes.Contains(b, []byte("会议记录（草稿）")) {
			t.Errorf("%s: the heading does not say draft", f)
		}
		ref, err := ReadReference(b)
		if err != nil || ref.ID != 13 || ref.Code != "" || ref.Kind != KindMinutes || ref.Format != f {
			t.Errorf("%s: %+v, %v", f, ref, err)
		}
	}
}

func TestUnpostedNotice(t *testing.T) {
	a := abei(t)
	n := noticeOf(t, a, 2, meeting.ResultNotice)
	n.Postings, n.Seal = nil, "" // an unposted notice is not sealed
	for _, f := range formats {
		b, err := Notice(noticeRecord(a, n), f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte("未登记公示期，无校验码（公告 4）")) {
			t.Errorf("%s: an unposted notice does not say it has no code", f)
		}
		if ref, err := ReadReference(b); err != nil || ref.Code != "" || ref.Kind != KindNotice || ref.ID != 4 {
			t.Errorf("%s: %+v, %v", f, ref, err)
		}
	}
}

func TestCompare(t *testing.T) {
	a := abei(t)
	r := minutesRecord(a, 10)
	for _, f := range formats {
		fresh, _ := Minutes(r, f, Options{})
		if d := Compare(fresh, fresh); d != nil {
			t.Errorf("%s: identical files differ: %v", f, d)
		}
		// One character changed.
		file := bytes.Replace(fresh, []byte("两万多块"), []byte("三万多块"), 1)
		d := Compare(file, fresh)
		if len(d) != 1 || !strings.Contains(d[0], "文件里是「") || !strings.Contains(d[0], "三万多块") || !strings.Contains(d[0], "两万多块") {
			t.Errorf("%s: a one-character change gives %q", f, d)
		}
		if f != HTML {
			line := bytes.Count(fresh[:bytes.Index(fresh, []byte("两万多块"))], []byte("\n")) + 1
			if want := "第 " + strconv.Itoa(line) + " 行："; len(d) == 1 && !strings.HasPrefix(d[0], want) {
				t.Errorf("%s: %q does not start with %q", f, d[0], want)
			}
		}
		// A line dropped, a line added.
		lines := strings.Split(string(fresh), "\n")
		i := 0
		for !strings.Contains(lines[i], "罗德明（意见）") {
			i++
		}
		dropped := strings.Join(append(append([]string(nil), lines[:i]...), lines[i+1:]...), "\n")
		if d := Compare([]byte(dropped), fresh); len(d) != 1 || !strings.Contains(d[0], "文件里没有") {
			t.Errorf("%s: a dropped line gives %q", f, d)
		}
		added := strings.Join(append(append(append([]string(nil), lines[:i]...), "多出来的一行"), lines[i:]...), "\n")
		if d := Compare([]byte(added), fresh); len(d) != 1 || !strings.Contains(d[0], "「多出来的一行」，档案里没有") {
			t.Errorf("%s: an added line gives %q", f, d)
		}
		// Line ends from Windows and a byte-order mark do not count.
		crlf := append([]byte("\uFEFF"), bytes.ReplaceAll(fresh, []byte("\n"), []byte("\r\n"))...)
		if d := Compare(crlf, fresh); d != nil {
			t.Errorf("%s: CRLF line ends count as differences: %v", f, d)
		}
	}
	// In HTML the markup and its whitespace do not count; the text does.
	fresh, _ := Minutes(r, HTML, Options{})
	reflowed := bytes.ReplaceAll(fresh, []byte("<li>"), []byte("\n   <li class=\"x\">  "))
	if d := Compare(reflowed, fresh); d != nil {
		t.Errorf("re-indented HTML differs: %v", d)
	}
	// Many differences are summed up.
	other, _ := Minutes(minutesRecord(a, 9), Markdown, Options{})
	mine, _ := Minutes(r, Markdown, Options{})
	if d := Compare(other, mine); len(d) != maxDifferences+1 || !strings.Contains(d[len(d)-1], "另有") {
		t.Errorf("two different records: %d lines, last %q", len(d), d[len(d)-1])
	}
}

func TestFileName(t *testing.T) {
	day := meeting.NewDate(2026, 9, 29)
	if got := FileName(day, "阿北村", "村民代表会议记录", Markdown); got != "2026-09-29_阿北村_村民代表会议记录.md" {
		t.Errorf("got %q", got)
	}
	got := FileName(day, "阿北/村", "a/b\\c:d*e?f\"g<h>i|j\x00k\nl\u202e m. ", HTML)
	if strings.ContainsAny(got, "/\\:*?\"<>|\x00\n\u202e") || got != "2026-09-29_阿北村_abcdefghijk l m.html" {
		t.Errorf("unsafe name %q", got)
	}
	long := FileName(day, strings.Repeat("阿", 100), strings.Repeat("关于使用集体收入的决议公告", 20), Text)
	if len(long) > 200 || !strings.HasSuffix(long, ".txt") {
		t.Errorf("a long name: %d bytes, %q", len(long), long)
	}
	if got := FileName(meeting.Date{}, "", "...", Text); got != "yishi.txt" {
		t.Errorf("an empty name: %q", got)
	}
	if got := MinutesTitle(meetingOf(abei(t), 7)); got != "党支部委员会会议记录" {
		t.Errorf("MinutesTitle of a branch committee meeting: %q", got)
	}
}
