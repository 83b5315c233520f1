-- Sophia's append-only message log. The primary key is what refuses a taken sequence number,
-- and an append is a plain insert whatever the conversation's length.
CREATE TABLE IF NOT EXISTS chat_events (
    conversation text        NOT NULL,
    seq          bigint      NOT NULL,
    type         text        NOT NULL,
    role         text        NOT NULL,
    text         text        NOT NULL,
    at           timestamptz NOT NULL,
    PRIMARY KEY (conversation, seq)
);

-- Reads of one type (the messages without their deltas) walk this index instead of the whole conversation.
CREATE INDEX IF NOT EXISTS chat_events_by_type ON chat_events (conversation, type, seq);
