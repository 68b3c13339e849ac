package ui

import (
	"strings"
	"testing"

	"yishi/app/internal/testkit"
)

// TestCopyVillageIsReadOnly: a village collected from its bundle says on the home screen that
// it is a copy, at 80×24 and 60×20, and n (a new meeting) and r (the roster) say why not
// instead of opening a form; its records open to read.
func TestCopyVillageIsReadOnly(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedCopy(t, s)
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		m := start(t, s, size[0], size[1])
		v := plain(m)
		checkFits(t, "home of a copy", view(m), size[0], size[1])
		if !strings.Contains(strings.SplitN(v, "\n", 2)[0], "副本·只读") {
			t.Errorf("%dx%d: the head does not say it is a copy:\n%s", size[0], size[1], v)
		}
		for _, k := range []string{"n", "r"} {
			after := drive(t, m, typed(k))
			if _, ok := front(after).(*home); !ok || !strings.Contains(plain(after), "副本，只读") {
				t.Errorf("%dx%d: %s on a copy: %T\n%s", size[0], size[1], k, front(after), plain(after))
			}
		}
	}
	// A village of its own says nothing of the kind.
	own := testkit.OpenStore(t)
	testkit.SeedDemo(t, own, nil)
	if v := plain(start(t, own, 80, 24)); strings.Contains(v, "副本") {
		t.Errorf("the village's own archive reads as a copy:\n%s", v)
	}
}
