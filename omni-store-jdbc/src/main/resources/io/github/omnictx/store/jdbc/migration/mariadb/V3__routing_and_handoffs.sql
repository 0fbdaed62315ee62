-- Omni schema, version 3 (MariaDB): routing state on conversations, agents, handoffs.
-- Agents and handoffs are kept whole as JSON (every field round-trips), with the columns their
-- queries filter and order on beside it; version columns make updates compare-and-set (the
-- handoff accept race is decided by one conditional UPDATE).
-- MariaDB commits each DDL statement on its own, so every statement is written to be re-run: a
-- script that failed part-way completes when migrate runs again.

ALTER TABLE ${prefix}conversations
  ADD COLUMN IF NOT EXISTS last_channel VARCHAR(32),
  ADD COLUMN IF NOT EXISTS queued_at DATETIME(6),
  ADD COLUMN IF NOT EXISTS last_agent VARCHAR(64),
  ADD COLUMN IF NOT EXISTS last_agent_at DATETIME(6),
  ADD COLUMN IF NOT EXISTS skills TEXT,
  ADD COLUMN IF NOT EXISTS language VARCHAR(16),
  ADD COLUMN IF NOT EXISTS handoff_pending BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN IF NOT EXISTS first_response_breached BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN IF NOT EXISTS resolution_breached BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX IF NOT EXISTS ${prefix}conversations_owner_ix ON ${prefix}conversations (tenant, owner, status);
CREATE INDEX IF NOT EXISTS ${prefix}conversations_queue_ix ON ${prefix}conversations (tenant, queued_at, id);
CREATE INDEX IF NOT EXISTS ${prefix}conversations_snooze_ix ON ${prefix}conversations (tenant, status, snoozed_until);

CREATE TABLE IF NOT EXISTS ${prefix}agents (
  tenant  VARCHAR(64) NOT NULL,
  id      VARCHAR(64) NOT NULL,
  version bigint      NOT NULL,
  agent   LONGTEXT        NOT NULL,
  CONSTRAINT ${prefix}agents_pk PRIMARY KEY (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${prefix}handoffs (
  tenant          VARCHAR(64) NOT NULL,
  id              BINARY(16)        NOT NULL,
  conversation_id BINARY(16)        NOT NULL,
  status          VARCHAR(16) NOT NULL,
  offered_at      DATETIME(6) NOT NULL,
  expires_at      DATETIME(6) NOT NULL,
  version         bigint      NOT NULL,
  handoff         LONGTEXT        NOT NULL,
  CONSTRAINT ${prefix}handoffs_pk PRIMARY KEY (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
CREATE INDEX IF NOT EXISTS ${prefix}handoffs_conversation_ix ON ${prefix}handoffs (tenant, conversation_id);
CREATE INDEX IF NOT EXISTS ${prefix}handoffs_expiry_ix ON ${prefix}handoffs (tenant, status, expires_at);
