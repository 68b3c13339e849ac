package meeting

import (
	"slices"
	"strings"
	"testing"
)

// chainArchive returns an archive of one village with four meetings sealed one after another
// (IDs 1 to 4, sealed in the order 2, 1, 3, 4), each with a statement.
func chainArchive(t *testing.T) *Archive {
	t.Helper()
	a := &Archive{Villages: []Village{{ID: 1, Name: "阿北村"}}}
	prev := ""
	for i, id := range []ID{2, 1, 3, 4} {
		m, _ := sealable()
		m.ID = id
		st := Statement{ID: id, MeetingID: id, Item: 1, Speaker: Ref{Name: "王大爷"}, At: bj(19, 35), Kind: Opinion, Text: "路灯坏了。"}
		if err := m.SealWith([]Statement{st}, prev, bj(21, 10+i)); err != nil {
			t.Fatal(err)
		}
		prev = m.Seal
		a.Meetings = append(a.Meetings, m)
		a.Statements = append(a.Statements, st)
	}
	slices.SortFunc(a.Meetings, func(x, y Meeting) int { return int(x.ID) - int(y.ID) })
	return a
}

// faultsOf returns the meetings and notices CheckSeals names, and its texts.
func faultsOf(r SealReport) (meetings, notices []ID, text string) {
	var texts []string
	for _, f := range r.Faults {
		if f.Meeting != 0 {
			meetings = append(meetings, f.Meeting)
		}
		if f.Notice != 0 {
			notices = append(notices, f.Notice)
		}
		texts = append(texts, f.Text)
	}
	return meetings, notices, strings.Join(texts, "\n")
}

func TestCheckSealsChain(t *testing.T) {
	r := CheckSeals(chainArchive(t))
	if len(r.Faults) != 0 || r.Meetings != 4 || r.Villages != 1 {
		t.Fatalf("an untouched chain: %+v", r)
	}
	for _, c := range []struct {
		name   string
		change func(a *Archive)
		want   []ID
		says   string
	}{
		{"a statement changed", func(a *Archive) { a.Statements[2].Text = "路灯好了。" }, []ID{3}, "会议 3（"},
		{"a meeting changed", func(a *Archive) { a.Meetings[0].Place = "别处" }, []ID{1}, "或与前一份封存记录（会议 2）接不上"},
		{"the first sealed removed", func(a *Archive) { a.Meetings = slices.Delete(a.Meetings, 1, 2) },
			[]ID{1, 2}, "会议 2：档案里缺了这次会议"},
		{"one in the middle removed", func(a *Archive) { a.Meetings = slices.Delete(a.Meetings, 0, 1) },
			[]ID{3, 1}, "前一份封存记录（会议 2）"},
		{"a seal replaced", func(a *Archive) { a.Meetings[0].Seal = strings.Repeat("0", 64) }, []ID{1, 3}, "会议 1（"},
		{"a seal cleared", func(a *Archive) { a.Meetings[2].Seal = "" }, []ID{3, 4}, "没有校验码"},
	} {
		a := chainArchive(t)
		c.change(a)
		ms, ns, text := faultsOf(CheckSeals(a))
		if !slices.Equal(ms, c.want) || len(ns) != 0 || !strings.Contains(text, c.says) {
			t.Errorf("%s: faults name meetings %v, notices %v; want %v, saying %q:\n%s", c.name, ms, ns, c.want, c.says, text)
		}
	}
}

// TestCheckSealsNotices: a posted notice is checked against its seal, one without a seal is
// listed apart, and a posting recorded for a notice that is not there names it.
func TestCheckSealsNotices(t *testing.T) {
	a := chainArchive(t)
	x := Matter{ID: 1, VillageID: 1, Title: "修路灯", History: []Event{{Stage: Proposed}, {Stage: ResolutionPosted, NoticeID: 1}, {Stage: ResultPosted, NoticeID: 2}}}
	a.Matters = []Matter{x}
	sealed := Notice{ID: 1, VillageID: 1, MatterID: 1, Kind: ResolutionNotice, Text: "同意修路灯。"}
	SealNotice(&sealed, x, nil)
	a.Notices = []Notice{sealed, {ID: 2, VillageID: 1, MatterID: 1, Kind: ResultNotice}}
	r := CheckSeals(a)
	if len(r.Faults) != 0 || r.Notices != 1 || len(r.Unsealed) != 1 || !strings.Contains(r.Unsealed[0], "实施结果公告 2") {
		t.Fatalf("one sealed and one unsealed notice: %+v", r)
	}
	a.Notices[0].Text += "另加一句。"
	if _, ns, text := faultsOf(CheckSeals(a)); !slices.Equal(ns, []ID{1}) || !strings.Contains(text, "决议公告 1") {
		t.Errorf("a changed notice: %v\n%s", ns, text)
	}
	a.Notices = a.Notices[1:]
	if _, ns, text := faultsOf(CheckSeals(a)); !slices.Equal(ns, []ID{1}) || !strings.Contains(text, "公告 1：事项「修路灯」的经过记着它的张贴") {
		t.Errorf("a removed notice: %v\n%s", ns, text)
	}
}
