-- Each change prunes its owner's events older than the retention window
-- (DELETE … WHERE owner_id = … AND created_at < …). Through the primary key
-- alone that read every event of the owner's last hour, on every write: tens
-- of thousands of rows a create under a steady load, or after an import.
-- Through this index it reads only the events it deletes.
CREATE INDEX todo_events_owner_created ON todo_events (owner_id, created_at);
