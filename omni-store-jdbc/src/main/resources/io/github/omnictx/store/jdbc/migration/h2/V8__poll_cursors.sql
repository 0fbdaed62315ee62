-- Omni schema, version 8 (H2): how far each polling source of an inbound adapter (an IMAP folder)
-- has been read: the numbering's generation (UIDVALIDITY) and the last item handed to the
-- pipeline (UID), so a restarted poller reads nothing twice. No personal data: the adapter id, the
-- retailer's own mailbox and two numbers. Re-runnable (H2 keeps DDL of a failed script).

CREATE TABLE IF NOT EXISTS ${prefix}poll_cursors (
  tenant     VARCHAR(64)  NOT NULL,
  adapter    VARCHAR(32)  NOT NULL,
  source     VARCHAR(256) NOT NULL,
  validity   BIGINT       NOT NULL,
  last_item  BIGINT       NOT NULL,
  updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT ${prefix}poll_cursors_pk PRIMARY KEY (tenant, adapter, source)
);
