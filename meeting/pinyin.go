package meeting

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// maxSpellings caps how many spellings of one name are indexed: every reading of the surname is
// always kept, and the other readings of given-name characters are added, left to right, only
// while the number of combinations stays within it.
const maxSpellings = 16

// surnameReadings are readings a character has as a surname that go-pinyin's list for it lacks
// (its list already has, for instance, 曾 zeng, 单 shan, 解 xie, 仇 qiu, 区 ou, 查 zha, 朴 piao,
// 盖 ge, 缪 miao, 尉 yu, 乐 yue, 翟 zhai, 召 shao, 覃 qin and 隗 wei; TestInitialsSurnames
// holds it to them).
var surnameReadings = map[rune][]string{
	'费': {"bi"},   // 费 Bì, beside Fèi
	'谌': {"shen"}, // 谌 Shèn, beside Chén
	'黑': {"he"},   // 黑 Hè
}

// heteronyms is how readings are asked of go-pinyin: every reading, without tones.
var heteronyms = pinyin.Args{Style: pinyin.Normal, Heteronym: true}

// readings returns the readings of one character of a name as lowercase ASCII, the most common
// first; a surname also gets the readings of surnameReadings. A letter is its own reading,
// lowercased; anything else has none.
func readings(r rune, surname bool) []string {
	if r < utf8.RuneSelf {
		if unicode.IsLetter(r) {
			return []string{string(unicode.ToLower(r))}
		}
		return nil
	}
	var out []string
	add := func(py string) {
		py = asciiLetters(py)
		if py == "" {
			return
		}
		for _, o := range out {
			if o == py {
				return
			}
		}
		out = append(out, py)
	}
	for _, py := range pinyin.SinglePinyin(r, heteronyms) {
		add(py)
	}
	if surname {
		for _, py := range surnameReadings[r] {
			add(py)
		}
	}
	return out
}

// asciiLetters keeps the lowercase ASCII letters of a reading: go-pinyin writes ü as v, and a few
// rare readings carry combining marks.
func asciiLetters(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, s)
}

// spellings returns the spellings of name: each character's readings cut by part (the whole
// reading, or its first letter), combined. The first character is the surname: all its
// readings count. A given-name character counts with its most common reading, and with its
// other readings too while the number of combinations stays within maxSpellings. The spelling
// of the most common readings comes first.
func spellings(name string, part func(string) string) []string {
	var choices [][]string
	total := 1
	first := true
	for _, r := range strings.TrimSpace(name) {
		rs := readings(r, first)
		if len(rs) == 0 {
			continue
		}
		var alts []string
		for _, py := range rs {
			p := part(py)
			dup := false
			for _, a := range alts {
				dup = dup || a == p
			}
			if !dup {
				alts = append(alts, p)
			}
		}
		if !first && total*len(alts) > maxSpellings {
			alts = alts[:1]
		}
		first = false
		total *= len(alts)
		choices = append(choices, alts)
	}
	if len(choices) == 0 {
		return nil
	}
	// Count through the combinations with the first character turning fastest, so that the
	// most common given-name readings come first, under every reading of the surname.
	out := make([]string, 0, total)
	idx := make([]int, len(choices))
	var b strings.Builder
	for {
		b.Reset()
		for i, c := range choices {
			b.WriteString(c[idx[i]])
		}
		s := b.String()
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
		i := 0
		for ; i < len(idx); i++ {
			idx[i]++
			if idx[i] < len(choices[i]) {
				break
			}
			idx[i] = 0
		}
		if i == len(idx) {
			return out
		}
	}
}

func firstLetter(py string) string { return py[:1] }

func whole(py string) string { return py }

// Initials returns every pinyin-initials spelling of a Chinese name, in lowercase ASCII: 金昌义
// gives jcy. The surname is spelled under each of its readings (曾国强: cgq and zgq; 单: s, d and
// c), given-name characters under their most common reading first, then their other readings
// as long as a name has at most 16 spellings. Latin letters are kept, lowercased; other
// characters are dropped.
func Initials(name string) []string { return spellings(name, firstLetter) }

// FullPinyin returns every spelling of a name in full pinyin without tones, as Initials does for
// initials: 金昌义 gives jinchangyi.
func FullPinyin(name string) []string { return spellings(name, whole) }

// Index finds people by what a recorder types: part of a name, its pinyin initials, or the start
// of its pinyin. It holds the spellings of every name, worked out once, so that searching on
// every keystroke is cheap. An Index is not changed by searching and is safe for concurrent use.
type Index struct {
	people   []Person
	initials [][]string
	full     [][]string
}

// NewIndex indexes people, in the order given (roster order).
func NewIndex(people []Person) *Index {
	x := &Index{people: slices.Clone(people), initials: make([][]string, len(people)), full: make([][]string, len(people))}
	for i, p := range people {
		x.initials[i] = Initials(p.Name)
		x.full[i] = FullPinyin(p.Name)
	}
	return x
}

// Search ranks of a match, best first.
const (
	rankExact = iota
	rankPrefix
	rankContains
	rankInitials
	rankPinyin
	ranks
)

// Search returns the people matching query, best first: the exact name; names starting with the
// query; names containing it; then, for a query of Latin letters (any case), names whose pinyin
// initials start with it (jcy: 金昌义), and names whose full pinyin starts with it (jinc: 金昌义).
// Within each rank people keep the index's order. Guests are searched like everyone else. An
// empty query finds nobody (nil).
func (x *Index) Search(query string) []Person {
	q := strings.TrimSpace(query)
	if q == "" {
		return nil
	}
	latin := LatinQuery(q)
	var buckets [ranks][]int
	n := 0
	for i := range x.people {
		name := x.people[i].Name
		rank := -1
		switch {
		case name == q:
			rank = rankExact
		case strings.HasPrefix(name, q):
			rank = rankPrefix
		case strings.Contains(name, q):
			rank = rankContains
		case latin == "":
		case anyPrefix(x.initials[i], latin):
			rank = rankInitials
		case anyPrefix(x.full[i], latin):
			rank = rankPinyin
		}
		if rank >= 0 {
			buckets[rank] = append(buckets[rank], i)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Person, 0, n)
	for _, b := range buckets {
		for _, i := range b {
			out = append(out, x.people[i])
		}
	}
	return out
}

// LatinQuery returns the query in lowercase ASCII letters, spaces and apostrophes (xi'an)
// dropped, or "" when it holds anything else: what is matched against pinyin.
func LatinQuery(q string) string {
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c == ' ' || c == '\'':
		default:
			return ""
		}
	}
	return b.String()
}

// PinyinMatch is how a Latin query finds a name.
type PinyinMatch int

// The ways a Latin query finds a name.
const (
	PinyinNone     PinyinMatch = iota
	PinyinInitials             // the start of the initials of a reading of the name: jcy
	PinyinFull                 // the start of the full pinyin of a reading: jinchang
)

// MatchPinyin says how latin (as LatinQuery gives it) finds name: by the start of the pinyin
// initials of one of its readings, else of the full pinyin, as Index.Search ranks them.
func MatchPinyin(name, latin string) PinyinMatch {
	switch {
	case latin == "":
	case anyPrefix(Initials(name), latin):
		return PinyinInitials
	case anyPrefix(FullPinyin(name), latin):
		return PinyinFull
	}
	return PinyinNone
}

func anyPrefix(spellings []string, q string) bool {
	for _, s := range spellings {
		if strings.HasPrefix(s, q) {
			return true
		}
	}
	return false
}

// Search returns the people matching query, best first, as Index.Search does. It works out the
// spellings of every name on each call: to search the same people on every keystroke, keep a
// NewIndex instead.
func Search(people []Person, query string) []Person {
	if strings.TrimSpace(query) == "" {
		return nil
	}
	return NewIndex(people).Search(query)
}
