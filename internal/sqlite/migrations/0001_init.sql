-- Initial schema. Times are fixed-width UTC text ("2006-01-02T15:04:05.000000000Z")
-- so they sort as strings; JSON columns hold the domain values as encoded by encoding/json.

CREATE TABLE conversations (
	id                  INTEGER PRIMARY KEY AUTOINCREMENT,
	external_id         TEXT    NOT NULL DEFAULT '',
	channel             TEXT    NOT NULL,
	state               TEXT    NOT NULL,
	priority            TEXT    NOT NULL DEFAULT '',
	tags                TEXT    NOT NULL DEFAULT '[]',
	customer            TEXT    NOT NULL DEFAULT '{}',
	assigned_team       TEXT    NOT NULL DEFAULT '',
	assigned_agent      TEXT    NOT NULL DEFAULT '',
	agent_name          TEXT    NOT NULL DEFAULT '',
	handoff_reason      TEXT    NOT NULL DEFAULT '',
	handoff_explanation TEXT    NOT NULL DEFAULT '',
	escalation_score    REAL    NOT NULL DEFAULT 0,
	message_count       INTEGER NOT NULL DEFAULT 0,
	turn_count          INTEGER NOT NULL DEFAULT 0,
	rule_fired_at       TEXT    NOT NULL DEFAULT '{}',
	created_at          TEXT    NOT NULL,
	updated_at          TEXT    NOT NULL,
	last_message_at     TEXT,
	first_signal_at     TEXT,
	paused_at           TEXT,
	claimed_at          TEXT,
	closed_at           TEXT,
	last_human_at       TEXT,
	resume_at           TEXT,
	handoff_count       INTEGER NOT NULL DEFAULT 0,
	ai_turns_at_risk    INTEGER NOT NULL DEFAULT 0,
	first_handoff_at    TEXT,
	first_claim_at      TEXT,
	first_handoff_reason TEXT   NOT NULL DEFAULT ''
) STRICT;

CREATE UNIQUE INDEX conversations_external_id ON conversations (channel, external_id) WHERE external_id <> '';
CREATE INDEX conversations_updated_at ON conversations (updated_at, id);
CREATE INDEX conversations_state ON conversations (state, updated_at);
CREATE INDEX conversations_channel ON conversations (channel, updated_at);

CREATE TABLE messages (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	channel         TEXT    NOT NULL,
	role            TEXT    NOT NULL,
	text            TEXT    NOT NULL DEFAULT '',
	external_id     TEXT    NOT NULL DEFAULT '',
	source          TEXT    NOT NULL DEFAULT '',
	author          TEXT    NOT NULL DEFAULT '',
	confidence      REAL,
	attachments     TEXT    NOT NULL DEFAULT '[]',
	signals         TEXT,
	created_at      TEXT    NOT NULL
) STRICT;

CREATE UNIQUE INDEX messages_external_id ON messages (channel, external_id) WHERE external_id <> '';
CREATE INDEX messages_conversation ON messages (conversation_id, id);

CREATE TABLE evaluations (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	message_id      INTEGER NOT NULL DEFAULT 0,
	signals         TEXT    NOT NULL,
	fired           TEXT    NOT NULL DEFAULT '[]',
	near_misses     TEXT    NOT NULL DEFAULT '[]',
	outcomes        TEXT    NOT NULL DEFAULT '[]',
	explanation     TEXT    NOT NULL DEFAULT '',
	state_before    TEXT    NOT NULL DEFAULT '',
	state_after     TEXT    NOT NULL DEFAULT '',
	created_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX evaluations_conversation ON evaluations (conversation_id, id);

CREATE TABLE rules (
	id         TEXT    PRIMARY KEY,
	priority   INTEGER NOT NULL DEFAULT 0,
	body       TEXT    NOT NULL,
	updated_at TEXT    NOT NULL
) STRICT;

CREATE TABLE channel_configs (
	channel    TEXT PRIMARY KEY,
	body       TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE timers (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	kind            TEXT    NOT NULL,
	due_at          TEXT    NOT NULL,
	level           INTEGER NOT NULL DEFAULT 0,
	locked_until    TEXT    NOT NULL,
	created_at      TEXT    NOT NULL
) STRICT;

CREATE UNIQUE INDEX timers_conversation_kind ON timers (conversation_id, kind);
CREATE INDEX timers_due_at ON timers (due_at);

-- outbox and events keep conversation_id without a foreign key: 0 means "not about one conversation".
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	conversation_id INTEGER NOT NULL DEFAULT 0,
	kind            TEXT    NOT NULL,
	target          TEXT    NOT NULL DEFAULT '',
	payload         TEXT,
	status          TEXT    NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT    NOT NULL,
	last_error      TEXT    NOT NULL DEFAULT '',
	locked_until    TEXT    NOT NULL,
	created_at      TEXT    NOT NULL,
	delivered_at    TEXT
) STRICT;

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_conversation ON outbox (conversation_id, id);

CREATE TABLE events (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	conversation_id INTEGER NOT NULL DEFAULT 0,
	type            TEXT    NOT NULL,
	data            TEXT,
	created_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX events_conversation ON events (conversation_id, id);

CREATE TABLE scores (
	conversation_id INTEGER PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
	channel         TEXT    NOT NULL DEFAULT '',
	rule            TEXT    NOT NULL DEFAULT '',
	total           REAL    NOT NULL DEFAULT 0,
	parts           TEXT    NOT NULL,
	created_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX scores_created_at ON scores (created_at);

CREATE TABLE agents (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	name          TEXT    NOT NULL UNIQUE,
	display_name  TEXT    NOT NULL DEFAULT '',
	team          TEXT    NOT NULL DEFAULT '',
	role          TEXT    NOT NULL DEFAULT '',
	password_hash TEXT    NOT NULL DEFAULT '',
	created_at    TEXT    NOT NULL
) STRICT;

CREATE TABLE tokens (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT    NOT NULL DEFAULT '',
	hash       TEXT    NOT NULL UNIQUE,
	role       TEXT    NOT NULL DEFAULT '',
	created_at TEXT    NOT NULL
) STRICT;

CREATE TABLE seen (
	source TEXT NOT NULL,
	key    TEXT NOT NULL,
	at     TEXT NOT NULL,
	PRIMARY KEY (source, key)
) STRICT, WITHOUT ROWID;
