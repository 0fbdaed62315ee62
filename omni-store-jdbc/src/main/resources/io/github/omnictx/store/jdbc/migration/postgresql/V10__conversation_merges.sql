-- Omni schema, version 9 (PostgreSQL): a conversation folded into another when its customers merged
-- remembers the one it joined, the merge and its status before, as JSON, so unmerge restores it.

ALTER TABLE ${prefix}conversations ADD COLUMN merged varchar(200);
