-- Omni schema, version 3 (MariaDB / MySQL): routing state on conversations, agents, handoffs.
-- Agents and handoffs are kept whole as JSON (every field round-trips), with the columns their
-- queries filter and order on beside it; version columns make updates compare-and-set (the
-- handoff accept race is decided by one conditional UPDATE).

ALTER TABLE ${prefix}conversations ADD COLUMN last_channel VARCHAR(32);
ALTER TABLE ${prefix}conversations ADD COLUMN queued_at DATETIME(6);
ALTER TABLE ${prefix}conversations ADD COLUMN last_agent VARCHAR(64);
ALTER TABLE ${prefix}conversations ADD COLUMN last_agent_at DATETIME(6);
ALTER TABLE ${prefix}conversations ADD COLUMN skills TEXT;
ALTER TABLE ${prefix}conversations ADD COLUMN language VARCHAR(16);
ALTER TABLE ${prefix}conversations ADD COLUMN handoff_pending BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE ${prefix}conversations ADD COLUMN first_response_breached BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE ${prefix}conversations ADD COLUMN resolution_breached BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX ${prefix}conversations_owner_ix ON ${prefix}conversations (tenant, owner, status);
CREATE INDEX ${prefix}conversations_queue_ix ON ${prefix}conversations (tenant, queued_at, id);
CREATE INDEX ${prefix}conversations_snooze_ix ON ${prefix}conversations (tenant, status, snoozed_until);

CREATE TABLE ${prefix}agents (
  tenant  VARCHAR(64) NOT NULL,
  id      VARCHAR(64) NOT NULL,
  version bigint      NOT NULL,
  agent   LONGTEXT        NOT NULL,
  CONSTRAINT ${prefix}agents_pk PRIMARY KEY (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE ${prefix}handoffs (
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
CREATE INDEX ${prefix}handoffs_conversation_ix ON ${prefix}handoffs (tenant, conversation_id);
CREATE INDEX ${prefix}handoffs_expiry_ix ON ${prefix}handoffs (tenant, status, expires_at);
