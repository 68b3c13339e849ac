package app

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// listed is what go list says of one package of the module.
type listed struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Imports    []string // direct, test files not counted
	Deps       []string // every package it needs, transitively
}

// modulePackages lists every package of the module, as the go tool builds them.
func modulePackages(t *testing.T) map[string]listed {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", "yishi/...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]listed{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs[p.ImportPath] = p
	}
	for _, want := range []string{"yishi/app", "yishi/app/core", "yishi/app/ui", "yishi/meeting", "yishi/storage", "yishi/export"} {
		if _, ok := pkgs[want]; !ok {
			t.Fatalf("go list does not show %s: the layers moved, and this test must follow", want)
		}
	}
	return pkgs
}

const bubbletea = "charm.land/bubbletea/v2"

// TestLayers asserts the house's import rules (README, "How the code is laid out"): the screens
// never touch storage, the use-case layer knows no terminal, the domain knows nothing of ours,
// and only the command line knows the screens.
func TestLayers(t *testing.T) {
	pkgs := modulePackages(t)
	for path, p := range pkgs {
		if slices.Contains(p.Imports, bubbletea) && slices.Contains(p.Imports, "yishi/storage") {
			t.Errorf("%s imports Bubble Tea and yishi/storage: a screen reads and writes through yishi/app/core", path)
		}
		for _, imp := range p.Imports {
			if imp == "yishi/app/ui" && path != "yishi/app" {
				t.Errorf("%s imports the screens: only the command line's tui command calls ui.Run", path)
			}
		}
		if strings.HasPrefix(path, "yishi/app/core") || path == "yishi/meeting" || path == "yishi/storage" || path == "yishi/export" {
			for _, d := range p.Deps {
				if strings.HasPrefix(d, "charm.land/bubbletea") || strings.HasPrefix(d, "charm.land/bubbles") {
					t.Errorf("%s needs %s: below the screens nothing knows the terminal UI", path, d)
				}
			}
		}
	}
	for _, path := range []string{"yishi/meeting"} {
		for _, imp := range pkgs[path].Imports {
			if strings.HasPrefix(imp, "yishi/") {
				t.Errorf("%s imports %s: the domain imports nothing of ours", path, imp)
			}
		}
	}
	for path, allowed := range map[string][]string{
		"yishi/meeting/demo": {"yishi/meeting"},
		"yishi/storage":      {"yishi/meeting"},
		"yishi/export":       {"yishi/meeting"},
		"yishi/app/core":     {"yishi/meeting", "yishi/storage", "yishi/export"},
	} {
		for _, imp := range pkgs[path].Imports {
			if strings.HasPrefix(imp, "yishi/") && !slices.Contains(allowed, imp) {
				t.Errorf("%s imports %s; it may import only %v", path, imp, allowed)
			}
		}
	}
}

// TestScreensBuildNoTransaction: no screen builds a transaction or calls a store's write methods;
// they call the named operations of yishi/app/core. Nor does the command line build one.
func TestScreensBuildNoTransaction(t *testing.T) {
	pkgs := modulePackages(t)
	write := regexp.MustCompile(`(\w+)\.(Update\(func\(tx|PutVillage|PutPeople|PutPerson|PutMeeting|AppendStatement|PutStatement|DeleteStatement|PutDraft|DeleteDraft|SetCurrent|PutAmendment|PutMatter|PutNotice|PutAssignment)\(`)
	for _, path := range []string{"yishi/app", "yishi/app/ui"} {
		p := pkgs[path]
		for _, f := range p.GoFiles {
			src, err := os.ReadFile(filepath.Join(p.Dir, f))
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(src), "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "//") {
					continue
				}
				for _, m := range write.FindAllStringSubmatch(line, -1) {
					if m[1] != "core" { // core.PutNotice and the like are the operations themselves
						t.Errorf("%s/%s:%d writes to the archive itself (%s): add or use an operation of yishi/app/core", path, f, i+1, m[0])
					}
				}
			}
		}
	}
}

// TestKeysFromTheKeyMap: a screen matches keys and names them in its help through the key map
// (app/ui/keymap.go), never by comparing a key's name or making a binding of its own.
func TestKeysFromTheKeyMap(t *testing.T) {
	p := modulePackages(t)["yishi/app/ui"]
	raw := regexp.MustCompile(`\.String\(\) == "|switch \w+\.String\(\) \{|key\.NewBinding\(`)
	for _, f := range p.GoFiles {
		if f == "keymap.go" {
			continue
		}
		src, err := os.ReadFile(filepath.Join(p.Dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if m := raw.FindString(line); m != "" {
				t.Errorf("app/ui/%s:%d: %q: keys are matched and named through the key map (keymap.go)", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
