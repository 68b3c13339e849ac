package export

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"yishi/meeting"
)

// Format is a format of the documents: Markdown (the source of truth), HTML for print, plain text
// for a chat group.
type Format string

// The formats, named by their file extensions.
const (
	Markdown Format = "md"
	HTML     Format = "html"
	Text     Format = "txt"
)

// ParseFormat reads a format as the command line gives it: md or markdown, html, txt or text.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "md", "markdown":
		return Markdown, nil
	case "html", "htm":
		return HTML, nil
	case "txt", "text":
		return Text, nil
	}
	return "", fmt.Errorf("不认识的导出格式「%s」：请用 md（Markdown）、html（打印用网页）或 txt（发微信群的纯文字）", s)
}

func (f Format) valid() error {
	if f == Markdown || f == HTML || f == Text {
		return nil
	}
	return fmt.Errorf("不认识的导出格式「%s」：请用 md、html 或 txt", string(f))
}

// Options are the choices of an export.
type Options struct {
	// Unmasked gives the internal archive copy: ID-card and phone numbers in full. Its heading
	// and its reference line say so; it must never be posted.
	Unmasked bool
}

// unmaskedNote is what the heading of an unmasked document adds.
const unmaskedNote = "（内部存档，未遮蔽个人信息，不得公开张贴）"

// Code is the short verification code of a seal, as documents print it and people read it out:
// the first 12 hex digits upper-case in groups of 4, 3F9A-21C7-0B4E; "" for no seal.
func Code(seal string) string {
	s := strings.ToUpper(seal)
	if len(s) > 12 {
		s = s[:12]
	}
	var groups []string
	for len(s) > 4 {
		groups = append(groups, s[:4])
		s = s[4:]
	}
	if s != "" {
		groups = append(groups, s)
	}
	return strings.Join(groups, "-")
}

// Reference is what an exported file says it is.
type Reference struct {
	Kind     string     // "minutes" or "notice"
	ID       meeting.ID // the meeting's or the notice's
	Code     string     // "" for a draft or an unsealed record
	Format   Format
	Unmasked bool
}

// Kinds of Reference.
const (
	KindMinutes = "minutes"
	KindNotice  = "notice"
)

var kindWords = map[string]string{KindMinutes: "会议记录", KindNotice: "公告"}

// referenceLine writes the line every document carries near its top and at its bottom, the same
// in every format: 校验码：3F9A-21C7-0B4E（会议记录 10）, or without a code the reason,
// 草稿，未定稿，无校验码（会议记录 12）.
func referenceLine(kind string, id meeting.ID, code, noCode string, unmasked bool) string {
	tail := ""
	if unmasked {
		tail = "，内部存档"
	}
	head := "校验码：" + code
	if code == "" {
		head = noCode
	}
	return fmt.Sprintf("%s（%s %d%s）", head, kindWords[kind], id, tail)
}

var referenceRe = regexp.MustCompile(`^(?:校验码：([0-9A-F]{4}(?:-[0-9A-F]{4}){0,2})|[^（）\s]*无校验码)（(会议记录|公告) (\d+)(，内部存档)?）$`)

// ReadReference finds what an exported file says it is, in any of the three formats: its
// reference line, and the format from the file's shape. A document carries the same reference
// line near its top and as its last line; a line that only looks like one (a title or a remark
// quoting a code) appears once, so a line found twice is taken first, else the last one found.
func ReadReference(data []byte) (Reference, error) {
	f := sniff(data)
	lines := fileLines(data)
	if f == HTML {
		lines = htmlLines(string(data))
	}
	var found []string
	seen := map[string]int{}
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if referenceRe.MatchString(l) {
			found = append(found, l)
			seen[l]++
		}
	}
	if len(found) == 0 {
		return Reference{}, errors.New("这个文件不是 yishi 导出的会议记录或公告，找不到校验码：请用 yishi 导出的 .md、.html 或 .txt 原文件核对")
	}
	line := found[len(found)-1]
	for _, l := range found {
		if seen[l] > 1 {
			line = l
			break
		}
	}
	m := referenceRe.FindStringSubmatch(line)
	id, err := strconv.ParseUint(m[3], 10, 64)
	if err != nil {
		return Reference{}, fmt.Errorf("文件里的记录编号「%s」不对：请用 yishi 导出的原文件核对", m[3])
	}
	r := Reference{Kind: KindMinutes, ID: meeting.ID(id), Code: m[1], Format: f, Unmasked: m[4] != ""}
	if m[2] == kindWords[KindNotice] {
		r.Kind = KindNotice
	}
	return r, nil
}

// sniff tells the format of an exported file from its shape: HTML starts with its doctype;
// Markdown with a "# " heading and has "## " sections; plain text has no such headings.
func sniff(data []byte) Format {
	s := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n")
	low := bytes.ToLower(s[:min(len(s), 15)])
	if bytes.HasPrefix(low, []byte("<!doctype html")) || bytes.HasPrefix(low, []byte("<html")) {
		return HTML
	}
	if bytes.HasPrefix(s, []byte("# ")) && bytes.Contains(s, []byte("\n## ")) {
		return Markdown
	}
	return Text
}

// fileLines splits a Markdown or text file into lines as an editor shows them: a byte-order mark
// dropped, CRLF and CR read as LF, trailing blanks of each line dropped.
func fileLines(data []byte) []string {
	s := strings.TrimPrefix(string(data), "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimSuffix(s, "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return lines
}

// FileName is a file name for an exported document: 2026-09-29_阿北村_村民代表会议记录.md.
// Characters Windows or Linux refuse (/\:*?"<>| and control characters) are dropped, blanks
// become single spaces, and a long title is cut so the name stays well under the limits of
// both (255 bytes on Linux, 260 characters of a whole path on Windows).
func FileName(date meeting.Date, village, title string, f Format) string {
	var parts []string
	if !date.IsZero() {
		parts = append(parts, date.String())
	}
	if v := safeName(village, 16); v != "" {
		parts = append(parts, v)
	}
	if t := safeName(title, 40); t != "" {
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		parts = append(parts, "yishi")
	}
	ext := string(f)
	if f.valid() != nil {
		ext = string(Markdown)
	}
	return strings.Join(parts, "_") + "." + ext
}

// safeName keeps what a file name may hold of s, at most max runes.
func safeName(s string, max int) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case strings.ContainsRune(`/\:*?"<>|`, r), unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			continue
		}
		if n >= max {
			break
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	// Windows refuses names ending in a dot or a blank.
	return strings.TrimRight(b.String(), ". ")
}
