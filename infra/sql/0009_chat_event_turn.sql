-- The turn an event belongs to: the seq of the user message it answers. What is acknowledged but not yet answered
-- is derived from it when a conversation activates. Events written before it have none and never count as open.
ALTER TABLE chat_events ADD COLUMN IF NOT EXISTS turn bigint;
CREATE INDEX IF NOT EXISTS chat_events_by_turn ON chat_events (conversation, turn) WHERE turn IS NOT NULL;
