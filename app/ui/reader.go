package ui

import (
	"strings"

	"yishi/meeting"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// reader shows one record (a meeting, a matter's trail) on a scrollable page. From a meeting
// it amends a sealed record and exports the minutes; from a matter it records what its notices
// draw on (implementation, notices, postings, objections, sign-off), withdraws it, and exports
// its notices.
type reader struct {
	c       *Common
	text    string
	vp      viewport.Model
	sealed  meeting.ID     // the sealed meeting shown, which may be amended; 0 otherwise
	meeting meeting.ID     // the meeting shown, 0 for none
	matter  *matterDataMsg // the matter shown, nil for none
	links   []trailLink    // the meetings of the matter's trail
	link    int            // the link selected, -1 for none
}

func newReader(c *Common) *reader {
	r := &reader{c: c, vp: viewport.New(), link: -1}
	r.vp.KeyMap = c.Keys.Reader.viewportKeys()
	return r
}

func (r *reader) SetSize(width, height int) {
	r.vp.SetWidth(width)
	r.vp.SetHeight(height)
	r.layout()
}

// layout wraps the text to the window's width: Chinese wraps anywhere, by display width.
func (r *reader) layout() {
	r.vp.SetContent(lipgloss.NewStyle().PaddingLeft(1).Render(wrap(r.text, r.wrapWidth())))
}

func (r *reader) open(text string) {
	r.sealed, r.meeting, r.matter, r.links, r.link = 0, 0, nil, nil, -1
	r.text = text
	r.layout()
	r.vp.GotoTop()
}

// openMeeting shows a meeting's record, scrolled so the spot asked for is in view (near the top
// third), with every occurrence of the spot's query highlighted.
func (r *reader) openMeeting(d meetingDataMsg) {
	text, anchors := meetingDoc(r.c.Styles, d.village, d.meeting, d.stmts, d.amends, d.matters, d.tasks)
	r.open(highlight(text, d.at.query, r.c.Styles.Match))
	r.meeting = d.meeting.ID
	if d.meeting.Status == meeting.Final {
		r.sealed = d.meeting.ID
	}
	line := -1
	if a := d.at.anchor(); a != "" {
		if l, ok := anchors[a]; ok {
			line = l
		}
	}
	if line < 0 {
		line = firstMatch(text, d.at.query, 0)
	}
	if line > 0 {
		r.scrollTo(line)
	}
}

// scrollTo scrolls so that line number n of the text (before wrapping) shows near the top third.
func (r *reader) scrollTo(n int) {
	r.vp.SetYOffset(max(r.wrappedLine(n)-r.vp.Height()/3, 0))
}

// wrappedLine is the line of the page where line number n of the text begins once wrapped.
func (r *reader) wrappedLine(n int) int {
	if n <= 0 {
		return 0
	}
	lines := strings.SplitN(r.text, "\n", n+1)
	if len(lines) <= n {
		return strings.Count(r.vp.GetContent(), "\n")
	}
	return strings.Count(wrap(strings.Join(lines[:n], "\n"), r.wrapWidth()), "\n") + 1
}

func (r *reader) wrapWidth() int { return max(r.vp.Width()-2, 10) }

// openMatter shows a matter's trail, keeping the place read when it is the same matter again
// (back from recording something about it).
func (r *reader) openMatter(d matterDataMsg) {
	again := r.matter != nil && r.matter.matter.ID == d.matter.ID
	if again && d.query == "" {
		d.query = r.matter.query // back from a form about it: still highlighted
	}
	y, link := r.vp.YOffset(), r.link
	r.open("")
	r.matter = &d
	if again {
		r.link = link
	}
	text := r.renderTrail()
	if again {
		r.vp.SetYOffset(y)
	} else if l := firstMatch(text, d.query, 0); l > 0 {
		r.scrollTo(l)
	}
}

// renderTrail lays out the matter's trail with the selected link marked, and returns it as
// written (before highlighting).
func (r *reader) renderTrail() string {
	text, links := trailText(r.c.Styles, *r.matter, r.link)
	r.links = links
	if r.link >= len(links) {
		r.link = -1
	}
	r.text = highlight(text, r.matter.query, r.c.Styles.Match)
	r.layout()
	return text
}

// selectLink selects the trail's link i (wrapping around), keeping the page where it is unless
// the link is out of view.
func (r *reader) selectLink(i int) {
	n := len(r.links)
	if n == 0 {
		return
	}
	r.link = ((i % n) + n) % n
	y := r.vp.YOffset()
	r.renderTrail()
	r.vp.SetYOffset(y)
	if l := r.wrappedLine(r.links[r.link].line); l < r.vp.YOffset() || l >= r.vp.YOffset()+r.vp.Height() {
		r.scrollTo(r.links[r.link].line)
	}
}

// Update scrolls, and opens what the keys of a meeting or a matter ask for. Going back (Esc)
// is the root's: it changes screens at once, so a key typed right after it reaches the screen
// it expects.
func (r *reader) Update(msg tea.Msg) (Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		rk, mk := r.c.Keys.Reader, r.c.Keys.Matter
		switch {
		case r.sealed != 0 && key.Matches(k, rk.Amend):
			return r, openAmend(r.c, r.sealed)
		case r.meeting != 0 && key.Matches(k, rk.Export):
			return r, openMinutesExport(r.c, r.meeting)
		case r.matter != nil:
			id := r.matter.matter.ID
			switch {
			case key.Matches(k, rk.NextLink):
				r.selectLink(r.link + 1)
				return r, nil
			case key.Matches(k, rk.PrevLink):
				if r.link < 0 {
					r.link = 0
				}
				r.selectLink(r.link - 1)
				return r, nil
			case key.Matches(k, rk.OpenLink):
				if r.link < 0 {
					r.selectLink(0)
					return r, nil
				}
				l := r.links[r.link]
				return r, openMeeting(l.meeting, spot{item: l.item, query: r.matter.query})
			case key.Matches(k, mk.Implement):
				return r, openImplement(r.c, id)
			case key.Matches(k, mk.Notice):
				return r, openIssue(r.c, id)
			case key.Matches(k, mk.Posting):
				return r, openPosting(r.c, id)
			case key.Matches(k, mk.Objection):
				return r, openObjection(r.c, id)
			case key.Matches(k, mk.SignOff):
				return r, openSignOff(r.c, id)
			case key.Matches(k, mk.Withdraw):
				return r, openWithdraw(r.c, id)
			case key.Matches(k, mk.Export):
				return r, openNoticeExport(r.c, id)
			case key.Matches(k, mk.Threshold):
				return r, openThreshold(r.c, id)
			}
		}
	}
	var cmd tea.Cmd
	r.vp, cmd = r.vp.Update(msg)
	return r, cmd
}

func (r *reader) View() string { return r.vp.View() }

// ShortHelp shows the keys that do something for the record shown: for a matter, the ones its
// stage allows (the others still answer, saying why not).
func (r *reader) ShortHelp() []key.Binding {
	k := r.c.Keys.Reader
	b := []key.Binding{k.Up, k.PageUp}
	if r.sealed != 0 {
		b = append(b, k.Amend)
	}
	if r.meeting != 0 {
		b = append(b, k.Export)
	}
	if r.matter != nil {
		// Many keys: scrolling by page is in the full help (F1).
		b = b[:1]
		if len(r.links) > 0 {
			b = append(b, k.NextLink, k.OpenLink)
		}
		b = append(b, r.matterKeys(false)...)
	}
	return append(b, k.Back)
}

// matterKeys are the keys of the matter shown: all of them, or those its stage allows.
func (r *reader) matterKeys(all bool) []key.Binding {
	mk := r.c.Keys.Matter
	if all {
		return []key.Binding{mk.Implement, mk.Notice, mk.Posting, mk.Objection, mk.SignOff, mk.Withdraw, mk.Export, mk.Threshold}
	}
	x, s := r.matter.matter, r.matter.village.Settings
	var b []key.Binding
	if implementable(x) {
		b = append(b, mk.Implement)
	}
	if _, err := s.AwaitedNotice(x); err == nil {
		b = append(b, mk.Notice)
	}
	if len(r.matter.notices) > 0 {
		b = append(b, mk.Posting, mk.Objection, mk.SignOff)
	}
	if !x.Stage().Ended() {
		b = append(b, mk.Withdraw)
		if _, resolved := x.Reached(meeting.Resolved); !resolved {
			b = append(b, mk.Threshold)
		}
	}
	if len(r.matter.notices) > 0 {
		b = append(b, mk.Export)
	}
	return b
}

func (r *reader) FullHelp() [][]key.Binding {
	k := r.c.Keys.Reader
	nav := []key.Binding{k.Up, k.PageUp, k.Back}
	switch {
	case r.matter != nil:
		return [][]key.Binding{nav, {k.NextLink, k.OpenLink}, r.matterKeys(true)}
	case r.sealed != 0:
		return [][]key.Binding{nav, {k.Amend, k.Export}}
	case r.meeting != 0:
		return [][]key.Binding{nav, {k.Export}}
	}
	return [][]key.Binding{nav}
}
