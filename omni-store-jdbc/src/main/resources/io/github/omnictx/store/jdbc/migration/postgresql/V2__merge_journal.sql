-- Omni schema, version 2 (PostgreSQL): the merge journal. A record is written once, whole (its
-- customer snapshots as JSON), and afterwards only marked reversed; merge_customers indexes every
-- customer a record names (survivor and absorbed) to the record.

CREATE TABLE ${prefix}merges (
  tenant      varchar(64)  NOT NULL,
  id          uuid         NOT NULL,
  survivor    uuid         NOT NULL,
  merged_at   timestamptz  NOT NULL,
  reversed_at timestamptz,
  cause       varchar(256) NOT NULL,
  record      text         NOT NULL,
  CONSTRAINT ${prefix}merges_pk PRIMARY KEY (tenant, id)
);

CREATE TABLE ${prefix}merge_customers (
  tenant      varchar(64) NOT NULL,
  customer_id uuid        NOT NULL,
  merge_id    uuid        NOT NULL,
  CONSTRAINT ${prefix}merge_customers_pk PRIMARY KEY (tenant, customer_id, merge_id),
  CONSTRAINT ${prefix}merge_customers_merge_fk FOREIGN KEY (tenant, merge_id) REFERENCES ${prefix}merges (tenant, id)
);
