-- Chat conversations: their state (last list, pending question, undo) and turns.
CREATE TABLE conversations (
    id         TEXT    PRIMARY KEY,
    owner_id   INTEGER NOT NULL,
    state      TEXT    NOT NULL DEFAULT '{}',
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role            TEXT    NOT NULL,
    text            TEXT    NOT NULL,
    intent          TEXT,
    actions         TEXT    NOT NULL DEFAULT '[]',
    suggestions     TEXT    NOT NULL DEFAULT '[]',
    created_at      TEXT    NOT NULL
);

CREATE INDEX messages_conversation ON messages (conversation_id, id);
