package app

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDataDir is where the archive lives when --data is not given: $YISHI_DATA, else the
// user's data directory (XDG_DATA_HOME or ~/.local/share on Linux; the platform's application
// data folder elsewhere), in a folder named yishi.
func DefaultDataDir(getenv func(string) string) (string, error) {
	if d := getenv("YISHI_DATA"); d != "" {
		return d, nil
	}
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" || runtime.GOOS == "openbsd" {
		if d := getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "yishi"), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, ".local", "share", "yishi"), nil
	}
	d, err := os.UserConfigDir() // ~/Library/Application Support, %AppData%
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "yishi"), nil
}
