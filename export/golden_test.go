package export

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"yishi/meeting"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/ from the current output")

var formats = []Format{Markdown, HTML, Text}

// goldenDocs are the documents kept as golden files: the sample evening (meeting 6), the
// representatives' meeting that resolved matter 2 (meeting 10), and matter 2's two notices.
func goldenDocs(t *testing.T) map[string]func(Format, Options) ([]byte, error) {
	a := abei(t)
	res := noticeRecord(a, noticeOf(t, a, 2, meeting.ResolutionNotice))
	result := noticeRecord(a, noticeOf(t, a, 2, meeting.ResultNotice))
	return map[string]func(Format, Options) ([]byte, error){
		"minutes-6":         func(f Format, o Options) ([]byte, error) { return Minutes(minutesRecord(a, 6), f, o) },
		"minutes-10":        func(f Format, o Options) ([]byte, error) { return Minutes(minutesRecord(a, 10), f, o) },
		"notice-resolution": func(f Format, o Options) ([]byte, error) { return Notice(res, f, o) },
		"notice-result":     func(f Format, o Options) ([]byte, error) { return Notice(result, f, o) },
	}
}

func TestGolden(t *testing.T) {
	for name, export := range goldenDocs(t) {
		for _, f := range formats {
			got, err := export(f, Options{})
			if err != nil {
				t.Fatalf("%s.%s: %v", name, f, err)
			}
			again, _ := export(f, Options{})
			if !bytes.Equal(got, again) {
				t.Errorf("%s.%s: two exports of the same records differ", name, f)
			}
			path := filepath.Join("testdata", name+"."+string(f)+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./export -update to write it)", err)
			}
			if diff := Compare(got, want); diff != nil || !bytes.Equal(got, want) {
				t.Errorf("%s differs from its golden file (go test ./export -update rewrites it):\n%v", path, diff)
			}
		}
	}
}
