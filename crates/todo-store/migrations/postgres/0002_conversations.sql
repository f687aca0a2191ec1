-- Chat conversations: their state (last list, pending question, undo) and turns.
CREATE TABLE conversations (
    id         TEXT        PRIMARY KEY,
    owner_id   BIGINT      NOT NULL,
    state      JSONB       NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE messages (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id TEXT        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role            TEXT        NOT NULL,
    text            TEXT        NOT NULL,
    intent          TEXT,
    actions         JSONB       NOT NULL DEFAULT '[]',
    suggestions     JSONB       NOT NULL DEFAULT '[]',
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX messages_conversation ON messages (conversation_id, id);
