package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/postgres"
	"github.com/handoffhq/handoff/internal/storetest"
	"github.com/jackc/pgx/v5"
)

// DefaultTestURL is the local server the tests use unless HANDOFF_TEST_POSTGRES_URL says otherwise.
const DefaultTestURL = "postgres://postgres@127.0.0.1:5432/test"

// TestURL returns the database the tests run against. It skips the test when the server cannot
// be reached, and fails it instead under CI=true.
func MustURL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv("HANDOFF_TEST_POSTGRES_URL")
	if url == "" {
		url = DefaultTestURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL at %s is unreachable: %v", url, err)
		}
		tb.Skipf("PostgreSQL at %s is unreachable (set HANDOFF_TEST_POSTGRES_URL): %v", url, err)
	}
	conn.Close(ctx)
	return url
}

// FreshSchema returns the name of a schema no test has used and drops it when the test ends.
func FreshSchema(tb testing.TB, url string) string {
	tb.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "handoff_test_" + hex.EncodeToString(b)
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

// MustOpen opens a migrated store in a fresh schema and closes it when the test ends.
func MustOpen(tb testing.TB, opts ...postgres.Option) *postgres.DB {
	tb.Helper()
	url := MustURL(tb)
	return MustOpenSchema(tb, url, FreshSchema(tb, url), opts...)
}

// MustOpenSchema opens the store in schema and closes it when the test ends.
func MustOpenSchema(tb testing.TB, url, schema string, opts ...postgres.Option) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), url, append([]postgres.Option{postgres.WithSchema(schema)}, opts...)...)
	if err != nil {
		tb.Fatalf("open schema %s: %v", schema, err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) handoff.Store { return MustOpen(t) })
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) handoff.Store { return MustOpen(b) })
}

func TestMigrateFresh(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := MustOpen(t)
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
	if !strings.HasPrefix(db.Schema(), "handoff_test_") {
		t.Errorf("Schema() = %q", db.Schema())
	}
	if got, want := db.EventChannel(), postgres.EventChannel+"."+db.Schema(); got != want {
		t.Errorf("EventChannel() = %q, want %q", got, want)
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

// rawExec runs statements in schema directly, outside the store.
func rawExec(t *testing.T, url, schema string, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SET search_path TO `+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	for _, q := range stmts {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestOpenWithoutMigrateRefusesMissingSchema(t *testing.T) {
	t.Parallel()
	url := MustURL(t)
	schema := FreshSchema(t, url)
	db, err := postgres.Open(context.Background(), url, postgres.WithSchema(schema), postgres.WithoutMigrate())
	if err == nil {
		db.Close()
		t.Fatal("Open(WithoutMigrate) of a missing schema succeeded")
	}
	wantBehind(t, err)
}

func TestOpenWithoutMigrateRefusesOldSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := MustURL(t)
	schema := FreshSchema(t, url)
	rawExec(t, url, "public", `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize())
	rawExec(t, url, schema, `CREATE TABLE unrelated (x INTEGER)`)

	_, err := postgres.Open(ctx, url, postgres.WithSchema(schema), postgres.WithoutMigrate())
	wantBehind(t, err)

	// A database migrated by hand to an older version is behind too.
	db := MustOpenSchema(t, url, schema)
	current, latest, err := db.SchemaVersion(ctx)
	if err != nil || current != latest {
		t.Fatalf("SchemaVersion after migrating = %d, %d, %v", current, latest, err)
	}
	rawExec(t, url, schema, `DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`)
	_, err = postgres.Open(ctx, url, postgres.WithSchema(schema), postgres.WithoutMigrate())
	wantBehind(t, err)
	rawExec(t, url, schema, `INSERT INTO schema_migrations (version, name) VALUES (`+strconv.Itoa(latest)+`, 'restored')`)
	MustOpenSchema(t, url, schema, postgres.WithoutMigrate())
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := MustURL(t)
	schema := FreshSchema(t, url)
	db := MustOpenSchema(t, url, schema)
	_, latest, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rawExec(t, url, schema, `INSERT INTO schema_migrations (version, name) VALUES (9999, 'from_the_future')`)
	for _, opts := range [][]postgres.Option{nil, {postgres.WithoutMigrate()}} {
		_, err := postgres.Open(ctx, url, append([]postgres.Option{postgres.WithSchema(schema)}, opts...)...)
		if handoff.ErrorCode(err) != handoff.EUNAVAILABLE || !strings.Contains(handoff.ErrorMessage(err), "newer than this build") {
			t.Errorf("Open of a schema at version 9999 (build knows %d): %v", latest, err)
		}
	}
}

func TestConcurrentOpenMigratesOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := MustURL(t)
	schema := FreshSchema(t, url)
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	dbs := make([]*postgres.DB, n)
	for i := range n {
		wg.Go(func() { dbs[i], errs[i] = postgres.Open(ctx, url, postgres.WithSchema(schema)) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Errorf("Open %d: %v", i, errs[i])
			continue
		}
		defer dbs[i].Close()
	}
	if t.Failed() {
		return
	}
	var rows, distinct int
	conn, err := dbs[0].Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, `SELECT COUNT(*), COUNT(DISTINCT applied_at) FROM schema_migrations`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	_, latest, _ := dbs[0].SchemaVersion(ctx)
	if rows != latest || distinct != 1 {
		t.Errorf("schema_migrations has %d rows from %d transactions, want %d rows from one", rows, distinct, latest)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if _, err := postgres.Open(ctx, ""); handoff.ErrorCode(err) != handoff.EINVALID {
		t.Errorf("empty url: %v", err)
	}
	if _, err := postgres.Open(ctx, "postgres://%zz"); handoff.ErrorCode(err) != handoff.EINVALID {
		t.Errorf("bad url: %v", err)
	}
	// Nothing listens on port 1.
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := postgres.Open(ctx, "postgres://postgres@127.0.0.1:1/test?connect_timeout=2"); handoff.ErrorCode(err) != handoff.EUNAVAILABLE {
		t.Errorf("unreachable server: %v", err)
	}
}

// TestConversationLockSerialisesWriters checks that two Writes reading and updating one
// conversation never lose an update: ConversationByID locks the row in a Write.
func TestConversationLockSerialisesWriters(t *testing.T) {
	t.Parallel()
	db := MustOpen(t)
	ctx := context.Background()
	c := &handoff.Conversation{Channel: handoff.ChannelWeb, State: handoff.StateAIActive}
	if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.CreateConversation(ctx, c) }); err != nil {
		t.Fatal(err)
	}
	const writers, each = 4, 25
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for range each {
				err := db.Write(ctx, func(tx handoff.Tx) error {
					got, err := tx.ConversationByID(ctx, c.ID)
					if err != nil {
						return err
					}
					got.MessageCount++
					got.UpdatedAt = time.Time{}
					return tx.UpdateConversation(ctx, got)
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	var got *handoff.Conversation
	if err := db.View(ctx, func(tx handoff.Tx) (err error) { got, err = tx.ConversationByID(ctx, c.ID); return err }); err != nil {
		t.Fatal(err)
	}
	if got.MessageCount != writers*each {
		t.Errorf("MessageCount = %d after %d increments", got.MessageCount, writers*each)
	}
}

// TestEventWriters checks what readers rely on now that appends run concurrently: a transaction
// that drew an event id and has not committed is listed by EventWriters while a later id is
// already visible, and LastEventID waits for it before it answers.
func TestEventWriters(t *testing.T) {
	t.Parallel()
	db := MustOpen(t)
	ctx := context.Background()
	if w, err := db.EventWriters(ctx, nil); err != nil || len(w) != 0 {
		t.Fatalf("EventWriters of an idle store = %v, %v", w, err)
	}
	appended := make(chan int64)
	release := make(chan error)
	slow := make(chan error, 1)
	go func() {
		slow <- db.Write(ctx, func(tx handoff.Tx) error {
			e := &handoff.Event{Type: handoff.EventState, Data: []byte(`{"slow":true}`)}
			if err := tx.AppendEvent(ctx, e); err != nil {
				return err
			}
			// The append is deferred; a query sends it, so the id is drawn and held uncommitted.
			if _, err := tx.ListEvents(ctx, 0, 0, 1); err != nil {
				return err
			}
			appended <- e.ID
			return <-release
		})
	}()
	first := <-appended
	// A later transaction appends and commits without waiting for the open one.
	fast := &handoff.Event{Type: handoff.EventState, Data: []byte(`{"fast":true}`)}
	if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.AppendEvent(ctx, fast) }); err != nil {
		t.Fatal(err)
	}
	if fast.ID <= first {
		t.Fatalf("later append got id %d, not above %d", fast.ID, first)
	}
	var seen []*handoff.Event
	if err := db.View(ctx, func(tx handoff.Tx) (err error) { seen, err = tx.ListEvents(ctx, 0, 0, 0); return err }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0].ID != fast.ID {
		t.Fatalf("visible events %v, want only the committed %d", seen, fast.ID)
	}
	writers, err := db.EventWriters(ctx, nil)
	if err != nil || len(writers) != 1 {
		t.Fatalf("EventWriters with one open append = %v, %v", writers, err)
	}

	// LastEventID answers only once the open transaction has ended.
	last := make(chan int64, 1)
	go func() {
		id, err := db.LastEventID(ctx)
		if err != nil {
			t.Error(err)
		}
		last <- id
	}()
	select {
	case id := <-last:
		t.Fatalf("LastEventID = %d while id %d is being committed", id, first)
	case <-time.After(50 * time.Millisecond):
	}
	release <- nil
	if err := <-slow; err != nil {
		t.Fatal(err)
	}
	if id := <-last; id != fast.ID {
		t.Errorf("LastEventID = %d, want %d", id, fast.ID)
	}
	if w, err := db.EventWriters(ctx, writers); err != nil || len(w) != 0 {
		t.Errorf("EventWriters among the committed writers = %v, %v", w, err)
	}

	// A rolled-back append leaves a hole for good, and no writer behind.
	go func() {
		slow <- db.Write(ctx, func(tx handoff.Tx) error {
			if err := tx.AppendEvent(ctx, &handoff.Event{Type: handoff.EventState}); err != nil {
				return err
			}
			if _, err := tx.ListEvents(ctx, 0, 0, 1); err != nil {
				return err
			}
			appended <- 0
			return <-release
		})
	}()
	<-appended
	if writers, err = db.EventWriters(ctx, nil); err != nil || len(writers) != 1 {
		t.Fatalf("EventWriters with one open append = %v, %v", writers, err)
	}
	release <- handoff.Errorf(handoff.EINVALID, "roll back")
	<-slow
	if w, err := db.EventWriters(ctx, writers); err != nil || len(w) != 0 {
		t.Errorf("EventWriters among the rolled-back writers = %v, %v", w, err)
	}
	if w, err := db.EventWriters(ctx, []string{}); err != nil || len(w) != 0 {
		t.Errorf("EventWriters among none = %v, %v", w, err)
	}
}

// TestNotify checks that AppendEvent notifies the store's channel with the id, on commit only.
func TestNotify(t *testing.T) {
	t.Parallel()
	db := MustOpen(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn := listen(t, ctx, db)
	rolledBack := db.Write(ctx, func(tx handoff.Tx) error {
		if err := tx.AppendEvent(ctx, &handoff.Event{Type: handoff.EventTyping}); err != nil {
			return err
		}
		return handoff.Errorf(handoff.EINVALID, "roll back")
	})
	if handoff.ErrorCode(rolledBack) != handoff.EINVALID {
		t.Fatal(rolledBack)
	}
	e := &handoff.Event{ConversationID: 7, Type: handoff.EventTurn, Data: []byte(`{"text":"hi"}`)}
	if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.AppendEvent(ctx, e) }); err != nil {
		t.Fatal(err)
	}
	n, err := conn.WaitForNotification(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n.Channel != db.EventChannel() || n.Payload != strconv.FormatInt(e.ID, 10) {
		t.Errorf("notification %q on %q, want %d on %q", n.Payload, n.Channel, e.ID, db.EventChannel())
	}
}

// TestBadText checks that text PostgreSQL cannot store is EINVALID and leaves nothing behind.
func TestBadText(t *testing.T) {
	t.Parallel()
	db := MustOpen(t)
	ctx := context.Background()
	c := &handoff.Conversation{Channel: handoff.ChannelWeb, State: handoff.StateAIActive}
	if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.CreateConversation(ctx, c) }); err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]*handoff.Message{
		"NUL in text":       {ConversationID: c.ID, Role: handoff.RoleCustomer, Text: "hi\x00there"},
		"NUL in JSON value": {ConversationID: c.ID, Role: handoff.RoleCustomer, Text: "hi", Attachments: []handoff.Attachment{{Type: "file", Name: "a\x00b"}}},
	} {
		err := db.Write(ctx, func(tx handoff.Tx) error { return tx.CreateMessage(ctx, m, nil) })
		if handoff.ErrorCode(err) != handoff.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
	err := db.Write(ctx, func(tx handoff.Tx) error {
		return tx.CreateOutbox(ctx, &handoff.OutboxItem{Kind: handoff.OutboxNotify, Payload: []byte(`{not json`)})
	})
	if handoff.ErrorCode(err) != handoff.EINVALID {
		t.Errorf("payload that is not JSON: %v, want EINVALID", err)
	}
}

// TestSessionSettings checks what every connection of the store is set up with.
func TestSessionSettings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := MustURL(t)
	show := func(db *postgres.DB, name string) string {
		t.Helper()
		conn, err := db.Connect(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var v string
		if err := conn.QueryRow(ctx, `SELECT current_setting($1)`, name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	db := MustOpenSchema(t, url, FreshSchema(t, url))
	if got := show(db, "idle_in_transaction_session_timeout"); got != "1min" {
		t.Errorf("idle_in_transaction_session_timeout = %q, want 1min", got)
	}
	if got := show(db, "search_path"); got != `"`+db.Schema()+`"` && got != db.Schema() {
		t.Errorf("search_path = %q, want the schema %q", got, db.Schema())
	}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	own := MustOpenSchema(t, url+sep+"idle_in_transaction_session_timeout=5s", FreshSchema(t, url))
	if got := show(own, "idle_in_transaction_session_timeout"); got != "5s" {
		t.Errorf("idle_in_transaction_session_timeout from the url = %q, want 5s", got)
	}
}

// TestSearchPathFromURL opens a store whose schema comes from the url rather than WithSchema.
func TestSearchPathFromURL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := MustURL(t)
	schema := FreshSchema(t, url)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	withPath := url + sep + "search_path=" + schema
	_, err := postgres.Open(ctx, withPath)
	if handoff.ErrorCode(err) != handoff.EUNAVAILABLE {
		t.Errorf("Open with a search_path naming a missing schema: %v, want EUNAVAILABLE", err)
	}
	rawExec(t, url, "public", `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize())
	db, err := postgres.Open(ctx, withPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Schema() != schema || db.EventChannel() != postgres.EventChannel+"."+schema {
		t.Errorf("Schema() = %q, EventChannel() = %q; want the schema from the url", db.Schema(), db.EventChannel())
	}
	c := &handoff.Conversation{Channel: handoff.ChannelWeb, State: handoff.StateAIActive}
	if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.CreateConversation(ctx, c) }); err != nil {
		t.Fatal(err)
	}
}

// TestTransactionEnds checks the ends of a transaction whose BEGIN goes out with its first
// statement: one that runs nothing, one whose first statement fails, and one that ignores a
// failed statement and so must not commit.
func TestTransactionEnds(t *testing.T) {
	t.Parallel()
	db := MustOpen(t)
	ctx := context.Background()
	if err := db.Write(ctx, func(tx handoff.Tx) error { return nil }); err != nil {
		t.Errorf("empty Write: %v", err)
	}
	if err := db.View(ctx, func(tx handoff.Tx) error { return nil }); err != nil {
		t.Errorf("empty View: %v", err)
	}
	err := db.Write(ctx, func(tx handoff.Tx) error {
		return tx.CreateOutbox(ctx, &handoff.OutboxItem{Kind: handoff.OutboxNotify, Payload: []byte(`{not json`)})
	})
	if handoff.ErrorCode(err) != handoff.EINVALID {
		t.Errorf("first statement failing: %v, want EINVALID", err)
	}
	c := &handoff.Conversation{Channel: handoff.ChannelWeb, State: handoff.StateAIActive}
	err = db.Write(ctx, func(tx handoff.Tx) error {
		if err := tx.CreateConversation(ctx, c); err != nil {
			return err
		}
		_ = tx.CreateOutbox(ctx, &handoff.OutboxItem{Kind: handoff.OutboxNotify, Payload: []byte(`{not json`)})
		return nil // the failed statement aborted the transaction
	})
	if err == nil {
		t.Error("a Write that ignored a failed statement committed")
	}
	err = db.View(ctx, func(tx handoff.Tx) error {
		_, err := tx.ConversationByID(ctx, c.ID)
		return err
	})
	if handoff.ErrorCode(err) != handoff.ENOTFOUND {
		t.Errorf("the aborted Write left its conversation behind: %v", err)
	}
	// The connections are usable after all of this.
	for range 8 {
		if err := db.Write(ctx, func(tx handoff.Tx) error {
			return tx.CreateConversation(ctx, &handoff.Conversation{Channel: handoff.ChannelWeb, State: handoff.StateAIActive})
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDeferredErrors checks that the statements sent with a later round trip report their
// errors from Write, commit nothing of the transaction, and fill in their ids before Write returns.
func TestDeferredErrors(t *testing.T) {
	t.Parallel()
	db := MustOpen(t)
	ctx := context.Background()
	c := &handoff.Conversation{ExternalID: "deferred", Channel: "web", State: handoff.StateAIActive}
	if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.CreateConversation(ctx, c) }); err != nil {
		t.Fatal(err)
	}

	// A stale version: the UPDATE changes no row, and the events appended after it are not stored.
	stale := *c
	if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.UpdateConversation(ctx, c) }); err != nil {
		t.Fatal(err)
	}
	stale.Priority = "high"
	ev := &handoff.Event{ConversationID: c.ID, Type: handoff.EventState, Data: []byte(`{}`)}
	err := db.Write(ctx, func(tx handoff.Tx) error {
		if err := tx.UpdateConversation(ctx, &stale); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, ev)
	})
	if handoff.ErrorCode(err) != handoff.ECONFLICT {
		t.Fatalf("update with a stale version = %v, want ECONFLICT", err)
	}
	if stale.Version != c.Version-1 {
		t.Errorf("failed update left version %d, want %d", stale.Version, c.Version-1)
	}
	var events []*handoff.Event
	if err := db.View(ctx, func(tx handoff.Tx) (err error) { events, err = tx.ListEvents(ctx, 0, c.ID, 0); return err }); err != nil {
		t.Fatal(err)
	}
	if len(events) != 0 {
		t.Fatalf("a failed transaction stored events %v", events)
	}

	// An unknown conversation: ENOTFOUND, from Write.
	gone := *c
	gone.ID += 1000
	if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.UpdateConversation(ctx, &gone) }); handoff.ErrorCode(err) != handoff.ENOTFOUND {
		t.Fatalf("update of an unknown conversation = %v, want ENOTFOUND", err)
	}
	if err := db.Write(ctx, func(tx handoff.Tx) error {
		return tx.CreateEvaluation(ctx, &handoff.Evaluation{ConversationID: c.ID + 1000})
	}); handoff.ErrorCode(err) != handoff.ENOTFOUND {
		t.Fatalf("evaluation of an unknown conversation = %v, want ENOTFOUND", err)
	}

	// A deferred error surfaces from the next query too, and Write still fails with it.
	err = db.Write(ctx, func(tx handoff.Tx) error {
		if err := tx.UpdateConversation(ctx, &stale); err != nil {
			return err
		}
		_, _ = tx.ListEvents(ctx, 0, c.ID, 0) // the error is ignored here
		return nil
	})
	if handoff.ErrorCode(err) != handoff.ECONFLICT {
		t.Fatalf("ignored deferred error: Write = %v, want ECONFLICT", err)
	}

	// On success the version is counted up and the ids are set when Write returns.
	before := c.Version
	ev = &handoff.Event{ConversationID: c.ID, Type: handoff.EventState, Data: []byte(`{}`)}
	ev2 := &handoff.Event{ConversationID: c.ID, Type: handoff.EventState, Data: []byte(`{}`)}
	m := &handoff.Message{ConversationID: c.ID, Role: handoff.RoleCustomer, Text: "hi"}
	eval := &handoff.Evaluation{ConversationID: c.ID}
	if err := db.Write(ctx, func(tx handoff.Tx) error {
		if err := tx.UpdateConversation(ctx, c); err != nil {
			return err
		}
		if err := tx.CreateMessage(ctx, m, nil); err != nil {
			return err
		}
		if err := tx.CreateEvaluation(ctx, eval); err != nil {
			return err
		}
		if err := tx.AppendEvent(ctx, ev); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, ev2)
	}); err != nil {
		t.Fatal(err)
	}
	if c.Version != before+1 || ev.ID == 0 || ev2.ID <= ev.ID || eval.ID == 0 {
		t.Fatalf("after Write: version %d (want %d), event ids %d, %d, evaluation id %d", c.Version, before+1, ev.ID, ev2.ID, eval.ID)
	}
	var got *handoff.Conversation
	if err := db.View(ctx, func(tx handoff.Tx) (err error) { got, err = tx.ConversationByID(ctx, c.ID); return err }); err != nil {
		t.Fatal(err)
	}
	if got.Version != c.Version {
		t.Fatalf("stored version %d, want %d", got.Version, c.Version)
	}
}
