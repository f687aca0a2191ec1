-- Todos. AUTOINCREMENT so that an id is never reused, as the contract requires.
CREATE TABLE todos (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id     INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    notes        TEXT,
    completed    BOOLEAN NOT NULL DEFAULT 0,
    completed_at TEXT,
    due_date     TEXT,
    due_time     TEXT,
    priority     INTEGER NOT NULL DEFAULT 0,
    tags         TEXT    NOT NULL DEFAULT '[]',
    recurrence   TEXT,
    -- title and notes lowercased (Unicode) by the server, for q= searches
    search_text  TEXT NOT NULL DEFAULT '',
    position     INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);

CREATE INDEX todos_owner_position ON todos (owner_id, position, id);
CREATE INDEX todos_owner_due ON todos (owner_id, due_date);
