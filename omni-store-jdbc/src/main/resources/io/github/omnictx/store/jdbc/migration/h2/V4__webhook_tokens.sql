-- Omni schema, version 4 (H2): one-time tokens of webhooks whose signature does not cover the body
-- (Mailgun), each with a digest of the content it came with, kept until the end of the replay
-- window. Shared by every node, so a captured signature replayed over another body is refused
-- everywhere, also after a restart. Re-runnable (H2 keeps DDL of a failed script).

CREATE TABLE IF NOT EXISTS ${prefix}webhook_tokens (
  tenant     VARCHAR(64)  NOT NULL,
  adapter    VARCHAR(32)  NOT NULL,
  token      VARCHAR(256) NOT NULL,
  digest     CHAR(64)     NOT NULL,
  expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT ${prefix}webhook_tokens_pk PRIMARY KEY (tenant, adapter, token)
);
CREATE INDEX IF NOT EXISTS ${prefix}webhook_tokens_expiry_ix ON ${prefix}webhook_tokens (tenant, expires_at);
