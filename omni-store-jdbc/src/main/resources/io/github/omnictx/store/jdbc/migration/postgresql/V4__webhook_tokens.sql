-- Omni schema, version 4 (PostgreSQL): one-time tokens of webhooks whose signature does not cover
-- the body (Mailgun), each with a digest of the content it came with, kept until the end of the
-- replay window. Shared by every node, so a captured signature replayed over another body is
-- refused everywhere, also after a restart.

CREATE TABLE ${prefix}webhook_tokens (
  tenant     varchar(64)  NOT NULL,
  adapter    varchar(32)  NOT NULL,
  token      varchar(256) NOT NULL,
  digest     char(64)     NOT NULL,
  expires_at timestamptz  NOT NULL,
  CONSTRAINT ${prefix}webhook_tokens_pk PRIMARY KEY (tenant, adapter, token)
);
CREATE INDEX ${prefix}webhook_tokens_expiry_ix ON ${prefix}webhook_tokens (tenant, expires_at);
