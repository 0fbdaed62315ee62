-- Omni schema, version 3 (H2): routing state on conversations, agents, handoffs.
-- Agents and handoffs are kept whole as JSON (every field round-trips), with the columns their
-- queries filter and order on beside it; version columns make updates compare-and-set (the
-- handoff accept race is decided by one conditional UPDATE).

ALTER TABLE ${prefix}conversations ADD COLUMN last_channel VARCHAR(32);
ALTER TABLE ${prefix}conversations ADD COLUMN queued_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE ${prefix}conversations ADD COLUMN last_agent VARCHAR(64);
ALTER TABLE ${prefix}conversations ADD COLUMN last_agent_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE ${prefix}conversations ADD COLUMN skills CHARACTER LARGE OBJECT;
ALTER TABLE ${prefix}conversations ADD COLUMN language VARCHAR(16);
ALTER TABLE ${prefix}conversations ADD COLUMN handoff_pending BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE ${prefix}conversations ADD COLUMN first_response_breached BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE ${prefix}conversations ADD COLUMN resolution_breached BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX ${prefix}conversations_owner_ix ON ${prefix}conversations (tenant, owner, status);
CREATE INDEX ${prefix}conversations_queue_ix ON ${prefix}conversations (tenant, queued_at, id);
CREATE INDEX ${prefix}conversations_snooze_ix ON ${prefix}conversations (tenant, status, snoozed_until);

CREATE TABLE ${prefix}agents (
  tenant  VARCHAR(64) NOT NULL,
  id      VARCHAR(64) NOT NULL,
  version BIGINT      NOT NULL,
  agent   CHARACTER LARGE OBJECT        NOT NULL,
  CONSTRAINT ${prefix}agents_pk PRIMARY KEY (tenant, id)
);

CREATE TABLE ${prefix}handoffs (
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
CREATE INDEX ${prefix}handoffs_conversation_ix ON ${prefix}handoffs (tenant, conversation_id);
CREATE INDEX ${prefix}handoffs_expiry_ix ON ${prefix}handoffs (tenant, status, expires_at);
