-- Omni schema, version 8 (H2): a conversation keeps a bot's first reply apart from a person's, so
-- a bot's instant answer no longer stops the first-response clock. Re-runnable (H2 keeps DDL of a
-- failed script).

ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS first_bot_response_at TIMESTAMP(6) WITH TIME ZONE;
