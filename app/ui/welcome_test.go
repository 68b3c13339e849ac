package ui

import (
	"errors"
	"strings"
	"testing"
	"yishi/app/internal/testkit"
	"yishi/storage"

	tea "charm.land/bubbletea/v2"
)

// TestWelcomeEncrypts: F3 on the first-start screen, the passphrase typed twice (masked; a
// mismatch and a short one refused), and the empty archive is encrypted in place; the demo
// village loaded after lands in it encrypted.
func TestWelcomeEncrypts(t *testing.T) {
	s := testkit.OpenStore(t)
	dir := s.Dir()
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		m := start(t, s, size[0], size[1])
		if !strings.Contains(plain(m), "F3") {
			t.Fatalf("the welcome screen does not offer encryption:\n%s", plain(m))
		}
		checkFits(t, "welcome", view(m), size[0], size[1])
		m = drive(t, m, press(tea.KeyF3))
		if _, ok := m.(*model).front.(*encryptForm); !ok {
			t.Fatalf("F3 did not open the encryption form:\n%s", plain(m))
		}
		checkFits(t, "encryption form", view(m), size[0], size[1])
		m = drive(t, m, press(tea.KeyEscape))
		if m.(*model).front != m.(*model).welcome {
			t.Fatalf("Esc did not go back to the welcome screen:\n%s", plain(m))
		}
	}
	m := start(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyF3))
	m = typeText(t, m, "q短")
	m = drive(t, m, press(tea.KeyF2))
	if !strings.Contains(plain(m), "口令太短") {
		t.Errorf("a short passphrase was not refused:\n%s", plain(m))
	}
	m = typeText(t, m, "坡路灯-2026")
	if strings.Contains(plain(m), "路灯") {
		t.Errorf("the passphrase shows on screen:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyTab))
	m = typeText(t, m, "q短坡路灯-2027")
	m = drive(t, m, press(tea.KeyEnter))
	if !strings.Contains(plain(m), "两次输入的口令不一样") || storage.Encrypted(dir) {
		t.Fatalf("a mismatch was not refused:\n%s", plain(m))
	}
	m = typeText(t, m, "q短坡路灯-2026")
	m = drive(t, m, press(tea.KeyEnter))
	if !storage.Encrypted(dir) {
		t.Fatalf("Enter on the second entry did not encrypt:\n%s", plain(m))
	}
	if m.(*model).front != m.(*model).welcome || !strings.Contains(plain(m), "已加密") {
		t.Errorf("after encrypting, not the welcome screen saying so:\n%s", plain(m))
	}
	if strings.Contains(plain(m), "F3") {
		t.Errorf("the welcome screen still offers encryption:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyEnter)) // the demo village
	if empty, err := s.Empty(); err != nil || empty {
		t.Fatalf("the demo village was not loaded after encrypting: %v", err)
	}
	s.Close()
	if _, err := storage.Open(dir); !errors.Is(err, storage.ErrEncrypted) {
		t.Errorf("the archive encrypted on the welcome screen opens plain: %v", err)
	}
	u, err := storage.Unlock(dir, "q短坡路灯-2026")
	if err != nil {
		t.Fatal(err)
	}
	es, err := u.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer es.Close()
	if vs, err := es.Villages(); err != nil || len(vs) != 1 || vs[0].Name != "阿北村" {
		t.Errorf("the encrypted archive holds %+v, %v", vs, err)
	}
}
