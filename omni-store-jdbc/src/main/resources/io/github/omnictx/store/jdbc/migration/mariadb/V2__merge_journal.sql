-- Omni schema, version 2 (MariaDB): the merge journal. A record is written once, whole (its
-- customer snapshots as JSON), and afterwards only marked reversed; merge_customers indexes every
-- customer a record names (survivor and absorbed) to the record.

CREATE TABLE IF NOT EXISTS ${prefix}merges (
  tenant      VARCHAR(64)  NOT NULL,
  id          BINARY(16)         NOT NULL,
  survivor    BINARY(16)         NOT NULL,
  merged_at   DATETIME(6)  NOT NULL,
  reversed_at DATETIME(6),
  cause       VARCHAR(256) NOT NULL,
  record      LONGTEXT      NOT NULL,
  CONSTRAINT ${prefix}merges_pk PRIMARY KEY (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${prefix}merge_customers (
  tenant      VARCHAR(64) NOT NULL,
  customer_id BINARY(16)        NOT NULL,
  merge_id    BINARY(16)        NOT NULL,
  CONSTRAINT ${prefix}merge_customers_pk PRIMARY KEY (tenant, customer_id, merge_id),
  CONSTRAINT ${prefix}merge_customers_merge_fk FOREIGN KEY (tenant, merge_id) REFERENCES ${prefix}merges (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
