-- Indexes for a chat listing by tag ("show #work") or by text ("find milk"),
-- so that a listing whose filter selects few of an owner's todos reads those
-- few instead of every todo the owner has (issue 17): the `tags` JSON array
-- and the `search_text` substring cannot be served by a b-tree index.
-- Triggers keep both, whichever statement or release inserts, changes or
-- deletes a todo (an older release after a rollback too).

-- Each tag of each todo.
CREATE TABLE todo_tags (
    owner_id INTEGER NOT NULL,
    tag      TEXT    NOT NULL,
    todo_id  INTEGER NOT NULL,
    PRIMARY KEY (owner_id, tag, todo_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO todo_tags (owner_id, tag, todo_id)
SELECT todos.owner_id, json_each.value, todos.id FROM todos, json_each(todos.tags);

CREATE TRIGGER todos_inserted_index_tags AFTER INSERT ON todos WHEN NEW.tags <> '[]' BEGIN
    INSERT OR IGNORE INTO todo_tags (owner_id, tag, todo_id) SELECT NEW.owner_id, value, NEW.id FROM json_each(NEW.tags);
END;

CREATE TRIGGER todos_retagged_index_tags AFTER UPDATE OF tags ON todos WHEN NEW.tags IS NOT OLD.tags BEGIN
    DELETE FROM todo_tags WHERE owner_id = OLD.owner_id AND tag IN (SELECT value FROM json_each(OLD.tags)) AND todo_id = OLD.id;
    INSERT OR IGNORE INTO todo_tags (owner_id, tag, todo_id) SELECT NEW.owner_id, value, NEW.id FROM json_each(NEW.tags);
END;

CREATE TRIGGER todos_deleted_unindex_tags AFTER DELETE ON todos WHEN OLD.tags <> '[]' BEGIN
    DELETE FROM todo_tags WHERE owner_id = OLD.owner_id AND tag IN (SELECT value FROM json_each(OLD.tags)) AND todo_id = OLD.id;
END;

-- Every substring of three characters or more of `search_text` (title and
-- notes, lowercased by the server): FTS5's trigram tokenizer, over the
-- column itself (external content: the text is not stored twice). Case
-- sensitive, as `search_text` and the searched text are both lowercased
-- already: a match is then exactly a substring.
CREATE VIRTUAL TABLE todo_search_text USING fts5 (
    search_text,
    content = 'todos',
    content_rowid = 'id',
    tokenize = 'trigram case_sensitive 1'
);

INSERT INTO todo_search_text (todo_search_text) VALUES ('rebuild');

CREATE TRIGGER todos_inserted_index_text AFTER INSERT ON todos BEGIN
    INSERT INTO todo_search_text (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;

CREATE TRIGGER todos_rewritten_index_text AFTER UPDATE OF search_text ON todos WHEN NEW.search_text IS NOT OLD.search_text BEGIN
    INSERT INTO todo_search_text (todo_search_text, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO todo_search_text (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;

CREATE TRIGGER todos_deleted_unindex_text AFTER DELETE ON todos BEGIN
    INSERT INTO todo_search_text (todo_search_text, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;
