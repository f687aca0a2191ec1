-- Accounts and the credentials that act for them.
-- Ids start at 2: owner 1 is the one implicit owner of AUTH_MODE=single-user,
-- whose todos no account may inherit.
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 2) PRIMARY KEY,
    -- lowercased by the server; unique
    username      TEXT        NOT NULL UNIQUE,
    -- Argon2id, PHC string format (algorithm and parameters included)
    password_hash TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

-- Login sessions and personal API tokens. Only a SHA-256 of each secret is
-- kept, so a copy of the database lets nobody in.
CREATE TABLE credentials (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- 'session' (idle and absolute expiry) or 'token' (until revoked)
    kind         TEXT        NOT NULL,
    name         TEXT,
    secret_hash  TEXT        NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ
);

CREATE INDEX credentials_user ON credentials (user_id, kind);
