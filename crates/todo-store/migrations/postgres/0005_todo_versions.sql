-- A count of the changes to each owner's todos, raised by a trigger on every
-- insert, update and delete, whichever release or statement makes it. A server
-- keeps an owner's todos between chat turns while their version stays the same.
CREATE TABLE todo_versions (
    owner_id BIGINT PRIMARY KEY,
    version  BIGINT NOT NULL
);

CREATE FUNCTION raise_todo_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO todo_versions (owner_id, version)
    VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.owner_id ELSE NEW.owner_id END, 1)
    ON CONFLICT (owner_id) DO UPDATE SET version = todo_versions.version + 1;
    RETURN NULL;
END
$$;

-- Deferred to the commit: the version row is locked last, after every todo
-- row the transaction locks, so two transactions cannot wait on each other
-- through it.
CREATE CONSTRAINT TRIGGER todos_raise_version
    AFTER INSERT OR UPDATE OR DELETE ON todos
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION raise_todo_version();
