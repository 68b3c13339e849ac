package meeting

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustParse(t *testing.T, data []byte) []Person {
	t.Helper()
	ps, err := ParseRoster(data)
	if err != nil {
		t.Fatalf("ParseRoster: %v", err)
	}
	return ps
}

const rosterHead = "姓名,性别,职务,所属组织,户号,联系电话,身份证号\n"

func TestParseRosterFixtures(t *testing.T) {
	utf := mustParse(t, readFixture(t, "roster-abei.csv"))
	gbkData := readFixture(t, "roster-abei-gbk.csv")
	if !bytes.Contains(gbkData, []byte("\r\n")) {
		t.Fatal("the GBK fixture should have CRLF line ends")
	}
	gbk := mustParse(t, gbkData)
	if !reflect.DeepEqual(utf, gbk) {
		t.Fatalf("UTF-8 and GBK rosters differ:\n%v\n%v", utf, gbk)
	}
	if len(utf) != 45 {
		t.Fatalf("got %d people, want 45", len(utf))
	}
	counts := map[Body]int{}
	for _, p := range utf {
		if p.ID != 0 || p.VillageID != 0 {
			t.Errorf("%s: ID %d, VillageID %d; want zero", p.Name, p.ID, p.VillageID)
		}
		for _, m := range p.Memberships {
			counts[m.Body]++
		}
	}
	want := map[Body]int{BranchCommittee: 3, VillagersCommittee: 3, PartyAssembly: 21, RepresentativeAssembly: 29, Supervisory: 3}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("members per body: got %v, want %v", counts, want)
	}

	byName := map[string]Person{}
	for _, p := range utf {
		byName[p.Name] = p
	}
	he := byName["何晓宇"]
	if he.Household != "" || !he.In(PartyAssembly) || he.Gender != "女" {
		t.Errorf("何晓宇: %+v", he)
	}
	jin := byName["金昌义"]
	wantJin := Person{Name: "金昌义", Gender: "男", Title: "党支部书记、村委会主任", Household: "1",
		Phone: "15089450837", IDCard: "230381199310129394", Memberships: []Membership{
			{Body: BranchCommittee, Role: "党支部书记"},
			{Body: VillagersCommittee, Role: "村委会主任"},
			{Body: PartyAssembly},
		}}
	if !reflect.DeepEqual(jin, wantJin) {
		t.Errorf("金昌义:\n got %+v\nwant %+v", jin, wantJin)
	}
	if r := byName["董建国"].Memberships[0]; r.Body != Supervisory || r.Role != "村务监督委员会主任" {
		t.Errorf("董建国: %+v", r)
	}
	if got := byName["李桂君"].IDCard; got != "23038119690612390X" {
		t.Errorf("李桂君 ID card %q", got)
	}
}

func TestParseRosterForms(t *testing.T) {
	want := []Person{
		{Name: "张三", Gender: "男", Title: "党支部书记", Household: "1", Phone: "13800138000",
			IDCard: "11010519491231002X", Memberships: []Membership{{Body: BranchCommittee, Role: "党支部书记"}, {Body: PartyAssembly}}},
		{Name: "李四", Gender: "女", Household: "2", Memberships: []Membership{{Body: RepresentativeAssembly}}},
	}
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	plain := rosterHead +
		"张三,男,党支部书记,党支部委员会;党员,1,13800138000,11010519491231002X\n" +
		"李四,女,,村民代表,2,,\n"
	crlf := strings.ReplaceAll(plain, "\n", "\r\n")
	cases := []struct {
		name string
		data []byte
	}{
		{"utf-8", []byte(plain)},
		{"bom", append([]byte("\xef\xbb\xbf"), plain...)},
		{"crlf", []byte(crlf)},
		{"bom crlf", append([]byte("\xef\xbb\xbf"), crlf...)},
		{"gbk crlf", gbk(crlf)},
		{"no final newline", []byte(strings.TrimSuffix(plain, "\n"))},
		{"blank lines", []byte(rosterHead + "\n张三,男,党支部书记,党支部委员会;党员,1,13800138000,11010519491231002X\n,,,,,,\n李四,女,,村民代表,2,,\n\n")},
		{"reordered columns", []byte("身份证号,姓名,所属组织,联系电话,户号,职务,性别\n" +
			"11010519491231002X,张三,党支部委员会；党员,13800138000,1,党支部书记,男\n" +
			",李四,村民代表,,2,,女\n")},
		{"synonyms and separators", []byte("名字,性别,职务,组织,户号,手机号,身份证号码\n" +
			"张三,男,党支部书记,党支部委员会、党员,1,138-0013-8000,11010519491231002x\n" +
			"李四,女性,,村民代表;,2,,\n")},
		{"quoted cells and spaces", []byte(rosterHead +
			"\" 张三 \",男,党支部书记,\"党支部委员会;党员\",1,+86 138 0013 8000,11010519491231002X\n" +
			"李四,女,,村民代表,2,,\n")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := mustParse(t, c.data)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestParseRosterOnlyName(t *testing.T) {
	got := mustParse(t, []byte("姓名\n王五\n赵六\n"))
	if len(got) != 2 || got[0].Name != "王五" || got[1].Name != "赵六" || got[0].Memberships != nil {
		t.Errorf("got %+v", got)
	}
}

func TestParseRosterProbationary(t *testing.T) {
	got := mustParse(t, []byte(rosterHead+"王五,男,预备党员,预备党员,1,,\n赵六,男,,党员,2,,\n"))
	if m := got[0].Memberships; len(m) != 1 || m[0].Body != PartyAssembly || !m[0].Probationary {
		t.Errorf("王五: %+v", m)
	}
	if m := got[1].Memberships; len(m) != 1 || m[0].Probationary {
		t.Errorf("赵六: %+v", m)
	}
}

func TestParseRosterBadRows(t *testing.T) {
	cases := []struct {
		name string
		data string
		want []string // every one must appear in the error, in this order
	}{
		{"bad check digit", rosterHead +
			"张三,男,,党员,1,13800138000,110105194912310021\n",
			[]string{"第 2 行：身份证号「110105194912310021」校验位不对，请核对"}},
		{"wrong column count", rosterHead +
			"张三,男,,党员,1,13800138000\n" +
			"李四,女,,党员,2,13800138001,,多余\n",
			[]string{"第 2 行：有 6 列，表头有 7 列", "第 3 行：有 8 列，表头有 7 列"}},
		{"empty name", rosterHead + " ,男,,党员,1,,\n", []string{"第 2 行：姓名是空的"}},
		{"phone", rosterHead +
			"张三,男,,,1,1380013800,\n" +
			"李四,男,,,1,23800138000,\n" +
			"王五,男,,,1,1380013800a,\n",
			[]string{"第 2 行：联系电话「1380013800」", "第 3 行：联系电话「23800138000」", "第 4 行：联系电话「1380013800a」"}},
		{"id length", rosterHead +
			"张三,男,,,1,,11010519491231002\n" +
			"李四,男,,,1,,1101051949123100200\n",
			[]string{"第 2 行：身份证号「11010519491231002」不是 18 位", "第 3 行：身份证号「1101051949123100200」不是 18 位"}},
		{"id characters", rosterHead + "张三,男,,,1,,1101051949123100X2\n", []string{"第 2 行：身份证号「1101051949123100X2」只能由数字组成"}},
		{"id scientific", rosterHead + "张三,男,,,1,,2.30381E+17\n", []string{"第 2 行：身份证号「2.30381E+17」被 Excel 变成了科学计数法"}},
		{"duplicate id", rosterHead +
			"张三,男,,,1,,11010519491231002X\n" +
			"李四,男,,,2,,110105194912310011\n" +
			"王五,男,,,3,,11010519491231002x\n",
			[]string{"第 4 行：身份证号「11010519491231002X」与第 2 行重复"}},
		{"unknown body", rosterHead + "张三,男,,党员;老年协会,1,,\n", []string{"第 2 行：所属组织「老年协会」认不出来"}},
		{"gender", rosterHead + "张三,未知,,,1,,\n", []string{"第 2 行：性别「未知」"}},
		{"several bad rows in one file", rosterHead +
			"张三,男,,党员,1,13800138000,11010519491231002X\n" +
			",男,,党员,2,,\n" +
			"李四,男,,党员,3,13800138000,110105194912310012\n" +
			"王五,男,,党员,4\n" +
			"赵六,男,,村委,5,12345,\n",
			[]string{"第 3 行：姓名是空的", "第 4 行：身份证号「110105194912310012」校验位不对",
				"第 5 行：有 5 列", "第 6 行：联系电话「12345」", "第 6 行：所属组织「村委」认不出来"}},
		{"line numbers after quoted newline", rosterHead +
			"\"张\n三\",男,,,1,,\n" +
			"李四,男,,,2,123,\n",
			[]string{"第 4 行：联系电话「123」"}},
		{"crlf line numbers", strings.ReplaceAll(rosterHead+"张三,男,,,1,,\n\n李四,男,,,2,123,\n", "\n", "\r\n"),
			[]string{"第 4 行：联系电话「123」"}},
		{"no name column", "名称,性别\n张三,男\n", []string{"第 1 行：表头里没有「姓名」一列", "名称"}},
		{"duplicate column", "姓名,电话,手机号\n张三,13800138000,13800138000\n", []string{"「联系电话」一列出现了两次"}},
		{"empty file", "", []string{"名册文件是空的"}},
		{"utf-16", "\xff\xfe\xd3\x59\x0d\x54\n\x00", []string{"UTF-16", "CSV UTF-8"}},
		{"header only", rosterHead, []string{"只有表头"}},
		{"bom header only", "\xef\xbb\xbf" + rosterHead, []string{"只有表头"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps, err := ParseRoster([]byte(c.data))
			if err == nil {
				t.Fatalf("no error; got %d people", len(ps))
			}
			if ps != nil {
				t.Errorf("got %d people with an error; want none", len(ps))
			}
			msg := err.Error()
			rest := msg
			for _, w := range c.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("error lacks %q (in order):\n%s", w, msg)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

func TestParseRosterErrorsJoined(t *testing.T) {
	_, err := ParseRoster([]byte(rosterHead + ",男,,,1,,\n,女,,,2,,\n张三,男,,,3,1,\n"))
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		t.Fatalf("error is not joined: %v", err)
	}
	if n := len(joined.Unwrap()); n != 3 {
		t.Errorf("got %d errors, want 3: %v", n, err)
	}
}

func TestValidIDCard(t *testing.T) {
	cases := []struct {
		id   string
		want bool
	}{
		{"11010519491231002X", true}, // check value 10 is written X
		{"11010519491231002x", true},
		{"110105194912310011", true}, // check value 1
		{"110105194912310070", true}, // check value 0
		{"110105194912310003", true},
		{"23038119690612390X", true},
		{"230381199310129394", true},
		{"110105194912310020", false}, // X written as 0
		{"110105194912310021", false},
		{"11010519491231001X", false}, // X where 1 belongs
		{"110105194912310010", false},
		{"110105194912310071", false},
		{"11010519491231007X", false},
		{"11010519491231002", false},   // 17
		{"11010519491231002XX", false}, // 19
		{"1101051949123100X2", false},  // X not last
		{"X10105194912310023", false},
		{"11010519491231002Y", false},
		{"１１０１０５１９４９１２３１００２Ｘ", false}, // full-width digits
		{"", false},
	}
	for _, c := range cases {
		if got := ValidIDCard(c.id); got != c.want {
			t.Errorf("ValidIDCard(%q) = %v, want %v", c.id, got, c.want)
		}
	}
}

func TestValidPhone(t *testing.T) {
	cases := []struct {
		phone string
		want  bool
	}{
		{"13800138000", true},
		{"19721464720", true},
		{"1380013800", false},
		{"138001380001", false},
		{"23800138000", false},
		{"1380013800a", false},
		{"138 0013 800", false},
		{"", false},
	}
	for _, c := range cases {
		if got := ValidPhone(c.phone); got != c.want {
			t.Errorf("ValidPhone(%q) = %v, want %v", c.phone, got, c.want)
		}
	}
}
