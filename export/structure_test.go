package export

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"yishi/meeting"
)

// shape is the structure of a Markdown document as goldmark parses it: what hostile text must
// not change.
type shape struct {
	headings []string // "h2 议题 1：…"
	tables   []string // "4×3": rows (the header included) × columns
	lists    []int    // items of each list
	paras    int
	strong   int
	links    int // links, autolinks, images, raw HTML and code spans: none may come from text
}

func (s shape) String() string {
	return fmt.Sprintf("headings %q\ntables %v\nlists %v\nparagraphs %d, strong %d, links/html/code %d", s.headings, s.tables, s.lists, s.paras, s.strong, s.links)
}

// levels is the shape without the headings' text, which hostile titles change.
func (s shape) levels() string {
	var ls []string
	for _, h := range s.headings {
		ls = append(ls, h[:2])
	}
	return fmt.Sprintf("%v %v %v %d %d %d", ls, s.tables, s.lists, s.paras, s.strong, s.links)
}

func parseShape(t *testing.T, md []byte) shape {
	t.Helper()
	doc := markdownToHTML.Parser().Parse(text.NewReader(md))
	var s shape
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			s.headings = append(s.headings, fmt.Sprintf("h%d %s", n.Level, nodeText(n, md)))
		case *east.Table:
			rows, cols := 0, -1
			for r := n.FirstChild(); r != nil; r = r.NextSibling() {
				rows++
				if c := r.ChildCount(); cols == -1 {
					cols = c
				} else if c != cols {
					t.Errorf("a table row has %d cells, the first %d", c, cols)
				}
			}
			s.tables = append(s.tables, fmt.Sprintf("%d×%d", rows, cols))
		case *ast.List:
			s.lists = append(s.lists, n.ChildCount())
		case *ast.Paragraph:
			s.paras++
		case *ast.Emphasis:
			s.strong++
		case *ast.Link, *ast.AutoLink, *ast.Image, *ast.RawHTML, *ast.HTMLBlock, *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.Blockquote, *ast.ThematicBreak:
			s.links++
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func nodeText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		if s, ok := c.(*ast.String); ok && entering {
			b.Write(s.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// masked is a masked number, whose stars are not emphasis.
var masked = regexp.MustCompile(`\d{3}\*+[\dXx]{4}`)

// TestStructure checks the headings and tables of each document as goldmark reads them back.
func TestStructure(t *testing.T) {
	docs := goldenDocs(t)
	want := map[string]struct {
		headings []string
		tables   []string
	}{
		"minutes-6": {
			headings: []string{"h1 阿北村夜话乡村会议记录", "h2 到会情况", "h2 议程", "h2 议题 1：添置电脑和音响设备", "h3 发言",
				"h2 议题 2：添置饮水机和座椅", "h3 发言", "h2 议题 3：服务中心晚间开放", "h3 发言", "h2 签名"},
			// Signatures: the host, the recorder, the 21 others named as present, the observer.
			tables: []string{"25×3"},
		},
		"minutes-10": {
			headings: []string{"h1 阿北村村民代表会议记录", "h2 到会情况", "h2 议程", "h2 议题 1：关于使用集体收入为党群服务中心添置电脑和音响设备的决议",
				"h3 发言", "h3 表决", "h2 签名"},
			// The vote; signatures: host, recorder, the township's cadre, the 24 other members present.
			tables: []string{"4×3", "28×3"},
		},
		"notice-resolution": {
			headings: []string{"h1 关于使用集体收入为党群服务中心添置电脑和音响设备的决议公告", "h2 一、事项", "h2 二、决策程序", "h2 三、决议表决情况",
				"h2 四、决议内容", "h2 五、实施安排", "h2 六、公示期", "h2 七、意见反馈", "h2 八、村务监督委员会意见"},
			tables: []string{"5×4", "4×3", "2×3"},
		},
		"notice-result": {
			headings: []string{"h1 关于使用集体收入为党群服务中心添置电脑和音响设备的实施结果公告", "h2 一、决议情况", "h2 二、实施情况", "h2 三、资金情况",
				"h2 四、验收情况", "h2 五、公示期", "h2 六、意见反馈", "h2 七、村务监督委员会意见"},
			tables: []string{"4×2", "5×2", "2×3"},
		},
	}
	for name, export := range docs {
		md, err := export(Markdown, Options{})
		if err != nil {
			t.Fatal(err)
		}
		s := parseShape(t, md)
		w := want[name]
		if fmt.Sprint(s.headings) != fmt.Sprint(w.headings) {
			t.Errorf("%s headings:\n got %q\nwant %q", name, s.headings, w.headings)
		}
		if fmt.Sprint(s.tables) != fmt.Sprint(w.tables) {
			t.Errorf("%s tables: got %v, want %v", name, s.tables, w.tables)
		}
		if s.links != 0 {
			t.Errorf("%s: %d links, code spans or raw HTML", name, s.links)
		}
		// Every strong label came out bold: no "**" is left as text.
		html, _ := export(HTML, Options{})
		if bytes.Contains(masked.ReplaceAll(html, nil), []byte("**")) {
			t.Errorf("%s: a strong label did not become bold", name)
		}
	}
}

// hostile are the texts a user may type that must stay text.
var hostile = []string{
	"# 标题",
	"a | b",
	"*强调*",
	"`代码`",
	"<script>alert(1)</script>",
	"第一行\n# 第二行",
	"[链接](http://x)",
	"第一行\n\n- 第二行\n---\n| x | y |\n> 引用\n1. 列表\n    缩进",
	"**粗体** _斜体_ ~~删除~~ &amp; &#60; www.example.com a@b.cn https://x.cn <b>",
	"结尾反斜杠\\",
	"===\n+ 加号",
}

// hostileArchive replaces every statement, title, reason and free text of the demo archive by
// hostile text, in turn.
func hostileArchive(t *testing.T) *meeting.Archive {
	a := abei(t)
	k := 0
	next := func() string { k++; return hostile[k%len(hostile)] }
	// swap replaces a text the record has; an empty one stays empty, so that the documents keep
	// the parts they had.
	swap := func(ps ...*string) {
		for _, p := range ps {
			if *p != "" {
				*p = next()
			}
		}
	}
	for i := range a.Statements {
		swap(&a.Statements[i].Text)
	}
	for i := range a.Meetings {
		m := &a.Meetings[i]
		swap(&m.Title, &m.Place)
		for j := range m.Attendance.Absent {
			swap(&m.Attendance.Absent[j].Reason)
		}
		for j := range m.Attendance.Excused {
			swap(&m.Attendance.Excused[j].Reason)
		}
		items := append([]meeting.Item(nil), m.Items...)
		for j := range items {
			it := &items[j]
			swap(&it.Title, &it.Explanation, &it.Resolution)
			if it.Outcome != nil {
				o := *it.Outcome
				swap(&o.Answer)
				it.Outcome = &o
			}
			if it.Vote != nil {
				v := *it.Vote
				v.Recused = []meeting.Absence{{Who: meeting.Ref{Name: "回避人"}, Reason: next()}}
				it.Vote = &v
			}
		}
		m.Items = items
	}
	for i := range a.Matters {
		mt := &a.Matters[i]
		swap(&mt.Title, &mt.Description, &mt.Category)
		if mt.Implementation != nil {
			im := *mt.Implementation
			swap(&im.Plan, &im.Acceptance)
			im.Progress = append([]meeting.Progress(nil), im.Progress...)
			for j := range im.Progress {
				swap(&im.Progress[j].Text)
			}
			mt.Implementation = &im
		}
	}
	for i := range a.Notices {
		n := &a.Notices[i]
		swap(&n.Title, &n.Text, &n.Contact)
		n.Postings = append([]meeting.Posting(nil), n.Postings...)
		swap(&n.Postings[0].Where)
		if n.Supervision != nil {
			s := *n.Supervision
			swap(&s.Opinion)
			n.Supervision = &s
		}
	}
	for i := range a.Amendments {
		swap(&a.Amendments[i].Text, &a.Amendments[i].Reason)
	}
	for i := range a.Assignments {
		swap(&a.Assignments[i].Task, &a.Assignments[i].Result, &a.Assignments[i].Feedback)
	}
	return a
}

// TestHostileTextStaysText exports every document of the demo with hostile text in place of
// every statement, title and reason, and checks that the structure is the one of the plain
// demo: no extra heading, table row or column, list item, paragraph, emphasis, link or HTML.
func TestHostileTextStaysText(t *testing.T) {
	plain, bad := abei(t), hostileArchive(t)
	// The plain demo's Markdown has no link or code either, and every recusal the hostile copy
	// adds to a vote is in the plain copy too, so that the shapes match.
	for i := range plain.Meetings {
		m := &plain.Meetings[i]
		items := append([]meeting.Item(nil), m.Items...)
		for j := range items {
			if items[j].Vote != nil {
				v := *items[j].Vote
				v.Recused = []meeting.Absence{{Who: meeting.Ref{Name: "回避人"}, Reason: "亲属关系"}}
				items[j].Vote = &v
			}
		}
		m.Items = items
	}
	type doc struct {
		name        string
		plain, evil func(Format) ([]byte, error)
	}
	var docs []doc
	for _, m := range plain.Meetings {
		id := m.ID
		docs = append(docs, doc{fmt.Sprintf("minutes %d", id),
			func(f Format) ([]byte, error) { return Minutes(minutesRecord(plain, id), f, Options{}) },
			func(f Format) ([]byte, error) { return Minutes(minutesRecord(bad, id), f, Options{}) }})
	}
	for i := range plain.Notices {
		p, e := plain.Notices[i], bad.Notices[i]
		docs = append(docs, doc{fmt.Sprintf("notice %d", p.ID),
			func(f Format) ([]byte, error) { return Notice(noticeRecord(plain, p), f, Options{}) },
			func(f Format) ([]byte, error) { return Notice(noticeRecord(bad, e), f, Options{}) }})
	}
	for _, d := range docs {
		pm, err := d.plain(Markdown)
		if err != nil {
			t.Fatal(err)
		}
		em, err := d.evil(Markdown)
		if err != nil {
			t.Fatal(err)
		}
		ps, es := parseShape(t, pm), parseShape(t, em)
		if ps.levels() != es.levels() {
			t.Errorf("%s: hostile text changed the structure:\nplain   %s\nhostile %s", d.name, ps, es)
		}
		h, err := d.evil(HTML)
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range []string{"<script", "<b>", "<a ", "<code", "<blockquote", "<hr", "<del", "<em", "<!-- raw"} {
			if bytes.Contains(h, []byte(tag)) {
				t.Errorf("%s: the HTML has %s", d.name, tag)
			}
		}
	}
	// One hostile document is kept by name: the sample evening with its hostile statements reads
	// them back exactly, in HTML as in text.
	h, _ := Minutes(minutesRecord(bad, 6), HTML, Options{})
	lines := strings.Join(htmlLines(string(h)), "\n")
	tx, _ := Minutes(minutesRecord(bad, 6), Text, Options{})
	for _, s := range []string{"# 标题", "a | b", "*强调*", "`代码`", "<script>alert(1)</script>", "[链接](http://x)", "结尾反斜杠\\", "第一行\n# 第二行"} {
		if !strings.Contains(lines, s) {
			t.Errorf("the HTML does not show %q as typed", s)
		}
		if !strings.Contains(string(tx), strings.ReplaceAll(s, "\n", "\n　")) {
			t.Errorf("the text does not show %q as typed", s)
		}
	}
	if !bytes.Contains(h, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Error("the HTML does not escape the script text")
	}
}

// TestEscapeMarkdown renders escaped text through goldmark, as a paragraph, a list item and a
// table cell, and reads back exactly the text.
func TestEscapeMarkdown(t *testing.T) {
	cases := append([]string{
		"1. 不是列表", "2026) 不是列表", "- 不是列表", "+ 不是列表", "* 不是列表", "> 不是引用", "    不是代码",
		"```", "~~~", "***", "___", "<div>", "<!-- x -->", "&copy; &#169;", "\\*", "a\\", "www.x.cn/y", "http://x.cn",
		"[x]: http://y", "![图](x.png)", "[ ] 任务", "a_b_c", "1\\. x", "#标题", "标题 #", "=", "--",
		"电话 150****0837", "百分之 84.0%", "19:36 说", "行尾\\\n下一行", "甲\r\n\r\n乙\t丙",
	}, hostile...)
	for _, s := range cases {
		want := clean(s)
		for _, ctx := range []struct {
			name string
			md   func(string) string
			get  func([]string) string
		}{
			{"paragraph", func(e string) string { return "说明\n\n" + e + "\n" }, func(l []string) string { return strings.Join(l[1:], "\n") }},
			{"list item", func(e string) string { return "- 甲\n- " + e + "\n- 乙\n" }, func(l []string) string { return strings.Join(l[1:len(l)-1], "\n") }},
		} {
			md := ctx.md(escapeMarkdown(want, true, "  "))
			var b bytes.Buffer
			if err := markdownToHTML.Convert([]byte(md), &b); err != nil {
				t.Fatal(err)
			}
			lines := htmlLines("<body>" + b.String())
			if got := ctx.get(lines); got != normalize(want) {
				t.Errorf("%s %q: Markdown %q reads back as %q", ctx.name, want, md, got)
			}
		}
		cell := strings.ReplaceAll(want, "\n", " ")
		md := "| a | b |\n| --- | --- |\n| " + escapeMarkdown(cell, false, "") + " | z |\n"
		var b bytes.Buffer
		_ = markdownToHTML.Convert([]byte(md), &b)
		if got := htmlLines("<body>" + b.String()); len(got) != 2 || got[1] != normalize(cell)+" | z" {
			t.Errorf("table cell %q reads back as %q", cell, got)
		}
	}
}

// normalize is text as htmlLines gives it back: blanks collapsed.
func normalize(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}
