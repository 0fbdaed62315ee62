-- Omni schema, version 1 (H2). ${prefix} is the configurable table prefix.
-- Every key starts with the tenant. Ids are UUIDs made by the library; no sequences.

CREATE TABLE IF NOT EXISTS ${prefix}customers (
  tenant      VARCHAR(64)                 NOT NULL,
  id          UUID                        NOT NULL,
  version     BIGINT                      NOT NULL,
  created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  merged_into UUID,
  attributes  CHARACTER LARGE OBJECT      NOT NULL,
  consents    CHARACTER LARGE OBJECT      NOT NULL,
  preferences CHARACTER LARGE OBJECT      NOT NULL,
  CONSTRAINT ${prefix}customers_pk PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS ${prefix}customers_merged_ix ON ${prefix}customers (tenant, merged_into);

CREATE TABLE IF NOT EXISTS ${prefix}identities (
  tenant      VARCHAR(64)  NOT NULL,
  kind        VARCHAR(16)  NOT NULL,
  identity_value VARCHAR(256) NOT NULL,
  customer_id UUID         NOT NULL,
  CONSTRAINT ${prefix}identities_pk PRIMARY KEY (tenant, kind, identity_value),
  CONSTRAINT ${prefix}identities_customer_fk FOREIGN KEY (tenant, customer_id) REFERENCES ${prefix}customers (tenant, id)
);
CREATE INDEX IF NOT EXISTS ${prefix}identities_customer_ix ON ${prefix}identities (tenant, customer_id);

CREATE TABLE IF NOT EXISTS ${prefix}conversations (
  tenant                VARCHAR(64)                 NOT NULL,
  id                    UUID                        NOT NULL,
  customer_id           UUID                        NOT NULL,
  status                VARCHAR(16)                 NOT NULL,
  owner                 VARCHAR(72)                 NOT NULL,
  channels              CHARACTER LARGE OBJECT      NOT NULL,
  topic                 VARCHAR(128),
  priority              INTEGER                     NOT NULL,
  tags                  CHARACTER LARGE OBJECT      NOT NULL,
  opened_at             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  updated_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  last_inbound_at       TIMESTAMP(6) WITH TIME ZONE,
  first_response_at     TIMESTAMP(6) WITH TIME ZONE,
  resolved_at           TIMESTAMP(6) WITH TIME ZONE,
  snoozed_until         TIMESTAMP(6) WITH TIME ZONE,
  first_response_due_at TIMESTAMP(6) WITH TIME ZONE,
  resolution_due_at     TIMESTAMP(6) WITH TIME ZONE,
  version               BIGINT                      NOT NULL,
  CONSTRAINT ${prefix}conversations_pk PRIMARY KEY (tenant, id),
  CONSTRAINT ${prefix}conversations_customer_fk FOREIGN KEY (tenant, customer_id) REFERENCES ${prefix}customers (tenant, id)
);
CREATE INDEX IF NOT EXISTS ${prefix}conversations_customer_ix ON ${prefix}conversations (tenant, customer_id, opened_at);

CREATE TABLE IF NOT EXISTS ${prefix}touchpoints (
  tenant          VARCHAR(64)                 NOT NULL,
  id              UUID                        NOT NULL,
  customer_id     UUID                        NOT NULL,
  channel         VARCHAR(32)                 NOT NULL,
  type            VARCHAR(48)                 NOT NULL,
  direction       VARCHAR(8)                  NOT NULL,
  occurred_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  recorded_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  conversation_id UUID,
  external_id     VARCHAR(256),
  payload         JSON                        NOT NULL,
  status          VARCHAR(16),
  CONSTRAINT ${prefix}touchpoints_pk PRIMARY KEY (tenant, id),
  CONSTRAINT ${prefix}touchpoints_external_uk UNIQUE (tenant, channel, external_id),
  CONSTRAINT ${prefix}touchpoints_customer_fk FOREIGN KEY (tenant, customer_id) REFERENCES ${prefix}customers (tenant, id),
  CONSTRAINT ${prefix}touchpoints_conversation_fk FOREIGN KEY (tenant, conversation_id) REFERENCES ${prefix}conversations (tenant, id)
);
CREATE INDEX IF NOT EXISTS ${prefix}touchpoints_timeline_ix ON ${prefix}touchpoints (tenant, customer_id, occurred_at, id);
CREATE INDEX IF NOT EXISTS ${prefix}touchpoints_conversation_ix ON ${prefix}touchpoints (tenant, conversation_id, occurred_at, id);
