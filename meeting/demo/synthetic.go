package demo

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"yishi/meeting"
)

// The synthetic archive's seed. Each village draws from its own stream, so the first villages of a
// larger archive are the villages of a smaller one.
const (
	syntheticSeed = 0x796973686920 // "yishi "
	lastYear      = 2026
)

// Per year and village: consultation meetings (about one every four or five days from January to
// October, in turn across the groups), and matters taken through the procedure in batches (the
// formal meetings of a batch each take one step of every matter in it).
const (
	consultationsPerYear = 62
	batchesPerYear       = 2
	mattersPerBatch      = 2
)

// originConsultations are the consultations of a year each batch's matters come from.
var originConsultations = [batchesPerYear][mattersPerBatch]int{{4, 5}, {34, 35}}

// Synthetic builds a deterministic archive of villages villages over years years ending in 2026,
// for benchmarks: each village has a generated roster of 45-60 people and, per year, 70 meetings
// (62 consultation meetings of 16-46 remarks each, and the 8 formal meetings of 4 matters, each
// matter carried through the procedure to its posted result). 20 villages over 10 years are
// about 14,000 meetings and 400,000 statements. progress, when not nil, is called as each village
// is done. The same arguments give the same archive.
func Synthetic(villages, years int, progress func(done, total int)) *meeting.Archive {
	b := newBuilder()
	used := map[string]bool{}
	for i := range villages {
		g := &gen{builder: b, rng: rand.New(rand.NewPCG(syntheticSeed, uint64(i))), kinds: map[meeting.ID]int{}}
		g.setup(used)
		for y := lastYear - years + 1; y <= lastYear; y++ {
			g.year(y, y == lastYear)
		}
		if progress != nil {
			progress(i+1, villages)
		}
	}
	if b.err != nil {
		// The generator only builds what the engine accepts; an error here is a bug.
		panic(b.err)
	}
	b.seal()
	// Each village's space comes from the seed and its place, as its records do: the same on
	// every call whatever follows it, and none 阿北村's or another's.
	taken := map[uint32]bool{AbeiSpace: true}
	b.rebase(func(i int) uint32 {
		spaces := rand.New(rand.NewPCG(syntheticSeed, uint64(i)|1<<63))
		for {
			if s := spaces.Uint32(); s != 0 && !taken[s] {
				taken[s] = true
				return s
			}
		}
	})
	if b.err != nil {
		panic(b.err)
	}
	return b.a
}

// gen generates one village.
type gen struct {
	*builder
	rng *rand.Rand
	v   meeting.ID
	s   meeting.Settings

	people                    []meeting.Person
	secretary, deputy, member meeting.Person // the branch committee; the secretary also directs the villagers' committee
	vice, women               meeting.Person // the rest of the villagers' committee
	supChair, recorder        meeting.Person
	clans                     []string
	liaison                   meeting.Ref
	kinds                     map[meeting.ID]int // matter → its index in matterKinds
}

func (g *gen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *gen) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

func (g *gen) setup(used map[string]bool) {
	name := ""
	for try := 0; name == "" || used[name]; try++ {
		name = g.pick(villageFirst) + g.pick(villageSecond) + "村"
		if try > 20 {
			name = g.pick(villageFirst) + g.pick(villageSecond) + strconv.Itoa(try) + "村"
		}
	}
	used[name] = true
	county := counties[g.rng.IntN(len(counties))]
	households := g.between(180, 620)
	g.v = g.addVillage(meeting.Village{
		Name:       name,
		Township:   g.pick(townships),
		County:     county.name,
		Households: households,
		Adults:     households*5/2 + g.between(-60, 60),
	})
	for range 3 {
		g.clans = append(g.clans, g.pick(surnames))
	}
	g.roster(county.code)
	g.s = meeting.Defaults()
	g.s.ObjectionContact = fmt.Sprintf("村务监督委员会主任 %s，电话 %s", g.supChair.Name, g.supChair.Phone)
	g.village(g.v).Settings = g.s
	g.liaison = meeting.Ref{Name: g.name(true), Post: g.village(g.v).Township + "驻村联络干部"}
}

func (g *gen) name(male bool) string {
	s := g.pick(surnames)
	if g.rng.IntN(10) < 4 {
		s = g.pick(g.clans)
	}
	chars := femaleChars
	if male {
		chars = maleChars
	}
	given := g.pick(chars)
	if g.rng.IntN(10) < 7 {
		given += g.pick(chars)
	}
	return s + given
}

// roster generates 45-60 people: the two committees, the supervision committee, party members,
// representatives, the graduate who records, and villagers in no body.
func (g *gen) roster(region string) {
	n := g.between(45, 60)
	names := map[string]bool{}
	ids := map[string]bool{}
	household := 0
	type seat struct {
		title  string
		bodies []meeting.Body
	}
	seats := []seat{
		{"党支部书记、村委会主任", []meeting.Body{meeting.BranchCommittee, meeting.VillagersCommittee, meeting.PartyAssembly}},
		{"党支部副书记", []meeting.Body{meeting.BranchCommittee, meeting.PartyAssembly}},
		{"党支部委员、网格员", []meeting.Body{meeting.BranchCommittee, meeting.PartyAssembly}},
		{"村委会副主任", []meeting.Body{meeting.VillagersCommittee, meeting.RepresentativeAssembly}},
		{"村委会委员、妇女主任", []meeting.Body{meeting.VillagersCommittee, meeting.PartyAssembly, meeting.RepresentativeAssembly}},
		{"村务监督委员会主任", []meeting.Body{meeting.Supervisory, meeting.RepresentativeAssembly}},
		{"村务监督委员会委员", []meeting.Body{meeting.Supervisory}},
		{"村务监督委员会委员", []meeting.Body{meeting.Supervisory}},
		{"到村任职大学生", []meeting.Body{meeting.PartyAssembly}},
	}
	// The rest: party members to 18-26 in all, representatives to 25-32 in all, some both.
	rest := n - len(seats)
	party := g.between(18, 26) - 4
	reps := g.between(25, 32) - 3
	both := min(party, max(4, party+reps-rest))
	for i := range rest {
		var bodies []meeting.Body
		title := "村民"
		if i < party {
			bodies, title = append(bodies, meeting.PartyAssembly), "党员"
		}
		if i >= party-both && i < party-both+reps {
			bodies = append(bodies, meeting.RepresentativeAssembly)
			if title == "村民" {
				title = "村民代表"
			}
		}
		seats = append(seats, seat{title, bodies})
	}
	for i, st := range seats {
		male := g.rng.IntN(2) == 0
		born := 1950 + g.rng.IntN(50)
		switch {
		case i == 4:
			male = false
		case i == 8:
			born = 1998 + g.rng.IntN(5)
		}
		p := meeting.Person{VillageID: g.v, Title: st.title, Gender: "女"}
		if male {
			p.Gender = "男"
		}
		for p.Name == "" || names[p.Name] {
			p.Name = g.name(male)
		}
		names[p.Name] = true
		for p.IDCard == "" || ids[p.IDCard] {
			p.IDCard = g.idCard(region, born, male)
		}
		ids[p.IDCard] = true
		p.Phone = g.pick(phonePrefixes) + fmt.Sprintf("%08d", g.rng.IntN(100000000))
		if i != 8 {
			if household == 0 || g.rng.IntN(4) != 0 {
				household++
			}
			p.Household = strconv.Itoa(household)
		}
		for _, b := range st.bodies {
			p.Memberships = append(p.Memberships, meeting.Membership{Body: b, Role: roleIn(b, st.title)})
		}
		g.people = append(g.people, g.addPerson(p))
	}
	g.secretary, g.deputy, g.member = g.people[0], g.people[1], g.people[2]
	g.vice, g.women, g.supChair, g.recorder = g.people[3], g.people[4], g.people[5], g.people[8]
}

// roleIn is the part of a roster title that names the seat in body b.
func roleIn(b meeting.Body, title string) string {
	for _, t := range strings.Split(title, "、") {
		switch {
		case b == meeting.BranchCommittee && strings.HasPrefix(t, "党支部"),
			b == meeting.VillagersCommittee && strings.HasPrefix(t, "村委会"),
			b == meeting.Supervisory && strings.HasPrefix(t, "村务监督"):
			return t
		}
	}
	return ""
}

// idCard makes a resident ID number: region, birth date, sequence (odd for men), check character.
func (g *gen) idCard(region string, year int, male bool) string {
	birth := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.IntN(365))
	seq := g.rng.IntN(500) * 2
	if male {
		seq++
	}
	s := region + birth.Format("20060102") + fmt.Sprintf("%03d", seq)
	sum := 0
	for i, w := range idWeights {
		sum += int(s[i]-'0') * w
	}
	return s + string(idCheck[sum%11])
}

// The ISO 7064 MOD 11-2 weights and check characters of resident ID numbers (GB 11643-1999).
var (
	idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	idCheck   = "10X98765432"
)

// event is a meeting of the year's plan: a consultation, or a batch's formal meeting of one step.
type event struct {
	day   meeting.Date
	cons  int // consultation number, or -1
	batch int
	step  int // 0-3: proposal, deliberation, review, resolution
}

func (g *gen) year(y int, last bool) {
	jan1 := meeting.NewDate(y, time.January, 1)
	var plan []event
	cons := make([]meeting.Date, consultationsPerYear)
	for k := range cons {
		// At least four days apart before the jitter, so the days stay distinct and in order.
		cons[k] = jan1.AddDays(8 + k*285/(consultationsPerYear-1) + g.rng.IntN(3))
		plan = append(plan, event{day: cons[k], cons: k})
	}
	for b, origins := range originConsultations {
		day := cons[origins[len(origins)-1]].AddDays(g.between(8, 12))
		for step := range 4 {
			if slices.Contains(cons, day) {
				day = day.AddDays(1) // the cadres host one meeting a day
			}
			plan = append(plan, event{day: day, cons: -1, batch: b, step: step})
			day = day.AddDays(g.between(6, 8))
		}
	}
	// In the order they meet: on a shared day, the committees in the morning, the consultation in
	// the early evening, the assemblies at seven.
	hour := func(e event) int {
		switch {
		case e.cons >= 0:
			return 18
		case e.step < 2:
			return 9
		}
		return 19
	}
	slices.SortStableFunc(plan, func(a, b event) int {
		if c := a.day.Sub(b.day); c != 0 {
			return c
		}
		return cmp.Compare(hour(a), hour(b))
	})
	var matters [batchesPerYear][]meeting.ID
	origin := map[int]int{} // consultation → batch
	for b, os := range originConsultations {
		for _, k := range os {
			origin[k] = b
		}
	}
	for i, e := range plan {
		if e.cons >= 0 {
			b, ok := origin[e.cons]
			id := g.consultation(e.day, ok, last && i == len(plan)-1)
			if ok {
				matters[b] = append(matters[b], id)
			}
			continue
		}
		g.formalMeeting(e.day, e.step, matters[e.batch])
		if e.step == 3 {
			g.carryOut(e.day, matters[e.batch])
		}
	}
}

// clockFrom is a running clock through a meeting.
type clockFrom struct {
	t   time.Time
	rng *rand.Rand
}

func (c *clockFrom) next(lo, hi int) time.Time {
	c.t = c.t.Add(time.Duration(lo+c.rng.IntN(hi-lo+1)) * time.Minute)
	return c.t
}

func (g *gen) statement(m *meeting.Meeting, n int, who meeting.Ref, at time.Time, kind meeting.StatementKind, text string) {
	g.a.Statements = append(g.a.Statements, meeting.Statement{
		ID: meeting.ID(len(g.a.Statements) + 1), MeetingID: m.ID, Item: n, Speaker: who, At: at, Kind: kind, Text: text,
	})
}

// sample returns k people of list, in list order.
func (g *gen) sample(list []meeting.Person, k int) []meeting.Person {
	idx := g.rng.Perm(len(list))[:min(k, len(list))]
	slices.Sort(idx)
	out := make([]meeting.Person, len(idx))
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

// consultation generates a consultation meeting of 2-6 items and 16-46 statements. When toMatter,
// its first item becomes a matter, whose ID is returned.
func (g *gen) consultation(day meeting.Date, toMatter, draft bool) meeting.ID {
	group := g.pick(groupNames)
	hosts := []meeting.Person{g.secretary, g.secretary, g.deputy, g.vice}
	host := hosts[g.rng.IntN(len(hosts))]
	start := clock(day, 18+g.rng.IntN(2), 10*g.rng.IntN(4))
	m := g.newMeeting(g.v, meeting.Consultation, start, time.Time{})
	m.Form = g.pick(meeting.ConsultationForms)
	m.Host, m.Recorder = host.Ref(), g.recorder.Ref()

	// Who came: the host, the recorder, the grid worker, and villagers.
	villagers := g.sample(g.people[9:], g.between(8, 30))
	came := append([]meeting.Person{host, g.recorder, g.member}, villagers...)
	for _, p := range came {
		m.Attendance.Attendees = append(m.Attendance.Attendees, p.Ref())
	}
	m.Attendance.Present = len(came) // a consultation expects nobody
	t := &talk{g: g, group: group, people: villagers}
	m.Place = strings.NewReplacer("{组}", group, "{人}", villagers[0].Name).Replace(g.pick(placeTemplates))

	// Items and how many remarks each.
	nItems := g.between(2, 6)
	counts := make([]int, nItems)
	for i := range counts {
		counts[i] = 2
	}
	for range g.between(16, 46) - 2*nItems {
		counts[g.rng.IntN(nItems)]++
	}
	perm := g.rng.Perm(len(topics))
	var mk matterKind
	var matterID meeting.ID
	var titles []string
	c := &clockFrom{t: start, rng: g.rng}
	for i := range nItems {
		n := i + 1
		it := meeting.Item{N: n}
		tp := topics[perm[i]]
		concerns, suggestions, opinions := tp.concerns, tp.suggestions, tp.opinions
		answer := tp.answer
		switch {
		case i == 0 && toMatter:
			matterID = g.nextMatter()
			g.kinds[matterID] = g.rng.IntN(len(matterKinds))
			mk = matterKinds[g.kinds[matterID]]
			it.Title = strings.ReplaceAll(mk.item, "{组}", group)
			it.MatterID = matterID
			it.Outcome = &meeting.Outcome{Kind: meeting.ToMatter, MatterID: matterID}
			concerns, suggestions, answer = mk.concerns, mk.suggestions, mk.answer
			opinions = mk.opinions
		case g.rng.IntN(2) == 0:
			it.Title = t.fill(tp.title)
			answer = t.fill(tp.answer)
			it.Outcome = &meeting.Outcome{Kind: meeting.Answered, Answer: answer}
		default:
			it.Title = t.fill(tp.title)
			it.Outcome = &meeting.Outcome{Kind: meeting.Assigned, AssignmentID: g.assign(m, n, day, tp, t)}
		}
		titles = append(titles, it.Title)
		m.Items = append(m.Items, it)
		said := map[string]bool{}
		for j := range counts[i] {
			who := villagers[g.rng.IntN(len(villagers))].Ref()
			kind, core := meeting.Concern, g.pick(concerns)
			switch {
			case j == counts[i]-1:
				who, kind, core = host.Ref(), meeting.Answer, answer
			case j > 0 && g.rng.IntN(2) == 0:
				kind, core = meeting.Suggestion, g.pick(suggestions)
			case j > 0:
				kind, core = meeting.Opinion, g.pick(opinions)
			}
			if said[core] {
				// Said already at this item: the next speaker agrees, or adds a general point.
				core = g.pick(followUps)
			}
			said[core] = true
			g.statement(&m, n, who, c.next(1, 4), kind, t.remark(kind, core))
		}
	}
	m.Title = strings.Join(titles[:min(2, len(titles))], "、")
	m.End = c.next(5, 15)
	if draft {
		m.Status = meeting.Draft
	}
	g.add(m)
	if toMatter {
		amount := int64(g.between(int(mk.min/100), int(mk.max/100))) * 100
		g.addMatter(meeting.Matter{
			VillageID:   g.v,
			Title:       strings.ReplaceAll(mk.title, "{组}", group),
			Category:    mk.category,
			Description: strings.ReplaceAll(mk.concerns[0]+mk.suggestions[0], "{组}", group),
			Amount:      meeting.Yuan(amount),
			Origin:      &meeting.ItemRef{MeetingID: m.ID, Item: 1},
			Created:     day,
		})
	}
	return matterID
}

// assign hands item n of meeting m to a cadre, done in time and fed back.
func (g *gen) assign(m meeting.Meeting, n int, day meeting.Date, tp topic, t *talk) meeting.ID {
	owners := []meeting.Person{g.member, g.member, g.vice, g.women, g.deputy}
	urgency := []meeting.Urgency{meeting.AtOnce, meeting.Soon, meeting.Somehow}[g.rng.IntN(3)]
	var days int
	switch urgency {
	case meeting.AtOnce:
		days = g.between(3, 7)
	case meeting.Soon:
		days = g.between(10, 15)
	default:
		days = g.between(20, 30)
	}
	done := day.AddDays(g.between(1, days))
	return g.addAssignment(meeting.Assignment{
		VillageID: g.v, From: &meeting.ItemRef{MeetingID: m.ID, Item: n},
		Task:     t.fill(tp.task),
		Owner:    owners[g.rng.IntN(len(owners))].Ref(),
		Assigned: day, Deadline: day.AddDays(days), Urgency: urgency,
		Result:   t.fill(tp.result) + "。",
		Done:     done,
		Feedback: "已在" + t.group + "微信群告知提出人。",
		FedBack:  done.AddDays(g.rng.IntN(3)),
	})
}

var stepBodies = [4]meeting.Body{meeting.BranchCommittee, meeting.TwoCommittees, meeting.PartyAssembly, meeting.RepresentativeAssembly}
var stepStages = [4]meeting.Stage{meeting.Proposed, meeting.Deliberated, meeting.Reviewed, meeting.Resolved}
var stepWords = [4]string{"提议", "商议", "审议", "决议"}

// formalMeeting holds the meeting of one step for every matter of a batch, and moves each
// through the engine.
func (g *gen) formalMeeting(day meeting.Date, step int, ids []meeting.ID) {
	body := stepBodies[step]
	start := clock(day, 9, 0)
	if step >= 2 {
		start = clock(day, 19, 0)
	}
	m := g.newMeeting(g.v, meeting.Formal, start, time.Time{})
	m.Body, m.Place = body, "村委会会议室"
	m.Host, m.Recorder = g.secretary.Ref(), g.recorder.Ref()
	ms := meeting.Members(g.people, body)

	// Who stayed away, never the host, and never so many the meeting has no quorum.
	rule := g.s.RuleOn(body, meeting.DateOf(start))
	others := slices.DeleteFunc(slices.Clone(ms), func(p meeting.Person) bool { return p.ID == g.secretary.ID })
	perm := g.rng.Perm(len(others))
	var excused, absent []absence
	if body == meeting.PartyAssembly {
		for _, j := range perm[:g.rng.IntN(3)] {
			excused = append(excused, absence{others[j].Name, g.pick(excusedReasons)})
		}
		perm = perm[len(excused):]
	}
	expected := len(ms) - len(excused)
	spare := expected - rule.Quorum.Min(expected)
	away := 0
	switch body {
	case meeting.PartyAssembly, meeting.RepresentativeAssembly:
		away = min(spare, g.between(0, 6))
	default:
		if len(ms) >= 5 && g.rng.IntN(5) == 0 {
			away = 1
		}
	}
	for _, j := range perm[:away] {
		absent = append(absent, absence{others[j].Name, g.pick(absentReasons)})
	}
	slices.SortFunc(absent, func(a, b absence) int { return cmp.Compare(g.personIndex(a.name), g.personIndex(b.name)) })
	slices.SortFunc(excused, func(a, b absence) int { return cmp.Compare(g.personIndex(a.name), g.personIndex(b.name)) })
	a, err := attendance(ms, excused, absent)
	g.fail(err)
	m.Attendance = a
	switch body {
	case meeting.TwoCommittees:
		m.Attendance.Observers = []meeting.Ref{{PersonID: g.supChair.ID, Name: g.supChair.Name, Post: "村务监督委员会主任"}}
	case meeting.PartyAssembly, meeting.RepresentativeAssembly:
		m.Attendance.Observers = []meeting.Ref{g.liaison}
	}

	c := &clockFrom{t: start, rng: g.rng}
	t := &talk{g: g, group: g.pick(groupNames), people: ms}
	var titles []string
	for i, id := range ids {
		mt := g.matter(id)
		n := i + 1
		mk := g.kindOf(mt)
		titles = append(titles, mt.Title)
		it := meeting.Item{N: n, Title: "关于" + mt.Title + "的" + stepWords[step], MatterID: id, Step: stepStages[step],
			Explanation: fmt.Sprintf("%s说明事项情况：%s，预算约 %s。", g.deputy.Name, mt.Title, mt.Amount)}
		for _, k := range g.rng.Perm(len(mk.opinions))[:g.between(2, len(mk.opinions))] {
			who := a.Attendees[g.rng.IntN(len(a.Attendees))]
			kind := meeting.Opinion
			if g.rng.IntN(3) == 0 {
				kind = meeting.Suggestion
			}
			g.statement(&m, n, who, c.next(3, 10), kind, t.remark(kind, mk.opinions[k]))
		}
		g.statement(&m, n, g.secretary.Ref(), c.next(3, 8), meeting.Answer, g.pick(hostClosings))
		it.Vote = g.vote(body, m.Attendance, c.next(2, 5))
		it.Resolution = g.resolution(step, mt, mk)
		m.Items = append(m.Items, it)
	}
	m.Title = stepWords[step] + strings.Join(titles, "、")
	m.End = c.next(10, 20)
	g.add(m)
	for i, id := range ids {
		g.advance(g.s, id, m, i+1)
	}
}

func (g *gen) personIndex(name string) int {
	return slices.IndexFunc(g.people, func(p meeting.Person) bool { return p.Name == name })
}

// vote counts a vote that passes under the village's rule.
func (g *gen) vote(body meeting.Body, a meeting.Attendance, at time.Time) *meeting.Vote {
	v := &meeting.Vote{Method: meeting.ShowOfHands, Ayes: a.Present, At: at}
	switch body {
	case meeting.PartyAssembly:
		v.Noes, v.Abstentions = g.rng.IntN(2), g.rng.IntN(3)
	case meeting.RepresentativeAssembly:
		v.Noes, v.Abstentions = g.rng.IntN(4), g.rng.IntN(4)
		if g.rng.IntN(2) == 0 {
			v.Method = meeting.SecretBallot
			// Two tellers from the floor, never the host.
			floor := slices.DeleteFunc(slices.Clone(a.Attendees), func(r meeting.Ref) bool { return r.PersonID == g.secretary.ID })
			tellers := g.rng.Perm(len(floor))[:2]
			v.Tellers = []meeting.Ref{floor[tellers[0]], floor[tellers[1]]}
			v.Tellers[0].Post, v.Tellers[1].Post = "监票人", "计票人"
		}
	}
	v.Ayes = a.Present - v.Noes - v.Abstentions
	if !g.s.Verdict(body, meeting.DateOf(at), a, *v, nil).Passed {
		v.Ayes, v.Noes, v.Abstentions = a.Present, 0, 0
	}
	return v
}

func (g *gen) kindOf(m *meeting.Matter) matterKind { return matterKinds[g.kinds[m.ID]] }

func (g *gen) resolution(step int, mt *meeting.Matter, mk matterKind) string {
	plan := strings.TrimSuffix(mk.plan, "。")
	switch step {
	case 0:
		return fmt.Sprintf("同意提议：%s，预算约 %s，提交两委联席会议商议。", mt.Title, mt.Amount)
	case 1:
		return fmt.Sprintf("商议同意：%s；方案提交党员大会审议。", plan)
	case 2:
		return fmt.Sprintf("审议通过%s方案，提交村民代表会议决议。", mt.Title)
	}
	return fmt.Sprintf("决议：同意%s，预算不超过 %s；%s；由村民委员会组织实施，村务监督委员会全程监督，完成后验收并公开结果。", mt.Title, mt.Amount, plan)
}

// postingDays is how long a notice first posted on day stays up: the village's shortest period,
// now and then a few days more.
func (g *gen) postingDays(day meeting.Date) int {
	n, _ := g.s.PostingDays(day)
	return n + g.between(0, 3)
}

// carryOut posts the resolution notice of each matter resolved on day, records the work, and posts
// the result notice.
func (g *gen) carryOut(day meeting.Date, ids []meeting.ID) {
	sup := meeting.Ref{PersonID: g.supChair.ID, Name: g.supChair.Name, Post: "村务监督委员会主任"}
	for _, id := range ids {
		mt := g.matter(id)
		from := day.AddDays(g.between(1, 3))
		g.post(g.s, meeting.Notice{
			VillageID: g.v, MatterID: id, Kind: meeting.ResolutionNotice,
			Title:       "关于" + mt.Title + "的决议公告",
			Contact:     g.s.ObjectionContact,
			Issued:      from,
			Postings:    postings(from, g.postingDays(from), board, wechat),
			Supervision: &meeting.Supervision{By: sup, On: from, Opinion: checkedOK},
		})
	}
	for _, id := range ids {
		mt := g.matter(id)
		mk := g.kindOf(mt)
		// Work starts once the resolution's posting period is over.
		started := day.AddDays(3 + g.postingDays(day) + g.between(1, 5))
		completed := started.AddDays(g.between(15, 40))
		impl := meeting.Implementation{
			Plan:       mk.plan,
			Started:    started,
			Completed:  completed,
			Budget:     mt.Amount,
			Spent:      mt.Amount * meeting.Money(g.between(90, 100)) / 100 / 100 * 100,
			Acceptance: mk.acceptance,
			AcceptedOn: completed.AddDays(g.between(1, 3)),
		}
		if mk.subsidy {
			impl.Subsidy = mt.Amount * meeting.Money(g.between(20, 50)) / 100 / 10000 * 10000
		}
		for i, w := range mk.work {
			impl.Progress = append(impl.Progress, meeting.Progress{On: started.AddDays(i * completed.Sub(started) / len(mk.work)), Text: w})
		}
		g.complete(id, impl)
		from := impl.AcceptedOn.AddDays(g.between(2, 7))
		g.post(g.s, meeting.Notice{
			VillageID: g.v, MatterID: id, Kind: meeting.ResultNotice,
			Title: "关于" + mt.Title + "的实施结果公告",
			Text: fmt.Sprintf("%s开工，%s完工，%s。预算 %s，实际支出 %s。", started.Chinese(), completed.Chinese(),
				impl.Acceptance, impl.Budget, impl.Spent),
			Contact:  g.s.ObjectionContact,
			Issued:   from,
			Postings: postings(from, g.postingDays(from), board, wechat),
			Supervision: &meeting.Supervision{By: sup, On: from,
				Opinion: "经核查，实际支出未超出决议额度，已验收，同意公开。"},
		})
	}
}
