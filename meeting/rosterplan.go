package meeting

import (
	"errors"
	"fmt"
	"strings"
)

// RosterMode is how a roster file's row changes the person already in the archive it matches.
type RosterMode int

const (
	// RosterMerge keeps what the archive has wherever the file's cell is blank; a filled cell
	// replaces it. A re-import never loses what the file does not say.
	RosterMerge RosterMode = iota
	// RosterReplace replaces a matched person by the file's row as it stands: blank cells clear
	// the archive's posts, numbers and memberships.
	RosterReplace
)

// FieldChange is one field of one person that an import changes, as people read it: phone and
// ID-card numbers masked, a blank as （空）.
type FieldChange struct {
	Field, Before, After string
}

// PersonChange is one row of a roster file that adds or changes a person.
type PersonChange struct {
	Line   int    // the file's line
	Before Person // the archive's record; zero when the row adds a person
	After  Person // what will be written
	Fields []FieldChange
}

// CountChange is a body whose number of members an import changes.
type CountChange struct {
	Body          Body
	Before, After int
}

// RosterPlan is what importing a roster file into a village's roster would do, worked out
// before anything is written, so that it can be shown and confirmed.
type RosterPlan struct {
	Mode      RosterMode
	Added     []PersonChange
	Updated   []PersonChange
	Unchanged int // rows matching a person the archive already has as the row says
	Untouched int // roster members the file does not list: kept as they are
	Counts    []CountChange
}

// Empty reports whether the import changes nothing.
func (p RosterPlan) Empty() bool { return len(p.Added) == 0 && len(p.Updated) == 0 }

// Asks reports whether the import changes anyone the archive already has, and so must be
// confirmed: adding people alone loses nothing.
func (p RosterPlan) Asks() bool { return len(p.Updated) > 0 }

// People are the records to write: the updated people with their IDs, then the new ones with ID 0.
func (p RosterPlan) People() []Person {
	out := make([]Person, 0, len(p.Added)+len(p.Updated))
	for _, c := range p.Updated {
		out = append(out, c.After)
	}
	for _, c := range p.Added {
		out = append(out, c.After)
	}
	return out
}

// PlanRoster works out what importing rows into a roster holding existing does. A row is the
// person of the archive with the same ID-card number; else the one with the same name and
// household; else, when the row or the archive leaves the household blank, the one person of
// that name whose numbers do not contradict the row. A row matching nobody adds a person.
// Two rows matching one person, or a row that could be any of several, is an error naming the
// lines; nothing is planned then.
func PlanRoster(existing []Person, rows []RosterRow, mode RosterMode) (RosterPlan, error) {
	plan := RosterPlan{Mode: mode}
	byCard := map[string]int{}
	byName := map[string][]int{}
	for i, p := range existing {
		if p.IDCard != "" {
			byCard[p.IDCard] = i
		}
		byName[p.Name] = append(byName[p.Name], i)
	}
	after := append([]Person(nil), existing...)
	matchedBy := map[int]int{} // index in existing → line of the row that matched it
	var errs []error
	for _, row := range rows {
		in := row.Person
		i, err := matchPerson(existing, byCard, byName, in)
		if err != nil {
			errs = append(errs, fmt.Errorf("第 %d 行：%w", row.Line, err))
			continue
		}
		if i < 0 {
			in.ID = 0
			plan.Added = append(plan.Added, PersonChange{Line: row.Line, After: in, Fields: personFields(Person{}, in)})
			after = append(after, in)
			continue
		}
		if first, dup := matchedBy[i]; dup {
			errs = append(errs, fmt.Errorf("第 %d 行和第 %d 行都是档案里的「%s」；请删掉重复的一行，或填上户号、身份证号区分", first, row.Line, existing[i].Name))
			continue
		}
		matchedBy[i] = row.Line
		old := existing[i]
		var next Person
		if mode == RosterReplace {
			next = in
		} else {
			next = MergePerson(old, in)
		}
		next.ID, next.VillageID, next.Guest = old.ID, old.VillageID, false
		fields := personFields(old, next)
		if len(fields) == 0 {
			plan.Unchanged++
			continue
		}
		plan.Updated = append(plan.Updated, PersonChange{Line: row.Line, Before: old, After: next, Fields: fields})
		after[i] = next
	}
	if len(errs) > 0 {
		return RosterPlan{}, errors.Join(errs...)
	}
	for i, p := range existing {
		if _, ok := matchedBy[i]; !ok && !p.Guest {
			plan.Untouched++
		}
	}
	for _, b := range Bodies {
		if b == VillagerAssembly { // counted from the village's figures, not the roster
			continue
		}
		n, m := len(Members(existing, b)), len(Members(after, b))
		if n != m {
			plan.Counts = append(plan.Counts, CountChange{Body: b, Before: n, After: m})
		}
	}
	return plan, nil
}

// matchPerson finds the index in existing of the person a row is, -1 for none.
func matchPerson(existing []Person, byCard map[string]int, byName map[string][]int, in Person) (int, error) {
	if in.IDCard != "" {
		if i, ok := byCard[in.IDCard]; ok {
			return i, nil
		}
	}
	var exact, loose []int
	for _, i := range byName[in.Name] {
		p := existing[i]
		switch {
		case in.Household != "" && p.Household == in.Household:
			exact = append(exact, i)
		case (in.Household == "" || p.Household == "") &&
			(in.IDCard == "" || p.IDCard == "" || in.IDCard == p.IDCard):
			loose = append(loose, i)
		}
	}
	cands := exact
	if len(cands) == 0 {
		cands = loose
	}
	switch len(cands) {
	case 0:
		return -1, nil
	case 1:
		return cands[0], nil
	}
	return -1, fmt.Errorf("档案里有 %d 个「%s」，看不出是哪一位；请填上户号或身份证号", len(cands), in.Name)
}

// MergePerson is the archive's person old as a roster row in updates it: every cell the row
// fills replaces old's field, every blank cell keeps it. A filled 所属组织 replaces the
// memberships; the roles within them follow the post (职务) as it stands after the merge,
// keeping old's role for a body when the row gives no post.
func MergePerson(old, in Person) Person {
	out := old
	pick := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	pick(&out.Name, in.Name)
	pick(&out.Gender, in.Gender)
	pick(&out.Title, in.Title)
	pick(&out.Household, in.Household)
	pick(&out.Phone, in.Phone)
	pick(&out.IDCard, in.IDCard)
	if len(in.Memberships) == 0 && in.Title == "" {
		out.Memberships = append([]Membership(nil), old.Memberships...)
		return out
	}
	seats := old.Memberships
	if len(in.Memberships) > 0 {
		seats = in.Memberships
	}
	out.Memberships = nil
	for _, s := range seats {
		m := Membership{Body: s.Body, Probationary: s.Probationary}
		m.Role = roleFor(s.Body, out.Title)
		if in.Title == "" {
			for _, o := range old.Memberships {
				if o.Body == s.Body && o.Role != "" {
					m.Role = o.Role
				}
			}
		}
		if s.Body == PartyAssembly && in.Title != "" && strings.Contains(in.Title, "预备党员") {
			m.Probationary = true
		}
		out.Memberships = append(out.Memberships, m)
	}
	return out
}

// personFields lists the fields in which after differs from before, as people read them.
func personFields(before, after Person) []FieldChange {
	var out []FieldChange
	add := func(field, b, a string) {
		if b != a {
			out = append(out, FieldChange{field, shown(b), shown(a)})
		}
	}
	add("姓名", before.Name, after.Name)
	add("性别", before.Gender, after.Gender)
	add("职务", before.Title, after.Title)
	add("所属组织", seatsLabel(before.Memberships), seatsLabel(after.Memberships))
	add("户号", before.Household, after.Household)
	add("联系电话", MaskNumber(before.Phone), MaskNumber(after.Phone))
	if before.IDCard != after.IDCard {
		out = append(out, FieldChange{"身份证号", shown(MaskNumber(before.IDCard)), shown(MaskNumber(after.IDCard))})
	}
	if before.Guest && !after.Guest && before.ID != 0 {
		out = append(out, FieldChange{"花名册", "村民（非花名册）", "列入花名册"})
	}
	return out
}

func shown(s string) string {
	if s == "" {
		return "（空）"
	}
	return s
}

// seatsLabel lists memberships as a roster's 所属组织 column names them, each with its role.
func seatsLabel(ms []Membership) string {
	var out []string
	for _, m := range ms {
		l := rosterBodyName(m)
		if m.Role != "" {
			l += "（" + m.Role + "）"
		}
		out = append(out, l)
	}
	return strings.Join(out, "、")
}

func rosterBodyName(m Membership) string {
	switch m.Body {
	case PartyAssembly:
		if m.Probationary {
			return "预备党员"
		}
		return "党员"
	case RepresentativeAssembly:
		return "村民代表"
	}
	return m.Body.Label()
}

// MaskNumber hides the middle of an ID-card or phone number, keeping the first 3 and last 4
// characters (230***********9394, 150****0837); short strings are kept as they are.
func MaskNumber(s string) string {
	r := []rune(s)
	if len(r) <= 7 {
		return s
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}

// Lines describes the plan for people to read before they confirm it: the totals, then each
// person changed with the fields that change, each person added with their post and bodies, then the bodies whose member counts
// change. Numbers are masked.
func (p RosterPlan) Lines() []string {
	if p.Empty() {
		line := "没有要改的：文件里的人和档案里的花名册完全一致"
		if p.Unchanged > 0 {
			line = fmt.Sprintf("没有要改的：文件里的 %d 人和档案里的花名册完全一致", p.Unchanged)
		}
		return []string{line + "，什么也不会写入。"}
	}
	head := fmt.Sprintf("新增 %d 人，更新 %d 人", len(p.Added), len(p.Updated))
	if p.Unchanged > 0 {
		head += fmt.Sprintf("，%d 人没有变化", p.Unchanged)
	}
	if p.Untouched > 0 {
		head += fmt.Sprintf("；花名册上另有 %d 人不在文件里，保持不变", p.Untouched)
	}
	lines := []string{head + "。"}
	if p.Mode == RosterReplace {
		lines = append(lines, "整行替换：文件里空着的格子会清空档案里原有的内容。")
	} else if len(p.Updated) > 0 {
		lines = append(lines, "文件里空着的格子保留档案里原有的内容。")
	}
	for _, c := range p.Updated {
		lines = append(lines, fmt.Sprintf("更新「%s」（第 %d 行）：", c.Before.Name, c.Line))
		for _, f := range c.Fields {
			lines = append(lines, fmt.Sprintf("　　%s：%s → %s", f.Field, f.Before, f.After))
		}
	}
	for _, c := range p.Added {
		var parts []string
		for _, f := range c.Fields {
			if f.Field == "职务" || f.Field == "所属组织" {
				parts = append(parts, f.Field+" "+f.After)
			}
		}
		line := fmt.Sprintf("新增「%s」（第 %d 行）", c.After.Name, c.Line)
		if len(parts) > 0 {
			line += "：" + strings.Join(parts, "，")
		}
		lines = append(lines, line)
	}
	if len(p.Counts) > 0 {
		lines = append(lines, "人数有变化的组织（今后会议的应到人数和法定人数随之改变）：")
		for _, c := range p.Counts {
			lines = append(lines, fmt.Sprintf("　　%s %d → %d 人", c.Body.Label(), c.Before, c.After))
		}
	}
	return lines
}
