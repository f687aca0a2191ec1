-- An assistant message's actions hold the todos it listed (about 12 KB for a
-- list of 100), which PostgreSQL compresses when it stores them. lz4 does that
-- several times faster than the default, pglz (docs/performance.md: p99 of
-- listing chat turns at 32 conversations, 10.3 ms with pglz, 8.1–9.0 ms with
-- lz4). Rows already stored keep pglz; both read the same. A server built
-- without lz4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE messages ALTER COLUMN actions SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this server has no lz4: messages.actions stays compressed with pglz';
END
$$;
