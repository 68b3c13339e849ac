package export

import (
	"bytes"
	"html"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

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
