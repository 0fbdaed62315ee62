-- Omni schema, version 3 (PostgreSQL): routing state on conversations, agents, handoffs.
-- Agents and handoffs are kept whole as JSON (every field round-trips), with the columns their
-- queries filter and order on beside it; version columns make updates compare-and-set (the
-- handoff accept race is decided by one conditional UPDATE).

ALTER TABLE ${prefix}conversations ADD COLUMN last_channel varchar(32);
ALTER TABLE ${prefix}conversations ADD COLUMN queued_at timestamptz;
ALTER TABLE ${prefix}conversations ADD COLUMN last_agent varchar(64);
ALTER TABLE ${prefix}conversations ADD COLUMN last_agent_at timestamptz;
ALTER TABLE ${prefix}conversations ADD COLUMN skills text;
ALTER TABLE ${prefix}conversations ADD COLUMN language varchar(16);
ALTER TABLE ${prefix}conversations ADD COLUMN handoff_pending boolean NOT NULL DEFAULT false;
ALTER TABLE ${prefix}conversations ADD COLUMN first_response_breached boolean NOT NULL DEFAULT false;
ALTER TABLE ${prefix}conversations ADD COLUMN resolution_breached boolean NOT NULL DEFAULT false;
CREATE INDEX ${prefix}conversations_owner_ix ON ${prefix}conversations (tenant, owner, status);
CREATE INDEX ${prefix}conversations_queue_ix ON ${prefix}conversations (tenant, queued_at, id);
CREATE INDEX ${prefix}conversations_snooze_ix ON ${prefix}conversations (tenant, status, snoozed_until);

CREATE TABLE ${prefix}agents (
  tenant  varchar(64) NOT NULL,
  id      varchar(64) NOT NULL,
  version bigint      NOT NULL,
  agent   text        NOT NULL,
  CONSTRAINT ${prefix}agents_pk PRIMARY KEY (tenant, id)
);

CREATE TABLE ${prefix}handoffs (
  tenant          varchar(64) NOT NULL,
  id              uuid        NOT NULL,
  conversation_id uuid        NOT NULL,
  status          varchar(16) NOT NULL,
  offered_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  version         bigint      NOT NULL,
  handoff         text        NOT NULL,
  CONSTRAINT ${prefix}handoffs_pk PRIMARY KEY (tenant, id)
);
CREATE INDEX ${prefix}handoffs_conversation_ix ON ${prefix}handoffs (tenant, conversation_id);
CREATE INDEX ${prefix}handoffs_expiry_ix ON ${prefix}handoffs (tenant, status, expires_at);
