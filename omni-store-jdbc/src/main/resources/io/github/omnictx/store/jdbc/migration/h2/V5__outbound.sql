-- Omni schema, version 5 (H2): outbound decisions and the transactional outbox (see the
-- PostgreSQL script for the design). Re-runnable (H2 keeps DDL of a failed script).

CREATE TABLE IF NOT EXISTS ${prefix}outbound_decisions (
  tenant        VARCHAR(64)                 NOT NULL,
  id            UUID                        NOT NULL,
  customer_id   UUID                        NOT NULL,
  dedup_key     VARCHAR(200)                NOT NULL,
  purpose       VARCHAR(16)                 NOT NULL,
  outcome       VARCHAR(16)                 NOT NULL,
  channel       VARCHAR(32),
  due_at        TIMESTAMP(6) WITH TIME ZONE,
  decided_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  decision      CHARACTER LARGE OBJECT      NOT NULL,
  step          INTEGER                     NOT NULL,
  state         VARCHAR(16)                 NOT NULL,
  touchpoint_id UUID,
  last_error    VARCHAR(500),
  updated_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  version       BIGINT                      NOT NULL,
  CONSTRAINT ${prefix}outbound_decisions_pk PRIMARY KEY (tenant, id),
  CONSTRAINT ${prefix}outbound_decisions_key_uk UNIQUE (tenant, dedup_key)
);
CREATE INDEX IF NOT EXISTS ${prefix}outbound_decisions_customer_ix ON ${prefix}outbound_decisions (tenant, customer_id, decided_at);
CREATE INDEX IF NOT EXISTS ${prefix}outbound_decisions_caps_ix ON ${prefix}outbound_decisions (tenant, customer_id, purpose, due_at);

CREATE TABLE IF NOT EXISTS ${prefix}outbox (
  id            UUID                        NOT NULL,
  aggregatetype VARCHAR(32)                 NOT NULL,
  aggregateid   VARCHAR(64)                 NOT NULL,
  type          VARCHAR(32)                 NOT NULL,
  payload       JSON                        NOT NULL,
  tenant        VARCHAR(64)                 NOT NULL,
  created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  due_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  lease_until   TIMESTAMP(6) WITH TIME ZONE,
  lease_owner   VARCHAR(64),
  version       BIGINT                      NOT NULL,
  attempts      INTEGER                     NOT NULL,
  last_error    VARCHAR(500),
  CONSTRAINT ${prefix}outbox_pk PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS ${prefix}outbox_due_ix ON ${prefix}outbox (due_at);
