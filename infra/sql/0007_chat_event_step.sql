-- The details of a step event (JSON: agent, action, tool, status, durationMs, tokens).
ALTER TABLE chat_events ADD COLUMN IF NOT EXISTS step text;
