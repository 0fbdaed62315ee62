-- Omni schema, version 6 (MariaDB): privacy. An erased customer keeps its row, blanked and marked
-- erased (its touchpoints and conversations still point at it for metrics) and is no longer found;
-- a touchpoint records when its body was removed (by erase or retention). Erase receipts are kept
-- under every customer id they name; tombstones are keyed hashes of erased identities.
-- Re-runnable (MariaDB commits each DDL statement on its own).

ALTER TABLE ${prefix}customers ADD COLUMN IF NOT EXISTS erased_at DATETIME(6);
ALTER TABLE ${prefix}touchpoints ADD COLUMN IF NOT EXISTS body_removed_at DATETIME(6);

CREATE TABLE IF NOT EXISTS ${prefix}privacy_erasures (
  tenant      VARCHAR(64)  NOT NULL,
  customer_id BINARY(16)   NOT NULL,
  request_id  VARCHAR(128) NOT NULL,
  erased_at   DATETIME(6)  NOT NULL,
  receipt     LONGTEXT     NOT NULL,
  CONSTRAINT ${prefix}privacy_erasures_pk PRIMARY KEY (tenant, customer_id),
  INDEX ${prefix}privacy_erasures_request_ix (tenant, request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${prefix}privacy_tombstones (
  tenant     VARCHAR(64) NOT NULL,
  digest     CHAR(64)    NOT NULL,
  created_at DATETIME(6) NOT NULL,
  CONSTRAINT ${prefix}privacy_tombstones_pk PRIMARY KEY (tenant, digest)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
