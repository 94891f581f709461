-- A turn's evaluation is kept in its message's row, and a change is announced by one live
-- event ("turn": the messages it stored and the conversation as they left it).
ALTER TABLE messages ADD COLUMN evaluation TEXT;

UPDATE messages SET evaluation = (
	SELECT json_object('signals', json(e.signals), 'fired', json(e.fired), 'near_misses', json(e.near_misses),
		'outcomes', json(e.outcomes), 'explanation', e.explanation,
		'state_before', e.state_before, 'state_after', e.state_after)
	FROM evaluations e WHERE e.message_id = messages.id ORDER BY e.id DESC LIMIT 1)
WHERE id IN (SELECT message_id FROM evaluations);

DELETE FROM evaluations WHERE message_id IN (SELECT id FROM messages);

UPDATE events SET type = 'turn', data = json_object('messages', json_array(json(data)))
WHERE type = 'message';
