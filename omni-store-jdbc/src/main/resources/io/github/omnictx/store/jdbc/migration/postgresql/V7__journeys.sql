-- Omni schema, version 7 (PostgreSQL): journey runs. One row per run of a journey for a
-- correlation key; the unique key on (tenant, journey, correlation key, sequence) makes two units
-- of work starting a run for one key meet, and re-entries count up the sequence. A run's timers
-- are outbox rows (aggregatetype 'journey'); its context is JSON Omni writes.

CREATE TABLE ${prefix}journey_runs (
  tenant          varchar(64)  NOT NULL,
  id              uuid         NOT NULL,
  journey         varchar(48)  NOT NULL,
  journey_version integer      NOT NULL,
  customer_id     uuid         NOT NULL,
  correlation_key varchar(200) NOT NULL,
  sequence_no     integer      NOT NULL,
  status          varchar(16)  NOT NULL,
  step            integer      NOT NULL,
  waiting_until   timestamptz,
  started_at      timestamptz  NOT NULL,
  updated_at      timestamptz  NOT NULL,
  ended_at        timestamptz,
  reason          varchar(500),
  context         text         NOT NULL,
  version         bigint       NOT NULL,
  CONSTRAINT ${prefix}journey_runs_pk PRIMARY KEY (tenant, id),
  CONSTRAINT ${prefix}journey_runs_key_uk UNIQUE (tenant, journey, correlation_key, sequence_no)
);
CREATE INDEX ${prefix}journey_runs_customer_ix ON ${prefix}journey_runs (tenant, customer_id, status);
