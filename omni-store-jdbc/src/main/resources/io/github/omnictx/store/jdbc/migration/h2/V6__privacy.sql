-- Omni schema, version 6 (H2): privacy. An erased customer keeps its row, blanked and marked erased
-- (its touchpoints and conversations still point at it for metrics) and is no longer found; a
-- touchpoint records when its body was removed (by erase or retention). Erase receipts are kept
-- under every customer id they name; tombstones are keyed hashes of erased identities.
-- Re-runnable (H2 keeps DDL of a failed script).

ALTER TABLE ${prefix}customers ADD COLUMN IF NOT EXISTS erased_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE ${prefix}touchpoints ADD COLUMN IF NOT EXISTS body_removed_at TIMESTAMP(6) WITH TIME ZONE;

CREATE TABLE IF NOT EXISTS ${prefix}privacy_erasures (
  tenant      VARCHAR(64)  NOT NULL,
  customer_id UUID         NOT NULL,
  request_id  VARCHAR(128) NOT NULL,
  erased_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  receipt     CHARACTER LARGE OBJECT NOT NULL,
  CONSTRAINT ${prefix}privacy_erasures_pk PRIMARY KEY (tenant, customer_id)
);
CREATE INDEX IF NOT EXISTS ${prefix}privacy_erasures_request_ix ON ${prefix}privacy_erasures (tenant, request_id);

CREATE TABLE IF NOT EXISTS ${prefix}privacy_tombstones (
  tenant     VARCHAR(64) NOT NULL,
  digest     CHAR(64)    NOT NULL,
  created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT ${prefix}privacy_tombstones_pk PRIMARY KEY (tenant, digest)
);
