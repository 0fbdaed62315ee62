-- Omni schema, version 7 (H2): journey runs (see the PostgreSQL script for the design).
-- Re-runnable (H2 keeps DDL of a failed script).

CREATE TABLE IF NOT EXISTS ${prefix}journey_runs (
  tenant          VARCHAR(64)                 NOT NULL,
  id              UUID                        NOT NULL,
  journey         VARCHAR(48)                 NOT NULL,
  journey_version INTEGER                     NOT NULL,
  customer_id     UUID                        NOT NULL,
  correlation_key VARCHAR(200)                NOT NULL,
  sequence_no     INTEGER                     NOT NULL,
  status          VARCHAR(16)                 NOT NULL,
  step            INTEGER                     NOT NULL,
  waiting_until   TIMESTAMP(6) WITH TIME ZONE,
  started_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  updated_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  ended_at        TIMESTAMP(6) WITH TIME ZONE,
  reason          VARCHAR(500),
  context         CHARACTER LARGE OBJECT      NOT NULL,
  version         BIGINT                      NOT NULL,
  CONSTRAINT ${prefix}journey_runs_pk PRIMARY KEY (tenant, id),
  CONSTRAINT ${prefix}journey_runs_key_uk UNIQUE (tenant, journey, correlation_key, sequence_no)
);
CREATE INDEX IF NOT EXISTS ${prefix}journey_runs_customer_ix ON ${prefix}journey_runs (tenant, customer_id, status);
