-- A conversation's version, raised by every turn saved: a turn planned outside
-- the write transaction is saved only if the version is still the one it read.
ALTER TABLE conversations ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
