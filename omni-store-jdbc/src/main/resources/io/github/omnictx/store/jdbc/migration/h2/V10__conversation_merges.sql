-- Omni schema, version 9 (H2): a conversation folded into another when its customers merged
-- remembers the one it joined, the merge and its status before, as JSON, so unmerge restores it.
-- Re-runnable (H2 keeps DDL of a failed script).

ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS merged VARCHAR(200);
