package ui

import (
	"os"
	"testing"

	"yishi/app/internal/testkit"
	"yishi/storage"
)

func TestMain(m *testing.M) {
	storage.CheapKeysForTests()
	code := m.Run()
	testkit.Cleanup()
	os.Exit(code)
}
