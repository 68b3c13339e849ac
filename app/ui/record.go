package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the recording screen.
type (
	// draftTickMsg is the moment to save the half-typed statement, if it changed since.
	draftTickMsg struct{ meeting meeting.ID }
)

// recordData is what the recording screen needs of the archive.
type recordData struct {
	village  meeting.Village
	m        meeting.Meeting
	people   []meeting.Person
	stmts    []meeting.Statement
	matters  map[meeting.ID]meeting.Matter
	draft    meeting.StatementDraft
	hasDraft bool
}

// openRecording reads a meeting being recorded, with its statements and its half-typed draft,
// and shows the recording screen; it marks the meeting as the one to reopen at start.
func openRecording(c *Common, id meeting.ID) tea.Cmd {
	s := c.Store
	return func() tea.Msg {
		var d recordData
		var err error
		if d.m, err = s.Meeting(id); err != nil {
			return errMsg{err}
		}
		if err := d.m.Editable(); err != nil {
			return errMsg{err}
		}
		if d.village, err = s.Village(d.m.VillageID); err != nil {
			return errMsg{err}
		}
		if d.people, err = s.People(d.village.ID); err != nil {
			return errMsg{err}
		}
		if d.stmts, err = s.Statements(id); err != nil {
			return errMsg{err}
		}
		d.matters = map[meeting.ID]meeting.Matter{}
		for _, it := range d.m.Items {
			if it.MatterID != 0 {
				if x, err := s.Matter(it.MatterID); err == nil {
					d.matters[x.ID] = x
				}
			}
		}
		if d.draft, d.hasDraft, err = s.Draft(id); err != nil {
			return errMsg{err}
		}
		if err := core.Resume(s, id); err != nil {
			return errMsg{err}
		}
		return built(func() Component { return newRecord(c, d) })
	}
}

// Focus of the recording screen's input area.
const (
	speakerFocus = iota
	kindFocus
	textFocus
)

// record is where statements are typed as they are spoken: pick the speaker (pinyin initials or
// part of the name), type what they said, Enter. Each statement is one durable write; the
// half-typed one is saved as a draft moments after each change, so nothing is lost to a closed
// lid or a kill.
type record struct {
	c       *Common
	village meeting.Village
	m       meeting.Meeting
	people  []meeting.Person
	index   *meeting.Index
	matters map[meeting.ID]meeting.Matter
	stmts   []meeting.Statement
	item    int // the agenda item's number

	speaker *personField
	kind    *choiceField
	text    *textField
	focus   int
	last    meeting.Ref // the last speaker, for "same speaker again"
	kindSet bool        // the kind was chosen by hand for this statement
	// kinds are the kinds chosen by hand for each speaker at this meeting (by meeting.Ref.Same):
	// a speaker's next statement starts with the kind last chosen for them, others with the
	// default of their role (meeting.DefaultKind).
	kinds   []speakerKind
	editing meeting.ID // the statement being corrected, 0 for a new one
	confirm string     // a pending confirmation, said on screen
	newItem *textField // a new agenda item being typed

	// stored is the draft the archive holds for this meeting, by draftKey ("" for none): the
	// fields differ from it while what is typed is not yet kept. Tracked explicitly, so a
	// statement saved (which drops the draft in its own transaction) needs no second commit.
	stored     string
	ticking    bool // a draft save is scheduled
	draftSaved time.Time
	scroll     int // statement lines scrolled back from the newest
	shownTop   int // the first statement line the view shows (PgUp goes on from there)

	cache    []string // the current item's statements laid out
	starts   []int    // the line of cache each statement starts on
	cacheKey string
	rev      int // counts changes to stmts, so the layout is redone
	width    int
	height   int
	err      string
}

// speakerKind is the kind last chosen by hand for a speaker.
type speakerKind struct {
	who  meeting.Ref
	kind meeting.StatementKind
}

func newRecord(c *Common, d recordData) *record {
	st := c.Styles
	r := &record{c: c, village: d.village, m: d.m, people: d.people, index: meeting.NewIndex(d.m.Named(d.people)),
		matters: d.matters, stmts: d.stmts, item: 1}
	labels := make([]string, len(meeting.StatementKinds))
	for i, k := range meeting.StatementKinds {
		labels[i] = k.Label()
	}
	r.speaker = newPersonField(st, "发言人", r.index, meeting.Ref{})
	r.kind = newChoiceField("类别", labels, 0)
	r.text = newTextArea(st, "内容", "", "说了什么（Enter 记下，Alt+Enter 换行）", 3)
	r.text.ta.KeyMap.InsertNewline = c.Keys.Record.Newline
	// Where the recording left off: the item of the latest statement; a meeting not yet spoken
	// at starts at the first item of its agenda. (A draft, restored below, puts back its own.)
	if len(d.m.Items) > 0 {
		r.item = d.m.Items[0].N
	}
	if n := len(d.stmts); n > 0 {
		if _, ok := d.m.Item(d.stmts[n-1].Item); ok {
			r.item = d.stmts[n-1].Item
		}
	}
	for i := len(d.stmts) - 1; i >= 0; i-- {
		if d.stmts[i].Item == r.item || r.last.Name == "" {
			r.last = d.stmts[i].Speaker
			break
		}
	}
	if d.hasDraft {
		r.restore(d.draft)
	} else if m := d.m.Kind; m == meeting.Consultation {
		r.setKind(meeting.Concern)
	} else {
		r.setKind(meeting.Opinion)
	}
	r.setFocus(speakerFocus)
	if d.hasDraft && d.draft.Speaker.Name != "" {
		r.setFocus(textFocus)
	}
	return r
}

// restore puts a saved draft back into the fields, as it was when the lid closed.
func (r *record) restore(d meeting.StatementDraft) {
	if _, ok := r.m.Item(d.Item); ok {
		r.item = d.Item
	}
	if d.Speaker.Name != "" {
		r.speaker.Set(d.Speaker)
	}
	if d.Kind.Valid() {
		r.setKind(d.Kind)
		r.kindSet = true
	}
	r.text.SetValue(d.Text)
	r.editing = d.Editing
	r.draftSaved = d.Updated
	r.stored = draftKey(r.draft())
}

func (r *record) setKind(k meeting.StatementKind) {
	for i, x := range meeting.StatementKinds {
		if x == k {
			r.kind.index = i
		}
	}
}

func (r *record) currentKind() meeting.StatementKind { return meeting.StatementKinds[r.kind.index] }

func (r *record) setFocus(f int) tea.Cmd {
	r.focus = f
	r.speaker.Blur()
	r.kind.Blur()
	r.text.Blur()
	switch f {
	case speakerFocus:
		return r.speaker.Focus()
	case kindFocus:
		return r.kind.Focus()
	}
	return r.text.Focus()
}

// draft is the input area as it stands.
func (r *record) draft() meeting.StatementDraft {
	return meeting.StatementDraft{MeetingID: r.m.ID, Item: r.item, Speaker: r.speaker.Ref(), Kind: r.currentKind(),
		Text: r.text.ta.Value(), Editing: r.editing, Step: "record", Updated: r.c.Now().In(meeting.Beijing)}
}

// draftKey is what a draft holds, to tell whether the fields still show what the archive keeps.
// An empty draft is kept as none.
func draftKey(d meeting.StatementDraft) string {
	if d.Empty() {
		return ""
	}
	return fmt.Sprint(d.Item, d.Speaker.Name, d.Speaker.PersonID, d.Kind, d.Text, d.Editing)
}

// unsaved reports whether the fields hold something the archive does not keep yet.
func (r *record) unsaved() bool { return draftKey(r.draft()) != r.stored }

func (r *record) SetSize(width, height int) {
	r.width, r.height = width, height
	r.rev++
}

func (r *record) Update(msg tea.Msg) (Component, tea.Cmd) {
	cmd := r.update(msg)
	if !r.ticking && r.unsaved() {
		r.ticking = true
		id, delay := r.m.ID, r.c.DraftDelay
		cmd = tea.Batch(cmd, tea.Tick(delay, func(time.Time) tea.Msg { return draftTickMsg{id} }))
	}
	return r, cmd
}

func (r *record) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case draftTickMsg:
		r.ticking = false
		if msg.meeting == r.m.ID && r.unsaved() {
			return r.saveDraft()
		}
		return nil
	case tea.PasteMsg:
		if r.focus == textFocus {
			return r.text.Update(msg)
		}
	case tea.KeyPressMsg:
		return r.key(msg)
	}
	return nil
}

// saveDraft writes the half-typed statement.
func (r *record) saveDraft() tea.Cmd {
	d := r.draft()
	if err := core.SaveDraft(r.c.Store, d); err != nil {
		return func() tea.Msg { return errMsg{err} }
	}
	r.stored = draftKey(d)
	r.draftSaved = d.Updated
	return nil
}

func (r *record) key(k tea.KeyPressMsg) tea.Cmd {
	keys := r.c.Keys.Record
	if r.newItem != nil {
		return r.typeItem(k)
	}
	if r.confirm != "" {
		pending := r.confirm
		r.confirm = ""
		if pending == "delete" && key.Matches(k, keys.DeleteLast) {
			return r.deleteLast()
		}
		if pending == "orphan" && r.focus == textFocus && key.Matches(k, keys.Save) {
			r.editing = 0 // asked for: the correction of a deleted statement becomes a new one
			return r.save()
		}
		if pending == "delete" {
			r.err = "" // cancelled: the key does what it does
		}
	}
	switch {
	case key.Matches(k, keys.Back):
		if r.editing != 0 {
			r.editing, r.err = 0, ""
			r.text.SetValue("")
			return nil
		}
		r.flushDraft()
		return tea.Batch(r.leave(), goHome(""))
	case key.Matches(k, keys.PrevItem):
		r.moveItem(-1)
		return nil
	case key.Matches(k, keys.NextItem):
		r.moveItem(1)
		return nil
	case key.Matches(k, keys.EditLast):
		if r.editing == 0 && strings.TrimSpace(r.text.ta.Value()) != "" {
			r.err = "正在输入的这句还没记下：先按 Enter 记下，或清空后再按 F5 改上一条"
			return nil
		}
		r.editLast()
		return r.setFocus(textFocus)
	case key.Matches(k, keys.DeleteLast):
		if s, ok := r.lastOfItem(); ok {
			r.confirm = "delete"
			r.err = fmt.Sprintf("再按 F6 删除 %s 的「%s」，按其他键取消", s.Speaker.Name, short(s.Text, 12))
		}
		return nil
	case key.Matches(k, keys.Act):
		r.flushDraft()
		return r.act()
	case key.Matches(k, keys.Close):
		r.flushDraft()
		return openClose(r.c, r.m.ID)
	case key.Matches(k, keys.RollCall):
		r.flushDraft()
		return openRollCall(r.c, r.m.ID)
	case key.Matches(k, keys.NewItem):
		if r.editing != 0 {
			r.err = editingFirst
			return nil
		}
		r.newItem = newTextField(r.c.Styles, "新议题", "", "议题名称，例如 二组路灯不亮")
		return r.newItem.Focus()
	case key.Matches(k, keys.Scroll):
		// The view before ends where this one's first shown line begins: a statement left out
		// whole at the top (nextStart) is not skipped over.
		r.scroll = min(r.scroll+max(r.statementRows()-1, 1), len(r.lines())-r.shownTop)
		return nil
	case key.Matches(k, keys.ScrollDown):
		r.scroll = max(r.scroll-max(r.statementRows()-1, 1), 0)
		return nil
	case key.Matches(k, keys.Kind):
		r.kind.index = (r.kind.index + 1) % len(meeting.StatementKinds)
		r.kindSet = true
		return nil
	case key.Matches(k, keys.SwitchPane):
		return r.movePane(1)
	case key.Matches(k, keys.PrevPane):
		return r.movePane(2)
	}
	switch r.focus {
	case speakerFocus:
		if key.Matches(k, r.c.Keys.Form.Accept) {
			r.pickSpeaker()
			if r.unknownInitials() {
				return nil
			}
			return r.setFocus(textFocus)
		}
		return r.speaker.Update(k)
	case kindFocus:
		if key.Matches(k, r.c.Keys.Form.Accept) {
			return r.setFocus(textFocus)
		}
		before := r.kind.index
		cmd := r.kind.Update(k)
		if r.kind.index != before {
			r.kindSet = true
		}
		return cmd
	}
	if key.Matches(k, keys.Save) {
		return r.save()
	}
	return r.text.Update(k)
}

// movePane moves the focus by step among the speaker, kind and text fields (2 goes back one),
// settling the speaker typed when leaving its field.
func (r *record) movePane(step int) tea.Cmd {
	next := (r.focus + step) % 3
	if r.focus == speakerFocus {
		r.pickSpeaker()
		if r.unknownInitials() {
			return nil
		}
	}
	return r.setFocus(next)
}

// pickSpeaker settles the speaker field: the highlighted match, or the last speaker again when
// it is left empty; the kind follows the speaker unless it was chosen by hand.
func (r *record) pickSpeaker() {
	r.speaker.accept()
	if r.speaker.Ref().Name == "" && r.last.Name != "" {
		r.speaker.Set(r.last)
	}
	if r.kindSet {
		return
	}
	for _, c := range r.kinds {
		if c.who.Same(r.speaker.Ref()) {
			r.setKind(c.kind)
			return
		}
	}
	p, ok := r.speaker.Person()
	if ok {
		for _, x := range r.people {
			if x.ID == p.ID {
				p = x
			}
		}
	}
	r.setKind(meeting.DefaultKind(r.m, p))
}

// unknownInitials reports, and says on screen, when the speaker typed is Latin letters that
// match nobody (wzq): pinyin initials mistyped, or of someone not on the roster, never a name
// to record. A name in Chinese not on the roster is a villager, remembered.
func (r *record) unknownInitials() bool {
	ref := r.speaker.Ref()
	if ref.PersonID != 0 || meeting.LatinQuery(ref.Name) == "" {
		return false
	}
	if _, ok := r.speaker.Person(); ok {
		return false
	}
	r.err = "「" + ref.Name + "」对不上任何人：请检查拼音首字母，或直接输入姓名（不在花名册上的村民写全名）"
	return true
}

// badName reports, and says on screen, when the speaker typed is no name at all: too long, or
// with control characters in it (meeting.NameProblem).
func (r *record) badName() bool {
	ref := r.speaker.Ref()
	if ref.PersonID != 0 {
		return false
	}
	if msg := meeting.NameProblem(ref.Name); msg != "" {
		r.err = "发言人的" + msg
		return true
	}
	return false
}

// save writes the statement typed (or the correction of one), and clears the draft, in one
// transaction. A speaker not on the roster is remembered as a villager.
func (r *record) save() tea.Cmd {
	r.pickSpeaker()
	if r.unknownInitials() || r.badName() {
		return r.setFocus(speakerFocus)
	}
	text := strings.TrimSpace(r.text.ta.Value())
	ref := r.speaker.Ref()
	st := meeting.Statement{MeetingID: r.m.ID, Item: r.item, Speaker: ref, At: r.c.Now().In(meeting.Beijing),
		Kind: r.currentKind(), Text: text}
	if r.editing != 0 {
		for _, s := range r.stmts {
			if s.ID == r.editing {
				// A correction keeps the statement's time and its item.
				st.ID, st.At, st.Item = s.ID, s.At, s.Item
			}
		}
		if st.ID == 0 {
			// The statement being corrected is gone (deleted): the text is not saved as a new one
			// unasked. Enter again records it as a new statement; Esc drops it.
			r.confirm = "orphan"
			r.err = "要修改的那句发言已经删除，这次没有保存。再按 Enter 把这段作为新发言记下，按 Esc 放弃"
			return nil
		}
	}
	if err := st.Validate(); err != nil {
		r.err = err.Error()
		if ref.Name == "" {
			return r.setFocus(speakerFocus)
		}
		return nil
	}
	var guest *meeting.Person
	if ref.PersonID == 0 {
		g := meeting.GuestNamed(r.people, r.village.ID, ref.Name)
		guest = &g
	}
	if err := core.RecordStatement(r.c.Store, &st, guest); err != nil {
		r.err = "没有记下：" + err.Error()
		return nil
	}
	if guest != nil && !r.known(guest.ID) {
		r.people = append(r.people, *guest)
		r.index = meeting.NewIndex(r.m.Named(r.people))
		r.speaker.index = r.index
	}
	what := "发言"
	if r.editing != 0 {
		for i := range r.stmts {
			if r.stmts[i].ID == st.ID {
				r.stmts[i] = st
			}
		}
		what = "修改"
	} else {
		r.stmts = append(r.stmts, st)
	}
	if r.kindSet {
		r.rememberKind(st.Speaker, st.Kind)
	}
	r.err, r.editing, r.kindSet, r.scroll = "", 0, false, 0
	r.last = st.Speaker
	r.text.SetValue("")
	r.speaker.Set(meeting.Ref{})
	r.speaker.text.ta.Placeholder = "Enter：仍是 " + st.Speaker.Name + "；或输入姓名、拼音首字母"
	r.stored = "" // the statement's transaction dropped the draft
	r.rev++
	return tea.Batch(r.setFocus(speakerFocus), saved(what))
}

// rememberKind keeps the kind chosen by hand for a speaker, for their next statement.
func (r *record) rememberKind(who meeting.Ref, k meeting.StatementKind) {
	for i := range r.kinds {
		if r.kinds[i].who.Same(who) {
			r.kinds[i].kind = k
			return
		}
	}
	r.kinds = append(r.kinds, speakerKind{who, k})
}

func (r *record) known(id meeting.ID) bool {
	for _, p := range r.people {
		if p.ID == id {
			return true
		}
	}
	return false
}

// flush saves a pending draft at once: the program is about to end.
func (r *record) flush() { r.flushDraft() }

// flushDraft saves a pending draft at once, before leaving the screen.
func (r *record) flushDraft() {
	if r.unsaved() {
		r.saveDraft()
	}
}

// leave stops reopening this meeting at start: the recorder left it on purpose.
func (r *record) leave() tea.Cmd {
	s := r.c.Store
	return func() tea.Msg {
		if err := core.Leave(s); err != nil {
			return errMsg{err}
		}
		return nil
	}
}

// editingFirst is said when the agenda item would change while a statement is being corrected:
// the correction belongs to its own item, and would otherwise be saved as a copy under another.
const editingFirst = "正在修改一句发言：先按 Enter 保存修改，或按 Esc 放弃，再换议题"

// moveItem goes to the previous or next agenda item; while a statement is being corrected it
// refuses, and says so.
func (r *record) moveItem(d int) {
	if r.editing != 0 {
		r.err = editingFirst
		return
	}
	for i, it := range r.m.Items {
		if it.N == r.item {
			j := i + d
			if j >= 0 && j < len(r.m.Items) {
				r.item = r.m.Items[j].N
				r.scroll = 0
			}
			return
		}
	}
}

func (r *record) lastOfItem() (meeting.Statement, bool) {
	for i := len(r.stmts) - 1; i >= 0; i-- {
		if r.stmts[i].Item == r.item {
			return r.stmts[i], true
		}
	}
	return meeting.Statement{}, false
}

// editLast loads the item's last statement into the fields, to correct it before sealing.
func (r *record) editLast() {
	s, ok := r.lastOfItem()
	if !ok {
		r.err = "这个议题还没有发言可改"
		return
	}
	r.editing = s.ID
	r.speaker.Set(s.Speaker)
	r.setKind(s.Kind)
	r.kindSet = true
	r.text.SetValue(s.Text)
	r.err = "正在修改 " + s.At.In(meeting.Beijing).Format("15:04") + " 的发言：Enter 保存，Esc 放弃"
}

func (r *record) deleteLast() tea.Cmd {
	s, ok := r.lastOfItem()
	if !ok {
		return nil
	}
	if err := core.DeleteStatement(r.c.Store, r.m.ID, s.ID); err != nil {
		r.err = err.Error()
		return nil
	}
	for i := range r.stmts {
		if r.stmts[i].ID == s.ID {
			r.stmts = append(r.stmts[:i], r.stmts[i+1:]...)
			break
		}
	}
	r.err = ""
	if r.editing == s.ID {
		// The statement being corrected is gone: so is its correction.
		r.editing, r.kindSet = 0, false
		r.text.SetValue("")
		r.speaker.Set(meeting.Ref{})
	}
	r.rev++
	return saved("删除")
}

// typeItem takes keys while a new agenda item is typed: Enter adds it, Esc drops it.
func (r *record) typeItem(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, r.c.Keys.Form.Cancel):
		r.newItem = nil
		return r.setFocus(r.focus)
	case key.Matches(k, r.c.Keys.Form.Accept):
		title := r.newItem.Value()
		r.newItem = nil
		if title == "" {
			return r.setFocus(r.focus)
		}
		m, err := core.AddItem(r.c.Store, r.m.ID, title)
		if err != nil {
			r.err = err.Error()
			return nil
		}
		r.m, r.item, r.scroll = m, m.Items[len(m.Items)-1].N, 0
		return tea.Batch(r.setFocus(speakerFocus), saved("议题"))
	}
	return r.newItem.Update(k)
}

// act opens what ends the current item: a vote at a formal meeting; at a consultation, an
// answer, an assignment, or a matter for 四议两公开.
func (r *record) act() tea.Cmd {
	it, ok := r.m.Item(r.item)
	if !ok {
		return nil
	}
	if r.m.Kind == meeting.Formal {
		return openVote(r.c, r.m.ID, it.N)
	}
	return openOutcome(r.c, r.m.ID, it.N)
}

// statementRows is how many lines the statements have on screen.
func (r *record) statementRows() int {
	rows := r.height - 2 - 7
	if r.newItem != nil {
		rows--
	}
	return max(rows, 1)
}

// lines lays out the current item's statements, kept until they or the width change.
func (r *record) lines() []string {
	key := fmt.Sprint(r.item, r.width, r.rev)
	if key == r.cacheKey {
		return r.cache
	}
	st := r.c.Styles
	var out []string
	r.starts = r.starts[:0]
	for _, s := range r.stmts {
		if s.Item != r.item {
			continue
		}
		head := st.Subtle.Render(s.At.In(meeting.Beijing).Format("15:04")) + " " + st.Heading.Render(s.Speaker.Name) +
			st.Subtle.Render("（"+s.Kind.Label()+"）") + "："
		r.starts = append(r.starts, len(out))
		out = append(out, strings.Split(wrap(head+s.Text, r.width-1), "\n")...)
	}
	if len(out) == 0 {
		out = []string{st.Subtle.Render("还没有发言。输入发言人（姓名或拼音首字母，如 jcy），Enter，再输入内容，Enter 记下。")}
		out = strings.Split(wrap(out[0], r.width-1), "\n")
	}
	r.cache, r.cacheKey = out, key
	return out
}

func (r *record) header() (string, string) {
	st := r.c.Styles
	it, _ := r.m.Item(r.item)
	pos := 0
	for i, x := range r.m.Items {
		if x.N == r.item {
			pos = i + 1
		}
	}
	title := st.Title.Render(fmt.Sprintf("议题 %d/%d：%s", pos, len(r.m.Items), it.Title))
	var parts []string
	if x, ok := r.matters[it.MatterID]; ok && it.MatterID != 0 && it.Step != "" {
		parts = append(parts, stageStrip(st, x)+st.Subtle.Render("　本次"+it.Step.Label()))
	}
	if v := it.Vote; v != nil {
		var matter *meeting.Matter
		if x, ok := r.matters[it.MatterID]; ok {
			matter = &x
		}
		d := r.village.Settings.ItemVerdict(r.m, it.Step, *v, matter)
		style := st.Saved
		if !d.Passed {
			style = st.Error
		}
		parts = append(parts, style.Render("已表决："+d.Result()))
	}
	if o := it.Outcome; o != nil {
		parts = append(parts, st.Saved.Render("已"+o.Kind.Label()))
	}
	if len(parts) == 0 {
		parts = append(parts, st.Subtle.Render(r.m.Name()))
	}
	sub := strings.Join(parts, "　")
	return title, sub
}

func (r *record) View() string {
	w := r.width
	title, sub := r.header()
	out := []string{lipgloss.NewStyle().MaxWidth(w).Render(title), lipgloss.NewStyle().MaxWidth(w).Render(sub)}
	lines := r.lines()
	rows := r.statementRows()
	end := max(len(lines)-r.scroll, min(rows, len(lines)))
	r.scroll = len(lines) - end
	start := max(end-rows, 0)
	var shown []string
	r.shownTop = start
	if b, ok := r.nextStart(start, end); ok {
		r.shownTop = b
		// The first statement in the window would begin above it: it is left out whole, and a
		// line says so, rather than showing its end as if it were all of it.
		shown = append(shown, r.c.Styles.Subtle.Render(ansi.Truncate(fmt.Sprintf("%s 上面还有 %d 行，PgUp 翻看", core.CutMark, b), w, core.CutMark)))
		shown = append(shown, lines[b:end]...)
	} else {
		shown = lines[start:end]
	}
	for len(shown) < rows {
		shown = append(shown, "")
	}
	out = append(out, shown...)
	// The input area starts at inputTop: the title, the subtitle and the statements' rows.
	out = append(out, r.inputArea()...)
	return strings.Join(out, "\n")
}

// nextStart reports, when line start of the statements is not where a statement begins, the
// line the next one begins on, if it is within the window (start to end). A statement longer
// than the window is shown from wherever the window starts.
func (r *record) nextStart(start, end int) (int, bool) {
	if start == 0 || slices.Contains(r.starts, start) {
		return 0, false
	}
	for _, b := range r.starts {
		if b > start {
			return b, b < end
		}
	}
	return 0, false
}

// inputTop is the line the input area starts on: below the title, the subtitle and the rows
// the statements are given (View pads them to that many).
func (r *record) inputTop() int { return 2 + r.statementRows() }

// The input area's rows, in order; the text field's rows follow from rowText, then the new
// agenda item being typed, if any.
const (
	rowRule = iota
	rowSpeaker
	rowHint // the speaker's matches, or the error
	rowKind
	rowText
)

// fieldLabel is a field's label; the focused field is marked as in every form (focusMark), not
// by a bold label alone.
func (r *record) fieldLabel(name string, focused bool) string {
	st := r.c.Styles
	if focused {
		return st.Title.Render(focusMark) + st.Heading.Render(name+"：")
	}
	return "  " + st.Subtle.Render(name+"：")
}

// newItemLabel heads the new agenda item being typed.
const newItemLabel = "新议题："

// fieldSpot is where field starts (its label's end), in the window: inputArea lays the fields
// out by the same rows and labels, so the cursor follows the layout instead of mirroring it.
func (r *record) fieldSpot(field int) tea.Position {
	top := r.inputTop()
	switch field {
	case speakerFocus:
		return tea.Position{X: lipgloss.Width(r.fieldLabel("发言人", true)), Y: top + rowSpeaker}
	case textFocus:
		return tea.Position{X: lipgloss.Width(r.fieldLabel("内容", true)), Y: top + rowText}
	}
	// the new agenda item, below the text field's rows
	return tea.Position{X: lipgloss.Width(newItemLabel), Y: top + rowText + r.text.ta.Height()}
}

// inputArea is the speaker, kind and text fields, with the draft's state, in the rows above.
func (r *record) inputArea() []string {
	st := r.c.Styles
	w := r.width
	label := r.fieldLabel
	rule := st.Subtle.Render(strings.Repeat("-", w))
	if r.scroll > 0 {
		rule = st.Warning.Render(lipgloss.NewStyle().MaxWidth(w).Render(fmt.Sprintf("-- 往上翻了 %d 行，PgDn 回到最新 ", r.scroll))) + st.Subtle.Render(strings.Repeat("-", max(w-30, 0)))
		rule = lipgloss.NewStyle().MaxWidth(w).Render(rule)
	}
	speaker := label("发言人", r.focus == speakerFocus)
	sp := strings.Split(r.speaker.View(st, w-lipgloss.Width(speaker)), "\n")
	hint := ""
	if len(sp) > 1 {
		hint = sp[1]
	}
	kind := label("类别", r.focus == kindFocus)
	kindLine := kind + r.kind.View(st, w-lipgloss.Width(kind))
	state := ""
	if !r.draftSaved.IsZero() && !r.unsaved() && r.text.ta.Value() != "" {
		// Only while what is shown is what was saved: keys still arriving make it unsaved.
		state = "草稿已存 " + r.draftSaved.In(meeting.Beijing).Format("15:04:05")
	}
	if r.editing != 0 {
		state = "修改中"
	}
	if gap := w - lipgloss.Width(kindLine) - lipgloss.Width(state); gap > 1 {
		kindLine += strings.Repeat(" ", gap) + st.Subtle.Render(state)
	}
	msg := hint
	if r.err != "" {
		msg = st.Error.Render(r.err)
	}
	content := label("内容", r.focus == textFocus)
	text := strings.Split(r.text.View(st, w-lipgloss.Width(content)), "\n")
	out := make([]string, rowText, rowText+len(text)+1)
	out[rowRule] = rule
	out[rowSpeaker] = speaker + sp[0]
	out[rowHint] = lipgloss.NewStyle().MaxWidth(w).Render(msg)
	out[rowKind] = kindLine
	for i, l := range text {
		if i == 0 {
			out = append(out, content+l)
		} else {
			out = append(out, strings.Repeat(" ", lipgloss.Width(content))+l)
		}
	}
	if r.newItem != nil {
		out = append(out, st.Heading.Render(newItemLabel)+r.newItem.View(st, w-lipgloss.Width(newItemLabel)))
	}
	return out
}

// Cursor is the caret of the field with the focus, where the input method's window belongs.
func (r *record) Cursor() *tea.Cursor {
	var c *tea.Cursor
	var at tea.Position
	switch {
	case r.newItem != nil:
		c, at = r.newItem.Cursor(), r.fieldSpot(-1)
	case r.focus == speakerFocus:
		c, at = r.speaker.Cursor(), r.fieldSpot(speakerFocus)
	case r.focus == textFocus:
		c, at = r.text.Cursor(), r.fieldSpot(textFocus)
	}
	if c != nil {
		c.Position.X += at.X
		c.Position.Y += at.Y
	}
	return c
}

func (r *record) ShortHelp() []key.Binding {
	k := r.c.Keys.Record
	act := k.Handle
	if r.m.Kind == meeting.Formal {
		act = k.Vote
	}
	// The keys that end an item and the meeting come first: a narrow window cuts the line's end.
	return []key.Binding{k.Save, act, k.Close, k.Kind, k.SwitchPane, k.PrevItem, k.NewItem, k.EditLast, k.DeleteLast, k.RollCall, k.Back}
}

func (r *record) FullHelp() [][]key.Binding {
	k := r.c.Keys.Record
	return [][]key.Binding{r.ShortHelp(), {k.Newline, k.Scroll}}
}

// short cuts text to n characters for a message.
func short(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + core.CutMark
}
