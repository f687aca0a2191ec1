-- A count of the changes to each owner's todos, raised by triggers on every
-- insert, update and delete, whichever release or statement makes it. A server
-- keeps an owner's todos between chat turns while their version stays the same.
CREATE TABLE todo_versions (
    owner_id INTEGER PRIMARY KEY,
    version  INTEGER NOT NULL
);

CREATE TRIGGER todos_inserted_raise_version AFTER INSERT ON todos BEGIN
    INSERT INTO todo_versions (owner_id, version) VALUES (NEW.owner_id, 1)
    ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER todos_updated_raise_version AFTER UPDATE ON todos BEGIN
    INSERT INTO todo_versions (owner_id, version) VALUES (NEW.owner_id, 1)
    ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER todos_deleted_raise_version AFTER DELETE ON todos BEGIN
    INSERT INTO todo_versions (owner_id, version) VALUES (OLD.owner_id, 1)
    ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;
