-- Omni schema, version 5 (MariaDB): outbound decisions and the transactional outbox (see the
-- PostgreSQL script for the design). Times are DATETIME(6) in UTC; leases are stamped with
-- UTC_TIMESTAMP(6). Re-runnable (MariaDB commits each DDL statement on its own).

CREATE TABLE IF NOT EXISTS ${prefix}outbound_decisions (
  tenant        VARCHAR(64)  NOT NULL,
  id            BINARY(16)   NOT NULL,
  customer_id   BINARY(16)   NOT NULL,
  dedup_key     VARCHAR(200) NOT NULL,
  purpose       VARCHAR(16)  NOT NULL,
  outcome       VARCHAR(16)  NOT NULL,
  channel       VARCHAR(32),
  due_at        DATETIME(6),
  decided_at    DATETIME(6)  NOT NULL,
  decision      LONGTEXT     NOT NULL,
  step          INT          NOT NULL,
  state         VARCHAR(16)  NOT NULL,
  touchpoint_id BINARY(16),
  last_error    VARCHAR(500),
  updated_at    DATETIME(6)  NOT NULL,
  version       BIGINT       NOT NULL,
  CONSTRAINT ${prefix}outbound_decisions_pk PRIMARY KEY (tenant, id),
  CONSTRAINT ${prefix}outbound_decisions_key_uk UNIQUE (tenant, dedup_key),
  INDEX ${prefix}outbound_decisions_customer_ix (tenant, customer_id, decided_at),
  INDEX ${prefix}outbound_decisions_caps_ix (tenant, customer_id, purpose, due_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${prefix}outbox (
  id            BINARY(16)   NOT NULL,
  aggregatetype VARCHAR(32)  NOT NULL,
  aggregateid   VARCHAR(64)  NOT NULL,
  type          VARCHAR(32)  NOT NULL,
  payload       LONGTEXT     NOT NULL CHECK (JSON_VALID(payload)),
  tenant        VARCHAR(64)  NOT NULL,
  created_at    DATETIME(6)  NOT NULL,
  due_at        DATETIME(6)  NOT NULL,
  lease_until   DATETIME(6),
  lease_owner   VARCHAR(64),
  version       BIGINT       NOT NULL,
  attempts      INT          NOT NULL,
  last_error    VARCHAR(500),
  CONSTRAINT ${prefix}outbox_pk PRIMARY KEY (id),
  INDEX ${prefix}outbox_due_ix (due_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
