-- Omni schema, version 6 (PostgreSQL): privacy. An erased customer keeps its row, blanked and marked
-- erased (its touchpoints and conversations still point at it for metrics) and is no longer found;
-- a touchpoint records when its body was removed (by erase or retention). Erase receipts are kept
-- under every customer id they name; tombstones are keyed hashes of erased identities.

ALTER TABLE ${prefix}customers ADD COLUMN erased_at timestamptz;
ALTER TABLE ${prefix}touchpoints ADD COLUMN body_removed_at timestamptz;

CREATE TABLE ${prefix}privacy_erasures (
  tenant      varchar(64)  NOT NULL,
  customer_id uuid         NOT NULL,
  request_id  varchar(128) NOT NULL,
  erased_at   timestamptz  NOT NULL,
  receipt     text         NOT NULL,
  CONSTRAINT ${prefix}privacy_erasures_pk PRIMARY KEY (tenant, customer_id)
);
CREATE INDEX ${prefix}privacy_erasures_request_ix ON ${prefix}privacy_erasures (tenant, request_id);

CREATE TABLE ${prefix}privacy_tombstones (
  tenant     varchar(64) NOT NULL,
  digest     char(64)    NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT ${prefix}privacy_tombstones_pk PRIMARY KEY (tenant, digest)
);
