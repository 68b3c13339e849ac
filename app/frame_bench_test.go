package app

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"

	"yishi/meeting/demo"
)

// BenchmarkFirstFrame starts the built yishi on the township archive in a pseudo-terminal of
// 80x24 and measures, from exec, the first byte it writes, its first frame (the first output
// with text on the screen: the window drawn while the archive opens), and the first frame of
// the home screen filled (the first village's name and its meetings). It also reports yishi's
// peak resident memory (VmHWM) once its home screen is shown. The goals of the issue: the first
// frame within twice that of a bare Bubble Tea v2 program that draws one frame and quits
// (testdata/bare), and under 80 MB.
//
// Beside that baseline it times two more, to tell where yishi's time goes: the bare program
// staying after its frame (its frame then waits for the renderer's next tick, as every frame of a
// program that stays does), and the same linking the pinned libraries whose initialisation
// costs time at every start (bare built with -tags libs). All four run in turn, each round.
func BenchmarkFirstFrame(b *testing.B) {
	dir := township(b)
	bin := binary(b)
	bare, bareLibs := bareBinary(b, ""), bareBinary(b, "libs")
	name := demo.Synthetic(1, 1, nil).Villages[0].Name // the township's first village

	var bareByte, bareFrame, stayFrame, libsFrame, yByte, yFrame, yHome, hwm []float64
	for b.Loop() {
		r, err := firstFrame(bare, nil, []string{"第一帧"}, false)
		if err != nil {
			b.Fatalf("bare: %v", err)
		}
		bareByte, bareFrame = append(bareByte, ms(r.firstByte)), append(bareFrame, ms(r.firstText))
		if r, err = firstFrame(bare, []string{"-stay"}, []string{"第一帧"}, true); err != nil {
			b.Fatalf("bare -stay: %v", err)
		}
		stayFrame = append(stayFrame, ms(r.firstText))
		if r, err = firstFrame(bareLibs, []string{"-stay"}, []string{"第一帧"}, true); err != nil {
			b.Fatalf("bare -tags libs -stay: %v", err)
		}
		libsFrame = append(libsFrame, ms(r.firstText))
		r, err = firstFrame(bin, []string{"--data", dir}, []string{name, "会议"}, true)
		if err != nil {
			b.Fatalf("yishi: %v", err)
		}
		yByte, yFrame, yHome = append(yByte, ms(r.firstByte)), append(yFrame, ms(r.firstText)), append(yHome, ms(r.frame))
		hwm = append(hwm, float64(r.hwm)/1024)
	}
	b.ReportMetric(quantile(bareFrame, 0.5), "bare-frame-p50-ms")
	b.ReportMetric(quantile(bareFrame, 0.95), "bare-frame-p95-ms")
	b.ReportMetric(quantile(stayFrame, 0.5), "bare-stay-frame-p50-ms")
	b.ReportMetric(quantile(libsFrame, 0.5), "bare-libs-stay-frame-p50-ms")
	b.ReportMetric(quantile(yFrame, 0.5), "yishi-frame-p50-ms")
	b.ReportMetric(quantile(yFrame, 0.95), "yishi-frame-p95-ms")
	b.ReportMetric(quantile(yHome, 0.5), "yishi-home-p50-ms")
	b.ReportMetric(quantile(yHome, 0.95), "yishi-home-p95-ms")
	b.ReportMetric(quantile(bareByte, 0.5), "bare-byte-p50-ms")
	b.ReportMetric(quantile(yByte, 0.5), "yishi-byte-p50-ms")
	b.ReportMetric(quantile(yFrame, 0.5)/quantile(bareFrame, 0.5), "frame-x-bare")
	b.ReportMetric(quantile(yFrame, 0.5)/quantile(libsFrame, 0.5), "frame-x-bare-libs-stay")
	b.ReportMetric(slices.Max(hwm), "yishi-VmHWM-MB")
}

var (
	bareMu    sync.Mutex
	barePaths = map[string]string{}
)

// bareBinary builds testdata/bare with the build tags tags next to the yishi binary (removed
// with it by TestMain).
func bareBinary(b *testing.B, tags string) string {
	bin := binary(b)
	bareMu.Lock()
	defer bareMu.Unlock()
	if p, ok := barePaths[tags]; ok {
		return p
	}
	p := filepath.Join(filepath.Dir(bin), "bare"+tags)
	if out, err := exec.Command("go", "build", "-tags", tags, "-o", p, "./testdata/bare").CombinedOutput(); err != nil {
		b.Fatalf("go build bare -tags %q: %v\n%s", tags, err, out)
	}
	barePaths[tags] = p
	return p
}

type frameRun struct {
	firstByte time.Duration
	firstText time.Duration // the first output with text to see
	frame     time.Duration // the first output showing everything wanted
	hwm       int64         // kB, of a program that was stopped once its frame was seen
}

// firstFrame runs bin with args in a pseudo-terminal and times its first output byte, its first
// output with text (escape sequences and spaces left out), and the first output whose text
// contains every one of want. With stop, it then reads
// the program's VmHWM, sends it SIGTERM and waits for it; else it waits for it to end by itself.
func firstFrame(bin string, args []string, want []string, stop bool) (frameRun, error) {
	var r frameRun
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORTERM=truecolor")
	start := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		return r, err
	}
	defer f.Close()
	seen := make(chan struct{})
	done := make(chan struct{})
	var out bytes.Buffer
	go func() {
		defer close(done)
		buf := make([]byte, 64<<10)
		found := false
		for {
			n, err := f.Read(buf)
			if n > 0 {
				if r.firstByte == 0 {
					r.firstByte = time.Since(start)
				}
				if !found {
					out.Write(buf[:n])
					text := ansi.Strip(out.String())
					if r.firstText == 0 && strings.TrimSpace(text) != "" {
						r.firstText = time.Since(start)
					}
					if containsAll(text, want) {
						r.frame = time.Since(start)
						found = true
						close(seen)
					}
				}
			}
			if err != nil {
				return // EIO once the program has exited
			}
		}
	}()
	timeout := time.NewTimer(30 * time.Second)
	defer timeout.Stop()
	select {
	case <-seen:
	case <-done:
		cmd.Wait()
		return r, fmt.Errorf("ended without showing %q; it wrote:\n%s", want, ansi.Strip(out.String()))
	case <-timeout.C:
		cmd.Process.Kill()
		cmd.Wait()
		<-done
		return r, fmt.Errorf("no %q in 30 s; it wrote:\n%s", want, ansi.Strip(out.String()))
	}
	if stop {
		r.hwm, err = vmHWM(cmd.Process.Pid)
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			return r, err
		}
		cmd.Process.Signal(syscall.SIGTERM)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err = <-exited:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-exited
		return r, errors.New("still running 10 s after its frame (and SIGTERM)")
	}
	if err != nil && !stop {
		return r, err
	}
	return r, nil
}

func containsAll(s string, want []string) bool {
	for _, w := range want {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// vmHWM returns the peak resident memory of process pid, in kB.
func vmHWM(pid int) (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		}
	}
	return 0, errors.New("no VmHWM in /proc/" + strconv.Itoa(pid) + "/status")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// quantile returns the q-quantile of xs (nearest rank).
func quantile(xs []float64, q float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}
