-- Accounts and the credentials that act for them.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    -- lowercased by the server; unique
    username      TEXT NOT NULL UNIQUE,
    -- Argon2id, PHC string format (algorithm and parameters included)
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
-- Ids start at 2: owner 1 is the one implicit owner of AUTH_MODE=single-user,
-- whose todos no account may inherit.
INSERT INTO sqlite_sequence (name, seq) VALUES ('users', 1);

-- Login sessions and personal API tokens. Only a SHA-256 of each secret is
-- kept, so a copy of the database lets nobody in.
CREATE TABLE credentials (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- 'session' (idle and absolute expiry) or 'token' (until revoked)
    kind         TEXT NOT NULL,
    name         TEXT,
    secret_hash  TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL,
    expires_at   TEXT
);

CREATE INDEX credentials_user ON credentials (user_id, kind);
