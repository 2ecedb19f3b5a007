-- Axon's JDBC dead-letter queue (the saga's parked events) writes and reads its times as
-- ISO-8601 text; the shared table was created with the JPA entity's timestamp columns.
-- The table was never written before this version, so the columns are simply retyped.
ALTER TABLE dead_letter_entry ALTER COLUMN enqueued_at SET DATA TYPE varchar(255);
ALTER TABLE dead_letter_entry ALTER COLUMN last_touched SET DATA TYPE varchar(255);
ALTER TABLE dead_letter_entry ALTER COLUMN processing_started SET DATA TYPE varchar(255);
