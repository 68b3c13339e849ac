package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportRefusedLeavesNoDirectory: a file refused part-way leaves no data directory where
// there was none.
func TestImportRefusedLeavesNoDirectory(t *testing.T) {
	src := t.TempDir()
	mustOK(t, yishi(t, "", "--data", src, "demo"))
	good := mustOK(t, yishi(t, "", "--data", src, "export", "json")).stdout
	cut := good[:len(good)*3/4]
	dst := filepath.Join(t.TempDir(), "new")
	r := yishi(t, cut, "--data", dst, "import")
	if r.code != 1 || !strings.Contains(r.stderr, "没有导入任何内容") {
		t.Errorf("a file cut short: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Errorf("a refused import left the data directory it made (%v)", err)
	}
}
