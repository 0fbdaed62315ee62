-- Omni schema, version 9 (MariaDB): a conversation folded into another when its customers merged
-- remembers the one it joined, the merge and its status before, as JSON, so unmerge restores it.
-- Re-runnable (MariaDB commits each DDL statement on its own).

ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS merged VARCHAR(200);
