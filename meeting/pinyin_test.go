package meeting

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestInitials(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"金昌义", []string{"jcy"}},
		{"何晓宇", []string{"hxy"}},
		{"张三", []string{"zs"}},
		// The surname under every reading; 强 also reads jiàng, so the given name adds cgj and
		// zgj after the common spellings.
		{"曾国强", []string{"cgq", "zgq", "cgj", "zgj"}},
		// 长 is zhǎng first, cháng second: both spellings of the given name, under each
		// reading of 单.
		{"单长林", []string{"dzl", "czl", "szl", "dcl", "ccl", "scl"}},
		// 吕 is lv (ü written v); 红 also reads gōng.
		{"吕小红", []string{"lxh", "lxg"}},
		// Latin letters are kept, lowercased; other characters are dropped. go-pinyin gives
		// 王 a second reading, yù, and the surname is indexed under it too.
		{"王A", []string{"wa", "ya"}},
		{"Tom", []string{"tom"}},
		{"李 Tom", []string{"ltom"}},
		{" 刘 燕 ", []string{"ly"}},
		{"", nil},
		{"123", nil},
	}
	for _, tt := range tests {
		if got := Initials(tt.name); !slices.Equal(got, tt.want) {
			t.Errorf("Initials(%q) = %q; want %q", tt.name, got, tt.want)
		}
	}
}

// TestInitialsSurnames holds every surname with more than one reading to each of its initials.
func TestInitialsSurnames(t *testing.T) {
	tests := []struct {
		surname string
		want    string // the initials the surname must be found under
	}{
		{"曾", "cz"}, {"单", "sdc"}, {"解", "xj"}, {"仇", "qc"}, {"区", "oq"}, {"查", "zc"},
		{"朴", "p"}, {"盖", "g"}, {"缪", "m"}, {"尉", "yw"}, {"乐", "ly"}, {"翟", "zd"},
		{"召", "sz"}, {"覃", "qt"}, {"隗", "wk"},
		// From the table of readings go-pinyin lacks.
		{"费", "fb"}, {"谌", "cs"}, {"黑", "h"},
	}
	for _, tt := range tests {
		got := Initials(tt.surname + "林")
		for _, c := range tt.want {
			if !slices.Contains(got, string(c)+"l") {
				t.Errorf("Initials(%s林) = %q; want %sl among them", tt.surname, got, string(c))
			}
		}
	}
}

// TestInitialsCapped checks that a name whose characters all have many readings stays within
// the cap, and keeps the most common spelling first and every reading of the surname.
func TestInitialsCapped(t *testing.T) {
	for _, name := range []string{"单长长长长长长", "曾朝重乐行长", "阿依古丽·买买提"} {
		for _, f := range []func(string) []string{Initials, FullPinyin} {
			got := f(name)
			if len(got) == 0 || len(got) > maxSpellings {
				t.Errorf("%s: %d spellings; want 1 to %d", name, len(got), maxSpellings)
			}
		}
	}
	got := Initials("单长长长长长长")
	if got[0] != "dzzzzzz" {
		t.Errorf("first spelling %q; want the most common readings, dzzzzzz", got[0])
	}
	for _, want := range []string{"dzzzzzz", "czzzzzz", "szzzzzz"} {
		if !slices.Contains(got, want) {
			t.Errorf("Initials(单长长长长长长) = %q lacks %s", got, want)
		}
	}
	// Seven characters with two readings or more: the cap stops the given-name readings at
	// 16 combinations; the dot is dropped.
	got = Initials("阿依古丽·买买提")
	if len(got) != maxSpellings || got[0] != "ayglmmt" || !slices.Contains(got, "eyglmmt") {
		t.Errorf("Initials(阿依古丽·买买提) = %q", got)
	}
	if full := FullPinyin("金昌义"); !slices.Equal(full, []string{"jinchangyi"}) {
		t.Errorf("FullPinyin(金昌义) = %q", full)
	}
}

// abeiRoster is the roster of 阿北村 from the fixture, with IDs 1, 2, 3 … in roster order.
func abeiRoster(t testing.TB) []Person {
	t.Helper()
	data, err := os.ReadFile("testdata/roster-abei.csv")
	if err != nil {
		t.Fatal(err)
	}
	ps, err := ParseRoster(data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ps {
		ps[i].ID = ID(i + 1)
	}
	return ps
}

func names(ps []Person) string {
	var ns []string
	for _, p := range ps {
		ns = append(ns, p.Name)
	}
	return strings.Join(ns, " ")
}

func TestSearch(t *testing.T) {
	roster := abeiRoster(t)
	// Villagers remembered from earlier meetings are found too.
	roster = append(roster,
		Person{ID: 100, Name: "晓明", Guest: true},
		Person{ID: 101, Name: "曾国强", Guest: true},
		Person{ID: 102, Name: "金", Guest: true},
		Person{ID: 103, Name: "赖明", Guest: true},
		Person{ID: 104, Name: "李安", Guest: true},
	)
	tests := []struct {
		query string
		want  string // names, best first
	}{
		{"jcy", "金昌义"},
		{"JCY", "金昌义"},
		{"  jcy  ", "金昌义"},
		{"HXY", "何晓宇"},
		{"dcl", "单长林"},
		{"scl", "单长林"},
		{"jxm", "解雪梅"},
		{"cgq", "曾国强"},
		{"zgq", "曾国强"},
		// Roster order within a rank: 侯晓春 is row 2, 何晓宇 row 7, 刘晓燕 row 8; 晓明
		// starts with the query, a better rank, though it comes last in the roster.
		{"晓", "晓明 侯晓春 何晓宇 刘晓燕"},
		// The exact name first, then names starting with the query, then names containing it.
		{"金", "金 金昌义 金秀英 马金凤 沈金凤"},
		{"金凤", "马金凤 沈金凤"},
		{"单长林", "单长林"},
		// Initials before full pinyin: jc is the start of 金昌义's initials; jinc and
		// jinchang only of its full pinyin.
		{"jinc", "金昌义"},
		{"jinchang", "金昌义"},
		{"jinchangyi", "金昌义"},
		{"jin chang", "金昌义"},
		{"jinx", "金秀英"},
		// 萧雪梅 is xxm as well.
		{"xxm", "解雪梅 萧雪梅"},
		{"jx", "解雪梅 金秀英"},
		// Initials (李安: la) rank before full pinyin (赖明: laiming), whatever the order.
		{"la", "李安 赖明"},
		// No initials start with ji: full pinyin, in roster order (夏 as a surname is jiǎ too).
		{"ji", "金昌义 解雪梅 姜长林 夏玉梅 金秀英 金"},
		{"", ""},
		{"   ", ""},
		{"王", ""},
		{"qqq", ""},
		{"j1", ""},
	}
	for _, tt := range tests {
		got := Search(roster, tt.query)
		if names(got) != tt.want {
			t.Errorf("Search(%q) = [%s]; want [%s]", tt.query, names(got), tt.want)
		}
		if tt.want == "" && got != nil {
			t.Errorf("Search(%q) = %#v; want nil", tt.query, got)
		}
	}
}

// TestSearchIndex checks that an index searched many times answers as Search does, and keeps
// its own copy of the roster.
func TestSearchIndex(t *testing.T) {
	roster := abeiRoster(t)
	x := NewIndex(roster)
	for _, q := range []string{"jcy", "晓", "金", "ji", "l", "春燕", "c"} {
		a, b := x.Search(q), Search(roster, q)
		if names(a) != names(b) {
			t.Errorf("Index.Search(%q) = [%s]; Search = [%s]", q, names(a), names(b))
		}
	}
	roster[0].Name = "改了名"
	if got := x.Search("jcy"); names(got) != "金昌义" {
		t.Errorf("after the caller's slice changed: [%s]", names(got))
	}
	if got := NewIndex(nil).Search("j"); got != nil {
		t.Errorf("empty index: %v", got)
	}
}

// benchRoster is a roster of 60: the 45 of 阿北村 and 15 guests.
func benchRoster(b *testing.B) []Person {
	ps := abeiRoster(b)
	for i := range 15 {
		ps = append(ps, Person{ID: ID(len(ps) + 1), Name: fmt.Sprintf("%s%s", []string{"曾", "单", "解", "仇", "区"}[i%5], []string{"国强", "长林", "雪梅"}[i%3]), Guest: true})
	}
	if len(ps) != 60 {
		b.Fatalf("%d people", len(ps))
	}
	return ps
}

// BenchmarkSearch measures a search on every keystroke over a roster of 60, through an Index
// built once: the queries a recorder types letter by letter.
func BenchmarkSearch(b *testing.B) {
	x := NewIndex(benchRoster(b))
	queries := []string{"j", "jc", "jcy", "晓", "liu", "单长"}
	i := 0
	for b.Loop() {
		x.Search(queries[i%len(queries)])
		i++
	}
}

// BenchmarkSearchUnindexed is the same through the func Search, which works out every spelling
// on each call.
func BenchmarkSearchUnindexed(b *testing.B) {
	ps := benchRoster(b)
	queries := []string{"j", "jc", "jcy", "晓", "liu", "单长"}
	i := 0
	for b.Loop() {
		Search(ps, queries[i%len(queries)])
		i++
	}
}

// BenchmarkNewIndex measures indexing a roster of 60.
func BenchmarkNewIndex(b *testing.B) {
	ps := benchRoster(b)
	for b.Loop() {
		NewIndex(ps)
	}
}

func TestMatchPinyin(t *testing.T) {
	for _, c := range []struct {
		name, query string
		want        PinyinMatch
	}{
		{"金昌义", "jcy", PinyinInitials},
		{"金昌义", "JC", PinyinInitials},
		{"金昌义", "jinchang", PinyinFull},
		{"金昌义", "jin chang", PinyinFull},
		{"单文华", "swh", PinyinInitials}, // 单 reads shan as a surname
		{"单文华", "dwh", PinyinInitials},
		{"金昌义", "cy", PinyinNone}, // a prefix, not anywhere
		{"金昌义", "金", PinyinNone},  // not Latin: the name search's business
		{"金昌义", "", PinyinNone},
	} {
		if got := MatchPinyin(c.name, LatinQuery(c.query)); got != c.want {
			t.Errorf("MatchPinyin(%s, %q) = %d; want %d", c.name, c.query, got, c.want)
		}
	}
}
