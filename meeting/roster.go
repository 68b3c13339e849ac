package meeting

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Roster columns, by the name a header row gives them.
const (
	colName      = "姓名"
	colGender    = "性别"
	colTitle     = "职务"
	colBodies    = "所属组织"
	colHousehold = "户号"
	colPhone     = "联系电话"
	colIDCard    = "身份证号"
)

// rosterHeaders maps every header name a roster may use to its column.
var rosterHeaders = map[string]string{
	"姓名": colName, "名字": colName,
	"性别": colGender,
	"职务": colTitle, "职位": colTitle,
	"所属组织": colBodies, "组织": colBodies, "所在组织": colBodies, "所属组织机构": colBodies,
	"户号": colHousehold, "户编号": colHousehold,
	"联系电话": colPhone, "电话": colPhone, "电话号码": colPhone, "手机": colPhone, "手机号": colPhone, "手机号码": colPhone,
	"身份证号": colIDCard, "身份证": colIDCard, "身份证号码": colIDCard, "公民身份号码": colIDCard,
}

// RosterLimits is the most characters each roster column may hold: far more than any real roster
// needs (the longest names run to a few characters, posts to a line), so that a cell past it is
// a mistake, a pasted document or a broken file, never a person.
var RosterLimits = map[string]int{
	colName:      32,
	colGender:    8,
	colTitle:     200,
	colBodies:    200,
	colHousehold: 32,
	colPhone:     32,
	colIDCard:    32,
}

// textProblem says what is wrong with a cell or field's text, "" when nothing: a control
// character (none belongs in a roster: NUL, tabs, line breaks, escapes), or more than max
// characters.
func textProblem(s string, max int) string {
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Sprintf("里有看不见的控制字符（%s）", controlName(r))
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Sprintf("有 %d 个字，最多 %d 个字", n, max)
	}
	return ""
}

// controlName names a control character the way a user can look it up.
func controlName(r rune) string {
	switch r {
	case 0:
		return "NUL"
	case '\t':
		return "制表符"
	case '\n', '\r':
		return "换行"
	}
	return fmt.Sprintf("U+%04X", r)
}

// rosterHeaderHint is the header row a roster should have, for error messages.
const rosterHeaderHint = "姓名,性别,职务,所属组织,户号,联系电话,身份证号"

// RosterRow is one person read from a roster file, with the line of the file the row starts on.
type RosterRow struct {
	Line   int
	Person Person
}

// ParseRoster reads a roster CSV as ReadRoster does and returns its people alone.
func ParseRoster(data []byte) ([]Person, error) {
	rows, err := ReadRoster(data)
	if err != nil {
		return nil, err
	}
	people := make([]Person, len(rows))
	for i, r := range rows {
		people[i] = r.Person
	}
	return people, nil
}

// ReadRoster reads a roster CSV as Excel exports it: UTF-8 (with or without a byte-order mark)
// or GBK/GB18030, LF or CRLF line ends, a header row naming the columns in any order. Only 姓名
// is required. 所属组织 lists bodies separated by ';', '；' or '、'. A cell holding a control
// character, or longer than any real roster's (RosterLimits), is refused.
//
// Every row is checked, and every bad row is reported at once, each by its line number in the
// file; when any row is bad no rows are returned. People come back with ID and VillageID zero.
func ReadRoster(data []byte) ([]RosterRow, error) {
	text, err := rosterText(data)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1 // column counts are checked here, row by row
	r.LazyQuotes = true

	header, err := r.Read()
	if err == io.EOF {
		return nil, errors.New("名册文件是空的，请检查是否选对了文件")
	}
	if err != nil {
		return nil, csvError(err)
	}
	cols, err := rosterColumns(header)
	if err != nil {
		return nil, err
	}

	var (
		people []RosterRow
		errs   []error
		idLine = map[string]int{} // ID card number → line it first appeared on
	)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(err))
			break
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) != len(header) {
			errs = append(errs, fmt.Errorf("第 %d 行：有 %d 列，表头有 %d 列；请检查这一行是否多了或少了逗号", line, len(rec), len(header)))
			continue
		}
		p, rowErrs := rosterRow(rec, cols)
		for _, e := range rowErrs {
			errs = append(errs, fmt.Errorf("第 %d 行：%s", line, e))
		}
		if p.IDCard != "" && ValidIDCard(p.IDCard) {
			if first, ok := idLine[p.IDCard]; ok {
				errs = append(errs, fmt.Errorf("第 %d 行：身份证号「%s」与第 %d 行重复，请核对", line, p.IDCard, first))
			} else {
				idLine[p.IDCard] = line
			}
		}
		people = append(people, RosterRow{Line: line, Person: p})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(people) == 0 {
		return nil, errors.New("名册里只有表头，没有人员；请检查文件")
	}
	return people, nil
}

// rosterText returns the file's text in UTF-8, without a byte-order mark.
func rosterText(data []byte) (string, error) {
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return "", errors.New("这个文件是 UTF-16 编码（Excel 的「Unicode 文本」），请在 Excel 里另存为「CSV UTF-8（逗号分隔）」或「CSV（逗号分隔）」后再导入")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", errors.New("名册文件的编码认不出来（既不是 UTF-8 也不是 GBK），请在 Excel 里另存为「CSV UTF-8」后再导入")
	}
	return string(out), nil
}

// rosterColumns finds each known column's index in the header row.
func rosterColumns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	var unknown []string
	for i, h := range header {
		h = cleanCell(h)
		if h == "" {
			continue
		}
		col, ok := rosterHeaders[h]
		if !ok {
			unknown = append(unknown, h)
			continue
		}
		if _, dup := cols[col]; dup {
			return nil, fmt.Errorf("第 1 行：表头里「%s」一列出现了两次，请删掉多余的一列", col)
		}
		cols[col] = i
	}
	if _, ok := cols[colName]; !ok {
		msg := "第 1 行：表头里没有「姓名」一列；名册第一行应是列名，如：" + rosterHeaderHint
		if len(unknown) > 0 {
			msg += "（现有列名：" + strings.Join(unknown, "、") + "）"
		}
		return nil, errors.New(msg)
	}
	return cols, nil
}

// rosterRow reads one person from a row, with what is wrong with it.
func rosterRow(rec []string, cols map[string]int) (Person, []string) {
	var bad []string
	// A cell with a control character or too long is reported once, and read as blank so that
	// no other message repeats it.
	refused := map[string]bool{}
	cell := func(col string) string {
		i, ok := cols[col]
		if !ok {
			return ""
		}
		c := cleanCell(rec[i])
		if msg := textProblem(c, RosterLimits[col]); msg != "" {
			if !refused[col] {
				bad = append(bad, "「"+col+"」一列"+msg+"，请改正后再导入")
				refused[col] = true
			}
			return ""
		}
		return c
	}
	p := Person{
		Name:      cell(colName),
		Title:     cell(colTitle),
		Household: cell(colHousehold),
	}
	if p.Name == "" && !refused[colName] {
		bad = append(bad, "姓名是空的，请填写")
	}

	switch g := cell(colGender); g {
	case "", "男", "女":
		p.Gender = g
	case "男性":
		p.Gender = "男"
	case "女性":
		p.Gender = "女"
	default:
		bad = append(bad, fmt.Sprintf("性别「%s」请写「男」或「女」", g))
	}

	if ph := cell(colPhone); ph != "" {
		p.Phone = NormalPhone(ph)
		if !ValidPhone(p.Phone) {
			bad = append(bad, fmt.Sprintf("联系电话「%s」不是以 1 开头的 11 位手机号，请核对", ph))
		}
	}

	if id := cell(colIDCard); id != "" {
		p.IDCard = NormalIDCard(id)
		switch {
		case strings.Contains(p.IDCard, "E+"):
			bad = append(bad, fmt.Sprintf("身份证号「%s」被 Excel 变成了科学计数法；请把这一列设为「文本」格式、重新填入号码后再导出", id))
		case utf8.RuneCountInString(p.IDCard) != 18:
			bad = append(bad, fmt.Sprintf("身份证号「%s」不是 18 位，请核对", id))
		case !idDigits(p.IDCard):
			bad = append(bad, fmt.Sprintf("身份证号「%s」只能由数字组成（最后一位可以是 X），请核对", id))
		case !ValidIDCard(p.IDCard):
			bad = append(bad, fmt.Sprintf("身份证号「%s」校验位不对，请核对", id))
		}
	}

	bodies, unknown := splitBodies(cell(colBodies))
	for _, u := range unknown {
		bad = append(bad, fmt.Sprintf("所属组织「%s」认不出来，可填：党支部委员会、村民委员会、党员、预备党员、村民代表、村务监督委员会，多个用分号隔开", u))
	}
	probationary := strings.Contains(p.Title, "预备党员")
	for _, b := range bodies {
		m := Membership{Body: b.body, Role: roleFor(b.body, p.Title)}
		if b.body == PartyAssembly && (b.probationary || probationary) {
			m.Probationary = true
		}
		p.Memberships = append(p.Memberships, m)
	}
	return p, bad
}

type rosterBody struct {
	body         Body
	probationary bool
}

// splitBodies reads a 所属组织 cell: body names separated by ';', '；' or '、'. Each body is
// listed once, in the order given; names not known are returned apart.
func splitBodies(s string) (bodies []rosterBody, unknown []string) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '、' })
	seen := map[Body]bool{}
	for _, part := range parts {
		name := cleanCell(part)
		if name == "" {
			continue
		}
		b, ok := RosterBodies[name]
		prob := false
		if !ok && name == "预备党员" {
			b, ok, prob = PartyAssembly, true, true
		}
		if !ok {
			unknown = append(unknown, name)
			continue
		}
		if seen[b] {
			continue
		}
		seen[b] = true
		bodies = append(bodies, rosterBody{b, prob})
	}
	return bodies, unknown
}

// roleFor picks from a roster's 职务 the post that belongs to body b: 党支部书记 for the branch
// committee, 村委会主任 for the villagers' committee. It returns "" when none fits.
func roleFor(b Body, title string) string {
	var fits func(string) bool
	switch b {
	case BranchCommittee:
		fits = func(t string) bool {
			return strings.Contains(t, "书记") || strings.HasPrefix(t, "党支部委员") ||
				strings.HasPrefix(t, "党总支委员") || strings.HasPrefix(t, "支委")
		}
	case VillagersCommittee:
		fits = func(t string) bool {
			return (strings.Contains(t, "村委会") || strings.Contains(t, "村民委员会")) && !strings.Contains(t, "监督")
		}
	case Supervisory:
		fits = func(t string) bool { return strings.Contains(t, "监督委员会") || strings.Contains(t, "监委会") }
	default:
		return ""
	}
	for _, t := range strings.FieldsFunc(title, func(r rune) bool {
		return r == '、' || r == ';' || r == '；' || r == ',' || r == '，' || r == '/'
	}) {
		if t = cleanCell(t); t != "" && fits(t) {
			return t
		}
	}
	return ""
}

// cleanCell trims white space of every kind (full-width and no-break spaces, and line breaks a
// quoted cell may hold) and a stray byte-order mark from a cell.
func cleanCell(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' })
}

func blank(rec []string) bool {
	for _, c := range rec {
		if cleanCell(c) != "" {
			return false
		}
	}
	return true
}

// NormalPhone drops the spaces (ASCII and full-width), dashes and +86 prefix people write into
// phone numbers: the number as the roster keeps it and compares it.
func NormalPhone(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
	if strings.HasPrefix(s, "+86") {
		s = s[3:]
	}
	return s
}

// NormalIDCard upper-cases a resident ID number (a typed x check character) and drops the
// spaces people write into it: the number as the roster keeps it and compares it.
func NormalIDCard(s string) string {
	return strings.ToUpper(strings.ReplaceAll(s, " ", ""))
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("第 %d 行：引号没有配对，文件读不下去了；请在 Excel 里检查这一行后重新导出", pe.StartLine)
	}
	return fmt.Errorf("名册文件读不下去了：%w", err)
}

func idDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' || i == 17 && (c == 'X' || c == 'x') {
			continue
		}
		return false
	}
	return true
}

// idWeights are the ISO 7064 MOD 11-2 weights of the first 17 digits of a resident ID number
// (GB 11643-1999); idCheck maps the weighted sum mod 11 to the check character.
var (
	idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	idCheck   = "10X98765432"
)

// ValidIDCard reports whether s is an 18-character resident ID number whose last character is
// the right ISO 7064 MOD 11-2 check character ('X' or 'x' for ten).
func ValidIDCard(s string) bool {
	if len(s) != 18 || !idDigits(s) {
		return false
	}
	sum := 0
	for i, w := range idWeights {
		sum += int(s[i]-'0') * w
	}
	last := s[17]
	if last == 'x' {
		last = 'X'
	}
	return idCheck[sum%11] == last
}

// ValidPhone reports whether s is a mainland mobile number: 11 digits starting with 1.
func ValidPhone(s string) bool {
	if len(s) != 11 || s[0] != '1' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// NameProblem says what is wrong with a name typed at a meeting for someone not on the roster
// (a speaker, a villager named as come, an observer), or "" when nothing is: the roster's rule
// for names (RosterLimits). Records already kept are not held to it, so an older archive always
// imports; a new name is.
func NameProblem(name string) string {
	if msg := textProblem(name, RosterLimits[colName]); msg != "" {
		return "名字" + msg + "：请只写姓名"
	}
	return ""
}
