package ui

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"yishi/app/core"
	"yishi/meeting"
)

// Messages of the root model.
type (
	// openMeetingMsg asks to read a meeting, opened at a spot (the zero spot: its top). The
	// screen that sends it is where Esc comes back to.
	openMeetingMsg struct {
		id meeting.ID
		at spot
	}
	// openMatterMsg asks to read a matter's trail, with every occurrence of query highlighted
	// (and the first in view). The screen that sends it is where Esc comes back to.
	openMatterMsg struct {
		id    meeting.ID
		query string
	}
	// backMsg goes back to the screen the one in front was opened from (home when none).
	backMsg struct{}
	// meetingDataMsg carries a meeting and what its record shows.
	meetingDataMsg struct {
		at      spot // where to open it
		village meeting.Village
		meeting meeting.Meeting
		stmts   []meeting.Statement
		amends  []meeting.Amendment
		matters map[meeting.ID]meeting.Matter
		tasks   []meeting.Assignment // made at the meeting
	}
	// matterDataMsg carries a matter and the meetings and notices of its trail.
	matterDataMsg struct {
		query    string // text to highlight
		village  meeting.Village
		matter   meeting.Matter
		meetings map[meeting.ID]meeting.Meeting
		notices  map[meeting.ID]meeting.Notice
		// What the trail shows of the meetings that touched the matter (see readTrail).
		stmts  map[meeting.ID][]meeting.Statement
		amends map[meeting.ID][]meeting.Amendment
	}
	// emptyMsg says the archive has no village yet.
	emptyMsg struct{}
	// openedMsg says the archive the program started on is open (or could not be opened).
	openedMsg struct {
		store core.Store
		err   error
	}
	// showMsg puts a screen built on the Update goroutine in front.
	showMsg struct{ screen Component }
	// buildMsg carries what a command read for a screen: Update runs build and puts the screen
	// in front, or says its refusal. Commands run on their own goroutines while the root writes
	// Common (the window size, the styles when the terminal reports its background): a screen
	// is never constructed off the Update goroutine, so it reads Common only there.
	buildMsg struct{ build func() (Component, error) }
	// homeMsg goes back to the home screen, reloaded, and says status on the status line.
	homeMsg struct{ status string }
	// savedMsg reports a durable write: the status line says 已保存 with the time.
	savedMsg struct{ what string }
	// noteMsg says something on the status line that is neither a write nor an error.
	noteMsg struct{ text string }
)

// spot is a place in a meeting's record to open at, and what to highlight there.
type spot struct {
	statement meeting.ID // a statement
	item      int        // an item (its title, resolution, vote)
	amendment meeting.ID // an amendment
	task      meeting.ID // an assignment made at the meeting
	field     string     // a header field (议题 地点 主持人 ...), when none of the above
	query     string     // text to highlight in the record (every occurrence; the spot's first)
}

// openMeeting returns a command that opens meeting id at a spot, coming back to the sender.
func openMeeting(id meeting.ID, at spot) tea.Cmd {
	return func() tea.Msg { return openMeetingMsg{id: id, at: at} }
}

// openMatter returns a command that opens matter id's trail, highlighting query.
func openMatter(id meeting.ID, query string) tea.Cmd {
	return func() tea.Msg { return openMatterMsg{id: id, query: query} }
}

// goBack returns a command that goes back to the screen the one in front was opened from.
func goBack() tea.Cmd { return func() tea.Msg { return backMsg{} } }

// backer is a screen whose back key the root handles: it changes screens at once, so a key
// typed right after it reaches the screen it expects (a command would come after that key).
type backer interface{ backKey() key.Binding }

// cursorer is a screen that places the real terminal cursor (at the caret of its text field),
// relative to the screen's top left.
type cursorer interface{ Cursor() *tea.Cursor }

// show returns a command that puts screen in front.
func show(screen Component) tea.Cmd { return func() tea.Msg { return showMsg{screen} } }

// built is the message of a command that read what a screen needs: Update builds the screen.
func built(build func() Component) tea.Msg {
	return buildMsg{func() (Component, error) { return build(), nil }}
}

// goHome returns a command that goes back to the home screen, saying status.
func goHome(status string) tea.Cmd { return func() tea.Msg { return homeMsg{status} } }

// saved returns a command that reports a durable write of what.
func saved(what string) tea.Cmd { return func() tea.Msg { return savedMsg{what} } }

// note returns a command that says text on the status line.
func note(text string) tea.Cmd { return func() tea.Msg { return noteMsg{text} } }

// model is the root of the screens: it routes messages to the screen in front, keeps the status
// line and the help line, and lays them out in the window.
type model struct {
	c       *Common
	front   Component // nil while the archive is being read
	welcome *welcome
	home    *home
	reader  *reader     // the reader in front, or the one the next record opens in
	stack   []Component // the screens records were opened from, the latest last; home below all
	help    help.Model
	status  string
	failed  bool
	resumed bool  // the meeting being recorded at the last quit has been reopened
	openErr error // why the archive could not be opened: the program ends with it
}

// NewModel returns the program's root model over a store.
func NewModel(c *Common) tea.Model {
	m := &model{c: c, help: help.New()}
	// The help's own separator and mark (• …) are of ambiguous width: two cells on a terminal
	// set for CJK, and the help line would run past the window.
	m.help.ShortSeparator, m.help.Ellipsis = "　", core.CutMark
	m.help.Styles = c.Styles.Help
	m.welcome = newWelcome(c)
	m.home = newHome(c)
	m.reader = newReader(c)
	return m
}

func (m *model) Init() tea.Cmd {
	if m.c.Store == nil && m.c.opening != nil {
		// The first frame is drawn while the archive opens.
		o := m.c.opening
		return tea.Batch(tea.RequestBackgroundColor, func() tea.Msg {
			s, err := o.wait()
			return openedMsg{s, err}
		})
	}
	return tea.Batch(tea.RequestBackgroundColor, m.load(0))
}

// load reads village number index, or reports an empty archive.
func (m *model) load(index int) tea.Cmd {
	s, f, now := m.c.Store, m.c.Findings(), m.c.Now
	return func() tea.Msg {
		empty, err := s.Empty()
		if err != nil {
			return errMsg{err}
		}
		if empty {
			return emptyMsg{}
		}
		return loadHome(s, f, index, meeting.DateOf(now()))()
	}
}

// flusher is a screen holding typed text not yet written (the recording screen's draft, which
// is saved moments after each change): flush writes it now.
type flusher interface{ flush() }

// flush writes what the screen in front has not yet written, before the program ends.
func (m *model) flush() {
	if f, ok := m.front.(flusher); ok {
		f.flush()
	}
}

// put shows screen in front, sized to the window.
func (m *model) put(screen Component) {
	m.front = screen
	m.resize()
}

// screen is the screen in front, or the home screen while none is.
func (m *model) screen() Component {
	if m.front == nil {
		return m.home
	}
	return m.front
}

func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.BackgroundColorMsg:
		*m.c.Styles = *NewStyles(msg.IsDark())
		m.help.Styles = m.c.Styles.Help
		m.home.restyle()
		return m, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, m.c.Keys.Global.Quit) {
			m.flush()
			return m, tea.Quit
		}
		if key.Matches(msg, m.c.Keys.Global.Help) || (m.help.ShowAll && key.Matches(msg, m.c.Keys.Global.CloseHelp)) {
			// Esc closes the list of keys first: it must not also go back, or quit.
			m.help.ShowAll = !m.help.ShowAll
			m.resize()
			return m, nil
		}
		if m.front == m.reader && key.Matches(msg, m.c.Keys.Reader.Back) {
			return m, m.back()
		}
		if b, ok := m.front.(backer); ok && key.Matches(msg, b.backKey()) {
			return m, m.back()
		}
	case errMsg:
		m.status, m.failed = msg.err.Error(), true
		return m, nil
	case openedMsg:
		if msg.err != nil {
			m.openErr = msg.err
			return m, tea.Quit
		}
		m.c.Store = msg.store
		return m, m.load(0)
	case emptyMsg:
		m.put(m.welcome)
		return m, nil
	case showMsg:
		m.put(msg.screen)
		return m, nil
	case buildMsg:
		screen, err := msg.build()
		if err != nil {
			return m.Update(errMsg{err})
		}
		m.put(screen)
		return m, nil
	case backMsg:
		return m, m.back()
	case homeMsg:
		m.stack = nil
		if msg.status != "" {
			m.status, m.failed = msg.status, false
		}
		return m, m.load(m.home.data.index)
	case noteMsg:
		m.status, m.failed = msg.text, false
		return m, nil
	case savedMsg:
		m.status, m.failed = msg.what+"已保存 "+m.c.Now().In(meeting.Beijing).Format("15:04:05"), false
		return m, nil
	case demoLoadedMsg:
		if msg.err != nil {
			m.status, m.failed = "演示村没有载入："+msg.err.Error(), true
			m.welcome.Update(msg)
			return m, nil
		}
		m.status, m.failed = "已载入演示村，已保存 "+m.c.Now().In(meeting.Beijing).Format("15:04:05"), false
		return m, m.load(0)
	case homeDataMsg:
		m.stack = nil
		m.home.Update(msg)
		m.put(m.home)
		if !m.resumed {
			// Back where the recorder was: the meeting being recorded when the program ended
			// (a quit, a flat battery, a kill) opens again, half-typed statement and all.
			m.resumed = true
			return m, m.resume()
		}
		return m, nil
	case openMeetingMsg:
		m.push()
		return m, readMeetingAt(m.c.Store, msg.id, msg.at)
	case openMatterMsg:
		m.push()
		return m, readMatterFor(m.c.Store, msg.id, msg.query)
	case meetingDataMsg:
		m.reader.openMeeting(msg)
		m.put(m.reader)
		return m, nil
	case matterDataMsg:
		m.reader.openMatter(msg)
		m.put(m.reader)
		return m, nil
	}
	if m.front == nil {
		return m, nil
	}
	_, cmd := m.front.Update(msg)
	return m, cmd
}

// push remembers the screen in front as the one to come back to from the record about to open.
// A reader in front stays as it is (its record and scroll) and the record opens in a new one.
func (m *model) push() {
	if m.front == nil || m.front == m.home {
		return
	}
	m.stack = append(m.stack, m.front)
	if m.front == m.reader {
		m.reader = newReader(m.c)
		m.reader.SetSize(m.c.Width, max(m.c.Height-m.chrome(), 1))
	}
}

// back shows the screen the one in front was opened from, as it was left, or home. A matter's
// trail is read again, at the same place: a record opened from it may have been amended.
func (m *model) back() tea.Cmd {
	n := len(m.stack)
	if n == 0 {
		m.put(m.home)
		return nil
	}
	prev := m.stack[n-1]
	m.stack[n-1] = nil
	m.stack = m.stack[:n-1]
	var cmd tea.Cmd
	if r, ok := prev.(*reader); ok {
		m.reader = r
		if r.matter != nil {
			cmd = readMatterFor(m.c.Store, r.matter.matter.ID, r.matter.query)
		}
	}
	m.put(prev)
	return cmd
}

// chrome is the number of lines below the screen: the status line and the help line(s).
func (m *model) chrome() int {
	return 1 + lipgloss.Height(m.helpView())
}

func (m *model) resize() {
	h := max(m.c.Height-m.chrome(), 1)
	m.help.SetWidth(m.c.Width)
	for _, s := range []Component{m.welcome, m.home, m.reader, m.front} {
		if s != nil {
			s.SetSize(m.c.Width, h)
		}
	}
}

// helpView is the keys of the screen in front, cut to the window: bubbles/help does not always
// cut a long line of Chinese labels, and one overlong line would widen every other.
func (m *model) helpView() string {
	return lipgloss.NewStyle().MaxWidth(m.c.Width).Render(m.help.View(withHelpKey{m.screen(), m.c.Keys.Global.Help}))
}

// withHelpKey puts F1 (every key) first on the help line, so a narrow window that cuts the line
// short still says where the rest are.
type withHelpKey struct {
	help.KeyMap
	f1 key.Binding
}

func (w withHelpKey) ShortHelp() []key.Binding {
	return append([]key.Binding{w.f1}, w.KeyMap.ShortHelp()...)
}

func (m *model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "议事"
	if c, ok := m.front.(cursorer); ok && !m.tooSmall() {
		v.Cursor = c.Cursor()
	}
	return v
}

func (m *model) tooSmall() bool { return m.c.Width < MinWidth || m.c.Height < MinHeight }

func (m *model) render() string {
	w, h := m.c.Width, m.c.Height
	if w == 0 {
		return ""
	}
	if m.tooSmall() {
		msg := fmt.Sprintf("窗口太小（%d×%d）：请把窗口放大到至少 %d×%d。", w, h, MinWidth, MinHeight)
		return lipgloss.NewStyle().Width(w).MaxHeight(h).Render(msg)
	}
	body := "正在打开……"
	if m.front != nil {
		body = m.front.View()
	}
	bodyH := h - m.chrome()
	body = lipgloss.NewStyle().MaxWidth(w).Height(bodyH).MaxHeight(bodyH).Render(body)
	return lipgloss.JoinVertical(lipgloss.Left, body, m.statusLine(), m.helpView())
}

func (m *model) statusLine() string {
	st := m.c.Styles
	right := ""
	if m.status != "" {
		style := st.Saved
		if m.failed {
			style = st.Error
		}
		right = style.Render(m.status)
	}
	dir := ""
	if m.c.Store != nil {
		dir = m.c.Store.Dir()
	} else if m.c.opening != nil {
		dir = m.c.opening.dir
	}
	left := st.Status.Render("数据目录 " + dir)
	gap := m.c.Width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return lipgloss.NewStyle().MaxWidth(m.c.Width).Render(right)
	}
	return left + lipgloss.NewStyle().Width(gap).Render("") + right
}

// resume reopens the meeting that was being recorded, if any.
func (m *model) resume() tea.Cmd {
	c := m.c
	return func() tea.Msg {
		id, err := c.Store.Current()
		if err != nil || id == 0 {
			return nil
		}
		mt, err := c.Store.Meeting(id)
		if err != nil || mt.Status != meeting.Draft {
			return nil
		}
		return openRecording(c, id)()
	}
}

func readMeeting(s core.Store, id meeting.ID) tea.Cmd { return readMeetingAt(s, id, spot{}) }

// readMeetingAt reads a meeting to open at a spot.
func readMeetingAt(s core.Store, id meeting.ID, at spot) tea.Cmd {
	return func() tea.Msg {
		mt, err := s.Meeting(id)
		if err != nil {
			return errMsg{err}
		}
		d := meetingDataMsg{at: at, meeting: mt, matters: map[meeting.ID]meeting.Matter{}}
		if d.village, err = s.Village(mt.VillageID); err != nil {
			return errMsg{err}
		}
		if d.stmts, err = s.Statements(id); err != nil {
			return errMsg{err}
		}
		if d.amends, err = s.Amendments(id); err != nil {
			return errMsg{err}
		}
		for _, it := range mt.Items {
			if it.MatterID != 0 {
				if x, err := s.Matter(it.MatterID); err == nil {
					d.matters[x.ID] = x
				}
			}
		}
		all, err := s.Assignments(mt.VillageID)
		if err != nil {
			return errMsg{err}
		}
		for _, x := range all {
			if x.From != nil && x.From.MeetingID == id {
				d.tasks = append(d.tasks, x)
			}
		}
		return d
	}
}

func readMatter(s core.Store, id meeting.ID) tea.Cmd { return readMatterFor(s, id, "") }

// readMatterFor reads a matter's trail to show with query highlighted.
func readMatterFor(s core.Store, id meeting.ID, query string) tea.Cmd {
	return func() tea.Msg {
		d, err := loadMatter(s, id)
		if err != nil {
			return errMsg{err}
		}
		if err := readTrail(s, &d); err != nil {
			return errMsg{err}
		}
		d.query = query
		return d
	}
}

// RunTUI opens the screens on a store until the user quits. However the program ends (a key, a
// SIGTERM, the terminal window closed), what a screen still holds is written before it returns.
// It handles the signals itself rather than leave them to Bubble Tea, so that when one ends the
// program the flag saying so (Common.Signalled) is set before Run returns.
func RunTUI(c *Common, in io.Reader, out io.Writer) error {
	opts := []tea.ProgramOption{tea.WithoutSignalHandler()}
	if in != nil {
		opts = append(opts, tea.WithInput(in))
	}
	if out != nil {
		opts = append(opts, tea.WithOutput(out))
	}
	p := tea.NewProgram(NewModel(c), opts...)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sig)
	go func() {
		s, ok := <-sig
		if !ok {
			return
		}
		if s == syscall.SIGINT {
			// Ctrl-C when the input is not a terminal: as the key would.
			p.Send(tea.InterruptMsg{})
			return
		}
		// The terminal went away (SIGHUP) or the system is shutting down (SIGTERM).
		c.Signalled.Store(true)
		p.Quit()
	}()
	final, err := p.Run()
	if f, ok := final.(flusher); ok {
		f.flush()
	}
	if m, ok := final.(*model); ok && m.openErr != nil && err == nil {
		return m.openErr
	}
	return err
}

// opening is an archive being opened beside the first frames of the screens.
type opening struct {
	dir   string
	done  chan struct{}
	store core.Store
	err   error
}

// startOpening opens the archive in dir with open, in the background.
func startOpening(dir string, open func() (core.Store, error)) *opening {
	o := &opening{dir: dir, done: make(chan struct{})}
	go func() {
		defer close(o.done)
		o.store, o.err = open()
	}()
	return o
}

// wait returns the archive once it is open, or why it could not be opened.
func (o *opening) wait() (core.Store, error) {
	<-o.done
	return o.store, o.err
}

// Options are what the command line hands the screens: where the archive is and how to open it.
type Options struct {
	Dir  string
	Open func() (core.Store, error) // opens the archive; called beside the first frame
	Now  func() time.Time
	// Exports is the folder documents are written to ($YISHI_EXPORTS; see Common.Exports).
	Exports string
}

// Ended is how the screens ended: the archive they ran on (nil when it could not be opened, with
// the reason in the error Run returns), and whether a signal ended them (see Common.Signalled).
type Ended struct {
	Store     core.Store
	Signalled bool
}

// Run is the screens' one entry point. The screens start at once, the archive opening beside
// them: a frame is shown before the archive is read. However they end, the archive, once open,
// is handed back to be closed by the caller.
func Run(o Options) (Ended, error) {
	op := startOpening(o.Dir, o.Open)
	c := &Common{Styles: NewStyles(true), Keys: DefaultKeyMap(), Now: o.Now, opening: op,
		DraftDelay: 300 * time.Millisecond, SearchDelay: 150 * time.Millisecond, Exports: o.Exports}
	err := RunTUI(c, nil, nil)
	s, oerr := op.wait()
	if oerr != nil {
		return Ended{}, oerr
	}
	return Ended{Store: s, Signalled: c.Signalled.Load()}, err
}
