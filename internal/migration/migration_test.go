package migration_test

import (
	"testing"
	"testing/fstest"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/migration"
)

func TestMustLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		files  []string
		panics bool
	}{
		{"in order", []string{"0001_init.sql", "0002_more.sql"}, false},
		{"gap", []string{"0001_init.sql", "0003_more.sql"}, true},
		{"bad name", []string{"init.sql"}, true},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys["m/"+f] = &fstest.MapFile{Data: []byte("SELECT 1;")}
			}
			defer func() {
				if p := recover(); (p != nil) != tt.panics {
					t.Fatalf("panic = %v, want panic %v", p, tt.panics)
				}
			}()
			steps := migration.MustLoad(fsys, "m", "test")
			for i, s := range steps {
				if s.Version != i+1 || s.SQL != "SELECT 1;" || s.Name != tt.files[i] {
					t.Fatalf("step %d = %+v", i, s)
				}
			}
		})
	}
	if handoff.ErrorCode(migration.Behind(1, 2)) != handoff.EUNAVAILABLE || handoff.ErrorCode(migration.Ahead(3, 2)) != handoff.EUNAVAILABLE {
		t.Fatal("schema errors must be EUNAVAILABLE")
	}
}
