-- Omni schema, version 1 (PostgreSQL). ${prefix} is the configurable table prefix.
-- Every key starts with the tenant, so the schema can be distributed by tenant (Citus, YugabyteDB).
-- Ids are UUIDs made by the library; no sequences.

CREATE TABLE ${prefix}customers (
  tenant      varchar(64)  NOT NULL,
  id          uuid         NOT NULL,
  version     bigint       NOT NULL,
  created_at  timestamptz  NOT NULL,
  updated_at  timestamptz  NOT NULL,
  merged_into uuid,
  attributes  text         NOT NULL,
  consents    text         NOT NULL,
  preferences text         NOT NULL,
  CONSTRAINT ${prefix}customers_pk PRIMARY KEY (tenant, id)
);
CREATE INDEX ${prefix}customers_merged_ix ON ${prefix}customers (tenant, merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE ${prefix}identities (
  tenant      varchar(64)  NOT NULL,
  kind        varchar(16)  NOT NULL,
  identity_value varchar(256) NOT NULL,
  customer_id uuid         NOT NULL,
  CONSTRAINT ${prefix}identities_pk PRIMARY KEY (tenant, kind, identity_value),
  CONSTRAINT ${prefix}identities_customer_fk FOREIGN KEY (tenant, customer_id) REFERENCES ${prefix}customers (tenant, id)
);
CREATE INDEX ${prefix}identities_customer_ix ON ${prefix}identities (tenant, customer_id);

CREATE TABLE ${prefix}conversations (
  tenant                varchar(64)  NOT NULL,
  id                    uuid         NOT NULL,
  customer_id           uuid         NOT NULL,
  status                varchar(16)  NOT NULL,
  owner                 varchar(72)  NOT NULL,
  channels              text         NOT NULL,
  topic                 varchar(128),
  priority              integer      NOT NULL,
  tags                  text         NOT NULL,
  opened_at             timestamptz  NOT NULL,
  updated_at            timestamptz  NOT NULL,
  last_inbound_at       timestamptz,
  first_response_at     timestamptz,
  resolved_at           timestamptz,
  snoozed_until         timestamptz,
  first_response_due_at timestamptz,
  resolution_due_at     timestamptz,
  version               bigint       NOT NULL,
  CONSTRAINT ${prefix}conversations_pk PRIMARY KEY (tenant, id),
  CONSTRAINT ${prefix}conversations_customer_fk FOREIGN KEY (tenant, customer_id) REFERENCES ${prefix}customers (tenant, id)
);
CREATE INDEX ${prefix}conversations_customer_ix ON ${prefix}conversations (tenant, customer_id, opened_at);

CREATE TABLE ${prefix}touchpoints (
  tenant          varchar(64)  NOT NULL,
  id              uuid         NOT NULL,
  customer_id     uuid         NOT NULL,
  channel         varchar(32)  NOT NULL,
  type            varchar(48)  NOT NULL,
  direction       varchar(8)   NOT NULL,
  occurred_at     timestamptz  NOT NULL,
  recorded_at     timestamptz  NOT NULL,
  conversation_id uuid,
  external_id     varchar(256),
  payload         jsonb        NOT NULL,
  status          varchar(16),
  CONSTRAINT ${prefix}touchpoints_pk PRIMARY KEY (tenant, id),
  CONSTRAINT ${prefix}touchpoints_external_uk UNIQUE (tenant, channel, external_id),
  CONSTRAINT ${prefix}touchpoints_customer_fk FOREIGN KEY (tenant, customer_id) REFERENCES ${prefix}customers (tenant, id),
  CONSTRAINT ${prefix}touchpoints_conversation_fk FOREIGN KEY (tenant, conversation_id) REFERENCES ${prefix}conversations (tenant, id)
);
-- Serves "newest N of this customer" by walking the index backwards: no sort of the whole history.
CREATE INDEX ${prefix}touchpoints_timeline_ix ON ${prefix}touchpoints (tenant, customer_id, occurred_at, id);
CREATE INDEX ${prefix}touchpoints_conversation_ix ON ${prefix}touchpoints (tenant, conversation_id, occurred_at, id) WHERE conversation_id IS NOT NULL;
