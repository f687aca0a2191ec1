-- The changes to each owner's todos, for the live stream (GET /api/v1/events).
-- Event ids count per owner, one after another with no gap: the transaction
-- that changes todos takes the next ids from event_sequences and stores the
-- events beside the change, so a stream that resumes after an id can tell
-- "nothing new" from "pruned" (the next id is missing). Events older than the
-- retention window are pruned when the owner changes todos again.
CREATE TABLE event_sequences (
    owner_id INTEGER PRIMARY KEY,
    last_id  INTEGER NOT NULL
);

CREATE TABLE todo_events (
    owner_id   INTEGER NOT NULL,
    id         INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    -- JSON: {"todo": …} or, for a cleared event, {"ids": […]}
    body       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (owner_id, id)
);
