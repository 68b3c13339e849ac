package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	"charm.land/bubbles/v2/viewport"
)

// KeyMap holds every key of the program, one group per context.
type KeyMap struct {
	Global   GlobalKeys
	Close    CloseKeys
	Welcome  WelcomeKeys
	Home     HomeKeys
	Board    BoardKeys
	Search   SearchKeys
	Reader   ReaderKeys
	Matter   MatterKeys
	Export   ExportKeys
	Form     FormKeys
	Settings SettingsKeys
	RollCall RollCallKeys
	Record   RecordKeys
	Roster   RosterKeys
	// The secretary's desk: what needs attention, and the follow-ups of consultation meetings.
	Attention AttentionKeys
	Followups FollowupKeys
}

// GlobalKeys work on every screen.
type GlobalKeys struct {
	Quit      key.Binding
	Help      key.Binding
	CloseHelp key.Binding // Esc while the list of keys is open closes it, and does nothing else
}

// WelcomeKeys work on the first-start screen.
type WelcomeKeys struct {
	LoadDemo   key.Binding
	NewVillage key.Binding
	Encrypt    key.Binding // to the encryption form, while the archive is empty
	Quit       key.Binding
}

// FormKeys work on every form (new village, settings, setting up a meeting, a vote, an
// assignment, closing): Tab and arrows move between fields, F2 saves, Esc leaves unsaved.
type FormKeys struct {
	Next, Prev key.Binding
	Submit     key.Binding
	Cancel     key.Binding
	Accept     key.Binding // Enter in a one-line field: take what is typed (the highlighted match)
	// Choose and Tick are the keys the choice and check fields handle themselves (form.go),
	// named here for the help line.
	Choose, Tick key.Binding
}

// SettingsKeys work on the settings screen, beside the form's.
type SettingsKeys struct {
	Raise key.Binding // every setting below the statute set to the statute's, and saved
}

// RollCallKeys work on the roll call.
type RollCallKeys struct {
	Up, Down    key.Binding
	Toggle      key.Binding // present → absent → excused → present
	Came        key.Binding // a consultation: came ↔ not there (the same key as Toggle)
	Reason      key.Binding
	AddObserver key.Binding
	AddAttendee key.Binding // a consultation: name a villager who came
	Next        key.Binding
	Back        key.Binding
}

// RecordKeys work while recording statements. No letter is a shortcut here: the text field
// has the focus, and every printable key is text.
type RecordKeys struct {
	Save       key.Binding
	Newline    key.Binding
	SwitchPane key.Binding
	PrevPane   key.Binding
	Kind       key.Binding // the next statement kind, from any field
	NewItem    key.Binding // a new agenda item, typed below the fields
	PrevItem   key.Binding
	NextItem   key.Binding
	EditLast   key.Binding
	DeleteLast key.Binding
	Act        key.Binding // 处理 (consultation) or 表决 (formal): ActHelp names it
	// Vote and Handle are Act as the help line names it at a formal meeting and at a consultation.
	Vote, Handle key.Binding
	Close        key.Binding
	RollCall     key.Binding // back to the roll call: latecomers arrive
	Scroll       key.Binding
	ScrollDown   key.Binding
	Back         key.Binding
}

// RosterKeys work on the roster list.
type RosterKeys struct {
	Up, Down    key.Binding
	Top, Bottom key.Binding
	// PageUp and PageDown page through the changes an import would make.
	PageUp, PageDown key.Binding
	Add              key.Binding
	Edit             key.Binding
	Import           key.Binding
	Settings         key.Binding
	Back             key.Binding
}

// HomeKeys work on the home screen's lists.
type HomeKeys struct {
	Up, Down    key.Binding
	SwitchPane  key.Binding
	Open        key.Binding
	NewMeeting  key.Binding
	Roster      key.Binding
	NextVillage key.Binding
	Board       key.Binding // 事项看板
	Search      key.Binding // 查找
	Attention   key.Binding // 需关注
	Followups   key.Binding // 交办跟进
	// Filters and order of the meetings pane.
	Kind, Place, Host, Order key.Binding
	Quit                     key.Binding
	Back                     key.Binding // Esc: asks before quitting
}

// BoardKeys work on the matters board: F-keys cycle its filters.
type BoardKeys struct {
	Up, Down  key.Binding
	Open      key.Binding
	Stage     key.Binding
	Year      key.Binding
	Village   key.Binding
	Attention key.Binding
	Order     key.Binding
	Back      key.Binding
}

// SearchKeys work on the search screen. Its box has the focus: no letter is a shortcut.
type SearchKeys struct {
	Up, Down key.Binding
	Open     key.Binding
	All      key.Binding // this village or every village
	Back     key.Binding
}

// AttentionKeys work on the list of what needs attention.
type AttentionKeys struct {
	Up, Down key.Binding
	Open     key.Binding // the matter, meeting or assignment concerned
	All      key.Binding // this village or every village
	Back     key.Binding
}

// FollowupKeys work on the list of items raised at consultation meetings.
type FollowupKeys struct {
	Up, Down   key.Binding
	Filter     key.Binding // 全部 → 办理中 → 逾期 → 已办结 → 未反馈
	FilterBack key.Binding
	Sort       key.Binding // by meeting date or by deadline
	Open       key.Binding // an assignment: mark done; a matter: its trail
	Back       key.Binding
}

// CloseKeys work on the closing screen, which shows the record to be sealed (ReaderKeys scroll it).
type CloseKeys struct {
	Seal   key.Binding // asks, then seals
	Scroll key.Binding // help only: the reader's PgUp/PgDn
	Back   key.Binding // back to recording
}

// ReaderKeys work while reading a meeting or a matter.
type ReaderKeys struct {
	Up, Down, PageUp, PageDown key.Binding
	Amend                      key.Binding // a sealed meeting: 更正
	Export                     key.Binding // a meeting: 导出记录
	// A matter's trail: the meetings that touched it are links.
	NextLink, PrevLink, OpenLink key.Binding
	Back                         key.Binding
}

// MatterKeys work while reading a matter's trail: what its notices draw on, and the notices.
// F-keys only, like every screen with actions (the reader has no text field, but the forms they
// open do).
type MatterKeys struct {
	Implement key.Binding // 实施: plan, progress, dates, money, acceptance
	Notice    key.Binding // 公告: issue and post the notice the matter waits for
	Posting   key.Binding // 张贴处: another place the latest notice is posted
	Objection key.Binding // 异议: an objection to the latest notice, or its answer
	SignOff   key.Binding // 监委签署: the supervision committee's sign-off
	Withdraw  key.Binding // 撤回
	Export    key.Binding // 导出公告
	Threshold key.Binding // 特别通过比例 of the deciding vote, with its basis
}

// ExportKeys work on the export screen.
type ExportKeys struct {
	PrevFormat key.Binding // ←: its help names both arrows
	NextFormat key.Binding // →
	Unmasked   key.Binding
	Kind       key.Binding // a matter with both notices: which one
	Write      key.Binding
	Up, PageUp key.Binding
	Down       key.Binding
	PageDown   key.Binding
	Back       key.Binding
}

// FieldKeys are the keys the form fields handle themselves (form.go), as a bubbles component
// carries its own KeyMap; FormKeys names them for the help lines.
type FieldKeys struct {
	NextField, PrevField key.Binding // always move to the next or previous field
	Down, Up             key.Binding // move between one-line fields; in a list of matches, move in it
	Left, Right, Toggle  key.Binding // a choice or check field: move, tick
	Accept               key.Binding // take what is typed (the highlighted match) and move on
	Newline              key.Binding // a new line in a text area (Enter is the screen's)
}

// fieldKeys are the fields' keys: the same for every form.
var fieldKeys = FieldKeys{
	NextField: key.NewBinding(key.WithKeys("tab")),
	PrevField: key.NewBinding(key.WithKeys("shift+tab")),
	Down:      key.NewBinding(key.WithKeys("down")),
	Up:        key.NewBinding(key.WithKeys("up")),
	Left:      key.NewBinding(key.WithKeys("left")),
	Right:     key.NewBinding(key.WithKeys("right")),
	Toggle:    key.NewBinding(key.WithKeys("space")),
	Accept:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "确定")),
	Newline:   key.NewBinding(key.WithKeys("alt+enter", "ctrl+j"), key.WithHelp("Alt+Enter", "换行")),
}

// either is one binding matching the keys of all of bs, with the help given.
func either(keyHelp, desc string, bs ...key.Binding) key.Binding {
	var keys []string
	for _, b := range bs {
		keys = append(keys, b.Keys()...)
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyHelp, desc))
}

// DefaultKeyMap returns the program's keys. Letters are used only where no text field can have
// focus; Ctrl-C quits from anywhere and loses nothing, since every change is already saved.
func DefaultKeyMap() *KeyMap {
	act := key.NewBinding(key.WithKeys("f7"), key.WithHelp("F7", "处理／表决"))
	return &KeyMap{
		Global: GlobalKeys{
			Quit:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "退出")),
			Help:      key.NewBinding(key.WithKeys("f1"), key.WithHelp("F1", "全部按键")),
			CloseHelp: key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "关闭按键说明")),
		},
		Close: CloseKeys{
			Seal:   key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "定稿封存")),
			Scroll: key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("PgUp/PgDn", "翻看记录")),
			Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "继续记录")),
		},
		Welcome: WelcomeKeys{
			LoadDemo:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "载入演示村")),
			NewVillage: key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "新建本村")),
			Encrypt:    key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", "加密档案")),
			Quit:       key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("Esc", "退出")),
		},
		Home: HomeKeys{
			Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓", "选择")),
			Down:        key.NewBinding(key.WithKeys("down", "j")),
			SwitchPane:  key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("Tab", "会议／事项")),
			Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "打开")),
			NewMeeting:  key.NewBinding(key.WithKeys("n", "f2"), key.WithHelp("n", "开新会")),
			Roster:      key.NewBinding(key.WithKeys("r", "f3"), key.WithHelp("r", "花名册与设置")),
			NextVillage: key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "换村")),
			Board:       key.NewBinding(key.WithKeys("f5"), key.WithHelp("F5", "事项看板")),
			Search:      key.NewBinding(key.WithKeys("ctrl+f", "/"), key.WithHelp("/", "查找")),
			Attention:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "需关注")),
			Followups:   key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "交办跟进")),
			Kind:        key.NewBinding(key.WithKeys("f6"), key.WithHelp("F6", "类别")),
			Place:       key.NewBinding(key.WithKeys("f7"), key.WithHelp("F7", "地点")),
			Host:        key.NewBinding(key.WithKeys("f8"), key.WithHelp("F8", "主持人")),
			Order:       key.NewBinding(key.WithKeys("f9"), key.WithHelp("F9", "新旧")),
			Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "退出")),
			Back:        key.NewBinding(key.WithKeys("esc")), // asks before quitting
		},
		Board: BoardKeys{
			Up:        key.NewBinding(key.WithKeys("up"), key.WithHelp("↑↓", "选择")),
			Down:      key.NewBinding(key.WithKeys("down")),
			Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "经过")),
			Stage:     key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "阶段")),
			Year:      key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", "年份")),
			Village:   key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "村")),
			Attention: key.NewBinding(key.WithKeys("f5"), key.WithHelp("F5", "需关注")),
			Order:     key.NewBinding(key.WithKeys("f6"), key.WithHelp("F6", "排序")),
			Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "返回")),
		},
		Search: SearchKeys{
			Up:   key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑↓", "选择")),
			Down: key.NewBinding(key.WithKeys("down", "ctrl+n")),
			Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "打开")),
			All:  key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "本村／全部村")),
			Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "返回")),
		},
		Form: FormKeys{
			Next:   either("Tab/↓", "下一项", fieldKeys.NextField, fieldKeys.Down),
			Prev:   either("↑", "上一项", fieldKeys.PrevField, fieldKeys.Up),
			Submit: key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "保存")),
			Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "取消")),
			Accept: fieldKeys.Accept,
			Choose: either("←→", "选择", fieldKeys.Left, fieldKeys.Right),
			Tick:   either("←→ 空格", "勾选", fieldKeys.Left, fieldKeys.Right, fieldKeys.Toggle),
		},
		Settings: SettingsKeys{
			Raise: key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "改为法定标准")),
		},
		RollCall: RollCallKeys{
			Up:          key.NewBinding(key.WithKeys("up"), key.WithHelp("↑↓", "选择")),
			Down:        key.NewBinding(key.WithKeys("down")),
			Toggle:      key.NewBinding(key.WithKeys("space"), key.WithHelp("空格", "出席／缺席／请假")),
			Reason:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "写原因")),
			Came:        key.NewBinding(key.WithKeys("space"), key.WithHelp("空格", "到场／未到")),
			AddObserver: key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", "加列席")),
			AddAttendee: key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "加到会村民")),
			Next:        key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "开始记录")),
			Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "返回")),
		},
		Record: RecordKeys{
			Save:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "记下")),
			Newline:    fieldKeys.Newline,
			SwitchPane: relabel(fieldKeys.NextField, "发言人／类别／内容"),
			PrevPane:   fieldKeys.PrevField,
			Kind:       key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("Ctrl+L", "换类别")),
			NewItem:    key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "新议题")),
			PrevItem:   key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3/F4", "上／下一议题")),
			NextItem:   key.NewBinding(key.WithKeys("f4")),
			EditLast:   key.NewBinding(key.WithKeys("f5"), key.WithHelp("F5", "改上一条")),
			DeleteLast: key.NewBinding(key.WithKeys("f6"), key.WithHelp("F6", "删上一条")),
			Act:        act,
			Vote:       relabel(act, "表决"),
			Handle:     relabel(act, "答复／交办／转四议"),
			Close:      key.NewBinding(key.WithKeys("f8"), key.WithHelp("F8", "散会")),
			RollCall:   key.NewBinding(key.WithKeys("f9"), key.WithHelp("F9", "点名")),
			Scroll:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("PgUp/PgDn", "翻看")),
			ScrollDown: key.NewBinding(key.WithKeys("pgdown")),
			Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "回首页")),
		},
		Roster: RosterKeys{
			Up:       key.NewBinding(key.WithKeys("up"), key.WithHelp("↑↓", "选择")),
			Down:     key.NewBinding(key.WithKeys("down")),
			PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("PgUp/PgDn", "翻页")),
			PageDown: key.NewBinding(key.WithKeys("pgdown", "space")),
			Top:      key.NewBinding(key.WithKeys("home")),
			Bottom:   key.NewBinding(key.WithKeys("end")),
			Add:      key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "添加")),
			Edit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "修改")),
			Import:   key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", "导入花名册")),
			Settings: key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "本村设置")),
			Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "返回")),
		},
		Attention: AttentionKeys{
			Up:   key.NewBinding(key.WithKeys("up"), key.WithHelp("↑↓", "选择")),
			Down: key.NewBinding(key.WithKeys("down")),
			Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "去处理")),
			All:  key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "本村／全部村")),
			Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "返回")),
		},
		Followups: FollowupKeys{
			Up:         key.NewBinding(key.WithKeys("up"), key.WithHelp("↑↓", "选择")),
			Down:       key.NewBinding(key.WithKeys("down")),
			Filter:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("Tab", "筛选")),
			FilterBack: key.NewBinding(key.WithKeys("shift+tab")),
			Sort:       key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", "排序")),
			Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "办结／打开")),
			Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "返回")),
		},
		Reader: ReaderKeys{
			Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓", "滚动")),
			Down:     key.NewBinding(key.WithKeys("down", "j")),
			PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("PgUp/PgDn", "翻页")),
			PageDown: key.NewBinding(key.WithKeys("pgdown", "space")),
			Amend:    key.NewBinding(key.WithKeys("f5"), key.WithHelp("F5", "更正")),
			Export:   key.NewBinding(key.WithKeys("f6"), key.WithHelp("F6", "导出")),
			NextLink: key.NewBinding(key.WithKeys("tab"), key.WithHelp("Tab", "选会议")),
			PrevLink: key.NewBinding(key.WithKeys("shift+tab")),
			OpenLink: key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "看会议")),
			Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("Esc", "返回")),
		},
		Matter: MatterKeys{
			Implement: key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "实施")),
			Notice:    key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", "公告")),
			Posting:   key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "张贴处")),
			Objection: key.NewBinding(key.WithKeys("f5"), key.WithHelp("F5", "异议")),
			SignOff:   key.NewBinding(key.WithKeys("f6"), key.WithHelp("F6", "监委签署")),
			Withdraw:  key.NewBinding(key.WithKeys("f7"), key.WithHelp("F7", "撤回")),
			Export:    key.NewBinding(key.WithKeys("f8"), key.WithHelp("F8", "导出公告")),
			Threshold: key.NewBinding(key.WithKeys("f9"), key.WithHelp("F9", "通过比例")),
		},
		Export: ExportKeys{
			PrevFormat: key.NewBinding(key.WithKeys("left"), key.WithHelp("←→", "格式")),
			NextFormat: key.NewBinding(key.WithKeys("right")),
			Unmasked:   key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", "内部版（不遮蔽）")),
			Kind:       key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "决议／结果公告")),
			Write:      key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "写入文件")),
			Up:         key.NewBinding(key.WithKeys("up"), key.WithHelp("↑↓", "滚动")),
			Down:       key.NewBinding(key.WithKeys("down")),
			PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("PgUp/PgDn", "翻页")),
			PageDown:   key.NewBinding(key.WithKeys("pgdown", "space")),
			Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "返回")),
		},
	}
}

// relabel is binding b as one screen names what it does there: the keys and their label come
// from the key map, only the description is the screen's.
func relabel(b key.Binding, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, desc))
}

// tableKeyMap is the bubbles table's key map with a screen's up and down keys, paging by PgUp
// and PgDn only and no half pages: space, f, b, u and d are the screen's.
func tableKeyMap(up, down key.Binding) table.KeyMap {
	km := table.DefaultKeyMap()
	km.LineUp = up
	km.LineDown = down
	km.HalfPageUp.SetEnabled(false)
	km.HalfPageDown.SetEnabled(false)
	km.PageDown = key.NewBinding(key.WithKeys("pgdown"))
	km.PageUp = key.NewBinding(key.WithKeys("pgup"))
	return km
}

// tableKeys adapts the home keys to the bubbles table.
func (k HomeKeys) tableKeys() table.KeyMap { return tableKeyMap(k.Up, k.Down) }

// tableKeys adapts the board keys to the bubbles table.
func (k BoardKeys) tableKeys() table.KeyMap { return tableKeyMap(k.Up, k.Down) }

// viewportKeys adapts the reader keys to the bubbles viewport.
func (k ReaderKeys) viewportKeys() viewport.KeyMap {
	km := viewport.DefaultKeyMap()
	km.Up, km.Down, km.PageUp, km.PageDown = k.Up, k.Down, k.PageUp, k.PageDown
	km.HalfPageUp.SetEnabled(false)
	km.HalfPageDown.SetEnabled(false)
	km.Left.SetEnabled(false)
	km.Right.SetEnabled(false)
	return km
}
