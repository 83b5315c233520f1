-- The client's request id of a user message, so a send retried after an ambiguous failure appends it only once.
ALTER TABLE chat_events ADD COLUMN IF NOT EXISTS request_id text;

CREATE UNIQUE INDEX IF NOT EXISTS chat_events_by_request ON chat_events (conversation, request_id) WHERE request_id IS NOT NULL;
