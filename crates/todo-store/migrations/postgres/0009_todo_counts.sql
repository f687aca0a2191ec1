-- Each owner's number of todos (for the per-user cap) and the position a todo
-- created without one takes (after every other), so that an insert reads one
-- row instead of counting the owner's todos and finding their largest
-- position. Triggers keep both, whichever statement or release inserts,
-- deletes or moves a todo (an older release after a rollback too). Inserts
-- and deletes are counted once a statement, from its transition table: a bulk
-- delete updates an owner's row once, not once a todo.
CREATE TABLE todo_counts (
    owner_id      BIGINT PRIMARY KEY,
    todo_count    BIGINT NOT NULL,
    next_position BIGINT NOT NULL
);

INSERT INTO todo_counts (owner_id, todo_count, next_position)
SELECT owner_id, COUNT(*), MAX(position) + 1 FROM todos GROUP BY owner_id;

CREATE FUNCTION count_inserted_todos() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO todo_counts (owner_id, todo_count, next_position)
    SELECT owner_id, COUNT(*), MAX(position) + 1 FROM inserted GROUP BY owner_id
    ON CONFLICT (owner_id) DO UPDATE SET
        todo_count = todo_counts.todo_count + excluded.todo_count,
        next_position = GREATEST(todo_counts.next_position, excluded.next_position);
    RETURN NULL;
END
$$;

CREATE FUNCTION count_deleted_todos() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE todo_counts SET todo_count = todo_count - gone.n
    FROM (SELECT owner_id, COUNT(*) AS n FROM deleted GROUP BY owner_id) AS gone
    WHERE todo_counts.owner_id = gone.owner_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION count_moved_todo() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE todo_counts SET next_position = NEW.position + 1
    WHERE owner_id = NEW.owner_id AND next_position <= NEW.position;
    RETURN NULL;
END
$$;

CREATE TRIGGER todos_inserted_count AFTER INSERT ON todos
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_todos();

CREATE TRIGGER todos_deleted_count AFTER DELETE ON todos
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_todos();

CREATE TRIGGER todos_moved_count AFTER UPDATE OF position ON todos
    FOR EACH ROW WHEN (NEW.position <> OLD.position) EXECUTE FUNCTION count_moved_todo();
