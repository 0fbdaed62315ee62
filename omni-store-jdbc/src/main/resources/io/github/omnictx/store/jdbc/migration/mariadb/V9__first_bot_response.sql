-- Omni schema, version 8 (MariaDB): a conversation keeps a bot's first reply apart from a
-- person's, so a bot's instant answer no longer stops the first-response clock. Re-runnable
-- (MariaDB commits each DDL statement on its own).

ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS first_bot_response_at DATETIME(6);
