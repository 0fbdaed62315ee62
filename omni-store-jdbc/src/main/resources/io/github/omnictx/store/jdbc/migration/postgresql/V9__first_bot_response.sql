-- Omni schema, version 8 (PostgreSQL): a conversation keeps a bot's first reply apart from a
-- person's, so a bot's instant answer no longer stops the first-response clock.

ALTER TABLE ${prefix}conversations ADD COLUMN first_bot_response_at timestamptz;
