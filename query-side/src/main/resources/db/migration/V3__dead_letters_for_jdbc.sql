-- Every projection parks the events it cannot handle in Axon's JDBC dead-letter queue,
-- which writes and reads its times as ISO-8601 text; the shared table was created with the
-- JPA entity's timestamp columns. The query side never wrote to it before this version.
-- Syntax that PostgreSQL and the embedded H2 database share.
ALTER TABLE dead_letter_entry ALTER COLUMN enqueued_at SET DATA TYPE varchar(255);
ALTER TABLE dead_letter_entry ALTER COLUMN last_touched SET DATA TYPE varchar(255);
ALTER TABLE dead_letter_entry ALTER COLUMN processing_started SET DATA TYPE varchar(255);
