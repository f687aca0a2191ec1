-- The words of every title, so that a chat turn finds the todos a reference
-- by words can mean without reading all of the owner's (issue 17): a title
-- word starting with a prefix of the reference's content words
-- (todo_core::chat::needs). Titles are indexed without apostrophes, as the
-- chat compares them ("mom's" is "moms"); unicode61 folds case and splits on
-- anything but letters and digits, like the chat.
CREATE VIRTUAL TABLE todo_title_words USING fts5 (
    words,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N*'"
);

INSERT INTO todo_title_words (rowid, words) SELECT id, replace(replace(title, '''', ''), '’', '') FROM todos;

CREATE TRIGGER todos_inserted_index_title AFTER INSERT ON todos BEGIN
    INSERT INTO todo_title_words (rowid, words) VALUES (NEW.id, replace(replace(NEW.title, '''', ''), '’', ''));
END;

CREATE TRIGGER todos_retitled_index_title AFTER UPDATE OF title ON todos WHEN NEW.title IS NOT OLD.title BEGIN
    UPDATE todo_title_words SET words = replace(replace(NEW.title, '''', ''), '’', '') WHERE rowid = NEW.id;
END;

CREATE TRIGGER todos_deleted_unindex_title AFTER DELETE ON todos BEGIN
    DELETE FROM todo_title_words WHERE rowid = OLD.id;
END;

-- The open todos in order, and how many there are, without reading the
-- completed ones: a chat listing's first page and its count, a position
-- before any list was shown; and by due date ("what's due today?",
-- "what's overdue"), in the order the chat shows them (undated first).
CREATE INDEX todos_owner_open ON todos (owner_id, completed, position, id);
CREATE INDEX todos_owner_open_due ON todos (owner_id, completed, due_date, due_time, position, id);
