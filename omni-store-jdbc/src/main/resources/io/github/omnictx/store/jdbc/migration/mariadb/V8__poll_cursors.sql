-- Omni schema, version 8 (MariaDB): how far each polling source of an inbound adapter (an IMAP
-- folder) has been read: the numbering's generation (UIDVALIDITY) and the last item handed to the
-- pipeline (UID), so a restarted poller reads nothing twice. No personal data: the adapter id, the
-- retailer's own mailbox and two numbers. Re-runnable (MariaDB commits each DDL statement on its own).

CREATE TABLE IF NOT EXISTS ${prefix}poll_cursors (
  tenant     VARCHAR(64)  NOT NULL,
  adapter    VARCHAR(32)  NOT NULL,
  source     VARCHAR(256) NOT NULL,
  validity   BIGINT       NOT NULL,
  last_item  BIGINT       NOT NULL,
  updated_at DATETIME(6)  NOT NULL,
  CONSTRAINT ${prefix}poll_cursors_pk PRIMARY KEY (tenant, adapter, source)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
