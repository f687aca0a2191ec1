-- How many minutes before its due time a todo reminds (null: at the due time).
ALTER TABLE todos ADD COLUMN remind_before INTEGER;
