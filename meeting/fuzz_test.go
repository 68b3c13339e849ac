package meeting

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

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

// TestParseRosterHugeField reads fields of megabytes, which are too large to fuzz quickly: the
// fuzzer spends its time shrinking them.
func TestParseRosterHugeField(t *testing.T) {
	name := strings.Repeat("长", 1<<20)
	people, err := ParseRoster([]byte("姓名,户号\r\n" + name + ",\"" + strings.Repeat("1,\n", 1<<18) + "\"\r\n"))
	if err != nil || len(people) != 1 || people[0].Name != name {
		t.Fatalf("%d people, %v", len(people), err)
	}
	// Quotes are read lazily: an unclosed one runs to the end of the file, as Excel would.
	if people, err := ParseRoster([]byte("姓名\n\"" + name)); err != nil || people[0].Name != name {
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
