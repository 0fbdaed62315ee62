-- Omni schema, version 1 (MariaDB). ${prefix} is the configurable table prefix.
-- Ids are BINARY(16) (big-endian UUID bytes) so that they sort as 16 unsigned bytes, like Omni and
-- PostgreSQL do; MariaDB's own UUID type reorders the bytes. Times are DATETIME(6) in UTC.
-- utf8mb4_nopad_bin: provider ids and identities compare exactly (case and trailing spaces count).

CREATE TABLE IF NOT EXISTS ${prefix}customers (
  tenant      VARCHAR(64)  NOT NULL,
  id          BINARY(16)   NOT NULL,
  version     BIGINT       NOT NULL,
  created_at  DATETIME(6)  NOT NULL,
  updated_at  DATETIME(6)  NOT NULL,
  merged_into BINARY(16),
  attributes  LONGTEXT     NOT NULL,
  consents    MEDIUMTEXT   NOT NULL,
  preferences TEXT         NOT NULL,
  CONSTRAINT ${prefix}customers_pk PRIMARY KEY (tenant, id),
  INDEX ${prefix}customers_merged_ix (tenant, merged_into)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${prefix}identities (
  tenant      VARCHAR(64)  NOT NULL,
  kind        VARCHAR(16)  NOT NULL,
  identity_value VARCHAR(256) NOT NULL,
  customer_id BINARY(16)   NOT NULL,
  CONSTRAINT ${prefix}identities_pk PRIMARY KEY (tenant, kind, identity_value),
  INDEX ${prefix}identities_customer_ix (tenant, customer_id),
  CONSTRAINT ${prefix}identities_customer_fk FOREIGN KEY (tenant, customer_id) REFERENCES ${prefix}customers (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${prefix}conversations (
  tenant                VARCHAR(64)  NOT NULL,
  id                    BINARY(16)   NOT NULL,
  customer_id           BINARY(16)   NOT NULL,
  status                VARCHAR(16)  NOT NULL,
  owner                 VARCHAR(72)  NOT NULL,
  channels              TEXT         NOT NULL,
  topic                 VARCHAR(128),
  priority              INT          NOT NULL,
  tags                  MEDIUMTEXT   NOT NULL,
  opened_at             DATETIME(6)  NOT NULL,
  updated_at            DATETIME(6)  NOT NULL,
  last_inbound_at       DATETIME(6),
  first_response_at     DATETIME(6),
  resolved_at           DATETIME(6),
  snoozed_until         DATETIME(6),
  first_response_due_at DATETIME(6),
  resolution_due_at     DATETIME(6),
  version               BIGINT       NOT NULL,
  CONSTRAINT ${prefix}conversations_pk PRIMARY KEY (tenant, id),
  INDEX ${prefix}conversations_customer_ix (tenant, customer_id, opened_at),
  CONSTRAINT ${prefix}conversations_customer_fk FOREIGN KEY (tenant, customer_id) REFERENCES ${prefix}customers (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${prefix}touchpoints (
  tenant          VARCHAR(64)  NOT NULL,
  id              BINARY(16)   NOT NULL,
  customer_id     BINARY(16)   NOT NULL,
  channel         VARCHAR(32)  NOT NULL,
  type            VARCHAR(48)  NOT NULL,
  direction       VARCHAR(8)   NOT NULL,
  occurred_at     DATETIME(6)  NOT NULL,
  recorded_at     DATETIME(6)  NOT NULL,
  conversation_id BINARY(16),
  external_id     VARCHAR(256),
  payload         LONGTEXT     NOT NULL CHECK (JSON_VALID(payload)),
  status          VARCHAR(16),
  CONSTRAINT ${prefix}touchpoints_pk PRIMARY KEY (tenant, id),
  CONSTRAINT ${prefix}touchpoints_external_uk UNIQUE (tenant, channel, external_id),
  INDEX ${prefix}touchpoints_timeline_ix (tenant, customer_id, occurred_at, id),
  INDEX ${prefix}touchpoints_conversation_ix (tenant, conversation_id, occurred_at, id),
  CONSTRAINT ${prefix}touchpoints_customer_fk FOREIGN KEY (tenant, customer_id) REFERENCES ${prefix}customers (tenant, id),
  CONSTRAINT ${prefix}touchpoints_conversation_fk FOREIGN KEY (tenant, conversation_id) REFERENCES ${prefix}conversations (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
