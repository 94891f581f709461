-- A counter of updates per conversation, so a write prepared from an earlier read can tell
-- whether the conversation changed in between.
ALTER TABLE conversations ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
