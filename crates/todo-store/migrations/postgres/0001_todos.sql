-- Todos. An identity column never hands out the same id twice.
CREATE TABLE todos (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id     BIGINT      NOT NULL,
    title        TEXT        NOT NULL,
    notes        TEXT,
    completed    BOOLEAN     NOT NULL DEFAULT FALSE,
    completed_at TIMESTAMPTZ,
    due_date     DATE,
    due_time     TIME,
    priority     SMALLINT    NOT NULL DEFAULT 0,
    tags         JSONB       NOT NULL DEFAULT '[]',
    recurrence   TEXT,
    -- title and notes lowercased (Unicode) by the server, for q= searches
    search_text  TEXT NOT NULL DEFAULT '',
    position     BIGINT      NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX todos_owner_position ON todos (owner_id, position, id);
CREATE INDEX todos_owner_due ON todos (owner_id, due_date);
