-- Axon's JDBC dead-letter queue (the saga's parked events) writes and reads its times as
-- ISO-8601 text; the shared table was created with the JPA entity's timestamp columns.
ALTER TABLE dead_letter_entry
    ALTER COLUMN enqueued_at TYPE varchar(255)
        USING to_char(enqueued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    ALTER COLUMN last_touched TYPE varchar(255)
        USING to_char(last_touched AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    ALTER COLUMN processing_started TYPE varchar(255)
        USING to_char(processing_started AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
