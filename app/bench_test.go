package app

import (
	"bytes"
	"fmt"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"yishi/app/internal/testkit"
	"yishi/storage"
)

// The township-scale figures of `make bench`: a 20-village, 10-year synthetic archive built once
// by the real binary, then opened in-process and read by the binary's commands.

// township is the township archive, made by the binary (yishi demo --villages 20 --years 10).
func township(b *testing.B) string {
	bin := binary(b)
	return testkit.Township(b, func(dir string) error {
		out, err := exec.Command(bin, "--data", dir, "demo", "--villages", "20", "--years", "10").CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v\n%s", err, out)
		}
		return nil
	})
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// BenchmarkOpenTownship opens the township archive, lists its villages, and closes it.
func BenchmarkOpenTownship(b *testing.B) {
	dir := township(b)
	for b.Loop() {
		s, err := storage.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Villages(); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(testkit.Elapsed.Seconds(), "generate-s")
	b.ReportMetric(float64(dirSize(dir))/(1<<20), "archive-MB")
}

// BenchmarkCommandsTownship runs whole commands of the binary on the township archive and reports
// their wall time and peak resident memory. The memory is read by /usr/bin/time: a child's
// ru_maxrss counts the pages of a large parent (this test) while it forks.
func BenchmarkCommandsTownship(b *testing.B) {
	dir := township(b)
	bin := binary(b)
	timeBin, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		b.Log("no /usr/bin/time (apt-get install time): memory not measured")
	}
	for _, args := range [][]string{{"version"}, {"meetings", "--json"}, {"matters", "--json"}, {"check"}, {"rules", "--json"}} {
		b.Run(args[0], func(b *testing.B) {
			var rss int64
			for b.Loop() {
				argv := append([]string{bin, "--data", dir}, args...)
				if timeBin != "" {
					argv = append([]string{timeBin, "-f", "%M"}, argv...)
				}
				cmd := exec.Command(argv[0], argv[1:]...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				// check exits 1 when it finds problems: the synthetic township does not hold
				// the routine quarterly meetings, which the frequency checks report.
				if err := cmd.Run(); err != nil && !(args[0] == "check" && cmd.ProcessState.ExitCode() == 1) {
					b.Fatalf("%v: %v\n%s", args, err, stderr.String())
				}
				lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
				if kb, err := strconv.ParseInt(lines[len(lines)-1], 10, 64); err == nil {
					rss = max(rss, kb)
				}
			}
			if rss > 0 {
				b.ReportMetric(float64(rss)/1024, "maxRSS-MB")
			}
		})
	}
}
