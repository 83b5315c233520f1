-- Tokens and model of a turn, on its done event (JSON: agent, model, inputTokens, outputTokens).
ALTER TABLE chat_events ADD COLUMN IF NOT EXISTS usage text;
