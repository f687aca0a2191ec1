-- The words of every title, so that a chat turn finds the todos a reference
-- by words can mean without reading all of the owner's (issue 17): a title
-- word starting with a prefix of the reference's content words
-- (todo_core::chat::needs). Built-in full-text search, no extension: the
-- title without apostrophes (the chat compares "mom's" as "moms"), split on
-- anything but letters and digits first, so that the parser's URLs, e-mail
-- addresses and version numbers do not hide the words in them. The store's
-- query repeats this expression exactly (sql.rs, TITLE_MATCH).
CREATE INDEX todos_title_words ON todos USING gin (
    to_tsvector('simple'::regconfig, regexp_replace(translate(title, '''’', ''), '[^[:alnum:]]+', ' ', 'g'))
);

-- The open todos in order, and how many there are, without reading the
-- completed ones: a chat listing's first page and its count, a position
-- before any list was shown; and by due date ("what's due today?",
-- "what's overdue"), in the order the chat shows them (undated first).
CREATE INDEX todos_owner_open ON todos (owner_id, completed, position, id);
CREATE INDEX todos_owner_open_due ON todos (owner_id, completed, due_date NULLS FIRST, due_time NULLS FIRST, position, id);
