package meeting

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The fuzz tests of hostile input. Plain `go test` replays their seeds and the corpus committed
// under testdata/fuzz/<name>/; `make soak` fuzzes each for minutes.

// FuzzParseRoster feeds ParseRoster any bytes: it must not panic, and when it returns people
// without an error, every one of them has a name and passes Person.Validate.
func FuzzParseRoster(f *testing.F) {
	for _, name := range []string{"roster-abei.csv", "roster-abei-gbk.csv"} {
		if b, err := os.ReadFile("testdata/" + name); err == nil {
			f.Add(b)
		}
	}
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	row := "金昌义,男,党支部书记、村委会主任,党支部委员会;村民委员会;党员,1,15089450837,230381199310129394\n"
	for _, s := range []string{
		"",
		rosterHead,
		rosterHead + row,
		"\xef\xbb\xbf" + rosterHead + row,
		strings.ReplaceAll(rosterHead+row, "\n", "\r\n"),
		rosterHead + "张三,男\n李四,女,,,,,,,\n",
		"姓名\n\"未闭合\n",
		"姓名,姓名\n张三,李四\n",
		"\xff\xfe姓\x00名\x00",
		"姓名,身份证号\n张三,2.30381E+17\n",
		"姓名,联系电话\n张三,+86 150-8945-0837\n",
		"姓名,所属组织\n张三,预备党员、村民代表；党员\n",
		"姓名\n\u00a0\n",
		"姓名\n\"\n\"\n",
		"名字,电话\n　王五　,13800138000\n",
		"姓名,户号\n" + strings.Repeat("长", 700) + ",\"" + strings.Repeat("1,", 300) + "\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Add(gbk(rosterHead + row))
	f.Add(append([]byte("\xef\xbb\xbf"), gbk("姓名,性别\r\n张三,男\r\n")...))
	f.Fuzz(func(t *testing.T, data []byte) {
		people, err := ParseRoster(data)
		if err != nil {
			if people != nil {
				t.Errorf("an error (%v) and %d people", err, len(people))
			}
			if err.Error() == "" {
				t.Error("an error without a message")
			}
			return
		}
		if len(people) == 0 {
			t.Fatal("no error and no people")
		}
		for i, p := range people {
			if strings.TrimSpace(p.Name) == "" {
				t.Errorf("person %d has no name: %q", i, p.Name)
			}
			if !utf8.ValidString(p.Name) {
				t.Errorf("person %d: name %q is not UTF-8", i, p.Name)
			}
			if err := p.Validate(); err != nil {
				t.Errorf("person %d (%q) fails Validate: %v", i, p.Name, err)
			}
		}
	})
}

// TestParseRosterHugeField reads fields of megabytes, which are too large to fuzz quickly (the
// fuzzer spends its time shrinking them): no roster has them, so they are refused, each by its
// line and column, and no people come back.
func TestParseRosterHugeField(t *testing.T) {
	name := strings.Repeat("长", 1<<20)
	people, err := ParseRoster([]byte("姓名,户号\r\n" + name + ",\"" + strings.Repeat("1,\n", 1<<18) + "\"\r\n"))
	if err == nil || len(people) != 0 {
		t.Fatalf("a megabyte name was read: %d people", len(people))
	}
	for _, want := range []string{"第 2 行：「姓名」一列有 1048576 个字，最多 32 个字", "第 2 行：「户号」一列"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("no %q in %v", want, err)
		}
	}
	// Quotes are read lazily: an unclosed one runs to the end of the file, as Excel would.
	if _, err := ParseRoster([]byte("姓名\n\"" + name)); err == nil || !strings.Contains(err.Error(), "「姓名」一列有") {
		t.Errorf("an unclosed quote around a huge field: %v", err)
	}
}

// FuzzSearch searches people named by the lines of names for query: Index.Search and Search must
// not panic, must agree, and must return only people of the index, each at most once.
func FuzzSearch(f *testing.F) {
	names := "金昌义\n侯晓春\n曾国强\n单田芳\n解放\n费翔\n谌龙\nZhang San\n张三\n张三丰"
	for _, q := range []string{"jcy", "jinc", "张", "张三", "cgq", "zgq", "s", "d", "xi'an", "ZHANG", " ", "", "曾", "费", "bx", "sd ", "\xff"} {
		f.Add(names, q)
	}
	f.Add("", "a")
	f.Add("\u00a0\n\n\t", "\t")
	f.Add("乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐", "yyyyy")
	f.Fuzz(func(t *testing.T, names, query string) {
		var people []Person
		for i, n := range strings.Split(names, "\n") {
			people = append(people, Person{ID: ID(i + 1), Name: n})
		}
		got := NewIndex(people).Search(query)
		if len(got) > len(people) {
			t.Fatalf("%d results from %d people", len(got), len(people))
		}
		seen := map[ID]bool{}
		for _, p := range got {
			if p.ID < 1 || int(p.ID) > len(people) || people[p.ID-1].Name != p.Name {
				t.Fatalf("result %+v is not one of the people", p)
			}
			if seen[p.ID] {
				t.Fatalf("%q found twice", p.Name)
			}
			seen[p.ID] = true
		}
		if strings.TrimSpace(query) == "" && got != nil {
			t.Errorf("an empty query found %d people", len(got))
		}
		again := Search(people, query)
		if len(again) != len(got) {
			t.Fatalf("Search found %d, Index.Search %d", len(again), len(got))
		}
		for i := range got {
			if again[i].ID != got[i].ID {
				t.Fatalf("Search and Index.Search differ at %d", i)
			}
		}
	})
}

// commonSpelling spells name the way the pinyin matcher is documented to, worked out here from
// go-pinyin itself: each character of the trimmed name under its most common reading (a Latin
// letter as itself, lowercased; a character without a reading dropped), as initials and in full.
func commonSpelling(name string) (initials, full string) {
	var in, fu strings.Builder
	for _, r := range strings.TrimSpace(name) {
		var py string
		switch {
		case r < utf8.RuneSelf:
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				py = strings.ToLower(string(r))
			}
		default:
			for _, p := range pinyin.SinglePinyin(r, pinyin.Args{Style: pinyin.Normal, Heteronym: true}) {
				if py = asciiLetters(p); py != "" {
					break
				}
			}
		}
		if py != "" {
			in.WriteByte(py[0])
			fu.WriteString(py)
		}
	}
	return in.String(), fu.String()
}

// upperASCII turns the ASCII letters of s to upper case and leaves everything else alone
// (strings.ToUpper would turn ß into SS, letters the matcher reads).
func upperASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// FuzzMatchPinyin holds the pinyin matcher to go-pinyin: every start of the initials of the most
// common reading of a name finds it by initials, every start of its full pinyin finds it, typed
// in either case and with spaces between syllables, through MatchPinyin and Index.Search alike.
// Any query: no panic, the same answer in either case of the query and of the name's Latin
// letters, and a match only for a query of Latin letters.
func FuzzMatchPinyin(f *testing.F) {
	for _, s := range [][2]string{
		{"金昌义", "jcy"}, {"金昌义", "JinChang"}, {"曾国强", "zgq"}, {"曾国强", "cgq"}, {"单田芳", "s"},
		{"解放", "xief"}, {"费翔", "bx"}, {"谌龙", "shen"}, {"仇晓", "qx"}, {"区志", "ouz"},
		{"乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐", "yyyyyyyy"}, {"行长重长", "hzzz"}, {"Zhang San 张三", "zhangsanzs"},
		{"欧阳·娜娜", "oyn"}, {"阿卜杜拉·买买提", "abdl"}, {"吕律", "lvlv"}, {"　王五　", "ww"},
		{"", "a"}, {"张三", ""}, {"张三", "zh'an"}, {"张三", "zhang san"}, {"张三", "ｚｓ"}, {"ß", "ss"},
		{"\xff\xfe金", "j"}, {"金\u0301", "jin"}, {"𠀀𪚥", "x"}, {"1号", "h"}, {"\x00张", "z"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, query string) {
		latin := LatinQuery(query)
		got := MatchPinyin(name, latin)
		if latin == "" && got != PinyinNone {
			t.Fatalf("%q: the query %q holds no Latin letters and matches by %d", name, query, got)
		}
		if again := MatchPinyin(name, LatinQuery(upperASCII(query))); again != got {
			t.Errorf("%q: %q matches by %d, in upper case by %d", name, query, got, again)
		}
		if again := MatchPinyin(upperASCII(name), latin); again != got {
			t.Errorf("%q: %q matches by %d, the name in upper case by %d", name, query, got, again)
		}
		if got != PinyinNone {
			for _, sp := range append(Initials(name), FullPinyin(name)...) {
				if sp != asciiLetters(sp) {
					t.Fatalf("%q: spelling %q is not lowercase ASCII letters", name, sp)
				}
			}
		}

		initials, full := commonSpelling(name)
		if is := Initials(name); initials != "" && (len(is) == 0 || is[0] != initials) {
			t.Fatalf("%q: initials %q, want %q first", name, is, initials)
		}
		if fs := FullPinyin(name); full != "" && (len(fs) == 0 || fs[0] != full) {
			t.Fatalf("%q: full pinyin %q, want %q first", name, fs, full)
		}
		ix := NewIndex([]Person{{ID: 1, Name: name}})
		for n := 1; n <= len(initials) && n <= 8; n++ {
			q := initials[:n]
			if m := MatchPinyin(name, q); m != PinyinInitials {
				t.Fatalf("%q: initials %q match by %d", name, q, m)
			}
			if m := MatchPinyin(name, LatinQuery(upperASCII(q))); m != PinyinInitials {
				t.Fatalf("%q: initials %q in upper case match by %d", name, upperASCII(q), m)
			}
		}
		for n := 1; n <= len(full) && n <= 24; n++ {
			q := full[:n]
			if m := MatchPinyin(name, q); m == PinyinNone {
				t.Fatalf("%q: the start %q of its pinyin %q does not match", name, q, full)
			}
			spaced := strings.Join(strings.Split(upperASCII(q), ""), " ")
			if r := ix.Search(spaced); len(r) != 1 {
				t.Fatalf("%q: Index.Search(%q) finds %d", name, spaced, len(r))
			}
		}
	})
}
