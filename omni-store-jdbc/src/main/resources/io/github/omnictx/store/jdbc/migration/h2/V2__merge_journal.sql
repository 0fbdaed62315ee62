-- Omni schema, version 2 (H2): the merge journal. A record is written once, whole (its
-- customer snapshots as JSON), and afterwards only marked reversed; merge_customers indexes every
-- customer a record names (survivor and absorbed) to the record.

CREATE TABLE IF NOT EXISTS ${prefix}merges (
  tenant      VARCHAR(64)  NOT NULL,
  id          UUID         NOT NULL,
  survivor    UUID         NOT NULL,
  merged_at   TIMESTAMP(6) WITH TIME ZONE  NOT NULL,
  reversed_at TIMESTAMP(6) WITH TIME ZONE,
  cause       VARCHAR(256) NOT NULL,
  record     CHARACTER LARGE OBJECT      NOT NULL,
  CONSTRAINT ${prefix}merges_pk PRIMARY KEY (tenant, id)
);

CREATE TABLE IF NOT EXISTS ${prefix}merge_customers (
  tenant      VARCHAR(64) NOT NULL,
  customer_id UUID        NOT NULL,
  merge_id    UUID        NOT NULL,
  CONSTRAINT ${prefix}merge_customers_pk PRIMARY KEY (tenant, customer_id, merge_id),
  CONSTRAINT ${prefix}merge_customers_merge_fk FOREIGN KEY (tenant, merge_id) REFERENCES ${prefix}merges (tenant, id)
);
