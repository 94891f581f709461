-- A turn's evaluation is kept in its message's row, and a change is announced by one live
-- event ("turn": the messages it stored and the conversation as they left it). Both are
-- written once and read back whole, never queried inside, so they are stored as JSON text:
-- checked on the way in, kept as written, with no conversion to JSONB and back.
ALTER TABLE messages ADD COLUMN evaluation JSON;

UPDATE messages m SET evaluation = (
	SELECT json_build_object('signals', e.signals, 'fired', e.fired, 'near_misses', e.near_misses,
		'outcomes', e.outcomes, 'explanation', e.explanation,
		'state_before', e.state_before, 'state_after', e.state_after)
	FROM evaluations e WHERE e.message_id = m.id ORDER BY e.id DESC LIMIT 1)
WHERE m.id IN (SELECT message_id FROM evaluations);

DELETE FROM evaluations WHERE message_id IN (SELECT id FROM messages);

UPDATE events SET type = 'turn', data = jsonb_build_object('messages', jsonb_build_array(data))
WHERE type = 'message';

ALTER TABLE events ALTER COLUMN data TYPE JSON;
