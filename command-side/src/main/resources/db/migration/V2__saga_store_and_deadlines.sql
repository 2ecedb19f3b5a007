-- Saga instances, their associations, dead letters, and the persistent deadline schedule.

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

-- db-scheduler's table: saga deadlines live here, so they survive restarts.
CREATE TABLE scheduled_tasks (
    task_name            varchar(255)             NOT NULL,
    task_instance        varchar(255)             NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            varchar(255),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    CONSTRAINT scheduled_tasks_pkey PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
