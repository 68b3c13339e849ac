// Command bare is the baseline of BenchmarkFirstFrame: a Bubble Tea v2 program that draws one
// frame, in the alternate screen as yishi does, as soon as it knows the window's size, and quits.
//
// With -stay it does not quit but waits, as a program with screens to use does: its frame then
// waits for Bubble Tea's renderer to flush it (at 60 frames a second), not for the flush of a
// program ending. Built with -tags libs, it also links the libraries yishi is pinned to whose
// package initialisation costs time at every start (libs.go).
package main

import (
	"flag"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

type model struct {
	width, height int
	stay          bool
}

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		if !m.stay {
			return m, tea.Quit
		}
	case tea.KeyPressMsg:
		return m, tea.Quit
	}
	return m, nil
}

func (m model) View() tea.View {
	if m.width == 0 {
		return tea.NewView("")
	}
	v := tea.NewView(fmt.Sprintf("第一帧 %dx%d", m.width, m.height))
	v.AltScreen = true
	return v
}

func main() {
	stay := flag.Bool("stay", false, "draw the frame and wait for a key, or a signal")
	flag.Parse()
	if _, err := tea.NewProgram(model{stay: *stay}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
