-- The changes to each owner's todos, for the live stream (GET /api/v1/events).
-- Event ids count per owner, one after another with no gap: the transaction
-- that changes todos takes the next ids from event_sequences (its row lock
-- orders the owner's writers, so ids commit in order) and stores the events
-- beside the change, so a stream that resumes after an id can tell "nothing
-- new" from "pruned" (the next id is missing). Events older than the
-- retention window are pruned when the owner changes todos again.
CREATE TABLE event_sequences (
    owner_id BIGINT PRIMARY KEY,
    last_id  BIGINT NOT NULL
);

CREATE TABLE todo_events (
    owner_id   BIGINT      NOT NULL,
    id         BIGINT      NOT NULL,
    kind       TEXT        NOT NULL,
    -- {"todo": …} or, for a cleared event, {"ids": […]}
    body       JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (owner_id, id)
);
