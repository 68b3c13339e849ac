package ui

import (
	"sync"
	"sync/atomic"
	"time"

	"yishi/app/core"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// Minimum window size the screens are laid out for; below it they say the window is too small.
const (
	MinWidth  = 60
	MinHeight = 20
)

// Common is what every screen shares: the window size, styles, keys, the store and the clock.
type Common struct {
	Width, Height int
	Styles        *Styles
	Keys          *KeyMap
	Store         core.Store
	Now           func() time.Time
	// DraftDelay is how long after a change the half-typed statement is saved: long enough to
	// take a burst of keys as one write, short enough that a closed lid loses nothing typed.
	DraftDelay time.Duration
	// SearchDelay is how long the search screen waits after the last key before it searches:
	// an input method's burst of keys, or quick typing, is one search (0: at once).
	SearchDelay time.Duration
	// Exports is the folder documents are written to from the screens ($YISHI_EXPORTS); empty,
	// a folder yishi-exports beside the data directory.
	Exports string
	// Signalled is set when a signal ended the program: its terminal went away (SIGHUP) or the
	// system is shutting down (SIGTERM). Not a clean exit, so no automatic backup follows: it
	// could take longer than the system waits.
	Signalled atomic.Bool
	// opening is the archive being opened when the screens start without Store (see tui).
	opening *opening

	findingsMu sync.Mutex
	findings   *core.Findings // of findingsOf, made by Findings
	findingsOf core.Store
}

// Findings returns what the checks found in each village, kept between screens (core.Findings)
// for the Store in use.
func (c *Common) Findings() *core.Findings {
	c.findingsMu.Lock()
	defer c.findingsMu.Unlock()
	if c.findings == nil || c.findingsOf != c.Store {
		c.findings, c.findingsOf = core.NewFindings(c.Store), c.Store
	}
	return c.findings
}

// Component is one screen: a model that can be sized and tells the help line its keys.
type Component interface {
	Update(msg tea.Msg) (Component, tea.Cmd)
	View() string
	SetSize(width, height int)
	help.KeyMap
}

// errMsg reports a failed read or write; the root shows it on the status line.
type errMsg struct{ err error }
