-- Axon's JPA entities that every application registers (Axon's Boot auto-configuration
-- does so whether or not the application uses them): tracking tokens, sagas with their
-- associations, and dead letters. Each application runs this in its own schema.
-- Binary columns are bytea, never large objects (oid).

CREATE TABLE token_entry (
    processor_name varchar(255) NOT NULL,
    segment        integer      NOT NULL,
    token          bytea,
    token_type     varchar(255),
    "timestamp"    varchar(255) NOT NULL,
    owner          varchar(255),
    CONSTRAINT token_entry_pkey PRIMARY KEY (processor_name, segment)
);

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

-- Every event is matched against associations by (type, key, value); removal goes by saga.
CREATE INDEX association_value_entry_lookup_idx
    ON association_value_entry (saga_type, association_key, association_value);
CREATE INDEX association_value_entry_saga_idx
    ON association_value_entry (saga_id, saga_type);

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
CREATE INDEX dead_letter_entry_group_idx ON dead_letter_entry (processing_group);
CREATE INDEX dead_letter_entry_sequence_idx ON dead_letter_entry (processing_group, sequence_identifier);
