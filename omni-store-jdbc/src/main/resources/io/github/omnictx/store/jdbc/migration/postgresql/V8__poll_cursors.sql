-- Omni schema, version 8 (PostgreSQL): how far each polling source of an inbound adapter (an IMAP
-- folder) has been read: the numbering's generation (UIDVALIDITY) and the last item handed to the
-- pipeline (UID), so a restarted poller reads nothing twice. No personal data: the adapter id, the
-- retailer's own mailbox and two numbers.

CREATE TABLE ${prefix}poll_cursors (
  tenant     varchar(64)  NOT NULL,
  adapter    varchar(32)  NOT NULL,
  source     varchar(256) NOT NULL,
  validity   bigint       NOT NULL,
  last_item  bigint       NOT NULL,
  updated_at timestamptz  NOT NULL,
  CONSTRAINT ${prefix}poll_cursors_pk PRIMARY KEY (tenant, adapter, source)
);
