package app

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	"charm.land/bubbles/v2/viewport"
)

// KeyMap holds every key of the program, one group per context.
type KeyMap struct {
	Global  GlobalKeys
	Welcome WelcomeKeys
	Home    HomeKeys
	Reader  ReaderKeys
}

// GlobalKeys work on every screen.
type GlobalKeys struct {
	Quit key.Binding
	Help key.Binding
}

// WelcomeKeys work on the first-start screen.
type WelcomeKeys struct {
	LoadDemo key.Binding
	Quit     key.Binding
}

// HomeKeys work on the home screen's lists.
type HomeKeys struct {
	Up, Down    key.Binding
	SwitchPane  key.Binding
	Open        key.Binding
	NextVillage key.Binding
	Quit        key.Binding
}

// ReaderKeys work while reading a meeting or a matter.
type ReaderKeys struct {
	Up, Down, PageUp, PageDown key.Binding
	Back                       key.Binding
}

// DefaultKeyMap returns the program's keys. Letters are used only where no text field can have
// focus; Ctrl-C quits from anywhere and loses nothing, since every change is already saved.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Global: GlobalKeys{
			Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "退出")),
			Help: key.NewBinding(key.WithKeys("f1"), key.WithHelp("F1", "全部按键")),
		},
		Welcome: WelcomeKeys{
			LoadDemo: key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "载入演示村")),
			Quit:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("Esc", "退出")),
		},
		Home: HomeKeys{
			Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓", "选择")),
			Down:        key.NewBinding(key.WithKeys("down", "j")),
			SwitchPane:  key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("Tab", "会议／事项")),
			Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "打开")),
			NextVillage: key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "换村")),
			Quit:        key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q", "退出")),
		},
		Reader: ReaderKeys{
			Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓", "滚动")),
			Down:     key.NewBinding(key.WithKeys("down", "j")),
			PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("PgUp/PgDn", "翻页")),
			PageDown: key.NewBinding(key.WithKeys("pgdown", "space")),
			Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("Esc", "返回")),
		},
	}
}

// tableKeys adapts the home keys to the bubbles table.
func (k HomeKeys) tableKeys() table.KeyMap {
	km := table.DefaultKeyMap()
	km.LineUp = k.Up
	km.LineDown = k.Down
	km.HalfPageUp.SetEnabled(false)
	km.HalfPageDown.SetEnabled(false)
	km.PageDown = key.NewBinding(key.WithKeys("pgdown"))
	km.PageUp = key.NewBinding(key.WithKeys("pgup"))
	return km
}

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
