package app

import "yishi/app/ui"

// tui opens the archive and runs the screens (ui.Run), then, after a clean exit, writes the
// day's automatic backup. The command line knows the screens; the screens never call back.
func (c *command) tui() error {
	dir, err := c.dir()
	if err != nil {
		return err
	}
	open, err := c.opener(dir) // an encrypted archive's passphrase, asked before the screens start
	if err != nil {
		return err
	}
	end, err := ui.Run(ui.Options{Dir: dir, Open: open, Now: c.env.Now, Exports: c.env.Getenv("YISHI_EXPORTS")})
	if end.Store == nil {
		return err
	}
	defer end.Store.Close() // however the screens ended, the archive is closed once it is open
	if err != nil {
		return err
	}
	if !end.Signalled {
		c.autoBackup(end.Store) // a clean exit
	}
	return nil
}
