package app

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"yishi/app/internal/testkit"
)

// memoryLimit is the memory a village laptop's command gets in TestTownshipUnderMemoryLimit.
const memoryLimit = 200 << 20

// TestTownshipUnderMemoryLimit runs export, backup, restore and import of the township archive
// as whole processes of the binary inside a memory cgroup of 200 MB, where the kernel kills a
// process that needs more (exit 137, no message): each finishes, exits 0 and prints no Go stack,
// and what restore and import made verifies. make soak only (YISHI_SOAK=1): the township takes a
// minute to make and the commands another; skipped, saying why, where no memory cgroup can be made.
func TestTownshipUnderMemoryLimit(t *testing.T) {
	if os.Getenv("YISHI_SOAK") == "" {
		t.Skip("make soak runs it (YISHI_SOAK=1): it makes the township's archive")
	}
	cg := memoryCgroup(t, memoryLimit)
	bin := binary(t)
	dir := testkit.Township(t, nil)
	work := t.TempDir()
	bundle, backup := filepath.Join(work, "archive.json"), filepath.Join(work, "archive.bak")
	restored, imported := filepath.Join(work, "restored"), filepath.Join(work, "imported")
	for _, args := range [][]string{
		{"--data", dir, "export", "json", "-o", bundle},
		{"--data", dir, "backup", backup},
		{"--data", restored, "restore", backup},
		{"--data", imported, "import", bundle},
		{"--data", imported, "verify", "--archive"},
		{"--data", restored, "verify", "--archive"},
	} {
		// The shell joins the cgroup and becomes the command: limited from its first page.
		cmd := exec.Command("sh", append([]string{"-c", `echo $$ > "$0/cgroup.procs" && exec "$@"`, cg, bin}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if err != nil || strings.Contains(stderr.String(), "goroutine ") {
			t.Fatalf("yishi %s under %d MB: %v\n%s", strings.Join(args, " "), memoryLimit>>20, err, stderr.String())
		}
	}
}

// memoryCgroup makes a memory cgroup limited to limit bytes below the test's own (cgroup v2, or
// the v1 memory controller) and returns its directory, removed at cleanup; it skips the test
// where none can be made (no controller, no right to write it).
func memoryCgroup(t *testing.T, limit int64) string {
	t.Helper()
	f, err := os.Open("/proc/self/cgroup")
	if err != nil {
		t.Skipf("no cgroups here: %v", err)
	}
	defer f.Close()
	var base, file string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 4:memory:/path (v1) or 0::/path (v2)
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[1] == "memory" || strings.Contains(parts[1], "memory,") || strings.HasSuffix(parts[1], ",memory"):
			base, file = filepath.Join("/sys/fs/cgroup/memory", parts[2]), "memory.limit_in_bytes"
		case parts[0] == "0" && parts[1] == "" && base == "":
			if c, err := os.ReadFile("/sys/fs/cgroup/cgroup.controllers"); err == nil && bytes.Contains(c, []byte("memory")) {
				base, file = filepath.Join("/sys/fs/cgroup", parts[2]), "memory.max"
			}
		}
	}
	if base == "" {
		t.Skip("no memory cgroup controller here")
	}
	cg := filepath.Join(base, fmt.Sprintf("yishi-test-%d", os.Getpid()))
	if err := os.Mkdir(cg, 0o755); err != nil {
		t.Skipf("cannot make a memory cgroup (%v)", err)
	}
	t.Cleanup(func() { os.Remove(cg) })
	if err := os.WriteFile(filepath.Join(cg, file), []byte(fmt.Sprint(limit)), 0o644); err != nil {
		t.Skipf("cannot limit the memory cgroup (%v)", err)
	}
	return cg
}
