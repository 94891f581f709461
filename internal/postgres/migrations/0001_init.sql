-- Initial schema, the PostgreSQL twin of internal/sqlite/migrations/0001_init.sql.
-- Times are TIMESTAMPTZ (microsecond precision); JSON columns are JSONB holding the
-- domain values as encoded by encoding/json. Keys that lists are ordered by use COLLATE "C"
-- so they sort byte-wise, as in SQLite.

CREATE TABLE conversations (
	id                   BIGSERIAL        PRIMARY KEY,
	external_id          TEXT             NOT NULL DEFAULT '',
	channel              TEXT             NOT NULL,
	state                TEXT             NOT NULL,
	priority             TEXT             NOT NULL DEFAULT '',
	tags                 JSONB            NOT NULL DEFAULT '[]',
	customer             JSONB            NOT NULL DEFAULT '{}',
	assigned_team        TEXT             NOT NULL DEFAULT '',
	assigned_agent       TEXT             NOT NULL DEFAULT '',
	agent_name           TEXT             NOT NULL DEFAULT '',
	handoff_reason       TEXT             NOT NULL DEFAULT '',
	handoff_explanation  TEXT             NOT NULL DEFAULT '',
	first_handoff_reason TEXT             NOT NULL DEFAULT '',
	escalation_score     DOUBLE PRECISION NOT NULL DEFAULT 0,
	message_count        INTEGER          NOT NULL DEFAULT 0,
	turn_count           INTEGER          NOT NULL DEFAULT 0,
	rule_fired_at        JSONB            NOT NULL DEFAULT '{}',
	created_at           TIMESTAMPTZ      NOT NULL,
	updated_at           TIMESTAMPTZ      NOT NULL,
	last_message_at      TIMESTAMPTZ,
	first_signal_at      TIMESTAMPTZ,
	first_handoff_at     TIMESTAMPTZ,
	first_claim_at       TIMESTAMPTZ,
	paused_at            TIMESTAMPTZ,
	claimed_at           TIMESTAMPTZ,
	closed_at            TIMESTAMPTZ,
	last_human_at        TIMESTAMPTZ,
	resume_at            TIMESTAMPTZ,
	handoff_count        INTEGER          NOT NULL DEFAULT 0,
	ai_turns_at_risk     INTEGER          NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX conversations_external_id ON conversations (channel, external_id) WHERE external_id <> '';
CREATE INDEX conversations_updated_at ON conversations (updated_at DESC, id DESC);
CREATE INDEX conversations_state ON conversations (state, updated_at DESC);
CREATE INDEX conversations_channel ON conversations (channel, updated_at DESC);
CREATE INDEX conversations_created_at ON conversations (created_at);

CREATE TABLE messages (
	id              BIGSERIAL        PRIMARY KEY,
	conversation_id BIGINT           NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	channel         TEXT             NOT NULL,
	role            TEXT             NOT NULL,
	text            TEXT             NOT NULL DEFAULT '',
	external_id     TEXT             NOT NULL DEFAULT '',
	source          TEXT             NOT NULL DEFAULT '',
	author          TEXT             NOT NULL DEFAULT '',
	confidence      DOUBLE PRECISION,
	attachments     JSONB            NOT NULL DEFAULT '[]',
	signals         JSONB,
	created_at      TIMESTAMPTZ      NOT NULL
);

CREATE UNIQUE INDEX messages_external_id ON messages (channel, external_id) WHERE external_id <> '';
CREATE INDEX messages_conversation ON messages (conversation_id, id);

CREATE TABLE evaluations (
	id              BIGSERIAL   PRIMARY KEY,
	conversation_id BIGINT      NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	message_id      BIGINT      NOT NULL DEFAULT 0,
	signals         JSONB       NOT NULL,
	fired           JSONB       NOT NULL DEFAULT '[]',
	near_misses     JSONB       NOT NULL DEFAULT '[]',
	outcomes        JSONB       NOT NULL DEFAULT '[]',
	explanation     TEXT        NOT NULL DEFAULT '',
	state_before    TEXT        NOT NULL DEFAULT '',
	state_after     TEXT        NOT NULL DEFAULT '',
	created_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX evaluations_conversation ON evaluations (conversation_id, id);

CREATE TABLE rules (
	id         TEXT        COLLATE "C" PRIMARY KEY,
	priority   INTEGER     NOT NULL DEFAULT 0,
	body       JSONB       NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE channel_configs (
	channel    TEXT        COLLATE "C" PRIMARY KEY,
	body       JSONB       NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

-- A timer's id changes when it is replaced (PutTimer), so a scheduler holding the old id
-- cannot delete the new deadline.
CREATE TABLE timers (
	id              BIGSERIAL   PRIMARY KEY,
	conversation_id BIGINT      NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	kind            TEXT        NOT NULL,
	due_at          TIMESTAMPTZ NOT NULL,
	level           INTEGER     NOT NULL DEFAULT 0,
	locked_until    TIMESTAMPTZ NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL
);

CREATE UNIQUE INDEX timers_conversation_kind ON timers (conversation_id, kind);
CREATE INDEX timers_due_at ON timers (due_at, id);

-- outbox and events keep conversation_id without a foreign key: 0 means "not about one conversation".
CREATE TABLE outbox (
	id              BIGSERIAL   PRIMARY KEY,
	conversation_id BIGINT      NOT NULL DEFAULT 0,
	kind            TEXT        NOT NULL,
	target          TEXT        NOT NULL DEFAULT '',
	payload         JSONB,
	status          TEXT        NOT NULL,
	attempts        INTEGER     NOT NULL DEFAULT 0,
	next_attempt_at TIMESTAMPTZ NOT NULL,
	last_error      TEXT        NOT NULL DEFAULT '',
	locked_until    TIMESTAMPTZ NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL,
	delivered_at    TIMESTAMPTZ
);

CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_conversation ON outbox (conversation_id, id);
CREATE INDEX outbox_status ON outbox (status, id);

-- Event ids are drawn by concurrent transactions and may be committed out of id order; see
-- the package documentation for how readers stay gap-free.
CREATE TABLE events (
	id              BIGSERIAL   PRIMARY KEY,
	conversation_id BIGINT      NOT NULL DEFAULT 0,
	type            TEXT        NOT NULL,
	data            JSONB,
	created_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX events_conversation ON events (conversation_id, id);

CREATE TABLE scores (
	conversation_id BIGINT           PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
	channel         TEXT             NOT NULL DEFAULT '',
	rule            TEXT             NOT NULL DEFAULT '',
	total           DOUBLE PRECISION NOT NULL DEFAULT 0,
	parts           JSONB            NOT NULL,
	created_at      TIMESTAMPTZ      NOT NULL
);

CREATE INDEX scores_created_at ON scores (created_at, conversation_id);

CREATE TABLE agents (
	id            BIGSERIAL   PRIMARY KEY,
	name          TEXT        COLLATE "C" NOT NULL UNIQUE,
	display_name  TEXT        NOT NULL DEFAULT '',
	team          TEXT        NOT NULL DEFAULT '',
	role          TEXT        NOT NULL DEFAULT '',
	password_hash TEXT        NOT NULL DEFAULT '',
	created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE tokens (
	id         BIGSERIAL   PRIMARY KEY,
	name       TEXT        NOT NULL DEFAULT '',
	hash       TEXT        NOT NULL UNIQUE,
	role       TEXT        NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE seen (
	source TEXT        NOT NULL,
	key    TEXT        NOT NULL,
	at     TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (source, key)
);
