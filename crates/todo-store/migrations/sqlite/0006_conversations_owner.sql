-- Starting a conversation drops the owner's least recently used ones past
-- the cap (OWNER_MAX_CONVERSATIONS): found by owner and last use.
CREATE INDEX conversations_owner ON conversations (owner_id, updated_at);
