package ui

import (
	"fmt"
	"image/color"
	"io"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
)

// gatedStore holds the reading of a meeting's draft until the test releases it: the command
// reopening the meeting at start is caught half-way, on its own goroutine.
type gatedStore struct {
	core.Store
	once    sync.Once
	entered chan struct{}
	release chan struct{}
}

func (g *gatedStore) Draft(id meeting.ID) (meeting.StatementDraft, bool, error) {
	g.once.Do(func() { close(g.entered) })
	<-g.release
	return g.Store.Draft(id)
}

// probeMsg asks the filter whether the recording screen is in front yet.
type probeMsg struct{}

// TestResumeBesideBackgroundReply runs the real program, its commands on their own goroutines:
// at start it reopens the meeting being recorded, and the terminal's background-colour reply
// (which restyles Common on the Update goroutine) arrives while the reopening command is still
// reading. A screen built off the Update goroutine fails it whether or not the race detector
// sees the two touch the styles (lipgloss's own locks can order them): the message that brings
// the recording screen must carry a builder (buildMsg), not a screen already made. It checks too
// that the reopened screen is the recording screen, in the reply's (light) styles.
func TestResumeBesideBackgroundReply(t *testing.T) {
	s := testkit.OpenStore(t)
	r := front(recording(t, s, 80, 24)).(*record)
	if id, err := s.Current(); err != nil || id != r.m.ID {
		t.Fatalf("setup: current meeting %d, %v; want %d", id, err, r.m.ID)
	}
	g := &gatedStore{Store: s, entered: make(chan struct{}), release: make(chan struct{})}
	c := &Common{Styles: NewStyles(true), Keys: DefaultKeyMap(), Store: g, Now: func() time.Time { return testkit.FixedNow },
		DraftDelay: time.Hour, SearchDelay: time.Hour}
	resumed := make(chan struct{})
	var offLoop atomic.Value
	var once sync.Once
	p := tea.NewProgram(NewModel(c), tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutSignalHandler(),
		tea.WithWindowSize(80, 24),
		tea.WithFilter(func(m tea.Model, msg tea.Msg) tea.Msg {
			// The filter runs on the Update goroutine, so it may look at the model. A message
			// that brings a screen already made was made on a command's goroutine.
			if f, ok := carriesScreen(msg); ok {
				offLoop.Store(fmt.Sprintf("field %s of a %T", f, msg))
			}
			if _, ok := msg.(probeMsg); ok {
				if _, ok := m.(*model).front.(*record); ok {
					once.Do(func() { close(resumed) })
				}
			}
			return msg
		}))
	done := make(chan tea.Model, 1)
	go func() {
		final, err := p.Run()
		if err != nil {
			t.Error(err)
		}
		done <- final
	}()
	<-g.entered
	// The reply arrives while the command is reading: p.Send returns once Update has it.
	p.Send(tea.BackgroundColorMsg{Color: color.White})
	close(g.release)
	for open := true; open; {
		select {
		case <-resumed:
			open = false
		case final := <-done:
			t.Fatalf("the program ended before reopening the meeting: front %T", final.(*model).front)
		default:
			p.Send(probeMsg{})
		}
	}
	p.Quit()
	final := (<-done).(*model)
	rec, ok := final.front.(*record)
	if !ok || rec.m.ID != r.m.ID {
		t.Fatalf("front %T; want the recording screen of meeting %d", final.front, r.m.ID)
	}
	if c.Styles.IsDark {
		t.Error("the background reply (light) did not restyle the screens")
	}
	if what := offLoop.Load(); what != nil {
		t.Errorf("a screen was built on a command's goroutine, beside Update: %s", what)
	}
}

// carriesScreen finds a Component among a message's fields: a screen made before the message
// reached Update (a builder, buildMsg, carries a function instead).
func carriesScreen(msg tea.Msg) (string, bool) {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Struct {
		return "", false
	}
	component := reflect.TypeFor[Component]()
	for i := range v.NumField() {
		f := v.Field(i)
		if (f.Kind() == reflect.Interface || f.Kind() == reflect.Pointer) && !f.IsNil() && f.Type().Implements(component) ||
			f.Kind() == reflect.Interface && !f.IsNil() && f.Elem().Type().Implements(component) {
			return v.Type().Field(i).Name, true
		}
	}
	return "", false
}

// TestLateBackgroundReplyRestylesOpenScreen: when the terminal's background-colour reply comes
// after the reopened recording screen is already in front, the screen is drawn in the reply's
// styles, exactly as one opened after it.
func TestLateBackgroundReplyRestylesOpenScreen(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	early := start(t, s, 80, 24) // built on the dark default
	early = newMeeting(t, early, "庭院说事", "三组卫生")
	early = drive(t, early, press(tea.KeyF2))
	early = drive(t, early, tea.BackgroundColorMsg{Color: color.White})
	if _, ok := front(early).(*record); !ok {
		t.Fatalf("not recording: %T", front(early))
	}
	late := NewModel(newCommon(s, 80, 24)) // the reply first, then the meeting reopened
	late = drive(t, late, tea.WindowSizeMsg{Width: 80, Height: 24})
	late = drive(t, late, tea.BackgroundColorMsg{Color: color.White})
	for _, msg := range runCmd(late.Init()) {
		late = drive(t, late, msg)
	}
	if _, ok := front(late).(*record); !ok {
		t.Fatalf("the meeting was not reopened: %T", front(late))
	}
	if a, b := front(early).View(), front(late).View(); a != b {
		t.Errorf("the screen open when the reply came is not drawn in its styles:\n%q\nwant\n%q", a, b)
	}
}
