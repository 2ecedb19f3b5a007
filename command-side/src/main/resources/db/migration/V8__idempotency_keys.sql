-- The answers to requests that carried an Idempotency-Key header: written in the same
-- transaction as the events the request caused, so an answer is stored exactly when its
-- events are. Rows past expires_at are swept by the command side.
CREATE TABLE idempotency_key (
    idempotency_key varchar(255)             NOT NULL,
    fingerprint     char(64)                 NOT NULL,
    answer_status   smallint                 NOT NULL,
    answer_body     text,
    created_at      timestamp with time zone NOT NULL,
    expires_at      timestamp with time zone NOT NULL,
    CONSTRAINT idempotency_key_pkey PRIMARY KEY (idempotency_key)
);
CREATE INDEX idempotency_key_expires_at_idx ON idempotency_key (expires_at);
