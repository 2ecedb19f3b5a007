-- Each notification names the newest event its insert statement appended (its global
-- index), so that a process whose event store has already read that event need not read
-- again: the command side read once after each commit of its own and again when this
-- commit's notification came. One notification per statement; PostgreSQL folds only
-- identical notifications of one transaction, so a transaction that appends through
-- several statements sends one for each.
CREATE OR REPLACE FUNCTION notify_domain_events() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('domain_events', coalesce((SELECT max(global_index) FROM new_events)::text, ''));
    RETURN NULL;
END
$$;

DROP TRIGGER domain_event_entry_notify ON domain_event_entry;

CREATE TRIGGER domain_event_entry_notify
    AFTER INSERT ON domain_event_entry
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION notify_domain_events();
