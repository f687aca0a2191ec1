-- Each owner's number of todos (for the per-user cap) and the position a todo
-- created without one takes (after every other), so that an insert reads one
-- row instead of counting the owner's todos and finding their largest
-- position. Triggers keep both, whichever statement or release inserts,
-- deletes or moves a todo (an older release after a rollback too).
CREATE TABLE todo_counts (
    owner_id      INTEGER PRIMARY KEY,
    todo_count    INTEGER NOT NULL,
    next_position INTEGER NOT NULL
);

INSERT INTO todo_counts (owner_id, todo_count, next_position)
SELECT owner_id, COUNT(*), MAX(position) + 1 FROM todos GROUP BY owner_id;

CREATE TRIGGER todos_inserted_count AFTER INSERT ON todos BEGIN
    INSERT INTO todo_counts (owner_id, todo_count, next_position) VALUES (NEW.owner_id, 1, NEW.position + 1)
    ON CONFLICT (owner_id) DO UPDATE SET todo_count = todo_count + 1, next_position = MAX(next_position, excluded.next_position);
END;

CREATE TRIGGER todos_deleted_count AFTER DELETE ON todos BEGIN
    UPDATE todo_counts SET todo_count = todo_count - 1 WHERE owner_id = OLD.owner_id;
END;

CREATE TRIGGER todos_moved_count AFTER UPDATE OF position ON todos WHEN NEW.position <> OLD.position BEGIN
    UPDATE todo_counts SET next_position = NEW.position + 1 WHERE owner_id = NEW.owner_id AND next_position <= NEW.position;
END;
