package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/table"
	"charm.land/lipgloss/v2"
)

// Styles are the program's looks, chosen for a light or a dark terminal.
type Styles struct {
	IsDark    bool
	Title     lipgloss.Style
	Subtle    lipgloss.Style
	Heading   lipgloss.Style
	Tab       lipgloss.Style
	ActiveTab lipgloss.Style
	Chosen    lipgloss.Style // the chosen option of a choice, without a tab's padding
	Status    lipgloss.Style
	Saved     lipgloss.Style
	Error     lipgloss.Style
	Warning   lipgloss.Style
	StageDone lipgloss.Style
	StageNow  lipgloss.Style
	StageTodo lipgloss.Style
	Box       lipgloss.Style
	Match     lipgloss.Style // text found (a search's query) in a record
	Link      lipgloss.Style // the selected link of a page (a meeting in a matter's trail)
	BarFull   lipgloss.Style
	BarShort  lipgloss.Style
	BarEmpty  lipgloss.Style
	Table     table.Styles
	Help      help.Styles
}

// NewStyles returns the styles for a dark or light background.
func NewStyles(isDark bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#F2B8B5")) // 议事 red
	subtle := ld(lipgloss.Color("#5F6368"), lipgloss.Color("#9AA0A6"))
	green := ld(lipgloss.Color("#1E7B34"), lipgloss.Color("#81C995"))
	amber := ld(lipgloss.Color("#8A5300"), lipgloss.Color("#FDD663"))
	s := &Styles{IsDark: isDark}
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Subtle = lipgloss.NewStyle().Foreground(subtle)
	s.Heading = lipgloss.NewStyle().Bold(true)
	s.Tab = lipgloss.NewStyle().Foreground(subtle).Padding(0, 1)
	s.ActiveTab = lipgloss.NewStyle().Bold(true).Foreground(accent).Underline(true).Padding(0, 1)
	s.Chosen = lipgloss.NewStyle().Bold(true).Foreground(accent).Underline(true)
	s.Status = lipgloss.NewStyle().Foreground(subtle)
	s.Saved = lipgloss.NewStyle().Foreground(green)
	s.Error = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Warning = lipgloss.NewStyle().Foreground(amber)
	s.StageDone = lipgloss.NewStyle().Foreground(green)
	s.StageNow = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.StageTodo = lipgloss.NewStyle().Foreground(subtle)
	s.BarFull = lipgloss.NewStyle().Background(green).Foreground(ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#000000")))
	s.BarShort = lipgloss.NewStyle().Background(amber).Foreground(ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#000000")))
	s.BarEmpty = lipgloss.NewStyle().Background(ld(lipgloss.Color("#E0E0E0"), lipgloss.Color("#3C4043"))).Foreground(subtle)
	// Reverse video reads on any background and sits on top of the record's own colours.
	s.Match = lipgloss.NewStyle().Reverse(true)
	s.Link = lipgloss.NewStyle().Bold(true).Foreground(accent).Underline(true)
	s.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(subtle).Padding(0, 1)
	s.Table = table.Styles{
		Header:   lipgloss.NewStyle().Bold(true).Padding(0, 1).Foreground(subtle),
		Cell:     lipgloss.NewStyle().Padding(0, 1),
		Selected: lipgloss.NewStyle().Bold(true).Foreground(accent),
	}
	s.Help = help.DefaultStyles(isDark)
	return s
}
