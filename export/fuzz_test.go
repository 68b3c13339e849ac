package export

import (
	"bytes"
	"html"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	nethtml "golang.org/x/net/html"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// The fuzz tests of hostile input. Plain `go test` replays their seeds and the corpus committed
// under testdata/fuzz/<name>/; `make soak` fuzzes each for minutes.

// FuzzEscapeMarkdown escapes any text, cleaned as every document cleans it, and renders it
// through goldmark as a paragraph: the document must be one paragraph of plain text (hard line
// breaks allowed), and the HTML must read back as exactly the text.
func FuzzEscapeMarkdown(f *testing.F) {
	for _, s := range append([]string{
		"1. 不是列表", "2026) 不是列表", "- 不是列表", "* 不是列表", "> 不是引用", "    不是代码",
		"```", "~~~", "***", "<!-- x -->", "&copy; &#169;", "a\\", "www.x.cn/y", "WWW.X.CN", "http://x.cn",
		"[x]: http://y", "![图](x.png)", "[ ] 任务", "a_b_c", "1\\. x", "=", "--", "a@b.cn", "行尾\\\n下一行",
		"甲\r\n\r\n乙\t丙", "第一行\n===", "第一行\n---", "\u202e反向\u2066", "\x00\x7f", "ｈｔｔｐ：／／", "\xff\xfe",
	}, hostile...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := clean(s)
		if want == "" {
			return
		}
		md := []byte(escapeMarkdown(want, true, ""))
		doc := markdownToHTML.Parser().Parse(text.NewReader(md))
		err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			switch n.(type) {
			case *ast.Document, *ast.Paragraph, *ast.Text:
			default:
				if entering {
					t.Errorf("text %q, escaped %q: goldmark reads a %s", want, md, n.Kind())
				}
			}
			return ast.WalkContinue, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if doc.ChildCount() != 1 {
			t.Fatalf("text %q, escaped %q: %d blocks, want one paragraph", want, md, doc.ChildCount())
		}
		var b bytes.Buffer
		if err := markdownToHTML.Convert(md, &b); err != nil {
			t.Fatal(err)
		}
		out, ok := strings.CutPrefix(b.String(), "<p>")
		if ok {
			out, ok = strings.CutSuffix(out, "</p>\n")
		}
		if !ok {
			t.Fatalf("text %q, escaped %q: HTML %q is not one paragraph", want, md, b.String())
		}
		out = strings.ReplaceAll(out, "<br>\n", "\n")
		if strings.ContainsAny(out, "<>") {
			t.Fatalf("text %q, escaped %q: HTML %q has markup", want, md, b.String())
		}
		if got := html.UnescapeString(out); got != want {
			t.Fatalf("text %q, escaped %q: reads back as %q", want, md, got)
		}
	})
}

// FuzzReadArchive feeds ReadArchive any bytes: it must not panic, and what it accepts is of the
// interchange format, in a version this program knows.
func FuzzReadArchive(f *testing.F) {
	a, err := demo.Abei()
	if err != nil {
		f.Fatal(err)
	}
	// A few records of each kind: the whole demo is too large to fuzz quickly (the fuzzer
	// spends its time shrinking it).
	a.People, a.Meetings, a.Statements = a.People[:3], a.Meetings[:2], a.Statements[:3]
	a.Matters, a.Notices, a.Assignments = a.Matters[:1], a.Notices[:1], a.Assignments[:1]
	small, err := JSON(a)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	for _, s := range []string{
		`{"format":"yishi-archive","version":1}`,
		`{"format":"yishi-archive","version":99}`,
		`{"format":"yishi-archive","version":1,"villages":[{"id":1,"name":"阿北村"}]}`,
		`{"format":"yishi-archive","version":1,"nosuch":1}`,
		`{"format":"yishi-archive","version":1}{"format":"yishi-archive"}`,
		`{"format":"yishi-archive","Format":"other","version":1}`,
		`{"FORMAT":"yishi-archive","version":-1}`,
		`{"format":"yishi-archive","version":1,"meetings":[{"start":"2026-13-45T99:00:00Z"}]}`,
		`[]`, `null`, ``, `"yishi-archive"`, "\xef\xbb\xbf{}",
	} {
		f.Add([]byte(strings.ReplaceAll(s, "yishi-archive", meeting.ArchiveFormat)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadArchive(data)
		if err != nil {
			if a != nil {
				t.Error("an archive and an error")
			}
			return
		}
		if a == nil {
			t.Fatal("no archive and no error")
		}
		if a.Format != meeting.ArchiveFormat {
			t.Errorf("accepted format %q", a.Format)
		}
		if a.Version > meeting.ArchiveVersion {
			t.Errorf("accepted version %d", a.Version)
		}
		// Validate judges the records; it must not panic on whatever was read.
		_ = a.Validate()
	})
}

// hostileDocs returns the minutes of the demo's sample evening (meeting 6) and the first
// notice with s in place of their free texts: the title, place, an absence reason, the first
// statement, the items' explanation and resolution, an amendment, the notice's title, text and
// an objection.
func hostileDocs(a *meeting.Archive, s string) (MinutesRecord, NoticeRecord) {
	mr := minutesRecord(a, 6)
	m := mr.Meeting
	m.Title, m.Place = s, s
	m.Attendance.Absent = append([]meeting.Absence(nil), m.Attendance.Absent...)
	if len(m.Attendance.Absent) > 0 {
		m.Attendance.Absent[0].Reason = s
	}
	m.Items = append([]meeting.Item(nil), m.Items...)
	for i := range m.Items {
		m.Items[i].Explanation, m.Items[i].Resolution = s, s
	}
	mr.Meeting = m
	mr.Statements = append([]meeting.Statement(nil), mr.Statements...)
	mr.Statements[0].Text = s
	mr.Amendments = []meeting.Amendment{{ID: 1, MeetingID: m.ID, At: m.Start.Add(48 * 3600e9), Author: m.Recorder, Reason: s, Text: s}}
	nr := noticeRecord(a, a.Notices[0])
	nr.Notice.Title, nr.Notice.Text = s, s
	nr.Notice.Objections = []meeting.Objection{{On: nr.Notice.Issued, From: s, Text: s, Answer: s}}
	return mr, nr
}

// elements returns the elements of an HTML document, each as its tag and attributes, and the
// text of its text nodes, joined.
func elements(t testing.TB, doc []byte) (map[string]bool, string) {
	t.Helper()
	root, err := nethtml.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	els := map[string]bool{}
	var text strings.Builder
	for n := range root.Descendants() {
		switch n.Type {
		case nethtml.ElementNode:
			sig := n.Data
			for _, a := range n.Attr {
				sig += " " + a.Namespace + ":" + a.Key + "=" + a.Val
			}
			els[sig] = true
		case nethtml.TextNode:
			if n.Parent == nil || n.Parent.Data != "style" {
				text.WriteString(n.Data)
			}
		case nethtml.CommentNode:
			t.Errorf("a comment in the HTML: %q", n.Data)
		}
	}
	return els, text.String()
}

// FuzzExportHTMLText puts any text in every free text of a meeting's minutes and of a notice,
// and exports them as HTML and as plain text. The HTML, read by a real HTML5 parser, must hold
// only the elements and attributes the same documents hold with a plain text (and <br> for line
// breaks), no comment, and every line of the text, cleaned, as text. The plain text must hold
// every line and no control character, bidirectional override or invalid UTF-8: nothing typed
// reaches a terminal or a chat group as anything but characters.
func FuzzExportHTMLText(f *testing.F) {
	a, err := demo.Abei()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range append([]string{
		"村口路灯坏了三盏，晚上看不见。", "<script>alert(1)</script>", "</title><script>x</script>",
		"<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">点</a>", "<!-- 注释 -->", "]]><![CDATA[x",
		"&lt;b&gt; &amp;amp; &#0; &#x202e;", "<style>body{display:none}</style>", "\" onmouseover=\"x", "' autofocus '",
		"第一行\r\n第二行\r第三行", "\x1b[31m红色\x1b[0m", "\x1b]0;标题\x07", "\u009b31m", "\x9b31m", "\u202e反向\u202c",
		"\u2066隔离\u2069", "\ufeff零宽", "\x00空\x00", "\t缩进", "行尾\\", "* 列表\n# 标题", "| a | b |\n|---|---|",
		"![图](javascript:x)", "[链接](http://x.cn)", "<https://x.cn>", "www.x.cn", "a@b.cn", "\xff\xfe坏字节",
		"    代码", "```\n代码\n```", "$$x$$", ":-", "1. 一\n2) 二", "身份证 330102197001011234 电话 13800001111",
	}, hostile...) {
		f.Add(s)
	}
	// The elements of the documents with a plain text, worked out once.
	plainM, plainN := hostileDocs(a, "甲乙")
	allowed := map[string]map[string]bool{}
	for name, doc := range map[string]func() ([]byte, error){
		"minutes": func() ([]byte, error) { return Minutes(plainM, HTML, Options{Unmasked: true}) },
		"notice":  func() ([]byte, error) { return Notice(plainN, HTML, Options{Unmasked: true}) },
	} {
		h, err := doc()
		if err != nil {
			f.Fatal(err)
		}
		allowed[name], _ = elements(f, h)
		allowed[name]["br"] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := clean(s)
		evilM, evilN := hostileDocs(a, s)
		o := Options{Unmasked: true}
		for _, d := range []struct {
			name string
			evil func(Format) ([]byte, error)
		}{
			{"minutes", func(f Format) ([]byte, error) { return Minutes(evilM, f, o) }},
			{"notice", func(f Format) ([]byte, error) { return Notice(evilN, f, o) }},
		} {
			eh, err := d.evil(HTML)
			if err != nil {
				t.Fatalf("%s: %v", d.name, err)
			}
			got, text := elements(t, eh)
			for sig := range got {
				if !allowed[d.name][sig] {
					t.Errorf("%s: text %q makes an element %q", d.name, s, sig)
				}
			}
			for _, l := range strings.Split(want, "\n") {
				if !strings.Contains(text, l) {
					t.Errorf("%s: the HTML text does not hold %q (of %q)", d.name, l, s)
				}
			}

			tx, err := d.evil(Text)
			if err != nil {
				t.Fatalf("%s: %v", d.name, err)
			}
			if !utf8.Valid(tx) {
				t.Errorf("%s: text %q: the plain text is not UTF-8", d.name, s)
			}
			for _, r := range string(tx) {
				if r != '\n' && unicode.IsControl(r) || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' ||
					r == '\u200e' || r == '\u200f' || r == '\ufeff' {
					t.Fatalf("%s: text %q: the plain text carries %U", d.name, s, r)
				}
			}
			for _, l := range strings.Split(want, "\n") {
				if !bytes.Contains(tx, []byte(l)) {
					t.Errorf("%s: the plain text does not hold %q (of %q)", d.name, l, s)
				}
			}
		}
	})
}
