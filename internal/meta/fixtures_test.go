package meta_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handoffhq/handoff/internal/meta"
)

// TestFixturesAreSigned keeps every testdata payload correctly signed with the test app secret;
// go test -update rewrites the .sig files after a fixture changes.
func TestFixturesAreSigned(t *testing.T) {
	t.Parallel()
	names, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range names {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := sign(testSecret, body)
		if *update {
			if err := os.WriteFile(path+".sig", []byte(want+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path + ".sig")
		if err != nil {
			t.Fatalf("%s: %v (run go test -update)", path, err)
		}
		if sig := strings.TrimSpace(string(got)); sig != want || !meta.ValidSignature(testSecret, body, sig) {
			t.Errorf("%s.sig = %s, want %s", path, sig, want)
		}
	}
}
