-- Omni schema, version 7 (MariaDB): journey runs (see the PostgreSQL script for the design).
-- Times are DATETIME(6) in UTC. Re-runnable (MariaDB commits each DDL statement on its own).

CREATE TABLE IF NOT EXISTS ${prefix}journey_runs (
  tenant          VARCHAR(64)  NOT NULL,
  id              BINARY(16)   NOT NULL,
  journey         VARCHAR(48)  NOT NULL,
  journey_version INT          NOT NULL,
  customer_id     BINARY(16)   NOT NULL,
  correlation_key VARCHAR(200) NOT NULL,
  sequence_no     INT          NOT NULL,
  status          VARCHAR(16)  NOT NULL,
  step            INT          NOT NULL,
  waiting_until   DATETIME(6),
  started_at      DATETIME(6)  NOT NULL,
  updated_at      DATETIME(6)  NOT NULL,
  ended_at        DATETIME(6),
  reason          VARCHAR(500),
  context         LONGTEXT     NOT NULL,
  version         BIGINT       NOT NULL,
  CONSTRAINT ${prefix}journey_runs_pk PRIMARY KEY (tenant, id),
  CONSTRAINT ${prefix}journey_runs_key_uk UNIQUE (tenant, journey, correlation_key, sequence_no),
  INDEX ${prefix}journey_runs_customer_ix (tenant, customer_id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
