-- Omni schema, version 4 (MariaDB): one-time tokens of webhooks whose signature does not cover the
-- body (Mailgun), each with a digest of the content it came with, kept until the end of the replay
-- window. Shared by every node, so a captured signature replayed over another body is refused
-- everywhere, also after a restart. Re-runnable (MariaDB commits each DDL statement on its own).

CREATE TABLE IF NOT EXISTS ${prefix}webhook_tokens (
  tenant     VARCHAR(64)  NOT NULL,
  adapter    VARCHAR(32)  NOT NULL,
  token      VARCHAR(256) NOT NULL,
  digest     CHAR(64)     NOT NULL,
  expires_at DATETIME(6)  NOT NULL,
  CONSTRAINT ${prefix}webhook_tokens_pk PRIMARY KEY (tenant, adapter, token),
  INDEX ${prefix}webhook_tokens_expiry_ix (tenant, expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
