package demo

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"yishi/meeting"
)

// How villagers talk at a consultation meeting. A remark is an opening, the core of what is said
// (a topic's concern, suggestion or opinion), and more clauses of the same kind, with slots filled
// from the village: its groups, its people, its places, crops and numbers. The mix gives the
// words of the archive a spread like real minutes: 村里 and 垃圾 everywhere, a neighbour's name
// or 核桃 in a few places.
//
// Slots: {组} the group, {人} a villager present, {称} how a neighbour is called (老王, 王婶),
// {地} a place in the village, {时} when, {物} a crop, {畜} livestock, {数} a small count in
// words, {天} a stretch of days, {户} households, {亩} mu of land, {米} metres, {元} yuan.

// talk is what fills the slots of one meeting's remarks.
type talk struct {
	g      *gen
	group  string
	people []meeting.Person // the villagers present
}

// fill replaces every slot of s, each occurrence by a new draw.
func (t *talk) fill(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(t.slot(s[i+1 : i+j]))
		s = s[i+j+1:]
	}
}

func (t *talk) slot(name string) string {
	g := t.g
	switch name {
	case "组":
		return t.group
	case "人":
		return t.people[g.rng.IntN(len(t.people))].Name
	case "称":
		p := t.people[g.rng.IntN(len(t.people))]
		s, _ := utf8.DecodeRuneInString(p.Name)
		sur := string(s)
		if p.Gender == "女" {
			return []string{sur + "婶", sur + "大姐", sur + "嫂子", "老" + sur + "家的"}[g.rng.IntN(4)]
		}
		return []string{"老" + sur, sur + "叔", sur + "大爷", sur + "大哥", "小" + sur}[g.rng.IntN(5)]
	case "地":
		if g.rng.IntN(3) == 0 {
			return g.pick(groupNames) + g.pick(landmarks)
		}
		return g.pick(landmarks)
	case "时":
		return g.pick(whens)
	case "物":
		return g.pick(crops)
	case "畜":
		return g.pick(livestock)
	case "数":
		return g.pick(counts)
	case "天":
		return g.pick(spans)
	case "户":
		return strconv.Itoa(g.between(2, 40)) + "户"
	case "亩":
		if g.rng.IntN(3) == 0 {
			return g.pick(counts) + "亩"
		}
		return strconv.Itoa(g.between(1, 60)) + "亩"
	case "米":
		return strconv.Itoa(g.between(3, 150)*10) + "米"
	case "元":
		if g.rng.IntN(4) == 0 {
			return g.pick(counts) + "百块"
		}
		return strconv.Itoa(g.between(1, 300)*10) + "元"
	}
	return "{" + name + "}"
}

// remark makes a remark of 20-120 characters of kind: an opening, core, and clauses of the same
// kind up to a length drawn for it.
func (t *talk) remark(kind meeting.StatementKind, core string) string {
	g := t.g
	var leads, more []string
	switch kind {
	case meeting.Concern:
		leads, more = concernLeads, concernMore
	case meeting.Suggestion:
		leads, more = suggestionLeads, suggestionMore
	case meeting.Opinion:
		leads, more = opinionLeads, opinionMore
	default:
		leads, more = answerLeads, answerMore
	}
	target := g.between(40, 120)
	if g.rng.IntN(2) == 0 {
		target = g.between(20, 45) // many say one thing and stop
	}
	followUp := slices.Contains(followUps, core)
	core = t.fill(core)
	var parts []string
	if !followUp && g.rng.IntN(4) != 0 {
		if l := t.fill(g.pick(leads)); utf8.RuneCountInString(l+core) <= 120 {
			parts = append(parts, l)
		}
	}
	parts = append(parts, core)
	n := utf8.RuneCountInString(strings.Join(parts, ""))
	used := map[int]bool{}
	for try := 0; try < 8 && (n < target || n < 20); try++ {
		k := g.rng.IntN(len(more))
		if used[k] {
			continue
		}
		c := t.fill(more[k])
		m := utf8.RuneCountInString(c)
		if n+m > 120 {
			continue
		}
		used[k] = true
		// A clause goes before the core as often as after it.
		if g.rng.IntN(3) == 0 && len(parts) > 0 && kind != meeting.Answer {
			parts = append(parts[:len(parts)-1], c, parts[len(parts)-1])
		} else {
			parts = append(parts, c)
		}
		n += m
	}
	for n < 20 {
		// Every remark of the minutes says at least a sentence's worth.
		parts = append(parts, "就说这些。")
		n += 5
	}
	return strings.Join(parts, "")
}

var landmarks = []string{
	"村口", "桥头", "老井边", "小学门口", "水库边", "后山", "河滩", "机耕路", "村部门前", "卫生室旁边", "祠堂前面",
	"晒谷场", "老砖厂", "大槐树下", "水塔底下", "变压器旁边", "小卖部门口", "幼儿园", "文化广场", "渡口", "养猪场",
	"果园", "茶园", "坟山", "新修的桥", "老街", "山脚下", "堰塘", "泵站", "加油站对面", "公交站", "排灌站",
}

var whens = []string{
	"去年冬天", "上个月", "前天晚上", "开春以后", "麦收那几天", "国庆前后", "今年夏天", "这两年", "上礼拜", "过年的时候",
	"秋收以前", "下大雨那天", "前些日子", "清明前后", "入伏以后", "腊月里", "每到周末", "一到晚上", "赶集那天", "前年",
}

var crops = []string{
	"玉米", "小麦", "水稻", "花生", "大豆", "辣椒", "茶叶", "柑橘", "苹果", "核桃", "烟叶", "油菜", "土豆", "红薯",
	"西瓜", "葡萄", "猕猴桃", "香菇", "蔬菜", "大棚草莓", "中药材", "板栗",
}

var livestock = []string{"猪", "牛", "羊", "鸡", "鸭", "鹅", "兔子", "蜜蜂"}

var counts = []string{"两", "三", "四", "五", "六", "七", "八", "十来", "十几", "二十多", "三四", "好几"}

var spans = []string{
	"三四天", "一个礼拜", "半个月", "两个多月", "大半年", "一整天", "好几天", "十来天", "一个多月", "两三年",
}

// Openings, and clauses that follow the core, by kind of remark.
var (
	concernLeads = []string{
		"我说个事，", "我反映一个情况，", "这个事我们议论好久了，", "说句实在话，", "不怕大家笑话，", "我们{组}的人托我说一下，",
		"{时}我就想说，", "趁今天人多，", "我先说，", "我家就在{地}，", "{称}让我替他说一句，",
	}
	concernMore = []string{
		"家里有老人孩子的最着急。", "希望村里重视一下。", "去年就提过，到现在也没解决。", "大家都是这个意思。",
		"这个事拖不得了。", "不是我一家的事，一个组都是这样。", "再这样下去，出了事谁负责？",
		"{时}{人}家就吃过这个亏。", "{地}那边更厉害。", "我们{组}{户}都有这个问题。", "前后拖了{天}了。",
		"我家{物}种了{亩}，全靠这个。", "{称}家的{畜}也受了影响。", "光是来回就要多花{元}。",
		"{时}下了场大雨，情况更糟了。", "问了{数}回，都说等等。", "有{数}户人家专门去镇上问过。",
		"{称}腿脚不好，更是没办法。", "外出打工的回来一看都直摇头。", "孩子放学要从{地}过，家长都不放心。",
		"这事在{组}微信群里吵了好几天。", "我跟{人}去看过，确实是这样。", "隔壁村早就解决了。",
		"{时}{称}在{地}摔了一跤，到现在还没好利索。", "我们家{数}口人，就指望那{亩}{物}过日子。",
		"{地}一到晚上黑灯瞎火的。", "{人}他爹八十多了，天天念叨这个事。", "种{物}的本钱一年比一年高。",
		"{时}镇上来人看过，说回去研究，后来就没信了。", "我不是来告状的，就是想把事情说清楚。",
		"年轻人都出去了，剩下的都是老的小的。", "{称}家的{物}今年基本没收成。", "赶集的时候听外村人都在笑话我们。",
		"这个情况{组}组长也知道。", "我家那口子为这个跟人红过脸。", "从{地}到{地}，少说有{米}。",
	}
	suggestionLeads = []string{
		"我提个建议，", "我觉得，", "要我说，", "我看这样行不行：", "我有个想法，", "{称}刚才说的有道理，我再补充：",
		"能不能这样，", "依我看，",
	}
	suggestionMore = []string{
		"大家看看行不行。", "花钱不多，见效快。", "别的村就是这么办的，效果挺好。", "先试一段时间，不行再改。",
		"钱的事可以再商量。", "关键是得有人牵头。", "先从{地}那段开始。", "我们{组}可以出几个劳力。",
		"{人}懂这个，可以让他帮着看看。", "这事宜早不宜迟。", "每户出{元}我看大家能接受。",
		"请{组}组长先把情况摸清楚，报个数上来。", "不行就先向镇里打个报告。", "办之前在微信群里说一声，让大家心里有数。",
		"费用多少要先公开出来。", "{称}家有车，拉材料可以帮忙。", "弄好了估计能管{天}不出问题。",
		"先找{数}个党员带头，大家就跟上了。", "{地}那块空地正好能用上。", "农闲的时候办，不耽误种{物}。",
		"干活的可以按天算工钱，一天一百来块。", "让{称}来管这个事，他办事公道。", "镇上有现成的政策，去问问就知道。",
		"可以先在{组}试点，好了再推开。", "定个规矩写进村规民约。", "办完了请村务监督委员会验收。",
	}
	opinionLeads = []string{
		"我说两句，", "我的看法是，", "我同意前面说的，", "我有点不同意见，", "{称}说的我赞成，不过", "说实在的，",
		"我年纪大了，说句老话，", "我在外面打了{数}年工，看人家那边，",
	}
	opinionMore = []string{
		"这是我个人的看法。", "办事要公开，大家才放心。", "账目一定要公开。", "别花了钱办不成事。",
		"要考虑困难户的情况。", "按规矩来，谁也说不出什么。", "{组}的情况跟别的组不一样，要分开看。",
		"前年也这么说过，最后不了了之。", "我家{物}{亩}，这个事关系到收成。", "{人}的意见我也听了，有道理。",
		"钱要花在刀刃上。", "不能光顾{地}那一片。", "群众的事没有小事。", "得让年轻人也出出主意。",
		"{时}{组}也议过一回，最后没定下来。", "我看还是要多听听{称}这些老人的意见。", "不能只听一两家的。",
		"一碗水要端平。", "先把底数摸清楚，再说办不办。", "事情要办，也不能让村里背上债。",
		"{人}家的情况特殊，要单独考虑。", "我们{组}{户}的意见基本一致。", "办好了是给子孙后代造福。",
	}
	answerLeads = []string{"大家说的我都记下了。", "这个问题我来回答一下。", "谢谢大家提意见。", "{称}说的情况我知道。", ""}
	answerMore  = []string{
		"办好了在微信群里告诉大家。", "有什么问题随时到村委会找我。", "办理结果会在公开栏公布。", "请网格员跟进落实。",
		"{组}组长会后把名单报上来。", "{天}之内给大家回话。", "需要花钱的部分会先公开再办。", "镇里的政策我再去问清楚。",
		"{人}反映的情况会后我去现场看。", "这个事由包{组}的干部负责。", "今天没说完的下次接着议。",
	}
)

// followUps are what a speaker says when the point was made already.
var followUps = []string{
	"刚才说的我都赞成，就是希望别光说不办。",
	"这个事我家也遇到过，确实得抓紧解决。",
	"前面几位说得在理，我补充一句，办的时候要公平。",
	"我也是这个意思，越拖越难办。",
	"说来说去就是缺人管，得定个责任人。",
	"我们组的人都这么想，今天我替大家说出来。",
	"{称}说的就是我想说的。",
	"{人}刚才说的情况我也看到了。",
	"跟{时}比是好一些，但还不够。",
}
