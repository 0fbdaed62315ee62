-- Omni schema, version 3 (H2): routing state on conversations, agents, handoffs.
-- Agents and handoffs are kept whole as JSON (every field round-trips), with the columns their
-- queries filter and order on beside it; version columns make updates compare-and-set (the
-- handoff accept race is decided by one conditional UPDATE).
-- H2 keeps DDL even when the transaction rolls back, so every statement is written to be re-run: a
-- script that failed part-way completes when migrate runs again.

ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS last_channel VARCHAR(32);
ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS queued_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS last_agent VARCHAR(64);
ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS last_agent_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS skills CHARACTER LARGE OBJECT;
ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS language VARCHAR(16);
ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS handoff_pending BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS first_response_breached BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE ${prefix}conversations ADD COLUMN IF NOT EXISTS resolution_breached BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX IF NOT EXISTS ${prefix}conversations_owner_ix ON ${prefix}conversations (tenant, owner, status);
CREATE INDEX IF NOT EXISTS ${prefix}conversations_queue_ix ON ${prefix}conversations (tenant, queued_at, id);
CREATE INDEX IF NOT EXISTS ${prefix}conversations_snooze_ix ON ${prefix}conversations (tenant, status, snoozed_until);

CREATE TABLE IF NOT EXISTS ${prefix}agents (
  tenant  VARCHAR(64) NOT NULL,
  id      VARCHAR(64) NOT NULL,
  version BIGINT      NOT NULL,
  agent   CHARACTER LARGE OBJECT        NOT NULL,
  CONSTRAINT ${prefix}agents_pk PRIMARY KEY (tenant, id)
);

CREATE TABLE IF NOT EXISTS ${prefix}handoffs (
  tenant          VARCHAR(64) NOT NULL,
  id              UUID        NOT NULL,
  conversation_id UUID        NOT NULL,
  status          VARCHAR(16) NOT NULL,
  offered_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  expires_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  version         BIGINT      NOT NULL,
  handoff         CHARACTER LARGE OBJECT        NOT NULL,
  CONSTRAINT ${prefix}handoffs_pk PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS ${prefix}handoffs_conversation_ix ON ${prefix}handoffs (tenant, conversation_id);
CREATE INDEX IF NOT EXISTS ${prefix}handoffs_expiry_ix ON ${prefix}handoffs (tenant, status, expires_at);
