-- The read models and the query side's tracking tokens, in one schema so that a batch of
-- view writes and its token advance commit in one transaction. Only types that PostgreSQL
-- and the embedded H2 database share: names are bounded varchar (the API allows 200
-- characters), order lines are JSON text.

CREATE TABLE customer_view (
    customer_id     varchar(64)    NOT NULL,
    name            varchar(200)   NOT NULL,
    credit_limit    numeric(19, 2) NOT NULL,
    credit_reserved numeric(19, 2) NOT NULL,
    CONSTRAINT customer_view_pkey PRIMARY KEY (customer_id)
);
CREATE INDEX customer_view_name_idx ON customer_view (name, customer_id);

CREATE TABLE product_view (
    product_id      varchar(64)    NOT NULL,
    name            varchar(200)   NOT NULL,
    price           numeric(19, 2) NOT NULL,
    stock_available integer        NOT NULL,
    stock_reserved  integer        NOT NULL,
    CONSTRAINT product_view_pkey PRIMARY KEY (product_id)
);
CREATE INDEX product_view_name_idx ON product_view (name, product_id);

CREATE TABLE order_view (
    order_id         varchar(64)              NOT NULL,
    customer_id      varchar(64)              NOT NULL,
    lines            varchar(65535)           NOT NULL,
    total            numeric(19, 2)           NOT NULL,
    status           varchar(16)              NOT NULL,
    rejection_reason varchar(32),
    placed_at        timestamp with time zone NOT NULL,
    updated_at       timestamp with time zone NOT NULL,
    CONSTRAINT order_view_pkey PRIMARY KEY (order_id)
);
-- Lists are newest first, optionally for one customer or one status.
CREATE INDEX order_view_placed_idx ON order_view (placed_at DESC, order_id DESC);
CREATE INDEX order_view_customer_idx ON order_view (customer_id, placed_at DESC, order_id DESC);
CREATE INDEX order_view_status_idx ON order_view (status, placed_at DESC, order_id DESC);

CREATE TABLE token_entry (
    processor_name varchar(255) NOT NULL,
    segment        integer      NOT NULL,
    token          bytea,
    token_type     varchar(255),
    "timestamp"    varchar(255) NOT NULL,
    owner          varchar(255),
    CONSTRAINT token_entry_pkey PRIMARY KEY (processor_name, segment)
);

-- Axon's JPA auto-configuration registers its saga and dead-letter entities in every
-- application; the query side runs no saga and no dead-letter queue, but Hibernate's schema
-- validation needs their tables to exist.
CREATE TABLE saga_entry (
    saga_id         varchar(255) NOT NULL,
    saga_type       varchar(255),
    revision        varchar(255),
    serialized_saga bytea,
    CONSTRAINT saga_entry_pkey PRIMARY KEY (saga_id)
);

CREATE SEQUENCE association_value_entry_seq INCREMENT BY 50 START WITH 1;

CREATE TABLE association_value_entry (
    id                bigint       NOT NULL,
    saga_type         varchar(255),
    saga_id           varchar(255) NOT NULL,
    association_key   varchar(255) NOT NULL,
    association_value varchar(255),
    CONSTRAINT association_value_entry_pkey PRIMARY KEY (id)
);

CREATE TABLE dead_letter_entry (
    dead_letter_id       varchar(255)                NOT NULL,
    processing_group     varchar(255)                NOT NULL,
    sequence_identifier  varchar(255)                NOT NULL,
    sequence_index       bigint                      NOT NULL,
    message_type         varchar(255)                NOT NULL,
    event_identifier     varchar(255)                NOT NULL,
    time_stamp           varchar(255)                NOT NULL,
    payload_type         varchar(255)                NOT NULL,
    payload_revision     varchar(255),
    payload              bytea                       NOT NULL,
    meta_data            bytea,
    type                 varchar(255),
    aggregate_identifier varchar(255),
    sequence_number      bigint,
    token_type           varchar(255),
    token                bytea,
    enqueued_at          timestamp(6) with time zone NOT NULL,
    last_touched         timestamp(6) with time zone,
    processing_started   timestamp(6) with time zone,
    cause_type           varchar(255),
    cause_message        varchar(1023),
    diagnostics          bytea,
    CONSTRAINT dead_letter_entry_pkey PRIMARY KEY (dead_letter_id),
    CONSTRAINT dead_letter_entry_sequence_key UNIQUE (processing_group, sequence_identifier, sequence_index)
);
