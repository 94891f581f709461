package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/sqlite"
	"github.com/handoffhq/handoff/internal/storetest"
)

// MustOpen opens a migrated store in dir and closes it when the test ends.
func MustOpen(tb testing.TB, dir string, opts ...sqlite.Option) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), dir, opts...)
	if err != nil {
		tb.Fatalf("open %s: %v", dir, err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) handoff.Store { return MustOpen(t, t.TempDir()) })
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) handoff.Store { return MustOpen(b, b.TempDir()) })
}

func TestMigrateFresh(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := MustOpen(t, filepath.Join(t.TempDir(), "nested", "data"))
	current, latest, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if latest < 1 || current != latest {
		t.Fatalf("SchemaVersion = %d, %d; want latest >= 1 and current == latest", current, latest)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	if c, _, _ := db.SchemaVersion(ctx); c != current {
		t.Fatalf("second Migrate moved the version to %d", c)
	}
	if _, err := os.Stat(db.Path()); err != nil {
		t.Fatalf("database file: %v", err)
	}
}

func TestOpenWithoutMigrateRefusesEmptyDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	db, err := sqlite.Open(context.Background(), dir, sqlite.WithoutMigrate())
	if err == nil {
		db.Close()
		t.Fatal("Open(WithoutMigrate) of an empty directory succeeded")
	}
	wantBehind(t, err)
	if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); !os.IsNotExist(err) {
		t.Errorf("refused Open left a database file behind (%v)", err)
	}
}

func wantBehind(t *testing.T, err error) {
	t.Helper()
	if handoff.ErrorCode(err) != handoff.EUNAVAILABLE {
		t.Errorf("code %q, want %q (%v)", handoff.ErrorCode(err), handoff.EUNAVAILABLE, err)
	}
	if !strings.Contains(handoff.ErrorMessage(err), "schema is behind: run handoff migrate") {
		t.Errorf("message %q does not tell the user to run handoff migrate", handoff.ErrorMessage(err))
	}
}

// rawExec runs statements on the database file directly, outside the store.
func rawExec(t *testing.T, dir string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite", filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range stmts {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestOpenWithoutMigrateRefusesOldSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	rawExec(t, dir, `CREATE TABLE unrelated (x INTEGER)`)

	_, err := sqlite.Open(ctx, dir, sqlite.WithoutMigrate())
	wantBehind(t, err)

	// The default Open migrates; after that WithoutMigrate is satisfied.
	db, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	MustOpen(t, dir, sqlite.WithoutMigrate())
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	_, latest, err := db.SchemaVersion(ctx)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	rawExec(t, dir, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', '')`)
	for _, opts := range [][]sqlite.Option{nil, {sqlite.WithoutMigrate()}} {
		_, err := sqlite.Open(ctx, dir, opts...)
		if handoff.ErrorCode(err) != handoff.EUNAVAILABLE || !strings.Contains(err.Error(), "newer") {
			t.Errorf("Open of a schema newer than %d: %v", latest, err)
		}
	}
}

func TestReopenKeepsData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	c := &handoff.Conversation{ExternalID: "v1", Channel: handoff.ChannelWeb, State: handoff.StatePaused, Tags: []string{"angry"}}
	m := &handoff.Message{Role: handoff.RoleCustomer, Text: "hello", ExternalID: "m1"}
	e := &handoff.Event{Type: handoff.EventTurn, Data: []byte(`{"n":1}`)}
	err = db.Write(ctx, func(tx handoff.Tx) error {
		if err := tx.CreateConversation(ctx, c); err != nil {
			return err
		}
		m.ConversationID, e.ConversationID = c.ID, c.ID
		if err := tx.CreateMessage(ctx, m, nil); err != nil {
			return err
		}
		if err := tx.PutRule(ctx, &handoff.Rule{ID: "r", Name: "R", Then: []handoff.Action{{Type: handoff.ActionPauseAI}}}); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, e)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	for _, opts := range [][]sqlite.Option{{sqlite.WithoutMigrate()}, nil} {
		db := MustOpen(t, dir, opts...)
		err := db.View(ctx, func(tx handoff.Tx) error {
			got, err := tx.ConversationByExternalID(ctx, handoff.ChannelWeb, "v1")
			if err != nil {
				return err
			}
			if got.ID != c.ID || got.State != handoff.StatePaused || !got.HasTag("angry") || !got.CreatedAt.Equal(c.CreatedAt) {
				t.Errorf("conversation after reopen: %+v", got)
			}
			if _, err := tx.MessageByExternalID(ctx, handoff.ChannelWeb, "m1"); err != nil {
				return err
			}
			if _, err := tx.RuleByID(ctx, "r"); err != nil {
				return err
			}
			events, err := tx.ListEvents(ctx, 0, 0, 0)
			if err == nil && (len(events) == 0 || events[len(events)-1].ID != e.ID) {
				t.Errorf("events after reopen: %+v", events)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		next := &handoff.Event{Type: handoff.EventState}
		if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.AppendEvent(ctx, next) }); err != nil {
			t.Fatal(err)
		}
		if next.ID <= e.ID {
			t.Errorf("event ID %d after reopen, want > %d", next.ID, e.ID)
		}
		e = next
		db.Close()
	}
}

func TestPragmas(t *testing.T) {
	t.Parallel()
	db := MustOpen(t, t.TempDir())
	raw, err := sql.Open("sqlite", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var mode string
	if err := raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	// Foreign keys are enforced on the store's connections.
	err = db.Write(context.Background(), func(tx handoff.Tx) error {
		return tx.PutTimer(context.Background(), &handoff.Timer{ConversationID: 12345, Kind: handoff.TimerReminder})
	})
	if handoff.ErrorCode(err) != handoff.ENOTFOUND {
		t.Errorf("timer for a missing conversation: %v, want ENOTFOUND", err)
	}
}

func TestWithClock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fixed := time.Date(2030, 1, 2, 3, 4, 5, 6, time.UTC)
	db := MustOpen(t, t.TempDir(), sqlite.WithClock(func() time.Time { return fixed }))
	c := &handoff.Conversation{Channel: handoff.ChannelAPI, State: handoff.StateAIActive}
	if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.CreateConversation(ctx, c) }); err != nil {
		t.Fatal(err)
	}
	err := db.View(ctx, func(tx handoff.Tx) error {
		got, err := tx.ConversationByID(ctx, c.ID)
		if err == nil && (!got.CreatedAt.Equal(fixed) || !got.UpdatedAt.Equal(fixed)) {
			t.Errorf("times %v, %v; want the injected clock %v", got.CreatedAt, got.UpdatedAt, fixed)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPingAfterClose(t *testing.T) {
	t.Parallel()
	db, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := db.Ping(context.Background()); handoff.ErrorCode(err) != handoff.EUNAVAILABLE {
		t.Errorf("Ping after Close: %v, want EUNAVAILABLE", err)
	}
}
