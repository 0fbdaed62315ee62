-- Omni schema, version 5 (PostgreSQL): outbound decisions and the transactional outbox.
-- A decision is kept whole as JSON beside the columns its queries use (dedup key, customer,
-- frequency caps) and its progress (step in flight, state, version for compare-and-set).
-- The outbox follows Debezium's outbox event router conventions in its first five columns (id,
-- aggregatetype, aggregateid, type, payload), so it can be streamed by change data capture; the
-- rest is Omni's claim state. Unlike the other tables its key is the row id alone: rows are claimed
-- across tenants, oldest due first, by the due-time index. Completed rows are deleted.

CREATE TABLE ${prefix}outbound_decisions (
  tenant        varchar(64)  NOT NULL,
  id            uuid         NOT NULL,
  customer_id   uuid         NOT NULL,
  dedup_key     varchar(200) NOT NULL,
  purpose       varchar(16)  NOT NULL,
  outcome       varchar(16)  NOT NULL,
  channel       varchar(32),
  due_at        timestamptz,
  decided_at    timestamptz  NOT NULL,
  decision      text         NOT NULL,
  step          integer      NOT NULL,
  state         varchar(16)  NOT NULL,
  touchpoint_id uuid,
  last_error    varchar(500),
  updated_at    timestamptz  NOT NULL,
  version       bigint       NOT NULL,
  CONSTRAINT ${prefix}outbound_decisions_pk PRIMARY KEY (tenant, id),
  CONSTRAINT ${prefix}outbound_decisions_key_uk UNIQUE (tenant, dedup_key)
);
CREATE INDEX ${prefix}outbound_decisions_customer_ix ON ${prefix}outbound_decisions (tenant, customer_id, decided_at);
CREATE INDEX ${prefix}outbound_decisions_caps_ix ON ${prefix}outbound_decisions (tenant, customer_id, purpose, due_at);

CREATE TABLE ${prefix}outbox (
  id            uuid         NOT NULL,
  aggregatetype varchar(32)  NOT NULL,
  aggregateid   varchar(64)  NOT NULL,
  type          varchar(32)  NOT NULL,
  payload       jsonb        NOT NULL,
  tenant        varchar(64)  NOT NULL,
  created_at    timestamptz  NOT NULL,
  due_at        timestamptz  NOT NULL,
  lease_until   timestamptz,
  lease_owner   varchar(64),
  version       bigint       NOT NULL,
  attempts      integer      NOT NULL,
  last_error    varchar(500),
  CONSTRAINT ${prefix}outbox_pk PRIMARY KEY (id)
);
CREATE INDEX ${prefix}outbox_due_ix ON ${prefix}outbox (due_at);
