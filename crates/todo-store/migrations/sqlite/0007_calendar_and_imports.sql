-- A user's calendar feed (at most one): only a SHA-256 of its secret token
-- is kept, like every other secret, so a copy of the database opens no feed.
CREATE TABLE calendar_feeds (
    owner_id   INTEGER PRIMARY KEY,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL
);

-- What an import created, by the import id of each item (its file's UID,
-- export id, or row), so that importing the same file again creates nothing.
CREATE TABLE todo_imports (
    owner_id   INTEGER NOT NULL,
    import_id  TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (owner_id, import_id)
);
